"""The Elasticsearch backend: one index behind an alias, rebuilt side by side.

Text is analysed in Python (`search.analysis`) before it is sent: the analysed
fields hold stemmed terms separated by spaces and Elasticsearch only splits them
on whitespace, so both backends match exactly the same words. The original text
rides along in `_source`, unindexed, for highlighting (`search.highlight`).

The mapping is derived from the index's `IndexSchema`: a keyword per facet,
an analysed text field per searchable field (`<name>_text` where a facet has
the name), the original of each shown field as `<name>_original`, and the
order date and key under the names the schema gives them.

Searches and writes go through the alias `<prefix>-<schema name>`; `rebuild()`
fills a new concrete index `<alias>-<time>-<random>` and swaps the alias to it in
one atomic `update_aliases` call, so searches never go dark.

The request bodies are built and the responses parsed by pure functions
(`build_search_body`, `parse_search_response`, ...), testable without a server.
"""

import datetime
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.dsl import Date, Keyword, Mapping, Q, Search, Text
from elasticsearch.helpers import BulkIndexError, bulk, scan, streaming_bulk

from ..documents import (
    MAX_RESULT_WINDOW,
    Document,
    FacetCount,
    Health,
    Hit,
    IndexSchema,
    SearchQuery,
    SearchResults,
)
from ..highlight import highlight
from .base import Index, Progress, SearchUnavailable

logger = logging.getLogger(__name__)

BATCH_SIZE = 1_000
# Terms aggregations return every value (the facets are small vocabularies).
FACET_SIZE = 1_000
SIMILAR_TERMS = 12


def analysed_fields(schema: IndexSchema) -> dict[str, str]:
    """Searchable field -> its analysed field in the mapping. A facet keyword
    may hold the field's name (`agency`): its analysed text is then `agency_text`."""
    return {
        text.name: f"{text.name}_text" if text.name in schema.facets else text.name
        for text in schema.text_fields
    }


def original_fields(schema: IndexSchema) -> dict[str, str]:
    """Shown field -> where its original text is kept (in _source, unindexed)."""
    return {name: f"{name}_original" for name in schema.shown_fields}


def tiebreak_sort(schema: IndexSchema) -> list[dict]:
    """Ties in score (and the whole order of "newest"): newest first, then the
    key; the id last only makes deep paging stable."""
    return [
        {schema.date_field: {"order": "desc"}},
        {schema.key_field: {"order": "asc"}},
        {"id": {"order": "asc"}},
    ]


def _analysed() -> Text:
    # Already lowercased, folded and stemmed: only split on spaces.
    return Text(analyzer="whitespace", similarity="BM25")


def index_mapping(schema: IndexSchema) -> dict[str, Any]:
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    mapping.field("id", Keyword())
    mapping.field(schema.key_field, Keyword())
    mapping.field(schema.date_field, Date())
    # The source's update stamp as text (a date field would keep milliseconds only).
    mapping.field("updated_at", Keyword())
    for facet in schema.facets:  # values are strings ("2024")
        mapping.field(facet, Keyword())
    for analysed in analysed_fields(schema).values():
        mapping.field(analysed, _analysed())
    for original in original_fields(schema).values():
        mapping.field(original, Text(index=False))
    return mapping.to_dict()


def index_settings(
    schema: IndexSchema, *, replicas: int | None = None, refresh_interval: str | None = None
) -> dict[str, Any]:
    """The body of `indices.create` for a concrete index of `schema`.

    One shard: the corpus is small, and BM25 statistics are then global, as in
    the embedded backend.
    """
    settings: dict[str, Any] = {"number_of_shards": 1, "max_result_window": MAX_RESULT_WINDOW}
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    if refresh_interval is not None:
        settings["refresh_interval"] = refresh_interval
    return {"settings": settings, "mappings": index_mapping(schema)}


def document_source(document: Document, schema: IndexSchema) -> dict[str, Any]:
    analysed = document.analyzed(schema)
    return {
        "id": document.id,
        schema.key_field: document.key,
        schema.date_field: document.date.isoformat(),
        "updated_at": document.stamp,
        **{facet: str(document.facets[facet]) for facet in schema.facets},
        **{target: analysed[name] for name, target in analysed_fields(schema).items()},
        **{
            target: list(document.texts.get(name, ()))
            if schema.is_many(name)
            else document.text(name)
            for name, target in original_fields(schema).items()
        },
    }


def stamp_version(stamp: str) -> int:
    """An update stamp as an external version (microseconds since 1970)."""
    moment = datetime.datetime.fromisoformat(stamp)
    return (moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) // datetime.timedelta(
        microseconds=1
    )


