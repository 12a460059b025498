"""The private files nobody references any more (a crash between writing a file
and committing its row) are swept by `clean_orphan_files`."""

import datetime
import os
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.files.storage import Storage

from procedures.applications.models import Attachment

from .models import Letter

# The folders of the private storage whose files belong to a row, and that row's model.
OWNED_FOLDERS = {"lampiran": Attachment, "surat": Letter}


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
