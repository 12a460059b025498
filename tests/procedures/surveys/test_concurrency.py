"""Two submissions of one survey at the same moment (two tabs, or a tab and the
officer's paper entry): exactly one response, and a clear refusal for the other.

Real threads with their own connections, started together by a barrier, on
PostgreSQL (the SQLite test database is one in-memory connection shared by
threads). The sequential side of the same rule — a stale second tab gets a
clear page — runs on every database in test_links.py."""

from django.test import Client

from procedures.applications.models import Application
from procedures.rules import TransitionRefused
from procedures.surveys import links
from procedures.surveys.models import SurveyChannel, SurveyResponse
from procedures.surveys.services import record_response

from ..concurrency import POSTGRESQL_RACE, race
from .conftest import answers

pytestmark = POSTGRESQL_RACE


def load(application):
    return Application.objects.get(pk=application.pk)


def test_two_services_at_once_store_one_response(decided, examiner):
    outcomes = race(
        lambda: record_response(
            application=load(decided), answers=answers(u1="1"), channel=SurveyChannel.ONLINE
        ),
        lambda: record_response(
            application=load(decided), answers=answers(u1="2"), channel=SurveyChannel.ONLINE
        ),
        lambda: record_response(
            application=load(decided),
            answers=answers(u1="4"),
            channel=SurveyChannel.PAPER,
            entered_by=examiner,
        ),
    )
    winners = [o for o in outcomes if isinstance(o, SurveyResponse)]
    losers = [o for o in outcomes if isinstance(o, TransitionRefused)]
    assert (len(winners), len(losers)) == (1, 2), outcomes
    assert all("sudah dijawab" in loser.message for loser in losers)
    assert SurveyResponse.objects.filter(application=decided).count() == 1


def test_two_tabs_posting_at_once_get_one_thanks_and_one_clear_page(decided):
    path = links.survey_path(decided)
    tabs = [Client(), Client()]
    outcomes = race(
        *(lambda tab=tab, n=n: tab.post(path, answers(u5=str(n + 2))) for n, tab in enumerate(tabs))
    )

    statuses = sorted(response.status_code for response in outcomes)
    assert statuses == [302, 409], outcomes
    (refused,) = [response for response in outcomes if response.status_code == 409]
    assert "Survei sudah dijawab" in refused.content.decode()
    assert SurveyResponse.objects.filter(application=decided).count() == 1
