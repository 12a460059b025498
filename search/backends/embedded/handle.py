"""The generation this process reads, kept current: before every search and
write, one `stat` of CURRENT (a rebuild, a restore or a deletion in any
process is seen at once) and one of the generation's meta.json (a commit in
any process is seen at the next search, after a reload of about a
millisecond: tantivy opens only what changed and maps the rest)."""

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from ..base import IndexCorrupt, SearchUnavailable
from .layout import Layout
from .store import CREATED, LOST, IndexDirectory

logger = logging.getLogger(__name__)

# Words of tantivy's errors that mean the files are not what it wrote.
_DAMAGE = ("corrupt", "footer", "magic", "checksum", "deserializ", "invalid", "unexpected eof")


def engine_error(directory: IndexDirectory, error: BaseException, doing: str) -> SearchUnavailable:
    """A tantivy failure as this layer's error: damage (only a rebuild helps)
    or unavailability (retrying helps). A panic inside tantivy is damage: it
    reads what it did not write."""
    message = f"{type(error).__name__}: {error}"
    if type(error).__name__ == "PanicException" or any(w in message.lower() for w in _DAMAGE):
        return directory.corrupt(f"{doing}: {message}")
    return SearchUnavailable(f"embedded index {directory.path}: {doing}: {message}")


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SearchUnavailable(f"embedded index {path}: {error}") from error
    return (status.st_ino, status.st_mtime_ns, status.st_size)


@dataclass
class Opened:
    """One generation as this process has it open."""

    name: str
    folder: Path
    index: tantivy.Index
    searcher: tantivy.Searcher
    info: dict
    current: tuple  # identity of CURRENT when last checked
    meta: tuple | None  # identity of meta.json at the last reload
    # Typo neighbours of query words in this state of the index (`typos.py`).
    typos: dict = field(default_factory=dict)

    def reload(self) -> None:
        self.index.reload()
        self.searcher = self.index.searcher()
        self.typos = {}


class IndexHandle:
    """The part of `EmbeddedIndex` that knows which generation to read."""

    path: Path
    layout: Layout
    directory: IndexDirectory
    _lock: threading.RLock
    _opened: Opened | None
    _pid: int
    # Set when this process saw the generation it read vanish: a generation
    # then found made empty where it stood is marked lost (its documents are
    # missing until a rebuild). One written by a rebuild is complete.
    _saw_loss: bool

    def opened(self) -> Opened:
        """The current generation, reloaded if another process committed."""
        with self._lock:
            if self._pid != os.getpid():  # forked (a web worker): open our own
                self._opened, self._pid = None, os.getpid()
            opened = self._opened
            current = self.directory.current_identity()
            if opened is not None and current == opened.current:
                meta = _identity(opened.folder / "meta.json")
                if meta is not None and meta != opened.meta:
                    self._reload(opened, meta)
                if meta is not None:
                    return opened
            return self._switch()

    def _reload(self, opened: Opened, meta: tuple) -> None:
        try:
            opened.reload()
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            raise engine_error(self.directory, error, "reload") from error
        opened.meta = meta

    def _switch(self) -> Opened:
        """Open the generation CURRENT names; make one when there is none."""
        previous = self._opened
        if previous is not None:
            logger.info("search index %s changed; opening the current one", self.path)
        self._opened = None
        for _attempt in range(5):
            # The identity first: should CURRENT change after it, the next
            # search sees another identity and switches again.
            current = self.directory.current_identity()
            name = self.directory.current() if current is not None else None
            if name is None or not (self.directory.generation_path(name) / "meta.json").exists():
                if previous is not None or name is not None:
                    self._saw_loss = True
                self._make_anew()
                continue
            try:
                opened = self._open(name, current)
            except FileNotFoundError:  # replaced meanwhile: read CURRENT again
                continue
            if previous is not None and not previous.folder.exists():
                self._saw_loss = True
            if self._saw_loss and opened.info.get("origin") == CREATED:
                self._mark_lost(opened)
            self._saw_loss = False
            self._opened = opened
            return opened
        raise SearchUnavailable(f"embedded index {self.path}: it keeps changing")

    def _make_anew(self) -> None:
        with self.directory.write_lock():
            name = self.directory.current()
            if name and (self.directory.generation_path(name) / "meta.json").exists():
                return  # another process made it meanwhile
            origin = LOST if self._saw_loss else CREATED
            if origin == LOST:
                logger.warning("search index %s vanished while in use; making it anew", self.path)
            name = self.directory.new_generation(
                layout_fingerprint=self.layout.fingerprint, origin=origin
            )
            try:
                tantivy.Index(
                    self.layout.tantivy_schema, path=str(self.directory.generation_path(name))
                )
            except (OSError, ValueError) as error:
                raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
            self.directory.set_current(name)

    def _mark_lost(self, opened: Opened) -> None:
        with self.directory.write_lock():
            info = self.directory.info(opened.name)
            if info.get("origin") == CREATED:
                info["origin"] = LOST
                self.directory.write_info(opened.name, info)
            opened.info = info

    def _open(self, name: str, current: tuple) -> Opened:
        folder = self.directory.generation_path(name)
        info = self.directory.info(name)
        reason = self.directory.corrupt_reason(name)
        if reason is not None:
            raise self.directory.corrupt(reason)
        if info.get("layout") != self.layout.fingerprint:
            error = self.directory.corrupt("indeks berformat lama (tata letak lain)")
            error.outdated = True
            raise error
        meta = _identity(folder / "meta.json")
        try:
            index = tantivy.Index.open(str(folder))
            index.config_reader("Manual")
            searcher = index.searcher()
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            if not (folder / "meta.json").exists():
                raise FileNotFoundError(folder) from error
            raise engine_error(self.directory, error, "open") from error
        return Opened(name, folder, index, searcher, info, current, meta)

    def forget(self) -> None:
        with self._lock:
            self._opened = None

    def close(self) -> None:
        self.forget()


__all__ = ["IndexCorrupt", "IndexHandle", "Opened", "engine_error"]
