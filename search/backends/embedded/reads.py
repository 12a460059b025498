"""Searches of the index file: FTS5 matching and bm25 ranking, filters, facet
counts and the page on the columnar snapshot, and hits highlighted from the
stored text; similar documents, stamps and health."""

import contextlib
import json
import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain

import numpy as np

from ...documents import MAX_RESULT_WINDOW, Health, Hit, SearchQuery, SearchResults
from ...highlight import highlight
from ...synonyms import TermGroup, has_alternatives
from ..base import IndexCorrupt, SearchUnavailable
from .file import IndexFile
from .layout import LOST
from .snapshot import DocTable

SIMILAR_TERMS = 12


def _quoted(terms: Iterable[str]) -> list[str]:
    # Analysed terms are [a-z0-9]+ only, so quoting makes any of them a literal.
    return [f'"{term}"' for term in terms]


def _window(limit: int) -> int:
    return max(0, min(int(limit), MAX_RESULT_WINDOW))


def match_expression(groups: list[TermGroup], *, match_any: bool = False) -> str:
    """The FTS5 MATCH of a query: every group, each any one of its
    alternatives, each alternative all of its terms, e.g.
    `"banjarnegara" AND ("umkm" OR ("usaha" AND "mikro" AND "kecil" AND "tengah"))`.
    Without synonyms it stays the plain implicit AND of quoted terms. With
    `match_any` the groups are OR-ed instead: any one group makes a match."""
    if not has_alternatives(groups) and not match_any:
        return " ".join(_quoted(group[0][0] for group in groups))

    def alternative(terms) -> str:
        joined = " AND ".join(_quoted(terms))
        return f"({joined})" if len(terms) > 1 else joined

    def group(alternatives) -> str:
        joined = " OR ".join(alternative(terms) for terms in alternatives)
        return f"({joined})" if len(alternatives) > 1 else joined

    joined = " OR " if match_any else " AND "
    return joined.join(group(alternatives) for alternatives in groups)


class IndexReads(IndexFile):
    """The read part of `EmbeddedIndex`."""

    _snapshot_lock: threading.Lock
    _cached: tuple[tuple, DocTable] | None

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

    def ids(self, query: SearchQuery, *, limit: int = MAX_RESULT_WINDOW) -> list[str]:
        with self._reading() as connection:
            table, _rowids, _masks, chosen, _scores, order = self._ordered(connection, query)
            return [table.ids[rowid] for rowid in chosen[order[: _window(limit)]].tolist()]

    def _ordered(self, connection, query: SearchQuery):
        """The matching rows and their order: what a page and `ids` are cut from."""
        self.schema.check(query)
        table = self._snapshot(connection)
        groups = query.term_groups
        if groups:
            weights = ", ".join(str(self.schema.weights[f]) for f in self.layout.search_fields)
            rows = connection.execute(
                f"SELECT rowid, bm25(terms, {weights}) FROM terms WHERE terms MATCH ?",
                [match_expression(groups, match_any=query.match_any)],
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
        return table, rowids, masks, chosen, chosen_scores, order

    def _query(self, connection, query: SearchQuery) -> SearchResults:
        table, rowids, masks, chosen, chosen_scores, order = self._ordered(connection, query)
        terms = query.highlight_terms
        page = order[query.offset : query.offset + query.page_size]
        page_rowids, page_scores = chosen[page].tolist(), chosen_scores[page].tolist()

        facets = {}
        if query.with_facets:
            for facet in self.layout.facet_columns:
                others = [mask for name, mask in masks.items() if name != facet]
                facets[facet] = table.counts(facet, rowids[table.all_of(others, len(rowids))])
        return SearchResults(
            query=query,
            total=len(chosen),
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
