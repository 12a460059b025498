"""The only part of the cluster backends that differs between engines: the client
library. `ElasticsearchClient` speaks through elasticsearch-py 8.x (it talks to
Elasticsearch 8 natively and to 9 through REST compatibility),
`OpenSearchClient` through opensearch-py (OpenSearch 2 and 3). Both take and
return plain dicts, so the mapping, the analysis, the query and facet bodies,
bulk indexing and the alias swap are one code for every engine
(`index.ClusterIndex`)."""

from collections.abc import Iterable, Iterator
from typing import Any

import elasticsearch
import opensearchpy
from elasticsearch import helpers as elasticsearch_helpers
from opensearchpy import helpers as opensearch_helpers


class EngineClient:
    """A thin adapter over one client library (`engine` names it in messages)."""

    engine = ""
    # Raised by the library: any failure, a missing index, a refused request.
    errors: tuple[type[Exception], ...] = ()
    not_found: type[Exception] = Exception
    bad_request: type[Exception] = Exception

    def __init__(self, url: str, *, timeout: float, **options: Any):
        self.hosts = [host.strip() for host in url.split(",") if host.strip()]
        self.timeout = timeout
        self.options = options
        self.client = self._connect()

    def _connect(self):
        raise NotImplementedError

    def close(self) -> None:
        self.client.close()

    @staticmethod
    def error_type(error: Exception) -> str | None:
        """The engine's error type (`resource_already_exists_exception`, ...)."""
        for body in (getattr(error, "body", None), getattr(error, "info", None)):
            if isinstance(body, dict) and isinstance(body.get("error"), dict):
                return body["error"].get("type")
        return None

    # -- the calls the cluster index makes, in dicts -------------------------

    def create_index(self, name: str, body: dict[str, Any]) -> None:
        self.client.indices.create(index=name, body=body)

    def put_mapping(self, index: str, properties: dict[str, Any]) -> None:
        self.client.indices.put_mapping(index=index, body={"properties": properties})

    def mappings(self, index: str) -> dict[str, dict[str, Any]]:
        """Concrete index -> its mapping (`_meta`, `properties`, ...)."""
        found = dict(self.client.indices.get_mapping(index=index))
        return {name: dict(body).get("mappings", {}) for name, body in found.items()}

    def put_settings(self, index: str, settings: dict[str, Any]) -> None:
        self.client.indices.put_settings(index=index, body=settings)

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(body={"actions": actions})

    def alias_indices(self, alias: str) -> list[str]:
        """The concrete indices behind `alias`, none when it does not exist."""
        try:
            return sorted(dict(self.client.indices.get_alias(name=alias)))
        except self.not_found:
            return []

    def exists_alias(self, alias: str) -> bool:
        return bool(self.client.indices.exists_alias(name=alias))

    def exists(self, index: str) -> bool:
        return bool(self.client.indices.exists(index=index))

    def delete_index(self, name: str) -> None:
        self.client.indices.delete(index=name, ignore_unavailable=True)

    def refresh(self, index: str) -> None:
        self.client.indices.refresh(index=index)

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self.client.search(index=index, body=body))

    def count(self, index: str) -> int:
        return int(self.client.count(index=index)["count"])

    def info(self) -> dict[str, Any]:
        return dict(self.client.info())

    # helpers.bulk / streaming_bulk / scan of the library
    helpers: Any = None

    def bulk(self, actions: Iterable[dict], **options: Any) -> tuple[int, Any]:
        return self.helpers.bulk(self.client, actions, **options)

    def streaming_bulk(
        self, actions: Iterable[dict], **options: Any
    ) -> Iterator[tuple[bool, dict]]:
        return self.helpers.streaming_bulk(self.client, actions, **options)

    def scan(self, index: str, query: dict[str, Any], size: int) -> Iterator[dict]:
        return self.helpers.scan(self.client, index=index, query=query, size=size)


class ElasticsearchClient(EngineClient):
    engine = "elasticsearch"
    errors = (
        elasticsearch.ApiError,
        elasticsearch.TransportError,
        elasticsearch_helpers.BulkIndexError,
    )
    not_found = elasticsearch.NotFoundError
    bad_request = elasticsearch.BadRequestError
    helpers = elasticsearch_helpers

    def _connect(self):
        return elasticsearch.Elasticsearch(self.hosts, request_timeout=self.timeout, **self.options)


class OpenSearchClient(EngineClient):
    engine = "opensearch"
    errors = (opensearchpy.TransportError, opensearch_helpers.BulkIndexError)
    not_found = opensearchpy.NotFoundError
    bad_request = opensearchpy.RequestError
    helpers = opensearch_helpers

    def _connect(self):
        # Several node URLs: the client rotates over them and marks dead ones,
        # so one node down does not fail a search.
        return opensearchpy.OpenSearch(
            self.hosts,
            timeout=self.timeout,
            retry_on_timeout=True,
            max_retries=2,
            # A node that failed is retried after 1, 2, 4 … at most 8 s, not
            # the client's default of up to 32 minutes: a restarted cluster is
            # used again at once.
            dead_timeout=1,
            timeout_cutoff=3,
            **self.options,
        )
