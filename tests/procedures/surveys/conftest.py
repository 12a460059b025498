"""Decided applications and survey answers for the survey's tests: decided
through the same services the officers' buttons use."""

import datetime

import pytest
from django.utils import timezone

from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationState
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.surveys.elements import ELEMENTS
from procedures.surveys.models import SurveyChannel, SurveyResponse

from ..conftest import fill

SUGGESTION = "Mohon contoh pengisian FRKSS untuk survei rumah tangga ditambah di standar pelayanan."


def answers(**overrides) -> dict:
    """A complete, valid questionnaire as the page posts it (every element 3)."""
    data = {element.code: "3" for element in ELEMENTS}
    data.update(gender="female", education="d4_s1", occupation="pns", suggestion="")
    data.update(overrides)
    return data


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def decide(application, examiner, signatory, *, verdict="feasible") -> Application:
    examination_services.propose(
        application=application,
        user=examiner,
        verdict=verdict,
        text="Sampel perlu ditambah." if verdict == "feasible" else "Desain sampel tidak jelas.",
    )
    examination_services.sign(application=fresh(application), user=signatory)
    return fresh(application)


@pytest.fixture
def decided(in_review, examiner, signatory) -> Application:
    """An application signed Layak a moment ago, through the real workflow."""
    return decide(in_review, examiner, signatory)


@pytest.fixture
def another_submitted(applicant) -> Application:
    """A second application of the same agency, submitted and undecided."""
    application = application_services.create_application(user=applicant)
    fill(application, applicant, complete_design(title="Survei Kedua", survey=False))
    return application_services.submit(application=application, user=applicant)


@pytest.fixture
def another_decided(another_submitted, examiner, signatory) -> Application:
    """The second application, taken and signed Tidak Layak."""
    examination_services.take(application=another_submitted, user=examiner)
    return decide(another_submitted, examiner, signatory, verdict="not_feasible")


def move_decision(application: Application, *, days_ago: float) -> Application:
    """Set the decision `days_ago` days back, in the database."""
    Application.objects.filter(pk=application.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return fresh(application)


def stored_response(application: Application, *, at: datetime.datetime, scores, **extra):
    """A response row as `record_response` leaves it, at a chosen moment (the
    IKM's tests need responses in past periods and many applications)."""
    return SurveyResponse.objects.create(
        application=application,
        office_id=application.office_id,
        answered_at=at,
        channel=SurveyChannel.ONLINE,
        **dict(zip([element.code for element in ELEMENTS], scores, strict=True)),
        **extra,
    )


def bare_decided_application(agency, user, *, number: int) -> Application:
    """A decided application row without a design or a letter: enough for a
    response to belong to (the IKM reads responses only)."""
    return Application.objects.create(
        reference=f"REK-3304-2026-{number:05d}",
        agency=agency,
        office=agency.office,
        created_by=user,
        state=ApplicationState.FEASIBLE,
        decided_at=timezone.now(),
        title=f"Kegiatan {number}",
    )
