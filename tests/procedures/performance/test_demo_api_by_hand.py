"""What `GET /api/v1/performance` and `/kinerja/` publish for the whole demo
(`seed --demo`, as the `seeded_history` fixture and `make run` seed it: a year
of history, its surveys and complaints), counted by hand.

Nothing here imports `procedures.performance` (test_demo_figures.py compares
its report with a count of its own; this goes through the public API, as a
reader of the open data would): the counts walk the `ApplicationEvent`,
`SurveyResponse` and `Complaint` rows with the definitions of
ACCOUNTABILITY-SPEC §3 and docs/performance.md, written out again below, and
must equal the API's answer for every row of every period (month, quarter,
year, their codes and dates included), for each office and national,
complaints included, and the IKM of every semester and year with its grade."""

import datetime
import io
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from procedures.applications.models import Application, ApplicationEvent
from procedures.complaints.models import Complaint
from procedures.organisations.calendar import WorkingCalendar
from procedures.organisations.models import Office
from procedures.surveys.models import SurveyResponse

# The states whose time counts against the standard, and those in which the office
# has the application (its first entry into one is its receipt).
CLOCK = {"submitted", "in_review", "awaiting_signature"}
AT_OFFICE = {"submitted", "awaiting_agency"}
ELEMENT_CODES = [f"u{number}" for number in range(1, 10)]
# (lowest rounded value, grade, label) of PermenPANRB 14/2017
GRADES = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def half_up(value: Fraction, places: int) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def calendars() -> dict[int, WorkingCalendar]:
    """Each office's working days: weekdays, no national holiday or cuti bersama,
    none of its closure days."""
    return {
        office.pk: WorkingCalendar(closures=[closure.date for closure in office.closures.all()])
        for office in Office.objects.prefetch_related("closures")
    }


def working_days_after(calendar: WorkingCalendar, first: datetime.date, last: datetime.date):
    """Working days after `first` up to and including `last`, counted one by one."""
    days = (first + datetime.timedelta(days=offset) for offset in range(1, (last - first).days + 1))
    return sum(calendar.is_working_day(day) for day in days)


# -- each application's trail, walked once ----------------------------------------


@dataclass
class Decision:
    day: datetime.date
    verdict: str  # the sign event's to_state
    working_days: int
    within_standard: bool
    revisions: int  # request_revision events of the application, whenever


@dataclass
class Trail:
    office_id: int
    channel: str
    received_on: datetime.date | None = None
    decisions: list[Decision] = field(default_factory=list)
    withdrawals: list[datetime.date] = field(default_factory=list)  # after its receipt

    def ended_by(self, day: datetime.date) -> bool:
        return any(d.day <= day for d in self.decisions) or any(w <= day for w in self.withdrawals)


def trails() -> list[Trail]:
    applications = {
        pk: Trail(office_id, channel)
        for pk, office_id, channel in Application.objects.values_list("pk", "office_id", "channel")
    }
    events = defaultdict(list)
    for row in (
        ApplicationEvent.objects.exclude(to_state="")
        .order_by("at", "pk")
        .values_list("application_id", "kind", "from_state", "to_state", "at", "data")
    ):
        events[row[0]].append(row[1:])
    calendar_of = calendars()
    for pk, trail in applications.items():
        calendar = calendar_of[trail.office_id]
        clock_started, counted, due_on = None, 0, None
        revisions = sum(kind == "request_revision" for kind, *_rest in events[pk])
        for kind, from_state, to_state, at, data in events[pk]:
            day = local_day(at)
            if to_state in AT_OFFICE and trail.received_on is None:
                trail.received_on = day
            if to_state in CLOCK and from_state not in CLOCK:
                clock_started, due_on = day, datetime.date.fromisoformat(data["due_on"])
            elif from_state in CLOCK and to_state not in CLOCK:
                counted += working_days_after(calendar, clock_started, day)
                clock_started = None
            if kind == "sign":
                trail.decisions.append(Decision(day, to_state, counted, day <= due_on, revisions))
            if kind == "withdraw" and trail.received_on is not None:
                trail.withdrawals.append(day)
    return list(applications.values())


# -- the figures of one row ----------------------------------------------------------


