"""The catalog's query class: every search of the catalog — the /katalog/
page, its downloads and /api/v1/activities — is built here, in one place.

`ActivitySearch.from_parameters` validates request parameters through the
one validation layer (`catalog.filters`) and holds the engine query. The
engine (`search`) answers ids, highlights and facet counts; records are then
loaded from the database in the engine's order, so what is shown is always
the current record, and facet values get their labels here.
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.http import QueryDict

from search.analysis import MAX_QUERY_CHARS, fold
from search.backends import SearchUnavailable, get_index
from search.documents import MAX_RESULT_WINDOW, Highlight, SearchQuery
from search.synonyms import Synonyms

from .documents import FACET_FIELDS, FACETS
from .fields import BY_NAME
from .filters import DEFAULTS, InvalidSearch, clean_search_parameters
from .models import ActivityRecord
from .offices import office_directory
from .synonyms import current_synonyms

# Records read from the database per query while a download streams.
EXPORT_BATCH_SIZE = 500

__all__ = ["ActivitySearch", "InvalidSearch", "SearchPage"]


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class ResultItem:
    record: ActivityRecord
    highlight: Highlight


@dataclass
class SearchPage:
    query: SearchQuery
    total: int
    results: list[ResultItem]
    facets: dict[str, list[FacetOption]]
    # "Maksud Anda": a corrected text that finds something, when this found nothing.
    did_you_mean: str | None = None

    @property
    def page_count(self) -> int:
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, math.ceil(reachable / self.query.page_size))

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        return self.query.page < self.page_count

    @property
    def first_position(self) -> int:
        return self.query.offset + 1 if self.results else 0

    @property
    def last_position(self) -> int:
        return self.query.offset + len(self.results)


def _facet_label(facet: str, value: str, offices: Mapping[str, str]) -> str:
    field = BY_NAME[FACET_FIELDS[facet]]
    if field.kind == "office":
        return offices.get(value, value)
    if field.choices:
        try:
            return str(field.choices(value).label)
        except ValueError:
            return value
    return value


def _records_by_id(ids: list[str]) -> dict[str, ActivityRecord]:
    pks = [int(i) for i in ids if i.isdigit()]
    return {str(pk): record for pk, record in ActivityRecord.objects.in_bulk(pks).items()}


class ActivitySearch:
    """One search of the catalog: validated parameters and the engine query."""

    def __init__(self, query: SearchQuery):
        self.query = query

    @classmethod
    def from_parameters(cls, data: Mapping) -> "ActivitySearch":
        """From request parameters (a QueryDict or a dict of lists). Raises
        InvalidSearch naming each parameter that cannot be searched with."""
        cleaned = clean_search_parameters(data)
        return cls(
            SearchQuery(
                text=cleaned["q"],
                filters={name: tuple(cleaned.get(name) or ()) for name in FACETS},
                sort=cleaned["sort"],
                page=cleaned["page"],
                page_size=cleaned["page_size"],
                # Only a text is expanded: browsing by facets reads no dictionary.
                synonyms=current_synonyms() if cleaned["q"].strip() else Synonyms(),
            )
        )

    def parameters(self) -> QueryDict:
        """The search as validated, in a fixed order, defaults left out: the
        only source of the page's links and hidden fields. Nothing the visitor
        sent beyond it is repeated (4 kB of unknown parameters once made a
        955 kB page), and the text is cut to what the engine reads."""
        query = self.query
        params = QueryDict(mutable=True)
        text = " ".join(query.text[:MAX_QUERY_CHARS].split())
        if text:
            params["q"] = text
        for facet in FACETS:
            if query.filters.get(facet):
                params.setlist(facet, list(query.filters[facet]))
        if query.sort != DEFAULTS["sort"]:
            params["sort"] = query.sort
        if query.page_size != DEFAULTS["page_size"]:
            params["page_size"] = str(query.page_size)
        return params

    def page(self) -> SearchPage:
        """One page of results with labelled facets. Raises
        search.backends.SearchUnavailable when the engine cannot answer."""
        query = self.query
        results = get_index().query(query)
        records = _records_by_id([hit.id for hit in results.hits])
        offices = office_directory()
        facets = {}
        for facet, counts in results.facets.items():
            chosen = set(query.filters.get(facet, ()))
            options = [
                FacetOption(
                    value=c.value,
                    label=_facet_label(facet, c.value, offices),
                    count=c.count,
                    selected=c.value in chosen,
                )
                for c in counts
            ]
            # A chosen value stays visible (with 0) so it can be unticked.
            shown = {option.value for option in options}
            options += [
                FacetOption(value=v, label=_facet_label(facet, v, offices), count=0, selected=True)
                for v in sorted(chosen - shown)
            ]
            if facet == "year":
                options.sort(key=lambda option: option.value, reverse=True)
            facets[facet] = options
        return SearchPage(
            query=query,
            total=results.total,
            results=[
                ResultItem(record=records[hit.id], highlight=hit.highlight)
                for hit in results.hits
                if hit.id in records  # an index entry whose record just left the catalog
            ],
            facets=facets,
            did_you_mean=self.did_you_mean() if results.total == 0 else None,
        )

    def did_you_mean(self) -> str | None:
        """ "Maksud Anda": the text corrected from the index's vocabulary
        (`Index.suggest`), offered only when it differs from what was typed and
        finds something under the same filters. None otherwise, and when the
        engine cannot answer: a suggestion is never worth a failed page."""
        query = self.query
        if not query.text.strip():
            return None
        index = get_index()
        try:
            suggestion = index.suggest(query)
            if not suggestion or suggestion == " ".join(fold(query.text).split()):
                return None
            corrected = SearchQuery(
                text=suggestion,
                filters=query.filters,
                with_facets=False,
                synonyms=query.synonyms,
            )
            return suggestion if index.ids(corrected, limit=1) else None
        except SearchUnavailable:
            return None

    def records(self) -> Iterator[ActivityRecord]:
        """Every record matching the search (up to the engine's result window),
        for the downloads: the ids in ONE engine request, then the records from
        the database in batches, in the engine's order."""
        query = self.query
        ids = get_index().ids(
            SearchQuery(
                text=query.text,
                filters=query.filters,
                sort=query.sort,
                with_facets=False,
                synonyms=query.synonyms,
            ),
            limit=MAX_RESULT_WINDOW,
        )
        for start in range(0, len(ids), EXPORT_BATCH_SIZE):
            batch = ids[start : start + EXPORT_BATCH_SIZE]
            records = _records_by_id(batch)
            yield from (records[doc_id] for doc_id in batch if doc_id in records)

    @staticmethod
    def similar(record: ActivityRecord, *, limit: int = 5) -> list[ActivityRecord]:
        """The records most like `record` ("similar activities")."""
        hits = get_index().similar(str(record.pk), limit=limit)
        records = _records_by_id([hit.id for hit in hits])
        return [records[hit.id] for hit in hits if hit.id in records]
