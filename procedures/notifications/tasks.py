"""The task a worker (or, embedded, the web process) runs to send one message."""

from django_tasks import task

from .delivery import deliver


@task()
def deliver_notification(notification_id: int) -> None:
    """Send one queued e-mail; a failure stays recorded on the row for retry."""
    deliver(notification_id)
