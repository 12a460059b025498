"""The expansion of query terms by the synonym dictionary (no engine)."""

from search.documents import SearchQuery
from search.synonyms import Synonyms

DICTIONARY = Synonyms.from_phrases(
    [["UMKM", "usaha mikro kecil menengah"], ["SKM", "survei kepuasan masyarakat"]]
)


def test_without_synonyms_every_term_is_its_own_group():
    assert SearchQuery(text="survei pertanian").term_groups == [(("survei",),), (("tani",),)]


def test_an_acronym_becomes_its_alternatives():
    groups = SearchQuery(text="umkm banjarnegara", synonyms=DICTIONARY).term_groups
    assert groups[0][0] == ("umkm",)
    assert len(groups[0]) == 2 and len(groups[0][1]) == 4
    assert groups[1] == (("banjarnegara",),)


def test_the_longest_phrase_wins_and_is_consumed():
    groups = SearchQuery(
        text="survei kepuasan masyarakat puskesmas", synonyms=DICTIONARY
    ).term_groups
    assert [len(group) for group in groups] == [2, 1]
    assert groups[0][0] == ("skm",)


def test_a_partial_phrase_does_not_expand():
    assert SearchQuery(text="kepuasan masyarakat", synonyms=DICTIONARY).term_groups == [
        (("puas",),),
        (("masyarakat",),),
    ]


def test_blank_and_duplicate_alternatives_are_dropped():
    synonyms = Synonyms.from_phrases([["UMKM", "umkm", "  ", "yang"], ["x"]])
    assert synonyms.groups == ()
