"""A `SearchQuery` as tantivy queries (the clauses of SEARCH-SPEC §1): the
scored text query, the same matching without scores on `_all`/`_xall` (for
the facet counts), the filters, and the facet aggregations.

Every clause is required (any one with `match_any`):

- a word: its stem in any stemmed field (BM25 times the field's weight), or,
  from 5 letters, a word of an exact field within its typo distance (the
  words `typos.py` finds; FUZZY_BOOST of the weight, so below a stem match);
  the typed word itself in an exact field adds EXACT_BOOST of the weight;
- a phrase: its stems in order in one stemmed field;
- a synonym group: any one alternative, an alternative all of its stems.

Proximity (`SearchQuery.proximity`) adds optional phrases boosted by
PHRASE_BOOST: they change the order, never which documents match.
"""

from tantivy import Occur, Query

from ...clauses import Clause, Phrase, Word
from ...documents import EXACT_BOOST, FUZZY_BOOST, PHRASE_BOOST, FacetCount, SearchQuery
from .layout import ALL, EXACT_ALL, Layout
from .typos import TypoTerms

# Terms aggregations return every value (the facets are small vocabularies),
# as the Elasticsearch backend asks; counted over every segment, so exact.
FACET_SIZE = 1_000
_SEGMENT_SIZE = 65_000
# tantivy scores a term-set match as a constant (the boost), not by BM25: kept
# this small, a typo-only match ranks below a match of the stem even where the
# stem is in most documents (BM25's idf is then small too).
FUZZY_SCALE = 0.001


def _all_of(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def _any_of(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, q) for q in queries])


class QueryBuilder:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.schema = layout.tantivy_schema

    def _weighted(self, fields: dict[str, str], make, boost: float = 1.0) -> Query:
        """`make(field)` in any of `fields`, scored by the best field, times
        its weight (a dis_max, as Elasticsearch's cross_fields and
        best_fields score a term)."""
        queries = [
            Query.boost_query(make(field), self.layout.weights[name] * boost)
            for name, field in fields.items()
        ]
        return queries[0] if len(queries) == 1 else Query.disjunction_max_query(queries)

    def term_in_any_field(self, term: str, fields: dict[str, str] | None = None) -> Query:
        """One stem, scored by BM25 in every field it is in, each score times
        the field's weight (a word in the title counts ten times one in the
        catch-all text)."""
        return self._weighted(
            fields or self.layout.text_fields,
            lambda field: Query.term_query(self.schema, field, term),
        )

    def _phrase(self, stems: tuple[str, ...], boost: float = 1.0) -> Query:
        return self._weighted(
            self.layout.text_fields,
            lambda field: Query.phrase_query(self.schema, field, list(stems)),
            boost,
        )

    def _typos(self, field: str, terms: tuple[str, ...]) -> Query:
        return Query.term_set_query(self.schema, field, list(terms))

    def _scored_clause(self, clause: Clause, typos: TypoTerms) -> Query:
        if isinstance(clause, Word):
            exact = self.layout.exact_fields
            should = [
                self.term_in_any_field(clause.stem),
                self._weighted(
                    exact,
                    lambda field: Query.term_query(self.schema, field, clause.word),
                    EXACT_BOOST,
                ),
            ]
            if typos.get(clause.word):
                should.append(
                    self._weighted(
                        exact,
                        lambda field: self._typos(field, typos[clause.word]),
                        FUZZY_BOOST * FUZZY_SCALE,
                    )
                )
            return _any_of(should)
        if isinstance(clause, Phrase):
            return self._phrase(clause.stems)
        return _any_of(
            [_all_of([self.term_in_any_field(t) for t in terms]) for terms in clause.group]
        )

    def _matching_clause(self, clause: Clause, typos: TypoTerms) -> Query:
        if isinstance(clause, Word):
            stem = Query.term_query(self.schema, ALL, clause.stem)
            if not typos.get(clause.word):
                return stem
            return _any_of([stem, self._typos(EXACT_ALL, typos[clause.word])])
        if isinstance(clause, Phrase):
            return _any_of(
                [
                    Query.phrase_query(self.schema, field, list(clause.stems))
                    for field in self.layout.text_fields.values()
                ]
            )
        return _any_of(
            [
                _all_of([Query.term_query(self.schema, ALL, t) for t in terms])
                for terms in clause.group
            ]
        )

    @staticmethod
    def _joined(query: SearchQuery, clauses: list[Query]) -> Query:
        if query.match_any:
            return _any_of(clauses)
        return _all_of(clauses)

    def scored(self, query: SearchQuery, typos: TypoTerms) -> Query | None:
        """The text query with scores; None when there is no text. `typos`:
        the index's words each typo-tolerant word also matches (`typos.py`)."""
        if not query.clauses:
            return None
        required = self._joined(query, [self._scored_clause(c, typos) for c in query.clauses])
        nearby = [self._phrase(stems, PHRASE_BOOST) for stems in query.proximity]
        if not nearby:
            return required
        # Optional beside the required part: scored when present, never needed.
        return Query.boolean_query(
            [(Occur.Must, required), *((Occur.Should, phrase) for phrase in nearby)]
        )

    def matching(self, query: SearchQuery, typos: TypoTerms) -> Query | None:
        """What `scored` matches, without scores: the counts."""
        if not query.clauses:
            return None
        return self._joined(query, [self._matching_clause(c, typos) for c in query.clauses])

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

    def facet_requests(self, query: SearchQuery, typos: TypoTerms) -> list[tuple[Query, dict]]:
        """The aggregations that count every facet under the other facets'
        filters: one for the facets nobody filters on (under all the filters),
        and one for each filtered facet (under the others) — instead of one
        per facet, and each a single pass over the matches."""
        text = self.matching(query, typos)
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
