"""`complaint_figures` computed by hand: August 2026, with Independence Day (Monday
17 August), the Prophet's Birthday (Tuesday 25 August), weekends, an office
closure day, and complaints right at the edges of the period in WIB."""

import datetime

import pytest

from procedures.complaints.figures import ComplaintFigures, complaint_figures
from procedures.complaints.models import Complaint, ComplaintStatus
from procedures.organisations.models import OfficeClosure

WIB = datetime.timezone(datetime.timedelta(hours=7))
AUGUST = {"start": datetime.date(2026, 8, 1), "end": datetime.date(2026, 8, 31)}
_numbers = iter(range(1, 1000))


def wib(day: str, time: str = "10:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=WIB)


def make(office, received: datetime.datetime, closed: datetime.datetime | None = None):
    return Complaint.objects.create(
        ticket_number=f"ADU-{office.code}-2026-{next(_numbers):05d}",
        office=office,
        received_at=received,
        status=ComplaintStatus.CLOSED if closed else ComplaintStatus.RECEIVED,
        closed_at=closed,
    )


@pytest.fixture
def august(offices):
    kab, prov = offices["3304"], offices["3300"]
    OfficeClosure.objects.create(
        office=kab, date=datetime.date(2026, 8, 26), reason="Pindah kantor"
    )
    # Received in August and closed in August (working days after the day received,
    # up to and including the day closed):
    make(
        kab, wib("2026-08-14", "09:00"), wib("2026-08-18")
    )  # Fri → Tue: 15-16 weekend, 17 holiday: 1
    make(kab, wib("2026-08-03", "08:00"), wib("2026-08-07", "15:00"))  # Mon → Fri: 4
    # Thu → Thu: Fri 21, Mon 24, (Tue 25 holiday), (Wed 26 office closed), Thu 27: 3
    make(kab, wib("2026-08-20"), wib("2026-08-27"))
    # Received in July, closed in August: Thu 30 Jul → Mon 3 Aug: Fri 31, Mon 3: 2
    make(kab, wib("2026-07-30"), wib("2026-08-03", "09:00"))
    # Edges: 00.30 WIB on 1 August is still 31 July in UTC (received in August) ...
    make(kab, wib("2026-08-01", "00:30"))
    # ... 23.30 WIB on 31 July is July (not received in August) ...
    make(kab, wib("2026-07-31", "23:30"))
    # ... and closed 00.30 WIB on 1 September (31 August in UTC) is not closed in August.
    make(kab, wib("2026-08-28"), wib("2026-09-01", "00:30"))
    # Still open, received in the last minutes of August.
    make(kab, wib("2026-08-31", "23:30"))
    # Another office: Mon 10 → Wed 12: 2 (the closure of 3304 does not apply to it).
    make(prov, wib("2026-08-10"), wib("2026-08-12"))
    return kab, prov


def test_figures_of_one_office_by_hand(august):
    kab, _prov = august
    # Received in August: 14, 3, 20, 1 (00.30), 28, 31 (23.30) August = 6.
    # Closed in August: 1, 4, 3, 2 working days = 4; median of 1, 2, 3, 4 = 2.5.
    assert complaint_figures(office=kab, **AUGUST) == ComplaintFigures(
        received=6, closed=4, median_handling_days=2.5
    )


def test_national_figures_include_every_office(august):
    # + the province's complaint: received 7, closed 5, median of 1, 2, 2, 3, 4 = 2.
    assert complaint_figures(**AUGUST) == ComplaintFigures(
        received=7, closed=5, median_handling_days=2.0
    )


def test_a_period_without_closed_complaints_has_no_median(august):
    kab, _prov = august
    figures = complaint_figures(
        office=kab, start=datetime.date(2026, 7, 31), end=datetime.date(2026, 7, 31)
    )
    assert figures == ComplaintFigures(received=1, closed=0, median_handling_days=None)


def test_a_complaint_closed_the_day_it_came_took_no_working_day(offices):
    kab = offices["3304"]
    make(kab, wib("2026-08-04", "08:00"), wib("2026-08-04", "16:00"))
    assert complaint_figures(office=kab, **AUGUST).median_handling_days == 0.0
