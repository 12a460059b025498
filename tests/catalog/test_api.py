"""/api/v1/: the shape DESIGN.md promises, and a 400 naming every bad parameter."""

import pytest

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
    assert set(body) == {"count", "page", "page_size", "results", "facets"}
    assert body["page"] == 1 and body["page_size"] == 5
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
    assert parameter in errors and errors[parameter][0]


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
    assert client.get("/api/v1/activities/999999").status_code == 404
    response = client.get("/api/v1/activities/abc")
    assert response.status_code == 400 and "activity_id" in response.json()["errors"]
    response = client.get("/api/v1/activities/1/similar?limit=500")
    assert response.status_code in (400, 404)


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
