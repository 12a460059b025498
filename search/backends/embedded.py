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
from itertools import islice
from pathlib import Path

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
FACET_COLUMNS = {name: name for name in FACETS}  # docs columns are named after facets
BATCH_SIZE = 2_000
SIMILAR_TERMS = 12


def _docs_schema(table: str, suffix: str) -> list[str]:
    facet_columns = ", ".join(f"{column} TEXT NOT NULL" for column in FACET_COLUMNS)
    statements = [
        f"""CREATE TABLE {table} (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            number TEXT NOT NULL,
            decided_on TEXT NOT NULL,
            {facet_columns},
            title TEXT NOT NULL,
            objective TEXT NOT NULL,
            variables TEXT NOT NULL
        )""",
        f"CREATE INDEX idx_{suffix}_order ON {table} (decided_on DESC, number)",
    ]
    statements += [
        f"CREATE INDEX idx_{suffix}_{column} ON {table} ({column})" for column in FACET_COLUMNS
    ]
    return statements


def _terms_schema(table: str) -> str:
    # Text arrives analysed; unicode61 only splits it on spaces.
    return f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(SEARCH_FIELDS)})"


def _quoted(terms: Iterable[str]) -> list[str]:
    # Analysed terms are [a-z0-9]+ only, so quoting makes any of them a literal.
    return [f'"{term}"' for term in terms]


