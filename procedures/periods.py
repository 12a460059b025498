"""The calendar periods figures are counted in (the public performance page,
the officers' IKM report): months, quarters, semesters (I = January–June,
II = July–December) and years of local (WIB) dates, each with a stable key for
data (`2026-05`, `2026-Q2`, `2026-S1`, `2026`) and a label for people."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What the page, the API and the CSV offer, with the number of rows each shows
# (the period containing today and the ones before it).
PERIOD_KINDS = {
    "month": gettext_lazy("Bulanan"),
    "quarter": gettext_lazy("Triwulanan"),
    "year": gettext_lazy("Tahunan"),
}
ROWS_PER_KIND = {"month": 12, "quarter": 8, "year": 5}
DEFAULT_KIND = "month"

ROMAN = ("I", "II", "III", "IV")
# First month of each kind's period, and its length in months.
MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "semester": 6, "year": 12}


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | semester | year
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "semester":
            return f"{self.start.year}-S{(self.start.month - 1) // 6 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """ "Mei 2026", "Triwulan II 2026", "Semester I 2026", "2026" (active language)."""
        if self.kind == "month":
            return date_format(self.start, "F Y")
        if self.kind == "quarter":
            return _("Triwulan %(number)s %(year)s") % {
                "number": ROMAN[(self.start.month - 1) // 3],
                "year": self.start.year,
            }
        if self.kind == "semester":
            return _("Semester %(number)s %(year)s") % {
                "number": ROMAN[(self.start.month - 1) // 6],
                "year": self.start.year,
            }
        return str(self.start.year)

    @property
    def short_label(self) -> str:
        """For a chart's axis: "Mei 26", "TW II 26", "2026"."""
        if self.kind == "month":
            return f"{date_format(self.start, 'M')} {self.start:%y}"
        if self.kind == "quarter":
            return _("TW %(number)s %(year)s") % {
                "number": ROMAN[(self.start.month - 1) // 3],
                "year": f"{self.start:%y}",
            }
        return self.label

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: datetime.date) -> Period:
    length = MONTHS_PER_PERIOD[kind]
    first_month = (day.month - 1) // length * length + 1
    start = datetime.date(day.year, first_month, 1)
    return Period(kind, start, _add_months(start, length) - datetime.timedelta(days=1))


def semester(year: int, number: int) -> Period:
    """Semester I (`number` 1) or II (2) of `year`."""
    return period_containing("semester", datetime.date(year, 6 * (number - 1) + 1, 1))


def whole_year(year: int) -> Period:
    return period_containing("year", datetime.date(year, 1, 1))


def recent_periods(kind: str, today: datetime.date, count: int | None = None) -> list[Period]:
    """The `count` periods up to the one containing `today`, oldest first."""
    count = ROWS_PER_KIND[kind] if count is None else count
    latest = period_containing(kind, today)
    length = MONTHS_PER_PERIOD[kind]
    return [
        period_containing(kind, _add_months(latest.start, -length * back))
        for back in range(count - 1, -1, -1)
    ]


def periods_covering(kind: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """Every period of `kind` that overlaps [start, end], oldest first."""
    periods, period = [], period_containing(kind, start)
    while period.start <= end:
        periods.append(period)
        period = period_containing(kind, period.end + datetime.timedelta(days=1))
    return periods
