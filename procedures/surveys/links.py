"""The survey link: a signed token that names the application, opened without
logging in. It is valid for 30 days from the decision (`decided_at`), whatever
the day it was printed, so the e-mail's link and the application page's link
are the same and expire together."""

import datetime
import enum

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from procedures.applications.models import Application, ApplicationState
from procedures.notifications.services import absolute_url

from .models import SurveyResponse

LINK_VALID_DAYS = 30
DECIDED_STATES = frozenset({ApplicationState.FEASIBLE, ApplicationState.NOT_FEASIBLE})

# The salt keeps this signature from being accepted for anything else signed with
# the same secret key, and the other way round.
SALT = "rekomstat.surveys.link"


def _signer() -> signing.Signer:
    # Made per use: it reads SECRET_KEY (and SECRET_KEY_FALLBACKS) when created.
    return signing.Signer(salt=SALT)


class LinkStatus(enum.StrEnum):
    OPEN = "open"
    UNDECIDED = "undecided"
    ANSWERED = "answered"
    EXPIRED = "expired"


def survey_token(application: Application) -> str:
    return _signer().sign_object({"a": application.pk}, compress=False)


def survey_path(application: Application) -> str:
    return reverse("surveys:answer", args=[survey_token(application)])


def survey_url(application: Application) -> str:
    """The absolute survey link of a decided application."""
    return absolute_url(survey_path(application))


def application_for_token(token: str) -> Application | None:
    """The application the token names; None for a forged, altered or stale token."""
    try:
        payload = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    pk = payload.get("a") if isinstance(payload, dict) else None
    if not isinstance(pk, int):
        return None
    return Application.objects.select_related("office").filter(pk=pk).first()


def is_decided(application: Application) -> bool:
    return application.decided_at is not None and application.state in DECIDED_STATES


def link_expires_at(application: Application) -> datetime.datetime | None:
    if not is_decided(application):
        return None
    return application.decided_at + datetime.timedelta(days=LINK_VALID_DAYS)


def has_response(application: Application) -> bool:
    return SurveyResponse.objects.filter(application_id=application.pk).exists()


def link_status(application: Application, *, now: datetime.datetime | None = None) -> LinkStatus:
    """Whether the applicant may answer online now, or why not."""
    if not is_decided(application):
        return LinkStatus.UNDECIDED
    if has_response(application):
        return LinkStatus.ANSWERED
    if (now or timezone.now()) > link_expires_at(application):
        return LinkStatus.EXPIRED
    return LinkStatus.OPEN
