"""Complaint figures for the performance page: how many were received and closed
in a period, and the median handling time in working days of the office."""

import datetime
import statistics
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

from procedures.organisations.calendar import calendar_for

from .models import Complaint, ComplaintStatus


@dataclass(frozen=True)
class ComplaintFigures:
    received: int  # received_at in [start, end]
    closed: int  # closed_at in [start, end]
    median_handling_days: float | None  # working days received→closed of those closed


def _local_bounds(start: datetime.date, end: datetime.date):
    """[start 00:00, end+1 00:00) in local time (WIB): periods are local dates."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def _local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def handling_working_days(complaint: Complaint, calendar=None) -> int:
    """Working days of the office after the day it was received up to and including
    the day it was closed (closed the same day: 0), by the office's calendar."""
    calendar = calendar or calendar_for(complaint.office)
    return calendar.working_days_between(
        _local_date(complaint.received_at), _local_date(complaint.closed_at)
    )


def complaint_figures(*, office=None, start: datetime.date, end: datetime.date) -> ComplaintFigures:
    """For one office, or all offices (national) when `office` is None; `start` and
    `end` are local dates, both included."""
    lower, upper = _local_bounds(start, end)
    complaints = Complaint.objects.all()
    if office is not None:
        complaints = complaints.filter(office=office)
    received = complaints.filter(received_at__gte=lower, received_at__lt=upper).count()
    closed = list(
        complaints.filter(status=ComplaintStatus.CLOSED, closed_at__gte=lower, closed_at__lt=upper)
        .select_related("office")
        .prefetch_related("office__closures")
    )
    calendars = {}
    days = []
    for complaint in closed:
        if complaint.office_id not in calendars:
            calendars[complaint.office_id] = calendar_for(complaint.office)
        days.append(handling_working_days(complaint, calendars[complaint.office_id]))
    return ComplaintFigures(
        received=received,
        closed=len(closed),
        median_handling_days=float(statistics.median(days)) if days else None,
    )
