import pytest
from django.core.exceptions import ValidationError

from procedures.organisations.models import Office
from procedures.organisations.services import upsert_offices

PUSAT = {
    "code": "0000",
    "name": "Badan Pusat Statistik",
    "level": "pusat",
    "address": "Jl. Dr. Sutomo 6-8, Jakarta Pusat",
    "email": "bpshq@bps.go.id",
}
JATENG = {
    "code": "3300",
    "name": "BPS Provinsi Jawa Tengah",
    "level": "provinsi",
    "parent": "0000",
    "address": "Jl. Pahlawan No. 6, Semarang",
    "email": "bps3300@bps.go.id",
}

pytestmark = pytest.mark.django_db


def test_offices_are_created_with_their_parent_and_updated_by_code():
    upsert_offices(records=[PUSAT, JATENG])
    assert Office.objects.get(code="3300").parent.code == "0000"

    upsert_offices(records=[JATENG | {"phone": "(024) 8412802"}])
    assert Office.objects.count() == 2
    assert Office.objects.get(code="3300").phone == "(024) 8412802"


def test_letter_number_template_defaults_to_the_bps_style():
    (office,) = upsert_offices(records=[PUSAT])
    assert office.letter_number_template == "B-{seq}/{unit_code}/KS.000/{year}"
    assert office.unit_code == "00000"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"code": "33"}, "code"),
        ({"postal_code": "5341"}, "postal_code"),
        ({"email": "bukan-email"}, "email"),
        ({"head_nip": "12345"}, "head_nip"),
        ({"level": "kecamatan"}, "level"),
    ],
)
def test_invalid_office_is_refused_naming_the_field_and_nothing_is_written(bad, field):
    with pytest.raises(ValidationError) as error:
        upsert_offices(records=[PUSAT, JATENG | bad])
    assert field in error.value.message_dict
    assert not Office.objects.exists()


def test_a_central_office_cannot_have_a_parent():
    upsert_offices(records=[PUSAT])
    with pytest.raises(ValidationError):
        upsert_offices(records=[PUSAT | {"code": "0001", "parent": "0000"}])
