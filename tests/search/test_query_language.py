"""The query language as plain data (no engine): exact text, clauses, typo
distance and "Maksud Anda" corrections, the same for every backend."""

import pytest

from catalog.documents import ACTIVITY_SCHEMA
from search import analysis
from search.clauses import Phrase, SynonymGroup, Word
from search.documents import SearchQuery
from search.spelling import best_correction, corrected_text, words_to_check
from search.synonyms import Synonyms
from tests.factories import search_document

DICTIONARY = Synonyms.from_phrases(
    [["UMKM", "usaha mikro kecil menengah"], ["SKM", "survei kepuasan masyarakat"]]
)


def clauses(text, synonyms=DICTIONARY):
    return SearchQuery(text=text, synonyms=synonyms).clauses


# -- exact text -----------------------------------------------------------------


def test_exact_text_is_folded_without_stopwords_and_not_stemmed():
    assert analysis.exact("Pendataan Petani yang Menerima Pupuk, Désa") == (
        "pendataan petani menerima pupuk desa"
    )
    assert analysis.analyze("Pendataan Petani yang Menerima Pupuk, Désa") == (
        "data tani terima pupuk desa"
    )


def test_exact_and_stemmed_terms_agree_position_for_position():
    text = "Survei Kepuasan Masyarakat terhadap Pelayanan Perizinan di Kabupaten"
    exact, stemmed = analysis.exact_terms(text), analysis.terms(text)
    assert len(exact) == len(stemmed)
    assert [analysis.stem(word) for word in exact] == stemmed


def test_a_document_gives_exact_text_per_searchable_field():
    document = search_document(
        "1", "Pendataan Petani", objective="Mendata para petani.", variables=("Luas lahan",)
    )
    exact = document.exact(ACTIVITY_SCHEMA)
    assert set(exact) == {text.name for text in ACTIVITY_SCHEMA.text_fields}
    assert exact["title"] == "pendataan petani"
    assert exact["objective"] == "mendata petani"
    assert exact["variables"] == "luas lahan"
    assert document.analyzed(ACTIVITY_SCHEMA)["title"] == "data tani"


# -- clauses ----------------------------------------------------------------------


def test_plain_words_are_word_clauses_with_their_stem():
    assert clauses("Pendataan Petani") == [
        Word(word="pendataan", stem="data"),
        Word(word="petani", stem="tani"),
    ]


def test_a_quoted_segment_is_a_phrase_without_its_stopwords():
    assert clauses('survei "kepuasan terhadap pelayanan" desa') == [
        Word(word="survei", stem="survei"),
        Phrase(words=("kepuasan", "pelayanan"), stems=("puas", "layan")),
        Word(word="desa", stem="desa"),
    ]


def test_an_unclosed_quote_runs_to_the_end_and_typographic_quotes_count():
    assert clauses('desa "luas panen padi') == [
        Word(word="desa", stem="desa"),
        Phrase(words=("luas", "panen", "padi"), stems=("luas", "panen", "padi")),
    ]
    assert clauses("“luas panen” padi") == [
        Phrase(words=("luas", "panen"), stems=("luas", "panen")),
        Word(word="padi", stem="padi"),
    ]


def test_a_phrase_of_one_word_is_a_plain_word_not_expanded():
    assert clauses('"pertanian"') == [Word(word="pertanian", stem="tani")]
    assert clauses('"UMKM"') == [Word(word="umkm", stem="umkm")]
    assert clauses('""') == clauses('"') == clauses('" yang "') == []


def test_synonyms_replace_the_words_they_spell_outside_quotes_only():
    (group, word) = clauses("usaha mikro kecil menengah banjarnegara")
    assert isinstance(group, SynonymGroup)
    assert group.words == ("usaha", "mikro", "kecil", "menengah")
    assert ("umkm",) in group.group
    assert word == Word(word="banjarnegara", stem="banjarnegara")
    (phrase,) = clauses('"usaha mikro kecil menengah"')
    assert phrase == Phrase(
        words=("usaha", "mikro", "kecil", "menengah"), stems=("usaha", "mikro", "kecil", "tengah")
    )


