from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from . import calendar
from .design import BLOCKS
from .models import Application, ApplicationEvent, Attachment, Office, ReviewNote


def office_directory() -> dict[str, str]:
    """{code: name} of every BPS office (the catalog's office directory)."""
    return dict(Office.objects.values_list("code", "name"))


def applications_of_agency(agency) -> QuerySet[Application]:
    return Application.objects.filter(agency=agency).select_related("office", "agency")


def applications_visible_to(user) -> QuerySet[Application]:
    """What a user may open: their agency's applications (applicant) or their
    office's (officer). Everyone else: nothing."""
    if not user.is_authenticated:
        return Application.objects.none()
    applicant = getattr(user, "applicant", None)
    officer = getattr(user, "officer", None)
    if applicant is not None:
        return applications_of_agency(applicant.agency_id)
    if officer is not None:
        return Application.objects.filter(office=officer.office_id).exclude(state="draft")
    return Application.objects.none()


def remaining_working_days(application: Application, *, today=None) -> int | None:
    if not application.clock_running:
        return None
    return calendar.remaining_working_days(
        office=application.office, due=application.due_on, today=today or timezone.localdate()
    )


def current_attachments(application: Application) -> QuerySet[Attachment]:
    return application.attachments.filter(removed_at__isnull=True)


def timeline(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("at", "pk")


def notes_to_address(application: Application) -> list[tuple[str, list[ReviewNote]]]:
    """The notes of the latest revision request, grouped by block, in form order."""
    version = application.versions.order_by("-number").first()
    if version is None or application.state != "revision_requested":
        return []
    by_block = {}
    for note in ReviewNote.objects.filter(version=version).select_related("author"):
        by_block.setdefault(note.block, []).append(note)
    in_form_order = [
        (block.heading, by_block.pop(block.key)) for block in BLOCKS if block.key in by_block
    ]
    return in_form_order + list(by_block.items())  # notes on other parts (e.g. attachments) last


def latest_version(application: Application):
    return (
        application.versions.order_by("-number").prefetch_related(Prefetch("attachments")).first()
    )
