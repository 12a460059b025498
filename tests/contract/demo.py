"""The demo catalog as search documents, without a database: the 320 records
`manage.py seed --demo` publishes (`portal.seeding`), built through the same
validation and the same `catalog.documents.to_document`, with ids 1…320 in the
order the seed creates them, and the acronym dictionary the catalog seeds
(migration `catalog/0002_search_synonyms`)."""

import importlib
from functools import cache

from catalog.demo_data import DEMO_OFFICES, generate_activities
from catalog.documents import to_document
from catalog.models import ActivityRecord
from catalog.publishing import RECORD_FIELDS
from catalog.synonyms import split_phrases
from catalog.validation import clean_activity
from portal.seeding import DEMO_ACTIVITY_COUNT
from search.documents import Document
from search.synonyms import Synonyms

_SEEDED_DICTIONARY = importlib.import_module("catalog.migrations.0002_search_synonyms").SEED


@cache
def demo_documents() -> tuple[Document, ...]:
    offices = {code: name for code, name, _region in DEMO_OFFICES}
    documents = []
    for pk, row in enumerate(generate_activities(DEMO_ACTIVITY_COUNT), start=1):
        cleaned, errors = clean_activity(row, offices=offices)
        if errors:
            raise ValueError(f"demo activity {row['recommendation_number']}: {errors}")
        record = ActivityRecord(
            pk=pk,
            source=ActivityRecord.Source.IMPORT,
            **{name: cleaned[name] for name in {"recommendation_number", *RECORD_FIELDS}},
        )
        documents.append(to_document(record))
    return tuple(documents)


@cache
def demo_synonyms() -> Synonyms:
    return Synonyms.from_phrases(split_phrases(phrases) for phrases, _note in _SEEDED_DICTIONARY)


def by_number() -> dict[str, Document]:
    """Recommendation number -> document (how the relevance set names records)."""
    return {document.key: document for document in demo_documents()}
