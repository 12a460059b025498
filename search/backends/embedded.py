"""The embedded backend: an SQLite FTS5 index in its own file under the data
directory, whatever engine the main database is.

Stored per document: a row of `docs` (id, sort keys, update stamp, facet
values), a row of `texts` (the original text, for highlighting) and a row of
the FTS5 table `terms` with the stemmed text of each searchable field (see
`search.analysis`); `meta` holds the layout, the file's own id, its origin
and a generation bumped by every committed change. The columns of `docs`,
`texts` and `terms` are named after the facets and text fields of the
index's `IndexSchema`; the order date and key keep the columns' first names,
`decided_on` and `number`, so files written before the schema existed stay
readable.

The file may be replaced (a rebuild, in any process, renames a new file over
it) or deleted while processes serve from it. Each connection remembers the
file it opened (device and inode: the system cannot reuse them while the file
is open) and checks the path against it before every read and write. A
replaced file is reopened; a missing one is made anew, empty, and marked lost
when this process saw it vanish (`health()` says so and `search_index sync`
rebuilds it). A write checks the path again once it holds the write lock and
after its commit, and raises when the path no longer holds the file it wrote
to, so its index job stays pending.

The file uses a rollback journal, not WAL: a WAL or journal file left at the
name would be paired with the new file renamed over the old one and corrupt
it. A rebuild renames its file in while it holds the old file's write lock,
and every writer checks the path once it holds that lock, so no journal of the
old file is open at the moment the name changes hands.
"""

import contextlib
import datetime
import fcntl
import json
import logging
import math
import os
import re
import sqlite3
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

import numpy as np

from ..documents import (
    Document,
    FacetCount,
    Health,
    Hit,
    IndexSchema,
    SearchQuery,
    SearchResults,
)
from ..highlight import highlight
from .base import Index, IndexCorrupt, Progress, SearchUnavailable

logger = logging.getLogger(__name__)

BATCH_SIZE = 2_000
SIMILAR_TERMS = 12
TIMEOUT_SECONDS = 30

TABLES = ("docs", "texts", "terms")
# Version of the tables below. A file of an older layout is upgraded when it
# is opened; its documents then carry no update stamp until re-indexed.
LAYOUT = 2
# How a file came to be (meta 'origin'): made empty where it stands and filled
# by index jobs; made empty where it stands because the file in use vanished
# (what it held is missing until a rebuild); or written whole by a rebuild.
CREATED, LOST, REBUILT = "created", "lost", "rebuilt"
REPAIR = "python manage.py search_index sync"


_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
# Columns of `docs` besides the facets; a facet may not take their names.
_DOC_KEYS = ("rowid", "id", "number", "decided_on", "updated_at")


class Layout:
    """The tables for one schema: column names and the statements that make them."""

    def __init__(self, schema: IndexSchema):
        self.schema = schema
        self.search_fields = tuple(text.name for text in schema.text_fields)
        self.facet_columns = schema.facets
        for name in (*self.search_fields, *self.facet_columns):
            if not _IDENTIFIER.fullmatch(name):
                raise ValueError(f"{name!r} cannot name a column of the embedded index")
        if set(self.facet_columns) & set(_DOC_KEYS):
            raise ValueError(f"a facet may not be named one of {_DOC_KEYS}")
        self.doc_columns = ("id", "number", "decided_on", "updated_at", *self.facet_columns)
        self.text_columns = schema.shown_fields

    def statements(self) -> list[str]:
        """The tables. `docs` is kept narrow (ids, sort keys, facet values)
        because every match is joined to it; the original text for
        highlighting lives in `texts`, read for one page of hits only."""
        facet_columns = ", ".join(f"{column} TEXT NOT NULL" for column in self.facet_columns)
        text_columns = ", ".join(f"{column} TEXT NOT NULL" for column in self.text_columns)
        return [
            f"""CREATE TABLE docs (
                rowid INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                number TEXT NOT NULL,
                decided_on TEXT NOT NULL,
                updated_at TEXT NOT NULL DEFAULT '',
                {facet_columns}
            )""",
            "CREATE INDEX idx_docs_order ON docs (decided_on DESC, number)",
            *(f"CREATE INDEX idx_docs_{c} ON docs ({c})" for c in self.facet_columns),
            f"CREATE TABLE texts (rowid INTEGER PRIMARY KEY, {text_columns})",
            # Text arrives analysed; unicode61 only splits it on spaces.
            f"CREATE VIRTUAL TABLE terms USING fts5({', '.join(self.search_fields)})",
            "CREATE VIRTUAL TABLE terms_vocab USING fts5vocab(terms, 'row')",
            # Untyped values: ids and origins are text, layout and generation numbers.
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
        ]

    def rows(self, document: Document) -> tuple[tuple, tuple, tuple]:
        """The document's (docs, texts, terms) values, without the rowid. A
        field of several texts is kept as a JSON list."""
        analysed = document.analyzed(self.schema)
        return (
            (
                document.id,
                document.key,
                document.date.isoformat(),
                document.stamp,
                *(str(document.facets[name]) for name in self.facet_columns),
            ),
            tuple(
                json.dumps(list(document.texts.get(name, ())))
                if self.schema.is_many(name)
                else document.text(name)
                for name in self.text_columns
            ),
            tuple(analysed[field] for field in self.search_fields),
        )

    def shown(self, row: tuple) -> tuple[str, list[str]]:
        """(title, passages) of a row of `texts`."""
        values = [
            "; ".join(json.loads(value)) if self.schema.is_many(name) else value
            for name, value in zip(self.text_columns, row, strict=True)
        ]
        return values[0], values[1:]


