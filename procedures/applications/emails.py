"""The e-mails about an application, and what every such e-mail shares: the
receipt, new work for the office, what waits for the walidata (and what they
returned), and the alert when what reached an office has nobody to act on it."""

from django.urls import reverse

from procedures.notifications.models import Notification
from procedures.notifications.services import absolute_url, queue_email
from procedures.organisations.roles import Role
from procedures.organisations.selectors import (
    office_coordinators,
    office_staff,
    walidata_of_region,
)

from .models import Application, ApplicationEvent


def detail_url(application: Application) -> str:
    return absolute_url(reverse("applications:detail", args=[application.pk]))


def office_url(application: Application) -> str:
    return absolute_url(reverse("examination:detail", args=[application.pk]))


def applicant_recipients(application: Application) -> list[str]:
    """Who speaks for the agency on this application: whoever submitted the
    latest version (an applicant online) or the agency's address (a walk-in
    application registered by an examiner)."""
    version = application.versions.order_by("-number").select_related("submitted_by").first()
    submitter = version.submitted_by if version else application.created_by
    if application.channel == "offline" or getattr(submitter, "applicant", None) is None:
        return [application.agency.email]
    return [submitter.email]


def common_context(application: Application, **extra) -> dict:
    return {
        "application": application,
        "office": application.office,
        "url": detail_url(application),
        "office_url": office_url(application),
        # What the office's published service standard says (and its clock uses).
        "working_days": application.office.service_working_days,
        **extra,
    }


def notify_receipt(application: Application) -> None:
    queue_email(
        kind="receipt",
        application=application,
        recipients=applicant_recipients(application),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Tanda terima pengajuan rekomendasi",
        template="applications/email/receipt",
        context=common_context(application),
    )
    notify_new_work(application)


def notify_new_work(application: Application) -> None:
    """The office's examiners learn that an application waits in the queue."""
    queue_email(
        kind="new_work",
        application=application,
        recipients=office_staff(application.office_id, Role.EXAMINER).values_list(
            "email", flat=True
        ),
        subject=f"[{application.reference}] Pengajuan baru menunggu pemeriksaan",
        template="applications/email/new_work",
        context=common_context(application),
    )


def walidata_url() -> str:
    """The walidata's page: the list of what waits for their check."""
    return absolute_url(reverse("examination:queue"))


def notify_walidata_waiting(application: Application) -> None:
    """A submission (or a resubmission after a return) waits for the region's
    walidata: all of them are told. A region without any walidata account would
    leave it waiting unseen, so then the office's coordinators are told instead."""
    walidata = walidata_addresses(application)
    queue_email(
        kind="walidata_waiting",
        application=application,
        recipients=walidata or coordinator_addresses(application.office),
        reply_to=[application.office.email],
        subject=f"[{application.reference}] Pengajuan menunggu konfirmasi walidata",
        template="applications/email/walidata_waiting",
        context=common_context(
            application,
            no_walidata=not walidata,
            walidata_url=walidata_url(),
            resubmitted=application.versions.count() > 1,
        ),
    )


def notify_walidata_returned(application: Application, notes: str) -> None:
    queue_email(
        kind="walidata_returned",
        application=application,
        recipients=applicant_recipients(application),
        subject=f"[{application.reference}] Dikembalikan walidata: rancangan perlu diperbaiki",
        template="applications/email/walidata_returned",
        context=common_context(application, notes=notes),
    )


def walidata_addresses(application: Application) -> list[str]:
    """The active walidata of the agency's region."""
    region = application.agency.region_code
    return list(walidata_of_region(region).values_list("email", flat=True))


def coordinator_addresses(office) -> list[str]:
    """The office's coordinators (signatories, office admins); the office's own
    address when it has none, so an alert never goes nowhere."""
    return list(office_coordinators(office.pk).values_list("email", flat=True)) or [office.email]


def queue_unattended_alert(
    application: Application, *, reason: str, since: ApplicationEvent, office, days: int = 0
) -> Notification | None:
    """Tell `office`'s coordinators (the application's office, or later its
    parent) that the application waits with nobody to act on it: `reason` is
    "no_examiner" or "agency_unconfirmed". Once per wait (`since`, the event
    that began it) and office: safe to ask again and again."""
    return queue_email(
        kind="unattended",
        application=application,
        recipients=coordinator_addresses(office),
        reply_to=[application.office.email],
        subject=(
            f"[{application.reference}] Pengajuan menunggu tanpa "
            + ("pemeriksa aktif" if reason == "no_examiner" else "konfirmasi instansi")
        ),
        template="applications/email/unattended",
        context=common_context(
            application,
            reason=reason,
            alerted_office=office,
            is_parent=office.pk != application.office_id,
            days=days,
            since=since.at,
        ),
        dedupe_key=f"unattended:{reason}:{application.pk}:{since.pk}:{office.code}",
    )
