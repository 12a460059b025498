"""The performance figures, counted by hand from histories made through the
real services at chosen dates. Working days are counted in the comments from
the 2026 Indonesian calendar (national holidays and cuti bersama): Jan 1, 16;
Feb 16, 17; Mar 18–24 (Nyepi, Idulfitri and its cuti bersama); Apr 3 (Good
Friday); May 1, 14, 15, 27, 28; Jun 1, 16."""

import pytest

from procedures.applications.models import ApplicationEvent
from procedures.organisations.models import AgencyLevel, OfficeClosure
from procedures.organisations.roles import Role
from procedures.performance.figures import application_figures, nearest_rank, performance_report
from procedures.periods import Period, period_containing, recent_periods

from ..conftest import make_agency, make_user
from .conftest import (
    day,
    decided_late,
    due_date_reset_by_the_resubmission,
    revised_across_the_holidays,
)

pytestmark = pytest.mark.django_db


def months(*numbers: int, year: int = 2026) -> list[Period]:
    return [period_containing("month", day(number, 1, year)) for number in numbers]


def figures(row) -> dict:
    """A row's application figures, without its period and complaints."""
    return {
        "received": row.received,
        "online": row.online,
        "offline": row.offline,
        "decided": row.decided,
        "feasible": row.feasible,
        "not_feasible": row.not_feasible,
        "withdrawn": row.withdrawn,
        "in_progress": row.in_progress,
        "decided_within_standard": row.decided_within_standard,
        "within_standard_percent": row.within_standard_percent,
        "median_working_days": row.median_working_days,
        "p90_working_days": row.p90_working_days,
        "revisions": row.revisions,
        "revisions_per_application": row.revisions_per_application,
    }


NOTHING = {
    "received": 0,
    "online": 0,
    "offline": 0,
    "decided": 0,
    "feasible": 0,
    "not_feasible": 0,
    "withdrawn": 0,
    "in_progress": 0,
    "decided_within_standard": 0,
    "within_standard_percent": None,
    "median_working_days": None,
    "p90_working_days": None,
    "revisions": 0,
    "revisions_per_application": None,
}


# --- One history per rule ----------------------------------------------------------------


def test_the_clock_stops_while_the_applicant_revises_across_the_holidays(story):
    revised_across_the_holidays(story)
    (april,) = application_figures(office=None, periods=months(4))
    assert (april.decided, april.median_working_days, april.p90_working_days) == (1, 16.0, 16)
    assert (april.revisions, april.revisions_per_application) == (1, 1.0)


def test_within_the_standard_means_by_the_due_date_the_resubmission_set(story):
    application = due_date_reset_by_the_resubmission(story)
    submits = application.events.filter(kind__in=("submit", "resubmit")).order_by("at")
    assert [event.data["due_on"] for event in submits] == ["2026-02-19", "2026-04-21"]
    (april,) = application_figures(office=None, periods=months(4))
    assert (april.decided, april.decided_within_standard) == (1, 1)
    assert (april.within_standard_percent, april.median_working_days) == (100.0, 49.0)


def test_a_decision_after_the_due_date_is_not_within_the_standard(story):
    decided_late(story)
    (april,) = application_figures(office=None, periods=months(4))
    assert (april.decided, april.not_feasible, april.decided_within_standard) == (1, 1, 0)
    assert (april.within_standard_percent, april.median_working_days) == (0.0, 40.0)


def test_the_90th_percentile_is_the_nearest_rank(story):
    """Ten decisions after 1 to 10 working days (all submitted Wed 1 Jul, no
    holiday until 17 Aug): median 5.5, 90th percentile the 9th value, 9."""
    signing_days = [day(7, n) for n in (2, 3, 6, 7, 8, 9, 10, 13, 14, 15)]
    applications = [story.submit(day(7, 1), f"Survei {n}") for n in range(10)]
    for application, signed_on in zip(applications, signing_days, strict=True):
        story.take(day(7, 1), application)
        story.decide(signed_on, application)
    (july,) = application_figures(office=None, periods=months(7))
    assert (july.decided, july.median_working_days, july.p90_working_days) == (10, 5.5, 9)
    assert nearest_rank([1, 2], 90) == 2 and nearest_rank([7], 90) == 7
    assert nearest_rank(list(range(1, 21)), 90) == 18


# --- The office's half year, month by month (conftest.half_year) -------------------------


def test_the_states_the_half_year_leaves(half_year):
    assert {name: app.state for name, app in half_year.items()} == {
        "A": "feasible",
        "B": "feasible",
        "C": "not_feasible",
        "D": "withdrawn",
        "E": "in_review",
        "F": "submitted",
        "F2": "withdrawn",
        "G": "submitted",
        "H": "submitted",
        "X": "submitted",
    }
    assert (half_year["H"].channel, half_year["X"].office.code) == ("offline", "3300")


def test_each_month_of_the_office_counted_by_hand(half_year, offices):
    january, february, march, april, may, june = application_figures(
        office=offices["3304"], periods=months(1, 2, 3, 4, 5, 6)
    )
    assert figures(january) == NOTHING | {"received": 1, "online": 1, "in_progress": 1}  # B
    # B waits for its revision: still in progress.
    assert figures(february) == NOTHING | {"received": 1, "online": 1, "in_progress": 2}  # C
    assert figures(march) == NOTHING | {"received": 1, "online": 1, "in_progress": 3}  # A
    assert figures(april) == {
        # D, G, H, E; not F and F2, which wait for the walidata.
        "received": 4,
        "online": 3,
        "offline": 1,  # H
        "decided": 3,  # A (16 working days), B (49), C (40)
        "feasible": 2,
        "not_feasible": 1,
        "withdrawn": 1,  # D; F2 was never received
        "in_progress": 3,  # E, G, H at 30 April
        "decided_within_standard": 2,  # A, B
        "within_standard_percent": 66.7,
        "median_working_days": 40.0,
        "p90_working_days": 49,  # nearest rank: the 3rd of 3
        "revisions": 2,  # A and B once each
        "revisions_per_application": 0.67,
    }
    # F reached the office when the walidata confirmed it; G's confirmation is no new receipt.
    assert figures(may) == NOTHING | {"received": 1, "online": 1, "in_progress": 4}
    assert figures(june) == NOTHING | {"in_progress": 4}


