"""The demo's year of history (`seed --demo`, procedures/demo/history.py): made
once through the services at its historical moments, it holds every outcome,
answered satisfaction surveys graded B or A in every semester and complaints in
every status, nothing in it is dated after the seed, letter numbers follow their
dates, every decision has its whole trail, and its year of mail is never sent now."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Q, QuerySet
from django.test import TestCase
from django.utils import timezone

from catalog.models import ActivityRecord
from portal.models import ComplaintSubmission
from procedures.accounts.models import User
from procedures.applications.models import Application, ApplicationEvent
from procedures.complaints.models import Complaint, ComplaintStatus, ComplaintUpdate
from procedures.demo import DEMO_APPLICANT, DEMO_APPLICATIONS
from procedures.demo.history import HISTORY_OFFICES, SURVEY_ACTIONS, plan_complaints, plan_history
from procedures.letters.models import Letter
from procedures.notifications.delivery import retry_due, send_now
from procedures.notifications.models import Notification, NotificationState
from procedures.organisations.calendar import WorkingCalendar
from procedures.organisations.models import Agency, Office
from procedures.organisations.permissions import is_officer_of
from procedures.organisations.roles import Role
from procedures.periods import semester
from procedures.surveys.ikm import ikm_for
from procedures.surveys.links import LinkStatus, link_status
from procedures.surveys.models import SurveyChannel, SurveyResponse

from .demo_checks import catalog_records_dated_after, numbers_out_of_date_order

SECOND = datetime.timedelta(seconds=1)
IN_PROGRESS = {"submitted", "in_review", "revision_requested", "awaiting_signature"}
# The transitions of a decided application, from the draft to the letter.
DECIDED_TRAIL = re.compile(r"created submit take( request_revision resubmit take)* propose sign")


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed", "--demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Application,
            ApplicationEvent,
            Letter,
            ActivityRecord,
            Notification,
            User,
            Agency,
            SurveyResponse,
            Complaint,
            ComplaintUpdate,
            ComplaintSubmission,
        )
    }


def history() -> QuerySet[Application]:
    """The history's applications: everything but the demo applicant's own."""
    return Application.objects.exclude(created_by__email=DEMO_APPLICANT)


def transitions(application: Application) -> list[ApplicationEvent]:
    return [event for event in application.events.order_by("at", "pk") if event.to_state]


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def semesters_between(first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    """(year, half) of every semester from the one holding `first` to `last`'s."""
    semesters, year, half = [], first.year, 1 + (first.month > 6)
    while (year, half) <= (last.year, 1 + (last.month > 6)):
        semesters.append((year, half))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return semesters