def application_figures(trails: list[Trail], start: datetime.date, end: datetime.date) -> dict:
    def within(day):
        return start <= day <= end

    received = [t for t in trails if t.received_on and within(t.received_on)]
    decisions = [d for t in trails for d in t.decisions if within(d.day)]
    days = sorted(d.working_days for d in decisions)
    decided = len(decisions)
    within_standard = sum(d.within_standard for d in decisions)
    revisions = sum(d.revisions for d in decisions)
    return {
        "received": len(received),
        "online": sum(t.channel == "online" for t in received),
        "offline": sum(t.channel == "offline" for t in received),
        "decided": decided,
        "feasible": sum(d.verdict == "feasible" for d in decisions),
        "not_feasible": sum(d.verdict == "not_feasible" for d in decisions),
        "withdrawn": sum(within(day) for t in trails for day in t.withdrawals),
        "in_progress": sum(
            t.received_on is not None and t.received_on <= end and not t.ended_by(end)
            for t in trails
        ),
        "decided_within_standard": within_standard,
        "within_standard_percent": Fraction(100 * within_standard, decided) if decided else None,
        "median_working_days": float(statistics.median(days)) if days else None,
        # nearest rank: the value at position ⌈0.9 n⌉, counted from 1
        "p90_working_days": days[math.ceil(0.9 * len(days)) - 1] if days else None,
        "revisions": revisions,
        "revisions_per_application": Fraction(revisions, decided) if decided else None,
    }


# The shares the API rounds, and to how many decimals; the counts are exact.
ROUNDED = {"within_standard_percent": 1, "revisions_per_application": 2}


def rounded_correctly(shown: float | None, exact: Fraction | None, places: int) -> bool:
    """`shown` is `exact` to `places` decimals, rounded half up as by hand
    (5/8 = 0.625 is 0.63)."""
    if exact is None or shown is None:
        return shown is None and exact is None
    return shown == half_up(exact, places)


def complaint_figures(office: Office | None, start, end) -> dict:
    complaints = Complaint.objects.all() if office is None else office.complaints.all()
    calendar_of = calendars()
    received = [c for c in complaints if start <= local_day(c.received_at) <= end]
    closed = [c for c in complaints if c.closed_at and start <= local_day(c.closed_at) <= end]
    handling = [
        working_days_after(
            calendar_of[c.office_id], local_day(c.received_at), local_day(c.closed_at)
        )
        for c in closed
    ]
    return {
        "complaints_received": len(received),
        "complaints_closed": len(closed),
        "complaints_median_handling_days": (
            float(statistics.median(handling)) if handling else None
        ),
    }


def ikm(office: Office | None, start, end) -> dict:
    responses = [
        response
        for response in SurveyResponse.objects.all()
        if (office is None or response.office_id == office.pk)
        and start <= local_day(response.answered_at) <= end
    ]
    count = len(responses)
    if not count:
        return {"respondents": 0, "value": None, "grade": "", "grade_label": "", "means": []}
    sums = [sum(getattr(r, code) for r in responses) for code in ELEMENT_CODES]
    # the mean of the nine element means × 25
    value = half_up(sum(Fraction(total, count) for total in sums) / 9 * 25, 2)
    grade, label = next((g, lbl) for low, g, lbl in GRADES if Decimal(str(value)) >= low)
    return {
        "respondents": count,
        "value": value,
        "grade": grade,
        "grade_label": label,
        "means": [total / count for total in sums],
    }


# -- the periods -------------------------------------------------------------------


