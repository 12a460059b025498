"""The e-mails the examination sends: revision requests, work to sign, returns,
decisions, reminders, the walidata's reminders and the escalations to the
signatories."""

from django.urls import reverse

from procedures.applications.emails import (
    applicant_recipients,
    common_context,
    coordinator_addresses,
    walidata_addresses,
    walidata_url,
)
from procedures.applications.models import Application, ApplicationEvent
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


def queue_walidata_reminder(
    application: Application, *, since: ApplicationEvent, waited: int, round_: int
) -> Notification | None:
    """The region's walidata (the office's coordinators if the region has none):
    once per wait (`since`) and per round of the office's reminder interval."""
    walidata = walidata_addresses(application)
    return queue_email(
        kind="walidata_reminder",
        application=application,
        recipients=walidata or coordinator_addresses(application.office),
        reply_to=[application.office.email],
        subject=(
            f"[{application.reference}] Pengingat: {waited} hari kerja menunggu konfirmasi walidata"
        ),
        template="examination/email/walidata_reminder",
        context=common_context(
            application,
            waited=waited,
            since=since.at,
            no_walidata=not walidata,
            walidata_url=walidata_url(),
        ),
        dedupe_key=f"walidata-reminder:{application.pk}:{since.pk}:{round_}",
    )


NOT_TAKEN = "not_taken"
DUE_SOON = "due_soon"


def signatory_addresses(office) -> list[str]:
    """The office's signatories; its coordinators (or its address) when it has none."""
    signatories = list(office_staff(office.pk, Role.SIGNATORY).values_list("email", flat=True))
    return signatories or coordinator_addresses(office)


def queue_escalation(
    application: Application,
    alert: str,
    *,
    since: ApplicationEvent | None = None,
    waited: int = 0,
    days_left: int | None = None,
) -> Notification | None:
    """To the office's signatories. NOT_TAKEN: once per wait in the queue
    (`since`); DUE_SOON: once per due date."""
    office = application.office
    if alert == NOT_TAKEN:
        subject = f"[{application.reference}] Eskalasi: belum diambil pemeriksa {waited} hari kerja"
        key = f"escalation:{NOT_TAKEN}:{application.pk}:{since.pk}"
    else:
        when = (
            "hari ini"
            if days_left == 0
            else f"terlambat {-days_left} hari kerja"
            if days_left < 0
            else f"{days_left} hari kerja lagi"
        )
        subject = f"[{application.reference}] Eskalasi: batas waktu {when}, belum ada usulan"
        key = f"escalation:{DUE_SOON}:{application.pk}:{application.due_on.isoformat()}"
    return queue_email(
        kind="escalation",
        application=application,
        recipients=signatory_addresses(office),
        subject=subject,
        template="examination/email/escalation",
        context=common_context(
            application,
            alert=alert,
            waited=waited,
            since=since.at if since else None,
            days_left=days_left,
            overdue=-days_left if days_left is not None and days_left < 0 else 0,
            threshold=office.take_escalation_working_days
            if alert == NOT_TAKEN
            else office.due_escalation_working_days,
        ),
        dedupe_key=key,
    )
