"""The index directory on disk: which generation is current, one writer at a
time across processes, and checks that the files are the ones tantivy wrote.

    <path>/CURRENT          {"generation": "g-…"}: replaced by a rename, never edited
    <path>/write.lock       flock: one writer (or a switch of CURRENT) at a time
    <path>/rebuild.lock     flock: one rebuild at a time
    <path>/g-…/             a tantivy index, plus rekomstat.json (layout, origin)
                            and CORRUPT (the reason) once a check found damage
"""

import contextlib
import datetime
import fcntl
import json
import os
import shutil
import struct
import threading
import time
import uuid
import zlib
from pathlib import Path

from ..base import IndexCorrupt, SearchUnavailable

CURRENT, WRITE_LOCK, REBUILD_LOCK = "CURRENT", "write.lock", "rebuild.lock"
INFO, CORRUPT_MARK = "rekomstat.json", "CORRUPT"
# How a generation came to be: made empty where no index was, made empty
# because the one in use vanished (what it held is missing until a rebuild),
# or written whole by a rebuild.
CREATED, LOST, REBUILT = "created", "lost", "rebuilt"
REPAIR = "python manage.py search_index sync"
# A writer waits this long for another process's write before giving up (its
# index job then stays pending and is retried).
LOCK_TIMEOUT_SECONDS = 30.0
_FOOTER_MAGIC = 1337  # tantivy's: every file it writes ends with a footer and this


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to a new file and rename it to `path`: a reader sees the
    old content or the new, never a part."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    temporary.write_text(text)
    _fsync(temporary)
    os.replace(temporary, path)
    _fsync(path.parent)


