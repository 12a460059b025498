"""Highlighted titles and snippets, computed from the original text.

Both backends store stemmed terms, which are not fit to show; so highlighting
is done here, once, the same way for every backend: a word of the original
text is marked when its stem is one of the query's terms.
"""

import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape

from . import analysis
from .documents import Highlight

_WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30


def _matches(word: str, wanted: frozenset[str]) -> bool:
    return any(analysis.stem(part) in wanted for part in analysis.words(word))


def mark(text: str, wanted: frozenset[str]) -> str:
    """All of `text`, escaped, with matching words in <mark>."""
    if not wanted:
        return escape(text)
    html, position = [], 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), wanted):
            html.append(escape(text[position : match.start()]))
            html.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    html.append(escape(text[position:]))
    return "".join(html)


def snippet(text: str, wanted: frozenset[str], *, size: int = SNIPPET_WORDS) -> str:
    """About `size` words of `text` around its first matching word, marked."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return ""
    first = next((i for i, (s, e) in enumerate(spans) if wanted and _matches(text[s:e], wanted)), 0)
    start_word = max(0, min(first - size // 3, len(spans) - size))
    end_word = min(len(spans), start_word + size)
    start = spans[start_word][0] if start_word else 0
    end = spans[end_word - 1][1] if end_word < len(spans) else len(text)
    body = mark(text[start:end].strip(), wanted)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


def _any_match(text: str, wanted: frozenset[str]) -> bool:
    return bool(wanted) and any(_matches(word, wanted) for word in _WORD.findall(text))


def highlight(*, title: str, passages: Sequence[str], terms: Iterable[str]) -> Highlight:
    """`title` marked whole, and a snippet of the first passage that matches
    (else of the first that is not empty)."""
    wanted = frozenset(terms)
    body = next(
        (text for text in passages if _any_match(text, wanted)),
        next((text for text in passages if text), ""),
    )
    return Highlight(title=mark(title, wanted), snippet=snippet(body, wanted))
