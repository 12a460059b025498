"""Records the catalog and search tests share: one catalog record published
as a decision would be, one search document, and the office they name."""

import datetime

import catalog
from procedures.organisations.models import Office, OfficeLevel
from search.documents import ActivityDocument


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
    """A catalog record of office 3304 through `catalog.publish()`."""
    return catalog.publish(
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


def activity_document(doc_id: str, title: str, *, updated_at=None) -> ActivityDocument:
    """A search document of office 3304, as the catalog would index it."""
    return ActivityDocument(
        id=doc_id,
        recommendation_number=f"B-{doc_id}/33040/KS.000/2026",
        title=title,
        year=2026,
        agency="Dinas Pertanian",
        office_code="3304",
        method="2",
        frequency="tahunan",
        sector="1",
        decided_on=datetime.date(2026, 3, 2),
        updated_at=updated_at,
    )
