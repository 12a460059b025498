"""The query language: a visitor's text as an ordered list of clauses, the
same for every backend (`SearchQuery.clauses`).

- A quoted segment (`"..."`, typographic quotes too) is a `Phrase`: its stems
  must appear consecutively and in order within ONE text field. Stopwords are
  dropped at index and query time alike, so positions agree. An unclosed
  quote makes the rest of the text the phrase; a phrase of one word is a plain
  `Word` (not expanded by synonyms: quoted means literal).
- Every other word is a `Word`: its folded form (`word`, matched against the
  exact fields, with typo tolerance) and its `stem` (matched against the
  stemmed fields). Runs of such words are first expanded by the synonym
  dictionary as `Synonyms.expand` does: the words a dictionary phrase spells
  become one `SynonymGroup`, which matches by stem only, any one alternative.

Every clause must match (AND); see `/work/wt/SEARCH-SPEC.md` §1 and
docs/search.md for matching and ranking. Ranking also rewards proximity
(`proximity`): the stems of two or more plain words typed in a row, and of a
synonym alternative of several words, found as a phrase in one field add
`documents.PHRASE_BOOST` — "Dinas Kesehatan" in the agency field ranks above
"dinas" in one field and "kesehatan" in another. This never changes which
documents match. Any input is safe: only folded alphanumeric words ever reach
a clause.
"""

import re
from dataclasses import dataclass

from . import analysis
from .synonyms import Synonyms, TermGroup

# Straight and typographic double quotes (phones type “ ”).
QUOTE = re.compile(r"[\"“”„]")


@dataclass(frozen=True)
class Word:
    """One typed word: matches when `stem` is in a stemmed field, or when
    `word` is within `typo_distance` edits of a word of an exact field.
    A document holding `word` itself ranks above one holding only the stem."""

    word: str
    stem: str

    @property
    def typo_distance(self) -> int:
        """Edits allowed for a typo (0: none), see `analysis.typo_distance`."""
        return analysis.typo_distance(self.word)

    @property
    def stems(self) -> tuple[str, ...]:
        return (self.stem,)

    @property
    def group(self) -> TermGroup:
        return ((self.stem,),)


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase of at least two words: `stems` consecutively and in
    order within one stemmed field (no typo tolerance, no synonyms). `words`
    are the folded forms typed, position for position."""

    words: tuple[str, ...]
    stems: tuple[str, ...]

    @property
    def group(self) -> TermGroup:
        # As a term group (backends without phrases): all of its stems.
        return (self.stems,)


@dataclass(frozen=True)
class SynonymGroup:
    """Typed `words` that spell a phrase of the synonym dictionary: any one
    alternative of `group` matches, an alternative all of its stems, by stem
    only (no exact-form boost, no typo tolerance)."""

    words: tuple[str, ...]
    group: TermGroup

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(analysis.stem(word) for word in self.words)


Clause = Word | Phrase | SynonymGroup


def _segments(text: str) -> list[tuple[bool, str]]:
    """(quoted, text) pieces in order; after an odd quote the rest is quoted."""
    return [(position % 2 == 1, part) for position, part in enumerate(QUOTE.split(text)) if part]


def _unquoted(words: list[str], synonyms: Synonyms) -> list[Clause]:
    stems = [analysis.stem(word) for word in words]
    clauses: list[Clause] = []
    for start, end, group in synonyms.spans(stems):
        if group is None:
            clauses.append(Word(word=words[start], stem=stems[start]))
        else:
            clauses.append(SynonymGroup(words=tuple(words[start:end]), group=group))
    return clauses


def _quoted(words: list[str]) -> list[Clause]:
    if len(words) == 1:
        return [Word(word=words[0], stem=analysis.stem(words[0]))]
    if not words:
        return []
    return [Phrase(words=tuple(words), stems=tuple(analysis.stem(word) for word in words))]


def _size(clause: Clause) -> int:
    return 1 if isinstance(clause, Word) else len(clause.words)


def _cut(clause: Clause, room: int) -> Clause | None:
    """`clause` shortened to `room` words (None when nothing is left)."""
    if room <= 0:
        return None
    if isinstance(clause, Phrase) and len(clause.words) > room:
        return _quoted(list(clause.words[:room]))[0]
    return clause if _size(clause) <= room else None


def parse(text: str, synonyms: Synonyms | None = None) -> list[Clause]:
    """The clauses of a visitor's `text`, in order, each once.

    Bounded like `analysis.query_terms`: the text is cut to MAX_QUERY_CHARS
    and the clauses hold at most MAX_QUERY_TERMS words in all (a phrase past
    the limit is shortened, later clauses dropped)."""
    synonyms = synonyms or Synonyms()
    found: dict[Clause, None] = {}
    size = 0
    for quoted, part in _segments(str(text)[: analysis.MAX_QUERY_CHARS]):
        words = analysis.exact_terms(part)
        for clause in _quoted(words) if quoted else _unquoted(words, synonyms):
            if clause in found:
                continue
            kept = _cut(clause, analysis.MAX_QUERY_TERMS - size)
            if kept is None:
                return list(found)
            found[kept] = None
            size += _size(kept)
    return list(found)


def terms(clauses: list[Clause]) -> list[str]:
    """Distinct stems of the typed words, in order."""
    seen: dict[str, None] = {}
    for clause in clauses:
        for stem in clause.stems:
            seen.setdefault(stem, None)
    return list(seen)


def proximity(clauses: list[Clause]) -> list[tuple[str, ...]]:
    """Stem sequences whose appearance as a phrase in one field is rewarded
    (ranking only): each run of two or more consecutive `Word` clauses, and
    each alternative of two or more stems of a `SynonymGroup`. Once each."""
    found: dict[tuple[str, ...], None] = {}
    run: list[str] = []
    for clause in [*clauses, None]:
        if isinstance(clause, Word):
            run.append(clause.stem)
            continue
        if len(run) >= 2:
            found.setdefault(tuple(run), None)
        run = []
        if isinstance(clause, SynonymGroup):
            for alternative in clause.group:
                if len(alternative) >= 2:
                    found.setdefault(alternative, None)
    return list(found)


def groups(clauses: list[Clause]) -> list[TermGroup]:
    """The clauses as term groups (a phrase: all of its stems), once each."""
    return list(dict.fromkeys(clause.group for clause in clauses))
