"""The index's mapping and settings, derived from the schema, and the
documents and bulk actions written into it.

Per searchable field the mapping holds the stemmed text (`analysed_fields`,
with positions: phrases) and the exact text (`exact_fields`, `<name>_exact`:
the typed form's boost and typo tolerance), both already analysed in Python
and only split on whitespace here. Every exact field is also copied into
`VOCABULARY_FIELD`, the one vocabulary "Maksud Anda" looks words up in.

`MAPPING_VERSION` is written into the mapping's `_meta`; an index made with an
older mapping lacks what queries now read (the exact text), so `health` asks
for a rebuild (`search_index status` reports it, `search_index sync` does it).
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from elasticsearch.dsl import Date, Keyword, Mapping, Text

from ...documents import MAX_RESULT_WINDOW, Document, IndexSchema


def analysed_fields(schema: IndexSchema) -> dict[str, str]:
    """Searchable field -> its analysed field in the mapping. A facet keyword
    may hold the field's name (`agency`): its analysed text is then `agency_text`."""
    return {
        text.name: f"{text.name}_text" if text.name in schema.facets else text.name
        for text in schema.text_fields
    }


def exact_fields(schema: IndexSchema) -> dict[str, str]:
    """Searchable field -> its exact (folded, unstemmed) field in the mapping."""
    return {text.name: f"{text.name}_exact" for text in schema.text_fields}


# Every exact word of a document, whatever its field: the vocabulary of "Maksud Anda".
VOCABULARY_FIELD = "exact_words"
# Raise when the mapping changes in a way existing indices cannot follow
# (2: the exact fields and the vocabulary); `health` then asks for a rebuild.
MAPPING_VERSION = 2
META_VERSION = "rekomstat_mapping_version"


def original_fields(schema: IndexSchema) -> dict[str, str]:
    """Shown field -> where its original text is kept (in _source, unindexed)."""
    return {name: f"{name}_original" for name in schema.shown_fields}


def _analysed() -> Text:
    # Already lowercased, folded and stemmed: only split on spaces.
    return Text(analyzer="whitespace", similarity="BM25")


def _exact() -> Text:
    # Folded, not stemmed; no positions (phrases are matched on the stems).
    return Text(
        analyzer="whitespace", similarity="BM25", index_options="freqs", copy_to=VOCABULARY_FIELD
    )


def exact_properties(schema: IndexSchema) -> dict[str, Any]:
    """The mapping of the exact fields and the vocabulary (version 2): what
    `ClusterIndex.ensure_index` adds to an older index so writes keep working
    until it is rebuilt."""
    mapping = Mapping()
    for exact in exact_fields(schema).values():
        mapping.field(exact, _exact())
    mapping.field(VOCABULARY_FIELD, Text(analyzer="whitespace", index_options="freqs"))
    return mapping.to_dict()["properties"]


def index_mapping(schema: IndexSchema) -> dict[str, Any]:
    taken = {*schema.facets, *analysed_fields(schema).values(), *original_fields(schema).values()}
    if taken & {VOCABULARY_FIELD, *exact_fields(schema).values()}:
        raise ValueError(f"{schema.name}: a field name collides with an exact field")
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    mapping.meta("_meta", {META_VERSION: MAPPING_VERSION})
    mapping.field("id", Keyword())
    mapping.field(schema.key_field, Keyword())
    mapping.field(schema.date_field, Date())
    # The source's update stamp as text (a date field would keep milliseconds only).
    mapping.field("updated_at", Keyword())
    for facet in schema.facets:  # values are strings ("2024")
        mapping.field(facet, Keyword())
    for analysed in analysed_fields(schema).values():
        mapping.field(analysed, _analysed())
    for original in original_fields(schema).values():
        mapping.field(original, Text(index=False))
    body = mapping.to_dict()
    body["properties"].update(exact_properties(schema))
    return body


def index_settings(
    schema: IndexSchema, *, replicas: int | None = None, refresh_interval: str | None = None
) -> dict[str, Any]:
    """The body of `indices.create` for a concrete index of `schema`.

    One shard: the corpus is small, and BM25 statistics are then global, as in
    the embedded backend.
    """
    settings: dict[str, Any] = {"number_of_shards": 1, "max_result_window": MAX_RESULT_WINDOW}
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    if refresh_interval is not None:
        settings["refresh_interval"] = refresh_interval
    return {"settings": settings, "mappings": index_mapping(schema)}


def document_source(document: Document, schema: IndexSchema) -> dict[str, Any]:
    analysed = document.analyzed(schema)
    exact = document.exact(schema)
    return {
        "id": document.id,
        schema.key_field: document.key,
        schema.date_field: document.date.isoformat(),
        "updated_at": document.stamp,
        **{facet: str(document.facets[facet]) for facet in schema.facets},
        **{target: analysed[name] for name, target in analysed_fields(schema).items()},
        **{target: exact[name] for name, target in exact_fields(schema).items()},
        **{
            target: list(document.texts.get(name, ()))
            if schema.is_many(name)
            else document.text(name)
            for name, target in original_fields(schema).items()
        },
    }


def stamp_version(stamp: str) -> int:
    """An update stamp as an external version (microseconds since 1970)."""
    moment = datetime.datetime.fromisoformat(stamp)
    return (moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) // datetime.timedelta(
        microseconds=1
    )


def bulk_actions(
    documents: Iterable[Document], index_name: str, schema: IndexSchema
) -> Iterator[dict]:
    """Index (create or replace) actions for `elasticsearch.helpers.bulk`.

    A document with an update stamp is versioned by it (`external_gte`): an
    older version than the one indexed is refused (409, ignored), so two
    processes applying the same jobs cannot leave the older text."""
    for document in documents:
        action = {
            "_op_type": "index",
            "_index": index_name,
            "_id": document.id,
            "_source": document_source(document, schema),
        }
        if document.stamp:
            action.update(version=stamp_version(document.stamp), version_type="external_gte")
        yield action


def delete_actions(ids: Iterable[str], index_name: str) -> Iterator[dict]:
    for doc_id in ids:
        yield {"_op_type": "delete", "_index": index_name, "_id": str(doc_id)}
