"""The service clock: working days (hari kerja) of a BPS office.

A working day is Monday to Friday, not an Indonesian national holiday or
*cuti bersama* (the `holidays` package, country ID, categories public and
government), and not a closure day the office added in the admin. The day an
application is recorded is day 0; the result is due on the office's
`service_working_days`-th working day after it (the value its published service
standard page gives; 30 by default).
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays

HOLIDAY_CATEGORIES = ("public", "government")  # national holidays and cuti bersama


@lru_cache(maxsize=32)
def national_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES))


class WorkingCalendar:
    def __init__(self, *, closures: Iterable[datetime.date] = ()):
        self.closures = frozenset(closures)

    def is_working_day(self, day: datetime.date) -> bool:
        return (
            day.weekday() < 5
            and day not in national_holidays(day.year)
            and day not in self.closures
        )

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The `days`-th working day after `start` (`start` itself is day 0)."""
        day, counted = start, 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`; negative when
        `end` is before `start` (the number of working days overdue)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            self.is_working_day(start + datetime.timedelta(days=offset))
            for offset in range(1, (end - start).days + 1)
        )


def calendar_for(office) -> WorkingCalendar:
    """The calendar of one office, with its closure days."""
    # .all(): a list page that prefetches "office__closures" pays no query per row.
    return WorkingCalendar(closures=[closure.date for closure in office.closures.all()])


def due_date(*, office, recorded_on: datetime.date) -> datetime.date:
    """The result is due `office.service_working_days` working days after `recorded_on`."""
    return calendar_for(office).add_working_days(recorded_on, office.service_working_days)


def remaining_working_days(*, office, due: datetime.date, today: datetime.date) -> int:
    """Working days left until `due` (0 on the due day, negative when overdue)."""
    return calendar_for(office).working_days_between(today, due)
