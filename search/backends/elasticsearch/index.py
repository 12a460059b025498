"""`ElasticsearchIndex`: the client, bulk writes, and rebuilds that swap the alias."""

import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.helpers import BulkIndexError, bulk, scan, streaming_bulk

from ...documents import Document, Health, Hit, IndexSchema, SearchQuery, SearchResults
from ..base import Index, Progress, SearchUnavailable, batches
from .bodies import (
    _empty_results,
    build_search_body,
    build_similar_body,
    parse_search_response,
    parse_similar_response,
)
from .mapping import bulk_actions, delete_actions, index_settings

logger = logging.getLogger(__name__)

BATCH_SIZE = 1_000


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
        for batch in batches(documents, BATCH_SIZE):
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
        for batch in batches(ids, BATCH_SIZE):
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
            for batch in batches(documents, BATCH_SIZE):
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
