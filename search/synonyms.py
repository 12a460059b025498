"""Acronyms and synonyms as plain data: groups of alternatives, each analysed
like the index, and the expansion of a query's terms into OR-groups.

The app that owns the dictionary (the catalog keeps it as a CMS snippet) builds
a `Synonyms` and puts it on the `SearchQuery`; every backend then matches the
same groups, so nothing is baked into an index and an edit applies to the next
query without a rebuild.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import analysis

# A dictionary entry naming more alternatives than this is cut: it bounds the
# size of the engine query a single word can produce.
MAX_ALTERNATIVES = 8

# One alternative: analysed terms that must all appear (in any field, any order).
Alternative = tuple[str, ...]
# One query word or phrase: any one of its alternatives matches.
TermGroup = tuple[Alternative, ...]


@dataclass(frozen=True)
class Synonyms:
    """Groups of equivalent phrases ("UMKM" and "usaha mikro kecil menengah"),
    analysed. Empty: no expansion, every query term is its own group."""

    groups: tuple[TermGroup, ...] = ()
    _by_phrase: dict[Alternative, TermGroup] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self):
        by_phrase: dict[Alternative, TermGroup] = {}
        for group in self.groups:
            for phrase in group:
                by_phrase.setdefault(phrase, group)  # the first entry naming a phrase wins
        object.__setattr__(self, "_by_phrase", by_phrase)

    @classmethod
    def from_phrases(cls, groups: Iterable[Iterable[str]]) -> "Synonyms":
        """From groups of phrases as editors write them. Each phrase is analysed
        like indexed text, so any punctuation or engine syntax is inert; a group
        left with fewer than two distinct alternatives is dropped."""
        analysed = []
        for phrases in groups:
            alternatives: dict[Alternative, None] = {}
            for phrase in phrases:
                terms = tuple(analysis.terms(str(phrase))[: analysis.MAX_QUERY_TERMS])
                if terms:
                    alternatives.setdefault(terms, None)
            if len(alternatives) >= 2:
                analysed.append(tuple(alternatives)[:MAX_ALTERNATIVES])
        return cls(groups=tuple(analysed))

    @property
    def longest(self) -> int:
        return max((len(phrase) for phrase in self._by_phrase), default=0)

    def spans(self, terms: list[str]) -> list[tuple[int, int, TermGroup | None]]:
        """Where the dictionary applies to `terms`: (start, end, group) for each
        position, left to right; at each position the longest phrase of the
        dictionary that the terms spell is its group (and consumes them), and
        a term it does not spell is a span of one with group None."""
        found: list[tuple[int, int, TermGroup | None]] = []
        position, longest = 0, self.longest
        while position < len(terms):
            for size in range(min(longest, len(terms) - position), 0, -1):
                group = self._by_phrase.get(tuple(terms[position : position + size]))
                if group:
                    found.append((position, position + size, group))
                    position += size
                    break
            else:
                found.append((position, position + 1, None))
                position += 1
        return found

    def expand(self, terms: list[str]) -> list[TermGroup]:
        """The query's terms as OR-groups (see `spans`): a phrase of the
        dictionary becomes its group, any other term a group of itself.
        Repeated groups are kept once."""
        groups: dict[TermGroup, None] = {}
        for start, _end, group in self.spans(terms):
            groups.setdefault(group or ((terms[start],),), None)
        return list(groups)


def has_alternatives(groups: list[TermGroup]) -> bool:
    """True when some group is more than one plain term (an engine then needs
    the OR form of the query)."""
    return any(len(group) > 1 or len(group[0]) > 1 for group in groups)


def all_terms(groups: list[TermGroup]) -> list[str]:
    """Every term of every alternative, once, in order: what highlighting marks."""
    seen: dict[str, None] = {}
    for group in groups:
        for alternative in group:
            for term in alternative:
                seen.setdefault(term, None)
    return list(seen)
