"""The embedded backend: an SQLite FTS5 index in its own file under the data
directory, whatever engine the main database is.

Stored per document: a row of `docs` (facet values and the original text, for
filters, facets and highlighting) and a row of the FTS5 table `terms` with the
stemmed text of each searchable field (see `search.analysis`).
"""

import json
import math
import sqlite3
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

import numpy as np

from ..documents import (
    FACETS,
    FIELD_WEIGHTS,
    SIMILARITY_FIELDS,
    ActivityDocument,
    FacetCount,
    Health,
    Hit,
    SearchQuery,
    SearchResults,
)
from ..highlight import highlight
from .base import Index, Progress, SearchUnavailable

SEARCH_FIELDS = tuple(FIELD_WEIGHTS)
FACET_COLUMNS = tuple(FACETS)  # docs columns are named after the facets
BATCH_SIZE = 2_000
SIMILAR_TERMS = 12


TABLES = ("docs", "texts", "terms")


def _schema(suffix: str = "") -> list[str]:
    """Tables of one index generation. `docs` is kept narrow (ids, sort keys,
    facet values) because every match is joined to it; the original text for
    highlighting lives in `texts`, read for one page of hits only."""
    docs, texts, terms = (f"{name}{suffix}" for name in TABLES)
    tag = suffix.strip("_") or uuid.uuid4().hex[:8]
    facet_columns = ", ".join(f"{column} TEXT NOT NULL" for column in FACET_COLUMNS)
    return [
        f"""CREATE TABLE {docs} (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            number TEXT NOT NULL,
            decided_on TEXT NOT NULL,
            {facet_columns}
        )""",
        f"CREATE INDEX idx_{tag}_order ON {docs} (decided_on DESC, number)",
        *(f"CREATE INDEX idx_{tag}_{c} ON {docs} ({c})" for c in FACET_COLUMNS),
        f"""CREATE TABLE {texts} (
            rowid INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            objective TEXT NOT NULL,
            variables TEXT NOT NULL
        )""",
        # Text arrives analysed; unicode61 only splits it on spaces.
        f"CREATE VIRTUAL TABLE {terms} USING fts5({', '.join(SEARCH_FIELDS)})",
    ]


def _rows(document: ActivityDocument) -> tuple[tuple, tuple, tuple]:
    """The document's (docs, texts, terms) values, without the rowid."""
    analysed = document.analyzed()
    return (
        (
            document.id,
            document.recommendation_number,
            document.decided_on.isoformat(),
            *(document.facet_value(name) for name in FACET_COLUMNS),
        ),
        (document.title, document.objective, json.dumps(list(document.variables))),
        tuple(analysed[field] for field in SEARCH_FIELDS),
    )


DOC_COLUMNS = ("id", "number", "decided_on", *FACET_COLUMNS)
TEXT_COLUMNS = ("title", "objective", "variables")


