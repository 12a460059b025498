"""`SearchQuery.match_any`: any one clause makes a match (the candidates of
similar activities), the same documents on every backend; documents matching
more of the words rank first; filters, facets, paging and synonyms as usual."""

from search.documents import SearchQuery

from .test_search_backends import CORPUS, facet
from .test_synonyms import CORPUS as SYNONYM_CORPUS
from .test_synonyms import DICTIONARY


def found(index, text, **kwargs):
    results = index.query(SearchQuery(text=text, match_any=True, page_size=50, **kwargs))
    return [hit.id for hit in results.hits]


def test_any_word_makes_a_match(empty_index):
    empty_index.upsert(CORPUS)
    # "balita" alone: 6; "pertanian": 1, 2, 7; together (AND) nothing.
    assert empty_index.query(SearchQuery(text="pertanian balita")).total == 0
    assert set(found(empty_index, "pertanian balita")) == {"1", "2", "6", "7"}
    assert found(empty_index, "sapi kambing") == []


def test_more_shared_words_rank_first(empty_index):
    empty_index.upsert(CORPUS)
    ranked = found(empty_index, "survei pertanian tanaman pangan balita")
    assert ranked[0] == "1"  # four words of its title
    assert set(ranked) == {"1", "2", "3", "6", "7"}


def test_filters_facets_and_paging_apply(empty_index):
    empty_index.upsert(CORPUS)
    assert set(found(empty_index, "pertanian balita", filters={"year": ("2025",)})) == {"2", "6"}
    results = empty_index.query(
        SearchQuery(text="pertanian balita", match_any=True, filters={"year": ("2025",)})
    )
    assert results.total == 2
    assert facet(results, "year") == {"2025": 2, "2024": 2}
    first = empty_index.query(
        SearchQuery(text="pertanian balita", match_any=True, page_size=2, with_facets=False)
    )
    second = empty_index.query(
        SearchQuery(text="pertanian balita", match_any=True, page=2, page_size=2)
    )
    assert first.total == second.total == 4
    both = [hit.id for hit in first.hits + second.hits]
    assert sorted(both) == ["1", "2", "6", "7"]
    assert empty_index.ids(SearchQuery(text="pertanian balita", match_any=True)) == both


def test_a_synonym_group_is_one_clause(empty_index):
    empty_index.upsert(SYNONYM_CORPUS)
    # "UMKM" is any of its alternatives (the long form needs all its words);
    # "puskesmas" is another clause.
    assert set(found(empty_index, "UMKM puskesmas", synonyms=DICTIONARY)) == {"1", "2", "4", "6"}
    assert set(found(empty_index, "UMKM puskesmas")) == {"2", "4"}


def test_without_match_any_every_clause_is_still_required(empty_index):
    empty_index.upsert(CORPUS)
    assert SearchQuery().match_any is False
    assert [hit.id for hit in empty_index.query(SearchQuery(text="survei pertanian")).hits] == [
        "1",
        "7",
    ]
