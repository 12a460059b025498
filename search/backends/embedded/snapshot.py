"""The columnar snapshot of `docs` that filters, facet counts and paging run on."""

import numpy as np

from ...documents import FacetCount


class DocTable:
    """Facet values and sort order of every document, as numpy arrays indexed
    by rowid; values are dictionary-encoded per facet."""

    def __init__(self, rows: list[tuple], facets: tuple[str, ...]):
        size = max((row[0] for row in rows), default=0) + 1
        self.by_newest = np.array([row[0] for row in rows], dtype=np.int64)
        self.alive = np.zeros(size, dtype=bool)
        self.alive[self.by_newest] = True
        self.newest_rank = np.zeros(size, dtype=np.int64)
        self.newest_rank[self.by_newest] = np.arange(len(rows))
        self.ids = [""] * size
        for row in rows:
            self.ids[row[0]] = row[1]
        self.codes, self.values, self.index = {}, {}, {}
        for position, facet in enumerate(facets, start=2):
            column = np.array([row[position] for row in rows], dtype=str)
            values, inverse = np.unique(column, return_inverse=True) if rows else ([], [])
            codes = np.full(size, -1, dtype=np.int32)
            codes[self.by_newest] = inverse
            self.codes[facet] = codes
            self.values[facet] = [str(value) for value in values]
            self.index[facet] = {value: code for code, value in enumerate(self.values[facet])}

    def contains(self, rowids: np.ndarray) -> np.ndarray:
        inside = rowids < len(self.alive)
        inside[inside] = self.alive[rowids[inside]]
        return inside

    def mask(self, facet: str, rowids: np.ndarray, values: tuple[str, ...]) -> np.ndarray:
        wanted = [self.index[facet][v] for v in values if v in self.index[facet]]
        return np.isin(self.codes[facet][rowids], wanted)

    @staticmethod
    def all_of(masks, size: int) -> np.ndarray:
        combined = np.ones(size, dtype=bool)
        for mask in masks:
            combined &= mask
        return combined

    def counts(self, facet: str, rowids: np.ndarray) -> list[FacetCount]:
        tally = np.bincount(self.codes[facet][rowids], minlength=len(self.values[facet]))
        present = np.flatnonzero(tally)
        order = sorted(
            present.tolist(), key=lambda code: (-int(tally[code]), self.values[facet][code])
        )
        return [FacetCount(value=self.values[facet][c], count=int(tally[c])) for c in order]
