"""Recording a satisfaction-survey response: the only way a `SurveyResponse` is
written. One per application, whatever the channel and however many tabs
submit at once."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures import rules
from procedures.accounts.models import User
from procedures.applications.models import Application
from procedures.applications.services import locked
from procedures.rules import TransitionRefused

from . import permissions
from .elements import ELEMENTS, SCORES
from .links import LinkStatus
from .models import Education, Gender, Occupation, SurveyChannel, SurveyResponse

SUGGESTION_MAX_LENGTH = 2000
PROFILE_FIELDS = (
    ("gender", Gender, gettext_lazy("Jenis kelamin")),
    ("education", Education, gettext_lazy("Pendidikan")),
    ("occupation", Occupation, gettext_lazy("Pekerjaan")),
)


def clean_answers(answers: Mapping) -> dict:
    """The nine scores (1–4, all required), the optional profile and suggestion,
    as stored; ValidationError naming every field that is wrong and how to fix it."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for element in ELEMENTS:
        score = _score(answers.get(element.code))
        if score is None:
            errors[element.code] = _(
                "Pilih satu jawaban (1 sampai 4) untuk unsur “%(element)s”."
            ) % {"element": element.label}
        cleaned[element.code] = score
    for name, choices, label in PROFILE_FIELDS:
        value = answers.get(name) or ""
        if value not in choices.values and value != "":
            errors[name] = _(
                "Pilihan “%(field)s” tidak dikenal: pilih dari daftar atau kosongkan."
            ) % {"field": label}
        cleaned[name] = value
    suggestion = str(answers.get("suggestion") or "").strip()
    if len(suggestion) > SUGGESTION_MAX_LENGTH:
        errors["suggestion"] = _(
            "Saran dan masukan paling banyak %(limit)s karakter (sekarang %(length)s): persingkat."
        ) % {"limit": SUGGESTION_MAX_LENGTH, "length": len(suggestion)}
    cleaned["suggestion"] = suggestion
    if errors:
        raise ValidationError(errors)
    return cleaned


def _score(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError):
        return None
    return score if score in SCORES and str(value).strip() == str(score) else None


def _answered_at(application: Application, answered_on: datetime.date | None) -> datetime.datetime:
    """When a paper questionnaire was filled: the date the officer copies from it
    (between the decision and today), at noon WIB; today means now."""
    now = timezone.now()
    today = timezone.localdate(now)
    if answered_on is None or answered_on == today:
        return now
    decided_on = timezone.localdate(application.decided_at)
    if not isinstance(answered_on, datetime.date) or not decided_on <= answered_on <= today:
        raise ValidationError(
            {
                "answered_on": _(
                    "Tanggal pengisian harus antara tanggal keputusan (%(decided)s) dan hari ini."
                )
                % {"decided": date_format(decided_on, "j F Y")}
            }
        )
    return datetime.datetime.combine(
        answered_on, datetime.time(12), tzinfo=timezone.get_default_timezone()
    )


@transaction.atomic
def record_response(
    *,
    application: Application,
    answers: Mapping,
    channel: str,
    entered_by: User | None = None,
    answered_on: datetime.date | None = None,
) -> SurveyResponse:
    """Store the survey answered for a decided application: online by whoever
    holds the link (while it is open), or on paper, entered by an officer of the
    application's office (`entered_by`, with the date written on the paper as
    `answered_on`). Refuses a second response with TransitionRefused, a bad
    answer with ValidationError naming the field; nothing is written then."""
    channel = SurveyChannel(channel)
    if (channel == SurveyChannel.PAPER) != (entered_by is not None):
        raise ValueError("A paper response needs the officer who enters it; an online one none.")
    application = locked(application)
    if channel == SurveyChannel.PAPER:
        rules.require(permissions.can_enter_paper_response(entered_by, application))
    else:
        rules.require(permissions.can_answer_online(application))
        answered_on = None
    values = clean_answers(answers)
    answered_at = _answered_at(application, answered_on)
    try:
        # The row lock above serialises two submissions (SQLite's immediate
        # transactions do the same); should a writer ever get past it, the
        # one-per-application constraint refuses the second row, and the refusal
        # stays a clear message rather than a 500.
        with transaction.atomic():
            return SurveyResponse.objects.create(
                application=application,
                office_id=application.office_id,
                answered_at=answered_at,
                channel=channel,
                entered_by=entered_by,
                **values,
            )
    except IntegrityError:
        if SurveyResponse.objects.filter(application_id=application.pk).exists():
            raise TransitionRefused(str(permissions.REASONS[LinkStatus.ANSWERED])) from None
        raise
