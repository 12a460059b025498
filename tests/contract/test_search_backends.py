"""One contract for every search backend: the same documents and queries give
the same answers on the embedded index and on Elasticsearch."""

import datetime
import re

import pytest

from search.documents import SearchQuery
from tests.factories import search_document


def doc(
    doc_id,
    title,
    *,
    year=2025,
    office="3304",
    agency="Dinas Pertanian",
    method="2",
    frequency="tahunan",
    sector="1",
    decided=None,
    objective="",
    variables=(),
    number=None,
):
    return search_document(
        doc_id,
        title,
        recommendation_number=number or f"B-{doc_id}/33040/KS.000/{year}",
        year=year,
        agency=agency,
        office_code=office,
        method=method,
        frequency=frequency,
        sector=sector,
        decided_on=decided or datetime.date(year, 6, 1),
        objective=objective,
        variables=tuple(variables),
    )


CORPUS = [
    doc("1", "Survei Pertanian Tanaman Pangan", year=2024, variables=["Luas panen", "Produksi"]),
    doc("2", "Pendataan Petani Penerima Pupuk Bersubsidi", method="1"),
    doc(
        "3",
        "Survei Kepuasan Masyarakat terhadap Pelayanan Perizinan",
        agency="Dinas Penanaman Modal dan PTSP",
        sector="18",
        objective="Mengukur kepuasan masyarakat atas layanan izin usaha.",
    ),
    doc(
        "4",
        "Pendataan Keluarga Miskin",
        year=2023,
        office="3300",
        agency="Dinas Sosial Provinsi Jawa Tengah",
        method="1",
        sector="21",
        objective="Mendata keluarga miskin penerima bantuan sosial.",
    ),
    doc(
        "5",
        "Kompilasi Data Kunjungan Wisatawan",
        year=2024,
        office="3300",
        agency="Dinas Pariwisata",
        method="3",
        frequency="bulanan",
        sector="10",
    ),
    doc(
        "6",
        "Survei Status Gizi Balita",
        office="0000",
        agency="Kementerian Kesehatan",
        sector="9",
        variables=["Berat badan balita", "Tinggi badan balita"],
    ),
    doc(
        "7",
        "Survei Harga Produsen",
        year=2024,
        agency="Dinas Perdagangan",
        sector="17",
        objective="Mencatat harga komoditas pertanian di tingkat produsen.",
    ),
]


@pytest.fixture
def index(empty_index):
    empty_index.upsert(CORPUS)
    return empty_index


def ids(index, **kwargs):
    return [hit.id for hit in index.query(SearchQuery(**kwargs)).hits]


def facet(results, name):
    return {count.value: count.count for count in results.facets[name]}


@pytest.mark.parametrize("word", ["pertanian", "petani", "tani", "PERTANIAN", "Pertanian,"])
def test_every_inflected_form_meets_the_same_stem(index, word):
    assert set(ids(index, text=word)) == {"1", "2", "7"}


def test_pendataan_finds_data(index):
    assert set(ids(index, text="pendataan")) == {"2", "4", "5"}
    assert set(ids(index, text="data")) == {"2", "4", "5"}


def test_every_word_must_match(index):
    assert ids(index, text="survei pertanian") == ["1", "7"]
    assert ids(index, text="pelayanan izin") == ["3"]
    assert ids(index, text="pertanian balita") == []


def test_title_match_ranks_above_objective_match(index):
    found = ids(index, text="pertanian")
    assert found.index("1") < found.index("7")
    assert found.index("2") < found.index("7")


def test_ties_are_broken_by_newest_decision_then_number(empty_index):
    same = dict(objective="Survei ternak")
    empty_index.upsert(
        [
            doc("a", "Sensus Ternak", decided=datetime.date(2024, 1, 5), number="B-2/x", **same),
            doc("b", "Sensus Ternak", decided=datetime.date(2025, 1, 5), number="B-9/x", **same),
            doc("c", "Sensus Ternak", decided=datetime.date(2024, 1, 5), number="B-1/x", **same),
        ]
    )
    assert ids(empty_index, text="ternak") == ["b", "c", "a"]


def test_newest_sort_and_empty_query(index):
    everything = ids(index, sort="newest", page_size=50)
    assert len(everything) == len(CORPUS)
    assert everything[-1] == "4"  # 2023, the oldest
    assert ids(index, text="") == everything


def test_filters_or_within_a_facet_and_across_facets(index):
    assert set(ids(index, filters={"year": ("2024",)})) == {"1", "5", "7"}
    assert set(ids(index, filters={"year": ("2024", "2023")})) == {"1", "4", "5", "7"}
    assert set(ids(index, filters={"year": ("2024",), "office": ("3300",)})) == {"5"}
    assert set(ids(index, text="survei", filters={"sector": ("1", "9")})) == {"1", "6"}
    assert ids(index, filters={"agency": ("Dinas Pertanian",), "method": ("1",)}) == ["2"]