def test_national_figures_add_every_office(half_year):
    (april,) = application_figures(office=None, periods=months(4))
    assert (april.received, april.online, april.in_progress) == (5, 4, 4)  # and X
    assert april.decided == 3


def test_quarters_and_the_year(half_year, offices):
    office = offices["3304"]
    first, second = application_figures(
        office=office,
        periods=[period_containing("quarter", day(2, 1)), period_containing("quarter", day(5, 1))],
    )
    assert figures(first) == NOTHING | {"received": 3, "online": 3, "in_progress": 3}
    assert (second.received, second.decided, second.withdrawn, second.in_progress) == (5, 3, 1, 4)
    assert (second.online, second.offline) == (4, 1)
    (year,) = application_figures(office=office, periods=[period_containing("year", day(6, 1))])
    assert (year.received, year.decided, year.withdrawn, year.in_progress) == (8, 3, 1, 4)
    assert (year.median_working_days, year.p90_working_days) == (40.0, 49)


def test_the_report_shows_the_recent_periods_up_to_today(half_year, offices):
    report = performance_report(office=offices["3304"], kind="month", today=day(6, 15))
    assert [row.period.key for row in report.rows] == [
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert report.latest.in_progress == 4
    assert [row.received for row in report.rows] == [0] * 6 + [1, 1, 1, 4, 1, 0]
    assert [p.key for p in recent_periods("quarter", day(6, 15), 3)] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]


def test_figures_come_from_the_trail_not_the_state(half_year, offices):
    """A state changed behind the trail's back changes no figure."""
    from procedures.applications.models import Application

    before = figures(application_figures(office=offices["3304"], periods=months(4))[0])
    Application.objects.filter(pk=half_year["E"].pk).update(state="feasible")
    after = figures(application_figures(office=offices["3304"], periods=months(4))[0])
    assert after == before


def test_a_year_of_figures_takes_two_queries_however_many_applications(
    half_year, offices, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the transitions, the office closures
        application_figures(office=None, periods=recent_periods("month", day(6, 15)))


# --- Working days are each office's -------------------------------------------------------


def test_each_office_counts_its_own_closure_days(story, offices):
    """The same history in two offices; 3304 closed on Wed 8 Jul. Submitted Wed
    1 Jul, decided Fri 10 Jul: 7 working days (Jul 2, 3, 6–10) in 3300, 6 in 3304."""
    OfficeClosure.objects.create(office=offices["3304"], date=day(7, 8), reason="Pindah kantor")
    provincial = make_agency(
        "Bappeda Provinsi Jawa Tengah", level=AgencyLevel.PROVINCE, region="3300"
    )
    provincial_examiner = make_user(
        "pemeriksa.jateng@bps.go.id", office=offices["3300"], roles=[Role.EXAMINER]
    )
    provincial_signatory = make_user(
        "kepala.jateng@bps.go.id",
        office=offices["3300"],
        roles=[Role.SIGNATORY],
        nip="197001011990011001",
    )
    local = story.submit(day(7, 1), "Survei Kabupaten")
    story.take(day(7, 1), local)
    story.decide(day(7, 10), local)
    story.applicant = make_user("staf@jatengprov.go.id", agency=provincial)
    story.examiner, story.signatory = provincial_examiner, provincial_signatory
    regional = story.submit(day(7, 1), "Survei Provinsi")
    story.take(day(7, 1), regional)
    story.decide(day(7, 10), regional)

    (office_july,) = application_figures(office=offices["3304"], periods=months(7))
    (national_july,) = application_figures(office=None, periods=months(7))
    assert office_july.median_working_days == 6.0
    assert (national_july.median_working_days, national_july.p90_working_days) == (6.5, 7)


# --- The trail carries the due date -------------------------------------------------------


def test_every_event_that_starts_the_clock_records_the_due_date_and_days(half_year):
    starts = ApplicationEvent.objects.filter(
        to_state="submitted", from_state__in=("draft", "awaiting_walidata", "awaiting_agency")
    ) | ApplicationEvent.objects.filter(kind="resubmit")
    kinds = set()
    for event in starts:
        kinds.add(event.kind)
        assert event.data["due_on"], event.kind
        assert event.data["service_days"] == 30, event.kind
    assert kinds == {"submit", "resubmit", "walidata_confirm", "agency_confirmed"}
    waiting = ApplicationEvent.objects.filter(to_state__in=("awaiting_walidata", "awaiting_agency"))
    assert {event.data["due_on"] for event in waiting} == {None}


def test_shares_round_half_up_as_a_person_does():
    from procedures.performance.figures import share

    # round() would take both ties to the even neighbour (0.62, 6.2).
    assert share(5, 8, places=2) == 0.63
    assert share(100 * 1, 16, places=1) == 6.3
    assert share(1, 3, places=2) == 0.33
    assert share(0, 0, places=1) is None
