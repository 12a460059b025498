"""The only code that opens a complaint or changes one: assignment, answers and
closing, each one transaction that writes the change, its line of the trail
(`ComplaintUpdate`) and the e-mail to the complainant.

The status only moves forward, Diterima → Diproses → Selesai (`STATUS_MOVES`). Two
officers acting on one complaint at once: the row is locked and changed with a
conditional UPDATE on the version the officer's page showed, so exactly one wins
and the other is told to reload."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.accounts.models import User
from procedures.rules import TransitionRefused, require
from procedures.throttling import over_limit

from . import emails, permissions
from .models import Complaint, ComplaintStatus, ComplaintUpdate, UpdateKind

S = ComplaintStatus

# Which status may follow which (staying put is a move too: an assignment, a second
# answer). Nothing leads back to an earlier status, and nothing leaves Selesai.
STATUS_MOVES: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.RECEIVED, S.IN_PROGRESS, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.CLOSED: frozenset(),
}

TEXT_MAX_LENGTH = 5000
TRACKING_WINDOW_SECONDS = 60 * 60


def stale_message() -> str:
    return _(
        "Pengaduan ini baru saja diubah oleh petugas lain. Muat ulang halaman untuk melihat "
        "keadaannya sekarang, lalu ulangi tindakan Anda bila masih perlu."
    )


# -- opening -----------------------------------------------------------------------


@transaction.atomic
def open_complaint(
    *,
    office,
    ticket_number: str,
    received_at=None,
    complainant_name: str = "",
    complainant_email: str = "",
    subject: str = "",
    text: str = "",
    answers: Iterable[tuple[str, str]] = (),
) -> Complaint:
    """Record a complaint the complaint form received, in the form's transaction,
    and queue the acknowledgement (ticket and tracking link) to the complainant
    when the form asked for an e-mail address."""
    complainant_email = (complainant_email or "").strip()
    if complainant_email:
        try:
            validate_email(complainant_email)
        except ValidationError:
            raise ValidationError(
                {"complainant_email": _("Alamat e-mail pengadu tidak valid.")}
            ) from None
    complaint = Complaint.objects.create(
        ticket_number=ticket_number,
        office=office,
        received_at=received_at or timezone.now(),
        complainant_name=(complainant_name or "").strip()[:255],
        complainant_email=complainant_email,
        subject=(subject or "").strip()[:255],
        text=text or "",
        answers=[[str(label), str(value)] for label, value in answers],
    )
    emails.notify_received(complaint)
    return complaint


# -- the officers' actions -----------------------------------------------------------


def _locked(complaint: Complaint, seen_version: int | None) -> Complaint:
    """The complaint re-read with its row locked; refused when the officer's page
    showed an older version (another officer acted in between)."""
    locked = Complaint.objects.select_for_update().select_related("office").get(pk=complaint.pk)
    if seen_version is not None and locked.lock_version != seen_version:
        raise TransitionRefused(stale_message())
    return locked


def _change(
    complaint: Complaint,
    *,
    user: User,
    kind: str,
    to_status: str,
    text: str = "",
    changes: dict | None = None,
    at=None,
) -> ComplaintUpdate:
    """Write the change with a conditional UPDATE (status and version as locked)
    and its line of the trail. Runs inside the caller's transaction."""
    if to_status not in STATUS_MOVES[complaint.status]:
        raise TransitionRefused(
            _("Pengaduan berstatus “%(status)s”; status tidak dapat kembali atau diubah lagi.")
            % {"status": complaint.get_status_display()}
        )
    updated = Complaint.objects.filter(
        pk=complaint.pk, status=complaint.status, lock_version=complaint.lock_version
    ).update(status=to_status, lock_version=F("lock_version") + 1, **(changes or {}))
    if updated != 1:
        raise TransitionRefused(stale_message())
    update = ComplaintUpdate.objects.create(
        complaint=complaint,
        actor=user,
        kind=kind,
        from_status=complaint.status,
        to_status=to_status,
        text=text,
        at=at or timezone.now(),
    )
    complaint.refresh_from_db()
    return update


