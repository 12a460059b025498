from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_complaint_notification(submission_id: int) -> None:
    """E-mails a stored complaint to the office. A failure leaves the complaint stored
    and is recorded on the task result, so it can be seen and sent again."""
    from .models import ComplaintSubmission
    from .services import complaint_email_body, complaint_recipients

    submission = ComplaintSubmission.objects.select_related("page").get(pk=submission_id)
    page = submission.page.specific
    subject = page.subject or "Pengaduan Layanan"
    reply_to = [
        submission.form_data[field.clean_name]
        for field in page.get_form_fields()
        if field.field_type == "email" and submission.form_data.get(field.clean_name)
    ]
    EmailMessage(
        subject=f"[{submission.ticket_number}] {subject}",
        body=complaint_email_body(submission),
        from_email=page.from_address or None,
        to=complaint_recipients(page),
        reply_to=reply_to or None,
    ).send()
