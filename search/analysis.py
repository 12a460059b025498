"""Indonesian text analysis shared by every search backend.

Both backends index and query the *output* of this module (lowercased, folded,
stemmed terms separated by spaces), so the embedded index and Elasticsearch
match exactly the same words: `pertanian`, `petani` and `tani` all become `tani`.

Each text is indexed twice: stemmed (`analyze`, what matching is about) and
exact (`exact`: the same words folded, stopwords dropped, NOT stemmed), which
ranks the form the visitor typed first and is where typos are looked up. Both
drop the same words, so `terms(text)[i] == stem(exact_terms(text)[i])`: the
positions of the two forms agree word for word.
"""

import re
import unicodedata
from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# A query longer than this is cut: nobody types more, and it bounds the work.
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 24

# Function words that carry no meaning for matching; dropped at index and query
# time alike so "survei kepuasan terhadap pelayanan" does not require "terhadap".
STOPWORDS = frozenset(
    """ada adalah agar akan antara atas atau bagi bahwa baik belum beberapa
    bisa dalam dan dapat dari dengan di hanya ini itu jika juga ke kepada karena
    lain lebih maka masih melalui menjadi mereka namun oleh pada para per sebagai
    secara sedang sehingga serta sudah tentang terhadap tersebut untuk yaitu yang""".split()
)

# Distinct words whose stems are kept. The catalog's vocabulary is a few
# thousand words, so nearly every indexed word is a hit; random query words
# evict each other instead of growing the worker (about 250 bytes a word).
STEM_CACHE_SIZE = 20_000

_TOKEN = re.compile(r"[a-z0-9]+")
# The bare stemmer, not `StemmerFactory().create_stemmer()`: that one wraps it in
# Sastrawi's CachedStemmer, a dict that keeps every word ever stemmed, so random
# queries grew a worker's memory without bound. `stem` below is the one cache.
_stemmer = Stemmer(ArrayDictionary(StemmerFactory().get_words()))


def fold(text: str) -> str:
    """Lowercase and strip accents; punctuation and control characters become
    spaces (the tokenizer drops them)."""
    text = str(text)
    if text.isascii():  # nearly every record: skip the per-character walk
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """Folded words of `text`, in order, stopwords kept (for highlighting)."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str) -> str:
    """The Sastrawi stem of one folded word. Sastrawi is slow (about 0.1 ms a
    word) and the vocabulary small, so stems are cached, at most
    `STEM_CACHE_SIZE` of them (least recently used go first)."""
    if word.isdigit() or len(word) <= 3:
        return word
    return _stemmer.stem(word) or word


def terms(text: str) -> list[str]:
    """Stemmed terms of `text` without stopwords: what gets indexed."""
    return [stem(word) for word in words(text) if word not in STOPWORDS]


def analyze(text: str) -> str:
    """`terms` joined by spaces: the form both backends store and match."""
    return " ".join(terms(text))


def exact_terms(text: str) -> list[str]:
    """Folded words of `text` without stopwords, NOT stemmed: the exact form
    ("pendataan" stays "pendataan"), position for position beside `terms`."""
    return [word for word in words(text) if word not in STOPWORDS]


def exact(text: str) -> str:
    """`exact_terms` joined by spaces: what every backend stores in a field's
    exact form (split on whitespace only)."""
    return " ".join(exact_terms(text))


# Typo tolerance of a query word (in edits, a transposition counting as one):
# none below FUZZY_MIN_LENGTH letters, where one edit makes another word.
FUZZY_MIN_LENGTH = 5
FUZZY_TWO_EDITS_LENGTH = 8


def typo_distance(word: str) -> int:
    """How many edits a folded query word may be from a word of an exact
    field and still match it: 0 below 5 letters or when it holds a digit
    (numbers and codes are never "corrected"), 1 for 5–7 letters, 2 for 8 or
    more. The first letter must be equal in any case (prefix length 1)."""
    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
        return 0
    return 1 if len(word) < FUZZY_TWO_EDITS_LENGTH else 2


def edit_distance(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, substitutions and
    transpositions of adjacent letters, each one edit (optimal string
    alignment, what Lucene's fuzzy queries count with transpositions on)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def query_terms(text: str) -> list[str]:
    """Distinct terms of a user's query, in order, bounded in length and count.

    Any input is safe: FTS or Lucene syntax, quotes, `*`, control characters
    and very long strings all reduce to plain alphanumeric terms.
    """
    seen: dict[str, None] = {}
    for term in terms(str(text)[:MAX_QUERY_CHARS]):
        seen.setdefault(term, None)
        if len(seen) == MAX_QUERY_TERMS:
            break
    return list(seen)
