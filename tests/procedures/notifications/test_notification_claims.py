"""Each e-mail is sent once, whoever sends it: the task after commit, the cron
command `send_notifications` and the admin's "Kirim ulang sekarang" all claim a
message before sending it, and skip messages another sender holds."""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from procedures.accounts.models import User
from procedures.notifications import delivery as notification_delivery
from procedures.notifications import services as notification_services
from procedures.notifications.models import Notification, NotificationState

SENDERS = 4
MESSAGES = 50
LONG_AGO = datetime.timedelta(hours=1)


class SlowLocmemBackend(LocmemBackend):
    """Django's locmem backend (mail.outbox) with an SMTP server's pace, so that
    senders overlap while a message is on its way."""

    def send_messages(self, messages):
        time.sleep(0.005)
        return super().send_messages(messages)


SLOW_LOCMEM = f"{__name__}.SlowLocmemBackend"


def queued(count: int) -> list[Notification]:
    """Messages waiting for the cron command: queued a while ago, their
    after-commit send lost (a worker that was down)."""
    rows = Notification.objects.bulk_create(
        Notification(
            kind="receipt",
            recipients=[f"pemohon{n}@banjarnegarakab.go.id"],
            subject=f"Pesan {n:03d}",
            body_text=f"Isi pesan {n}.",
        )
        for n in range(count)
    )
    Notification.objects.update(created_at=timezone.now() - LONG_AGO)
    return rows


def sent_subjects() -> Counter:
    return Counter(message.subject for message in mail.outbox)


def admin_client() -> Client:
    admin = User.objects.filter(email="admin.notifikasi@bps.go.id").first()
    if admin is None:
        admin = User.objects.create_superuser(email="admin.notifikasi@bps.go.id", password="x")
    client = Client()
    client.force_login(admin)
    return client


def resend_in_admin(client: Client, ids) -> str:
    response = client.post(
        "/django-admin/notifications/notification/",
        {"action": "send_now", "_selected_action": [str(pk) for pk in ids]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


# --- Concurrent senders (PostgreSQL) -------------------------------------------------------


def run_together(*senders):
    """Start the senders at once, each in its own thread with its own connection."""
    barrier = threading.Barrier(len(senders))
    errors = []

    def run(sender):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            sender()
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(sender,)) for sender in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers: the SQLite test database is one in-memory "
    "connection shared by threads; the claim itself is tested on SQLite below",
)
def test_concurrent_senders_send_each_message_once(settings):
    settings.EMAIL_BACKEND = SLOW_LOCMEM
    rows = queued(MESSAGES)
    ids = [row.pk for row in rows]
    client = admin_client()

    def cron():
        call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def task_after_commit():
        for pk in ids:
            notification_delivery.deliver(pk)

    def admin_resend():
        resend_in_admin(client, ids)

    run_together(cron, cron, task_after_commit, admin_resend)

    assert len(mail.outbox) == MESSAGES, sorted(
        subject for subject, n in sent_subjects().items() if n > 1
    )
    assert set(sent_subjects().values()) == {1}
    states = Counter(Notification.objects.values_list("state", "attempts"))
    assert states == {(NotificationState.SENT, 1): MESSAGES}
    assert not Notification.objects.filter(claim_token__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="see above")
def test_cron_senders_racing_split_the_queue(settings):
    """Four cron runs at once (a slow minute overlapping the next): each message once."""
    settings.EMAIL_BACKEND = SLOW_LOCMEM
    queued(MESSAGES)
    results = [[] for _ in range(SENDERS)]

    def cron(index):
        return lambda: results[index].extend(notification_delivery.retry_due())

    run_together(*(cron(index) for index in range(SENDERS)))

    assert len(mail.outbox) == MESSAGES
    assert set(sent_subjects().values()) == {1}
    handled = [row.pk for result in results for row in result]
    assert len(handled) == len(set(handled)) == MESSAGES


# --- The claim, on every database --------------------------------------------------------


@pytest.mark.django_db
def test_a_claimed_message_is_not_sent_again():
    (row,) = queued(1)
    # A sender claimed it and is talking to the mail server right now.
    (held,) = notification_delivery.claim(Notification.objects.filter(pk=row.pk))
    row.refresh_from_db()
    assert row.state == NotificationState.SENDING
    assert row.claimed_at is not None and row.claim_token is not None

    # Everyone else leaves it alone: the task, the cron command, the admin.
    notification_delivery.deliver(row.pk)
    assert notification_delivery.retry_due(now=timezone.now() + datetime.timedelta(minutes=5)) == []
    page = resend_in_admin(admin_client(), [row.pk])
    assert "0 dari 1 e-mail terkirim" in page
    assert mail.outbox == []

    # The holder finishes: sent once, claim released.
    notification_delivery.send_claimed(held)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.claim_token) == (NotificationState.SENT, 1, None)
    assert [message.subject for message in mail.outbox] == [row.subject]
    notification_delivery.deliver(row.pk)
    resend_in_admin(admin_client(), [row.pk])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_crashed_senders_claim_expires_and_the_message_is_retried():
    (row,) = queued(1)
    notification_delivery.claim(Notification.objects.filter(pk=row.pk))  # …and the sender died
    just_before = (
        timezone.now() + notification_delivery.CLAIM_TIMEOUT - datetime.timedelta(seconds=5)
    )
    assert notification_delivery.retry_due(now=just_before) == []

    Notification.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now()
        - notification_delivery.CLAIM_TIMEOUT
        - datetime.timedelta(seconds=1)
    )
    assert [n.pk for n in notification_delivery.retry_due()] == [row.pk]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (NotificationState.SENT, 1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_late_sender_does_not_overwrite_the_sender_that_took_over():
    (row,) = queued(1)
    (slow,) = notification_delivery.claim(Notification.objects.filter(pk=row.pk))
    Notification.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now()
        - notification_delivery.CLAIM_TIMEOUT
        - datetime.timedelta(seconds=1)
    )
    (took_over,) = notification_delivery.claim(Notification.objects.filter(pk=row.pk))
    assert took_over.claim_token != slow.claim_token

    notification_delivery.send_claimed(took_over)
    notification_delivery.send_claimed(slow)  # its claim is gone: its outcome is not recorded

    row.refresh_from_db()
    assert (row.state, row.attempts, row.claim_token) == (NotificationState.SENT, 1, None)


@pytest.mark.django_db
def test_the_task_sends_a_fresh_message_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notification_services.queue_message(
            kind="receipt",
            recipients=["pemohon@banjarnegarakab.go.id"],
            subject="Tanda terima",
            body_text="Terima kasih.",
        )
    row.refresh_from_db()
    assert (row.state, row.attempts, row.claim_token) == (NotificationState.SENT, 1, None)
    notification_delivery.deliver(row.pk)  # the same task delivered twice by the queue
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
