"""Plain-data shapes of a record for exports and the JSON API, derived from
the field declaration (`catalog.fields`)."""

from typing import Any

from django.utils.formats import date_format

from .fields import DETAIL_FIELDS, EXPORT_FIELDS, SUMMARY_FIELDS, RecordField
from .models import ActivityRecord

# Coded fields whose label the detail adds as `<name>_label`.
LABELLED = tuple(field.name for field in SUMMARY_FIELDS if field.kind == "code")
# Coded export columns whose label follows the promised columns, as `<name>_label`.
EXPORT_LABELLED = tuple(field.name for field in EXPORT_FIELDS if field.kind == "code")
# The export: the import's columns (so an export can be imported again), the
# office name, and the page address — first and unchanged (DESIGN.md) — then
# the label of each code, for a reader without the code lists, and the letter's
# date as people read it ("4 Januari 2027"; `decided_on` stays ISO, as imported).
EXPORT_COLUMNS = (
    *(field.name for field in EXPORT_FIELDS),
    "url",
    *(f"{name}_label" for name in EXPORT_LABELLED),
    "decided_on_label",
)


def _cell(field: RecordField, value: Any) -> Any:
    if field.kind == "date" and value is not None:
        return value.isoformat()
    if field.kind == "list":
        return "; ".join(value or ())
    return value


def export_row(record: ActivityRecord, *, base_url: str = "") -> list:
    """One record in the export's columns."""
    return [
        *(_cell(field, getattr(record, field.name)) for field in EXPORT_FIELDS),
        base_url + record.get_absolute_url(),
        *(getattr(record, f"get_{name}_display")() for name in EXPORT_LABELLED),
        date_format(record.decided_on, "DATE_FORMAT") if record.decided_on else "",
    ]


def summary(record: ActivityRecord, *, base_url: str) -> dict:
    return {
        "id": record.pk,
        **{field.name: getattr(record, field.name) for field in SUMMARY_FIELDS},
        "url": base_url + record.get_absolute_url(),
    }


def _detail_value(record: ActivityRecord, name: str, base_url: str) -> Any:
    value = getattr(record, name)
    if name == "variables":
        return list(value or ())
    if name == "verification_url" and value.startswith("/"):
        return base_url + value
    return value


def detail(record: ActivityRecord, *, base_url: str) -> dict:
    return {
        **summary(record, base_url=base_url),
        **{f"{name}_label": getattr(record, f"get_{name}_display")() for name in LABELLED},
        **{field.name: _detail_value(record, field.name, base_url) for field in DETAIL_FIELDS},
    }