def bulk_actions(
    documents: Iterable[Document], index_name: str, schema: IndexSchema
) -> Iterator[dict]:
    """Index (create or replace) actions for `elasticsearch.helpers.bulk`.

    A document with an update stamp is versioned by it (`external_gte`): an
    older version than the one indexed is refused (409, ignored), so two
    processes applying the same jobs cannot leave the older text."""
    for document in documents:
        action = {
            "_op_type": "index",
            "_index": index_name,
            "_id": document.id,
            "_source": document_source(document, schema),
        }
        if document.stamp:
            action.update(version=stamp_version(document.stamp), version_type="external_gte")
        yield action


def delete_actions(ids: Iterable[str], index_name: str) -> Iterator[dict]:
    for doc_id in ids:
        yield {"_op_type": "delete", "_index": index_name, "_id": str(doc_id)}


def _text_query(terms: list[str], schema: IndexSchema) -> Q:
    if not terms:
        return Q("match_all")
    # Term-centric: every term must be in at least one field (AND of terms).
    return Q(
        "multi_match",
        query=" ".join(terms),
        type="cross_fields",
        operator="and",
        fields=[
            f"{analysed_fields(schema)[text.name]}^{text.weight:g}" for text in schema.text_fields
        ],
    )


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
    text = _text_query(terms, schema)
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
    terms = query.terms
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


