"""What the search layer indexes and answers: plain data, no app models.

The app that owns the documents describes them once in an `IndexSchema` (its
searchable text fields and their weights, its facets, which text is shown in
hits) and hands `Document`s to the engine. The engines store, match and count
whatever the schema names; they know nothing of activities or of any app.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import analysis
from .synonyms import Synonyms, TermGroup, all_terms

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Deepest result reachable by paging (Elasticsearch's default result window).
MAX_RESULT_WINDOW = 10_000
SORTS = ("relevance", "newest")

# A text field holds one text or several (a list, matched as one text).
TextValue = str | tuple[str, ...]


@dataclass(frozen=True)
class TextField:
    """A searchable text field and its weight in ranking (a word in a field of
    weight 10 counts five times as much as in one of weight 2)."""

    name: str
    weight: float
    many: bool = False


@dataclass(frozen=True)
class IndexSchema:
    """What one index holds, declared by the app that owns its documents.

    `title_field` is shown whole in a hit, highlighted; a hit's snippet is cut
    from the first of `snippet_fields` that matches the query (else the first
    that is not empty). "Newest" orders by the document's date, newest first,
    then by its key; `date_field` and `key_field` name them in the engine.
    """

    name: str
    text_fields: tuple[TextField, ...]
    facets: tuple[str, ...]
    title_field: str
    snippet_fields: tuple[str, ...]
    similarity_fields: tuple[str, ...]
    date_field: str = "date"
    key_field: str = "key"

    def __post_init__(self):
        names = {text.name for text in self.text_fields}
        shown = {self.title_field, *self.snippet_fields, *self.similarity_fields}
        if not shown <= names:
            raise ValueError(f"not text fields of {self.name}: {sorted(shown - names)}")

    @property
    def weights(self) -> dict[str, float]:
        return {text.name: text.weight for text in self.text_fields}

    @property
    def shown_fields(self) -> tuple[str, ...]:
        """Fields whose original text the engine keeps for highlighting."""
        return (self.title_field, *self.snippet_fields)

    def is_many(self, name: str) -> bool:
        return any(text.many for text in self.text_fields if text.name == name)

    def check(self, query: "SearchQuery") -> None:
        unknown = set(query.filters) - set(self.facets)
        if unknown:
            raise ValueError(f"unknown filters: {sorted(unknown)}")


@dataclass(frozen=True, eq=False)
class Document:
    """One document as the engines see it: facet values and original text per
    field of its schema, and what orders it."""

    id: str
    date: datetime.date
    key: str
    facets: Mapping[str, str]
    texts: Mapping[str, TextValue]
    # When the source last changed it: stored in the index so
    # `search_index status` can tell a stale document from a current one.
    updated_at: datetime.datetime | None = None

    @property
    def stamp(self) -> str:
        return update_stamp(self.updated_at)

    def text(self, name: str, *, separator: str = " ") -> str:
        value = self.texts.get(name, "")
        return value if isinstance(value, str) else separator.join(value)

    def analyzed(self, schema: IndexSchema) -> dict[str, str]:
        """Stemmed text per searchable field, identical for every backend."""
        return {text.name: analysis.analyze(self.text(text.name)) for text in schema.text_fields}

    def passages(self, schema: IndexSchema) -> list[str]:
        """The texts a snippet may be cut from, in the schema's order."""
        return [self.text(name, separator="; ") for name in schema.snippet_fields]


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


@dataclass(frozen=True)
class SearchQuery:
    """What to ask an engine. The app's query class builds it from validated
    parameters; the engine checks the filters against its schema."""

    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    with_facets: bool = True
    # The acronym and synonym dictionary the text is expanded with (plain data
    # from the app that keeps it; empty: every term must match as typed).
    synonyms: Synonyms = field(default_factory=Synonyms)
    # False: every clause (term group) must match. True: ANY one clause makes a
    # match, ranked by score; filters, facets and paging as usual. For candidate
    # retrieval (similar activities), where the caller ranks what comes back.
    match_any: bool = False

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
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
    def term_groups(self) -> list[TermGroup]:
        """Every group must match; within a group, any one alternative; within
        an alternative, every term (see `search.synonyms`)."""
        return self.synonyms.expand(self.terms)

    @property
    def highlight_terms(self) -> list[str]:
        """The terms a hit's words are marked for: every alternative's."""
        return all_terms(self.term_groups)

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
