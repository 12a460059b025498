"""State-changing operations of the procedures app. Each is the only way to make its change."""

from collections.abc import Iterable, Mapping

from django.db import transaction

from .models import Office

OFFICE_FIELDS = (
    "name",
    "level",
    "address",
    "postal_code",
    "phone",
    "email",
    "website",
    "head_name",
    "head_nip",
    "letter_number_template",
)


@transaction.atomic
def upsert_offices(*, records: Iterable[Mapping]) -> list[Office]:
    """Create or update offices by code. Parents are named by code and must come
    first or already exist. Every record is validated; any error rolls back all."""
    offices = []
    for record in records:
        office = Office.objects.filter(code=record["code"]).first() or Office(code=record["code"])
        for field in OFFICE_FIELDS:
            if field in record:
                setattr(office, field, record[field])
        parent_code = record.get("parent")
        office.parent = Office.objects.get(code=parent_code) if parent_code else None
        office.full_clean()
        office.save()
        offices.append(office)
    return offices
