"""Files written inside a transaction that then rolls back must not stay on disk.

A file cannot be part of a database transaction, and Django offers no hook on
rollback, so two layers keep the private storage free of orphans:

- ``atomic_removing_files_on_rollback()`` is ``transaction.atomic()`` that also
  deletes the files written inside it (each announced with ``remember_written_file``)
  when it exits by an exception, including the failure of its own COMMIT. Nested, it
  hands its files to the enclosing one on success, because that one may still roll
  back. ``add_attachment`` runs in one, so a failed upload leaves nothing behind.
- ``remove_orphan_files()`` (``manage.py clean_orphan_files``, from cron) deletes the
  files under ``lampiran/`` and ``surat/`` that no row refers to and that are older than
  a few minutes. It covers what the first layer cannot see: a caller's plain
  ``transaction.atomic()`` rolling back after the service returned, a worker killed
  between write and commit, a letter PDF whose signing failed.
"""

import datetime
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.core.files.storage import Storage
from django.db import transaction

from .models import Attachment, Letter

# The folders of the private storage whose files belong to a row, and that row's model.
OWNED_FOLDERS = {"lampiran": Attachment, "surat": Letter}

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


def remove_orphan_files(
    *, storage: Storage, older_than: datetime.timedelta, dry_run: bool = False
) -> list[str]:
    """Delete (or with dry_run only list) the orphans under OWNED_FOLDERS of `storage`
    last written before `older_than` ago. Returns their names, sorted."""
    cutoff = time.time() - older_than.total_seconds()
    removed = []
    for folder, model in OWNED_FOLDERS.items():
        candidates = [name for name, modified in _files_under(storage, folder) if modified < cutoff]
        for start in range(0, len(candidates), 500):
            batch = candidates[start : start + 500]
            referenced = set(model.objects.filter(file__in=batch).values_list("file", flat=True))
            for name in batch:
                if name not in referenced:
                    if not dry_run:
                        storage.delete(name)
                    removed.append(name)
    return sorted(removed)


def _files_under(storage: Storage, folder: str) -> Iterator[tuple[str, float]]:
    """(storage name, modification time) of every file below `folder`."""
    root = Path(storage.path(""))
    top = root / folder
    for directory, _subfolders, files in os.walk(top):
        for file_name in files:
            path = Path(directory) / file_name
            try:
                modified = path.stat().st_mtime
            except FileNotFoundError:  # removed meanwhile
                continue
            yield path.relative_to(root).as_posix(), modified