class DemoHistoryTests(TestCase):
    """One full demo seed (about 25 s) shared by the tests of the class."""

    @classmethod
    def setUpTestData(cls):
        cls.seed_started = timezone.now()
        cls.first_output = seed()
        cls.seed_ended = timezone.now()
        cls.counts = snapshot()
        cls.second_output = seed()
        cls.counts_again = snapshot()

    def test_seeding_again_adds_nothing(self):
        assert "riwayat setahun" in self.first_output
        assert "Seed selesai: 0 dibuat" in self.second_output
        assert self.counts_again == self.counts

    def test_the_history_holds_every_outcome_at_both_offices(self):
        for office in ("3304", "3300"):
            applications = list(history().filter(office__code=office))
            states = {application.state for application in applications}
            assert {"feasible", "not_feasible", "withdrawn"} <= states, office
            assert states & IN_PROGRESS, office
            decided = [app for app in applications if app.state in {"feasible", "not_feasible"}]
            rounds = {
                sum(event.kind == "request_revision" for event in transitions(app))
                for app in decided
            }
            assert rounds == {0, 1, 2}, office
            assert any(app.channel == "offline" for app in decided), office
            submissions = ApplicationEvent.objects.filter(
                kind="submit", application__in=history().filter(office__code=office)
            )
            months = {timezone.localtime(event.at).strftime("%Y-%m") for event in submissions}
            assert len(months) >= 10, office
        # The demo applicant's own applications are still one per state, made today.
        own = Application.objects.filter(created_by__email=DEMO_APPLICANT)
        assert sorted(own.values_list("state", flat=True)) == sorted(
            state for _title, state in DEMO_APPLICATIONS
        )

    def test_most_decisions_keep_the_standard_and_a_few_are_late(self):
        decided = history().filter(state__in=["feasible", "not_feasible"])
        late = 0
        for application in decided:
            trail = transitions(application)
            clock_start = [event for event in trail if event.kind in ("submit", "resubmit")][-1]
            due = datetime.date.fromisoformat(clock_start.data["due_on"])
            late += local_day(trail[-1].at) > due
        assert 0 < late < decided.count() * 0.2

    def test_nothing_is_dated_after_the_seed(self):
        today = timezone.localdate(self.seed_ended)
        assert not ApplicationEvent.objects.filter(at__gt=self.seed_ended).exists()
        assert not SurveyResponse.objects.filter(answered_at__gt=self.seed_ended).exists()
        assert not Complaint.objects.filter(
            Q(received_at__gt=self.seed_ended) | Q(closed_at__gt=self.seed_ended)
        ).exists()
        assert not ComplaintUpdate.objects.filter(at__gt=self.seed_ended).exists()
        assert not ComplaintSubmission.objects.filter(submit_time__gt=self.seed_ended).exists()
        assert not Notification.objects.filter(created_at__gt=self.seed_ended).exists()
        assert not Letter.objects.filter(issued_on__gt=today).exists()
        # Imported demo records included: a catalog holds decisions already made.
        assert not ActivityRecord.objects.filter(decided_on__gt=today).exists()
        # The history goes a year back.
        first_submission = ApplicationEvent.objects.filter(
            application__in=history(), kind="submit"
        ).earliest("at")
        assert (self.seed_started - first_submission.at).days >= 330

    def test_letter_numbers_follow_their_dates_per_office_and_year(self):
        groups = {(letter.office_id, letter.year) for letter in Letter.objects.all()}
        assert len(groups) >= 3  # both offices, and the history crosses a new year
        for office_id, year in groups:
            letters = list(Letter.objects.filter(office_id=office_id, year=year))
            by_sequence = sorted(letters, key=lambda letter: letter.sequence)
            assert [letter.issued_on for letter in by_sequence] == sorted(
                letter.issued_on for letter in letters
            )
            assert [letter.created_at for letter in by_sequence] == sorted(
                letter.created_at for letter in letters
            )
            for letter in letters:
                assert letter.number.startswith(f"B-{letter.sequence}/")
                assert letter.number.endswith(f"/{year}")

    def test_the_catalog_looks_real_imports_and_letters_alike(self):
        # Imported demo records and the history's and today's letters share the
        # numbers of an office's year: each number follows the dates of the lower ones.
        assert catalog_records_dated_after(timezone.localdate(self.seed_ended)) == []
        assert numbers_out_of_date_order() == []

    def test_every_decision_has_its_whole_trail_in_office_hours(self):
        calendar = WorkingCalendar()
        decided = history().filter(state__in=["feasible", "not_feasible"]).select_related("letter")
        assert decided.count() >= 80
        for application in decided:
            events = list(application.events.order_by("at", "pk"))
            trail = [event for event in events if event.to_state]
            assert DECIDED_TRAIL.fullmatch(" ".join(event.kind for event in trail)), application
            times = [event.at for event in events]
            assert times == sorted(times) and len(set(times)) == len(times), application
            for event in events:
                moment = timezone.localtime(event.at)
                assert calendar.is_working_day(moment.date()), (application, event.kind)
                assert datetime.time(8) <= moment.time() < datetime.time(16), event
            signed_on = local_day(trail[-1].at)
            assert application.letter.issued_on == signed_on
            assert datetime.timedelta(0) <= trail[-1].at - application.decided_at < SECOND
            if application.state == "feasible":
                record = ActivityRecord.objects.get(source_application_id=application.pk)
                assert record.decided_on == signed_on
                assert record.recommendation_number == application.letter.number

    def test_revised_decisions_show_the_revision_loop_answered_and_reviewed(self):
        decided = history().filter(state__in=["feasible", "not_feasible"], notes__isnull=False)
        assert decided.distinct().count() >= 10
        for application in decided.distinct():
            last = application.versions.order_by("-number").first().number
            for note in application.notes.select_related("version"):
                assert note.sent_at and note.reply and note.replied_by, note
                # The last round's notes were settled before proposing; earlier
                # rounds' were not (another revision was asked for).
                expected = "resolved" if note.version.number == last - 1 else "unresolved"
                assert note.resolution == expected, (application, note.version.number)
                assert note.replied_at <= note.resolved_at

    def test_the_historys_mail_is_recorded_as_sent_then_and_never_sent_now(self):
        mail.outbox.clear()
        # The complaints' mail (to the office, the complainant, the officer) is the
        # history's too: the demo makes no complaint today.
        history_mail = Notification.objects.filter(
            Q(application__in=history()) | Q(kind__startswith="complaint")
        )
        assert history_mail.count() >= 300
        assert history_mail.filter(kind="complaint_received").count() == Complaint.objects.count()
        assert history_mail.filter(kind="complaint_closed").count() == (
            Complaint.objects.filter(status=ComplaintStatus.CLOSED).count()
        )
        assert not history_mail.exclude(state=NotificationState.SENT).exists()
        for notification in history_mail:
            assert notification.sent_at == notification.created_at < self.seed_started
        # The after-commit send of each, and `send_notifications` a day later,
        # send none of them (only today's demo mail, still pending in this test).
        assert send_now(history_mail.values_list("pk", flat=True)) == []
        resent = retry_due(timezone.now() + datetime.timedelta(days=1))
        assert resent
        assert not {row.application_id for row in resent} & set(
            history().values_list("pk", flat=True)
        )
        assert len(mail.outbox) == len(resent)

    def test_most_decided_applicants_answer_the_survey_graded_b_or_a_each_semester(self):
        decided = history().filter(state__in=["feasible", "not_feasible"])
        responses = SurveyResponse.objects.filter(application__in=decided)
        assert responses.count() == SurveyResponse.objects.count()  # the history's only
        assert 0.55 <= responses.count() / decided.count() <= 0.8
        first = local_day(responses.earliest("answered_at").answered_at)
        last = local_day(responses.latest("answered_at").answered_at)
        offices = [None, *Office.objects.filter(code__in=[o.code for o in HISTORY_OFFICES])]
        values = {}
        for year, half in semesters_between(first, last):
            start, end = semester(year, half).start, semester(year, half).end
            for office in offices:
                ikm = ikm_for(office=office, start=start, end=end)
                if ikm.respondents:
                    assert ikm.grade in {"A", "B"}, (year, half, office, ikm)
                    assert len(ikm.element_means) == 9
            national = ikm_for(start=start, end=end)
            values[(year, half)] = (national.respondents, national.value)
        # A year of answers covers two semesters at least, and they differ.
        busy = [value for respondents, value in values.values() if respondents >= 10]
        assert len(busy) >= 2 and len(set(busy)) == len(busy), values
        # Mostly 3 and 4, some 2; waktu penyelesaian scored lower after a late decision.
        scores = [score for response in responses for score in response.scores().values()]
        assert set(scores) == {2, 3, 4}
        assert 0.02 < scores.count(2) / len(scores) < 0.15
        # Some give their profile and a suggestion; the suggestion is Indonesian text.
        assert 0 < responses.exclude(gender="").count() < responses.count()
        assert 0 < responses.exclude(suggestion="").count() < responses.count()
        assert responses.filter(gender="", education="").exclude(occupation="").count() == 0

    def test_paper_responses_are_walk_ins_entered_by_their_examiner_after_the_decision(self):
        responses = SurveyResponse.objects.select_related("application", "entered_by")
        assert responses.filter(channel=SurveyChannel.PAPER).exists()
        for response in responses:
            application = response.application
            assert response.office_id == application.office_id
            assert application.decided_at < response.answered_at < self.seed_ended
            if response.channel == SurveyChannel.PAPER:
                assert application.channel == "offline", application
                assert is_officer_of(response.entered_by, application.office_id, Role.EXAMINER)
            else:
                assert application.channel == "online", application
                assert response.entered_by is None
                # Within the link's 30 days, a few working days after the decision.
                assert response.answered_at - application.decided_at < datetime.timedelta(days=14)

    def test_a_recent_decision_still_invites_its_applicant_to_the_survey(self):
        recent = history().filter(
            office__code="3304",
            state__in=["feasible", "not_feasible"],
            decided_at__gt=self.seed_ended - datetime.timedelta(days=30),
        )
        open_links = [app for app in recent if link_status(app) == LinkStatus.OPEN]
        assert open_links
        assert len(open_links) < recent.count()  # and others were answered already

    def test_complaints_come_through_the_form_and_are_followed_up_in_every_status(self):
        complaints = Complaint.objects.select_related("office", "assigned_to")
        assert 10 <= complaints.count() <= 15
        assert {complaint.office.code for complaint in complaints} == {"3304"}
        statuses = [complaint.status for complaint in complaints]
        assert set(statuses) == set(ComplaintStatus.values)
        assert statuses.count(ComplaintStatus.CLOSED) >= complaints.count() - 3
        months = {local_day(complaint.received_at).strftime("%Y-%m") for complaint in complaints}
        assert len(months) >= 6
        for complaint in complaints:
            # Filed on the public form: its submission, the same ticket and answers.
            submission = ComplaintSubmission.objects.get(ticket_number=complaint.ticket_number)
            assert submission.submit_time == complaint.received_at
            assert complaint.ticket_number == (
                f"ADU-3304-{local_day(complaint.received_at).year}-{submission.pk:05d}"
            )
            assert complaint.complainant_name and "@" in complaint.complainant_email
            assert complaint.subject and complaint.text
            updates = list(complaint.updates.all())
            assert [update.at for update in updates] == sorted(update.at for update in updates)
            assert all(update.at > complaint.received_at for update in updates)
            if complaint.status == ComplaintStatus.RECEIVED:
                assert not updates
                continue
            assert updates[0].kind == "assigned"
            assert is_officer_of(
                complaint.assigned_to, complaint.office_id, Role.EXAMINER, Role.SIGNATORY
            )
            if complaint.status == ComplaintStatus.CLOSED:
                assert updates[-1].kind == "status" and updates[-1].text
                assert updates[-1].at == complaint.closed_at
            else:
                assert updates[-1].kind == "answered"


