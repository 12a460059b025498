"""The query language every backend answers alike (SEARCH-SPEC §1): quoted
phrases, typo tolerance, the typed form ranked above a stem-only match and a
typo-only match below it, and "Maksud Anda" from the index's vocabulary.

Cases of the new language run on `language_index` (a strict xfail on the
FTS5 embedded backend until tantivy); what every backend already does (the
limits of tolerance, plain words) runs on `empty_index`."""

import datetime

import pytest

from search.backends.elasticsearch.mapping import index_settings
from search.documents import SearchQuery
from search.synonyms import Synonyms

from .conftest import ENGINES, make_index
from .test_search_backends import doc


def ids(index, text, **kwargs):
    return [hit.id for hit in index.query(SearchQuery(text=text, page_size=50, **kwargs)).hits]


def day(n: int) -> datetime.date:
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=n)


# -- phrases ------------------------------------------------------------------

PHRASES = [
    doc("p1", "Survei Kepuasan Masyarakat Desa"),
    # Both words, neither adjacent nor in order ("dan" is a stopword).
    doc("p2", "Survei Masyarakat dan Kepuasan Desa"),
    # Both words, in two fields.
    doc("p3", "Survei Kepuasan Pelanggan", objective="Masyarakat desa."),
    # A stopword between them is dropped at index and query time alike.
    doc("p4", "Kepuasan terhadap Masyarakat Kota"),
    # The same stems, other forms.
    doc("p5", "Indeks Kepuasan Masyarakat", objective="Mengukur kepuasan."),
]


def test_a_quoted_phrase_matches_its_stems_in_order_in_one_field(language_index):
    language_index.upsert(PHRASES)
    assert set(ids(language_index, '"kepuasan masyarakat"')) == {"p1", "p4", "p5"}
    assert set(ids(language_index, '"masyarakat kepuasan"')) == {"p2"}
    assert set(ids(language_index, '"kepuasan terhadap masyarakat"')) == {"p1", "p4", "p5"}
    assert set(ids(language_index, 'desa "kepuasan masyarakat"')) == {"p1"}
    # An unclosed quote: the rest of the text is the phrase.
    assert set(ids(language_index, 'survei "kepuasan masyarakat')) == {"p1"}


def test_without_quotes_the_words_are_needed_anywhere(empty_index):
    empty_index.upsert(PHRASES)
    assert set(ids(empty_index, "kepuasan masyarakat")) == {"p1", "p2", "p3", "p4", "p5"}
    # A quoted single word is a plain word.
    assert set(ids(empty_index, '"kepuasan"')) == set(ids(empty_index, "kepuasan"))


# -- typos ----------------------------------------------------------------------

OTHER = "Badan Perencanaan Pembangunan Daerah"  # not "Dinas Pertanian", the default
TYPOS = [
    doc("t1", "Survei Pertanian Tanaman Pangan", decided=day(1), agency=OTHER),
    doc("t2", "Sensus Ternak", decided=day(2), agency=OTHER),
    doc("t3", "Survei Produksi Padi", decided=day(3), agency=OTHER),
    doc("t4", "Survei Kepuasan Masyarakat", decided=day(4), agency=OTHER),
    # A typo in the record itself.
    doc("t5", "Survei Usaha Mikro Kecil Menengha", decided=day(5), agency=OTHER),
]


def test_one_or_two_wrong_letters_still_find(language_index):
    language_index.upsert(TYPOS)
    assert ids(language_index, "pertanain") == ["t1"]  # a transposition: one edit
    assert ids(language_index, "pertnaian tanaman") == ["t1"]
    assert ids(language_index, "kepuasaan") == ["t4"]  # a letter too many
    assert ids(language_index, "sensos") == ["t2"]  # 6 letters: one edit
    assert ids(language_index, "snesus") == ["t2"]
    assert ids(language_index, "sennsuss ternak") == ["t2"]  # 8 letters: two edits


def test_typo_tolerance_has_limits(empty_index):
    empty_index.upsert(TYPOS)
    assert ids(empty_index, "padu") == []  # under 5 letters: no tolerance
    assert ids(empty_index, "senzuz") == []  # 6 letters, two edits
    assert ids(empty_index, "tensus") == []  # the first letter must be right
    assert ids(empty_index, "pertanain balita") == []  # every word still required
    # A dictionary's alternatives match by stem only, never by typo.
    umkm = Synonyms.from_phrases([["UMKM", "usaha mikro kecil menengah"]])
    assert ids(empty_index, "umkm", synonyms=umkm) == []


def test_a_typo_match_is_highlighted(language_index):
    language_index.upsert(TYPOS)
    (hit,) = language_index.query(SearchQuery(text="pertanain")).hits
    assert hit.highlight.title == "Survei <mark>Pertanian</mark> Tanaman Pangan"


# -- ranking ----------------------------------------------------------------------


