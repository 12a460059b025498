"""The 30-working-day clock, checked against dates counted by hand."""

import datetime

import pytest

from procedures.organisations.calendar import WorkingCalendar, due_date, remaining_working_days
from procedures.organisations.models import Office, OfficeClosure, OfficeLevel

D = datetime.date


def test_idul_fitri_2026_and_its_cuti_bersama_are_skipped():
    # Tue 10 March 2026 is day 0. Not working: 18–20 and 23–24 March (Nyepi, Idul Fitri
    # and their cuti bersama), 3 April (Good Friday), weekends. Day 30 is 29 April.
    assert WorkingCalendar().add_working_days(D(2026, 3, 10), 30) == D(2026, 4, 29)


def test_the_year_end_skips_christmas_new_year_and_isra_miraj_2027():
    # Tue 1 December 2026 is day 0. Not working: 24–25 December, 1 January and
    # 5 January 2027 (Isra' Mi'raj), weekends. Day 30 is Monday 18 January 2027.
    assert WorkingCalendar().add_working_days(D(2026, 12, 1), 30) == D(2027, 1, 18)


def test_a_submission_on_a_holiday_counts_from_the_next_working_day():
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(D(2026, 3, 21))  # Idul Fitri, a Saturday
    assert calendar.add_working_days(D(2026, 3, 21), 1) == D(2026, 3, 25)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 11, 24), True),
        (D(2026, 11, 28), False),  # Saturday
        (D(2026, 8, 17), False),  # Independence Day
        (D(2026, 5, 15), False),  # cuti bersama after Ascension Day
        (D(2026, 3, 25), True),
    ],
)
def test_working_days(day, working):
    assert WorkingCalendar().is_working_day(day) is working


def test_remaining_and_overdue_working_days():
    calendar = WorkingCalendar()
    due = D(2026, 4, 29)
    assert calendar.working_days_between(D(2026, 3, 10), due) == 30
    assert calendar.working_days_between(due, due) == 0
    assert calendar.working_days_between(D(2026, 5, 4), due) == -2  # 30 Apr, 4 May; 1 May off
    assert calendar.working_days_between(D(2026, 4, 30), due) == -1


@pytest.mark.django_db
def test_an_office_closure_day_moves_the_due_date():
    office = Office.objects.create(
        code="3304",
        name="BPS Kabupaten Banjarnegara",
        level=OfficeLevel.KABUPATEN_KOTA,
        address="Jl. Selamanik 33",
        email="bps3304@bps.go.id",
    )
    assert due_date(office=office, recorded_on=D(2026, 12, 1)) == D(2027, 1, 18)
    OfficeClosure.objects.create(office=office, date=D(2026, 12, 28), reason="Pindah kantor")
    assert due_date(office=office, recorded_on=D(2026, 12, 1)) == D(2027, 1, 19)
    assert remaining_working_days(office=office, due=D(2027, 1, 19), today=D(2027, 1, 14)) == 3
