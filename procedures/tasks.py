from django_tasks import task


@task()
def send_receipt_email(application_id: int) -> None:
    """The receipt an applicant gets on (re)submission: reference and due date."""
    from .notifications import receipt_message

    receipt_message(application_id).send()
