"""Private files of the procedure (attachments, letters): their storage, and the
rule that a file written inside a transaction that rolls back is removed."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction


def private_storage():
    """Uploaded attachments live outside MEDIA_ROOT, with no URL: only a view
    that checks permissions can read them."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


_written_here: ContextVar[list[tuple[Storage, str]] | None] = ContextVar(
    "rekomstat_written_files", default=None
)


def remember_written_file(storage: Storage, name: str) -> None:
    """Announce a file just written inside the current guarded transaction."""
    written = _written_here.get()
    if written is not None:
        written.append((storage, name))


@contextmanager
def atomic_removing_files_on_rollback(using: str | None = None) -> Iterator[None]:
    written: list[tuple[Storage, str]] = []
    token = _written_here.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written_here.reset(token)
    enclosing = _written_here.get()
    if enclosing is not None:
        enclosing.extend(written)
