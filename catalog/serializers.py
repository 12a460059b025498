"""Plain-data shapes of a record for exports and the JSON API."""

from .models import ActivityRecord

EXPORT_COLUMNS = (
    "recommendation_number",
    "decided_on",
    "title",
    "year",
    "agency",
    "office_code",
    "office_name",
    "method",
    "frequency",
    "coverage",
    "sector",
    "objective",
    "variables",
    "url",
)


def export_row(record: ActivityRecord, *, base_url: str = "") -> list:
    """One record in the import's columns (so an export can be imported again),
    plus the office name and the page address."""
    return [
        record.recommendation_number,
        record.decided_on.isoformat(),
        record.title,
        record.year,
        record.agency,
        record.office_code,
        record.office_name,
        record.method,
        record.frequency,
        record.coverage,
        record.sector,
        record.objective,
        "; ".join(record.variables or ()),
        base_url + record.get_absolute_url(),
    ]


def summary(record: ActivityRecord, *, base_url: str) -> dict:
    return {
        "id": record.pk,
        "recommendation_number": record.recommendation_number,
        "title": record.title,
        "year": record.year,
        "agency": record.agency,
        "office_code": record.office_code,
        "method": record.method,
        "frequency": record.frequency,
        "sector": record.sector,
        "decided_on": record.decided_on,
        "url": base_url + record.get_absolute_url(),
    }


def detail(record: ActivityRecord, *, base_url: str) -> dict:
    return {
        **summary(record, base_url=base_url),
        "office_name": record.office_name,
        "method_label": record.get_method_display(),
        "frequency_label": record.get_frequency_display(),
        "sector_label": record.get_sector_display(),
        "coverage": record.coverage,
        "objective": record.objective,
        "variables": list(record.variables or ()),
        "collection_start": record.collection_start,
        "collection_end": record.collection_end,
        "verification_url": (
            base_url + record.verification_url
            if record.verification_url.startswith("/")
            else record.verification_url
        ),
    }
