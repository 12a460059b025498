"""A `SearchQuery` as tantivy queries: the scored text query (BM25 per field,
boosted by the field's weight), the same matching on `_all` without scores
(for the facet counts), the filters, and the facet aggregations."""

from tantivy import Occur, Query

from ...documents import FacetCount, SearchQuery
from ...synonyms import TermGroup
from .layout import ALL, Layout

# Terms aggregations return every value (the facets are small vocabularies),
# as the Elasticsearch backend asks; counted over every segment, so exact.
FACET_SIZE = 1_000
_SEGMENT_SIZE = 65_000


def _all_of(queries: list[Query]) -> Query:
    return (
        queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Must, q) for q in queries])
    )


def _any_of(queries: list[Query]) -> Query:
    return (
        queries[0]
        if len(queries) == 1
        else Query.boolean_query([(Occur.Should, q) for q in queries])
    )


class QueryBuilder:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.schema = layout.tantivy_schema

    def term_in_any_field(self, term: str, fields: dict[str, str] | None = None) -> Query:
        """One term, scored by BM25 in every field it is in, each score times
        the field's weight (a word in the title counts ten times one in the
        catch-all text)."""
        fields = fields or self.layout.text_fields
        return _any_of(
            [
                Query.boost_query(
                    Query.term_query(self.schema, field, term), self.layout.weights[name]
                )
                for name, field in fields.items()
            ]
        )

    def _groups(self, groups: list[TermGroup], term) -> Query:
        # Every group; in a group any one alternative; in an alternative every term.
        return _all_of(
            [_any_of([_all_of([term(t) for t in alt]) for alt in group]) for group in groups]
        )

    def scored(self, query: SearchQuery) -> Query | None:
        """The text query with scores; None when there is no text."""
        groups = query.term_groups
        return self._groups(groups, self.term_in_any_field) if groups else None

    def matching(self, query: SearchQuery) -> Query | None:
        """What `scored` matches, one term lookup each, no scores: the counts."""
        groups = query.term_groups
        if not groups:
            return None
        return self._groups(groups, lambda term: Query.term_query(self.schema, ALL, term))

    def filters(self, query: SearchQuery, *, skip: str | None = None) -> list[Query]:
        """Values OR-ed within a facet, facets AND-ed; no part in the score."""
        clauses = []
        for facet, values in query.filters.items():
            if facet == skip:
                continue
            field = self.layout.facet_fields[facet]
            terms = [Query.term_query(self.schema, field, value) for value in values]
            clauses.append(Query.const_score_query(_any_of(terms), 0.0))
        return clauses

    @staticmethod
    def combine(text: Query | None, filters: list[Query]) -> Query:
        parts = ([text] if text is not None else []) + filters
        return _all_of(parts) if parts else Query.all_query()

    def facet_requests(self, query: SearchQuery) -> list[tuple[Query, dict]]:
        """The aggregations that count every facet under the other facets'
        filters: one for the facets nobody filters on (under all the filters),
        and one for each filtered facet (under the others) — instead of one
        per facet, and each a single pass over the matches."""
        text = self.matching(query)
        unfiltered = [facet for facet in self.layout.schema.facets if facet not in query.filters]
        requests = []
        if unfiltered:
            requests.append(
                (self.combine(text, self.filters(query)), self.aggregations(unfiltered))
            )
        for facet in query.filters:
            requests.append(
                (self.combine(text, self.filters(query, skip=facet)), self.aggregations([facet]))
            )
        return requests

    def aggregations(self, facets: list[str]) -> dict:
        return {
            facet: {
                "terms": {
                    "field": self.layout.facet_fields[facet],
                    "size": FACET_SIZE,
                    "segment_size": _SEGMENT_SIZE,
                }
            }
            for facet in facets
        }


def facet_counts(result: dict, facet: str) -> list[FacetCount]:
    buckets = result.get(facet, {}).get("buckets", [])
    counts = [FacetCount(value=str(b["key"]), count=int(b["doc_count"])) for b in buckets]
    return sorted(counts, key=lambda c: (-c.count, c.value))
