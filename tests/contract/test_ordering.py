"""Ties at scale, on every backend: many documents with the same score are
ordered newest first, then by key, then by id — also when their keys are alike
in their first characters — and every page and `ids` agree with that order."""

import datetime
import random

from search.documents import SearchQuery
from tests.factories import search_document

FIELDS = dict(
    year=2024,
    agency="Dinas Pertanian",
    office_code="3304",
    method="2",
    frequency="tahunan",
    sector="1",
    objective="Survei ternak",
)


def twins(count: int) -> list:
    """`count` documents alike in every word; dates and keys differ (the keys
    share their first 20 characters)."""
    rng = random.Random(15)
    documents = [
        search_document(
            f"d{n}",
            "Sensus Ternak Sapi Perah",
            recommendation_number=f"B-1000/33040/KS.000/{n % 7:02d}/{n:03d}",
            decided_on=datetime.date(2024, 1, 1 + n % 3),
            **FIELDS,
        )
        for n in range(count)
    ]
    rng.shuffle(documents)
    return documents


def expected_order(documents) -> list[str]:
    return [d.id for d in sorted(documents, key=lambda d: (-d.date.toordinal(), d.key, d.id))]


def test_many_ties_follow_date_then_key_on_every_page(empty_index):
    documents = twins(60)
    empty_index.upsert(documents)
    expected = expected_order(documents)
    for sort in ("relevance", "newest"):
        pages = [
            [
                hit.id
                for hit in empty_index.query(
                    SearchQuery(text="sapi", sort=sort, page=p, page_size=7)
                ).hits
            ]
            for p in range(1, 10)
        ]
        assert [doc_id for page in pages for doc_id in page] == expected, sort
        assert empty_index.ids(SearchQuery(text="sapi", sort=sort)) == expected, sort
        assert empty_index.ids(SearchQuery(text="sapi", sort=sort), limit=11) == expected[:11]
