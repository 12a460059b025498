"""The e-mails the examination sends: revision requests, work to sign, returns,
decisions and reminders."""

from django.urls import reverse

from procedures.applications.emails import applicant_recipients, common_context
from procedures.applications.models import Application
from procedures.notifications.models import Notification
from procedures.notifications.services import absolute_url, queue_email
from procedures.organisations.roles import Role
from procedures.organisations.selectors import office_staff
from procedures.surveys.links import link_expires_at, survey_url


def notify_revision_requested(application: Application, notes) -> None:
    queue_email(
        kind="revision_requested",
        application=application,
        recipients=applicant_recipients(application),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Rancangan perlu diperbaiki",
        template="examination/email/revision_requested",
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
        template="examination/email/awaiting_signature",
        context=common_context(application),
    )


def notify_returned(application: Application, note: str) -> None:
    queue_email(
        kind="returned",
        application=application,
        recipients=[application.examiner.email] if application.examiner else [],
        subject=f"[{application.reference}] Usulan dikembalikan oleh penanda tangan",
        template="examination/email/returned",
        context=common_context(application, note=note),
    )


def notify_decision(application: Application, letter) -> None:
    queue_email(
        kind="decision",
        application=application,
        recipients=applicant_recipients(application),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Hasil: {letter.verdict_label}",
        template="examination/email/decision",
        context=common_context(
            application,
            letter=letter,
            letter_url=absolute_url(reverse("letters:download", args=[application.pk])),
            verification_url=absolute_url(
                reverse("letters:verify", args=[letter.verification_code])
            ),
            survey_url=survey_url(application),
            survey_until=link_expires_at(application),
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
        template="examination/email/reminder",
        context=common_context(application, days_left=days_left),
        dedupe_key=f"reminder:{application.pk}:{application.due_on.isoformat()}:{days_left}",
    )
