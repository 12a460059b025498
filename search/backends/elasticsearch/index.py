"""`ClusterIndex`: documents of one schema in an Elasticsearch or OpenSearch
cluster, bulk writes, and rebuilds that swap the alias. `ElasticsearchIndex` and
`OpenSearchIndex` differ only in their client (`clients`)."""

import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ...documents import (
    MAX_RESULT_WINDOW,
    Document,
    Health,
    Hit,
    IndexSchema,
    SearchQuery,
    SearchResults,
)
from ..base import Index, Progress, SearchUnavailable, Vocabulary, batches
from .bodies import (
    _empty_results,
    build_ids_body,
    build_search_body,
    build_similar_body,
    build_vocabulary_body,
    parse_ids_response,
    parse_search_response,
    parse_similar_response,
    parse_vocabulary_response,
)
from .clients import ElasticsearchClient, EngineClient, OpenSearchClient
from .mapping import (
    MAPPING_VERSION,
    META_VERSION,
    bulk_actions,
    delete_actions,
    exact_properties,
    index_settings,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1_000


def _describe(error: Exception) -> str:
    errors = getattr(error, "errors", None)  # a bulk error lists its failed items
    if errors and isinstance(errors, list):
        return f"{error} First: {errors[0]}"
    return str(error)


class ClusterIndex(Index):
    """Documents of one schema in a cluster, read and written through an alias.

    `refresh=True` makes every write wait (refresh=wait_for) until it is
    searchable, so a search right after an upsert or delete sees it.
    `replicas` sets number_of_replicas of new indices (None: cluster default).
    `url` may list several nodes, comma-separated. Other keyword arguments go to
    the client (e.g. api_key, ca_certs, http_auth). The client is created on
    first use: constructing the backend never touches the network.
    """

    name = ""
    client_class: type[EngineClient] = EngineClient

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
        self._client: EngineClient | None = None
        self._lock = threading.Lock()
        self._ensured = False

    # -- plumbing ---------------------------------------------------------

    @property
    def client(self) -> EngineClient:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self.client_class(
                        self.url, timeout=self.timeout, **self.client_options
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
        except self.client.errors as error:
            self._ensured = False  # the alias may be gone: check again next time
            raise SearchUnavailable(
                f"{self.name} {action} ({self.alias}): {_describe(error)}"
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
        client = self.client
        with self._unavailable("create index"):
            if not client.exists_alias(self.alias):
                # A fixed name: two processes racing here create one index.
                first = f"{self.alias}-initial"
                try:
                    client.create_index(
                        first,
                        {
                            "aliases": {self.alias: {}},
                            **index_settings(self.schema, replicas=self.replicas),
                        },
                    )
                except client.bad_request as error:
                    if client.error_type(error) != "resource_already_exists_exception":
                        raise
                    if not client.exists_alias(self.alias):
                        client.update_aliases([{"add": {"index": first, "alias": self.alias}}])
            # An index made before update stamps or exact fields existed: adding
            # fields is allowed, so writes of today's documents keep working
            # there (its `_meta` keeps the old version: `health` asks for a rebuild).
            client.put_mapping(
                self.alias, {"updated_at": {"type": "keyword"}, **exact_properties(self.schema)}
            )
        self._ensured = True

    def _switch_alias(self, new: str) -> None:
        """Point the alias at `new` only, atomically, then drop the old indices."""
        client = self.client
        old = client.alias_indices(self.alias)
        actions: list[dict] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        if not old and client.exists(self.alias):
            # A concrete index holds the alias's name (made by hand): replace it.
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": new, "alias": self.alias}})
        client.update_aliases(actions)
        for name in old:
            client.delete_index(name)

    def _drop(self, name: str) -> None:
        try:
            self.client.delete_index(name)
        except self.client.errors as error:
            logger.warning("could not delete unfinished index %s: %s", name, error)

    # -- writes -----------------------------------------------------------

    def upsert(self, documents: Iterable[Document]) -> int:
        written = 0
        for batch in batches(documents, BATCH_SIZE):
            self.ensure_index()
            with self._unavailable("upsert"):
                ok, _errors = self.client.bulk(
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
        for batch in batches(ids, BATCH_SIZE):
            with self._unavailable("delete"):
                # 404: the document (or the whole index) is not there; fine.
                for ok, item in self.client.streaming_bulk(
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
            for name in self.client.alias_indices(self.alias):
                self.client.delete_index(name)
        self._ensured = False

    def rebuild(self, documents: Iterable[Document], *, progress: Progress | None = None) -> int:
        client = self.client
        new = self._new_index_name()
        with self._unavailable("rebuild"):
            client.create_index(
                new, index_settings(self.schema, replicas=self.replicas, refresh_interval="-1")
            )
        done = 0
        try:
            for batch in batches(documents, BATCH_SIZE):
                with self._unavailable("rebuild"):
                    client.bulk(
                        bulk_actions(batch, new, self.schema), chunk_size=BATCH_SIZE, max_retries=3
                    )
                done += len(batch)
                if progress:
                    progress(done)
            with self._unavailable("rebuild"):
                client.put_settings(new, {"index": {"refresh_interval": None}})
                client.refresh(new)
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
                response = self.client.search(self.alias, build_search_body(query, self.schema))
            except self.client.not_found:  # nothing indexed yet
                return _empty_results(query, self.schema)
        return parse_search_response(response, query, self.schema)

    def ids(self, query: SearchQuery, *, limit: int = MAX_RESULT_WINDOW) -> list[str]:
        if limit <= 0:
            return []
        with self._unavailable("search"):
            try:
                response = self.client.search(self.alias, build_ids_body(query, self.schema, limit))
            except self.client.not_found:  # nothing indexed yet
                return []
        return parse_ids_response(response)

    def similar(self, doc_id: str, *, limit: int = 5) -> list[Hit]:
        if limit <= 0:
            return []
        body = build_similar_body(doc_id, self.alias, limit, self.schema)
        with self._unavailable("similar"):
            try:
                response = self.client.search(self.alias, body)
            except self.client.not_found:
                return []
        return parse_similar_response(response, self.schema)

    def vocabulary(self, words: list[str]) -> Vocabulary:
        if not words:
            return set(), {}
        body = build_vocabulary_body(words, self.schema)
        with self._unavailable("suggest"):
            try:
                response = self.client.search(self.alias, body)
            except self.client.not_found:  # nothing indexed yet: nothing to suggest
                return set(words), {}
        return parse_vocabulary_response(response, words)

    def stamps(self) -> Iterator[tuple[str, str]]:
        with self._unavailable("stamps"):
            try:
                hits = list(
                    self.client.scan(
                        self.alias,
                        {"query": {"match_all": {}}, "_source": ["updated_at"]},
                        BATCH_SIZE,
                    )
                )
            except self.client.not_found:
                return iter(())
        return iter((str(hit["_id"]), hit["_source"].get("updated_at", "")) for hit in hits)

    def health(self, *, thorough: bool = False) -> Health:
        try:
            count = self.client.count(self.alias)
        except self.client.not_found:
            return Health(
                backend=self.name, ok=True, document_count=0, detail=f"{self.alias}: no index yet"
            )
        except Exception as error:  # health never raises
            return Health(
                backend=self.name, ok=False, document_count=None, detail=f"{self.name}: {error}"
            )
        problems = self._mapping_problems() if thorough else ()
        return Health(
            backend=self.name,
            ok=True,
            document_count=count,
            detail=self.alias,
            problems=problems,
            needs_rebuild=bool(problems),
        )

    def _mapping_problems(self) -> tuple[str, ...]:
        """An index behind the alias made with an older mapping: its documents
        lack what queries read (the exact text), so only a rebuild repairs it."""
        try:
            mappings = self.client.mappings(self.alias)
        except Exception as error:  # health never raises
            logger.warning("could not read the mapping of %s: %s", self.alias, error)
            return ()
        problems = []
        for name, mapping in sorted(mappings.items()):
            version = (mapping.get("_meta") or {}).get(META_VERSION, 1)
            if version < MAPPING_VERSION:
                problems.append(
                    f"indeks {name} dibuat dengan pemetaan versi {version}, kini versi "
                    f"{MAPPING_VERSION} (bentuk kata persis dan koreksi salah ketik): "
                    "perlu dibangun ulang"
                )
        return tuple(problems)


class ElasticsearchIndex(ClusterIndex):
    """Elasticsearch 8 or 9, through elasticsearch-py."""

    name = "elasticsearch"
    client_class = ElasticsearchClient


class OpenSearchIndex(ClusterIndex):
    """OpenSearch 2 or 3, through opensearch-py."""

    name = "opensearch"
    client_class = OpenSearchClient
