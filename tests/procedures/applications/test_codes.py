from catalog import codes as catalog_codes
from procedures.frkss import codes


def test_the_form_and_the_catalog_share_the_header_code_lists():
    assert codes.CollectionMethod is catalog_codes.CollectionMethod
    assert codes.Frequency is catalog_codes.Frequency
    assert codes.Sector is catalog_codes.Sector
    assert len(codes.Sector.choices) == 22


def test_field_staff_and_probability_groups_hold_only_known_codes():
    assert codes.FIELD_STAFF_MODES == {
        codes.Mode.PAPI,
        codes.Mode.CAPI,
        codes.Mode.CATI,
    }
    assert codes.PROBABILITY_SELECTION < set(codes.SelectionMethod)
    assert codes.SelectionMethod.PURPOSIVE not in codes.PROBABILITY_SELECTION
