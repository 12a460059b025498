"""Sending the queued messages: claimed by one sender at a time, retried with
backoff when the mail server fails."""

import datetime
import logging
import uuid

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Notification, NotificationState

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
