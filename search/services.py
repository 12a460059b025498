"""Draining the indexing outbox into the engine (jobs are written by
`search.outbox`), rebuilding, and the index's agreement with its source:
compare, report, repair."""

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from .backends import SearchUnavailable, get_index
from .backends.base import Progress
from .documents import Health, update_stamp
from .models import IndexJob
from .signals import announce_index_changed
from .sources import get_document_source

logger = logging.getLogger(__name__)

DRAIN_BATCH = 1_000
KEEP_APPLIED_JOBS = datetime.timedelta(days=7)
# A rebuild replays the jobs applied since it started, and a little before
# (clocks of several machines): replaying is idempotent.
REPLAY_MARGIN = datetime.timedelta(minutes=1)
# Divergent ids a report shows of each kind.
EXAMPLES = 10


@dataclass(frozen=True)
class DrainReport:
    applied: int
    pending: int
    error: str = ""


def pending_jobs():
    return IndexJob.objects.filter(processed_at__isnull=True)


def _apply(document_ids: dict[str, str]) -> None:
    """Bring the index in line with the source for these ids (last action wins):
    what the source has is indexed anew, what it lacks is removed."""
    upsert_ids = [doc_id for doc_id, action in document_ids.items() if action == "upsert"]
    documents = get_document_source().get_many(upsert_ids)
    found = {document.id for document in documents}
    gone = [doc_id for doc_id in document_ids if doc_id not in found]
    index = get_index()
    try:
        if documents:
            index.upsert(documents)
        if gone:
            index.delete(gone)
    finally:
        # Also after a failed write: part of the batch may have landed.
        if documents or gone:
            announce_index_changed(_apply)


def _apply_in_batches(ids: list[str], *, progress: Progress | None = None) -> None:
    for start in range(0, len(ids), DRAIN_BATCH):
        _apply(dict.fromkeys(ids[start : start + DRAIN_BATCH], "upsert"))
        if progress:
            progress(min(start + DRAIN_BATCH, len(ids)))