class IndexDirectory:
    """The folder `path` holding the index generations."""

    def __init__(self, path: Path):
        self.path = path
        self._held = threading.local()  # locks this thread holds: taken once

    def corrupt(self, reason: str) -> IndexCorrupt:
        error = IndexCorrupt(f"indeks {self.path} rusak ({reason}); bangun ulang dengan: {REPAIR}")
        error.reason = reason
        return error

    # -- which generation is current ----------------------------------------

    def current_identity(self) -> tuple[int, int, int] | None:
        """(inode, mtime, size) of CURRENT: changes whenever it is replaced;
        None when there is none (a new or deleted index)."""
        try:
            status = os.stat(self.path / CURRENT)
        except FileNotFoundError:
            return None
        except NotADirectoryError as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        except OSError as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        return (status.st_ino, status.st_mtime_ns, status.st_size)

    def current(self) -> str | None:
        try:
            text = (self.path / CURRENT).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        try:
            name = json.loads(text)["generation"]
        except (ValueError, KeyError, TypeError) as error:
            raise self.corrupt(f"{CURRENT}: {error}") from error
        if not (isinstance(name, str) and name.startswith("g-") and "/" not in name):
            raise self.corrupt(f"{CURRENT}: {name!r}")
        return name

    def set_current(self, name: str) -> None:
        _write_atomically(self.path / CURRENT, json.dumps({"generation": name}))

    # -- locks --------------------------------------------------------------

    @contextlib.contextmanager
    def _flock(self, name: str, timeout: float):
        held = getattr(self._held, "names", None)
        if held is None:
            held = self._held.names = set()
        if name in held:  # this thread has it already (flock would wait for itself)
            yield
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            lock = open(self.path / name, "a")  # noqa: SIM115 - closed below
        except OSError as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise SearchUnavailable(
                            f"embedded index {self.path}: another process held {name} "
                            f"for more than {timeout:.0f} s"
                        ) from None
                    time.sleep(0.005)
            held.add(name)
            try:
                yield
            finally:
                held.discard(name)
        finally:
            lock.close()  # releases the lock

    def write_lock(self, timeout: float = LOCK_TIMEOUT_SECONDS):
        """One writer at a time, in every process: tantivy's own writer lock
        fails at once when taken, this one waits its turn."""
        return self._flock(WRITE_LOCK, timeout)

    def rebuild_lock(self):
        return self._flock(REBUILD_LOCK, 24 * 3600.0)

    # -- generations --------------------------------------------------------

    def generation_path(self, name: str) -> Path:
        return self.path / name

    def new_generation(self, *, layout_fingerprint: str, origin: str) -> str:
        name = f"g-{uuid.uuid4().hex[:12]}"
        folder = self.generation_path(name)
        folder.mkdir(parents=True)
        self.write_info(name, {"layout": layout_fingerprint, "origin": origin, "created_at": now()})
        return name

    def info(self, name: str) -> dict:
        try:
            info = json.loads((self.generation_path(name) / INFO).read_bytes())
        except FileNotFoundError:
            raise
        except (OSError, ValueError) as error:
            raise self.corrupt(f"{name}/{INFO}: {error}") from error
        if not isinstance(info, dict):
            raise self.corrupt(f"{name}/{INFO}: {info!r}")
        return info

    def write_info(self, name: str, info: dict) -> None:
        _write_atomically(self.generation_path(name) / INFO, json.dumps(info))

    def remove_all_but(self, keep: str) -> None:
        """Generations other than `keep` (a process still reading one keeps
        its open files until it moves on)."""
        for folder in self.path.glob("g-*"):
            if folder.name != keep and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)

    # -- damage -------------------------------------------------------------

    def corrupt_reason(self, name: str) -> str | None:
        try:
            return (self.generation_path(name) / CORRUPT_MARK).read_text() or "?"
        except FileNotFoundError:
            return None
        except OSError as error:
            return str(error)

    def mark_corrupt(self, name: str, reason: str) -> None:
        """Every process refuses this generation from its next search on (a
        CURRENT written anew makes each look at the generation again)."""
        with contextlib.suppress(OSError, SearchUnavailable):
            _write_atomically(self.generation_path(name) / CORRUPT_MARK, reason)
            with self.write_lock(timeout=5.0):
                if self.current() == name:
                    self.set_current(name)

    def verify(self, name: str) -> list[str]:
        """Damage in the committed files of a generation: each file tantivy
        wrote ends with a footer holding the CRC-32 of its body."""
        folder = self.generation_path(name)
        for _attempt in range(3):
            try:
                meta = json.loads((folder / "meta.json").read_bytes())
                files = _committed_files(folder, meta)
                return [problem for path in files if (problem := _check_footer(path))]
            except FileNotFoundError:
                continue  # a merge replaced files meanwhile: read meta.json again
            except (ValueError, KeyError, TypeError) as error:
                return [f"meta.json: {error}"]
        return []


def _committed_files(folder: Path, meta: dict) -> list[Path]:
    files = []
    for segment in meta["segments"]:
        stem = segment["segment_id"].replace("-", "")
        files.extend(p for p in folder.glob(f"{stem}.*") if p.suffix != ".del")
        if segment.get("deletes"):
            files.append(folder / f"{stem}.{segment['deletes']['opstamp']}.del")
    return files


def _check_footer(path: Path) -> str | None:
    size = path.stat().st_size
    if size < 8:
        return f"{path.name}: terpotong ({size} bita)"
    with path.open("rb") as file:
        file.seek(size - 8)
        length, magic = struct.unpack("<II", file.read(8))
        if magic != _FOOTER_MAGIC or length + 8 > size:
            return f"{path.name}: penutup berkas tidak dikenal"
        file.seek(size - 8 - length)
        try:
            expected = int(json.loads(file.read(length))["crc"])
        except (ValueError, KeyError, TypeError):
            return f"{path.name}: penutup berkas tidak terbaca"
        file.seek(0)
        crc, left = 0, size - 8 - length
        while left > 0:
            chunk = file.read(min(left, 1 << 20))
            if not chunk:
                return f"{path.name}: terpotong"
            crc, left = zlib.crc32(chunk, crc), left - len(chunk)
    if crc != expected:
        return f"{path.name}: checksum tidak cocok"
    return None
