"""The two parameters of every performance view (page, CSV, JSON API), checked
once here so the three cannot disagree: `office` (a BPS office code; empty or
absent: national) and `period` (month, quarter or year; default month). A bad
value is an `InvalidParameters` naming the parameter and the fix."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from procedures.organisations.models import Office
from procedures.periods import DEFAULT_KIND, PERIOD_KINDS


class InvalidParameters(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def single(query: QueryDict, name: str, errors: dict) -> str:
    values = query.getlist(name)
    if len(values) > 1:
        errors[name] = [_("berikan satu nilai saja")]
        return ""
    return (values[0] if values else "").strip()


def clean_period(value: str) -> str:
    if not value:
        return DEFAULT_KIND
    if value not in PERIOD_KINDS:
        raise InvalidParameters(
            {
                "period": [
                    _("nilai '%(value)s' tidak dikenal; gunakan month, quarter atau year")
                    % {"value": value[:50]}
                ]
            }
        )
    return value


def clean_office(value: str) -> Office | None:
    if not value:
        return None
    office = Office.objects.filter(code=value).first() if len(value) <= 4 else None
    if office is None:
        raise InvalidParameters(
            {
                "office": [
                    _(
                        "tidak ada kantor BPS dengan kode '%(value)s'; gunakan kode 4 angka, "
                        "misalnya 3304, atau kosongkan untuk angka nasional"
                    )
                    % {"value": value[:50]}
                ]
            }
        )
    return office


def clean_parameters(query: QueryDict) -> tuple[Office | None, str]:
    """(office or None for national, period kind), or InvalidParameters naming
    every bad parameter at once."""
    errors: dict[str, list[str]] = {}
    office_value, period_value = single(query, "office", errors), single(query, "period", errors)
    office, kind = None, DEFAULT_KIND
    try:
        office = None if "office" in errors else clean_office(office_value)
    except InvalidParameters as error:
        errors |= error.errors
    try:
        kind = DEFAULT_KIND if "period" in errors else clean_period(period_value)
    except InvalidParameters as error:
        errors |= error.errors
    if errors:
        raise InvalidParameters(errors)
    return office, kind


def openapi_parameters() -> list[dict[str, Any]]:
    return [
        {
            "in": "query",
            "name": "office",
            "required": False,
            "description": (
                "Kode kantor BPS (4 angka, misalnya 3304). Kosong atau tidak diberikan: "
                "angka nasional (semua kantor)."
            ),
            "schema": {"type": "string", "pattern": r"^\d{4}$"},
        },
        {
            "in": "query",
            "name": "period",
            "required": False,
            "description": (
                "Periode baris: month (12 bulan terakhir), quarter (8 triwulan terakhir) "
                "atau year (5 tahun terakhir); periode yang sedang berjalan ikut sebagai "
                "baris terakhir."
            ),
            "schema": {"type": "string", "enum": list(PERIOD_KINDS), "default": DEFAULT_KIND},
        },
    ]
