"""Two officers acting on one complaint at the same moment, from pages showing the
same version: exactly one wins, the other is told to reload. Real threads with
their own connections; PostgreSQL only, as in the applications' concurrency tests
(SQLite's side of the rule, a stale page refused, is in test_follow_up.py)."""

import pytest

from procedures.complaints import services
from procedures.complaints.models import Complaint, ComplaintStatus, ComplaintUpdate
from procedures.rules import TransitionRefused

from ..concurrency import POSTGRESQL_RACE, race
from .conftest import open_complaint

pytestmark = POSTGRESQL_RACE


def fresh(complaint):
    return lambda: Complaint.objects.get(pk=complaint.pk)


@pytest.mark.parametrize(
    ("first", "second"),
    [("answer", "answer"), ("answer", "close"), ("close", "close")],
)
def test_two_officers_at_once_one_wins(offices, examiner, signatory, first, second):
    complaint = open_complaint(offices["3304"])
    load, seen = fresh(complaint), complaint.lock_version
    actions = {
        "answer": lambda user: services.answer(
            complaint=load(), user=user, text=f"Jawaban {user}.", seen_version=seen
        ),
        "close": lambda user: services.close(
            complaint=load(), user=user, text=f"Selesai oleh {user}.", seen_version=seen
        ),
    }
    outcomes = race(lambda: actions[first](examiner), lambda: actions[second](signatory))

    winners = [o for o in outcomes if isinstance(o, ComplaintUpdate)]
    losers = [o for o in outcomes if isinstance(o, TransitionRefused)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert "baru saja diubah oleh petugas lain" in losers[0].message
    complaint.refresh_from_db()
    assert complaint.updates.count() == 1
    assert complaint.lock_version == seen + 1
    assert complaint.status == winners[0].to_status


def test_two_closings_without_a_page_version_close_once(offices, examiner, signatory):
    complaint = open_complaint(offices["3304"])
    load = fresh(complaint)
    outcomes = race(
        lambda: services.close(complaint=load(), user=examiner, text="Satu."),
        lambda: services.close(complaint=load(), user=signatory, text="Dua."),
    )
    assert sum(isinstance(o, TransitionRefused) for o in outcomes) == 1, outcomes
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.updates.count() == 1
