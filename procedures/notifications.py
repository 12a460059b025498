"""Outgoing e-mail: written as `Notification` rows in the transaction that
causes them, sent after commit through django-tasks, retried with backoff when
the mail server fails. Messages are Indonesian, plain text with an HTML part."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .calendar import SERVICE_WORKING_DAYS
from .models import Application, Notification, NotificationState, User
from .permissions import AGENCY_STEWARDS
from .roles import Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = datetime.timedelta(minutes=1)  # then 2, 4, 8, 16 minutes
# A pending row older than this lost its after-commit send (a worker that was
# down, a crash): the retry command picks it up too.
STALE_PENDING = datetime.timedelta(minutes=5)
# A sender holds a claimed message this long at most (an SMTP send times out in
# 20 s, portal.mail); after that it is presumed dead and the message is retried.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
# Messages claimed per round by the cron command; a concurrent run takes the next ones.
CLAIM_BATCH = 20


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def queue_email(
    *,
    kind: str,
    recipients,
    subject: str,
    template: str,
    context: dict,
    application: Application | None = None,
    reply_to=(),
    dedupe_key: str | None = None,
) -> Notification | None:
    """Render the message (in Indonesian) and queue it; see `queue_message`."""
    with translation.override("id"):
        text = render_to_string(f"procedures/email/{template}.txt", context)
        html = render_to_string(f"procedures/email/{template}.html", context)
    return queue_message(
        kind=kind,
        recipients=recipients,
        subject=subject,
        body_text=text,
        body_html=html,
        application=application,
        reply_to=reply_to,
        dedupe_key=dedupe_key,
    )


def queue_message(
    *,
    kind: str,
    recipients,
    subject: str,
    body_text: str,
    body_html: str = "",
    application: Application | None = None,
    reply_to=(),
    from_email: str = "",
    dedupe_key: str | None = None,
) -> Notification | None:
    """Store the message and send it once the caller's transaction commits.
    With a `dedupe_key` already used, nothing is queued and None is returned."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                application=application,
                recipients=recipients,
                reply_to=[address for address in reply_to if address],
                subject=subject[:300],
                body_text=body_text,
                body_html=body_html,
                from_email=from_email,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    from .tasks import deliver_notification

    notification_id = notification.pk
    transaction.on_commit(lambda: deliver_notification.enqueue(notification_id))
    return notification


def _stale_claim(now: datetime.datetime) -> Q:
    """Held by a sender that has not finished in time (presumed dead)."""
    return Q(state=NotificationState.SENDING, claimed_at__lte=now - CLAIM_TIMEOUT)


def _claimable(now: datetime.datetime) -> Q:
    """Waiting to be sent, or held by a sender that has not finished in time."""
    return Q(state__in=[NotificationState.PENDING, NotificationState.RETRYING]) | _stale_claim(now)


def claim(
    queryset, *, now: datetime.datetime | None = None, limit: int | None = None
) -> list[Notification]:
    """Take the messages of `queryset` (at most `limit`) that nobody holds, for this
    sender alone.

    One short transaction: rows another sender is claiming at this moment are
    skipped (SKIP LOCKED on PostgreSQL; SQLite's IMMEDIATE transactions queue the
    writers), and the claimed rows are marked `sending` with a token before the
    lock is released. Then the mail server is called outside any transaction."""
    now = now or timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        claimable = queryset.filter(_claimable(now)).select_for_update(skip_locked=True)
        ids = list(claimable.values_list("pk", flat=True)[:limit])
        Notification.objects.filter(pk__in=ids).update(
            state=NotificationState.SENDING, claimed_at=timezone.now(), claim_token=token
        )
    return list(Notification.objects.filter(claim_token=token).order_by("created_at", "pk"))


