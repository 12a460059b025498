"""What is recorded from the real engines (`record.py`) and read back by the
parse tests (`tests/search/test_elasticsearch_bodies.py`): a fixed corpus of 23
activities (`corpus.csv`) and the requests sent about it.

The corpus is built so that the parse tests' facts hold on a real engine:

- "pertanian" filtered to year 2024 and sector Pertanian finds 41 (the word in
  its title, weight 10) before 7 ("petani" in its objective); facets counted
  under the other facets' filters give year 2024: 2, 2023: 1 (19 is of 2023) and
  sector Pertanian 2, Ekonomi 1 (52), Kesehatan 1 (63). No other record holds
  a word stemmed to "tani".
- "newest" without facets, two a page: all 23, then 88 and 86 (the latest
  decision date; 88's number sorts first).
- Similar to 12 ("Statistik Padi Sawah"): 7 (padi, luas panen) then 19
  (statistik). No other record shares a word of 12's title, objective or
  variables that another record also holds.
- The typo "kepuasaan" (one letter too many) finds 88 only, the one record
  with the word "kepuasan" (its title and variables).
- The phrase "luas panen" finds 7 and 12 (both hold it in their variables, 12
  also in its objective); "panen luas", the same words reversed, nothing.
- The vocabulary of "pertanain", "padi" and "kepuasaan": "padi" is known;
  "pertanian" is a neighbour of "pertanain" and "kepuasan" of "kepuasaan".
"""

import csv
import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.documents import ACTIVITY_SCHEMA
from search.backends.elasticsearch import build_search_body, build_similar_body, bulk_actions
from search.backends.elasticsearch.bodies import build_vocabulary_body
from search.documents import Document, SearchQuery
from tests.factories import search_document

SCHEMA = ACTIVITY_SCHEMA
# The alias and concrete index named in the stored files, whatever the random
# names of the run that recorded them.
RECORDED_ALIAS = f"rekomstat-record-{SCHEMA.name}"
RECORDED_INDEX = f"{RECORDED_ALIAS}-recorded"


@dataclass(frozen=True)
class Similar:
    """A similar-documents request: `limit` records like `doc_id`."""

    doc_id: str
    limit: int = 5


@dataclass(frozen=True)
class Vocabulary:
    """What the index knows of `words` ("Maksud Anda")."""

    words: tuple[str, ...]


RECORDINGS: dict[str, SearchQuery | Similar | Vocabulary] = {
    "search_pertanian_filtered": SearchQuery(
        text="pertanian", filters={"year": ("2024",), "sector": ("Pertanian",)}
    ),
    "search_newest_no_facets": SearchQuery(sort="newest", with_facets=False, page_size=2),
    "similar": Similar("12"),
    "search_typo": SearchQuery(text="kepuasaan"),
    "search_phrase": SearchQuery(text='"luas panen"', with_facets=False),
    "search_phrase_reversed": SearchQuery(text='"panen luas"', with_facets=False),
    "vocabulary": Vocabulary(("pertanain", "padi", "kepuasaan")),
}


def request_body(name: str, alias: str = RECORDED_ALIAS) -> dict[str, Any]:
    """The `_search` body the backend sends for recording `name`."""
    request = RECORDINGS[name]
    if isinstance(request, Similar):
        return build_similar_body(request.doc_id, alias, request.limit, SCHEMA)
    if isinstance(request, Vocabulary):
        return build_vocabulary_body(list(request.words), SCHEMA)
    return build_search_body(request, SCHEMA)


# The corpus, a record a row; variables are separated by "; " (as in the import).
CORPUS_FILE = Path(__file__).parent / "corpus.csv"


def _document(row: dict[str, str]) -> Document:
    decided_on = datetime.date.fromisoformat(row["decided_on"])
    return search_document(
        row["id"],
        row["title"],
        recommendation_number=row["recommendation_number"],
        year=decided_on.year,
        decided_on=decided_on,
        sector=row["sector"],
        agency=row["agency"],
        office_code=row["office_code"],
        objective=row["objective"],
        variables=tuple(filter(None, row["variables"].split("; "))),
        method=row["method"],
        frequency=row["frequency"],
    )


def corpus() -> list[Document]:
    with CORPUS_FILE.open(newline="", encoding="utf-8") as rows:
        return [_document(row) for row in csv.DictReader(rows)]


def corpus_digest() -> str:
    """SHA-256 of what is indexed (the bulk sources, analysed text included):
    a change of the corpus or of the analysis changes it."""
    sources = [action["_source"] for action in bulk_actions(corpus(), RECORDED_ALIAS, SCHEMA)]
    return hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()
