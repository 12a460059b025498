"""Similar activities: the deterministic score and reasons (`catalog.similarity`)
and GET /api/v1/activities/similar over the demo catalog."""

import pytest

from catalog.models import ActivityRecord
from catalog.similarity import (
    MIN_SCORE,
    NEAR_DUPLICATE_SCORE,
    WEIGHTS,
    ActivityProfile,
    compare,
    record_profile,
)

URL = "/api/v1/activities/similar"
# A demo catalog title and the demo applicant's draft ("Survei Ubinan ... Banjarnegara").
DUPLICATED = "Survei Ubinan Padi dan Palawija Kabupaten Banjarnegara"


def codes(similarity):
    return [reason.code for reason in similarity.reasons]


# -- the score, without database or engine --------------------------------------


def test_the_same_title_alone_is_a_full_match():
    similarity = compare(ActivityProfile(title=DUPLICATED), ActivityProfile(title=DUPLICATED))
    assert similarity.score == 1.0 and similarity.near_duplicate
    (reason,) = similarity.reasons
    assert reason.code == "shared_title_terms"
    assert reason.values[:3] == ("ubinan", "padi", "palawija")  # meaningful words first
    assert "Judul memuat kata yang sama: ubinan, padi, palawija" in reason.text


def test_region_kind_and_year_words_count_little():
    """Two different surveys of the same regency share 'survei kabupaten
    banjarnegara tahun 2024' but are not alike."""
    mine = ActivityProfile(title="Survei Ubinan Padi Kabupaten Banjarnegara Tahun 2024")
    theirs = ActivityProfile(title="Survei Wisatawan Dieng Kabupaten Banjarnegara Tahun 2024")
    similarity = compare(mine, theirs)
    assert similarity.score < MIN_SCORE and not similarity.listed
    same_subject = compare(
        mine, ActivityProfile(title="Pendataan Ubinan Padi Provinsi Jawa Tengah")
    )
    assert same_subject.score > 0.6


def test_variables_match_in_other_words_one_to_one():
    mine = ActivityProfile(variables=("Luas panen", "Harga jual di tingkat petani", "Produksi"))
    theirs = ActivityProfile(
        variables=("Luas panen padi", "Harga jual gabah di tingkat petani", "Produksi gabah")
    )
    similarity = compare(mine, theirs)
    # "Produksi" is one word: too little to call "Produksi gabah" the same variable.
    assert similarity.shared_variables == ("Luas panen padi", "Harga jual gabah di tingkat petani")
    assert codes(similarity) == ["shared_variables"]
    assert similarity.score == pytest.approx(2 / 3, abs=0.001)
    assert "Variabel yang sama: Luas panen padi; Harga jual gabah" in similarity.reasons[0].text
    one_to_one = compare(ActivityProfile(variables=("Luas panen", "luas  PANEN")), theirs)
    assert one_to_one.shared_variables == ("Luas panen padi",)


def test_agency_region_and_years_add_reasons_when_known():
    mine = ActivityProfile(
        title="Survei Ubinan Padi",
        agency="dinas pertanian  kabupaten banjarnegara",
        region="3304",
        years=frozenset({2026, 2027}),
    )
    record = ActivityProfile(
        title="Survei Ubinan Padi",
        agency="Dinas Pertanian Kabupaten Banjarnegara",
        region="3304",
        region_name="BPS Kabupaten Banjarnegara",
        years=frozenset({2027}),
    )
    similarity = compare(mine, record)
    assert codes(similarity) == [
        "shared_title_terms",
        "same_agency",
        "same_region",
        "overlapping_years",
    ]
    assert similarity.score == 1.0
    texts = [reason.text for reason in similarity.reasons]
    assert "Wilayah sama: BPS Kabupaten Banjarnegara" in texts
    assert "Tahun pelaksanaan bertumpang tindih: 2027" in texts
    elsewhere = compare(mine, ActivityProfile(title="Survei Ubinan Padi", region="3300"))
    assert codes(elsewhere) == ["shared_title_terms"]
    # The title counts, and so do the agency, region and years it does not share.
    counted = WEIGHTS["title"] + WEIGHTS["agency"] + WEIGHTS["region"] + WEIGHTS["years"]
    assert elsewhere.score == pytest.approx(WEIGHTS["title"] / counted, abs=0.001)


def test_the_same_agency_and_year_alone_are_not_listed():
    mine = ActivityProfile(
        title="Survei Wisatawan", agency="Dinas Pariwisata", years=frozenset({2026})
    )
    theirs = ActivityProfile(
        title="Pendataan Hotel", agency="Dinas Pariwisata", years=frozenset({2026})
    )
    similarity = compare(mine, theirs)
    assert codes(similarity) == ["same_agency", "overlapping_years"]
    assert not similarity.listed


def test_the_score_is_deterministic_and_rounded():
    mine = ActivityProfile(title="Survei Harga Produsen Gabah", objective="Harga gabah petani.")
    theirs = ActivityProfile(title="Survei Harga Produsen", objective="Mencatat harga gabah.")
    scores = {compare(mine, theirs).score for _ in range(5)}
    assert len(scores) == 1
    (score,) = scores
    assert score == round(score, 3)


# -- the endpoint, over the demo catalog ----------------------------------------


