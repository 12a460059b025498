"""The community satisfaction index (IKM) as PermenPANRB 14/2017 prescribes it:
the mean score of each of the nine elements, weighted equally (1/9 each), times
25, so it lies between 25 and 100; and its quality grade A–D.

Computed exactly from integer sums (every element has the same number of
answers, one per respondent), then rounded half up to 2 decimals once, so a
value on a band's edge is graded the way a person computing by hand grades it."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .elements import ELEMENTS
from .models import SurveyResponse

CENT = Decimal("0.01")

# (lowest value of the band, grade, label), best first, compared on the rounded
# value. D is 25.00–64.99: 25 (every answer 1) is the lowest IKM there is.
GRADES = (
    (Decimal("88.31"), "A", _("Sangat Baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang Baik")),
    (Decimal("0"), "D", _("Tidak Baik")),
)


@dataclass(frozen=True)
class Ikm:
    respondents: int
    value: float | None  # None when respondents == 0; rounded to 2 decimals
    grade: str  # "A".."D", "" when None
    grade_label: str  # Sangat Baik / Baik / Kurang Baik / Tidak Baik
    element_means: tuple[tuple[str, str, float], ...]  # (code, label, mean) per element


def _rounded(value: Decimal | Fraction | float) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    elif isinstance(value, float):
        value = Decimal(repr(value))  # the decimal a person reads, not the binary float
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def grade_for(value: float) -> tuple[str, str]:
    """(grade, label) of an IKM value: 88.31–100 A Sangat Baik, 76.61–88.30 B Baik,
    65.00–76.60 C Kurang Baik, 25.00–64.99 D Tidak Baik."""
    rounded = _rounded(value)
    for lowest, grade, label in GRADES:
        if rounded >= lowest:
            return grade, str(label)
    raise ValueError(f"An IKM value is never negative: {value}")


def local_day_bounds(start: datetime.date, end: datetime.date):
    """[start 00:00, day after end 00:00) in the site's time zone (WIB)."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def responses_between(*, office=None, start: datetime.date, end: datetime.date):
    """Responses answered on a local date in [start, end]; office None = all offices."""
    since, until = local_day_bounds(start, end)
    responses = SurveyResponse.objects.filter(answered_at__gte=since, answered_at__lt=until)
    if office is not None:
        responses = responses.filter(office=office)
    return responses


def ikm_for(*, office=None, start: datetime.date, end: datetime.date) -> Ikm:
    """The IKM of the responses answered (local date of `answered_at`) in
    [start, end], for one office or, with office None, national."""
    sums = responses_between(office=office, start=start, end=end).aggregate(
        respondents=Count("pk"), **{element.code: Sum(element.code) for element in ELEMENTS}
    )
    respondents = sums["respondents"]
    if not respondents:
        return Ikm(0, None, "", "", ())
    means = tuple(
        (element.code, str(element.label), sums[element.code] / respondents) for element in ELEMENTS
    )
    total = sum(sums[element.code] for element in ELEMENTS)
    # mean of the element means × 25 = 25 × (sum of all scores) / (9 × respondents)
    value = _rounded(Fraction(25 * total, len(ELEMENTS) * respondents))
    grade, label = grade_for(float(value))
    return Ikm(respondents, float(value), grade, label, means)
