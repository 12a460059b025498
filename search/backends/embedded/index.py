"""`EmbeddedIndex`: the index folder, its writes and its reads, as one backend."""

import os
import threading
from pathlib import Path

from ...documents import IndexSchema
from ..base import Index
from .layout import Layout
from .queries import QueryBuilder
from .reads import IndexReads
from .store import IndexDirectory
from .writes import IndexWrites


class EmbeddedIndex(IndexReads, IndexWrites, Index):
    name = "embedded"

    def __init__(self, path: str | Path, *, schema: IndexSchema):
        self.path = Path(path)
        self.schema = schema
        self.layout = Layout(schema)
        self.queries = QueryBuilder(self.layout)
        self.directory = IndexDirectory(self.path)
        self._lock = threading.RLock()
        self._opened = None
        self._pid = os.getpid()
        self._saw_loss = False
