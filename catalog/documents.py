"""The catalog's search document: what the search engine indexes of a record,
derived from the field declaration (`catalog.fields`).

The catalog owns its document, as consumerfinance.gov keeps `documents.py`
beside each app: `search` is only the engine and takes plain `Document`s
described by `ACTIVITY_SCHEMA`. `CatalogConfig.ready()` registers
`CatalogDocumentSource` with `search.sources`, so the outbox and the
`search_index` command read records through it without importing the catalog.
"""

import datetime
from collections.abc import Iterable, Iterator

from search.documents import Document, IndexSchema, TextField

from .codes import indonesian_labels
from .fields import FIELDS, KEY
from .models import ActivityRecord

ITERATION_CHUNK = 2_000
# The catch-all text: words people search by that are in no searchable field
# (where, what kind); the weakest in ranking.
FINDABLE_TEXT = TextField("extra", 1.0)
ORDER_DATE = "decided_on"  # "newest" = latest decision first, then by number
# The order the facets are listed in (the page's sidebar, the API, the index
# columns); which fields are facets is declared in `catalog.fields`.
FACET_ORDER = ("year", "office", "agency", "method", "frequency", "sector")
DECLARED_FACETS = {field.facet for field in FIELDS if field.facet}
if set(FACET_ORDER) != DECLARED_FACETS:
    raise ValueError(f"FACET_ORDER {FACET_ORDER} must list the declared facets {DECLARED_FACETS}")

ACTIVITY_SCHEMA = IndexSchema(
    name="activities",
    text_fields=(
        *(
            TextField(field.name, field.weight, many=field.kind == "list")
            for field in FIELDS
            if field.weight
        ),
        FINDABLE_TEXT,
    ),
    facets=FACET_ORDER,
    title_field=next(field.name for field in FIELDS if field.shown == "title"),
    snippet_fields=tuple(field.name for field in FIELDS if field.shown == "snippet"),
    similarity_fields=tuple(field.name for field in FIELDS if field.similar),
    date_field=ORDER_DATE,
    key_field=KEY,
)
# Facet name -> the record field it counts.
FACET_FIELDS: dict[str, str] = {
    facet: next(field.name for field in FIELDS if field.facet == facet) for facet in FACET_ORDER
}
FACETS = ACTIVITY_SCHEMA.facets


def _findable_words(record: ActivityRecord) -> str:
    words = []
    for field in FIELDS:
        if field.findable:
            value = getattr(record, field.name)
            if field.choices:
                # Indonesian whatever the language of the request that indexed it.
                value = indonesian_labels(field.choices).get(value, "")
            words.append(value)
    return " ".join(words)


def to_document(record: ActivityRecord) -> Document:
    texts = {
        field.name: tuple(record.variables or ())
        if field.kind == "list"
        else getattr(record, field.name)
        for field in FIELDS
        if field.weight
    }
    return Document(
        id=str(record.pk),
        date=getattr(record, ORDER_DATE),
        key=getattr(record, KEY),
        facets={facet: str(getattr(record, name)) for facet, name in FACET_FIELDS.items()},
        texts={**texts, FINDABLE_TEXT.name: _findable_words(record)},
        updated_at=record.updated_at,
    )


class CatalogDocumentSource:
    """The catalog as the search layer's document source."""

    schema = ACTIVITY_SCHEMA

    def count(self) -> int:
        return ActivityRecord.objects.count()

    def iter_all(self) -> Iterator[Document]:
        records = ActivityRecord.objects.order_by("pk").iterator(chunk_size=ITERATION_CHUNK)
        return (to_document(record) for record in records)

    def iter_stamps(self) -> Iterator[tuple[str, datetime.datetime]]:
        """(id, updated_at) of every record, for `search_index status` and `sync`."""
        pairs = ActivityRecord.objects.order_by().values_list("pk", "updated_at")
        return (
            (str(pk), updated_at) for pk, updated_at in pairs.iterator(chunk_size=ITERATION_CHUNK)
        )

    def get_many(self, ids: Iterable[str]) -> list[Document]:
        pks = [int(i) for i in ids if str(i).isdigit()]
        return [to_document(r) for r in ActivityRecord.objects.filter(pk__in=pks).order_by("pk")]
