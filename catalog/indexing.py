"""The catalog as a document source for the search layer (`SEARCH_DOCUMENT_SOURCE`)."""

import datetime
from collections.abc import Iterable, Iterator

from search.documents import ActivityDocument

from .codes import CollectionMethod, Frequency, Sector, indonesian_labels
from .models import ActivityRecord

ITERATION_CHUNK = 2_000


def to_document(record: ActivityRecord) -> ActivityDocument:
    return ActivityDocument(
        id=str(record.pk),
        recommendation_number=record.recommendation_number,
        title=record.title,
        year=record.year,
        agency=record.agency,
        office_code=record.office_code,
        method=record.method,
        frequency=record.frequency,
        sector=record.sector,
        decided_on=record.decided_on,
        updated_at=record.updated_at,
        objective=record.objective,
        variables=tuple(record.variables or ()),
        # Words people search by that are not in the text: where and what kind.
        extra=" ".join(
            [
                record.office_name,
                record.coverage,
                # Indonesian whatever the language of the request that indexed it.
                indonesian_labels(CollectionMethod).get(record.method, ""),
                indonesian_labels(Frequency).get(record.frequency, ""),
                indonesian_labels(Sector).get(record.sector, ""),
            ]
        ),
    )


class CatalogDocumentSource:
    def count(self) -> int:
        return ActivityRecord.objects.count()

    def iter_all(self) -> Iterator[ActivityDocument]:
        records = ActivityRecord.objects.order_by("pk").iterator(chunk_size=ITERATION_CHUNK)
        return (to_document(record) for record in records)

    def iter_stamps(self) -> Iterator[tuple[str, datetime.datetime]]:
        """(id, updated_at) of every record, for `search_index status` and `sync`."""
        pairs = ActivityRecord.objects.order_by().values_list("pk", "updated_at")
        return (
            (str(pk), updated_at) for pk, updated_at in pairs.iterator(chunk_size=ITERATION_CHUNK)
        )

    def get_many(self, ids: Iterable[str]) -> list[ActivityDocument]:
        pks = [int(i) for i in ids if str(i).isdigit()]
        return [to_document(r) for r in ActivityRecord.objects.filter(pk__in=pks).order_by("pk")]
