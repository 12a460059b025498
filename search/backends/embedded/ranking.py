"""The order of the matches: by score (BM25 and the boosts of the query
language), ties to the newest, then the key, then the id — the order of every
backend — or "newest" alone, read from one sortable column."""

from collections import Counter

from tantivy import Order, Query

from .layout import DAYS, ID, KEY_HEAD, KEY_NEXT, NEWEST, SEPARATOR

# Matches fetched beyond those needed, for ties across the cut.
EXTRA = 512
# (score or None, address, the `_newest` key when read on the way)
Ranked = tuple[float | None, object, str | None]


def ranked(searcher, found: Query, need: int, *, by_score: bool, count: bool = False):
    """The first `need` matches of `found` in order, and the total when `count`."""
    if not by_score:
        result = searcher.search(
            found, max(need, 1), count=count, order_by_field=NEWEST, order=Order.Asc
        )
        return [(None, address, key) for key, address in result.hits][:need], result.count
    # Scores tie often (a word scores by its best field): hundreds of matches
    # may share the score at the cut, and all of them are needed to order it.
    # Collecting more costs tantivy little next to matching again: ask for
    # plenty at once, and for far more when even that is not enough.
    limit = need + 1 + EXTRA
    while True:
        result = searcher.search(found, limit, count=count)
        hits = result.hits
        # Far enough when the score at the cut differs from the last one fetched.
        if len(hits) < limit or need == 0 or hits[need - 1][0] != hits[-1][0]:
            break
        limit = limit * 8
    cut = hits[need - 1][0] if len(hits) >= need and need else None
    kept = [(score, address) for score, address in hits if cut is None or score >= cut]
    keys = _tie_keys(searcher, kept)
    order = sorted(range(len(kept)), key=lambda i: (-kept[i][0], keys.get(i, ())))
    return [(*kept[i], None) for i in order[:need]], result.count


def _tie_keys(searcher, hits: list[tuple[float, object]]) -> dict[int, tuple]:
    """For each hit (by position) whose score another shares: what orders it
    among them — newest date, then key, then id — read from the columns, and
    from the stored document only where the first 16 bytes of the keys tie."""
    scores = Counter(score for score, _address in hits)
    tied = [i for i, (score, _address) in enumerate(hits) if scores[score] > 1]
    if not tied:
        return {}
    addresses = [hits[i][1] for i in tied]
    columns = zip(
        searcher.fast_field_values(DAYS, addresses),
        searcher.fast_field_values(KEY_HEAD, addresses),
        searcher.fast_field_values(KEY_NEXT, addresses),
        strict=True,
    )
    keys = {
        i: (hits[i][0], -days, head, following)
        for i, (days, head, following) in zip(tied, columns, strict=True)
    }
    alike = Counter(keys.values())
    return {
        i: key[1:] + ((searcher.doc(hits[i][1]).get_first(NEWEST),) if alike[key] > 1 else ("",))
        for i, key in keys.items()
    }


def hit_id(searcher, ranked_hit: Ranked) -> str:
    _score, address, key = ranked_hit
    if key:
        return key.rsplit(SEPARATOR, 1)[1]
    return searcher.doc(address).get_first(ID)
