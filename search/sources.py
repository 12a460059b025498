"""Where documents come from: a registry, so the search layer imports no app.

The app that owns the documents registers one source in its
`AppConfig.ready()` (the catalog does, in `catalog.apps`); the outbox, the
`search_index` command and the backends then read documents and their
`IndexSchema` from it. The arrow points from the app to search, never back:
no setting names an app's code, and search has nothing to import.
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from .documents import Document, IndexSchema


class DocumentSource(Protocol):
    schema: IndexSchema

    def count(self) -> int: ...

    def iter_all(self) -> Iterator[Document]: ...

    def get_many(self, ids: Iterable[str]) -> list[Document]: ...

    def iter_stamps(self) -> Iterator[tuple[str, datetime.datetime | None]]:
        """(id, update time) of every document: what the index is compared with."""
        ...


_registered: list[DocumentSource] = []


def register_document_source(source: DocumentSource) -> None:
    """Make `source` the one the index is built from (called once, at start-up)."""
    _registered[:] = [source]


def get_document_source() -> DocumentSource:
    if not _registered:
        raise ImproperlyConfigured(
            "No search document source is registered: the app that owns the documents "
            "calls search.sources.register_document_source() in its AppConfig.ready()."
        )
    return _registered[0]
