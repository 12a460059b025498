"""Checks for one activity record, shared by publication and import, with
messages that name the field and say how to fix it. Which fields are
required, capped or coded comes from the declaration in `catalog.fields`."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .codes import parse_code
from .fields import CODED_FIELDS, IMPORT_COLUMNS, MAX_LENGTHS, REQUIRED, YEAR_RANGE

MAX_VARIABLES = 300
MAX_VARIABLE_LENGTH = 300

__all__ = ["CODED_FIELDS", "IMPORT_COLUMNS", "MAX_LENGTHS", "REQUIRED", "clean_activity"]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _variables(value: Any) -> list[str]:
    items = value.split(";") if isinstance(value, str) else list(value or ())
    return [_text(item) for item in items if _text(item)]


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(_text(value))


def clean_activity(
    raw: Mapping[str, Any], *, offices: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned values, {field: message}); the record is valid when there are no
    messages. Coded fields accept the code or the Indonesian label."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}

    for name in REQUIRED:
        if not _text(raw.get(name)):
            errors[name] = _("wajib diisi")

    for name, limit in MAX_LENGTHS.items():
        value = _text(raw.get(name)) if name != "objective" else str(raw.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = _("terlalu panjang (%(length)d karakter, paling banyak %(limit)d)") % {
                "length": len(value),
                "limit": limit,
            }
        cleaned[name] = value

    if "year" not in errors:
        try:
            year = int(_text(raw.get("year")))
            if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                raise ValueError
            cleaned["year"] = year
        except ValueError:
            errors["year"] = _("bukan tahun yang sah; tulis empat angka, misalnya 2026")

    if "decided_on" not in errors:
        try:
            cleaned["decided_on"] = _date(raw.get("decided_on"))
        except (TypeError, ValueError):
            errors["decided_on"] = _("tanggal tidak sah; tulis TTTT-BB-HH, misalnya 2026-11-24")

    code = _text(raw.get("office_code"))
    if "office_code" not in errors:
        if code not in offices:
            errors["office_code"] = _("kantor BPS dengan kode '%(code)s' tidak dikenal") % {
                "code": code[:20]
            }
        cleaned["office_code"] = code
        cleaned["office_name"] = _text(raw.get("office_name")) or offices.get(code, "")

    for name, choices in CODED_FIELDS.items():
        value = _text(raw.get(name))
        parsed = parse_code(choices, value)
        if parsed is None:
            known = ", ".join(f"{c} ({label})" for c, label in choices.choices)
            given = _("kosong") if not value else f"'{value[:50]}'"
            errors[name] = _("nilai %(given)s tidak dikenal; gunakan kode atau nama: %(known)s") % {
                "given": given,
                "known": known,
            }
        cleaned[name] = parsed

    variables = _variables(raw.get("variables"))
    if len(variables) > MAX_VARIABLES:
        errors["variables"] = _("terlalu banyak variabel (paling banyak %(n)d)") % {
            "n": MAX_VARIABLES
        }
    elif any(len(v) > MAX_VARIABLE_LENGTH for v in variables):
        errors["variables"] = _("nama variabel paling panjang %(n)d karakter") % {
            "n": MAX_VARIABLE_LENGTH
        }
    cleaned["variables"] = variables
    return cleaned, errors