def test_each_facet_is_counted_under_the_other_facets_filters(index):
    results = index.query(SearchQuery(filters={"year": ("2024",), "office": ("3304",)}))
    assert results.total == 2  # documents 1 and 7
    # year counts ignore the year filter but respect office=3304
    assert facet(results, "year") == {"2024": 2, "2025": 2}
    # office counts ignore the office filter but respect year=2024
    assert facet(results, "office") == {"3304": 2, "3300": 1}
    # other facets respect both filters
    assert facet(results, "sector") == {"1": 1, "17": 1}
    assert facet(results, "frequency") == {"tahunan": 2}


def test_facets_follow_the_text_query(index):
    results = index.query(SearchQuery(text="tani"))
    assert facet(results, "method") == {"2": 2, "1": 1}
    assert facet(results, "agency") == {"Dinas Pertanian": 2, "Dinas Perdagangan": 1}


def test_highlights_mark_the_original_words(index):
    hits = {hit.id: hit.highlight for hit in index.query(SearchQuery(text="petani")).hits}
    assert hits["1"].title == "Survei <mark>Pertanian</mark> Tanaman Pangan"
    assert hits["2"].title == "Pendataan <mark>Petani</mark> Penerima Pupuk Bersubsidi"
    assert "<mark>pertanian</mark>" in hits["7"].snippet


def test_highlights_are_html_safe(empty_index):
    empty_index.upsert([doc("x", "Survei <script>alert(1)</script> Pasar & Harga")])
    (hit,) = empty_index.query(SearchQuery(text="pasar")).hits
    assert "<script>" not in hit.highlight.title
    assert "&lt;script&gt;" in hit.highlight.title
    assert "<mark>Pasar</mark> &amp; Harga" in hit.highlight.title


def test_similar_activities_share_words_and_exclude_the_activity(index):
    similar = [hit.id for hit in index.similar("1", limit=3)]
    assert "1" not in similar
    assert similar[0] in {"2", "7"}
    assert "6" not in similar[:2]
    assert index.similar("no-such-id") == []


def test_paging_is_stable_and_complete(index):
    pages = [ids(index, sort="newest", page=p, page_size=3) for p in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [3, 3, 1, 0]
    flattened = [doc_id for page in pages for doc_id in page]
    assert flattened == ids(index, sort="newest", page_size=50)
    assert index.query(SearchQuery(page=2, page_size=3)).total == len(CORPUS)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sort": "newest"},
        {"text": "pertanian"},
        {"text": "pertanian", "sort": "newest"},
        {"text": "data", "filters": {"sector": ("17",)}},
        {"filters": {"year": ("2024", "2025")}},
    ],
)
def test_ids_are_every_match_in_page_order_in_one_answer(index, kwargs):
    paged = [doc_id for p in (1, 2, 3) for doc_id in ids(index, page=p, page_size=3, **kwargs)]
    assert index.ids(SearchQuery(**kwargs)) == paged
    assert index.ids(SearchQuery(**kwargs), limit=2) == paged[:2]
    assert index.ids(SearchQuery(**kwargs), limit=0) == []


def test_ids_of_an_empty_index(empty_index):
    assert empty_index.ids(SearchQuery(text="pertanian")) == []


def test_page_size_is_capped():
    assert SearchQuery(page_size=10_000).page_size == 100
    assert SearchQuery(page=10**9, page_size=100).page == 100


HOSTILE = [
    '"',
    'pertanian"',
    "*",
    "tani*",
    "NEAR(tani data)",
    "title:survei OR objective:x",
    "a AND OR NOT b",
    "(((",
    "\\",
    "\x00\x1f\x7f",
    "'; DROP TABLE docs; --",
    "{title}: survei",
    "^~!@#$%&",
    "ÄÖÜ ñ 漢字 🙂",
    "x" * 10_000,
    "pertanian " * 2_000,
    "   ",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_user_text_is_safe(index, text):
    """Syntax, control characters and sheer length change nothing: the answer
    is the one for the plain words the text contains."""
    results = index.query(SearchQuery(text=text, filters={"year": ("2024",)}))
    words = " ".join(re.findall(r"\w+", text))
    plain = index.query(SearchQuery(text=words, filters={"year": ("2024",)}))
    assert (results.total, [hit.id for hit in results.hits]) == (
        plain.total,
        [hit.id for hit in plain.hits],
    )
    assert len(results.hits) <= results.total
    assert set(results.facets) == {"year", "office", "agency", "method", "frequency", "sector"}


def test_hostile_text_still_finds_its_words(index):
    for text in ['"tani*', "(petani)", "pertanian~", "-petani-"]:
        assert set(ids(index, text=text)) == {"1", "2", "7"}, text


def test_upsert_replaces_and_delete_removes(index):
    index.upsert([doc("1", "Sensus Ternak Sapi", year=2024)])
    assert ids(index, text="pangan") == []
    assert ids(index, text="sapi") == ["1"]
    assert index.delete(["1", "missing"]) == 1
    assert ids(index, text="sapi") == []
    assert index.health().document_count == len(CORPUS) - 1


def test_rebuild_replaces_the_whole_index(index):
    done = []
    count = index.rebuild([doc("9", "Survei Nelayan Perikanan Tangkap")], progress=done.append)
    assert count == 1 and done == [1]
    assert ids(index, text="") == ["9"]
    assert ids(index, text="ikan") == ["9"]
    health = index.health()
    assert health.ok and health.document_count == 1