def _required_text(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Paling banyak %(max)d karakter; persingkat tulisan Anda.")
                % {"max": TEXT_MAX_LENGTH}
            }
        )
    return text


@transaction.atomic
def assign(
    *, complaint: Complaint, user: User, officer: User, seen_version: int | None = None
) -> Complaint:
    """Give the complaint to an officer of its office (the status stays)."""
    complaint = _locked(complaint, seen_version)
    require(permissions.can_assign(user, complaint))
    if (
        officer is None
        or not officer.is_active
        or not permissions.is_complaint_officer(officer, complaint.office_id)
    ):
        raise ValidationError({"officer": _("Pilih petugas dari kantor ini.")})
    if complaint.assigned_to_id == officer.pk:
        raise TransitionRefused(
            _("Pengaduan ini sudah ditangani oleh %(name)s.") % {"name": officer}
        )
    update = _change(
        complaint,
        user=user,
        kind=UpdateKind.ASSIGNED,
        to_status=complaint.status,
        text=str(officer),
        changes={"assigned_to": officer},
    )
    if officer.pk != user.pk:
        emails.notify_assigned(complaint, update)
    return complaint


@transaction.atomic
def answer(
    *, complaint: Complaint, user: User, text: str, seen_version: int | None = None
) -> ComplaintUpdate:
    """Answer the complainant (e-mailed). A complaint still Diterima becomes
    Diproses; one nobody handles yet is the answering officer's from now on."""
    text = _required_text(text, "text", _("Tulis jawaban untuk pengadu."))
    complaint = _locked(complaint, seen_version)
    require(permissions.can_answer(user, complaint))
    changes = {} if complaint.assigned_to_id else {"assigned_to": user}
    update = _change(
        complaint,
        user=user,
        kind=UpdateKind.ANSWERED,
        to_status=S.IN_PROGRESS,
        text=text,
        changes=changes,
    )
    emails.notify_answered(complaint, update)
    return update


@transaction.atomic
def close(
    *, complaint: Complaint, user: User, text: str, seen_version: int | None = None
) -> ComplaintUpdate:
    """Close the complaint with the conclusion the complainant reads (e-mailed);
    records `closed_at`. Nothing changes a closed complaint afterwards."""
    text = _required_text(text, "text", _("Tulis kesimpulan penanganan pengaduan untuk pengadu."))
    complaint = _locked(complaint, seen_version)
    require(permissions.can_close(user, complaint))
    now = timezone.now()
    update = _change(
        complaint,
        user=user,
        kind=UpdateKind.STATUS,
        to_status=S.CLOSED,
        text=text,
        changes={"closed_at": now},
        at=now,
    )
    emails.notify_closed(complaint, update)
    return update


# -- the complainant's lookup --------------------------------------------------------


class TrackingRateLimited(Exception):
    """Too many lookups from one address within the window."""


def check_tracking_rate_limit(*, client_key: str) -> None:
    if over_limit(
        scope="complaint-tracking",
        client_key=client_key,
        limit=settings.COMPLAINT_TRACKING_RATE_LIMIT_PER_HOUR,
        window_seconds=TRACKING_WINDOW_SECONDS,
    ):
        raise TrackingRateLimited


def find_for_complainant(
    *, ticket_number: str, email: str, client_key: str | None = None
) -> Complaint | None:
    """The complaint with this ticket filed with this e-mail address, or None: an
    unknown ticket and a wrong address are the same None, in one query, so the
    page cannot tell which tickets or addresses exist. Every lookup counts
    against the address's hourly limit."""
    if client_key is not None:
        check_tracking_rate_limit(client_key=client_key)
    ticket_number = (ticket_number or "").strip()
    email = (email or "").strip()
    if not ticket_number or not email:
        # A complaint filed without an address is never found by an empty one.
        return None
    return (
        Complaint.objects.select_related("office")
        .filter(ticket_number__iexact=ticket_number, complainant_email__iexact=email)
        .first()
    )
