"""The states of an application and the only code that changes them.

Every transition in DESIGN.md is one entry of TRANSITIONS, including the
waiting states, assignment and the clock start. `apply_transition`
changes the state with a conditional UPDATE (state and lock_version must still
be what the actor saw), writes the audit event and runs in the caller's
transaction: of two people acting on one application at once, exactly one
wins, on SQLite and on PostgreSQL, and the other gets `TransitionRefused`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.rules import TransitionRefused

from .models import Application, ApplicationEvent
from .models import ApplicationState as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    targets: frozenset[str]  # more than one: the caller names it (sign → feasible or not)
    label: str


def transition(name, sources, targets, label) -> Transition:
    return Transition(name, frozenset(sources), frozenset(targets), label)


# Every state change of an application, waiting states included. A submission
# waits for the region's walidata (where the office asks for it) and for the
# confirmation of a proposed agency before it reaches the office's queue.
TRANSITIONS = {
    t.name: t
    for t in (
        transition(
            "submit",
            {S.DRAFT},
            {S.AWAITING_WALIDATA, S.AWAITING_AGENCY, S.SUBMITTED},
            _("Diajukan"),
        ),
        transition(
            "walidata_confirm",
            {S.AWAITING_WALIDATA},
            {S.AWAITING_AGENCY, S.SUBMITTED},
            _("Dikonfirmasi walidata"),
        ),
        # The walidata may send a submission back to its agency with notes; the
        # agency edits and sends it to the walidata again (a new frozen version).
        transition(
            "walidata_return",
            {S.AWAITING_WALIDATA},
            {S.WALIDATA_RETURNED},
            _("Dikembalikan walidata"),
        ),
        transition(
            "resubmit_to_walidata",
            {S.WALIDATA_RETURNED},
            {S.AWAITING_WALIDATA},
            _("Diajukan kembali ke walidata"),
        ),
        transition(
            "agency_confirmed", {S.AWAITING_AGENCY}, {S.SUBMITTED}, _("Instansi dikonfirmasi")
        ),
        transition("take", {S.SUBMITTED}, {S.IN_REVIEW}, _("Mulai diperiksa")),
        transition("assign", {S.IN_REVIEW}, {S.IN_REVIEW}, _("Dialihkan ke pemeriksa lain")),
        transition(
            "request_revision", {S.IN_REVIEW}, {S.REVISION_REQUESTED}, _("Perbaikan diminta")
        ),
        # The walidata checks a design once: a revision answers BPS's own notes.
        transition("resubmit", {S.REVISION_REQUESTED}, {S.SUBMITTED}, _("Perbaikan diajukan")),
        transition("propose", {S.IN_REVIEW}, {S.AWAITING_SIGNATURE}, _("Keputusan diusulkan")),
        transition("return", {S.AWAITING_SIGNATURE}, {S.IN_REVIEW}, _("Dikembalikan ke pemeriksa")),
        transition(
            "sign",
            {S.AWAITING_SIGNATURE},
            {S.FEASIBLE, S.NOT_FEASIBLE},
            _("Keputusan ditandatangani"),
        ),
        transition(
            "withdraw",
            {
                S.DRAFT,
                S.AWAITING_WALIDATA,
                S.WALIDATA_RETURNED,
                S.AWAITING_AGENCY,
                S.SUBMITTED,
                S.REVISION_REQUESTED,
            },
            {S.WITHDRAWN},
            _("Dibatalkan oleh pemohon"),
        ),
    )
}


# Entering these states hands the application to the office (its queue shows it).
OFFICE_STATES = frozenset({S.AWAITING_AGENCY, S.SUBMITTED})


def allowed(application: Application, name: str) -> bool:
    return application.state in TRANSITIONS[name].sources


def apply_transition(
    application: Application,
    name: str,
    *,
    actor,
    target: str | None = None,
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
) -> ApplicationEvent:
    """Move `application` along transition `name`, with `changes` to other fields
    in the same UPDATE. The instance is refreshed. Must run inside a transaction
    with the rest of the action (versions, notes, outbox rows)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_transition must run inside transaction.atomic()")
    step = TRANSITIONS[name]
    if target is None and len(step.targets) == 1:
        (target,) = step.targets
    # The state first: signing what was never proposed (no verdict yet) is a
    # refusal for the user, not a programming error.
    if application.state not in step.sources:
        raise TransitionRefused(
            _("Pengajuan berstatus “%(state)s”; tindakan ini tidak dapat dilakukan.")
            % {"state": application.state_label}
        )
    if target not in step.targets:
        raise ValueError(f"{name} needs a target among {sorted(step.targets)}")
    changes = dict(changes or {})
    if target in OFFICE_STATES and application.reached_office_at is None:
        changes.setdefault("reached_office_at", timezone.now())
    updated = Application.objects.filter(
        pk=application.pk, state=application.state, lock_version=application.lock_version
    ).update(state=target, lock_version=F("lock_version") + 1, updated_at=timezone.now(), **changes)
    if updated != 1:
        raise TransitionRefused(
            _(
                "Pengajuan ini baru saja diubah oleh pengguna lain. Muat ulang halaman untuk "
                "melihat statusnya sekarang."
            )
        )
    event = record_event(
        application,
        name,
        actor=actor,
        note=note,
        data=data,
        from_state=application.state,
        to_state=target,
    )
    application.refresh_from_db()
    return event


def record_event(
    application: Application,
    kind: str,
    *,
    actor,
    note: str = "",
    data: dict | None = None,
    from_state: str = "",
    to_state: str = "",
) -> ApplicationEvent:
    """Write one line of the application's audit trail: every transition (above),
    and what happens beside the states (a draft created, a file added, a
    consultation). The only place an ApplicationEvent is created."""
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=note,
        data=data or {},
    )