def send_claimed(notification: Notification) -> Notification:
    """Send a message this sender claimed and record the outcome under its claim.
    A failure is recorded with its error and a next attempt time; it never raises,
    so the caller's work is never undone."""
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=notification.from_email or None,
        to=notification.recipients,
        reply_to=notification.reply_to or None,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    now = timezone.now()
    notification.attempts += 1
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 — any mail failure is recorded, not raised
        logger.warning("Sending notification %s failed: %s", notification.pk, error)
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.state = NotificationState.FAILED
            notification.next_attempt_at = None
        else:
            notification.state = NotificationState.RETRYING
            notification.next_attempt_at = now + FIRST_RETRY * 2 ** (notification.attempts - 1)
    else:
        notification.state = NotificationState.SENT
        notification.sent_at = now
        notification.next_attempt_at = None
    token, notification.claimed_at, notification.claim_token = notification.claim_token, None, None
    recorded = Notification.objects.filter(pk=notification.pk, claim_token=token).update(
        state=notification.state,
        attempts=notification.attempts,
        last_error=notification.last_error,
        next_attempt_at=notification.next_attempt_at,
        sent_at=notification.sent_at,
        claimed_at=None,
        claim_token=None,
    )
    if not recorded:
        # Slower than CLAIM_TIMEOUT: another sender took the message over and owns it.
        logger.warning("Notification %s: claim expired before the send finished", notification.pk)
    return notification


def send_now(ids) -> list[Notification]:
    """Send the given messages now if nobody holds them (the task, the admin's
    "Kirim ulang sekarang"); sent and permanently failed ones are left alone."""
    return [send_claimed(row) for row in claim(Notification.objects.filter(pk__in=list(ids)))]


def deliver(notification_id: int) -> Notification:
    """Send one stored message now, unless another sender holds it or it is done."""
    (result,) = send_now([notification_id]) or [Notification.objects.get(pk=notification_id)]
    return result


def due_for_retry(now: datetime.datetime | None = None):
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(state=NotificationState.RETRYING, next_attempt_at__lte=now)
        | Q(state=NotificationState.PENDING, created_at__lte=now - STALE_PENDING)
        | _stale_claim(now)
    ).order_by("created_at", "pk")


def retry_due(now: datetime.datetime | None = None) -> list[Notification]:
    """Send every message whose next attempt is due (`manage.py send_notifications`),
    claimed in batches so that overlapping runs share the work and never repeat it."""
    now = now or timezone.now()
    results: list[Notification] = []
    # A message that fails again now is not due again within this run.
    while batch := claim(
        due_for_retry(now).exclude(pk__in=[row.pk for row in results]), now=now, limit=CLAIM_BATCH
    ):
        results.extend(send_claimed(row) for row in batch)
    return results


# --- The messages -----------------------------------------------------------------


def detail_url(application: Application) -> str:
    return absolute_url(reverse("procedures:detail", args=[application.pk]))


def office_url(application: Application) -> str:
    return absolute_url(reverse("office:detail", args=[application.pk]))


def applicant_recipients(application: Application) -> list[str]:
    """Who speaks for the agency on this application: whoever submitted the
    latest version (an applicant online) or the agency's address (a walk-in
    application registered by an examiner)."""
    version = application.versions.order_by("-number").select_related("submitted_by").first()
    submitter = version.submitted_by if version else application.created_by
    if application.channel == "offline" or getattr(submitter, "applicant", None) is None:
        return [application.agency.email]
    return [submitter.email]


def office_staff(office_id: int, *roles: str):
    """Active officers of the office holding any of `roles`."""
    return User.objects.filter(
        is_active=True, officer__office=office_id, groups__name__in=roles
    ).distinct()


def common_context(application: Application, **extra) -> dict:
    return {
        "application": application,
        "office": application.office,
        "url": detail_url(application),
        "office_url": office_url(application),
        "working_days": SERVICE_WORKING_DAYS,
        **extra,
    }


def notify_receipt(application: Application) -> None:
    queue_email(
        kind="receipt",
        application=application,
        recipients=applicant_recipients(application),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Tanda terima pengajuan rekomendasi",
        template="receipt",
        context=common_context(application),
    )
    notify_new_work(application)


def notify_new_work(application: Application) -> None:
    """The office's examiners learn that an application waits in the queue."""
    queue_email(
        kind="new_work",
        application=application,
        recipients=office_staff(application.office_id, Role.EXAMINER).values_list(
            "email", flat=True
        ),
        subject=f"[{application.reference}] Pengajuan baru menunggu pemeriksaan",
        template="new_work",
        context=common_context(application),
    )


