"""Reads of the catalog for the pages, the exports and the API.

The search engine answers ids, highlights and facet counts; records are then
loaded from the database in the engine's order, so what is shown is always
the current record.
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from search.backends import get_index
from search.documents import MAX_RESULT_WINDOW, Highlight, SearchQuery

from .codes import CollectionMethod, Frequency, Sector
from .filters import DEFAULTS, FACET_PARAMETERS, PARAMETERS, ActivityFilterSet
from .models import ActivityRecord
from .offices import office_directory

CODE_LABELS = {"method": CollectionMethod, "frequency": Frequency, "sector": Sector}
EXPORT_PAGE_SIZE = 100


class InvalidSearch(Exception):
    """Parameters that cannot be searched with; `errors` names each parameter."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def given_parameters(data: Mapping) -> QueryDict:
    """The known parameters with their empty values left out: `sector=` (an
    empty form field, a client's template) means no sector filter, not a
    wrong one. Unknown parameters are dropped here, once."""
    given = QueryDict(mutable=True)
    for name in PARAMETERS:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        values = [values] if isinstance(values, str) else list(values or ())
        kept = [str(value) for value in values if str(value).strip()]
        if kept:
            given.setlist(name, kept)
    return given


def parse_search(data: Mapping) -> SearchQuery:
    """Validate request parameters (a QueryDict or a dict of lists) into a query."""
    filterset = ActivityFilterSet(
        data=given_parameters(data), queryset=ActivityRecord.objects.none()
    )
    if not filterset.form.is_valid():
        raise InvalidSearch(
            {
                name: [str(message) for message in messages]
                for name, messages in filterset.form.errors.items()
            }
        )
    cleaned = {**DEFAULTS, **{k: v for k, v in filterset.form.cleaned_data.items() if v}}
    query = SearchQuery(
        text=cleaned.get("q", ""),
        filters={name: tuple(cleaned.get(name) or ()) for name in FACET_PARAMETERS},
        sort=cleaned["sort"],
        page=cleaned["page"],
        page_size=cleaned["page_size"],
    )
    if query.page != cleaned["page"]:
        raise InvalidSearch(
            {"page": [_("halaman terlalu jauh; paling jauh halaman %(n)d") % {"n": query.page}]}
        )
    return query


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
    if facet == "office":
        return offices.get(value, value)
    if facet in CODE_LABELS:
        try:
            return str(CODE_LABELS[facet](value).label)
        except ValueError:
            return value
    return value


def _records_in_order(ids: list[str]) -> dict[str, ActivityRecord]:
    pks = [int(i) for i in ids if i.isdigit()]
    return {str(pk): record for pk, record in ActivityRecord.objects.in_bulk(pks).items()}


def search_activities(query: SearchQuery) -> SearchPage:
    """One page of results. Raises search.backends.SearchUnavailable when the
    engine cannot answer."""
    results = get_index().query(query)
    records = _records_in_order([hit.id for hit in results.hits])
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
    )


def similar_activities(record: ActivityRecord, *, limit: int = 5) -> list[ActivityRecord]:
    hits = get_index().similar(str(record.pk), limit=limit)
    records = _records_in_order([hit.id for hit in hits])
    return [records[hit.id] for hit in hits if hit.id in records]


def iter_search_records(query: SearchQuery) -> Iterator[ActivityRecord]:
    """Every record matching `query` (up to the engine's result window), page
    by page, for the downloads."""
    page = 1
    while True:
        batch_query = SearchQuery(
            text=query.text,
            filters=query.filters,
            sort=query.sort,
            page=page,
            page_size=EXPORT_PAGE_SIZE,
            with_facets=False,
        )
        results = get_index().query(batch_query)
        records = _records_in_order([hit.id for hit in results.hits])
        yield from (records[hit.id] for hit in results.hits if hit.id in records)
        if batch_query.offset + len(results.hits) >= min(results.total, MAX_RESULT_WINDOW):
            return
        if not results.hits:
            return
        page += 1
