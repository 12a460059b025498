"""The `_search` bodies of a query (clauses, filters, facet aggregations,
sort), of similar documents and of the vocabulary "Maksud Anda" reads, and
the parsing of their responses.

A query's clauses (`SearchQuery.clauses`) are all required (bool `must`):

- a word: its stem in any stemmed field (cross_fields, the schema's weights),
  or, from 5 letters, the typed word within its typo distance of a word of an
  exact field (`fuzzy`, prefix length 1, transpositions, FUZZY_BOOST of the
  weights); the typed word itself in an exact field adds EXACT_BOOST of the
  weights, so the exact form ranks first and a typo-only match last;
- a phrase: `match_phrase` of its stems in one stemmed field;
- a synonym group: any one alternative, an alternative all of its stems.

Proximity (`SearchQuery.proximity`) adds optional `should` phrases boosted by
PHRASE_BOOST: they change the order, never which documents match.
"""

from typing import Any

from elasticsearch.dsl import Q, Search

from ...analysis import stem
from ...clauses import Clause, Phrase, Word
from ...documents import (
    EXACT_BOOST,
    FUZZY_BOOST,
    MAX_RESULT_WINDOW,
    PHRASE_BOOST,
    FacetCount,
    Hit,
    IndexSchema,
    SearchQuery,
    SearchResults,
)
from ...highlight import highlight
from ...spelling import SUGGEST_DISTANCE
from .mapping import VOCABULARY_FIELD, analysed_fields, exact_fields, original_fields

# Terms aggregations return every value (the facets are small vocabularies).
FACET_SIZE = 1_000
SIMILAR_TERMS = 12


def tiebreak_sort(schema: IndexSchema) -> list[dict]:
    """Ties in score (and the whole order of "newest"): newest first, then the
    key; the id last only makes deep paging stable."""
    return [
        {schema.date_field: {"order": "desc"}},
        {schema.key_field: {"order": "asc"}},
        {"id": {"order": "asc"}},
    ]


def _weighted(fields: dict[str, str], schema: IndexSchema, boost: float = 1.0) -> list[str]:
    return [f"{fields[text.name]}^{text.weight * boost:g}" for text in schema.text_fields]


def _all_terms_query(terms: list[str] | tuple[str, ...], schema: IndexSchema) -> Q:
    # Term-centric: every term must be in at least one field (AND of terms).
    return Q(
        "multi_match",
        query=" ".join(terms),
        type="cross_fields",
        operator="and",
        fields=_weighted(analysed_fields(schema), schema),
    )


def _word_query(word: Word, schema: IndexSchema) -> Q:
    should = [
        _all_terms_query([word.stem], schema),
        Q(
            "multi_match",
            query=word.word,
            type="cross_fields",
            fields=_weighted(exact_fields(schema), schema, EXACT_BOOST),
        ),
    ]
    if word.typo_distance:
        should.append(
            Q(
                "multi_match",
                query=word.word,
                type="best_fields",
                fields=_weighted(exact_fields(schema), schema, FUZZY_BOOST),
                fuzziness=word.typo_distance,
                prefix_length=1,
                fuzzy_transpositions=True,
            )
        )
    return Q("bool", should=should, minimum_should_match=1)


def _phrase_query(stems: tuple[str, ...], schema: IndexSchema, boost: float = 1.0) -> Q:
    # One field at a time: the stems consecutive and in order in one field.
    return Q(
        "multi_match",
        query=" ".join(stems),
        type="phrase",
        fields=_weighted(analysed_fields(schema), schema, boost),
    )


def _clause_query(clause: Clause, schema: IndexSchema) -> Q:
    if isinstance(clause, Word):
        return _word_query(clause, schema)
    if isinstance(clause, Phrase):
        return _phrase_query(clause.stems, schema)
    alternatives = [_all_terms_query(terms, schema) for terms in clause.group]
    if len(alternatives) == 1:
        return alternatives[0]
    return Q("bool", should=alternatives, minimum_should_match=1)


