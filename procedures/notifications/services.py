"""Outgoing e-mail: written as `Notification` rows in the transaction that
causes them, sent after commit through django-tasks. Messages are Indonesian,
plain text with an HTML part. What each message says belongs to the app that
sends it (its `emails` module)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification, NotificationState
from .tasks import deliver_notification


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def queue_email(
    *,
    kind: str,
    recipients,
    subject: str,
    template: str,
    context: dict,
    application=None,
    reply_to=(),
    dedupe_key: str | None = None,
) -> Notification | None:
    """Render `template` (a path without .txt/.html, in Indonesian) and queue it;
    see `queue_message`."""
    with translation.override("id"):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
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
    application=None,
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
    notification_id = notification.pk
    transaction.on_commit(lambda: deliver_notification.enqueue(notification_id))
    return notification


def record_as_sent_when_queued(notifications) -> int:
    """Record pending messages as sent at the moment they were queued, without
    sending them: the demo's replayed history, whose mail belongs to its past.
    Neither the after-commit send nor `send_notifications` picks them up."""
    return notifications.filter(state=NotificationState.PENDING).update(
        state=NotificationState.SENT, sent_at=F("created_at")
    )
