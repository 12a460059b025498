"""The `_search` bodies of a query (filters, facet aggregations, sort) and of
similar documents, and the parsing of their responses into results."""

from typing import Any

from elasticsearch.dsl import Q, Search

from ...documents import MAX_RESULT_WINDOW, FacetCount, Hit, IndexSchema, SearchQuery, SearchResults
from ...highlight import highlight
from ...synonyms import TermGroup, has_alternatives
from .mapping import analysed_fields, original_fields

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


def _all_terms_query(
    terms: list[str] | tuple[str, ...], schema: IndexSchema, *, operator: str = "and"
) -> Q:
    # Term-centric: every term must be in at least one field (AND of terms);
    # with operator "or", any one term in any field.
    return Q(
        "multi_match",
        query=" ".join(terms),
        type="cross_fields",
        operator=operator,
        fields=[
            f"{analysed_fields(schema)[text.name]}^{text.weight:g}" for text in schema.text_fields
        ],
    )


def _text_query(groups: list[TermGroup], schema: IndexSchema, *, match_any: bool = False) -> Q:
    if not groups:
        return Q("match_all")
    plain = [group[0][0] for group in groups if len(group) == 1 and len(group[0]) == 1]
    if match_any:
        return _any_group_query(groups, plain, schema)
    if not has_alternatives(groups):
        return _all_terms_query(plain, schema)
    # With synonyms, as the embedded MATCH: the plain terms all required, and
    # each group any one of its alternatives, an alternative all of its terms.
    clauses = [_all_terms_query(plain, schema)] if plain else []
    for group in groups:
        if len(group) == 1 and len(group[0]) == 1:
            continue
        alternatives = [_all_terms_query(terms, schema) for terms in group]
        clauses.append(
            alternatives[0]
            if len(alternatives) == 1
            else Q("bool", should=alternatives, minimum_should_match=1)
        )
    return Q("bool", must=clauses)


def _any_group_query(groups: list[TermGroup], plain: list[str], schema: IndexSchema) -> Q:
    # As the embedded OR of groups: any plain term, or any one alternative of a
    # group (an alternative still all of its terms); more matches score higher.
    clauses = [_all_terms_query(plain, schema, operator="or")] if plain else []
    for group in groups:
        if len(group) == 1 and len(group[0]) == 1:
            continue
        clauses.extend(_all_terms_query(terms, schema) for terms in group)
    if len(clauses) == 1:
        return clauses[0]
    return Q("bool", should=clauses, minimum_should_match=1)


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
    text = _text_query(query.term_groups, schema, match_any=query.match_any)
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
    text = _text_query(query.term_groups, schema, match_any=query.match_any)
    filters = _filter_clauses(query.filters, schema)
    search = Search().query(Q("bool", must=[text], filter=filters) if filters else text)
    order = tiebreak_sort(schema)
    if terms and query.sort == "relevance":
        order.insert(0, "_score")
    search = search.sort(*order).source(False)[0 : max(0, min(int(limit), MAX_RESULT_WINDOW))]
    return search.extra(track_total_hits=False).to_dict()


def parse_ids_response(response: dict[str, Any]) -> list[str]:
    return [str(raw["_id"]) for raw in response["hits"]["hits"]]


def _shown_text(source: dict[str, Any], field: str) -> str:
    value = source.get(field) or ""
    return value if isinstance(value, str) else "; ".join(value)


def _hit(raw: dict[str, Any], terms: list[str], schema: IndexSchema) -> Hit:
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
    hits = [_hit(raw, terms, schema) for raw in response["hits"]["hits"]]
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
