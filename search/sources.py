"""Where documents come from. The search layer knows no app model: the app
that owns the documents names a source class in `SEARCH_DOCUMENT_SOURCE`."""

import datetime
from collections.abc import Iterable, Iterator
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .documents import ActivityDocument


class DocumentSource(Protocol):
    def count(self) -> int: ...

    def iter_all(self) -> Iterator[ActivityDocument]: ...

    def get_many(self, ids: Iterable[str]) -> list[ActivityDocument]: ...

    def iter_stamps(self) -> Iterator[tuple[str, datetime.datetime | None]]:
        """(id, update time) of every document: what the index is compared with."""
        ...


def get_document_source() -> DocumentSource:
    return import_string(settings.SEARCH_DOCUMENT_SOURCE)()
