"""The office's queue and the walidata's queue."""

from django.db.models import Q, QuerySet

from procedures.applications.models import Application, ApplicationState
from procedures.organisations.roles import Role, has_role


def office_queue(offices) -> QuerySet[Application]:
    """What the office works on: what reached it, and its own walk-in drafts;
    never an applicant's online draft, nor what still waits for a walidata."""
    return (
        Application.objects.filter(office__in=offices)
        .filter(Q(reached_office_at__isnull=False) | Q(channel="offline"))
        .exclude(state=ApplicationState.AWAITING_WALIDATA)
        .select_related("agency", "office", "examiner")
    )


def walidata_queue(user) -> QuerySet[Application]:
    """Submissions of the walidata's region waiting for their confirmation."""
    profile = getattr(user, "walidata", None) if user.is_authenticated else None
    if profile is None or not has_role(user, Role.WALIDATA):
        return Application.objects.none()
    return (
        Application.objects.filter(
            state=ApplicationState.AWAITING_WALIDATA, agency__region_code=profile.region_code
        )
        .select_related("agency", "office")
        .order_by("updated_at", "pk")
    )