def month_periods(today: datetime.date, count: int = 12):
    year, month = today.year, today.month
    periods = []
    for _ in range(count):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        periods.append((f"{year}-{month:02d}", first, following - datetime.timedelta(days=1)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return periods[::-1]


def quarter_periods(today: datetime.date, count: int = 8):
    year, quarter = today.year, (today.month - 1) // 3 + 1
    periods = []
    for _ in range(count):
        first = datetime.date(year, 3 * quarter - 2, 1)
        last = month_periods(datetime.date(year, 3 * quarter, 1), 1)[0][2]
        periods.append((f"{year}-Q{quarter}", first, last))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return periods[::-1]


def year_periods(today: datetime.date, count: int = 5):
    return [
        (str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        for year in range(today.year - count + 1, today.year + 1)
    ]


PERIODS = {"month": month_periods, "quarter": quarter_periods, "year": year_periods}


def ikm_periods(first: datetime.date, last: datetime.date):
    """Every semester and every year overlapping [first, last]."""
    periods = []
    for year in range(first.year, last.year + 1):
        for half, start, end in (
            (1, datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
            (2, datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
        ):
            if start <= last and end >= first:
                periods.append((f"{year}-S{half}", start, end))
        periods.append((str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    return periods


# -- the checks --------------------------------------------------------------------


class DemoFiguresThroughTheApiTests(TestCase):
    """One full demo seed shared by the tests (what `seeded_history` makes)."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed", "--demo", stdout=io.StringIO())

    def api(self, office: str, period: str) -> dict:
        response = self.client.get("/api/v1/performance", {"office": office, "period": period})
        assert response.status_code == 200, response.content
        return response.json()

    def test_the_apis_figures_are_the_hand_counted_ones(self):
        today = timezone.localdate()
        all_trails = trails()
        for office_code in ("3304", "3300", ""):  # "" = national
            office = Office.objects.get(code=office_code) if office_code else None
            scope = [t for t in all_trails if office is None or t.office_id == office.pk]
            for period, periods in PERIODS.items():
                self.check_report(self.api(office_code, period), office, scope, periods(today))

    def check_report(self, answer, office, scope, periods):
        today = timezone.localdate()
        where = office.code if office else "nasional"
        assert answer["office"] == ({"code": office.code, "name": office.name} if office else None)
        rows = answer["rows"]
        assert [row["period"] for row in rows] == [code for code, _s, _e in periods], where
        for row, (code, start, end) in zip(rows, periods, strict=True):
            assert (row["start"], row["end"]) == (start.isoformat(), end.isoformat()), code
            end = min(end, today)  # the running period is counted up to today
            expected = application_figures(scope, start, end) | complaint_figures(
                office, start, end
            )
            shares = {key: expected.pop(key) for key in ROUNDED}
            assert {key: row[key] for key in expected} == expected, (where, code)
            for key, places in ROUNDED.items():
                assert rounded_correctly(row[key], shares[key], places), (where, code, key)
        # The IKM of every semester and year the rows overlap, with its grade.
        # (In the API's order: the semesters, then the years.)
        entries = {entry["period"]: entry for entry in answer["ikm"]}
        expected_ikm = ikm_periods(datetime.date.fromisoformat(rows[0]["start"]), today)
        assert sorted(entries) == sorted(code for code, *_ in expected_ikm), where
        for code, start, end in expected_ikm:
            entry, counted = entries[code], ikm(office, start, end)
            assert (entry["start"], entry["end"]) == (start.isoformat(), end.isoformat()), code
            shown = {key: entry[key] for key in ("respondents", "value", "grade", "grade_label")}
            assert shown == {key: counted[key] for key in shown}, (where, code)
            assert [element["mean"] for element in entry["elements"]] == pytest.approx(
                counted["means"], abs=0.005
            ), (where, code)

    def test_the_demo_makes_the_figures_meaningful(self):
        """A year of decisions in every month but the running one, complaints, and
        the IKM of the current year graded B or A."""
        today = timezone.localdate()
        office = Office.objects.get(code="3304")
        scope = [t for t in trails() if t.office_id == office.pk]
        months = month_periods(today)[:-1]
        assert all(application_figures(scope, start, end)["decided"] for _c, start, end in months)
        year = datetime.date(today.year, 1, 1), today
        assert complaint_figures(office, *year)["complaints_closed"] >= 5
        counted = ikm(office, *year)
        assert counted["respondents"] >= 20 and counted["grade"] in {"A", "B"}

    def test_the_performance_page_shows_the_ikm_grade(self):
        today = timezone.localdate()
        office = Office.objects.get(code="3304")
        half = 1 if today.month <= 6 else 2
        start = datetime.date(today.year, 1, 1) if half == 1 else datetime.date(today.year, 7, 1)
        semester = ikm(office, start, today)
        assert semester["respondents"]
        page = self.client.get("/kinerja/3304/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f"Semester {ROMAN[half]} {today.year}" in html
        assert semester["grade_label"] in html
        assert f"{semester['value']:.2f}".replace(".", ",") in html
