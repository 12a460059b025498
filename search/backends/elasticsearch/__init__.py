"""The cluster backends, Elasticsearch and OpenSearch: one index behind an alias,
rebuilt side by side. They share everything below; only the client library
differs (`clients`).

Text is analysed in Python (`search.analysis`) before it is sent: the analysed
fields hold stemmed terms separated by spaces and Elasticsearch only splits them
on whitespace, so both backends match exactly the same words. The original text
rides along in `_source`, unindexed, for highlighting (`search.highlight`).

The mapping is derived from the index's `IndexSchema`: a keyword per facet,
an analysed text field per searchable field (`<name>_text` where a facet has
the name), the original of each shown field as `<name>_original`, and the
order date and key under the names the schema gives them.

Searches and writes go through the alias `<prefix>-<schema name>`; `rebuild()`
fills a new concrete index `<alias>-<time>-<random>` and swaps the alias to it in
one atomic `update_aliases` call, so searches never go dark.

The request bodies are built and the responses parsed by pure functions
(`build_search_body`, `parse_search_response`, ...), testable without a server.
"""

from .bodies import (
    build_search_body,
    build_similar_body,
    parse_search_response,
    parse_similar_response,
)
from .index import ClusterIndex, ElasticsearchIndex, OpenSearchIndex
from .mapping import (
    analysed_fields,
    bulk_actions,
    delete_actions,
    document_source,
    index_mapping,
    index_settings,
)

__all__ = [
    "ClusterIndex",
    "ElasticsearchIndex",
    "OpenSearchIndex",
    "analysed_fields",
    "build_search_body",
    "build_similar_body",
    "bulk_actions",
    "delete_actions",
    "document_source",
    "index_mapping",
    "index_settings",
    "parse_search_response",
    "parse_similar_response",
]
