"""The tables of the index file for one schema: their columns, the statements
that make them, a document's rows, and the meta a new file starts with."""

import datetime
import json
import re
import sqlite3
import uuid
from collections.abc import Iterable

from ...documents import Document, IndexSchema

TABLES = ("docs", "texts", "terms")
# Version of the tables below. A file of an older layout is upgraded when it
# is opened; its documents then carry no update stamp until re-indexed.
LAYOUT = 2
# How a file came to be (meta 'origin'): made empty where it stands and filled
# by index jobs; made empty where it stands because the file in use vanished
# (what it held is missing until a rebuild); or written whole by a rebuild.
CREATED, LOST, REBUILT = "created", "lost", "rebuilt"


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