def notify_revision_requested(application: Application, notes) -> None:
    queue_email(
        kind="revision_requested",
        application=application,
        recipients=applicant_recipients(application),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Rancangan perlu diperbaiki",
        template="revision_requested",
        context=common_context(application, notes=notes),
    )


def notify_awaiting_signature(application: Application) -> None:
    queue_email(
        kind="awaiting_signature",
        application=application,
        recipients=office_staff(application.office_id, Role.SIGNATORY)
        .exclude(pk=application.proposed_by_id)
        .values_list("email", flat=True),
        subject=f"[{application.reference}] Keputusan menunggu tanda tangan",
        template="awaiting_signature",
        context=common_context(application),
    )


def notify_returned(application: Application, note: str) -> None:
    queue_email(
        kind="returned",
        application=application,
        recipients=[application.examiner.email] if application.examiner else [],
        subject=f"[{application.reference}] Usulan dikembalikan oleh penanda tangan",
        template="returned",
        context=common_context(application, note=note),
    )


def notify_decision(application: Application, letter) -> None:
    queue_email(
        kind="decision",
        application=application,
        recipients=applicant_recipients(application),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Hasil: {letter.verdict_label}",
        template="decision",
        context=common_context(
            application,
            letter=letter,
            letter_url=absolute_url(reverse("procedures:letter", args=[application.pk])),
            verification_url=absolute_url(
                reverse("verify_letter", args=[letter.verification_code])
            ),
        ),
    )


def queue_reminder(application: Application, *, days_left: int) -> Notification | None:
    """One reminder per application, due date and threshold: safe to run often."""
    holder = application.examiner
    recipients = (
        [holder.email]
        if holder
        else office_staff(application.office_id, Role.EXAMINER).values_list("email", flat=True)
    )
    when = "hari ini" if days_left == 0 else f"{days_left} hari kerja lagi"
    return queue_email(
        kind="reminder",
        application=application,
        recipients=recipients,
        subject=f"[{application.reference}] Batas waktu {when}",
        template="reminder",
        context=common_context(application, days_left=days_left),
        dedupe_key=f"reminder:{application.pk}:{application.due_on.isoformat()}:{days_left}",
    )


# --- Agency membership --------------------------------------------------------------


def agency_stewards(agency) -> list[str]:
    """The officers who look after the agency's office: examiners and office admins."""
    return list(office_staff(agency.office_id, *AGENCY_STEWARDS).values_list("email", flat=True))


def notify_membership_requested(request) -> None:
    """The agency's members and its office's officers may approve: all are told."""
    agency = request.agency
    members = User.objects.filter(is_active=True, applicant__agency=agency).exclude(
        pk=request.user_id
    )
    queue_email(
        kind="membership_requested",
        recipients=[*members.values_list("email", flat=True), *agency_stewards(agency)],
        subject=f"Permintaan bergabung dengan {agency.name}"[:300],
        template="membership_requested",
        context={
            "request": request,
            "agency": agency,
            "office": agency.office,
            "url": absolute_url(reverse("procedures:agency")),
        },
    )


def notify_membership_decided(request) -> None:
    approved = request.state == "approved"
    queue_email(
        kind="membership_decided",
        recipients=[request.user.email],
        reply_to=[request.agency.office.email],
        subject=(
            f"Permintaan bergabung dengan {request.agency.name} "
            f"{'disetujui' if approved else 'ditolak'}"
        )[:300],
        template="membership_decided",
        context={
            "request": request,
            "approved": approved,
            "agency": request.agency,
            "office": request.agency.office,
            "greeting": request.user.get_full_name() or "Bapak/Ibu",
            "url": absolute_url(
                reverse("procedures:my_applications" if approved else "procedures:agency")
            ),
        },
    )


def notify_agency_proposed(agency, *, proposer) -> None:
    queue_email(
        kind="agency_proposed",
        recipients=agency_stewards(agency),
        subject=f"Usulan instansi baru: {agency.name}"[:300],
        template="agency_proposed",
        context={
            "agency": agency,
            "proposer": proposer,
            "office": agency.office,
            "url": absolute_url(reverse("office:agency_members")),
        },
    )
