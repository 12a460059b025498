"""Applications with a controlled history for the performance figures: every
step goes through the real services, each at a moment the test chooses (the
suite's way of moving time: `django.utils.timezone.now` patched, as the
procedure's `on_known_day` fixture does), so the audit trail holds the dates
the figures are computed from."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.utils import timezone

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.organisations.models import Agency, AgencyLevel, WalidataProfile
from procedures.organisations.roles import Role, grant_role

from ..conftest import fill, make_agency, make_user

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


class Clock:
    """What `timezone.now()` answers: a moment in Jakarta the test moves."""

    def __init__(self):
        self.moment = datetime.datetime(2026, 1, 1, 9, tzinfo=JAKARTA)

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)

    def now(self) -> datetime.datetime:
        return self.moment

    @staticmethod
    def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moment = Clock()
    monkeypatch.setattr(timezone, "now", moment.now)
    return moment


def day(month: int, number: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, number)


@dataclass
class Story:
    """Acts on applications at chosen dates, through the services the screens use."""

    clock: Clock
    applicant: User
    examiner: User
    signatory: User

    def draft(self, on: datetime.date, title: str, *, user: User | None = None) -> Application:
        user = user or self.applicant
        self.clock.set(on, 8)
        application = application_services.create_application(user=user)
        return fill(application, user, complete_design(title=title, survey=False))

    def submit(self, on: datetime.date, title: str, *, user: User | None = None) -> Application:
        application = self.draft(on, title, user=user)
        self.clock.set(on, 9)
        return application_services.submit(application=application, user=user or self.applicant)

    def walk_in(self, on: datetime.date, title: str, agency: Agency) -> Application:
        self.clock.set(on, 8)
        application = examination_services.register_offline(agency=agency, user=self.examiner)
        fill(application, self.examiner, complete_design(title=title, survey=False))
        self.clock.set(on, 9)
        return application_services.submit(application=application, user=self.examiner)

    def take(self, on: datetime.date, application: Application) -> Application:
        self.clock.set(on, 10)
        return examination_services.take(application=application, user=self.examiner)

    def request_revision(self, on: datetime.date, application: Application) -> Application:
        self.clock.set(on, 11)
        return examination_services.request_revision(
            application=application, user=self.examiner, notes={"kegiatan": "Perjelas judul."}
        )

    def resubmit(self, on: datetime.date, application: Application) -> Application:
        self.clock.set(on, 9)
        return application_services.submit(application=application, user=self.applicant)

    def decide(
        self, on: datetime.date, application: Application, verdict: str = "feasible"
    ) -> Application:
        """Proposed by the examiner and signed by the signatory on the same day."""
        self.clock.set(on, 13)
        examination_services.propose(
            application=application,
            user=self.examiner,
            verdict=verdict,
            text="Alasan atau saran pemeriksa.",
        )
        self.clock.set(on, 15)
        return examination_services.sign(application=application, user=self.signatory)

    def withdraw(self, on: datetime.date, application: Application, *, user=None) -> Application:
        self.clock.set(on, 16)
        return application_services.withdraw(
            application=application, user=user or self.applicant, reason="Tidak jadi."
        )


@pytest.fixture
def story(clock, applicant, examiner, signatory) -> Story:
    return Story(clock=clock, applicant=applicant, examiner=examiner, signatory=signatory)


def make_walidata():
    user = make_user("walidata.kinerja@banjarnegarakab.go.id")
    WalidataProfile.objects.create(user=user, region_code="3304", institution="Diskominfo")
    grant_role(user, Role.WALIDATA)
    return user


# --- One history per rule, dates counted by hand (see test_figures) -----------------------


def revised_across_the_holidays(story):
    """Submitted Mon 2 Mar; revision requested Thu 12 Mar (clock: Mar 3–6, 9–12 =
    8 working days); resubmitted Wed 25 Mar, after Nyepi and Idulfitri; decided
    Tue 7 Apr (clock: Mar 26, 27, 30, 31, Apr 1, 2, 6, 7 = 8; Apr 3 is Good
    Friday). 16 working days; 20 had the clock run through the revision."""
    application = story.submit(day(3, 2), "Survei Revisi")
    story.take(day(3, 3), application)
    story.request_revision(day(3, 12), application)
    story.resubmit(day(3, 25), application)
    story.take(day(3, 26), application)
    return story.decide(day(4, 7), application)


def due_date_reset_by_the_resubmission(story):
    """Submitted Mon 5 Jan, due Thu 19 Feb (30th working day: Jan 16, Feb 16 and
    17 are holidays); revision Fri 13 Feb (28 working days); resubmitted Mon
    2 Mar, due again Tue 21 Apr; decided Wed 8 Apr (21 more working days: Mar 3–6,
    9–13, 16, 17, 25–27, 30, 31, Apr 1, 2, 6, 7, 8). 49 working days, after the
    first due date and within the one in force: within the standard."""
    application = story.submit(day(1, 5), "Survei Tenggat Baru")
    story.take(day(1, 6), application)
    story.request_revision(day(2, 13), application)
    story.resubmit(day(3, 2), application)
    story.take(day(3, 3), application)
    return story.decide(day(4, 8), application)


def decided_late(story):
    """Submitted Mon 2 Feb, due Wed 25 Mar; not feasible on Thu 9 Apr: 40 working
    days (30 to Mar 25, then Mar 26, 27, 30, 31, Apr 1, 2, 6–9)."""
    application = story.submit(day(2, 2), "Survei Terlambat")
    story.take(day(2, 3), application)
    return story.decide(day(4, 9), application, verdict="not_feasible")


@pytest.fixture
def half_year(story, offices, examiner):
    """The histories above, and around them every other case, in office 3304:

    D  submitted Mon 13 Apr, withdrawn Mon 20 Apr;
    E  submitted Mon 27 Apr, taken, undecided: in progress from then on;
    F  waits for the walidata from Tue 14 Apr; confirmed Mon 4 May: received in May;
    F2 waits for the walidata from Tue 14 Apr, withdrawn Wed 22 Apr: never received;
    G  from an agency BPS has not confirmed, Wed 15 Apr (received: the office has it
       and must confirm the agency), confirmed Wed 6 May: its clock starts then;
    H  a walk-in recorded by the examiner Tue 21 Apr: received, offline;
    X  another office's (3300), submitted Thu 16 Apr: national only.
    """
    office = offices["3304"]
    apps = {
        "A": revised_across_the_holidays(story),
        "B": due_date_reset_by_the_resubmission(story),
        "C": decided_late(story),
    }
    apps["D"] = story.submit(day(4, 13), "Survei Dibatalkan")
    story.withdraw(day(4, 20), apps["D"])
    apps["E"] = story.submit(day(4, 27), "Survei Berjalan")
    story.take(day(4, 28), apps["E"])

    walidata = make_walidata()
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])
    apps["F"] = story.submit(day(4, 14), "Survei Walidata")
    apps["F2"] = story.submit(day(4, 14), "Survei Walidata Dibatalkan")
    office.walidata_required = False
    office.save(update_fields=["walidata_required"])
    story.withdraw(day(4, 22), apps["F2"])
    story.clock.set(day(5, 4))
    examination_services.walidata_confirm(application=apps["F"], user=walidata)

    unconfirmed = make_agency("Dinas Pariwisata Kabupaten Banjarnegara", confirmed=False)
    newcomer = make_user("staf.pariwisata@banjarnegarakab.go.id", agency=unconfirmed)
    apps["G"] = story.submit(day(4, 15), "Survei Wisata", user=newcomer)
    story.clock.set(day(5, 6))
    examination_services.confirm_agency(agency=unconfirmed, officer=examiner)

    walk_in_agency = make_agency("Dinas Perdagangan Kabupaten Banjarnegara")
    apps["H"] = story.walk_in(day(4, 21), "Survei Pasar", walk_in_agency)

    provincial = make_agency(
        "Bappeda Provinsi Jawa Tengah", level=AgencyLevel.PROVINCE, region="3300"
    )
    apps["X"] = story.submit(
        day(4, 16), "Survei Provinsi", user=make_user("staf@jatengprov.go.id", agency=provincial)
    )
    for application in apps.values():
        application.refresh_from_db()
    return apps