def drain(*, progress: Progress | None = None) -> DrainReport:
    """Apply pending jobs in order, in batches. A job is marked done only after
    the engine confirmed its write. On any failure the batch stays pending
    (with its attempt count and error) and draining stops."""
    applied = 0
    while True:
        batch = list(pending_jobs().order_by("id")[:DRAIN_BATCH])
        if not batch:
            break
        latest = {job.document_id: job.action for job in batch}
        try:
            _apply(latest)
        except Exception as error:
            pending_jobs().filter(pk__in=[job.pk for job in batch]).update(
                attempts=F("attempts") + 1, last_error=str(error)[:2000]
            )
            # Failing jobs make the index "degraded": pages say so.
            announce_index_changed(drain)
            if isinstance(error, SearchUnavailable):
                logger.warning("search index unavailable; %d jobs kept: %s", len(batch), error)
            else:
                logger.exception("applying %d index jobs failed; they stay pending", len(batch))
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
    then apply again every job applied since it started or still pending.

    One query finds both: a job another process applied to the old index
    while this ran is either already marked (applied since the start) or not
    yet (pending), never neither."""
    started = timezone.now() - REPLAY_MARGIN
    count = get_index().rebuild(get_document_source().iter_all(), progress=progress)
    announce_index_changed(rebuild)
    replay = IndexJob.objects.filter(
        Q(processed_at__gte=started) | Q(processed_at__isnull=True)
    ).order_by("id")
    latest = {job.document_id: job.action for job in replay.iterator(chunk_size=DRAIN_BATCH)}
    actions = list(latest.items())
    for start in range(0, len(actions), DRAIN_BATCH):
        _apply(dict(actions[start : start + DRAIN_BATCH]))
    drain()
    return count


# -- agreement with the source ---------------------------------------------


def checksum(stamps: dict[str, str]) -> str:
    """SHA-256 of the sorted `id<TAB>update stamp` lines: equal on both sides
    exactly when both hold the same documents at the same versions."""
    digest = hashlib.sha256()
    for doc_id in sorted(stamps):
        digest.update(f"{doc_id}\t{stamps[doc_id]}\n".encode())
    return digest.hexdigest()


def _in_id_order(ids: Iterable[str]) -> list[str]:
    return sorted(ids, key=lambda doc_id: (len(doc_id), doc_id))  # 9 before 10


@dataclass(frozen=True)
class Divergence:
    """How the index differs from its source. `missing`: in the source, not in
    the index; `extra`: in the index, not in the source; `stale`: in both, with
    an older (or no) update stamp in the index. Ids in natural order."""

    index_count: int
    source_count: int
    index_checksum: str
    source_checksum: str
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def in_sync(self) -> bool:
        return not (self.missing or self.extra or self.stale)

    @property
    def to_repair(self) -> list[str]:
        return [*self.missing, *self.stale, *self.extra]


def compare(
    index_stamps: Iterable[tuple[str, str]],
    source_stamps: Iterable[tuple[object, datetime.datetime | str | None]],
) -> Divergence:
    """Compare (id, update time) pairs of the index with those of the source.
    Plain data on both sides: the caller says where they come from."""
    indexed = {str(doc_id): stamp or "" for doc_id, stamp in index_stamps}
    source = {str(doc_id): update_stamp(updated_at) for doc_id, updated_at in source_stamps}
    return Divergence(
        index_count=len(indexed),
        source_count=len(source),
        index_checksum=checksum(indexed),
        source_checksum=checksum(source),
        missing=_in_id_order(source.keys() - indexed.keys()),
        extra=_in_id_order(indexed.keys() - source.keys()),
        stale=_in_id_order(
            doc_id
            for doc_id, stamp in source.items()
            if doc_id in indexed and indexed[doc_id] != stamp
        ),
    )


def divergence() -> Divergence:
    """The index compared with the registered document source."""
    return compare(get_index().stamps(), get_document_source().iter_stamps())


@dataclass(frozen=True)
class Status:
    health: Health
    source_count: int
    pending: int
    failing: int
    oldest_pending: datetime.datetime | None
    # None when the index cannot be read.
    divergence: Divergence | None = None
    # How many divergent ids have a pending job (they are on their way).
    divergent_pending: int = 0


def status(*, thorough: bool = True) -> Status:
    """The engine's health, the outbox, and (when the index can be read) its
    comparison with the source."""
    pending = pending_jobs()
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    health = get_index().health(thorough=thorough)
    found = divergence() if health.ok else None
    divergent_pending = 0
    if found and not found.in_sync:
        pending_ids = set(pending.values_list("document_id", flat=True))
        divergent_pending = len(pending_ids.intersection(found.to_repair))
    return Status(
        health=health,
        source_count=found.source_count if found else get_document_source().count(),
        pending=pending.count(),
        failing=pending.filter(attempts__gt=0).count(),
        oldest_pending=oldest,
        divergence=found,
        divergent_pending=divergent_pending,
    )


# Called with a phase's description and its size; returns that phase's progress.
PhaseReporter = Callable[[str, int], Progress | None]


@dataclass(frozen=True)
class SyncReport:
    rebuilt: bool
    rebuild_reason: str
    applied: int
    repaired: int
    before: Divergence | None
    after: Divergence


def sync(*, phase: PhaseReporter | None = None, rounds: int = 3) -> SyncReport:
    """Repair any divergence of the index from its source.

    An index that only a rebuild can repair (corrupt, lost, old layout) is
    rebuilt. Otherwise the pending jobs are applied, the index is compared with
    the source, and the missing and stale ids are indexed anew and the extra
    ones removed; then it is compared again (changes made meanwhile are
    repaired in up to `rounds` rounds). Raises SearchUnavailable when the
    engine cannot be reached or jobs still fail."""

    def start(description: str, total: int) -> Progress | None:
        return phase(description, total) if phase else None

    health = get_index().health(thorough=True)
    rebuilt, reason, applied = False, "", 0
    if health.needs_rebuild:
        reason = "; ".join(health.problems) or "berkas indeks tidak terbaca"
        total = get_document_source().count()
        rebuild(progress=start(f"Membangun ulang indeks ({reason})", total))
        rebuilt = True
    else:
        # Also when the engine is down: the attempt is recorded on the jobs.
        pending = pending_jobs().count()
        report = drain(progress=start("Menerapkan tugas indeks yang tertunda", pending))
        if report.error:
            raise SearchUnavailable(
                f"{report.applied:,} tugas diterapkan, {report.pending:,} masih tertunda: "
                f"{report.error}"
            )
        applied = report.applied
    first = found = divergence()
    repaired = 0
    for _round in range(rounds):
        if found.in_sync:
            break
        ids = found.to_repair
        _apply_in_batches(ids, progress=start("Memperbaiki dokumen yang berbeda", len(ids)))
        repaired += len(ids)
        found = divergence()
    return SyncReport(
        rebuilt=rebuilt,
        rebuild_reason=reason,
        applied=applied,
        repaired=repaired,
        before=first,
        after=found,
    )


@dataclass(frozen=True)
class IndexHealth:
    """What the pages need to know: "ok", "degraded" (answers, but may be
    incomplete) or "unavailable"; the reasons are for operators."""

    state: str
    reasons: tuple[str, ...] = ()

    @property
    def degraded(self) -> bool:
        return self.state == "degraded"


def health() -> IndexHealth:
    """Cheap enough for every search page: the engine's own check, jobs that
    keep failing, and an empty index beside a non-empty source."""
    engine = get_index().health()
    if not engine.ok:
        return IndexHealth("unavailable", (engine.detail,))
    reasons = list(engine.problems)
    failing = pending_jobs().filter(attempts__gt=0).count()
    if failing:
        reasons.append(f"{failing:,} perubahan katalog gagal masuk indeks dan masih tertunda")
    if engine.document_count == 0:
        source_count = get_document_source().count()
        if source_count:
            reasons.append(f"indeks kosong, padahal katalog berisi {source_count:,} kegiatan")
    return IndexHealth("degraded" if reasons else "ok", tuple(reasons))
