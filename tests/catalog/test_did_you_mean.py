"""The "Maksud Anda" offer on /katalog/ and in /api/v1/activities, and quoted phrases
from the search box, on every backend the contract suite runs (the FTS5
embedded backend has no vocabulary lookup nor phrases: a strict xfail there
until tantivy)."""

import uuid

import pytest
from bs4 import BeautifulSoup

from search.backends import get_index
from search.services import drain
from tests.contract.conftest import BACKENDS, ENGINES, engine_url
from tests.factories import banjarnegara_office, publish_record

TITLES = [
    "Sensus Ternak Sapi Perah",
    "Survei Produksi Padi Sawah",
    "Survei Kepuasan Masyarakat terhadap Pelayanan Puskesmas",
    "Survei Masyarakat Pengguna Layanan dan Kepuasan Kerja",
]


def _settings_for(backend: str, tmp_path) -> dict:
    if backend == "embedded":
        return {
            "BACKEND": "search.backends.embedded.EmbeddedIndex",
            "OPTIONS": {"path": tmp_path / "activities"},
        }
    return {
        "BACKEND": f"search.backends.elasticsearch.{ENGINES[backend][1].__name__}",
        "OPTIONS": {"url": engine_url(backend), "index_prefix": f"rk-dym-{uuid.uuid4().hex[:8]}"},
    }


@pytest.fixture(params=BACKENDS)
def catalog(request, settings, tmp_path, db):
    """A small catalog, published and indexed, on one backend."""
    settings.SEARCH_BACKENDS = {"default": _settings_for(request.param, tmp_path)}
    index = get_index()
    index.clear()
    try:
        banjarnegara_office()
        for number, title in enumerate(TITLES, start=1):
            publish_record(number=f"B-{number}/33040/KS.000/2026", title=title)
        drain()
        yield index
    finally:
        if request.param in ENGINES:
            index.drop()


def page(client, query):
    response = client.get("/katalog/" + query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_no_result_offers_the_corrected_search_as_a_link(catalog, client):
    # "tarnek": two letters wrong in six, beyond the typo tolerance (one edit).
    soup = page(client, "?q=sensus+tarnek&year=2026")
    assert "0 kegiatan ditemukan" in soup.select_one(".results-count").get_text(" ", strip=True)
    offer = soup.select_one(".empty-state .did-you-mean")
    assert offer.get_text(" ", strip=True) == "Maksud Anda: sensus ternak ?"
    link = offer.select_one("a")
    assert link.get_text() == "sensus ternak"
    assert link["href"] == "?q=sensus+ternak&year=2026"  # the filters stay
    corrected = page(client, link["href"])
    assert [a.get_text() for a in corrected.select(".result__title a")] == [
        "Sensus Ternak Sapi Perah"
    ]


def test_the_api_says_did_you_mean(catalog, client):
    body = client.get("/api/v1/activities", {"q": "padu sawah"}).json()
    assert (body["count"], body["did_you_mean"]) == (0, "padi sawah")
    found = client.get("/api/v1/activities", {"q": "padi sawah"}).json()
    assert (found["count"], found["did_you_mean"]) == (1, None)


def test_a_quoted_phrase_from_the_search_box(catalog, client):
    phrase = page(client, "?q=%22kepuasan+masyarakat%22")
    assert [a.get_text() for a in phrase.select(".result__title a")] == [
        "Survei Kepuasan Masyarakat terhadap Pelayanan Puskesmas"
    ]
    words = page(client, "?q=kepuasan+masyarakat")
    assert len(words.select(".result__title a")) == 2
