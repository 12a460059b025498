"""The office's queue, the walidata's queue, what may duplicate an
application (similar recommended activities and similar applications still in
progress at the same office), and the facts of a walk-in's counter receipt."""

import datetime
from dataclasses import dataclass

from django.db.models import JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from procedures.applications import permissions as application_permissions
from procedures.applications import selectors as application_selectors
from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationState, ApplicationVersion
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations.roles import Role, has_role

# Submitted and not yet decided nor withdrawn.
IN_PROGRESS = (
    ApplicationState.AWAITING_AGENCY,
    ApplicationState.SUBMITTED,
    ApplicationState.IN_REVIEW,
    ApplicationState.REVISION_REQUESTED,
    ApplicationState.AWAITING_SIGNATURE,
)
# In-progress applications of one office compared at most (the most recent).
COMPARED_APPLICATIONS = 500


def office_queue(offices) -> QuerySet[Application]:
    """What the office works on: what reached it, and its own walk-in drafts;
    never an applicant's online draft, nor what still waits for a walidata."""
    return (
        Application.objects.filter(office__in=offices)
        .filter(Q(reached_office_at__isnull=False) | Q(channel="offline"))
        .exclude(state=ApplicationState.AWAITING_WALIDATA)
        .select_related("agency", "office", "examiner")
    )


@dataclass(frozen=True)
class Receipt:
    """What the visitor's receipt says. `due_on` is the application's due date,
    or, for a walk-in still being copied, the date it gets if recorded the day it
    was received (`due_estimated`); None while the clock waits for someone else
    (`clock_starts`: "agency", "walidata" or both, "agency_walidata")."""

    application: Application
    received_on: datetime.date
    due_on: datetime.date | None
    due_estimated: bool
    clock_starts: str
    service_days: int


def walk_in_receipt(application: Application) -> Receipt:
    office = application.office
    received_on = timezone.localdate(application.created_at)
    due_on, estimated, clock_starts = application.due_on, False, ""
    if due_on is None:
        waits = []
        if not application.agency.is_confirmed:
            waits.append("agency")
        if application_services.needs_walidata(application):
            waits.append("walidata")
        clock_starts = "_".join(waits)
        if not waits and application.state == ApplicationState.DRAFT:
            due_on = organisation_calendar.due_date(office=office, recorded_on=received_on)
            estimated = True
    return Receipt(
        application=application,
        received_on=received_on,
        due_on=due_on,
        due_estimated=estimated,
        clock_starts=clock_starts,
        service_days=office.service_working_days,
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


def walidata_applications(user) -> QuerySet[Application]:
    """Everything the walidata's region ever sent them, whatever its state now:
    acting on one another walidata has just handled gets a clear message, not
    a 404. (They read the design only while it waits: `visible_applications`.)"""
    profile = getattr(user, "walidata", None) if user.is_authenticated else None
    if profile is None or not has_role(user, Role.WALIDATA):
        return Application.objects.none()
    return (
        Application.objects.filter(
            agency__region_code=profile.region_code,
            events__to_state=ApplicationState.AWAITING_WALIDATA,
        )
        .distinct()
        .select_related("agency", "office")
    )


def comparable_applications(user, application: Application) -> QuerySet[Application]:
    """The other applications in progress at the application's office that
    `user` may see (the permission layer's rule), each with the design it
    last submitted (`submitted_design`): the office compares what it
    received, not an applicant's unsent edits."""
    latest_design = (
        ApplicationVersion.objects.filter(application=OuterRef("pk"))
        .order_by("-number")
        .values("design")[:1]
    )
    return (
        application_permissions.visible_applications(user)
        .filter(office_id=application.office_id, state__in=IN_PROGRESS)
        .exclude(pk=application.pk)
        .select_related("agency", "office")
        .annotate(submitted_design=Subquery(latest_design, output_field=JSONField()))
    )


@dataclass(frozen=True)
class PossibleDuplicates:
    """What the examination page lists as possible duplicates."""

    recommended: application_selectors.SimilarCatalog
    in_progress: list[application_selectors.SimilarApplication]


def possible_duplicates(user, application: Application, *, design: dict | None = None):
    """Recommended activities (the catalog) and applications in progress at
    the same office that look like `application` (its `design`: the version
    being examined), scored alike by `catalog.similarity.compare`."""
    profile = application_selectors.design_profile(application, design)
    recent = comparable_applications(user, application).order_by("-updated_at", "-pk")
    return PossibleDuplicates(
        recommended=application_selectors.similar_recommended(application, design=design),
        in_progress=application_selectors.rank_applications(
            profile,
            recent[:COMPARED_APPLICATIONS],
            limit=application_selectors.SIMILAR_SHOWN,
        )
        if profile.has_text
        else [],
    )
