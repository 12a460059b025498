"""/api/v1/: the shape DESIGN.md promises, and a 400 naming every bad parameter."""

import pytest
from bs4 import BeautifulSoup

from catalog.models import ActivityRecord

pytestmark = pytest.mark.usefixtures("indexed_catalog")

RESULT_KEYS = {
    "id",
    "recommendation_number",
    "title",
    "year",
    "agency",
    "office_code",
    "method",
    "frequency",
    "sector",
    "decided_on",
    "url",
    "highlight",
}
FACETS = {"year", "office", "agency", "method", "frequency", "sector"}


def test_search_answers_the_promised_shape(client):
    response = client.get("/api/v1/activities", {"q": "pertanian", "page_size": 5})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "page", "page_size", "results", "facets", "did_you_mean"}
    assert body["page"] == 1 and body["page_size"] == 5
    assert body["did_you_mean"] is None  # only offered when nothing is found
    assert 0 < len(body["results"]) <= 5 <= body["count"]
    first = body["results"][0]
    assert set(first) == RESULT_KEYS
    assert "<mark>" in first["highlight"]["title"] + first["highlight"]["snippet"]
    assert first["url"] == f"http://testserver/katalog/{first['id']}/"
    assert set(body["facets"]) == FACETS
    assert {"value", "label", "count"} == set(body["facets"]["sector"][0])


def test_repeated_filters_are_or_within_and_across_facets(client):
    one = client.get("/api/v1/activities", {"year": "2024"}).json()["count"]
    other = client.get("/api/v1/activities", {"year": "2023"}).json()["count"]
    both = client.get("/api/v1/activities?year=2024&year=2023").json()
    assert both["count"] == one + other
    narrowed = client.get("/api/v1/activities?year=2024&year=2023&office=3304").json()
    expected = ActivityRecord.objects.filter(year__in=[2023, 2024], office_code="3304").count()
    assert narrowed["count"] == expected
    assert {row["office_code"] for row in narrowed["results"]} == {"3304"}
    office_labels = {f["value"]: f["label"] for f in narrowed["facets"]["office"]}
    assert office_labels["3304"] == "BPS Kabupaten Banjarnegara"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=dua-ribu", "year"),
        ("office=33", "office"),
        ("method=9", "method"),
        ("frequency=kadang", "frequency"),
        ("sector=99", "sector"),
        ("sort=acak", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=999999", "page"),
        ("page_size=1000", "page_size"),
        ("page_size=-1", "page_size"),
        ("q=" + "x" * 10_001, "q"),
    ],
)
def test_invalid_parameters_are_400_naming_the_parameter(client, query, parameter):
    response = client.get("/api/v1/activities?" + query)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter] and errors[parameter][0]
    page = client.get("/katalog/?" + query)  # one validation layer: the same words
    assert page.status_code == 400
    shown = BeautifulSoup(page.content, "html.parser").select_one("[role=alert]").get_text()
    assert all(message in shown for message in errors[parameter])


def test_page_abc_is_answered_in_indonesian(client):
    response = client.get("/api/v1/activities?page=abc&page_size=x")
    assert response.json() == {
        "errors": {
            "page": ["harus bilangan bulat, misalnya 2"],
            "page_size": ["harus bilangan bulat, misalnya 2"],
        }
    }
    response = client.get("/api/v1/activities/abc")
    assert response.json() == {
        "errors": {"activity_id": ["nilai 'abc' bukan bilangan bulat; tulis angka, misalnya 2"]}
    }


@pytest.mark.parametrize(
    "name",
    ["q", "year", "office", "agency", "method", "frequency", "sector", "sort", "page", "page_size"],
)
def test_an_empty_parameter_means_no_filter(client, name):
    everything = client.get("/api/v1/activities").json()
    response = client.get(f"/api/v1/activities?{name}=&{name}=")
    assert response.status_code == 200
    assert response.json() == everything


def test_an_empty_value_beside_a_real_one_is_ignored(client):
    one = client.get("/api/v1/activities?sector=1").json()
    assert client.get("/api/v1/activities?sector=&sector=1").json() == one
    assert one["count"] == ActivityRecord.objects.filter(sector="1").count()


@pytest.mark.parametrize("text", ['"NEAR(*', "tani* OR title:x", "\x00", "(((", "yang"])
def test_hostile_text_is_answered(client, text):
    assert client.get("/api/v1/activities", {"q": text}).status_code == 200


def test_detail_and_similar(client):
    record = ActivityRecord.objects.filter(title__icontains="Survei").first()
    detail = client.get(f"/api/v1/activities/{record.pk}").json()
    assert detail["recommendation_number"] == record.recommendation_number
    assert detail["variables"] == record.variables
    assert detail["sector_label"] == record.get_sector_display()
    similar = client.get(f"/api/v1/activities/{record.pk}/similar").json()
    assert 0 < len(similar) <= 5
    assert record.pk not in {row["id"] for row in similar}


