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
from procedures.organisations.models import Agency

from ..conftest import fill

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


class Clock:
    """What `timezone.now()` answers: a moment in Jakarta the test moves."""

    def __init__(self):
        self.moment = datetime.datetime(2026, 1, 1, 9, tzinfo=JAKARTA)

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)

    def now(self) -> datetime.datetime:
        return self.moment


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