def _batches(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _error_type(error: ApiError) -> str | None:
    body = error.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("type")
    return None


def _describe(error: Exception) -> str:
    if isinstance(error, BulkIndexError) and error.errors:
        return f"{error} First: {error.errors[0]}"
    return str(error)


class ElasticsearchIndex(Index):
    """Documents of one schema in Elasticsearch, read and written through an alias.

    `refresh=True` makes every write wait (refresh=wait_for) until it is
    searchable, so a search right after an upsert or delete sees it.
    `replicas` sets number_of_replicas of new indices (None: cluster default).
    Other keyword arguments go to the `Elasticsearch` client (e.g. api_key,
    ca_certs, max_retries). The client is created on first use: constructing
    the backend never touches the network.
    """

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        index_prefix: str = "rekomstat",
        *,
        schema: IndexSchema,
        timeout: float = 10.0,
        refresh: bool = True,
        replicas: int | None = None,
        **client_options: Any,
    ):
        self.url = url
        self.schema = schema
        self.alias = f"{index_prefix}-{schema.name}".lower()
        self.timeout = timeout
        self.refresh = refresh
        self.replicas = replicas
        self.client_options = client_options
        self._client: Elasticsearch | None = None
        self._lock = threading.Lock()
        self._ensured = False

    # -- plumbing ---------------------------------------------------------

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = Elasticsearch(
                        self.url, request_timeout=self.timeout, **self.client_options
                    )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @contextmanager
    def _unavailable(self, action: str):
        try:
            yield
        except (ApiError, TransportError, BulkIndexError) as error:
            self._ensured = False  # the alias may be gone: check again next time
            raise SearchUnavailable(
                f"elasticsearch {action} ({self.alias}): {_describe(error)}"
            ) from error

    def _refresh(self) -> dict[str, str]:
        return {"refresh": "wait_for"} if self.refresh else {}

    def _new_index_name(self) -> str:
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        return f"{self.alias}-{stamp}-{uuid.uuid4().hex[:6]}"

    def ensure_index(self) -> None:
        """Create a first concrete index behind the alias unless it exists."""
        if self._ensured:
            return
        indices = self.client.indices
        with self._unavailable("create index"):
            if not indices.exists_alias(name=self.alias):
                # A fixed name: two processes racing here create one index.
                first = f"{self.alias}-initial"
                try:
                    indices.create(
                        index=first,
                        aliases={self.alias: {}},
                        **index_settings(self.schema, replicas=self.replicas),
                    )
                except BadRequestError as error:
                    if _error_type(error) != "resource_already_exists_exception":
                        raise
                    if not indices.exists_alias(name=self.alias):
                        indices.update_aliases(
                            actions=[{"add": {"index": first, "alias": self.alias}}]
                        )
            # An index made before update stamps existed: adding a field is allowed.
            indices.put_mapping(index=self.alias, properties={"updated_at": {"type": "keyword"}})
        self._ensured = True

    def _switch_alias(self, new: str) -> None:
        """Point the alias at `new` only, atomically, then drop the old indices."""
        indices = self.client.indices
        try:
            old = sorted(indices.get_alias(name=self.alias).body)
        except NotFoundError:
            old = []
        actions: list[dict] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        if not old and indices.exists(index=self.alias):
            # A concrete index holds the alias's name (made by hand): replace it.
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": new, "alias": self.alias}})
        indices.update_aliases(actions=actions)
        for name in old:
            indices.delete(index=name, ignore_unavailable=True)

    def _drop(self, name: str) -> None:
        try:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        except (ApiError, TransportError) as error:
            logger.warning("could not delete unfinished index %s: %s", name, error)

    # -- writes -----------------------------------------------------------

    def upsert(self, documents: Iterable[Document]) -> int:
        written = 0
        for batch in _batches(documents, BATCH_SIZE):
            self.ensure_index()
            with self._unavailable("upsert"):
                ok, _errors = bulk(
                    self.client,
                    bulk_actions(batch, self.alias, self.schema),
                    chunk_size=BATCH_SIZE,
                    require_alias=True,  # never let a write auto-create an index
                    ignore_status=(409,),  # an older version than the one indexed
                    **self._refresh(),
                )
            written += ok
        return written

    def delete(self, ids: Iterable[str]) -> int:
        removed = 0
        for batch in _batches(ids, BATCH_SIZE):
            with self._unavailable("delete"):
                # 404: the document (or the whole index) is not there; fine.
                for ok, item in streaming_bulk(
                    self.client,
                    delete_actions(batch, self.alias),
                    chunk_size=BATCH_SIZE,
                    ignore_status=(404,),
                    require_alias=True,
                    **self._refresh(),
                ):
                    if ok and item.get("delete", {}).get("result") == "deleted":
                        removed += 1
        return removed

    def clear(self) -> None:
        # A fresh empty index rather than delete_by_query: deleted documents
        # would linger in the BM25 statistics until merged away.
        self.rebuild(())

    def drop(self) -> None:
        """Delete the alias and every index behind it (test and bench clean-up)."""
        with self._unavailable("drop"):
            try:
                names = sorted(self.client.indices.get_alias(name=self.alias).body)
            except NotFoundError:
                names = []
            for name in names:
                self.client.indices.delete(index=name, ignore_unavailable=True)
        self._ensured = False

    def rebuild(self, documents: Iterable[Document], *, progress: Progress | None = None) -> int:
        client = self.client
        new = self._new_index_name()
        with self._unavailable("rebuild"):
            client.indices.create(
                index=new,
                **index_settings(self.schema, replicas=self.replicas, refresh_interval="-1"),
            )
        done = 0
        try:
            for batch in _batches(documents, BATCH_SIZE):
                with self._unavailable("rebuild"):
                    bulk(
                        client,
                        bulk_actions(batch, new, self.schema),
                        chunk_size=BATCH_SIZE,
                        max_retries=3,
                    )
                done += len(batch)
                if progress:
                    progress(done)
            with self._unavailable("rebuild"):
                client.indices.put_settings(
                    index=new, settings={"index": {"refresh_interval": None}}
                )
                client.indices.refresh(index=new)
                self._switch_alias(new)
        except BaseException:
            self._drop(new)
            raise
        self._ensured = True
        return done

    # -- reads ------------------------------------------------------------

    def query(self, query: SearchQuery) -> SearchResults:
        with self._unavailable("search"):
            try:
                body = build_search_body(query, self.schema)
                response = self.client.search(index=self.alias, body=body)
            except NotFoundError:  # nothing indexed yet
                return _empty_results(query, self.schema)
        return parse_search_response(response.body, query, self.schema)

    def similar(self, doc_id: str, *, limit: int = 5) -> list[Hit]:
        if limit <= 0:
            return []
        body = build_similar_body(doc_id, self.alias, limit, self.schema)
        with self._unavailable("similar"):
            try:
                response = self.client.search(index=self.alias, body=body)
            except NotFoundError:
                return []
        return parse_similar_response(response.body, self.schema)

    def stamps(self) -> Iterator[tuple[str, str]]:
        with self._unavailable("stamps"):
            try:
                hits = list(
                    scan(
                        self.client,
                        index=self.alias,
                        query={"query": {"match_all": {}}, "_source": ["updated_at"]},
                        size=BATCH_SIZE,
                    )
                )
            except NotFoundError:
                return iter(())
        return iter((str(hit["_id"]), hit["_source"].get("updated_at", "")) for hit in hits)

    def health(self, *, thorough: bool = False) -> Health:
        try:
            count = self.client.count(index=self.alias)["count"]
        except NotFoundError:
            return Health(
                backend=self.name, ok=True, document_count=0, detail=f"{self.alias}: no index yet"
            )
        except Exception as error:  # health never raises
            return Health(
                backend=self.name, ok=False, document_count=None, detail=f"elasticsearch: {error}"
            )
        return Health(backend=self.name, ok=True, document_count=int(count), detail=self.alias)


__all__ = [
    "ElasticsearchIndex",
    "analysed_fields",
    "build_search_body",
    "build_similar_body",
    "bulk_actions",
    "delete_actions",
    "document_source",
    "index_mapping",
    "index_settings",
    "parse_search_response",
    "parse_similar_response",
]
