"""The demo's year of history (`seed --demo`, as `make run` seeds it) counted a
second way, by hand from its events, application by application, with the
real working-day calendar: every figure of `/kinerja/` must agree, per month,
quarter and year, for each office and national; and the IKM of each semester
and year, from the survey responses, with its grade read off the bands."""

import datetime
import io
import itertools
import math
import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from procedures.applications.models import Application
from procedures.organisations.calendar import WorkingCalendar
from procedures.organisations.models import Office
from procedures.performance.figures import performance_report
from procedures.surveys.models import SurveyResponse

CLOCK = {"submitted", "in_review", "awaiting_signature"}
ELEMENTS = [f"u{n}" for n in range(1, 10)]
BANDS = [  # lowest value, grade, label (PermenPANRB 14/2017)
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
]


def half_up(part: int, whole: int, places: int) -> float:
    exact = Decimal(part) / Decimal(whole)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def local(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def story(application: Application) -> dict:
    """One application's facts, read straight off its transitions."""
    events = [event for event in application.events.order_by("at", "pk") if event.to_state]
    calendar = WorkingCalendar(closures=[c.date for c in application.office.closures.all()])
    received = next(
        (local(e.at) for e in events if e.to_state in ("submitted", "awaiting_agency")), None
    )
    sign = next((e for e in events if e.kind == "sign"), None)
    withdraw = next((e for e in events if e.kind == "withdraw"), None)
    facts = {
        "channel": application.channel,
        "received": received,
        "decided": local(sign.at) if sign else None,
        "verdict": sign.to_state if sign else "",
        "withdrawn": local(withdraw.at) if withdraw and received else None,
    }
    if sign:
        before = events[: events.index(sign) + 1]
        # Each step between two transitions counts when the state was a clock state.
        facts["days"] = sum(
            calendar.working_days_between(local(one.at), local(next_one.at))
            for one, next_one in itertools.pairwise(before)
            if one.to_state in CLOCK
        )
        starts = [e for e in before if e.to_state == "submitted" and e.from_state not in CLOCK]
        facts["due"] = datetime.date.fromisoformat(starts[-1].data["due_on"])
        facts["revisions"] = sum(1 for e in before if e.kind == "request_revision")
    return facts


def by_hand(stories: list[dict], start: datetime.date, end: datetime.date) -> dict:
    def within(day):
        return day is not None and start <= day <= end

    received = [s for s in stories if within(s["received"])]
    decided = [s for s in stories if within(s["decided"])]
    days = sorted(s["days"] for s in decided)
    on_time = sum(1 for s in decided if s["decided"] <= s["due"])
    revisions = sum(s["revisions"] for s in decided)
    return {
        "received": len(received),
        "online": sum(1 for s in received if s["channel"] == "online"),
        "offline": sum(1 for s in received if s["channel"] == "offline"),
        "decided": len(decided),
        "feasible": sum(1 for s in decided if s["verdict"] == "feasible"),
        "not_feasible": sum(1 for s in decided if s["verdict"] == "not_feasible"),
        "withdrawn": sum(1 for s in stories if within(s["withdrawn"])),
        "in_progress": sum(
            1
            for s in stories
            if s["received"] is not None
            and s["received"] <= end
            and not (s["decided"] and s["decided"] <= end)
            and not (s["withdrawn"] and s["withdrawn"] <= end)
        ),
        "decided_within_standard": on_time,
        "within_standard_percent": half_up(100 * on_time, len(decided), 1) if decided else None,
        "median_working_days": statistics.median(days) if days else None,
        "p90_working_days": days[math.ceil(0.9 * len(days)) - 1] if days else None,
        "revisions": revisions,
        "revisions_per_application": half_up(revisions, len(decided), 2) if decided else None,
    }


def ikm_by_hand(responses: list[SurveyResponse]) -> tuple:
    if not responses:
        return 0, None, ""
    means = [statistics.fmean(getattr(r, code) for r in responses) for code in ELEMENTS]
    value = (Decimal(repr(statistics.fmean(means) * 25))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    grade = next(grade for lowest, grade, _label in BANDS if value >= lowest)
    return len(responses), float(value), grade


class DemoFiguresTests(TestCase):
    """One full demo seed, with its year of history, shared by the tests."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed", "--demo", stdout=io.StringIO())
        cls.today = timezone.localdate()
        cls.stories = {
            application.pk: (application.office_id, story(application))
            for application in Application.objects.select_related("office").prefetch_related(
                "office__closures"
            )
        }

    def stories_of(self, office):
        return [s for office_id, s in self.stories.values() if office in (None, office_id)]

    def test_the_demo_has_a_year_worth_counting(self):
        report = performance_report(office=None, kind="year", today=self.today)
        decided = sum(row.decided for row in report.rows)
        assert decided >= 20
        assert sum(row.offline for row in report.rows) >= 1
        assert sum(row.withdrawn for row in report.rows) >= 1
        assert report.latest.in_progress >= 1

    def test_every_figure_matches_the_count_by_hand(self):
        offices = [None, *Office.objects.filter(code__in=("3304", "3300"))]
        for office, kind in itertools.product(offices, ("month", "quarter", "year")):
            report = performance_report(office=office, kind=kind, today=self.today)
            stories = self.stories_of(office.pk if office else None)
            for row in report.rows:
                expected = by_hand(stories, row.period.start, row.period.end)
                figures = {name: getattr(row, name) for name in expected}
                assert figures == expected, (office, row.period.key)

    def test_the_ikm_matches_the_count_by_hand(self):
        for office in [None, *Office.objects.filter(code__in=("3304", "3300"))]:
            report = performance_report(office=office, kind="month", today=self.today)
            for row in report.ikm_rows:
                start, end = row.period.start, row.period.end
                responses = [
                    r
                    for r in SurveyResponse.objects.all()
                    if start <= local(r.answered_at) <= end
                    and (office is None or r.office_id == office.pk)
                ]
                ikm = row.ikm
                assert (ikm.respondents, ikm.value, ikm.grade) == ikm_by_hand(responses)
