"""GET /api/v1/activities/similar gives the same answer on every backend: the
engine only proposes candidates (`match_any`), the catalog scores them, so the
demo catalog's duplicates come back identical, score for score, whichever
engine holds the index."""

import uuid

import pytest

from catalog.documents import CatalogDocumentSource
from catalog.models import ActivityRecord
from search.backends import get_index

from .conftest import ENGINES, engine_url

URL = "/api/v1/activities/similar"
BACKEND_CLASSES = {
    "embedded": "search.backends.embedded.EmbeddedIndex",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchIndex",
    "opensearch": "search.backends.elasticsearch.OpenSearchIndex",
}
# Titles the demo catalog holds more than once, the demo applicant's draft (a
# catalog title too), a variables-only and an objective-only probe.
PROBES = [
    {"title": "Survei Ubinan Padi dan Palawija Kabupaten Banjarnegara", "office": "3304"},
    {"title": "Pendataan Menara Telekomunikasi dan Wilayah Tanpa Sinyal", "year": "2025"},
    {"title": "Kompilasi Data Kematian Ibu dan Bayi", "limit": "20"},
    {"title": "survei kepuasan masyarakat pelayanan administrasi kependudukan"},
    {"variables": ["Luas panen padi", "Produktivitas padi", "Luas tanam padi"]},
    {"objective": "Mengukur kepuasan masyarakat terhadap pelayanan publik di daerah."},
]


def use_backend(settings, name: str, tmp_path) -> None:
    options = (
        {"path": tmp_path / "similar.sqlite3"}
        if name == "embedded"
        else {"url": engine_url(name), "index_prefix": f"rekomstat-similar-{uuid.uuid4().hex[:8]}"}
    )
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": BACKEND_CLASSES[name], "OPTIONS": options}}
    get_index().rebuild(CatalogDocumentSource().iter_all())


def answers(client) -> list[list[tuple]]:
    found = []
    for probe in PROBES:
        response = client.get(URL, probe)
        assert response.status_code == 200, response.content
        found.append(
            [
                (row["id"], row["score"], tuple(r["code"] for r in row["reasons"]))
                for row in response.json()["results"]
            ]
        )
    return found


@pytest.mark.parametrize("backend", ["elasticsearch", "opensearch"])
def test_the_engines_answer_exactly_as_the_embedded_index(
    backend, client, settings, seeded, tmp_path
):
    use_backend(settings, "embedded", tmp_path)
    expected = answers(client)
    assert all(expected), "every probe finds something"
    use_backend(settings, backend, tmp_path)
    try:
        assert answers(client) == expected
    finally:
        get_index().drop()


@pytest.mark.parametrize("backend", ["embedded", *ENGINES])
def test_the_demo_duplicates_come_first_with_their_reasons(
    backend, client, settings, seeded, tmp_path
):
    use_backend(settings, backend, tmp_path)
    try:
        for probe in PROBES[:3]:
            results = client.get(URL, probe).json()["results"]
            same_title = set(
                ActivityRecord.objects.filter(title=probe["title"]).values_list("pk", flat=True)
            )
            assert len(same_title) >= 1
            first = [row["id"] for row in results[: len(same_title)]]
            assert set(first) == same_title, probe
            for row in results[: len(same_title)]:
                assert row["near_duplicate"] is True
                assert row["reasons"][0]["code"] == "shared_title_terms"
    finally:
        if backend in ENGINES:
            get_index().drop()
