"""The e-mails about an application, and what every such e-mail shares."""

from django.urls import reverse

from procedures.notifications.services import absolute_url, queue_email
from procedures.organisations.calendar import SERVICE_WORKING_DAYS
from procedures.organisations.roles import Role
from procedures.organisations.selectors import office_staff

from .models import Application


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
        "working_days": SERVICE_WORKING_DAYS,
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
