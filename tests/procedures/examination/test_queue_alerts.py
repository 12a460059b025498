"""No silent queue: what `send_reminders` (and the submission itself) tells whom.

- a submission at an office without an active examiner, or from an agency BPS
  has not confirmed, alerts the office's coordinators at once, and the parent
  office's after the office's `parent_alert_working_days`;
- what is not taken within `take_escalation_working_days`, or is due within
  `due_escalation_working_days` without a proposal, is escalated to the signatories;
- the walidata is reminded of what waits more than `walidata_reminder_working_days`.

Every alert is sent once however often (and however many at once) the command
runs. Boundaries are counted over a weekend and national holidays: Monday 17
August 2026 (Independence Day) and Tuesday 25 August 2026 (the Prophet's
Birthday). Real database, Django's outbox; the clock is set, nothing else."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from procedures.applications import selectors as application_selectors
from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.demo import complete_design
from procedures.examination import reminders
from procedures.examination import services as examination_services
from procedures.notifications.models import Notification
from procedures.organisations.models import WalidataProfile
from procedures.organisations.roles import Role

from ..conftest import fill, make_agency, make_user

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
THURSDAY = datetime.date(2026, 8, 13)  # submitted; Monday 17 August is a holiday


def day(d: int) -> datetime.date:
    return datetime.date(2026, 8, d)


@pytest.fixture
def clock(monkeypatch):
    """set(day): the clock reads 09:00 in Jakarta on that day."""

    def set_to(when: datetime.date, hour: int = 9):
        moment = datetime.datetime.combine(when, datetime.time(hour), tzinfo=JAKARTA)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def coordinators(offices):
    """The office's signatory and office admin, the parent office's signatory, and
    people who are not coordinators of 3304 (an examiner of 3300, a former signatory)."""
    people = {
        "signatory": make_user(
            "kepala.uji@bps.go.id", office=offices["3304"], roles=[Role.SIGNATORY]
        ),
        "office_admin": make_user(
            "admin.kantor@bps.go.id", office=offices["3304"], roles=[Role.OFFICE_ADMIN]
        ),
        "parent_signatory": make_user(
            "kepala@jateng.bps.go.id", office=offices["3300"], roles=[Role.SIGNATORY]
        ),
        "parent_examiner": make_user(
            "pemeriksa@jateng.bps.go.id", office=offices["3300"], roles=[Role.EXAMINER]
        ),
        "former": make_user(
            "kepala.lama@bps.go.id", office=offices["3304"], roles=[Role.SIGNATORY]
        ),
    }
    people["former"].is_active = False
    people["former"].save(update_fields=["is_active"])
    return people


def submit_on(when, applicant, *, title="Kompilasi Data Pertanian", clock) -> Application:
    clock(when)
    draft = application_services.create_application(user=applicant)
    fill(draft, applicant, complete_design(title=title, survey=False))
    return application_services.submit(
        application=Application.objects.get(pk=draft.pk), user=applicant
    )


def run_on(when, clock, capture) -> int:
    clock(when)
    with capture(execute=True):
        return reminders.send_reminders(today=when)


def alerts(kind: str, **filters) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, **filters).order_by("pk"))


def first_day_sent(days, clock, capture, kind) -> datetime.date | None:
    """Run send_reminders on each of `days`; the first day a `kind` message was queued."""
    for when in days:
        before = Notification.objects.filter(kind=kind).count()
        run_on(when, clock, capture)
        if Notification.objects.filter(kind=kind).count() > before:
            return when
    return None


# Thursday 13 → Friday 14 (1), Monday 17 (holiday), Tuesday 18 (2), Wednesday 19 (3),
# Thursday 20 (4): "more than 3 working days" is first true on Thursday 20.
DAYS_AFTER_SUBMISSION = [day(d) for d in (14, 15, 16, 17, 18, 19, 20, 21)]


# --- An office without an active examiner ------------------------------------------------


def test_a_submission_to_an_office_without_examiner_alerts_its_coordinators_once(
    clock, applicant, coordinators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_on(THURSDAY, applicant, clock=clock)

    (alert,) = alerts("unattended")
    assert alert.recipients == sorted(
        [coordinators["signatory"].email, coordinators["office_admin"].email]
    )
    (message,) = [m for m in mail.outbox if "tanpa pemeriksa aktif" in m.subject]
    assert message.subject == f"[{application.reference}] Pengajuan menunggu tanpa pemeriksa aktif"
    assert "tidak punya pemeriksa aktif" in message.body
    assert f"/pemeriksaan/{application.pk}/" in message.body
    # Recorded for the office, not shown to the applicant.
    event = application.events.get(kind="alert")
    assert event.data["alert"] == "no_examiner" and event.data["office"] == "3304"
    public = application_selectors.timeline(application, internal=False)
    assert not public.filter(kind="alert").exists()

    # Running often (here: every day until the parent's threshold) repeats nothing.
    for when in (THURSDAY, day(14), day(18), day(19)):
        run_on(when, clock, django_capture_on_commit_callbacks)
        run_on(when, clock, django_capture_on_commit_callbacks)
    assert len(alerts("unattended")) == 1


@pytest.mark.parametrize(
    "examiner_kind",
    ["active", "inactive", "of_another_office", "without_officer_profile"],
)
def test_only_an_active_examiner_of_the_office_counts(
    clock, offices, applicant, coordinators, examiner_kind, django_capture_on_commit_callbacks
):
    if examiner_kind == "of_another_office":
        pass  # coordinators already hold an examiner of 3300
    elif examiner_kind == "without_officer_profile":
        make_user("pemeriksa.tanpa.profil@bps.go.id", roles=[Role.EXAMINER])
    else:
        examiner = make_user(
            "pemeriksa.uji@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER]
        )
        if examiner_kind == "inactive":
            examiner.is_active = False
            examiner.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_on(THURSDAY, applicant, clock=clock)
    for when in DAYS_AFTER_SUBMISSION[:3]:
        run_on(when, clock, django_capture_on_commit_callbacks)

    expected = 0 if examiner_kind == "active" else 1
    assert len(alerts("unattended")) == expected


def test_an_examiner_who_leaves_later_is_noticed_by_send_reminders(
    clock, offices, applicant, coordinators, django_capture_on_commit_callbacks
):
    examiner = make_user("pemeriksa.uji@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER])
    submit_on(THURSDAY, applicant, clock=clock)
    run_on(day(14), clock, django_capture_on_commit_callbacks)
    assert alerts("unattended") == []

    examiner.is_active = False
    examiner.save(update_fields=["is_active"])
    assert run_on(day(18), clock, django_capture_on_commit_callbacks) == 1
    (alert,) = alerts("unattended")
    assert coordinators["signatory"].email in alert.recipients


def test_the_parent_office_is_alerted_after_its_threshold_over_a_holiday(
    clock, applicant, coordinators, django_capture_on_commit_callbacks
):
    office = applicant.applicant.agency.office
    assert (office.code, office.parent.code, office.parent_alert_working_days) == (
        "3304",
        "3300",
        3,
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_on(THURSDAY, applicant, clock=clock)

    parent = {coordinators["parent_signatory"].email}
    sent_on = first_day_sent(
        DAYS_AFTER_SUBMISSION, clock, django_capture_on_commit_callbacks, "unattended"
    )
    assert sent_on == day(20)  # not Wednesday 19: Monday 17 is no working day
    own, to_parent = alerts("unattended")
    assert set(to_parent.recipients) == parent
    assert set(own.recipients) & parent == set()
    message = [m for m in mail.outbox if set(m.to) == parent][0]
    assert "kantor induk BPS Provinsi Jawa Tengah" in message.body
    assert "lebih dari 3 hari kerja" in message.body
    for when in (day(21), day(24)):
        run_on(when, clock, django_capture_on_commit_callbacks)
    assert len(alerts("unattended")) == 2
    assert application.events.filter(kind="alert", data__alert="no_examiner").count() == 2


def test_a_configured_threshold_moves_the_parent_alert(
    clock, applicant, coordinators, django_capture_on_commit_callbacks
):
    office = applicant.applicant.agency.office
    office.parent_alert_working_days = 1
    office.save(update_fields=["parent_alert_working_days"])
    submit_on(THURSDAY, applicant, clock=clock)  # its own office is alerted at once
    # Friday is 1 working day, Monday a holiday: "more than 1" is first true on Tuesday 18.
    days = DAYS_AFTER_SUBMISSION
    assert first_day_sent(days, clock, django_capture_on_commit_callbacks, "unattended") == day(18)
    assert set(alerts("unattended")[-1].recipients) == {coordinators["parent_signatory"].email}


def test_a_submission_from_an_unconfirmed_agency_alerts_coordinators_then_the_parent(
    clock, offices, coordinators, django_capture_on_commit_callbacks
):
    examiner = make_user("pemeriksa.uji@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER])
    agency = make_agency("Dinas Perikanan Kabupaten Banjarnegara", confirmed=False)
    proposer = make_user("staf@perikanan.banjarnegarakab.go.id", agency=agency)
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_on(THURSDAY, proposer, clock=clock)
    assert application.state == "awaiting_agency"

    own = alerts("unattended")
    assert len(own) == 1 and coordinators["signatory"].email in own[0].recipients
    (message,) = [m for m in mail.outbox if "konfirmasi instansi" in m.subject]
    assert "instansi pemohon belum dikonfirmasi BPS" in message.body
    sent_on = first_day_sent(
        DAYS_AFTER_SUBMISSION, clock, django_capture_on_commit_callbacks, "unattended"
    )
    assert sent_on == day(20)
    assert set(alerts("unattended")[-1].recipients) == {coordinators["parent_signatory"].email}

    # Confirmed: the office has an examiner, so nothing more is said.
    examination_services.confirm_agency(agency=agency, officer=examiner)
    run_on(day(21), clock, django_capture_on_commit_callbacks)
    assert len(alerts("unattended")) == 2


def test_an_office_without_coordinators_is_told_at_its_own_address(
    clock, applicant, offices, django_capture_on_commit_callbacks
):
    submit_on(THURSDAY, applicant, clock=clock)
    (alert,) = alerts("unattended")
    assert alert.recipients == [offices["3304"].email]


# --- Escalation to the signatories -------------------------------------------------------


@pytest.fixture
def staffed(offices, coordinators):
    """The office with an examiner: no unattended alert gets in the way."""
    return make_user("pemeriksa.uji@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER])


def test_not_taken_is_escalated_after_the_threshold_counted_in_working_days(
    clock, applicant, staffed, coordinators, django_capture_on_commit_callbacks
):
    application = submit_on(THURSDAY, applicant, clock=clock)
    assert application.office.take_escalation_working_days == 3

    sent_on = first_day_sent(
        DAYS_AFTER_SUBMISSION, clock, django_capture_on_commit_callbacks, "escalation"
    )
    assert sent_on == day(20)
    (escalation,) = alerts("escalation")
    assert escalation.recipients == [coordinators["signatory"].email]  # signatories only
    (message,) = [m for m in mail.outbox if "Eskalasi" in m.subject]
    assert message.subject == (
        f"[{application.reference}] Eskalasi: belum diambil pemeriksa 4 hari kerja"
    )
    assert "belum diambil pemeriksa" in message.body
    for when in (day(21), day(24), day(26)):
        run_on(when, clock, django_capture_on_commit_callbacks)
    assert len(alerts("escalation")) == 1


def test_taken_in_time_is_not_escalated(
    clock, applicant, staffed, coordinators, django_capture_on_commit_callbacks
):
    application = submit_on(THURSDAY, applicant, clock=clock)
    clock(day(19))
    examination_services.take(application=application, user=staffed)
    assert (
        first_day_sent(
            DAYS_AFTER_SUBMISSION, clock, django_capture_on_commit_callbacks, "escalation"
        )
        is None
    )


def due_on(application, when: datetime.date) -> Application:
    Application.objects.filter(pk=application.pk).update(due_on=when)
    return Application.objects.get(pk=application.pk)


def test_due_within_the_threshold_without_proposal_is_escalated_once(
    clock, applicant, staffed, coordinators, django_capture_on_commit_callbacks
):
    # Taken at once, so only the due date speaks.
    application = submit_on(THURSDAY, applicant, clock=clock)
    examination_services.take(application=application, user=staffed)
    # Due Wednesday 26: from Tuesday 18 the working days left are 19, 20, 21, 24, 26
    # (25 is a holiday) = 5; from Friday 14 and Monday 17 they are 6.
    due_on(application, day(26))
    assert application.office.due_escalation_working_days == 5

    sent_on = first_day_sent(
        DAYS_AFTER_SUBMISSION, clock, django_capture_on_commit_callbacks, "escalation"
    )
    assert sent_on == day(18)
    (escalation,) = alerts("escalation")
    assert escalation.recipients == [coordinators["signatory"].email]
    (message,) = [m for m in mail.outbox if "Eskalasi" in m.subject]
    assert "batas waktu 5 hari kerja lagi, belum ada usulan" in message.subject
    assert "diperiksa oleh" in message.body
    for when in (day(26), day(27)):  # due day, then overdue: once per due date
        run_on(when, clock, django_capture_on_commit_callbacks)
    assert len(alerts("escalation")) == 1


def test_a_proposal_stops_the_due_date_escalation(
    clock, applicant, staffed, coordinators, django_capture_on_commit_callbacks
):
    application = submit_on(THURSDAY, applicant, clock=clock)
    examination_services.take(application=application, user=staffed)
    examination_services.propose(
        application=due_on(application, day(26)), user=staffed, verdict="feasible", text=""
    )
    assert (
        first_day_sent(
            DAYS_AFTER_SUBMISSION, clock, django_capture_on_commit_callbacks, "escalation"
        )
        is None
    )


# --- The walidata is reminded ------------------------------------------------------------


def test_the_walidata_is_reminded_after_n_working_days_and_after_each_further_n(
    clock, applicant, staffed, coordinators, django_capture_on_commit_callbacks
):
    office = applicant.applicant.agency.office
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])
    walidata = make_user("walidata.uji@banjarnegarakab.go.id", roles=[Role.WALIDATA])
    WalidataProfile.objects.create(user=walidata, region_code="3304")
    application = submit_on(THURSDAY, applicant, clock=clock)
    assert application.state == "awaiting_walidata"
    assert office.walidata_reminder_working_days == 3

    days = [day(d) for d in (14, 17, 18, 19, 20, 21, 24, 25, 26, 27)]
    sent = []
    for when in days:
        before = len(alerts("walidata_reminder"))
        run_on(when, clock, django_capture_on_commit_callbacks)
        run_on(when, clock, django_capture_on_commit_callbacks)  # twice a day: still once
        if len(alerts("walidata_reminder")) > before:
            sent.append(when)
    # Waited 4 working days on Thursday 20, 7 on Wednesday 26 (Tuesday 25 is a holiday).
    assert sent == [day(20), day(26)]
    first, _second = alerts("walidata_reminder")
    assert first.recipients == [walidata.email]
    message = [m for m in mail.outbox if "Pengingat" in m.subject][0]
    assert message.subject == (
        f"[{application.reference}] Pengingat: 4 hari kerja menunggu konfirmasi walidata"
    )
    assert "http://testserver/pemeriksaan/" in message.body
    # Nothing of the office's is said about a submission the office has not received.
    assert alerts("unattended") == [] and alerts("escalation") == []


# --- Crashes and concurrent runs ---------------------------------------------------------


def test_what_changed_since_it_was_listed_is_judged_as_it_is_now(
    clock, applicant, staffed, coordinators, django_capture_on_commit_callbacks
):
    application = submit_on(THURSDAY, applicant, clock=clock)
    listed = Application.objects.get(pk=application.pk)  # as the run listed it: submitted
    clock(day(20))
    examination_services.take(application=application, user=staffed)  # meanwhile, taken
    with transaction.atomic():
        assert reminders.escalate(listed, day(20)) == 0
    assert alerts("escalation") == []


def test_a_crashed_run_leaves_whole_alerts_and_the_next_run_sends_the_rest(
    clock, applicant, colleague, coordinators, monkeypatch, django_capture_on_commit_callbacks
):
    first = submit_on(THURSDAY, applicant, title="Kompilasi Satu", clock=clock)
    second = submit_on(THURSDAY, colleague, title="Kompilasi Dua", clock=clock)
    # The parent alerts are due on Thursday 20; the run dies on the second one.
    record_alert = application_services.record_alert
    recorded = []

    def dies_on_the_second(application, notification, **facts):
        if recorded:
            raise RuntimeError("the worker was killed")
        recorded.append(application.pk)
        record_alert(application, notification, **facts)

    monkeypatch.setattr(application_services, "record_alert", dies_on_the_second)
    clock(day(20))
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(today=day(20))
    parent_address = coordinators["parent_signatory"].email
    to_parent = [a for a in alerts("unattended") if a.recipients == [parent_address]]
    assert [a.application_id for a in to_parent] == [first.pk]  # whole, with its event
    assert first.events.filter(kind="alert", data__office="3300").count() == 1
    assert second.events.filter(kind="alert", data__office="3300").count() == 0

    monkeypatch.setattr(application_services, "record_alert", record_alert)
    run_on(day(20), clock, django_capture_on_commit_callbacks)
    to_parent = [a for a in alerts("unattended") if a.recipients == [parent_address]]
    assert sorted(a.application_id for a in to_parent) == [first.pk, second.pk]
    assert first.events.filter(kind="alert", data__office="3300").count() == 1
    assert second.events.filter(kind="alert", data__office="3300").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs on PostgreSQL (make test does, in CI)"
)
def test_two_runs_at_once_send_each_alert_once(clock, applicant, colleague, coordinators):
    for index, who in enumerate((applicant, colleague, applicant)):
        submit_on(THURSDAY, who, title=f"Kompilasi {index}", clock=clock)
    clock(day(20))  # own alerts were sent at submission; parents' and escalations are due
    barrier = threading.Barrier(3)
    outcomes = [None] * 3

    def run(index):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes[index] = reminders.send_reminders(today=day(20))
        except Exception as error:  # noqa: BLE001 — the outcome is what is tested
            outcomes[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    # Three parent alerts and three "not taken" escalations, each queued by one run only.
    assert sum(outcomes) == 6
    keys = list(Notification.objects.exclude(dedupe_key=None).values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == 9  # with the three own-office alerts
    assert Application.objects.get(title="Kompilasi 0").events.filter(kind="alert").count() == 3
