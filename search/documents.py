"""What the search layer indexes and answers: plain data, no app models.

The app that owns the documents describes them once in an `IndexSchema` (its
searchable text fields and their weights, its facets, which text is shown in
hits) and hands `Document`s to the engine. The engines store, match and count
whatever the schema names; they know nothing of activities or of any app.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from . import analysis, clauses
from .clauses import Clause
from .synonyms import Synonyms, TermGroup, all_terms

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Deepest result reachable by paging (Elasticsearch's default result window).
MAX_RESULT_WINDOW = 10_000
SORTS = ("relevance", "newest")

# Ranking by relevance (every backend): BM25 over the stemmed fields with the
# schema's weights, plus, per field weight, EXACT_BOOST for a document holding
# the typed word itself in an exact field; a match by typo tolerance alone
# counts FUZZY_BOOST of a field weight, so it ranks below a stem match.
EXACT_BOOST = 2.0
FUZZY_BOOST = 0.5
# Proximity (`SearchQuery.proximity`): the stems of words typed in a row, or of
# a synonym alternative of several words, found as a phrase in one field add
# this much of that field's weight (ranking only: matching is unchanged).
PHRASE_BOOST = 3.0

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

    def exact(self, schema: IndexSchema) -> dict[str, str]:
        """Exact text per searchable field (folded words, stopwords dropped, not
        stemmed; `analysis.exact`), position for position beside `analyzed`:
        where the typed form is ranked and typos are looked up."""
        return {text.name: analysis.exact(self.text(text.name)) for text in schema.text_fields}

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

    @cached_property
    def clauses(self) -> list[Clause]:
        """The text as ordered clauses, every one required: `clauses.Word`
        (folded word + stem, typo-tolerant), `clauses.Phrase` (quoted) and
        `clauses.SynonymGroup` (words the dictionary expands). See
        `search.clauses`."""
        return clauses.parse(self.text, self.synonyms)

    @property
    def terms(self) -> list[str]:
        """Distinct stems of the typed words (phrases included), in order."""
        return clauses.terms(self.clauses)

    @property
    def term_groups(self) -> list[TermGroup]:
        """Every group must match; within a group, any one alternative; within
        an alternative, every term (see `search.synonyms`). A phrase is the
        group of all its stems: what a backend without phrase matching needs."""
        return clauses.groups(self.clauses)

    @property
    def highlight_terms(self) -> list[str]:
        """The terms a hit's words are marked for: every alternative's."""
        return all_terms(self.term_groups)

    @property
    def proximity(self) -> list[tuple[str, ...]]:
        """Stem sequences rewarded when found as a phrase in one field (see
        `search.clauses.proximity`): ranking only, never matching."""
        return clauses.proximity(self.clauses)

    @property
    def typo_words(self) -> list[tuple[str, int]]:
        """(typed word, typo distance) of each word clause that tolerates
        typos: a hit's words this near are marked too (`search.highlight`)."""
        return [
            (clause.word, clause.typo_distance)
            for clause in self.clauses
            if isinstance(clause, clauses.Word) and clause.typo_distance
        ]

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
