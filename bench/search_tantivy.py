"""The tantivy rows of `bench/search.py`: the same index the embedded backend
built, asked straight through tantivy's Python API.

- naive: what the *Search* issue measured — one search (top 20 and the
  count) and six facet aggregations, each under the other facets' filters,
  each running the whole text query again; the same scored query and filters
  the backend builds (`search.backends.embedded.queries`), so both match and
  count exactly the same documents.
- floor: the one search alone (top 20, no count, no facets, no highlights).
"""

from search.backends.embedded import EmbeddedIndex
from search.backends.embedded.typos import typo_terms
from search.documents import SearchQuery


def _query(text: str, filters: dict) -> SearchQuery:
    return SearchQuery(text=text, filters=filters, page_size=20)


def naive(index: EmbeddedIndex):
    builder, facets = index.queries, index.schema.facets

    def run(text: str, filters: dict):
        query = _query(text, filters)
        opened = index.opened()
        searcher = opened.searcher
        scored = builder.scored(query, typo_terms(searcher, query, opened.typos))
        top = searcher.search(builder.combine(scored, builder.filters(query)), 20, count=True)
        counts = {
            facet: searcher.aggregate(
                builder.combine(scored, builder.filters(query, skip=facet)),
                builder.aggregations([facet]),
            )
            for facet in facets
        }
        return top, counts

    return run


def floor(index: EmbeddedIndex):
    builder = index.queries

    def run(text: str, filters: dict):
        query = _query(text, filters)
        opened = index.opened()
        scored = builder.scored(query, typo_terms(opened.searcher, query, opened.typos))
        return opened.searcher.search(
            builder.combine(scored, builder.filters(query)), 20, count=False
        )

    return run
