"""Typo tolerance from the index's own words: the exact words of one first
letter that tantivy lists (`terms_with_prefix`), within an edit distance of
the typed word (optimal string alignment: a swap of two neighbouring letters
is one edit, as `search.analysis.edit_distance` counts; measured by rapidfuzz
in C++). A word clause then matches those words with plain term lookups —
only the ones that are not forms of its stem (those match by stem anyway),
so a word spelled right usually needs no typo lookup at all.
"""

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ... import analysis
from ...clauses import Word
from ...documents import SearchQuery
from .layout import EXACT_ALL

# Typo terms of one query: typed word -> the index's words it also matches.
TypoTerms = dict[str, tuple[str, ...]]


def neighbours(searcher, word: str, distance: int) -> list[tuple[str, int]]:
    """(exact word, documents holding it) of the same first letter within
    `distance` edits of `word`, the word itself included when indexed."""
    if not word or distance <= 0:
        return []
    listed = searcher.terms_with_prefix(EXACT_ALL, word[0])
    found = process.extract(
        word,
        [term for term, _count in listed],
        scorer=OSA.distance,
        score_cutoff=distance,
        limit=None,
    )
    return [listed[position] for _term, _distance, position in found]


def typo_terms(searcher, query: SearchQuery, cache: dict) -> TypoTerms:
    """For each typo-tolerant word of `query`: the words of the index it
    matches by typo alone. `cache` belongs to one searcher (one state of the
    index), so a repeated query costs no lookup."""
    found = {}
    for clause in query.clauses:
        if not (isinstance(clause, Word) and clause.typo_distance):
            continue
        key = (clause.word, clause.typo_distance)
        if key not in cache:
            cache[key] = tuple(
                term
                for term, _count in neighbours(searcher, clause.word, clause.typo_distance)
                if analysis.stem(term) != clause.stem
            )
        found[clause.word] = cache[key]
    return found