@pytest.mark.usefixtures("indexed_catalog")
def test_a_duplicated_title_finds_every_record_of_that_title_first(client):
    response = client.get(URL, {"title": DUPLICATED, "office": "3304", "limit": "5"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 0 < len(results) <= 5
    first = results[0]
    assert first["title"] == DUPLICATED
    assert first["near_duplicate"] is True and first["score"] >= NEAR_DUPLICATE_SCORE
    assert [r["code"] for r in first["reasons"]] == ["shared_title_terms", "same_region"]
    assert {"code", "text", "values"} == set(first["reasons"][0])
    assert first["url"] == f"http://testserver/katalog/{first['id']}/"
    scores = [row["score"] for row in results]
    assert scores == sorted(scores, reverse=True)
    assert all(row["score"] >= MIN_SCORE for row in results)


@pytest.mark.usefixtures("indexed_catalog")
def test_variables_or_objective_alone_are_enough(client):
    record = ActivityRecord.objects.filter(title=DUPLICATED).first()
    by_variables = client.get(URL, [("variables", v) for v in record.variables])
    assert by_variables.status_code == 200
    rows = by_variables.json()["results"]
    assert rows[0]["score"] == 1.0 and rows[0]["id"] in set(
        ActivityRecord.objects.filter(variables=record.variables).values_list("pk", flat=True)
    )
    semicolons = client.get(URL, {"variables": "; ".join(record.variables)}).json()["results"]
    assert semicolons == rows
    by_objective = client.get(URL, {"objective": record.objective}).json()["results"]
    assert record.pk in [row["id"] for row in by_objective]


@pytest.mark.usefixtures("indexed_catalog")
def test_every_result_is_the_records_current_public_summary(client):
    results = client.get(URL, {"title": "Survei Kepuasan Masyarakat", "limit": "20"}).json()
    for row in results["results"]:
        record = ActivityRecord.objects.get(pk=row["id"])
        assert (row["title"], row["recommendation_number"]) == (
            record.title,
            record.recommendation_number,
        )
        expected = compare(
            ActivityProfile(title="Survei Kepuasan Masyarakat"), record_profile(record)
        )
        assert row["score"] == expected.score


@pytest.mark.usefixtures("indexed_catalog")
def test_applications_in_progress_are_never_answered(client):
    """The API is public: only catalog records, never an application's design,
    although the demo's in-progress applications are in the database."""
    title = "Survei Indeks Pembangunan Pemuda Kabupaten Banjarnegara"  # awaiting signature
    rows = client.get(URL, {"title": title, "limit": "20"}).json()["results"]
    assert all(
        ActivityRecord.objects.filter(pk=row["id"], title=row["title"]).exists() for row in rows
    )
    assert title not in [row["title"] for row in rows]


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({}, "title", "paling sedikit satu dari title"),
        ({"title": "   ", "objective": ""}, "title", "paling sedikit satu dari title"),
        ({"title": "x" * 501}, "title", "paling banyak 500"),
        ({"objective": "x" * 5001}, "objective", "paling banyak 5000"),
        ({"variables": ["v"] * 101}, "variables", "paling banyak 100"),
        ({"variables": "x" * 201}, "variables", "paling banyak 200"),
        ({"title": "a", "agency": "x" * 301}, "agency", "paling banyak 300"),
        ({"title": "a", "year": "dua ribu"}, "year", "bilangan bulat"),
        ({"title": "a", "year": "1800"}, "year", "paling kecil 1945"),
        ({"title": "a", "office": "33"}, "office", "empat angka"),
        ({"title": "a", "limit": "21"}, "limit", "paling besar 20"),
        ({"title": "a", "limit": "0"}, "limit", "paling kecil 1"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_a_400_naming_the_parameter(client, params, parameter, says):
    response = client.get(URL, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter]
    assert says in errors[parameter][0]


@pytest.mark.usefixtures("indexed_catalog")
def test_hostile_text_is_answered_never_a_500(client):
    for text in ('"', "*", "NEAR(tani data)", "((", "\x00\x1f", "'; DROP TABLE x; --", "🙂"):
        response = client.get(URL, {"title": text, "objective": text, "variables": text})
        assert response.status_code in (200, 400), text


@pytest.mark.django_db
def test_an_unreachable_engine_is_a_503(client, search_engine_down):
    response = client.get(URL, {"title": DUPLICATED})
    assert response.status_code == 503
    assert "search" in response.json()["errors"]


@pytest.mark.django_db
def test_the_openapi_document_states_the_parameters_the_form_checks(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][URL]["get"]
    assert {"200", "400", "503"} <= set(operation["responses"])
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert list(parameters) == [
        "title",
        "objective",
        "variables",
        "agency",
        "year",
        "office",
        "limit",
    ]
    assert parameters["title"]["schema"]["maxLength"] == 500
    assert parameters["variables"]["schema"]["type"] == "array"
    assert parameters["variables"]["schema"]["maxItems"] == 100
    assert parameters["year"]["schema"]["minimum"] == 1945
    assert parameters["limit"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 20,
        "default": 10,
    }
    result = client.get("/api/v1/openapi.json").json()["components"]["schemas"][
        "SimilarActivityOut"
    ]
    assert {"score", "near_duplicate", "reasons"} <= set(result["properties"])