def test_the_typed_form_ranks_above_a_stem_only_match(language_index):
    language_index.upsert(
        [
            # The newest first on a tie: only the exact-form boost can reorder.
            doc("e1", "Data Kemiskinan Desa", decided=day(9)),
            doc("e2", "Pendataan Kemiskinan Desa", decided=day(1)),
        ]
    )
    assert ids(language_index, "pendataan") == ["e2", "e1"]
    assert ids(language_index, "data") == ["e1", "e2"]
    assert ids(language_index, "pendataan kemiskinan") == ["e2", "e1"]


def test_the_typed_form_ranks_first_without_typo_tolerance(language_index):
    # "tani" (4 letters) has no typo tolerance: only the exact form decides.
    language_index.upsert(
        [
            doc("e3", "Kelompok Petani Desa", decided=day(9), agency=OTHER),
            doc("e4", "Kelompok Tani Desa", decided=day(1), agency=OTHER),
        ]
    )
    assert ids(language_index, "tani") == ["e4", "e3"]
    assert ids(language_index, "petani") == ["e3", "e4"]


def test_a_typo_only_match_ranks_below_a_stem_match(language_index):
    language_index.upsert(
        [
            doc("f1", "Survei Panel Desa", decided=day(9)),  # "panel": one edit from "panen"
            doc("f2", "Memanen Padi Desa", decided=day(5)),  # stem "panen"
            doc("f3", "Panen Padi Desa", decided=day(1)),  # the word itself
        ]
    )
    assert ids(language_index, "panen") == ["f3", "f2", "f1"]


def test_a_dictionary_phrase_ranks_first_where_its_words_stand_together(language_index):
    dinkes = Synonyms.from_phrases([["Dinkes", "dinas kesehatan"]])
    language_index.upsert(
        [
            # "kesehatan" in the title (weight 10), "dinas" in the agency; the newest.
            doc("n1", "Jaminan Kesehatan", agency="Dinas Sosial", decided=day(9)),
            doc("n2", "Profil Desa", agency="Dinas Kesehatan", decided=day(1)),
            *(doc(f"x{n}", f"Survei Harga {n}", agency="Badan Pusat") for n in range(4)),
        ]
    )
    assert ids(language_index, "dinkes", synonyms=dinkes) == ["n2", "n1"]
    # Ranking only: the scattered words still match.
    assert set(ids(language_index, "kesehatan dinas")) == {"n1", "n2"}


# -- Maksud Anda ------------------------------------------------------------------


def suggest(index, text, **kwargs):
    return index.suggest(SearchQuery(text=text, **kwargs))


def test_maksud_anda_corrects_unknown_words_from_the_vocabulary(language_index):
    language_index.upsert(TYPOS)
    assert suggest(language_index, "pertanain") == "pertanian"
    assert suggest(language_index, "Survei KEPUASAAN masyarakt") == "survei kepuasan masyarakat"
    assert suggest(language_index, '"ternka" sapi') == '"ternak" sapi'
    # A word known by its stem is kept ("petani": the stem of "pertanian").
    assert suggest(language_index, "petani pertanain") == "petani pertanian"


def test_maksud_anda_says_nothing_when_nothing_can_be_corrected(empty_index):
    empty_index.upsert(TYPOS)
    assert suggest(empty_index, "sensus ternak") is None  # every word known
    assert suggest(empty_index, "xyzzyq") is None  # nothing near
    assert suggest(empty_index, "ternak 2024") is None  # numbers are never corrected
    umkm = Synonyms.from_phrases([["UMKM", "usaha mikro kecil menengah"]])
    assert suggest(empty_index, "umkm", synonyms=umkm) is None  # a dictionary word


def test_maksud_anda_of_an_empty_index(empty_index):
    assert suggest(empty_index, "pertanain") is None


# -- an index made before the exact fields (cluster backends) ----------------------


@pytest.mark.parametrize("engine", list(ENGINES))
def test_an_index_of_the_old_mapping_asks_for_a_rebuild(engine, tmp_path):
    """An index made by the previous release (mapping version 1: no exact
    fields) keeps taking writes, and `health(thorough=True)` says it needs a
    rebuild (what `search_index status` shows and `sync` does)."""
    index = make_index(engine, tmp_path)
    old = index_settings(index.schema)
    old["mappings"].pop("_meta")
    for name in [name for name in old["mappings"]["properties"] if name.endswith("_exact")]:
        del old["mappings"]["properties"][name]
    del old["mappings"]["properties"]["exact_words"]
    try:
        index.client.create_index(f"{index.alias}-initial", {"aliases": {index.alias: {}}, **old})
        index.upsert(TYPOS)
        assert ids(index, "ternak") == ["t2"]
        health = index.health(thorough=True)
        assert health.ok and health.needs_rebuild
        assert "versi 1" in health.problems[0] and "dibangun ulang" in health.problems[0]
        assert index.health().needs_rebuild is False  # the cheap check of every page
        index.rebuild(TYPOS)
        health = index.health(thorough=True)
        assert (health.needs_rebuild, health.problems) == (False, ())
        assert ids(index, "pertanain") == ["t1"]
    finally:
        index.drop()
