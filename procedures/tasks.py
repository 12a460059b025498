from django_tasks import task


@task()
def deliver_notification(notification_id: int) -> None:
    """Send one queued e-mail; a failure stays recorded on the row for retry."""
    from .notifications import deliver

    deliver(notification_id)
