"""Two people acting on one application at the same moment: exactly one wins.

Real threads with their own database connections, started together by a
barrier. PostgreSQL only: the SQLite test database lives in memory, shared
between threads by a cache that fails on a lock instead of waiting; SQLite's
side of the same rule (a stale copy is refused) is in test_workflow.py.
"""

from catalog.models import ActivityRecord
from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationVersion
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.letters.models import Letter
from procedures.organisations import services as organisation_services
from procedures.organisations.models import WalidataProfile
from procedures.organisations.roles import Role
from procedures.rules import TransitionRefused

from ..concurrency import POSTGRESQL_RACE, race
from ..conftest import fill, make_user

pytestmark = POSTGRESQL_RACE


def fresh(application):
    return lambda: Application.objects.get(pk=application.pk)


def test_two_simultaneous_submissions_freeze_one_version(complete_draft, applicant, colleague):
    load = fresh(complete_draft)
    outcomes = race(
        lambda: application_services.submit(application=load(), user=applicant),
        lambda: application_services.submit(application=load(), user=colleague),
    )
    winners = [o for o in outcomes if isinstance(o, Application)]
    losers = [o for o in outcomes if isinstance(o, TransitionRefused)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert ApplicationVersion.objects.filter(application=complete_draft).count() == 1
    complete_draft.refresh_from_db()
    assert complete_draft.state == "submitted"
    assert complete_draft.events.filter(kind="submit").count() == 1
    # The loser's reference number was rolled back with it: no gap.
    assert complete_draft.reference.endswith("-00001")


def test_withdrawal_and_examination_at_once(submitted, applicant, examiner):
    load = fresh(submitted)
    outcomes = race(
        lambda: application_services.withdraw(application=load(), user=applicant, reason="Batal"),
        lambda: examination_services.take(application=load(), user=examiner),
    )
    assert sum(isinstance(o, Application) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, TransitionRefused) for o in outcomes) == 1, outcomes
    submitted.refresh_from_db()
    assert submitted.state in {"withdrawn", "in_review"}
    assert submitted.events.filter(kind__in=["withdraw", "take"]).count() == 1


def test_two_withdrawals_at_once(submitted, applicant, colleague):
    load = fresh(submitted)
    outcomes = race(
        lambda: application_services.withdraw(application=load(), user=applicant, reason="Satu"),
        lambda: application_services.withdraw(application=load(), user=colleague, reason="Dua"),
    )
    assert sum(isinstance(o, TransitionRefused) for o in outcomes) == 1, outcomes
    assert submitted.events.filter(kind="withdraw").count() == 1


def test_two_walidata_confirm_and_return_at_once(complete_draft, applicant):
    office = complete_draft.office
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])
    first, second = (
        make_user(email, roles=[Role.WALIDATA])
        for email in ("walidata.satu@banjarnegarakab.go.id", "walidata.dua@banjarnegarakab.go.id")
    )
    for user in (first, second):
        WalidataProfile.objects.create(user=user, region_code="3304")
    application_services.submit(application=complete_draft, user=applicant)
    load = fresh(complete_draft)
    outcomes = race(
        lambda: examination_services.walidata_confirm(application=load(), user=first),
        lambda: examination_services.walidata_return(
            application=load(), user=second, notes="Lengkapi definisi variabel."
        ),
    )
    losers = [o for o in outcomes if isinstance(o, TransitionRefused)]
    assert sum(isinstance(o, Application) for o in outcomes) == 1, outcomes
    assert len(losers) == 1, outcomes
    assert "walidata lain" in losers[0].message or "baru saja diubah" in losers[0].message
    complete_draft.refresh_from_db()
    assert complete_draft.state in {"submitted", "walidata_returned"}
    assert complete_draft.events.filter(kind__startswith="walidata_").count() == 1


def test_simultaneous_submissions_of_different_applications_get_distinct_numbers(applicant):
    drafts = []
    for index in range(8):
        draft = application_services.create_application(user=applicant)
        fill(draft, applicant, complete_design(title=f"Kompilasi {index}", survey=False))
        drafts.append(draft)
    outcomes = race(
        *[
            (
                lambda draft=draft: application_services.submit(
                    application=fresh(draft)(), user=applicant
                )
            )
            for draft in drafts
        ]
    )
    assert all(isinstance(o, Application) for o in outcomes), outcomes
    numbers = sorted(int(o.reference.rsplit("-", 1)[1]) for o in outcomes)
    assert numbers == list(range(1, 9))


def test_twenty_signatures_at_once_number_the_letters_without_gaps(
    applicant, examiner, signatory, offices, search_index
):
    office = offices["3304"]
    deputy = make_user(
        "wakil.kepala@bps.go.id", office=office, roles=[Role.SIGNATORY], nip="198505052010012003"
    )
    awaiting = []
    for index in range(20):
        draft = application_services.create_application(user=applicant)
        fill(draft, applicant, complete_design(title=f"Kompilasi Statistik {index}", survey=False))
        application = application_services.submit(application=fresh(draft)(), user=applicant)
        examination_services.take(application=application, user=examiner)
        examination_services.propose(
            application=application, user=examiner, verdict="feasible", text=f"Saran {index}."
        )
        awaiting.append(application)
    assert set(Application.objects.values_list("state", flat=True)) == {"awaiting_signature"}
    # The same signatory for most, a second one for every third: both kinds of overlap.
    signers = [deputy if index % 3 == 0 else signatory for index in range(20)]

    def signing(application, signer):
        return lambda: examination_services.sign(
            application=fresh(application)(), user=User.objects.get(pk=signer.pk)
        )

    outcomes = race(*[signing(a, s) for a, s in zip(awaiting, signers, strict=True)])

    assert all(isinstance(o, Application) for o in outcomes), outcomes
    letters = list(Letter.objects.filter(office=office).order_by("sequence"))
    assert len(letters) == 20
    year = letters[0].year
    assert [letter.sequence for letter in letters] == list(range(1, 21))
    assert len({letter.number for letter in letters}) == 20
    assert [letter.number for letter in letters] == [
        f"B-{seq}/{office.unit_code}/KS.000/{year}" for seq in range(1, 21)
    ]
    assert len({letter.verification_code for letter in letters}) == 20
    assert {letter.application_id: letter.signatory_id for letter in letters} == {
        a.pk: s.pk for a, s in zip(awaiting, signers, strict=True)
    }
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in awaiting]).values_list("state", flat=True)
    ) == {"feasible"}
    assert ActivityRecord.objects.count() == 20
    assert set(ActivityRecord.objects.values_list("recommendation_number", flat=True)) == {
        letter.number for letter in letters
    }
    assert organisation_services.next_in_sequence(office=office, kind="letter", year=year) == 21
