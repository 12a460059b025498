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

from .index import EmbeddedIndex
from .layout import Layout
from .snapshot import DocTable

__all__ = ["DocTable", "EmbeddedIndex", "Layout"]