def test_terms_groups_and_highlights_derive_from_the_clauses():
    query = SearchQuery(text='umkm "luas panen" petani pertanian', synonyms=DICTIONARY)
    assert query.terms == ["umkm", "luas", "panen", "tani"]
    assert query.term_groups == [
        (("umkm",), ("usaha", "mikro", "kecil", "tengah")),
        (("luas", "panen"),),
        (("tani",),),
    ]
    assert query.highlight_terms == [
        "umkm",
        "usaha",
        "mikro",
        "kecil",
        "tengah",
        "luas",
        "panen",
        "tani",
    ]


def test_proximity_rewards_words_typed_together_and_multiword_alternatives():
    query = SearchQuery(text='dinas kesehatan "luas panen" umkm desa', synonyms=DICTIONARY)
    assert query.proximity == [("dinas", "sehat"), ("usaha", "mikro", "kecil", "tengah")]
    assert SearchQuery(text="pertanian").proximity == []


def test_repeated_clauses_are_kept_once_and_the_words_are_bounded():
    assert clauses("petani petani PETANI") == [Word(word="petani", stem="tani")]
    many = " ".join(f"kata{n}" for n in range(100))
    assert len(clauses(many)) == analysis.MAX_QUERY_TERMS
    long_phrase = '"' + " ".join(f"kata{n}" for n in range(100)) + '"'
    (phrase,) = clauses("desa " + long_phrase)[1:]
    assert len(phrase.words) == analysis.MAX_QUERY_TERMS - 1


@pytest.mark.parametrize(
    "text", ['"', "*", "NEAR(tani data)", "title:survei OR x", "\x00\x1f", "漢字 🙂", "x" * 10_000]
)
def test_any_text_gives_only_folded_alphanumeric_words(text):
    for clause in clauses(text):
        words = (clause.word,) if isinstance(clause, Word) else clause.words
        assert all(word.isalnum() and word == analysis.fold(word) for word in words)


# -- typo distance ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "distance"),
    [("ipm", 0), ("data", 0), ("panen", 1), ("pertani", 1), ("pertanain", 2), ("2024", 0)],
)
def test_typo_distance_grows_with_the_word(word, distance):
    assert analysis.typo_distance(word) == distance
    assert Word(word=word, stem=analysis.stem(word)).typo_distance == distance


def test_edit_distance_counts_a_transposition_as_one_edit():
    assert analysis.edit_distance("pertanain", "pertanian") == 1
    assert analysis.edit_distance("kepuasaan", "kepuasan") == 1
    assert analysis.edit_distance("sensus", "sensus") == 0
    assert analysis.edit_distance("pendataan", "pendapatan") == 2
    assert analysis.edit_distance("", "abc") == 3


# -- Maksud Anda ----------------------------------------------------------------


def test_only_plain_and_phrase_words_long_enough_are_checked():
    query = SearchQuery(text='umkm pertanain "luas panen" 2024 di', synonyms=DICTIONARY)
    assert words_to_check(query) == ["pertanain", "luas", "panen"]


def test_the_nearest_then_most_frequent_neighbour_with_the_same_first_letter_wins():
    neighbours = [("pertanian", 30), ("pertanahan", 40), ("bertanian", 99), ("pertanain", 5)]
    # pertanahan is more frequent but 2 edits away, pertanian 1.
    assert best_correction("pertanain", neighbours) == "pertanian"
    assert best_correction("pertanain", [("pertanahan", 40), ("pertanaman", 50)]) == "pertanaman"
    assert best_correction("kepuasaan", [("kepuasan", 12), ("keputusan", 50)]) == "kepuasan"
    assert best_correction("ipn", [("ipm", 3), ("ikn", 9), ("ipmx", 99)]) == "ikn"
    assert best_correction("pertanain", []) is None


def test_corrected_text_replaces_only_unknown_words_and_keeps_quotes():
    query = SearchQuery(text='Survei "Kepuasaan Masyarakat" Pertanain')
    text = corrected_text(
        query,
        known={"survei", "masyarakat"},
        neighbours={"kepuasaan": [("kepuasan", 4)], "pertanain": [("pertanian", 9)]},
    )
    assert text == 'survei "kepuasan masyarakat" pertanian'
    assert corrected_text(query, known={"survei", "masyarakat"}, neighbours={}) is None
