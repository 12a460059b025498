"""Business rules of the portal: recording complaints, loading the service standard."""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from procedures.complaints import services as complaint_services
from procedures.notifications.services import queue_message
from procedures.throttling import over_limit

from .forms import HONEYPOT_FIELD

logger = logging.getLogger(__name__)

RATE_LIMIT_WINDOW_SECONDS = 60 * 60


class ComplaintRateLimited(Exception):
    """Too many complaints from one address within the window."""


def check_complaint_rate_limit(*, client_key: str) -> None:
    """Counts accepted complaints per client address per hour; raises past the limit."""
    if over_limit(
        scope="complaint",
        client_key=client_key,
        limit=settings.COMPLAINT_RATE_LIMIT_PER_HOUR,
        window_seconds=RATE_LIMIT_WINDOW_SECONDS,
    ):
        raise ComplaintRateLimited


def ticket_number_for(submission) -> str:
    office_code = submission.page.specific.office.code
    year = timezone.localtime(submission.submit_time).year
    return f"ADU-{office_code}-{year}-{submission.pk:05d}"


@transaction.atomic
def record_complaint(*, page, data: Mapping, client_key: str | None = None):
    """Stores the complaint with its ticket number, queues the e-mail to the office
    and opens the office's follow-up (`complaints.open_complaint`, which queues the
    acknowledgement to the complainant), all in one transaction. The e-mails are
    sent after commit, so a mail failure never loses the complaint."""
    if client_key is not None:
        check_complaint_rate_limit(client_key=client_key)
    form_data = {name: value for name, value in data.items() if name != HONEYPOT_FIELD}
    # The page names its submission model, so this module needs no import of models.
    submission = page.get_submission_class().objects.create(page=page, form_data=form_data)
    submission.ticket_number = ticket_number_for(submission)
    submission.save(update_fields=["ticket_number"])
    queue_complaint_email(submission)
    page = page.specific
    complaint_services.open_complaint(
        office=page.office,
        ticket_number=submission.ticket_number,
        received_at=submission.submit_time,
        **complaint_details(page.get_form_fields(), submission.form_data),
    )
    return submission


def display_value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def complaint_details(form_fields, form_data: Mapping) -> dict:
    """Who complains and about what, from a form whose fields the editors chose:
    the e-mail is the first e-mail field (by type, as for the reply-to); the name
    the first single-line field labelled "nama" (else the first single-line
    field); the subject the first choice field; the text the multi-line fields.
    Every answer is kept too, with its label, for the officers."""
    pairs = [
        (field, display_value(form_data[field.clean_name]).strip())
        for field in form_fields
        if field.clean_name in form_data
    ]

    def answers_of(*types, labelled: str = "") -> list[str]:
        return [
            text
            for field, text in pairs
            if field.field_type in types and text and labelled in field.label.lower()
        ]

    names = answers_of("singleline", labelled="nama") or answers_of("singleline")
    return {
        "complainant_email": next(iter(answers_of("email")), ""),
        "complainant_name": next(iter(names), ""),
        "subject": next(iter(answers_of("dropdown", "radio")), ""),
        "text": "\n\n".join(answers_of("multiline")),
        "answers": [
            (field.label, display_value(form_data[field.clean_name])) for field, _text in pairs
        ],
    }


def complainant_email(form_fields, form_data: Mapping) -> str:
    """Where the acknowledgement goes: the first e-mail field's answer, or ""."""
    return complaint_details(form_fields, form_data)["complainant_email"]


def queue_complaint_email(submission) -> None:
    """Through the notification queue: a mail server that is down delays the
    e-mail (retried, visible in the admin) and never loses the complaint."""
    page = submission.page.specific
    subject = page.subject or "Pengaduan Layanan"
    reply_to = [
        submission.form_data[field.clean_name]
        for field in page.get_form_fields()
        if field.field_type == "email" and submission.form_data.get(field.clean_name)
    ]
    queue_message(
        kind="complaint",
        recipients=complaint_recipients(page),
        subject=f"[{submission.ticket_number}] {subject}",
        body_text=complaint_email_body(submission),
        reply_to=reply_to,
        from_email=page.from_address or "",
    )


def complaint_recipients(page) -> list[str]:
    if page.to_address:
        return [address.strip() for address in page.to_address.split(",") if address.strip()]
    return [page.office.email]


def complaint_email_body(submission) -> str:
    page = submission.page.specific
    labels = dict(page.get_data_fields())
    with translation.override("id"):  # the office's e-mail is Indonesian
        received = date_format(timezone.localtime(submission.submit_time), "DATETIME_FORMAT")
    lines = [
        f"Pengaduan baru melalui {page.title}.",
        "",
        f"Nomor tiket : {submission.ticket_number}",
        f"Diterima    : {received} WIB",
        "",
    ]
    for name, value in submission.form_data.items():
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        lines.append(f"{labels.get(name, name)}:\n{value}\n")
    return "\n".join(lines)
