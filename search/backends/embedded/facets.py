"""Facet counts: every facet under the other facets' filters, in as few
passes as the filters allow (`QueryBuilder.facet_requests`), counted on a
worker thread while the calling thread ranks and highlights the page —
tantivy releases the GIL, so on two cores the counts cost no extra time."""

import contextlib
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from ...documents import FacetCount, SearchQuery
from .queries import QueryBuilder, facet_counts
from .typos import TypoTerms

_executor: tuple[int, ThreadPoolExecutor] | None = None
_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """This process's pool (threads do not survive a fork: a web worker makes its own)."""
    global _executor  # noqa: PLW0603 - one pool per process
    with _lock:
        if _executor is None or _executor[0] != os.getpid():
            _executor = (os.getpid(), ThreadPoolExecutor(2, thread_name_prefix="facets"))
        return _executor[1]


def count(
    searcher, builder: QueryBuilder, query: SearchQuery, typos: TypoTerms
) -> dict[str, list[FacetCount]]:
    facets: dict[str, list[FacetCount]] = {}
    for found, aggregations in builder.facet_requests(query, typos):
        result = searcher.aggregate(found, aggregations)
        facets.update({facet: facet_counts(result, facet) for facet in aggregations})
    return {facet: facets[facet] for facet in builder.layout.schema.facets}


def count_meanwhile(
    searcher, builder: QueryBuilder, query: SearchQuery, typos: TypoTerms
) -> Future:
    return _pool().submit(count, searcher, builder, query, typos)


def wait_quietly(counting: Future) -> None:
    """Let a count end (its searcher is in use) without raising over the
    error the caller is handling."""
    with contextlib.suppress(BaseException):
        counting.result()