def test_unknown_and_malformed_ids(client):
    missing = ActivityRecord.objects.order_by("-pk").first().pk + 1
    for url in (f"/api/v1/activities/{missing}", f"/api/v1/activities/{missing}/similar"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {
            "errors": {"activity_id": [f"tidak ada kegiatan dengan id {missing} di katalog"]}
        }
    response = client.get("/api/v1/activities/abc")
    assert response.status_code == 400 and "activity_id" in response.json()["errors"]
    known = ActivityRecord.objects.first().pk
    response = client.get(f"/api/v1/activities/{known}/similar?limit=500")
    assert response.status_code == 400
    assert response.json() == {"errors": {"limit": ["nilai '500' terlalu besar; paling besar 20"]}}


def test_openapi_document_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Rekomstat API"
    paths = schema["paths"]
    assert {
        "/api/v1/activities",
        "/api/v1/activities/{activity_id}",
        "/api/v1/activities/{activity_id}/similar",
    } <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/activities"]["get"]["parameters"]}
    assert {
        "q",
        "year",
        "office",
        "agency",
        "method",
        "frequency",
        "sector",
        "sort",
        "page",
        "page_size",
    } <= parameters


def test_openapi_document_describes_did_you_mean_and_the_query_language(client):
    schema = client.get("/api/v1/openapi.json").json()
    search_out = schema["components"]["schemas"]["SearchOut"]
    did_you_mean = search_out["properties"]["did_you_mean"]
    assert "Maksud Anda" in did_you_mean["description"]
    assert {"type": "null"} in did_you_mean["anyOf"]
    (q,) = [
        p for p in schema["paths"]["/api/v1/activities"]["get"]["parameters"] if p["name"] == "q"
    ]
    assert "tanda kutip" in q["description"] and "salah ketik" in q["description"]


def test_openapi_document_declares_the_404s_and_the_caps(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path in ("/api/v1/activities/{activity_id}", "/api/v1/activities/{activity_id}/similar"):
        responses = paths[path]["get"]["responses"]
        assert responses["404"]["content"]["application/json"]["schema"] == error_ref
        assert responses["400"]["content"]["application/json"]["schema"] == error_ref
    search = {p["name"]: p["schema"] for p in paths["/api/v1/activities"]["get"]["parameters"]}
    assert (search["page_size"]["minimum"], search["page_size"]["maximum"]) == (1, 100)
    assert search["page_size"]["default"] == 20
    assert search["page"]["minimum"] == 1
    assert search["sort"]["enum"] == ["relevance", "newest"]
    assert search["method"]["items"]["enum"] == ["1", "2", "3", "4"]
    assert len(search["sector"]["items"]["enum"]) == 22
    assert search["year"]["maxItems"] == 20 and search["q"]["maxLength"] == 10_000
    similar = paths["/api/v1/activities/{activity_id}/similar"]["get"]["parameters"]
    limit = next(p["schema"] for p in similar if p["name"] == "limit")
    assert (limit["minimum"], limit["maximum"]) == (1, 20)


def test_the_api_keeps_to_a_query_budget(client, django_assert_max_num_queries):
    """320 records, 100 per page: a query per result would blow the budget."""
    assert ActivityRecord.objects.count() >= 300
    with django_assert_max_num_queries(2):
        body = client.get("/api/v1/activities?page_size=100&sort=newest").json()
    assert len(body["results"]) == 100
    record = ActivityRecord.objects.filter(title__startswith="Survei").first()
    with django_assert_max_num_queries(1):
        assert client.get(f"/api/v1/activities/{record.pk}").status_code == 200
    with django_assert_max_num_queries(2):
        assert len(client.get(f"/api/v1/activities/{record.pk}/similar?limit=20").json()) > 5


def test_the_openapi_document_states_exactly_what_the_one_validation_layer_enforces(client):
    """The search parameters are validated once (the FilterSet the page uses)
    and documented from it: every documented bound holds, one step beyond fails."""
    schema = client.get("/api/v1/openapi.json").json()
    params = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/activities"]["get"]["parameters"]
    }
    assert all(params[name].get("description") for name in params)

    def status(**query):
        return client.get("/api/v1/activities", query).status_code

    year = params["year"]["items"]
    assert (year["minimum"], year["maximum"]) == (1900, 2199)
    assert status(year=year["minimum"]) == status(year=year["maximum"]) == 200
    assert status(year=year["minimum"] - 1) == status(year=year["maximum"] + 1) == 400
    size = params["page_size"]
    assert status(page_size=size["maximum"]) == 200 and status(page_size=size["maximum"] + 1) == 400
    page = params["page"]
    assert status(page=page["maximum"], page_size=1) == 200
    assert status(page=page["maximum"] + 1, page_size=1) == 400
    for name in ("method", "frequency", "sector"):
        assert all(status(**{name: code}) == 200 for code in params[name]["items"]["enum"])
    assert all(status(sort=value) == 200 for value in params["sort"]["enum"])
    limit = params["year"]["maxItems"]
    assert client.get("/api/v1/activities", {"agency": ["A"] * limit}).status_code == 200
    assert client.get("/api/v1/activities", {"agency": ["A"] * (limit + 1)}).status_code == 400
    assert status(q="x" * params["q"]["maxLength"]) == 200


def test_a_page_beyond_the_result_window_says_which_page_is_the_last(client):
    response = client.get("/api/v1/activities?page=999999")
    assert response.json() == {
        "errors": {"page": ["halaman terlalu jauh; paling jauh halaman 500"]}
    }
