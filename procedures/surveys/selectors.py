"""Reads for the officers' survey report: the IKM of an office per semester and
year, the element means side by side, and the suggestions of the year."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.organisations.models import Office
from procedures.periods import semester, whole_year

from .elements import ELEMENTS
from .ikm import Ikm, ikm_for, responses_between
from .models import SurveyResponse


@dataclass(frozen=True)
class PeriodIkm:
    label: str
    ikm: Ikm


@dataclass(frozen=True)
class OfficeReport:
    office: Office
    year: int
    periods: tuple[PeriodIkm, ...]  # semester I, semester II, the year
    element_rows: tuple[tuple[str, str, tuple[float | None, ...]], ...]  # code, label, means
    suggestions: QuerySet[SurveyResponse]


def office_report(office: Office, year: int) -> OfficeReport:
    labelled = (
        (_("Semester I (Januari–Juni)"), semester(year, 1)),
        (_("Semester II (Juli–Desember)"), semester(year, 2)),
        (_("Tahun %(year)s") % {"year": year}, whole_year(year)),
    )
    periods = tuple(
        PeriodIkm(label, ikm_for(office=office, start=period.start, end=period.end))
        for label, period in labelled
    )
    rows = []
    for index, element in enumerate(ELEMENTS):
        means = tuple(
            period.ikm.element_means[index][2] if period.ikm.respondents else None
            for period in periods
        )
        rows.append((element.code, str(element.label), means))
    year_period = whole_year(year)
    suggestions = (
        responses_between(office=office, start=year_period.start, end=year_period.end)
        .exclude(suggestion="")
        .select_related("application", "entered_by")
        .order_by("-answered_at", "-pk")
    )
    return OfficeReport(office, year, periods, tuple(rows), suggestions)


def report_years(offices) -> list[int]:
    """The years with responses in these offices, and the current year; newest first."""
    years = {
        day.year
        for day in SurveyResponse.objects.filter(office__in=offices).datetimes(
            "answered_at", "year", tzinfo=timezone.get_default_timezone()
        )
    }
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)
