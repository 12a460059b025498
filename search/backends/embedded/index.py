"""`EmbeddedIndex`: the index file, its writes and its reads, as one backend."""

import threading
from pathlib import Path

from ...documents import IndexSchema
from ..base import Index
from .layout import Layout
from .reads import IndexReads
from .snapshot import DocTable
from .writes import IndexWrites


class EmbeddedIndex(IndexReads, IndexWrites, Index):
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
