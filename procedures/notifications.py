"""E-mails to applicants, in Indonesian, plain text with an HTML alternative."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .calendar import SERVICE_WORKING_DAYS
from .models import Application


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def receipt_message(application_id: int) -> EmailMultiAlternatives:
    application = Application.objects.select_related("office", "agency").get(pk=application_id)
    submitter = application.versions.order_by("-number").first().submitted_by
    context = {
        "application": application,
        "submitter": submitter,
        "url": absolute_url(reverse("procedures:detail", args=[application.pk])),
        "working_days": SERVICE_WORKING_DAYS,
    }
    with translation.override("id"):
        subject = f"[{application.reference}] Tanda terima pengajuan rekomendasi"
        text = render_to_string("procedures/email/receipt.txt", context)
        html = render_to_string("procedures/email/receipt.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[submitter.email], reply_to=[application.office.email]
    )
    message.attach_alternative(html, "text/html")
    return message
