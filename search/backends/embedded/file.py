"""The index file under a path: one connection per thread, reopened when the
path holds another file, made anew when it is gone, upgraded from older layouts."""

import contextlib
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from ..base import IndexCorrupt, SearchUnavailable
from .layout import CREATED, LAYOUT, LOST, Layout, _create_tables, _new_file_id

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30
REPAIR = "python manage.py search_index sync"


def _is_corruption(error: sqlite3.Error) -> bool:
    """A file SQLite cannot read as a database (only a rebuild helps), as
    opposed to one it cannot reach or lock (retrying helps)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    message = str(error)
    return "malformed" in message or "not a database" in message


@contextlib.contextmanager
def _immediate(connection: sqlite3.Connection):
    """A write transaction, taken at once (BEGIN IMMEDIATE)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class _FileChanged(Exception):
    """The path no longer holds the file this connection has open."""


@dataclass
class _Handle:
    """One thread's connection and the file (device, inode) it opened."""

    connection: sqlite3.Connection
    identity: tuple[int, int]


class IndexFile:
    """The file part of `EmbeddedIndex`: which file the path holds, and this
    thread's connection to it."""

    path: Path
    layout: Layout
    _local: threading.local
    _saw_loss: bool

    def _identity(self) -> tuple[int, int] | None:
        """(device, inode) of the file at the path now; None when there is none."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        return (status.st_dev, status.st_ino)

    def _corrupt(self, reason: str) -> IndexCorrupt:
        error = IndexCorrupt(
            f"berkas indeks {self.path} rusak ({reason}); bangun ulang dengan: {REPAIR}"
        )
        error.reason = reason
        return error

    def _error(self, error: sqlite3.Error) -> SearchUnavailable:
        if _is_corruption(error):
            return self._corrupt(str(error))
        return SearchUnavailable(f"embedded index {self.path}: {error}")

    def _handle(self) -> _Handle:
        """This thread's connection, to the file the path holds now."""
        handle = getattr(self._local, "handle", None)
        if handle is not None:
            identity = self._identity()
            if identity == handle.identity:
                return handle
            if identity is None:
                logger.warning("search index %s vanished while in use; making it anew", self.path)
            else:
                logger.info("search index %s was replaced; reopening it", self.path)
            self._saw_loss = True
            self._forget()
        for _attempt in range(3):
            try:
                handle = self._open()
            except _FileChanged:  # replaced while being prepared: open the new one
                continue
            self._local.handle = handle
            return handle
        raise SearchUnavailable(f"embedded index {self.path}: the file keeps changing")

    def _open(self) -> _Handle:
        connection = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for _attempt in range(5):
                before = self._identity()
                connection = sqlite3.connect(
                    self.path,
                    timeout=TIMEOUT_SECONDS,
                    isolation_level=None,
                    check_same_thread=False,
                )
                identity = self._identity()
                # Equal before and after connecting: the connection has that file.
                if before is not None and identity == before:
                    break
                connection.close()
                connection = None
            else:
                raise SearchUnavailable(f"embedded index {self.path}: the file keeps changing")
            handle = _Handle(connection, identity)
            self._prepare(handle)
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            raise self._error(error) from error
        except OSError as error:
            if connection is not None:
                connection.close()
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        except (ValueError, TypeError) as error:  # a meta value that is not what we wrote
            if connection is not None:
                connection.close()
            raise self._corrupt(f"meta: {error}") from error
        except BaseException:
            if connection is not None:
                connection.close()
            raise
        return handle

    def _prepare(self, handle: _Handle) -> None:
        connection = handle.connection
        try:
            connection.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.OperationalError as error:
            # A WAL file of the first layout that another process has open:
            # it stays WAL, and health() asks for a rebuild.
            if getattr(error, "sqlite_errorname", "") != "SQLITE_BUSY":
                raise
        has_meta = "SELECT 1 FROM sqlite_master WHERE name = 'meta'"
        if not connection.execute(has_meta).fetchone():
            with self._locked(handle):
                if not connection.execute(has_meta).fetchone():
                    _create_tables(
                        connection, self.layout, origin=LOST if self._saw_loss else CREATED
                    )
                    self._saw_loss = False
                    return
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if int(meta.get("layout") or 1) < LAYOUT:
            with self._locked(handle):
                self._upgrade(connection)
        if self._saw_loss:
            # Made empty where ours stood, by another process: it stands for a
            # lost file. A file written by a rebuild is complete and stays so.
            with self._locked(handle):
                connection.execute(
                    "UPDATE meta SET value = ? WHERE key = 'origin' AND value = ?", (LOST, CREATED)
                )
            self._saw_loss = False

    def _upgrade(self, connection: sqlite3.Connection) -> None:
        """From the first layout (no update stamps, no file id): add them. The
        stamps are empty, so `search_index status` reports every document as
        stale and `sync` re-indexes them."""
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if int(meta.get("layout") or 1) >= LAYOUT:
            return
        columns = {row[1] for row in connection.execute("PRAGMA table_info(docs)")}
        if "updated_at" not in columns:
            connection.execute("ALTER TABLE docs ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''")
        connection.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [
                ("layout", LAYOUT),
                ("file_id", _new_file_id()),
                ("origin", CREATED),
                ("upgraded_from", 1),
            ],
        )

    @contextlib.contextmanager
    def _locked(self, handle: _Handle):
        """A write transaction on the handle's file, refused (before anything
        is written) when the path no longer holds that file."""
        with _immediate(handle.connection) as connection:
            if self._identity() != handle.identity:
                raise _FileChanged
            yield connection

    def _forget(self) -> None:
        handle = getattr(self._local, "handle", None)
        self._local.handle = None
        if handle is not None:
            with contextlib.suppress(sqlite3.Error):
                handle.connection.close()

    def close(self) -> None:
        self._forget()
