"""The e-mails of a complaint: the acknowledgement with the ticket and the tracking
link, every answer, the closing, and the officer a complaint is given to."""

from urllib.parse import urlencode

from django.urls import reverse

from procedures.notifications.services import absolute_url, queue_email

from .models import Complaint, ComplaintUpdate


def tracking_url(complaint: Complaint) -> str:
    """The public tracking page with the ticket filled in; the person types the
    e-mail address, which never travels in a link."""
    return (
        absolute_url(reverse("complaints:track"))
        + "?"
        + urlencode({"tiket": complaint.ticket_number})
    )


def officer_url(complaint: Complaint) -> str:
    return absolute_url(reverse("complaints:detail", args=[complaint.ticket_number]))


def _context(complaint: Complaint, **extra) -> dict:
    return {
        "complaint": complaint,
        "office": complaint.office,
        "greeting": complaint.complainant_name or None,
        "tracking_url": tracking_url(complaint),
        **extra,
    }


def _to_complainant(complaint: Complaint, *, kind: str, subject: str, template: str, **extra):
    """Nothing to send when the form had no e-mail field."""
    if not complaint.complainant_email:
        return None
    return queue_email(
        kind=kind,
        recipients=[complaint.complainant_email],
        reply_to=[complaint.office.email],
        subject=f"[{complaint.ticket_number}] {subject}",
        template=f"complaints/email/{template}",
        context=_context(complaint, **extra),
    )


def notify_received(complaint: Complaint):
    return _to_complainant(
        complaint,
        kind="complaint_received",
        subject="Pengaduan Anda kami terima",
        template="received",
    )


def notify_answered(complaint: Complaint, update: ComplaintUpdate):
    return _to_complainant(
        complaint,
        kind="complaint_answered",
        subject="Jawaban atas pengaduan Anda",
        template="answered",
        update=update,
    )


def notify_closed(complaint: Complaint, update: ComplaintUpdate):
    return _to_complainant(
        complaint,
        kind="complaint_closed",
        subject="Pengaduan Anda selesai ditangani",
        template="closed",
        update=update,
    )


def notify_assigned(complaint: Complaint, update: ComplaintUpdate):
    return queue_email(
        kind="complaint_assigned",
        recipients=[complaint.assigned_to.email],
        subject=f"[{complaint.ticket_number}] Pengaduan ditugaskan kepada Anda",
        template="complaints/email/assigned",
        context=_context(
            complaint,
            update=update,
            greeting=str(complaint.assigned_to),
            officer_url=officer_url(complaint),
        ),
    )
