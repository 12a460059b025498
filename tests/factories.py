"""Records the catalog and search tests share: one catalog record published
as a decision would be, one search document, and the office they name."""

import datetime

from catalog.documents import ACTIVITY_SCHEMA, FACET_FIELDS
from catalog.publishing import publish
from procedures.organisations.models import Office, OfficeLevel
from search.documents import Document


def banjarnegara_office() -> Office:
    return Office.objects.create(
        code="3304",
        name="BPS Kabupaten Banjarnegara",
        level=OfficeLevel.KABUPATEN_KOTA,
        address="Jl. Selamanik 33",
        email="bps3304@bps.go.id",
    )


def publish_record(
    number: str = "B-1/33040/KS.000/2026", title: str = "Survei Pertanian Tanaman Pangan", **extra
):
    """A catalog record of office 3304 through `catalog.publishing.publish()`."""
    return publish(
        recommendation_number=number,
        title=title,
        year=2026,
        agency="Dinas Pertanian",
        office_code="3304",
        method="2",
        frequency="tahunan",
        sector="1",
        decided_on=datetime.date(2026, 11, 2),
        **extra,
    )


def search_document(doc_id: str, title: str, *, updated_at=None, **fields) -> Document:
    """A document of the catalog's search schema with these record fields
    (text fields not given are empty, so a test controls every word)."""
    values = {
        "recommendation_number": f"B-{doc_id}/33040/KS.000/{fields.get('year', 2026)}",
        "year": 2026,
        "agency": "Dinas Pertanian",
        "office_code": "3304",
        "method": "2",
        "frequency": "tahunan",
        "sector": "1",
        "decided_on": datetime.date(2026, 3, 2),
        "title": title,
        **fields,
    }
    return Document(
        id=doc_id,
        date=values[ACTIVITY_SCHEMA.date_field],
        key=values[ACTIVITY_SCHEMA.key_field],
        facets={facet: str(values[name]) for facet, name in FACET_FIELDS.items()},
        texts={
            text.name: tuple(values.get(text.name, ())) if text.many else values.get(text.name, "")
            for text in ACTIVITY_SCHEMA.text_fields
        },
        updated_at=updated_at,
    )


def activity_document(doc_id: str, title: str, *, updated_at=None) -> Document:
    """A search document of office 3304, as the catalog would index it."""
    return search_document(doc_id, title, updated_at=updated_at)
