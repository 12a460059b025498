"""Writes: upserts and deletes, each batch one commit under the write lock of
the index folder (one writer at a time across processes), and the rebuild
that writes a new generation and switches CURRENT to it at the end."""

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable

import tantivy

from ...documents import Document
from ..base import Progress, SearchUnavailable, batches
from .handle import IndexHandle, Opened, engine_error
from .layout import ID, STAMP
from .store import REBUILT, now

logger = logging.getLogger(__name__)

BATCH_SIZE = 2_000
# tantivy's indexing memory: a publication writes one document; a rebuild
# writes the whole catalog with both cores.
WRITER_HEAP = 50_000_000
REBUILD_HEAP = 256_000_000
REBUILD_THREADS = max(1, min(2, os.cpu_count() or 1))


def _release(writer: tantivy.IndexWriter) -> None:
    """Let merges the commit started end, then give up tantivy's writer lock
    (the writer is consumed): the folder's lock is released after this."""
    try:
        writer.wait_merging_threads()
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        logger.warning("search index merge failed (the commit stands): %s", error)


def _discard(writer: tantivy.IndexWriter) -> None:
    with contextlib.suppress(Exception):
        writer.rollback()
    with contextlib.suppress(Exception):
        writer.wait_merging_threads()


class IndexWrites(IndexHandle):
    """The write part of `EmbeddedIndex`."""

    # Fault injection for the tests of a folder deleted around a commit.
    before_commit: Callable[[], None] | None = None
    after_commit: Callable[[], None] | None = None

    def _transaction(self, work: Callable[[tantivy.IndexWriter, Opened], int]) -> int:
        """Run `work(writer, generation)` and commit, holding the folder's
        write lock. Raises SearchUnavailable unless the change is in the
        generation CURRENT names once it has committed."""
        with self.directory.write_lock():
            opened = self.opened()  # read under the lock: the generation now current
            try:
                writer = opened.index.writer(WRITER_HEAP, 1)
            except BaseException as error:
                if isinstance(error, KeyboardInterrupt | SystemExit):
                    raise
                raise engine_error(self.directory, error, "writer") from error
            try:
                result = work(writer, opened)
                if self.before_commit:
                    self.before_commit()
                writer.commit()
            except SearchUnavailable:
                _discard(writer)
                raise
            except BaseException as error:
                _discard(writer)
                if isinstance(error, KeyboardInterrupt | SystemExit):
                    raise
                self._refuse_if_moved(opened, error)
                raise engine_error(self.directory, error, "write") from error
            _release(writer)
            if self.after_commit:
                self.after_commit()
            self._refuse_if_moved(opened)
            self.opened()  # this process sees its own write at once
            return result

    def _refuse_if_moved(self, opened: Opened, error: BaseException | None = None) -> None:
        """Raise when the generation written to is no longer the one in use
        (deleted, or CURRENT replaced by hand): the change is not searchable."""
        if (
            self.directory.current_identity() == opened.current
            and (opened.folder / "meta.json").exists()
        ):
            return
        self._saw_loss = True
        self.forget()
        raise SearchUnavailable(
            f"embedded index {self.path}: the index was replaced or deleted while "
            "this change was written; it is not in the index in use"
        ) from error

    def _write(self, writer: tantivy.IndexWriter, opened: Opened, documents: list[Document]) -> int:
        """Replace by id. A document older than the one indexed (by update
        stamp) is skipped, so two processes applying the same jobs cannot
        leave the older text."""
        latest = {document.id: document for document in documents}
        searcher = opened.searcher
        schema = self.layout.tantivy_schema
        written = 0
        for doc_id, document in latest.items():
            if document.stamp:
                found = searcher.search(tantivy.Query.term_query(schema, ID, doc_id), 1).hits
                if found and (searcher.doc(found[0][1]).get_first(STAMP) or "") > document.stamp:
                    continue
            writer.delete_documents_by_term(ID, doc_id)
            writer.add_document(self.layout.document(document))
            written += 1
        return written

    def upsert(self, documents: Iterable[Document]) -> int:
        written = 0
        for batch in batches(documents, BATCH_SIZE):
            self._transaction(
                lambda writer, opened, batch=batch: self._write(writer, opened, batch)
            )
            written += len(batch)
        return written

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(str(doc_id) for doc_id in ids))

        def work(writer, opened) -> int:
            schema = self.layout.tantivy_schema
            removed = 0
            for doc_id in ids:
                if opened.searcher.search(tantivy.Query.term_query(schema, ID, doc_id), 1).hits:
                    writer.delete_documents_by_term(ID, doc_id)
                    removed += 1
            return removed

        return self._transaction(work) if ids else 0

    def clear(self) -> None:
        self._transaction(lambda writer, _opened: writer.delete_all_documents())

    def rebuild(self, documents: Iterable[Document], *, progress: Progress | None = None) -> int:
        """Write a complete new generation beside the current one, then point
        CURRENT at it (under the write lock, so no write lands in the old one
        afterwards). Searches answer from the old generation meanwhile; every
        process opens the new one at its next search or write. Also repairs a
        corrupt or lost index: the old one is not read."""
        with self.directory.rebuild_lock():
            name = self.directory.new_generation(
                layout_fingerprint=self.layout.fingerprint, origin=REBUILT
            )
            folder = self.directory.generation_path(name)
            try:
                done = self._build(folder, documents, progress)
                info = self.directory.info(name)
                self.directory.write_info(name, {**info, "rebuilt_at": now()})
                with self.directory.write_lock():
                    self.directory.set_current(name)
            except BaseException as error:
                shutil.rmtree(folder, ignore_errors=True)
                if isinstance(error, OSError | ValueError):
                    raise SearchUnavailable(
                        f"embedded index {self.path}: rebuild: {error}"
                    ) from error
                raise
            self.directory.remove_all_but(name)
        self.forget()
        return done

    def _build(self, folder, documents: Iterable[Document], progress: Progress | None) -> int:
        index = tantivy.Index(self.layout.tantivy_schema, path=str(folder))
        writer = index.writer(REBUILD_HEAP, REBUILD_THREADS)
        done = 0
        try:
            for batch in batches(documents, BATCH_SIZE):
                for document in batch:
                    writer.add_document(self.layout.document(document))
                done += len(batch)
                if progress:
                    progress(done)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            _discard(writer)
            raise
        logger.info("search index %s rebuilt: %d documents", self.path, done)
        return done
