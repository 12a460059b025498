"""Spelling ("Maksud Anda"): a corrected query text from the index's vocabulary,
decided here the same way for every backend. A backend only answers two questions
about the words `words_to_check` names (`Index.suggest`):

- is the word known: its exact form in an exact field, or its stem in a
  stemmed field, of at least one document;
- which exact-field words start with the same letter and lie within
  `SUGGEST_DISTANCE` edits of it, with the number of documents holding each.

`corrected_text` then replaces each unknown word by its nearest neighbour,
the most frequent among equally near ones (`best_correction`), and says None
when nothing changed. Nearest first, not most frequent first: "pertanain" is
one edit from "pertanian" but two from the more frequent "pertanahan".
"""

import re
from collections.abc import Mapping, Sequence

from . import analysis
from .clauses import Phrase, Word
from .documents import SearchQuery

# Neighbours a backend looks up: at most this many edits away...
SUGGEST_DISTANCE = 2
# ...but one edit for a word this short or shorter (two edits turn "ipm" into
# any three-letter word), and words shorter than SUGGEST_MIN_LENGTH are kept.
SHORT_WORD_LENGTH = 4
SUGGEST_MIN_LENGTH = 3

_WORD = re.compile(r"[a-z0-9]+")


def allowed_edits(word: str) -> int:
    """Edits a correction of `word` may be away (0: never corrected)."""
    if len(word) < SUGGEST_MIN_LENGTH or not word.isalpha():
        return 0
    return 1 if len(word) <= SHORT_WORD_LENGTH else SUGGEST_DISTANCE


def words_to_check(query: SearchQuery) -> list[str]:
    """Folded words of the query a suggestion may correct, once each: those of
    plain words and phrases long enough to correct (dictionary words are
    known by definition, numbers are never corrected)."""
    found: dict[str, None] = {}
    for clause in query.clauses:
        if isinstance(clause, Word):
            typed: tuple[str, ...] = (clause.word,)
        elif isinstance(clause, Phrase):
            typed = clause.words
        else:
            continue
        for word in typed:
            if allowed_edits(word):
                found.setdefault(word, None)
    return list(found)


def best_correction(word: str, neighbours: Sequence[tuple[str, int]]) -> str | None:
    """The nearest of `neighbours` ((exact word, documents)) that starts with
    `word`'s letter and is within `allowed_edits` of it; among equally near
    ones the most frequent, then the alphabetically first. None when none
    qualifies."""
    limit = allowed_edits(word)
    scored = []
    for candidate, frequency in neighbours:
        if candidate == word or not candidate or candidate[0] != word[0] or frequency <= 0:
            continue
        distance = analysis.edit_distance(word, candidate)
        if distance <= limit:
            scored.append((distance, -frequency, candidate))
    return min(scored)[2] if scored else None


def corrected_text(
    query: SearchQuery,
    *,
    known: set[str] | frozenset[str],
    neighbours: Mapping[str, Sequence[tuple[str, int]]],
) -> str | None:
    """The query's text (folded, spaces tidied, quotes kept) with every word of
    `words_to_check` that is not `known` replaced by its `best_correction`
    among `neighbours[word]`. None when no word could be corrected."""
    corrections = {}
    for word in words_to_check(query):
        if word in known:
            continue
        better = best_correction(word, neighbours.get(word, ()))
        if better:
            corrections[word] = better
    if not corrections:
        return None
    text = analysis.fold(query.text[: analysis.MAX_QUERY_CHARS])
    text = _WORD.sub(lambda match: corrections.get(match.group(), match.group()), text)
    return " ".join(text.split())
