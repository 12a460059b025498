"""Backends the contract suite runs on: the embedded index always,
Elasticsearch when ELASTICSEARCH_URL is set and OpenSearch when OPENSEARCH_URL
is. With the variable set, an unreachable server fails the suite. An engine
named in REKOMSTAT_REQUIRE_ENGINES (CI sets "elasticsearch,opensearch") fails
the suite when its variable is missing: what CI promised is never skipped."""

import os
import uuid

import pytest

from catalog.documents import ACTIVITY_SCHEMA
from search.backends.elasticsearch import ElasticsearchIndex, OpenSearchIndex
from search.backends.embedded import EmbeddedIndex

# The people and offices of the procedure's tests: the survival tests make decisions.
from tests.procedures.conftest import (  # noqa: F401
    agency,
    applicant,
    examiner,
    offices,
    signatory,
)

ENGINES = {
    "elasticsearch": ("ELASTICSEARCH_URL", ElasticsearchIndex),
    "opensearch": ("OPENSEARCH_URL", OpenSearchIndex),
}
BACKENDS = ["embedded", *ENGINES]


def required_engines() -> set[str]:
    return {name for name in os.environ.get("REKOMSTAT_REQUIRE_ENGINES", "").split(",") if name}


def engine_url(name: str) -> str:
    """The engine's URL, or a skip (a failure when the engine is required)."""
    variable = ENGINES[name][0]
    url = os.environ.get(variable, "")
    if not url:
        message = f"{variable} is not set; the {name} contract runs where it is"
        if name in required_engines():
            pytest.fail(f"{message}, and REKOMSTAT_REQUIRE_ENGINES requires it")
        pytest.skip(message)
    return url


def make_index(name: str, tmp_path, **options):
    if name == "embedded":
        return EmbeddedIndex(tmp_path / "contract-index", schema=ACTIVITY_SCHEMA)
    url = engine_url(name)
    index = ENGINES[name][1](
        url=url,
        index_prefix=f"rekomstat-contract-{uuid.uuid4().hex[:8]}",
        schema=ACTIVITY_SCHEMA,
        **options,
    )
    health = index.health()
    if not health.ok:
        pytest.fail(f"{ENGINES[name][0]}={url} is set but does not answer: {health.detail}")
    return index


def _fresh_index(name: str, tmp_path):
    index = make_index(name, tmp_path)
    index.clear()
    yield index
    if name in ENGINES:
        index.drop()


@pytest.fixture(params=BACKENDS)
def empty_index(request, tmp_path):
    yield from _fresh_index(request.param, tmp_path)


@pytest.fixture(params=BACKENDS)
def language_index(request, tmp_path):
    """An empty index of every backend for a case of the query language
    (SEARCH-SPEC §1)."""
    yield from _fresh_index(request.param, tmp_path)
