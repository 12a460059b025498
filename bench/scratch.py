"""What every benchmark that runs Django in-process starts with: a fresh data
directory of its own, on SQLite, removed afterwards."""

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def in_scratch_data_dir(name: str, run: Callable[[Path], int], *, keep: bool = False) -> int:
    """run(data_dir) with REKOMSTAT_DATA_DIR pointing at a new temporary folder,
    the base settings and no DATABASE_URL; the folder goes unless `keep`."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"rekomstat-bench-{name}-"))
    os.environ["REKOMSTAT_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
    try:
        return run(data_dir)
    finally:
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
