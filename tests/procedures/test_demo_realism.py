"""The demo without its history (`seed --demo --no-history`, the `seeded`
fixture) looks real: the catalog holds decisions already made, and
recommendation numbers increase with their dates within an office and year.
The same checks over the whole demo are in test_demo_history (one seed shared)."""

from .demo_checks import catalog_records_dated_after, numbers_out_of_date_order, today


def test_no_catalog_record_of_the_demo_is_dated_in_the_future(seeded):
    assert catalog_records_dated_after(today()) == []


def test_recommendation_numbers_follow_their_dates_per_office_and_year(seeded):
    assert numbers_out_of_date_order() == []
