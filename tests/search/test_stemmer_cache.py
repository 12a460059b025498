"""Random queries must not grow a worker's memory: the stems of distinct words
are kept in one bounded cache, and the Sastrawi stemmer keeps none of its own."""

import gc
import random
import string

from search import analysis


def reachable_objects(root) -> int:
    """How many objects `root` keeps alive (itself included)."""
    seen, stack = set(), [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        stack.extend(gc.get_referents(obj))
    return len(seen)


def random_words(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    # Twelve random letters: distinct, never a stopword, never a short word
    # that skips the stemmer.
    return ["".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(count)]


def test_stems_of_many_distinct_words_stay_within_the_bound():
    analysis.stem.cache_clear()
    stemmer_before = reachable_objects(analysis._stemmer)
    words = random_words(analysis.STEM_CACHE_SIZE + 2_000)
    for start in range(0, len(words), 8):  # queries of 8 words, through the analysis
        analysis.query_terms(" ".join(words[start : start + 8]))

    assert analysis.stem.cache_info().currsize == analysis.STEM_CACHE_SIZE
    # Sastrawi's own cache (CachedStemmer) kept every one of them before.
    assert reachable_objects(analysis._stemmer) == stemmer_before
    # Still the same stems as Sastrawi with its cache.
    assert analysis.analyze("pertanian pendataan kemiskinan") == "tani data miskin"
    analysis.stem.cache_clear()
