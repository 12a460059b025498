"""Backends the contract suite runs on: the embedded index always, and
Elasticsearch when ELASTICSEARCH_URL is set. With the variable set, an
unreachable server fails the suite; it is never skipped."""

import os
import uuid

import pytest

from catalog.documents import ACTIVITY_SCHEMA
from search.backends.embedded import EmbeddedIndex

BACKENDS = ["embedded", "elasticsearch"]


def make_index(name: str, tmp_path):
    if name == "embedded":
        return EmbeddedIndex(tmp_path / "contract.sqlite3", schema=ACTIVITY_SCHEMA)
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set; the Elasticsearch contract runs where it is")
    from search.backends.elasticsearch import ElasticsearchIndex

    index = ElasticsearchIndex(
        url=url,
        index_prefix=f"rekomstat-contract-{uuid.uuid4().hex[:8]}",
        schema=ACTIVITY_SCHEMA,
    )
    health = index.health()
    if not health.ok:
        pytest.fail(f"ELASTICSEARCH_URL={url} is set but does not answer: {health.detail}")
    return index


@pytest.fixture(params=BACKENDS)
def empty_index(request, tmp_path):
    index = make_index(request.param, tmp_path)
    index.clear()
    yield index
    if request.param == "elasticsearch":
        index.drop()
