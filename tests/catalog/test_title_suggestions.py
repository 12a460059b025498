"""/api/v1/activities/titles: title suggestions for the search box."""

import pytest

from catalog.models import ActivityRecord

pytestmark = pytest.mark.usefixtures("indexed_catalog")

URL = "/api/v1/activities/titles"


def test_titles_hold_the_typed_text_starting_ones_first(client):
    response = client.get(URL, {"q": "pert"})
    assert response.status_code == 200
    titles = response.json()["titles"]
    assert 0 < len(titles) <= 8 and len(set(titles)) == len(titles)
    assert all("pert" in title.lower() for title in titles)
    existing = set(ActivityRecord.objects.values_list("title", flat=True))
    assert set(titles) <= existing


def test_titles_beginning_with_the_text_come_first(client):
    record = ActivityRecord.objects.filter(title__startswith="Survei").first()
    typed = record.title[:12]
    titles = client.get(URL, {"q": typed.lower()}).json()["titles"]
    starting = [title.lower().startswith(typed.lower()) for title in titles]
    assert starting[0] and starting == sorted(starting, reverse=True)


def test_every_word_must_be_in_the_title_and_limit_is_kept(client):
    titles = client.get(URL, {"q": "survei  kepuasan", "limit": "3"}).json()["titles"]
    assert 0 < len(titles) <= 3
    assert all("survei" in t.lower() and "kepuasan" in t.lower() for t in titles)
    assert client.get(URL, {"q": "zzzyyyxxx"}).json() == {"titles": []}


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({}, "q", "wajib diisi"),
        ({"q": "p"}, "q", "paling sedikit 2"),
        ({"q": "  p  "}, "q", "paling sedikit 2"),
        ({"q": "x" * 101}, "q", "paling banyak 100"),
        ({"q": "pert", "limit": "abc"}, "limit", "bilangan bulat"),
        ({"q": "pert", "limit": "9"}, "limit", "paling besar 8"),
        ({"q": "pert", "limit": "0"}, "limit", "paling kecil 1"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, params, parameter, says):
    response = client.get(URL, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter]
    assert says in errors[parameter][0]


def test_hostile_text_is_answered(client):
    for text in ("%_", "'; DROP TABLE x; --", "\x00\x00pe", "<script>"):
        assert client.get(URL, {"q": text}).status_code in (200, 400)


def test_the_openapi_document_states_the_endpoint_and_its_limits(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert {"200", "400"} <= set(operation["responses"])
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["q"]["required"] is True
    assert parameters["q"]["schema"]["minLength"] == 2
    assert parameters["q"]["schema"]["maxLength"] == 100
    assert parameters["limit"]["schema"]["maximum"] == 8


def test_the_endpoint_keeps_to_a_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(URL, {"q": "data"}).status_code == 200
