"""Writes to the index file: upserts and deletes in one checked transaction
each, and the rebuild that writes a new file and renames it over the index."""

import contextlib
import fcntl
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterable
from pathlib import Path

from ...documents import Document
from ..base import Progress, SearchUnavailable, batches
from .file import TIMEOUT_SECONDS, IndexFile, _FileChanged, _fsync, _immediate, _is_corruption
from .layout import REBUILT, TABLES, _create_tables, _insert, _now

logger = logging.getLogger(__name__)

BATCH_SIZE = 2_000


class IndexWrites(IndexFile):
    """The write part of `EmbeddedIndex`."""

    def _write(self, connection, documents: list[Document]) -> None:
        """Upsert: a known id keeps its rowid and has its three rows replaced.
        A document older than the one indexed (by update stamp) is skipped, so
        two processes applying the same jobs cannot leave the older text."""
        latest = {document.id: document for document in documents}
        ids = list(latest)
        indexed: dict[str, tuple[int, str]] = {}
        for start in range(0, len(ids), 500):  # SQLite's variable limit
            chunk = ids[start : start + 500]
            indexed.update(
                (doc_id, (rowid, stamp))
                for rowid, doc_id, stamp in connection.execute(
                    "SELECT rowid, id, updated_at FROM docs "
                    f"WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            )
        rows = {
            doc_id: self.layout.rows(document)
            for doc_id, document in latest.items()
            if not (document.stamp and indexed.get(doc_id, (0, ""))[1] > document.stamp)
        }
        if not rows:
            return
        doc_columns = self.layout.doc_columns
        updates = ", ".join(f"{c} = excluded.{c}" for c in doc_columns[1:])
        connection.executemany(
            f"INSERT INTO docs ({', '.join(doc_columns)}) "
            f"VALUES ({', '.join('?' * len(doc_columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            [doc_row for doc_row, _text_row, _term_row in rows.values()],
        )
        new = [doc_id for doc_id in rows if doc_id not in indexed]
        rowid_of = {doc_id: indexed[doc_id][0] for doc_id in rows if doc_id in indexed}
        for start in range(0, len(new), 500):
            chunk = new[start : start + 500]
            rowid_of.update(
                (doc_id, rowid)
                for rowid, doc_id in connection.execute(
                    f"SELECT rowid, id FROM docs WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            )
        rowids = [(rowid_of[doc_id],) for doc_id in rows]
        connection.executemany("DELETE FROM texts WHERE rowid = ?", rowids)
        connection.executemany("DELETE FROM terms WHERE rowid = ?", rowids)
        connection.executemany(
            _insert("texts", self.layout.text_columns),
            [(rowid_of[doc_id], *values[1]) for doc_id, values in rows.items()],
        )
        connection.executemany(
            _insert("terms", self.layout.search_fields),
            [(rowid_of[doc_id], *values[2]) for doc_id, values in rows.items()],
        )

    def _transaction(self, work):
        """Run `work(connection)` in one write transaction on the current file
        and bump the generation. Raises SearchUnavailable unless the change is
        in the file the path holds once it has committed."""
        for attempt in range(2):
            handle = self._handle()
            try:
                with self._locked(handle) as connection:
                    result = work(connection)
                    connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            except _FileChanged:
                # Replaced or deleted before anything was written: write to the new file.
                self._forget()
                if attempt == 0:
                    continue
                raise SearchUnavailable(
                    f"embedded index {self.path}: the file changed twice during a write"
                ) from None
            except sqlite3.Error as error:
                raise self._error(error) from error
            if self._identity() != handle.identity:
                # Committed, but to a file that was deleted or replaced meanwhile.
                self._saw_loss = True
                self._forget()
                raise SearchUnavailable(
                    f"embedded index {self.path}: the file was replaced or deleted while "
                    "this change was written; it is not in the index in use"
                )
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def upsert(self, documents: Iterable[Document]) -> int:
        written = 0
        for batch in batches(documents, BATCH_SIZE):
            self._transaction(lambda connection, batch=batch: self._write(connection, batch))
            written += len(batch)
        return written

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)

        def work(connection):
            removed = 0
            for doc_id in ids:
                row = connection.execute(
                    "SELECT rowid FROM docs WHERE id = ?", (doc_id,)
                ).fetchone()
                if row:
                    for table in TABLES:
                        connection.execute(f"DELETE FROM {table} WHERE rowid = ?", row)
                    removed += 1
            return removed

        return self._transaction(work)

    def clear(self) -> None:
        self._transaction(lambda c: [c.execute(f"DELETE FROM {table}") for table in TABLES])

    def rebuild(self, documents: Iterable[Document], *, progress: Progress | None = None) -> int:
        """Write a complete new file beside the index, then rename it over the
        index, so searches answer from the old file meanwhile. Every process
        sees the new file at its next read or write. Also repairs a corrupt or
        lost file: the old one is not read."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(f"{self.path.name}.lock"), "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # one rebuild at a time
                new = self.path.with_name(f"{self.path.name}.new-{uuid.uuid4().hex[:8]}")
                try:
                    done = self._build(new, documents, progress)
                    self._swap_in(new)
                finally:
                    for leftover in (new, new.with_name(f"{new.name}-journal")):
                        leftover.unlink(missing_ok=True)
        except sqlite3.Error as error:
            raise SearchUnavailable(f"embedded index {self.path}: rebuild: {error}") from error
        except OSError as error:
            raise SearchUnavailable(f"embedded index {self.path}: rebuild: {error}") from error
        self._forget()
        return done

    def _build(self, path: Path, documents: Iterable[Document], progress) -> int:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            # Nobody reads this file before it is complete, and an interrupted
            # one is thrown away: no journal, no syncs until the end.
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            with _immediate(connection):
                _create_tables(connection, self.layout, origin=REBUILT)
            done = 0
            for batch in batches(documents, BATCH_SIZE):
                rows = [
                    (done + 1 + n, *self.layout.rows(document)) for n, document in enumerate(batch)
                ]
                with _immediate(connection):
                    for position, (table, columns) in enumerate(
                        [
                            ("docs", self.layout.doc_columns),
                            ("texts", self.layout.text_columns),
                            ("terms", self.layout.search_fields),
                        ],
                        start=1,
                    ):
                        connection.executemany(
                            _insert(table, columns), [(row[0], *row[position]) for row in rows]
                        )
                done += len(batch)
                if progress:
                    progress(done)
            with _immediate(connection):
                connection.execute("INSERT INTO terms(terms) VALUES ('optimize')")
                connection.execute("INSERT INTO meta VALUES ('rebuilt_at', ?)", (_now(),))
        finally:
            connection.close()
        _fsync(path)
        return done

    def _swap_in(self, new: Path) -> None:
        """Rename `new` over the index while holding the old file's write lock:
        a writer of the old file has committed before, or finds the new file
        once it gets the lock (and writes nothing to the old one)."""
        old = None
        sidecars_left = False
        if self._identity() is not None:
            old = sqlite3.connect(self.path, timeout=TIMEOUT_SECONDS, isolation_level=None)
            try:
                (mode,) = old.execute("PRAGMA journal_mode").fetchone()
                if mode == "wal":  # first layout: its WAL must not meet the new file
                    old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    sidecars_left = True
                old.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                old.close()
                old = None
                if not _is_corruption(error):
                    raise  # busy: a writer holds it; try again later rather than race it
                # Unreadable: nobody can commit to it, and its journal must not
                # meet the new file.
                logger.warning("replacing unreadable search index %s: %s", self.path, error)
                sidecars_left = True
        try:
            os.replace(new, self.path)
            _fsync(self.path.parent)
            if sidecars_left:
                for suffix in ("-journal", "-wal", "-shm"):
                    self.path.with_name(f"{self.path.name}{suffix}").unlink(missing_ok=True)
        finally:
            if old is not None:
                with contextlib.suppress(sqlite3.Error):
                    if old.in_transaction:
                        old.execute("ROLLBACK")
                old.close()