def _batches(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class EmbeddedIndex(Index):
    name = "embedded"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()

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
        exists = connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'docs'").fetchone()
        if exists:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            if not connection.execute("SELECT 1 FROM sqlite_master WHERE name='docs'").fetchone():
                for statement in _docs_schema("docs", uuid.uuid4().hex[:8]):
                    connection.execute(statement)
                connection.execute(_terms_schema("terms"))
                connection.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS terms_vocab USING fts5vocab(terms, 'row')"
                )
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

    def _write(self, connection, documents: list[ActivityDocument], docs="docs", terms="terms"):
        facet_names = list(FACET_COLUMNS)
        columns = ["id", "number", "decided_on", *facet_names, "title", "objective", "variables"]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        upsert_doc = (
            f"INSERT INTO {docs} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates} RETURNING rowid"
        )
        insert_terms = (
            f"INSERT INTO {terms} (rowid, {', '.join(SEARCH_FIELDS)}) "
            f"VALUES (?, {', '.join('?' * len(SEARCH_FIELDS))})"
        )
        for document in documents:
            row = (
                document.id,
                document.recommendation_number,
                document.decided_on.isoformat(),
                *(document.facet_value(name) for name in facet_names),
                document.title,
                document.objective,
                json.dumps(list(document.variables), ensure_ascii=False),
            )
            (rowid,) = connection.execute(upsert_doc, row).fetchone()
            analysed = document.analyzed()
            connection.execute(f"DELETE FROM {terms} WHERE rowid = ?", (rowid,))
            connection.execute(insert_terms, (rowid, *(analysed[f] for f in SEARCH_FIELDS)))

    def _transaction(self, work):
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = work(connection)
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
                    connection.execute("DELETE FROM terms WHERE rowid = ?", row)
                    connection.execute("DELETE FROM docs WHERE rowid = ?", row)
                    removed += 1
            return removed

        return self._transaction(work)

    def clear(self) -> None:
        self._transaction(lambda c: (c.execute("DELETE FROM docs"), c.execute("DELETE FROM terms")))

    def rebuild(
        self, documents: Iterable[ActivityDocument], *, progress: Progress | None = None
    ) -> int:
        connection = self._connection()
        suffix = uuid.uuid4().hex[:8]
        new_docs, new_terms = f"docs_{suffix}", f"terms_{suffix}"

        def create(c):
            for statement in _docs_schema(new_docs, suffix):
                c.execute(statement)
            c.execute(_terms_schema(new_terms))

        self._transaction(create)
        done = 0
        try:
            for batch in _batches(documents, BATCH_SIZE):
                self._transaction(
                    lambda c, batch=batch: self._write(c, batch, docs=new_docs, terms=new_terms)
                )
                done += len(batch)
                if progress:
                    progress(done)

            def swap(c):
                c.execute("DROP TABLE terms_vocab")
                c.execute("DROP TABLE docs")
                c.execute("DROP TABLE terms")
                c.execute(f"ALTER TABLE {new_docs} RENAME TO docs")
                c.execute(f"ALTER TABLE {new_terms} RENAME TO terms")
                c.execute("CREATE VIRTUAL TABLE terms_vocab USING fts5vocab(terms, 'row')")
                c.execute("INSERT INTO terms(terms) VALUES ('optimize')")

            self._transaction(swap)
        except BaseException:
            connection.execute(f"DROP TABLE IF EXISTS {new_terms}")
            connection.execute(f"DROP TABLE IF EXISTS {new_docs}")
            raise
        return done

    # -- reads ------------------------------------------------------------

    def _read(self, sql: str, params: Iterable = ()) -> list[tuple]:
        try:
            return self._connection().execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as error:
            raise SearchUnavailable(f"embedded index {self.path}: {error}") from error

    @staticmethod
    def _filter_sql(filters: dict[str, tuple[str, ...]], skip: str | None = None):
        clauses, params = [], []
        for facet, values in filters.items():
            if facet == skip:
                continue
            clauses.append(f"d.{FACET_COLUMNS[facet]} IN ({', '.join('?' * len(values))})")
            params.extend(values)
        return clauses, params

    def query(self, query: SearchQuery) -> SearchResults:
        terms = query.terms
        if terms:
            source = "terms JOIN docs d ON d.rowid = terms.rowid"
            match_clauses, match_params = ["terms MATCH ?"], [" ".join(_quoted(terms))]
        else:
            source, match_clauses, match_params = "docs d", [], []

        def where(skip=None):
            clauses, params = self._filter_sql(query.filters, skip)
            clauses = match_clauses + clauses
            return (" WHERE " + " AND ".join(clauses) if clauses else ""), match_params + params

        where_sql, params = where()
        if terms and query.sort == "relevance":
            weights = ", ".join(str(FIELD_WEIGHTS[f]) for f in SEARCH_FIELDS)
            score, order = f"bm25(terms, {weights})", "score, d.decided_on DESC, d.number"
        else:
            score, order = "NULL", "d.decided_on DESC, d.number"
        rows = self._read(
            f"SELECT d.id, {score} AS score, d.title, d.objective, d.variables "
            f"FROM {source}{where_sql} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.page_size, query.offset],
        )
        (total,) = self._read(f"SELECT count(*) FROM {source}{where_sql}", params)[0]
        hits = [
            Hit(
                id=doc_id,
                score=-raw_score if raw_score is not None else None,
                highlight=highlight(
                    title=title, objective=objective, variables=json.loads(variables), terms=terms
                ),
            )
            for doc_id, raw_score, title, objective, variables in rows
        ]
        facets = {}
        if query.with_facets:
            for facet, column in FACET_COLUMNS.items():
                facet_where, facet_params = where(skip=facet)
                counts = self._read(
                    f"SELECT d.{column}, count(*) AS n FROM {source}{facet_where} "
                    f"GROUP BY d.{column} ORDER BY n DESC, d.{column}",
                    facet_params,
                )
                facets[facet] = [FacetCount(value=value, count=n) for value, n in counts]
        return SearchResults(query=query, total=total, hits=hits, facets=facets)

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
            f"SELECT d.id, bm25(terms, {weights}) AS score, d.title, d.objective, d.variables "
            "FROM terms JOIN docs d ON d.rowid = terms.rowid "
            "WHERE terms MATCH ? AND d.rowid != ? "
            "ORDER BY score, d.decided_on DESC, d.number LIMIT ?",
            (f"{columns} : ({' OR '.join(_quoted(chosen))})", rowid, limit),
        )
        return [
            Hit(
                id=hit_id,
                score=-score,
                highlight=highlight(
                    title=title, objective=objective, variables=json.loads(variables), terms=[]
                ),
            )
            for hit_id, score, title, objective, variables in rows
        ]

    def health(self) -> Health:
        try:
            (count,) = self._read("SELECT count(*) FROM docs")[0]
        except SearchUnavailable as error:
            return Health(backend=self.name, ok=False, document_count=None, detail=str(error))
        return Health(backend=self.name, ok=True, document_count=count, detail=str(self.path))
