"""What makes the demo look real, checked over whatever the seed left (with or
without its year of history): used by test_demo_realism and test_demo_history."""

import datetime
import re
from collections import defaultdict

from django.utils import timezone

from catalog.models import ActivityRecord
from procedures.letters.models import Letter

# BPS letter numbers as the demo writes them: B-{seq}/{unit code}/KS.000/{year}.
NUMBER = re.compile(r"B-(?P<seq>\d+)/(?P<unit>\d{5})/KS\.000/(?P<year>\d{4})")


def catalog_records_dated_after(day: datetime.date) -> list[str]:
    return list(
        ActivityRecord.objects.filter(decided_on__gt=day).values_list(
            "recommendation_number", flat=True
        )
    )


def numbered_dates() -> dict[str, datetime.date]:
    """Every recommendation number of the site (catalog records, imports
    included, and letters, also those not published) with its date."""
    dated = dict(ActivityRecord.objects.values_list("recommendation_number", "decided_on"))
    dated.update(Letter.objects.values_list("number", "issued_on"))
    return dated


def numbers_out_of_date_order() -> list[tuple[str, str]]:
    """Pairs (earlier number, later number) of one office and year where the
    higher number is dated before the lower one; also a number whose year is
    not its date's year. Empty when numbers increase with their dates."""
    groups = defaultdict(list)
    wrong = []
    for number, day in numbered_dates().items():
        match = NUMBER.fullmatch(number)
        assert match, f"unexpected number {number}"
        if int(match["year"]) != day.year:
            wrong.append((number, day.isoformat()))
        groups[match["unit"], match["year"]].append((int(match["seq"]), day, number))
    for entries in groups.values():
        entries.sort()
        for (_seq, day, number), (_next_seq, next_day, next_number) in zip(
            entries, entries[1:], strict=False
        ):
            if next_day < day:
                wrong.append((number, next_number))
    return wrong


def today() -> datetime.date:
    return timezone.localdate()
