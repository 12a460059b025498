"""The one interface every search backend implements."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..documents import (
    MAX_RESULT_WINDOW,
    Document,
    Health,
    Hit,
    IndexSchema,
    SearchQuery,
    SearchResults,
)
from ..spelling import corrected_text, words_to_check

# What a backend knows of some query words: those it holds (exact form in an
# exact field, or stem in a stemmed field), and per word its exact-field
# neighbours (same first letter, within spelling.SUGGEST_DISTANCE edits) with
# how many documents hold each.
Vocabulary = tuple[set[str], dict[str, list[tuple[str, int]]]]

# Called with the number of documents done so far while a long operation runs.
Progress = Callable[[int], None]


class Index(ABC):
    """A search index of the documents one `IndexSchema` describes.

    Writes are idempotent (upsert by id, delete of a missing id is fine), so
    replaying index jobs after a failure is always safe.

    The query language every backend answers alike (SEARCH-SPEC §1; the
    cluster backends in `elasticsearch/bodies.py` are the reference):

    - index per text field the stemmed text (`Document.analyzed`, with
      positions) and the exact text (`Document.exact`), both whitespace-split;
    - `query.clauses`, all required: `Word` = its stem in a stemmed field, or
      (typo_distance > 0) an exact-field word within typo_distance edits,
      same first letter, transpositions counting one; `Phrase` = its stems
      consecutive in one stemmed field; `SynonymGroup` = any alternative, an
      alternative all of its stems (stem only);
    - score: BM25 of the stems × field weight, + EXACT_BOOST × weight for the
      typed word in an exact field, + FUZZY_BOOST × weight for a typo match,
      + PHRASE_BOOST × weight for each `query.proximity` sequence found as a
      phrase in one field (optional: ranking only);
    - highlight with `highlight(..., typos=query.typo_words)`;
    - `vocabulary(words)` for "Maksud Anda" (`suggest` does the rest).
    """

    name = "base"
    schema: IndexSchema

    @abstractmethod
    def upsert(self, documents: Iterable[Document]) -> int:
        """Add or replace documents; return how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; missing ids are ignored."""

    @abstractmethod
    def query(self, query: SearchQuery) -> SearchResults:
        """Matching ids in order, with highlights and (when asked) facet counts.

        Facets: values are OR-ed within one facet and AND-ed across facets;
        each facet is counted under the *other* facets' filters.
        """

    @abstractmethod
    def ids(self, query: SearchQuery, *, limit: int = MAX_RESULT_WINDOW) -> list[str]:
        """Every matching id in the query's order, from the first, up to `limit`
        (at most the result window), in ONE request to the engine: no
        highlights, no facets, `page` and `page_size` ignored. For the downloads."""

    def suggest(self, query: SearchQuery) -> str | None:
        """A "Maksud Anda" suggestion: the query's text with each word the index
        does not know replaced by its nearest exact-field neighbour (see
        `search.spelling`); None when no word can be corrected. Meant for a
        query that found nothing; filters are not applied."""
        words = words_to_check(query)
        if not words:
            return None
        known, neighbours = self.vocabulary(words)
        return corrected_text(query, known=known, neighbours=neighbours)

    def vocabulary(self, words: list[str]) -> Vocabulary:
        """What the index knows of `words` (see `Vocabulary`), in one request
        where the engine allows. This default knows every word: no backend
        suggests anything until it looks its vocabulary up."""
        return set(words), {}

    @abstractmethod
    def similar(self, doc_id: str, *, limit: int = 5) -> list[Hit]:
        """Documents most like `doc_id` on the schema's similarity fields."""

    @abstractmethod
    def rebuild(self, documents: Iterable[Document], *, progress: Progress | None = None) -> int:
        """Build a complete new index from `documents` and switch to it at the
        end, so searches keep answering from the old one meanwhile."""

    @abstractmethod
    def health(self, *, thorough: bool = False) -> Health:
        """Whether the engine answers, how many documents it holds, and what
        would make its answers incomplete. Never raises. `thorough` also
        verifies the stored data (slower: for `search_index status` and `sync`,
        not for every page)."""

    @abstractmethod
    def stamps(self) -> Iterator[tuple[str, str]]:
        """(id, update stamp) of every indexed document, in no order: what
        `search_index status` compares with the source."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every document (tests and the benchmark)."""


def batches(iterable: Iterable, size: int) -> Iterator[list]:
    """`iterable` in lists of `size` (the last one shorter): one write each."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class SearchUnavailable(Exception):
    """The engine cannot be reached or refused the request."""


class IndexCorrupt(SearchUnavailable):
    """The stored index cannot be read (corrupt or not an index): only a
    rebuild repairs it."""


__all__ = [
    "Hit",
    "Index",
    "IndexCorrupt",
    "Progress",
    "SearchUnavailable",
    "Vocabulary",
    "batches",
]