def _insert(table: str, columns: Iterable[str]) -> str:
    columns = ("rowid", *columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


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

    def __init__(self, rows: list[tuple]):
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
        for position, facet in enumerate(FACET_COLUMNS, start=2):
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


class EmbeddedIndex(Index):
    name = "embedded"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self._snapshot_lock = threading.Lock()
        self._cached: tuple[int, DocTable] | None = None

    # -- connection -------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(
                    self.path, timeout=30, isolation_level=None, check_same_thread=False
                )
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                self._create_schema(connection)
            except (OSError, sqlite3.Error) as error:
                raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
            self._local.connection = connection
        return connection

    def _create_schema(self, connection: sqlite3.Connection) -> None:
        # `meta` is written last: a file without it is new, or from an older
        # layout whose tables are dropped (`search_index rebuild` refills them).
        marker = "SELECT 1 FROM sqlite_master WHERE name = 'meta'"
        if connection.execute(marker).fetchone():
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            if not connection.execute(marker).fetchone():
                connection.execute("DROP TABLE IF EXISTS terms_vocab")
                for table in TABLES:
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _schema():
                    connection.execute(statement)
                connection.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS terms_vocab USING fts5vocab(terms, 'row')"
                )
                # Bumped by every committed change; readers reload their snapshot.
                connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
                connection.execute("INSERT INTO meta VALUES ('generation', 0)")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # -- writes -----------------------------------------------------------

    def _write(self, connection, documents: list[ActivityDocument]) -> None:
        """Upsert: a known id keeps its rowid and has its three rows replaced."""
        latest = {document.id: _rows(document) for document in documents}
        updates = ", ".join(f"{c} = excluded.{c}" for c in DOC_COLUMNS[1:])
        connection.executemany(
            f"INSERT INTO docs ({', '.join(DOC_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(DOC_COLUMNS))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            [doc_row for doc_row, _text_row, _term_row in latest.values()],
        )
        rowid_of = {}
        ids = list(latest)
        for start in range(0, len(ids), 500):  # SQLite's variable limit
            chunk = ids[start : start + 500]
            rowid_of.update(
                (doc_id, rowid)
                for rowid, doc_id in connection.execute(
                    f"SELECT rowid, id FROM docs WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            )
        rowids = [(rowid_of[doc_id],) for doc_id in ids]
        connection.executemany("DELETE FROM texts WHERE rowid = ?", rowids)
        connection.executemany("DELETE FROM terms WHERE rowid = ?", rowids)
        connection.executemany(
            _insert("texts", TEXT_COLUMNS),
            [(rowid_of[doc_id], *rows[1]) for doc_id, rows in latest.items()],
        )
        connection.executemany(
            _insert("terms", SEARCH_FIELDS),
            [(rowid_of[doc_id], *rows[2]) for doc_id, rows in latest.items()],
        )

    def _append(self, connection, documents: list[ActivityDocument], first_rowid: int, suffix):
        """Rebuild: fresh tables, so plain bulk inserts with rowids we choose."""
        rows = [(first_rowid + n, *_rows(doc)) for n, doc in enumerate(documents)]
        for position, (table, columns) in enumerate(
            [("docs", DOC_COLUMNS), ("texts", TEXT_COLUMNS), ("terms", SEARCH_FIELDS)], start=1
        ):
            connection.executemany(
                _insert(f"{table}{suffix}", columns), [(row[0], *row[position]) for row in rows]
            )

    def _transaction(self, work, *, changes_search: bool = True):
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = work(connection)
                if changes_search:
                    connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error
        return result

    def upsert(self, documents: Iterable[ActivityDocument]) -> int:
        written = 0
        for batch in _batches(documents, BATCH_SIZE):
            self._transaction(lambda connection, batch=batch: self._write(connection, batch))
            written += len(batch)
        return written

    def delete(self, ids: Iterable[str]) -> int:
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

    def rebuild(
        self, documents: Iterable[ActivityDocument], *, progress: Progress | None = None
    ) -> int:
        """Fill a new generation of tables, then swap them in with one short
        transaction (renames), so searches answer from the old ones meanwhile."""
        connection = self._connection()
        suffix = f"_{uuid.uuid4().hex[:8]}"
        self._transaction(
            lambda c: [c.execute(statement) for statement in _schema(suffix)],
            changes_search=False,
        )
        done = 0
        try:
            for batch in _batches(documents, BATCH_SIZE):
                self._transaction(
                    lambda c, batch=batch, first=done + 1: self._append(c, batch, first, suffix),
                    changes_search=False,
                )
                done += len(batch)
                if progress:
                    progress(done)

            def swap(c):
                c.execute("DROP TABLE terms_vocab")
                for table in TABLES:
                    c.execute(f"DROP TABLE {table}")
                    c.execute(f"ALTER TABLE {table}{suffix} RENAME TO {table}")
                c.execute("CREATE VIRTUAL TABLE terms_vocab USING fts5vocab(terms, 'row')")
                c.execute("INSERT INTO terms(terms) VALUES ('optimize')")

            self._transaction(swap)
        except BaseException:
            for table in TABLES:
                connection.execute(f"DROP TABLE IF EXISTS {table}{suffix}")
            raise
        return done

    # -- reads ------------------------------------------------------------

    def _read(self, sql: str, params: Iterable = ()) -> list[tuple]:
        try:
            return self._connection().execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error

    def _snapshot(self) -> "DocTable":
        """The columnar copy of `docs`, reloaded when the index has changed."""
        (generation,) = self._read("SELECT value FROM meta WHERE key = 'generation'")[0]
        with self._snapshot_lock:
            if self._cached is None or self._cached[0] != generation:
                rows = self._read(
                    f"SELECT rowid, id, {', '.join(FACET_COLUMNS)} FROM docs "
                    "ORDER BY decided_on DESC, number"
                )
                self._cached = (generation, DocTable(rows))
            return self._cached[1]

    def query(self, query: SearchQuery) -> SearchResults:
        """SQLite finds and scores the matches (one MATCH); filters, facet counts
        and the page are computed on a columnar copy of the facet values, so
        facets cost about a millisecond instead of one GROUP BY each."""
        table = self._snapshot()
        terms = query.terms
        if terms:
            weights = ", ".join(str(FIELD_WEIGHTS[f]) for f in SEARCH_FIELDS)
            rows = self._read(
                f"SELECT rowid, bm25(terms, {weights}) FROM terms WHERE terms MATCH ?",
                [" ".join(_quoted(terms))],
            )
            matched = np.fromiter(chain.from_iterable(rows), np.float64, 2 * len(rows))
            rowids, scores = matched[0::2].astype(np.int64), matched[1::2]
            current = table.contains(rowids)  # a write may have landed meanwhile
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
            for facet in FACET_COLUMNS:
                others = [mask for name, mask in masks.items() if name != facet]
                facets[facet] = table.counts(facet, rowids[table.all_of(others, len(rowids))])
        return SearchResults(
            query=query,
            total=int(selected.sum()),
            hits=self._hits(
                [
                    (table.ids[rowid], score if terms else None)
                    for rowid, score in zip(page_rowids, page_scores, strict=True)
                ],
                terms,
            ),
            facets=facets,
        )

    def _hits(self, scored: list[tuple[str, float]], terms: list[str]) -> list[Hit]:
        """Hits in the given order, highlighted from the stored original text."""
        if not scored:
            return []
        texts = {
            doc_id: (title, objective, variables)
            for doc_id, title, objective, variables in self._read(
                "SELECT d.id, t.title, t.objective, t.variables FROM docs d "
                "JOIN texts t ON t.rowid = d.rowid "
                f"WHERE d.id IN ({', '.join('?' * len(scored))})",
                [doc_id for doc_id, _score in scored],
            )
        }
        return [
            Hit(
                id=doc_id,
                score=-score if score is not None else None,
                highlight=highlight(
                    title=texts[doc_id][0],
                    objective=texts[doc_id][1],
                    variables=json.loads(texts[doc_id][2]),
                    terms=terms,
                ),
            )
            for doc_id, score in scored
            if doc_id in texts
        ]

    def similar(self, doc_id: str, *, limit: int = 5) -> list[Hit]:
        fields = ", ".join(f"t.{f}" for f in SIMILARITY_FIELDS)
        row = self._read(
            f"SELECT d.rowid, {fields} FROM docs d JOIN terms t ON t.rowid = d.rowid "
            "WHERE d.id = ?",
            (doc_id,),
        )
        if not row:
            return []
        rowid, *texts = row[0]
        frequency = Counter(" ".join(texts).split())
        if not frequency:
            return []
        placeholders = ", ".join("?" * len(frequency))
        document_frequency = dict(
            self._read(
                f"SELECT term, doc FROM terms_vocab WHERE term IN ({placeholders})",
                list(frequency),
            )
        )
        (total,) = self._read("SELECT count(*) FROM docs")[0]

        def weight(term):  # tf-idf; a term only this document has says nothing
            df = document_frequency.get(term, 1)
            return frequency[term] * math.log(total / df) if df > 1 else 0.0

        chosen = [t for t in sorted(frequency, key=weight, reverse=True) if weight(t) > 0]
        chosen = chosen[:SIMILAR_TERMS]
        if not chosen:
            return []
        columns = "{" + " ".join(SIMILARITY_FIELDS) + "}"
        weights = ", ".join(
            str(FIELD_WEIGHTS[f]) if f in SIMILARITY_FIELDS else "0" for f in SEARCH_FIELDS
        )
        rows = self._read(
            f"SELECT d.id, bm25(terms, {weights}) AS score "
            "FROM terms JOIN docs d ON d.rowid = terms.rowid "
            "WHERE terms MATCH ? AND d.rowid != ? "
            "ORDER BY score, d.decided_on DESC, d.number LIMIT ?",
            (f"{columns} : ({' OR '.join(_quoted(chosen))})", rowid, limit),
        )
        return self._hits(rows, [])

    def health(self) -> Health:
        try:
            (count,) = self._read("SELECT count(*) FROM docs")[0]
        except SearchUnavailable as error:
            return Health(backend=self.name, ok=False, document_count=None, detail=str(error))
        return Health(backend=self.name, ok=True, document_count=count, detail=str(self.path))
