"""The only way records enter or leave the public catalog. Every change writes
its search-index job in the same transaction (the outbox in `search`) and
renews the version of the cached catalog pages (`catalog.page_cache`)."""

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from search.outbox import enqueue_index_jobs

from .fields import BY_NAME, FIELDS, RECORD_FIELDS
from .models import ActivityRecord
from .offices import office_directory
from .page_cache import catalog_changed
from .validation import clean_activity

# Declared fields the validator does not check (dates of the collection, the
# letter's verification address): taken as given, empty when not given.
UNVALIDATED_FIELDS = {
    field.name: None if field.kind == "date" else "" for field in FIELDS if not field.validated
}


class PublicationConflict(Exception):
    """The number belongs to a record that this publication may not replace:
    one published for another application, or one that came from an import
    (or the reverse). Nothing was written; `message` says why, for the user."""

    def __init__(self, *, recommendation_number: str, existing: ActivityRecord):
        self.recommendation_number = recommendation_number
        if existing.source == ActivityRecord.Source.DECISION:
            owner = _("kegiatan yang diterbitkan dari keputusan layanan rekomendasi")
        else:
            owner = _("kegiatan hasil impor data lama")
        self.message = _(
            "Nomor %(number)s sudah dipakai di katalog oleh %(owner)s (“%(title)s”). "
            "Katalog tidak menimpanya: periksa nomornya atau gunakan nomor lain."
        ) % {"number": recommendation_number, "owner": owner, "title": existing.title[:120]}
        super().__init__(self.message)


def may_replace(record: ActivityRecord, *, source: str, application_id: int | None) -> bool:
    """A decision replaces only the record of its own application; an import
    (or any publication without an application) only an imported record."""
    if record.source == ActivityRecord.Source.DECISION:
        return application_id is not None and record.source_application_id == application_id
    return source != ActivityRecord.Source.DECISION


def publish(*, source_application_id: int | None = None, **values: Any) -> ActivityRecord:
    """Create or update a record and queue its indexing, in the caller's
    transaction (or a new one). `values` are the record's declared fields
    (`catalog.fields`); a missing required one is a ValidationError naming it.

    With `source_application_id` the record is a decision's, linked to that
    application: a republication for the same application updates it (even
    under a new number); a number held by another application or by an import
    is refused with `PublicationConflict`. Without it the record counts as
    imported and may update only another imported record."""
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise TypeError(f"publish() got fields the catalog does not declare: {unknown}")
    cleaned, errors = clean_activity(values, offices=office_directory())
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    given = {name: values.get(name, empty) for name, empty in UNVALIDATED_FIELDS.items()}
    collection_start, collection_end = given["collection_start"], given["collection_end"]
    if collection_start and collection_end and collection_end < collection_start:
        raise ValidationError(
            {"collection_end": ["tanggal selesai tidak boleh sebelum tanggal mulai"]}
        )
    number = cleaned["recommendation_number"]
    source = (
        ActivityRecord.Source.DECISION
        if source_application_id is not None
        else ActivityRecord.Source.IMPORT
    )
    values = {**{name: cleaned[name] for name in RECORD_FIELDS}, **given}
    with transaction.atomic():
        locked = ActivityRecord.objects.select_for_update()
        record = locked.filter(recommendation_number=number).first()
        if record is not None and not may_replace(
            record, source=source, application_id=source_application_id
        ):
            raise PublicationConflict(recommendation_number=number, existing=record)
        if record is None and source_application_id is not None:
            # The application's own record under an earlier number (a retry).
            record = locked.filter(source_application_id=source_application_id).first()
        if record is None:
            record = ActivityRecord(
                recommendation_number=number,
                source=source,
                source_application_id=source_application_id,
                **values,
            )
        else:
            record.recommendation_number = number
            for name, value in values.items():
                setattr(record, name, value)
        try:
            # A savepoint: a number taken by a concurrent publication is a
            # conflict for this caller, not a broken transaction.
            with transaction.atomic():
                record.save()
        except IntegrityError:
            taken = ActivityRecord.objects.filter(recommendation_number=number).first()
            if taken is None:
                raise
            raise PublicationConflict(recommendation_number=number, existing=taken) from None
        enqueue_index_jobs(upsert=[record.pk])
        catalog_changed()
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
        catalog_changed()
    return True


class BatchResult(NamedTuple):
    created: int
    updated: int
    # {recommendation number: why it was not written}
    refused: dict[str, str]


def publish_cleaned_batch(rows: Iterable[Mapping[str, Any]], *, source: str) -> BatchResult:
    """Upsert already-validated imported rows in one transaction (bulk). A
    number repeated in the batch keeps its last row. A number that belongs to a
    decision's record is refused, never overwritten."""
    by_number = {row["recommendation_number"]: row for row in rows}
    refused: dict[str, str] = {}
    with transaction.atomic():
        existing = ActivityRecord.objects.select_for_update().in_bulk(
            list(by_number), field_name="recommendation_number"
        )
        to_update, to_create = [], []
        for number, row in by_number.items():
            values = {name: row[name] for name in RECORD_FIELDS}
            if number in existing:
                record = existing[number]
                if not may_replace(record, source=source, application_id=None):
                    refused[number] = PublicationConflict(
                        recommendation_number=number, existing=record
                    ).message
                    continue
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
        catalog_changed()
    return BatchResult(len(created), len(to_update), refused)
