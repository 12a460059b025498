"""Complaints for the tests, opened through the same service the complaint form
calls (`portal.services.record_complaint` → `open_complaint`)."""

import itertools

import pytest

from procedures.complaints import services
from procedures.organisations.roles import Role

from ..conftest import make_user

_numbers = itertools.count(1)

COMPLAINANT = "siti@banjarnegarakab.go.id"


def open_complaint(office, *, email=COMPLAINANT, **fields):
    year = 2026
    values = {
        "ticket_number": f"ADU-{office.code}-{year}-{next(_numbers):05d}",
        "complainant_name": "Siti Rahayu",
        "complainant_email": email,
        "subject": "Waktu penyelesaian",
        "text": "Surat rekomendasi kami belum terbit setelah 35 hari kerja.",
        "answers": [("Nomor telepon", "081234567890")],
    }
    values.update(fields)
    return services.open_complaint(office=office, **values)


@pytest.fixture
def complaint(offices):
    return open_complaint(offices["3304"])


@pytest.fixture
def office_admin(offices):
    """Another officer of the complaint's office (3304), who is not an examiner."""
    return make_user("admin.kantor@bps.go.id", office=offices["3304"], roles=[Role.OFFICE_ADMIN])
