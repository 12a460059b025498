"""The states of an application and the only code that changes them.

Every transition in DESIGN.md is one entry of TRANSITIONS. `apply_transition`
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

from .models import Application, ApplicationEvent
from .models import ApplicationState as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None: the caller names it (sign → feasible or not_feasible)
    label: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, _("Diajukan")),
        Transition("take", frozenset({S.SUBMITTED}), S.IN_REVIEW, _("Mulai diperiksa")),
        Transition(
            "request_revision",
            frozenset({S.IN_REVIEW}),
            S.REVISION_REQUESTED,
            _("Perbaikan diminta"),
        ),
        Transition(
            "resubmit",
            frozenset({S.REVISION_REQUESTED}),
            S.SUBMITTED,
            _("Perbaikan diajukan"),
        ),
        Transition(
            "propose", frozenset({S.IN_REVIEW}), S.AWAITING_SIGNATURE, _("Keputusan diusulkan")
        ),
        Transition(
            "return",
            frozenset({S.AWAITING_SIGNATURE}),
            S.IN_REVIEW,
            _("Dikembalikan ke pemeriksa"),
        ),
        Transition("sign", frozenset({S.AWAITING_SIGNATURE}), None, _("Keputusan ditandatangani")),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.SUBMITTED, S.REVISION_REQUESTED}),
            S.WITHDRAWN,
            _("Dibatalkan oleh pemohon"),
        ),
    )
}
SIGN_TARGETS = frozenset({S.FEASIBLE, S.NOT_FEASIBLE})


class TransitionRefused(Exception):
    """The action is not possible now; the message says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


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
    transition = TRANSITIONS[name]
    target = target or transition.target
    # The state first: signing what was never proposed (no verdict yet) is a
    # refusal for the user, not a programming error.
    if application.state not in transition.sources:
        raise TransitionRefused(
            _("Pengajuan berstatus “%(state)s”; tindakan ini tidak dapat dilakukan.")
            % {"state": application.state_label}
        )
    if transition.target is None and target not in SIGN_TARGETS:
        raise ValueError(f"{name} needs a target among {sorted(SIGN_TARGETS)}")
    changes = dict(changes or {})
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
    event = ApplicationEvent.objects.create(
        application=application,
        kind=name,
        from_state=application.state,
        to_state=target,
        actor=actor,
        note=note,
        data=data or {},
    )
    application.refresh_from_db()
    return event