def _text_query(query: SearchQuery, schema: IndexSchema) -> Q:
    clauses = [_clause_query(clause, schema) for clause in query.clauses]
    if not clauses:
        return Q("match_all")
    if query.match_any and len(clauses) > 1:
        # Any one clause makes a match; more matching clauses score higher.
        clauses = [Q("bool", should=clauses, minimum_should_match=1)]
    nearby = [_phrase_query(stems, schema, PHRASE_BOOST) for stems in query.proximity]
    if nearby:
        # `should` beside `must`: scored when present, never required.
        return Q("bool", must=clauses, should=nearby)
    return clauses[0] if len(clauses) == 1 else Q("bool", must=clauses)


def _filter_clauses(
    filters: dict[str, tuple[str, ...]], schema: IndexSchema, skip: str | None = None
) -> list[Q]:
    # Values OR-ed within a facet (terms), facets AND-ed (bool filter).
    return [
        Q("terms", **{facet: list(filters[facet])})
        for facet in schema.facets
        if facet in filters and facet != skip
    ]


def _all_of(clauses: list[Q]) -> Q:
    return Q("bool", filter=clauses) if clauses else Q("match_all")


def build_search_body(query: SearchQuery, schema: IndexSchema) -> dict[str, Any]:
    """The `_search` body for `query`.

    With facets, the filters go in `post_filter` and each facet is counted by a
    `filter` aggregation holding the *other* facets' filters around a `terms`
    aggregation (the FacetedSearch pattern). Without facets they simply filter
    the query.
    """
    schema.check(query)
    terms = query.terms
    text = _text_query(query, schema)
    filters = _filter_clauses(query.filters, schema)
    search = Search()
    if query.with_facets:
        search = search.query(text)
        if filters:
            search = search.post_filter(_all_of(filters))
        for facet in schema.facets:
            others = _filter_clauses(query.filters, schema, skip=facet)
            search.aggs.bucket(f"_filter_{facet}", "filter", filter=_all_of(others)).bucket(
                facet,
                "terms",
                field=facet,
                size=FACET_SIZE,
                order=[{"_count": "desc"}, {"_key": "asc"}],
            )
    else:
        search = search.query(Q("bool", must=[text], filter=filters) if filters else text)
    order = tiebreak_sort(schema)
    if terms and query.sort == "relevance":
        order.insert(0, "_score")
    search = search.sort(*order).source(list(original_fields(schema).values()))
    search = search[query.offset : query.offset + query.page_size]
    return search.extra(track_total_hits=True).to_dict()


def build_ids_body(query: SearchQuery, schema: IndexSchema, limit: int) -> dict[str, Any]:
    """The `_search` body of every matching id, in the order of `query`, up to
    `limit` (the result window bounds it): no source, no aggregations."""
    schema.check(query)
    terms = query.terms
    text = _text_query(query, schema)
    filters = _filter_clauses(query.filters, schema)
    search = Search().query(Q("bool", must=[text], filter=filters) if filters else text)
    order = tiebreak_sort(schema)
    if terms and query.sort == "relevance":
        order.insert(0, "_score")
    search = search.sort(*order).source(False)[0 : max(0, min(int(limit), MAX_RESULT_WINDOW))]
    return search.extra(track_total_hits=False).to_dict()


def parse_ids_response(response: dict[str, Any]) -> list[str]:
    return [str(raw["_id"]) for raw in response["hits"]["hits"]]


# -- "Maksud Anda" -------------------------------------------------------------

# Neighbours the term suggester returns per word (the nearest are picked in
# `search.spelling`).
SUGGEST_SIZE = 20


def build_vocabulary_body(words: list[str], schema: IndexSchema) -> dict[str, Any]:
    """One `_search` that says, per word, whether the index knows it (a
    `filters` aggregation: the word in an exact field or its stem in a stemmed
    field) and its neighbours in the vocabulary (a term suggester on every
    exact word, same first letter, within SUGGEST_DISTANCE edits)."""
    known = {}
    suggest = {}
    for position, word in enumerate(words):
        term_queries = [{"term": {field: word}} for field in exact_fields(schema).values()]
        term_queries += [
            {"term": {field: stem(word)}} for field in analysed_fields(schema).values()
        ]
        known[f"w{position}"] = {"bool": {"should": term_queries, "minimum_should_match": 1}}
        suggest[f"w{position}"] = {
            "text": word,
            "term": {
                "field": VOCABULARY_FIELD,
                "analyzer": "whitespace",
                "suggest_mode": "always",
                "max_edits": SUGGEST_DISTANCE,
                "prefix_length": 1,
                "min_word_length": 3,
                "size": SUGGEST_SIZE,
            },
        }
    return {
        "size": 0,
        "track_total_hits": False,
        "aggs": {"known": {"filters": {"filters": known}}},
        "suggest": suggest,
    }


