"""The only way records enter or leave the public catalog. Every change writes
its search-index job in the same transaction (the outbox in `search`)."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from search.services import enqueue_index_jobs

from .models import ActivityRecord
from .offices import office_directory
from .validation import clean_activity

RECORD_FIELDS = (
    "decided_on",
    "title",
    "year",
    "agency",
    "office_code",
    "office_name",
    "method",
    "frequency",
    "coverage",
    "sector",
    "objective",
    "variables",
)


def publish(
    *,
    recommendation_number: str,
    title: str,
    year: int,
    agency: str,
    office_code: str,
    method: str,
    frequency: str,
    sector: str,
    decided_on: datetime.date,
    office_name: str = "",
    coverage: str = "",
    objective: str = "",
    variables: Sequence[str] = (),
    collection_start: datetime.date | None = None,
    collection_end: datetime.date | None = None,
    verification_url: str = "",
    source: str = ActivityRecord.Source.WORKFLOW,
) -> ActivityRecord:
    """Create or update the record with this recommendation number and queue
    its indexing, in the caller's transaction (or a new one)."""
    raw = {
        "recommendation_number": recommendation_number,
        "title": title,
        "year": year,
        "agency": agency,
        "office_code": office_code,
        "office_name": office_name,
        "method": method,
        "frequency": frequency,
        "sector": sector,
        "decided_on": decided_on,
        "coverage": coverage,
        "objective": objective,
        "variables": variables,
    }
    cleaned, errors = clean_activity(raw, offices=office_directory())
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    if collection_start and collection_end and collection_end < collection_start:
        raise ValidationError(
            {"collection_end": ["tanggal selesai tidak boleh sebelum tanggal mulai"]}
        )
    with transaction.atomic():
        record, _created = ActivityRecord.objects.update_or_create(
            recommendation_number=cleaned["recommendation_number"],
            defaults={
                **{name: cleaned[name] for name in RECORD_FIELDS},
                "collection_start": collection_start,
                "collection_end": collection_end,
                "verification_url": verification_url,
                "source": source,
            },
        )
        enqueue_index_jobs(upsert=[record.pk])
    return record


def unpublish(*, recommendation_number: str) -> bool:
    """Remove a record from the catalog (and, through its job, from search)."""
    with transaction.atomic():
        record = (
            ActivityRecord.objects.select_for_update()
            .filter(recommendation_number=recommendation_number)
            .first()
        )
        if record is None:
            return False
        enqueue_index_jobs(delete=[record.pk])
        record.delete()
    return True


def publish_cleaned_batch(rows: Iterable[Mapping[str, Any]], *, source: str) -> tuple[int, int]:
    """Upsert already-validated rows in one transaction (bulk, for imports).
    A number repeated in the batch keeps its last row. Returns (created, updated)."""
    by_number = {row["recommendation_number"]: row for row in rows}
    with transaction.atomic():
        existing = ActivityRecord.objects.select_for_update().in_bulk(
            list(by_number), field_name="recommendation_number"
        )
        to_update, to_create = [], []
        for number, row in by_number.items():
            values = {name: row[name] for name in RECORD_FIELDS}
            if number in existing:
                record = existing[number]
                for name, value in values.items():
                    setattr(record, name, value)
                record.source = source
                record.updated_at = timezone.now()  # bulk_update skips auto_now
                to_update.append(record)
            else:
                to_create.append(
                    ActivityRecord(recommendation_number=number, source=source, **values)
                )
        created = ActivityRecord.objects.bulk_create(to_create)
        if to_update:
            ActivityRecord.objects.bulk_update(
                to_update, [*RECORD_FIELDS, "source", "updated_at"], batch_size=500
            )
        enqueue_index_jobs(upsert=[record.pk for record in [*created, *to_update]])
    return len(created), len(to_update)
