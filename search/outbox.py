"""The indexing outbox: jobs written in the transaction that changes a document,
drained into the engine after commit (`search.tasks`, `search.services.drain`)."""

from collections.abc import Iterable

from django.db import transaction

from .models import IndexJob
from .services import DRAIN_BATCH
from .tasks import drain_index_jobs


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
    drain_index_jobs.enqueue()
