import pytest

API = "/api/v2/pages/"


@pytest.fixture
def standard_json(client, standard_page):
    response = client.get(API, {"type": "portal.ServiceStandardPage", "fields": "*"})
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["total_count"] == 1
    return body["items"][0]


def test_requirements_and_products_are_plain_lists_of_text(standard_json):
    assert len(standard_json["requirements"]) == 4
    assert all(isinstance(item, str) for item in standard_json["requirements"])
    assert standard_json["requirements"][1] == (
        "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral."
    )
    assert standard_json["products"][1] == "Surat rekomendasi kegiatan statistik"


def test_procedure_steps_are_numbered_objects_with_outcome_branches(standard_json):
    steps = standard_json["procedure_steps"]
    assert [step["number"] for step in steps] == list(range(1, 12))
    assert [len(step["outcomes"]) for step in steps] == [0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3]
    assert [branch["outcome"] for branch in steps[5]["outcomes"]] == [
        "perlu_diperbaiki",
        "tidak_layak",
        "layak",
    ]
    assert steps[5]["outcomes"][2]["label"] == "Layak"
    assert "Layak Dilaksanakan" in steps[5]["outcomes"][2]["text"]


def test_time_fee_channels_and_office_are_typed(standard_json):
    assert standard_json["working_days"] == 30
    assert "30 (tiga puluh) hari kerja" in standard_json["completion_time_explanation"]
    assert standard_json["fee"] == {
        "amount": 0,
        "currency": "IDR",
        "description": "Tidak dipungut biaya",
    }
    assert standard_json["complaint_channels"] == {
        "letter": "Layanan melalui e-mail/surat ditujukan kepada BPS Kabupaten Banjarnegara",
        "direct": "Pengaduan Langsung: Kotak saran & pengaduan di PST",
        "website": "https://webapps.bps.go.id/pengaduan",
        "email": "bps3304@bps.go.id",
    }
    assert [channel["kind"] for channel in standard_json["service_channels"]] == [
        "offline",
        "online",
    ]
    assert standard_json["office"]["code"] == "3304"
    assert standard_json["office"]["postal_code"] == "53415"


def test_detail_endpoint_matches_the_listing(client, standard_json):
    detail = client.get(f"{API}{standard_json['id']}/").json()
    assert detail["procedure_steps"] == standard_json["procedure_steps"]
    assert detail["meta"]["type"] == "portal.ServiceStandardPage"


def test_unknown_type_is_a_400_naming_the_problem(client, seeded):
    response = client.get(API, {"type": "portal.NoSuchPage"})
    assert response.status_code == 400
    assert "type" in response.json()["message"]


def test_unknown_field_is_a_400(client, seeded):
    response = client.get(API, {"type": "portal.ServiceStandardPage", "fields": "no_such_field"})
    assert response.status_code == 400
    assert "no_such_field" in response.json()["message"]
