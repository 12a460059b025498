from catalog import codes as catalog_codes
from procedures.applications import codes as application_codes


def test_the_form_and_the_catalog_share_the_header_code_lists():
    assert application_codes.CollectionMethod is catalog_codes.CollectionMethod
    assert application_codes.Frequency is catalog_codes.Frequency
    assert application_codes.Sector is catalog_codes.Sector
    assert len(application_codes.Sector.choices) == 22


def test_field_staff_and_probability_groups_hold_only_known_codes():
    assert application_codes.FIELD_STAFF_MODES == {
        application_codes.Mode.PAPI,
        application_codes.Mode.CAPI,
        application_codes.Mode.CATI,
    }
    assert application_codes.PROBABILITY_SELECTION < set(application_codes.SelectionMethod)
    assert (
        application_codes.SelectionMethod.PURPOSIVE not in application_codes.PROBABILITY_SELECTION
    )