def parse_vocabulary_response(
    response: dict[str, Any], words: list[str]
) -> tuple[set[str], dict[str, list[tuple[str, int]]]]:
    buckets = (response.get("aggregations") or {}).get("known", {}).get("buckets", {})
    suggestions = response.get("suggest") or {}
    known, neighbours = set(), {}
    for position, word in enumerate(words):
        if buckets.get(f"w{position}", {}).get("doc_count", 0) > 0:
            known.add(word)
        options = [
            (str(option["text"]), int(option["freq"]))
            for entry in suggestions.get(f"w{position}", [])
            for option in entry.get("options", [])
        ]
        neighbours[word] = options
    return known, neighbours


def _shown_text(source: dict[str, Any], field: str) -> str:
    value = source.get(field) or ""
    return value if isinstance(value, str) else "; ".join(value)


def _hit(
    raw: dict[str, Any],
    terms: list[str],
    schema: IndexSchema,
    typos: list[tuple[str, int]] | None = None,
) -> Hit:
    source = raw.get("_source") or {}
    score = raw.get("_score")
    originals = original_fields(schema)
    return Hit(
        id=str(raw["_id"]),
        score=float(score) if score is not None else None,
        highlight=highlight(
            title=_shown_text(source, originals[schema.title_field]),
            passages=[_shown_text(source, originals[name]) for name in schema.snippet_fields],
            terms=terms,
            typos=typos or (),
        ),
    )


def _facet_counts(aggregations: dict[str, Any], facet: str) -> list[FacetCount]:
    buckets = aggregations.get(f"_filter_{facet}", {}).get(facet, {}).get("buckets", [])
    counts = [FacetCount(value=str(b["key"]), count=int(b["doc_count"])) for b in buckets]
    return sorted(counts, key=lambda c: (-c.count, c.value))


def _empty_results(query: SearchQuery, schema: IndexSchema) -> SearchResults:
    facets = {facet: [] for facet in schema.facets} if query.with_facets else {}
    return SearchResults(query=query, total=0, hits=[], facets=facets)


def parse_search_response(
    response: dict[str, Any], query: SearchQuery, schema: IndexSchema
) -> SearchResults:
    terms = query.highlight_terms
    total = response["hits"]["total"]
    if isinstance(total, dict):  # unless rest_total_hits_as_int
        total = total["value"]
    typos = query.typo_words
    hits = [_hit(raw, terms, schema, typos) for raw in response["hits"]["hits"]]
    facets = {}
    if query.with_facets:
        aggregations = response.get("aggregations") or {}
        facets = {facet: _facet_counts(aggregations, facet) for facet in schema.facets}
    return SearchResults(query=query, total=int(total), hits=hits, facets=facets)


def build_similar_body(
    doc_id: str, index_name: str, limit: int, schema: IndexSchema
) -> dict[str, Any]:
    """more_like_this on the analysed similarity fields of `doc_id`.

    As in the embedded backend: up to 12 terms, a term only this document has
    says nothing (min_doc_freq 2), any one chosen term makes a match.
    """
    like = Q(
        "more_like_this",
        fields=[analysed_fields(schema)[field] for field in schema.similarity_fields],
        like=[{"_index": index_name, "_id": str(doc_id)}],
        min_term_freq=1,
        min_doc_freq=2,
        max_query_terms=SIMILAR_TERMS,
        minimum_should_match="1",
        include=False,
    )
    search = Search().query(Q("bool", must=[like], must_not=[Q("ids", values=[str(doc_id)])]))
    search = search.sort("_score", *tiebreak_sort(schema))
    search = search.source(list(original_fields(schema).values()))
    return search[0 : max(0, int(limit))].to_dict()


def parse_similar_response(response: dict[str, Any], schema: IndexSchema) -> list[Hit]:
    return [_hit(raw, [], schema) for raw in response["hits"]["hits"]]
