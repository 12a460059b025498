"""What the search layer indexes and answers: plain data, no app models."""

import datetime
from dataclasses import dataclass, field

from . import analysis

# Facet name -> the document attribute it counts.
FACETS: dict[str, str] = {
    "year": "year",
    "office": "office_code",
    "agency": "agency",
    "method": "method",
    "frequency": "frequency",
    "sector": "sector",
}

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Deepest result reachable by paging (Elasticsearch's default result window).
MAX_RESULT_WINDOW = 10_000
SORTS = ("relevance", "newest")


@dataclass(frozen=True)
class ActivityDocument:
    """One recommended activity as the search engines see it."""

    id: str
    recommendation_number: str
    title: str
    year: int
    agency: str
    office_code: str
    method: str
    frequency: str
    sector: str
    decided_on: datetime.date
    objective: str = ""
    variables: tuple[str, ...] = ()
    # Other searchable words: office name, coverage, code labels.
    extra: str = ""
    # When the source last changed the record: stored in the index so
    # `search_index status` can tell a stale document from a current one.
    updated_at: datetime.datetime | None = None

    @property
    def stamp(self) -> str:
        return update_stamp(self.updated_at)

    def facet_value(self, facet: str) -> str:
        return str(getattr(self, FACETS[facet]))

    def analyzed(self) -> dict[str, str]:
        """Stemmed text per searchable field, identical for every backend."""
        return {
            "title": analysis.analyze(self.title),
            "agency": analysis.analyze(self.agency),
            "objective": analysis.analyze(self.objective),
            "variables": analysis.analyze(" ".join(self.variables)),
            "extra": analysis.analyze(self.extra),
        }


def update_stamp(value: datetime.datetime | str | None) -> str:
    """The form both sides of a comparison use for an update time: ISO 8601 in
    UTC with microseconds (sorts as it compares); "" when unknown. A naive
    time is taken as UTC."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


# Relative weight of each searchable field in ranking: a word in the title
# counts far more than the same word in the objective.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 10.0,
    "agency": 3.0,
    "objective": 2.0,
    "variables": 2.0,
    "extra": 1.0,
}
# Fields "similar activities" compares.
SIMILARITY_FIELDS = ("title", "objective", "variables")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    with_facets: bool = True

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        unknown = set(self.filters) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown filters: {sorted(unknown)}")
        # Capped, never trusted: callers validate for the user, this guards the engine.
        object.__setattr__(self, "page_size", max(1, min(int(self.page_size), MAX_PAGE_SIZE)))
        last_page = max(1, MAX_RESULT_WINDOW // self.page_size)
        object.__setattr__(self, "page", max(1, min(int(self.page), last_page)))
        cleaned = {name: tuple(v for v in values if v) for name, values in self.filters.items()}
        object.__setattr__(self, "filters", {k: v for k, v in cleaned.items() if v})

    @property
    def terms(self) -> list[str]:
        return analysis.query_terms(self.text)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Highlight:
    """HTML-safe text with the matched words in <mark>."""

    title: str
    snippet: str


@dataclass(frozen=True)
class Hit:
    id: str
    score: float | None
    highlight: Highlight


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


@dataclass(frozen=True)
class Health:
    """What an engine says about itself.

    `ok` is False when it cannot answer. `problems` are reasons its answers may
    be incomplete although it answers (Indonesian, for operators).
    `needs_rebuild` is True when only a rebuild can repair it (a corrupt or
    lost index file); `search_index sync` then rebuilds."""

    backend: str
    ok: bool
    document_count: int | None
    detail: str = ""
    problems: tuple[str, ...] = ()
    needs_rebuild: bool = False
