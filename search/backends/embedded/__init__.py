"""The embedded backend: a tantivy index in a folder of its own under the data
directory, whatever engine the main database is.

tantivy (the Rust engine, through its official Python bindings) stores per
document the stemmed text of each searchable field (`search.analysis` runs
first, tantivy only splits on spaces, so every backend matches the same
words), the facet values as terms and columns, and the original text shown in
hits; BM25 ranks, terms aggregations count the facets (`layout`, `queries`).

The folder holds generations, each a complete tantivy index; the file CURRENT
names the one in use (`store`). A rebuild writes a new generation and renames
a new CURRENT into place at the end, so searches answer from the old one
meanwhile. Writes take the folder's write lock (one writer at a time across
web workers and the task worker), commit, and check that CURRENT still names
the generation they wrote to; otherwise they raise and their index job stays
pending. Before every search and write, each process checks CURRENT and the
generation's meta.json and reloads what changed (`handle`): a commit in any
process is seen at the next search, a vanished folder is made anew, empty,
and reported lost, and damaged files answer as corrupt until a rebuild.
"""

from .index import EmbeddedIndex
from .layout import Layout

__all__ = ["EmbeddedIndex", "Layout"]
