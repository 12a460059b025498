"""Highlighted titles and snippets, computed from the original text.

Both backends store stemmed terms, which are not fit to show; so highlighting
is done here, once, the same way for every backend: a word of the original
text is marked when its stem is one of the query's terms, or when it is what a
typed word matched by typo tolerance (`SearchQuery.typo_words`: same first
letter, within the word's typo distance).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape

from . import analysis
from .documents import Highlight

_WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Wanted:
    """What to mark: words whose stem is one of `stems`, and words near a
    typed word of `typos` ((word, typo distance): same first letter, at most
    that many edits)."""

    stems: frozenset[str]
    typos: tuple[tuple[str, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stems or self.typos)

    def _near(self, part: str) -> bool:
        return any(
            part[:1] == word[:1]
            and abs(len(part) - len(word)) <= distance
            and analysis.edit_distance(part, word) <= distance
            for word, distance in self.typos
        )

    def matches(self, word: str) -> bool:
        return _matches(word, self)


# A page of hits repeats its words: each is decided once (the typo check
# measures edit distances, about 50 µs a word).
@lru_cache(maxsize=8192)
def _matches(word: str, wanted: Wanted) -> bool:
    return any(
        analysis.stem(part) in wanted.stems or (wanted.typos and wanted._near(part))
        for part in analysis.words(word)
    )


@lru_cache(maxsize=256)
def _wanted(terms: tuple[str, ...], typos: tuple[tuple[str, int], ...]) -> Wanted:
    # One object for the hits of one page: their words' decisions are cached by it.
    return Wanted(frozenset(terms), typos)


def mark(text: str, wanted: Wanted) -> str:
    """All of `text`, escaped, with matching words in <mark>."""
    if not wanted:
        return escape(text)
    html, position = [], 0
    for match in _WORD.finditer(text):
        if wanted.matches(match.group()):
            html.append(escape(text[position : match.start()]))
            html.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    html.append(escape(text[position:]))
    return "".join(html)


def snippet(text: str, wanted: Wanted, *, size: int = SNIPPET_WORDS) -> str:
    """About `size` words of `text` around its first matching word, marked."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return ""
    first = next((i for i, (s, e) in enumerate(spans) if wanted and wanted.matches(text[s:e])), 0)
    start_word = max(0, min(first - size // 3, len(spans) - size))
    end_word = min(len(spans), start_word + size)
    start = spans[start_word][0] if start_word else 0
    end = spans[end_word - 1][1] if end_word < len(spans) else len(text)
    body = mark(text[start:end].strip(), wanted)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


def _any_match(text: str, wanted: Wanted) -> bool:
    return bool(wanted) and any(wanted.matches(word) for word in _WORD.findall(text))


def highlight(
    *,
    title: str,
    passages: Sequence[str],
    terms: Iterable[str],
    typos: Iterable[tuple[str, int]] = (),
) -> Highlight:
    """`title` marked whole, and a snippet of the first passage that matches
    (else of the first that is not empty). `typos`: (typed word, typo
    distance) pairs whose near spellings are marked as well."""
    wanted = _wanted(tuple(terms), tuple(typos))
    body = next(
        (text for text in passages if _any_match(text, wanted)),
        next((text for text in passages if text), ""),
    )
    return Highlight(title=mark(title, wanted), snippet=snippet(body, wanted))