def test_the_plan_depends_only_on_its_end():
    end = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)
    plan = [(story.office, story.row["title"], story.steps) for story in plan_history(end=end)]
    again = [(story.office, story.row["title"], story.steps) for story in plan_history(end=end)]
    assert plan == again
    assert plan != [
        (story.office, story.row["title"], story.steps) for story in plan_history(end=end, seed=1)
    ]
    for office in HISTORY_OFFICES:
        submitted = [story for story in plan_history(end=end) if story.office == office.code]
        assert abs(len(submitted) - office.per_month * 12) <= 6
        assert all(step.at < end for story in submitted for step in story.steps)
    # A survey only after a decision, as its last step.
    for story in plan_history(end=end):
        surveys = story.steps_of(*SURVEY_ACTIONS)
        assert not surveys or (story.decided and story.steps[-1] in surveys)
    complaints = [story.steps for story in plan_complaints(end=end)]
    assert complaints == [story.steps for story in plan_complaints(end=end)]
    assert complaints != [story.steps for story in plan_complaints(end=end, seed=1)]
    assert all(step.at < end for steps in complaints for step in steps)
    # The last two are still open: one answered, one just filed.
    last_actions = [steps[-1].action for steps in complaints]
    assert last_actions[-2:] == ["answer_complaint", "file_complaint"]
    assert set(last_actions[:-2]) == {"close_complaint"}


@pytest.mark.django_db
def test_no_history_leaves_the_demo_with_one_application_per_state():
    seed("--no-history")
    assert not history().exists()
    assert Application.objects.count() == len(DEMO_APPLICATIONS)
    # Applications exist now: a later full seed adds no history dated before them.
    counts = snapshot()
    assert "0 dibuat" in seed()
    assert snapshot() == counts
