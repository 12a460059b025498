"""The indexing outbox: write jobs with the change, drain them into the engine."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .backends import SearchUnavailable, get_index
from .backends.base import Progress
from .documents import Health
from .models import IndexJob
from .sources import get_document_source

logger = logging.getLogger(__name__)

DRAIN_BATCH = 1_000
KEEP_APPLIED_JOBS = datetime.timedelta(days=7)


def enqueue_index_jobs(*, upsert: Iterable[str] = (), delete: Iterable[str] = ()) -> int:
    """Record index jobs in the caller's transaction; drain them after commit."""
    jobs = [IndexJob(document_id=str(i), action=IndexJob.Action.UPSERT) for i in upsert]
    jobs += [IndexJob(document_id=str(i), action=IndexJob.Action.DELETE) for i in delete]
    if not jobs:
        return 0
    IndexJob.objects.bulk_create(jobs, batch_size=DRAIN_BATCH)
    transaction.on_commit(_enqueue_drain)
    return len(jobs)


def _enqueue_drain() -> None:
    from .tasks import drain_index_jobs

    drain_index_jobs.enqueue()


@dataclass(frozen=True)
class DrainReport:
    applied: int
    pending: int
    error: str = ""


def pending_jobs():
    return IndexJob.objects.filter(processed_at__isnull=True)


def _apply(document_ids: dict[str, str]) -> None:
    """Bring the index in line with the source for these ids (last action wins)."""
    upsert_ids = [doc_id for doc_id, action in document_ids.items() if action == "upsert"]
    documents = get_document_source().get_many(upsert_ids)
    found = {document.id for document in documents}
    gone = [doc_id for doc_id in document_ids if doc_id not in found]
    index = get_index()
    if documents:
        index.upsert(documents)
    if gone:
        index.delete(gone)


def drain(*, progress: Progress | None = None) -> DrainReport:
    """Apply pending jobs in order, in batches. On an engine failure the batch
    stays pending (with its attempt count and error) and draining stops."""
    applied = 0
    while True:
        batch = list(pending_jobs().order_by("id")[:DRAIN_BATCH])
        if not batch:
            break
        latest = {job.document_id: job.action for job in batch}
        try:
            _apply(latest)
        except SearchUnavailable as error:
            pending_jobs().filter(pk__in=[job.pk for job in batch]).update(
                attempts=F("attempts") + 1, last_error=str(error)[:2000]
            )
            logger.warning("search index unavailable; %d jobs kept: %s", len(batch), error)
            return DrainReport(applied=applied, pending=pending_jobs().count(), error=str(error))
        IndexJob.objects.filter(pk__in=[job.pk for job in batch]).update(
            processed_at=timezone.now()
        )
        applied += len(batch)
        if progress:
            progress(applied)
    IndexJob.objects.filter(processed_at__lt=timezone.now() - KEEP_APPLIED_JOBS).delete()
    return DrainReport(applied=applied, pending=0)


def rebuild(*, progress: Progress | None = None) -> int:
    """Index every document from the source into a fresh index, swap it in,
    then replay the changes applied while it was being built."""
    started = timezone.now()
    count = get_index().rebuild(get_document_source().iter_all(), progress=progress)
    replay = IndexJob.objects.filter(processed_at__gte=started).order_by("id")
    latest = {job.document_id: job.action for job in replay}
    if latest:
        _apply(latest)
    drain()
    return count


@dataclass(frozen=True)
class Status:
    health: Health
    source_count: int
    pending: int
    failing: int
    oldest_pending: datetime.datetime | None


def status() -> Status:
    pending = pending_jobs()
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    return Status(
        health=get_index().health(),
        source_count=get_document_source().count(),
        pending=pending.count(),
        failing=pending.filter(attempts__gt=0).count(),
        oldest_pending=oldest,
    )