def _new_file_id() -> str:
    return f"f{uuid.uuid4().hex}"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _create_tables(connection: sqlite3.Connection, layout: Layout, *, origin: str) -> None:
    # Tables of a file without `meta` (new, or of the first layout) are dropped.
    for table in ("terms_vocab", *TABLES, "meta"):
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in layout.statements():
        connection.execute(statement)
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("layout", LAYOUT),
            ("generation", 0),
            ("file_id", _new_file_id()),
            ("origin", origin),
            ("created_at", _now()),
        ],
    )


def _insert(table: str, columns: Iterable[str]) -> str:
    columns = ("rowid", *columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


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


def _quoted(terms: Iterable[str]) -> list[str]:
    # Analysed terms are [a-z0-9]+ only, so quoting makes any of them a literal.
    return [f'"{term}"' for term in terms]


def _batches(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class DocTable:
    """Facet values and sort order of every document, as numpy arrays indexed
    by rowid; values are dictionary-encoded per facet."""

    def __init__(self, rows: list[tuple], facets: tuple[str, ...]):
        size = max((row[0] for row in rows), default=0) + 1
        self.by_newest = np.array([row[0] for row in rows], dtype=np.int64)
        self.alive = np.zeros(size, dtype=bool)
        self.alive[self.by_newest] = True
        self.newest_rank = np.zeros(size, dtype=np.int64)
        self.newest_rank[self.by_newest] = np.arange(len(rows))
        self.ids = [""] * size
        for row in rows:
            self.ids[row[0]] = row[1]
        self.codes, self.values, self.index = {}, {}, {}
        for position, facet in enumerate(facets, start=2):
            column = np.array([row[position] for row in rows], dtype=str)
            values, inverse = np.unique(column, return_inverse=True) if rows else ([], [])
            codes = np.full(size, -1, dtype=np.int32)
            codes[self.by_newest] = inverse
            self.codes[facet] = codes
            self.values[facet] = [str(value) for value in values]
            self.index[facet] = {value: code for code, value in enumerate(self.values[facet])}

    def contains(self, rowids: np.ndarray) -> np.ndarray:
        inside = rowids < len(self.alive)
        inside[inside] = self.alive[rowids[inside]]
        return inside

    def mask(self, facet: str, rowids: np.ndarray, values: tuple[str, ...]) -> np.ndarray:
        wanted = [self.index[facet][v] for v in values if v in self.index[facet]]
        return np.isin(self.codes[facet][rowids], wanted)

    @staticmethod
    def all_of(masks, size: int) -> np.ndarray:
        combined = np.ones(size, dtype=bool)
        for mask in masks:
            combined &= mask
        return combined

    def counts(self, facet: str, rowids: np.ndarray) -> list[FacetCount]:
        tally = np.bincount(self.codes[facet][rowids], minlength=len(self.values[facet]))
        present = np.flatnonzero(tally)
        order = sorted(
            present.tolist(), key=lambda code: (-int(tally[code]), self.values[facet][code])
        )
        return [FacetCount(value=self.values[facet][c], count=int(tally[c])) for c in order]


class _FileChanged(Exception):
    """The path no longer holds the file this connection has open."""


@dataclass
class _Handle:
    """One thread's connection and the file (device, inode) it opened."""

    connection: sqlite3.Connection
    identity: tuple[int, int]


class EmbeddedIndex(Index):
    name = "embedded"

    def __init__(self, path: str | Path, *, schema: IndexSchema):
        self.path = Path(path)
        self.schema = schema
        self.layout = Layout(schema)
        self._local = threading.local()
        self._snapshot_lock = threading.Lock()
        self._cached: tuple[tuple, DocTable] | None = None
        # Set when the file this process had open is gone or another stands in
        # its place. A file then found made empty where it stood (not written
        # by a rebuild) is marked lost: the documents of the old one are missing.
        self._saw_loss = False

    # -- the file ---------------------------------------------------------

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

    # -- writes -----------------------------------------------------------

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
        for batch in _batches(documents, BATCH_SIZE):
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
            for batch in _batches(documents, BATCH_SIZE):
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

    # -- reads ------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self):
        """A connection to the current file, in one read transaction, so every
        statement of one search sees the same file and the same state."""
        connection = self._handle().connection
        try:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise self._error(error) from error
        except json.JSONDecodeError as error:  # a text row that is not what we wrote
            raise self._corrupt(str(error)) from error

    def _snapshot(self, connection) -> "DocTable":
        """The columnar copy of `docs`, reloaded when the file or its content
        has changed."""
        key = tuple(
            connection.execute(
                "SELECT value FROM meta WHERE key IN ('file_id', 'generation') ORDER BY key"
            ).fetchall()
        )
        with self._snapshot_lock:
            if self._cached is None or self._cached[0] != key:
                rows = connection.execute(
                    f"SELECT rowid, id, {', '.join(self.layout.facet_columns)} FROM docs "
                    "ORDER BY decided_on DESC, number"
                ).fetchall()
                self._cached = (key, DocTable(rows, self.layout.facet_columns))
            return self._cached[1]

    def query(self, query: SearchQuery) -> SearchResults:
        """SQLite finds and scores the matches (one MATCH); filters, facet counts
        and the page are computed on a columnar copy of the facet values, so
        facets cost about a millisecond instead of one GROUP BY each."""
        with self._reading() as connection:
            return self._query(connection, query)

    def _query(self, connection, query: SearchQuery) -> SearchResults:
        self.schema.check(query)
        table = self._snapshot(connection)
        terms = query.terms
        if terms:
            weights = ", ".join(str(self.schema.weights[f]) for f in self.layout.search_fields)
            rows = connection.execute(
                f"SELECT rowid, bm25(terms, {weights}) FROM terms WHERE terms MATCH ?",
                [" ".join(_quoted(terms))],
            ).fetchall()
            matched = np.fromiter(chain.from_iterable(rows), np.float64, 2 * len(rows))
            rowids, scores = matched[0::2].astype(np.int64), matched[1::2]
            current = table.contains(rowids)  # a row the snapshot does not know
            rowids, scores = rowids[current], scores[current]
        else:
            rowids, scores = table.by_newest, None

        masks = {
            facet: table.mask(facet, rowids, values) for facet, values in query.filters.items()
        }
        selected = table.all_of(masks.values(), len(rowids))
        chosen = rowids[selected]
        chosen_scores = scores[selected] if scores is not None else np.zeros(len(chosen))
        if scores is not None and query.sort == "relevance":
            # lexsort: the last key is the primary one; ties fall to newest, then number.
            order = np.lexsort((table.newest_rank[chosen], chosen_scores))
        elif scores is not None:
            order = np.argsort(table.newest_rank[chosen], kind="stable")
        else:
            order = np.arange(len(chosen))  # by_newest is already in that order
        page = order[query.offset : query.offset + query.page_size]
        page_rowids, page_scores = chosen[page].tolist(), chosen_scores[page].tolist()

        facets = {}
        if query.with_facets:
            for facet in self.layout.facet_columns:
                others = [mask for name, mask in masks.items() if name != facet]
                facets[facet] = table.counts(facet, rowids[table.all_of(others, len(rowids))])
        return SearchResults(
            query=query,
            total=int(selected.sum()),
            hits=self._hits(
                connection,
                [
                    (table.ids[rowid], score if terms else None)
                    for rowid, score in zip(page_rowids, page_scores, strict=True)
                ],
                terms,
            ),
            facets=facets,
        )

    def _hits(self, connection, scored: list[tuple[str, float]], terms: list[str]) -> list[Hit]:
        """Hits in the given order, highlighted from the stored original text."""
        if not scored:
            return []
        columns = ", ".join(f"t.{column}" for column in self.layout.text_columns)
        texts = {
            doc_id: self.layout.shown(shown)
            for doc_id, *shown in connection.execute(
                f"SELECT d.id, {columns} FROM docs d "
                "JOIN texts t ON t.rowid = d.rowid "
                f"WHERE d.id IN ({', '.join('?' * len(scored))})",
                [doc_id for doc_id, _score in scored],
            )
        }
        return [
            Hit(
                id=doc_id,
                score=-score if score is not None else None,
                highlight=highlight(title=texts[doc_id][0], passages=texts[doc_id][1], terms=terms),
            )
            for doc_id, score in scored
            if doc_id in texts
        ]

    def similar(self, doc_id: str, *, limit: int = 5) -> list[Hit]:
        with self._reading() as connection:
            return self._similar(connection, doc_id, limit)

    def _similar(self, connection, doc_id: str, limit: int) -> list[Hit]:
        similarity_fields = self.schema.similarity_fields
        fields = ", ".join(f"t.{f}" for f in similarity_fields)
        row = connection.execute(
            f"SELECT d.rowid, {fields} FROM docs d JOIN terms t ON t.rowid = d.rowid "
            "WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        if not row:
            return []
        rowid, *texts = row
        frequency = Counter(" ".join(texts).split())
        if not frequency:
            return []
        placeholders = ", ".join("?" * len(frequency))
        document_frequency = dict(
            connection.execute(
                f"SELECT term, doc FROM terms_vocab WHERE term IN ({placeholders})",
                list(frequency),
            ).fetchall()
        )
        (total,) = connection.execute("SELECT count(*) FROM docs").fetchone()

        def weight(term):  # tf-idf; a term only this document has says nothing
            df = document_frequency.get(term, 1)
            return frequency[term] * math.log(total / df) if df > 1 else 0.0

        chosen = [t for t in sorted(frequency, key=weight, reverse=True) if weight(t) > 0]
        chosen = chosen[:SIMILAR_TERMS]
        if not chosen:
            return []
        columns = "{" + " ".join(similarity_fields) + "}"
        weights = ", ".join(
            str(self.schema.weights[f]) if f in similarity_fields else "0"
            for f in self.layout.search_fields
        )
        rows = connection.execute(
            f"SELECT d.id, bm25(terms, {weights}) AS score "
            "FROM terms JOIN docs d ON d.rowid = terms.rowid "
            "WHERE terms MATCH ? AND d.rowid != ? "
            "ORDER BY score, d.decided_on DESC, d.number LIMIT ?",
            (f"{columns} : ({' OR '.join(_quoted(chosen))})", rowid, limit),
        ).fetchall()
        return self._hits(connection, rows, [])

    def stamps(self) -> Iterator[tuple[str, str]]:
        with self._reading() as connection:
            rows = connection.execute("SELECT id, updated_at FROM docs").fetchall()
        return iter(rows)

    def health(self, *, thorough: bool = False) -> Health:
        try:
            with self._reading() as connection:
                (count,) = connection.execute("SELECT count(*) FROM docs").fetchone()
                meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
                (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
                if thorough:
                    found = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
                    if found != ["ok"]:
                        raise self._corrupt("; ".join(found))
        except IndexCorrupt as error:
            return Health(
                backend=self.name,
                ok=False,
                document_count=None,
                detail=str(error),
                problems=(f"berkas indeks rusak ({getattr(error, 'reason', error)})",),
                needs_rebuild=True,
            )
        except SearchUnavailable as error:
            return Health(backend=self.name, ok=False, document_count=None, detail=str(error))
        problems = []
        if meta.get("origin") == LOST:
            problems.append(
                "berkas indeks hilang saat dipakai dan dibuat ulang kosong pada "
                f"{meta.get('created_at', '?')}; kegiatan yang sudah ada belum masuk indeks"
            )
        if mode == "wal" or meta.get("upgraded_from"):
            problems.append("berkas indeks berformat lama (tanpa waktu pembaruan per dokumen)")
        return Health(
            backend=self.name,
            ok=True,
            document_count=count,
            detail=str(self.path),
            problems=tuple(problems),
            needs_rebuild=bool(problems),
        )
