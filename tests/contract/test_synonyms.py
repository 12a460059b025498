"""Acronyms and synonyms, the same on every backend: a query word or phrase
found in the dictionary becomes an OR of its alternatives, an alternative of
several words needs all of them, and the other query words are still required."""

import pytest

from search.documents import SearchQuery
from search.synonyms import Synonyms

from .test_search_backends import doc

DICTIONARY = Synonyms.from_phrases(
    [
        ["UMKM", "usaha mikro kecil menengah"],
        ["SKM", "survei kepuasan masyarakat"],
        ["IKM", "indeks kepuasan masyarakat"],
        ["PDRB", "produk domestik regional bruto"],
    ]
)

CORPUS = [
    doc("1", "Pendataan Usaha Mikro Kecil Menengah Kabupaten Banjarnegara"),
    doc("2", "Survei UMKM Kota Semarang", agency="Dinas Koperasi dan UMKM"),
    doc("3", "Survei Kepuasan Masyarakat terhadap Pelayanan Perizinan"),
    doc("4", "SKM Puskesmas", agency="Dinas Kesehatan"),
    doc("5", "Indeks Kepuasan Masyarakat Layanan Kependudukan"),
    # Every word of the long form, scattered: still all there.
    doc("6", "Usaha Kecil", objective="Mikro dan menengah di Banjarnegara."),
    doc("7", "Survei Harga Produsen", objective="Usaha pertanian mikro."),
]


@pytest.fixture
def index(empty_index):
    empty_index.upsert(CORPUS)
    return empty_index


def found(index, text, synonyms=DICTIONARY):
    return {hit.id for hit in index.query(SearchQuery(text=text, synonyms=synonyms)).hits}


def test_acronym_finds_the_long_form_and_the_long_form_finds_the_acronym(index):
    assert found(index, "UMKM") == {"1", "2", "6"}
    assert found(index, "usaha mikro kecil menengah") == {"1", "2", "6"}
    assert found(index, "umkm", synonyms=Synonyms()) == {"2"}


def test_skm_finds_survei_kepuasan_masyarakat(index):
    assert found(index, "SKM") == {"3", "4"}
    assert found(index, "survei kepuasan masyarakat") == {"3", "4"}


def test_an_unrelated_acronym_does_not_over_match(index):
    assert found(index, "IKM") == {"5"}
    assert found(index, "PDRB") == set()
    assert found(index, "kepuasan masyarakat") == {"3", "5"}


def test_the_other_words_are_still_required(index):
    assert found(index, "umkm banjarnegara") == {"1", "6"}
    assert found(index, "banjarnegara UMKM") == {"1", "6"}
    assert found(index, "skm puskesmas") == {"4"}
    assert found(index, "umkm balita") == set()


def test_the_matched_alternative_is_highlighted(index):
    hits = index.query(SearchQuery(text="UMKM", synonyms=DICTIONARY)).hits
    titles = {hit.id: hit.highlight.title for hit in hits}
    assert (
        "<mark>Usaha</mark> <mark>Mikro</mark> <mark>Kecil</mark> <mark>Menengah</mark>"
        in titles["1"]
    )
    assert "<mark>UMKM</mark>" in titles["2"]


def test_query_syntax_in_the_dictionary_is_inert(index):
    hostile = Synonyms.from_phrases([['UMKM OR "x"', "usaha) AND (mikro*"]])
    assert found(index, "umkm", synonyms=hostile) <= {"1", "2", "6", "7"}


def test_ids_for_a_download_apply_the_synonyms_as_the_page_does(index):
    for text in ("UMKM", "umkm banjarnegara", "survei kepuasan masyarakat"):
        query = SearchQuery(text=text, synonyms=DICTIONARY, page_size=50, with_facets=False)
        assert index.ids(query) == [hit.id for hit in index.query(query).hits]
        assert set(index.ids(query)) == found(index, text)
