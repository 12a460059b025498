"""Searches of the current generation: the ranked page, every id, similar
documents, stamps and health."""

import contextlib
import math
from collections import Counter
from collections.abc import Iterator

from tantivy import Occur, Order, Query

from ... import analysis
from ...documents import MAX_RESULT_WINDOW, Health, Hit, SearchQuery, SearchResults
from ...highlight import highlight
from ...spelling import SUGGEST_DISTANCE
from ..base import IndexCorrupt, SearchUnavailable, Vocabulary
from . import facets, ranking
from .handle import IndexHandle, engine_error
from .layout import (
    ALL,
    EXACT_ALL,
    ID,
    ID_STAMP,
    SEPARATOR,
    SIMILAR,
)
from .queries import QueryBuilder
from .store import LOST
from .typos import neighbours, typo_terms

SIMILAR_TERMS = 12


def _window(limit: int) -> int:
    return max(0, min(int(limit), MAX_RESULT_WINDOW))


class IndexReads(IndexHandle):
    """The read part of `EmbeddedIndex`."""

    queries: QueryBuilder

    @contextlib.contextmanager
    def _reading(self):
        """The current searcher; tantivy's failures as this layer's errors."""
        opened = self.opened()
        try:
            yield opened
        except (SearchUnavailable, ValueError) as error:
            if isinstance(error, SearchUnavailable):
                raise
            raise engine_error(self.directory, error, "search") from error
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            raise engine_error(self.directory, error, "search") from error

    # -- the interface ------------------------------------------------------

    def query(self, query: SearchQuery) -> SearchResults:
        self.schema.check(query)
        terms, typos = query.highlight_terms, query.typo_words
        with self._reading() as opened:
            searcher = opened.searcher
            near = typo_terms(searcher, query, opened.typos)
            text = self.queries.scored(query, near)
            found = self.queries.combine(text, self.queries.filters(query))
            counting = query.with_facets and facets.count_meanwhile(
                searcher, self.queries, query, near
            )
            try:
                page, total = ranking.ranked(
                    searcher,
                    found,
                    query.offset + query.page_size,
                    by_score=text is not None and query.sort == "relevance",
                    count=True,
                )
                hits = []
                for score, address, _key in page[query.offset :]:
                    stored = searcher.doc(address)
                    title, passages = self.layout.shown(stored)
                    shown = highlight(title=title, passages=passages, terms=terms, typos=typos)
                    hits.append(Hit(id=stored.get_first(ID), score=score, highlight=shown))
            except BaseException:
                if counting:
                    facets.wait_quietly(counting)
                raise
            counted = counting.result() if counting else {}
        return SearchResults(query=query, total=total, hits=hits, facets=counted)

    def ids(self, query: SearchQuery, *, limit: int = MAX_RESULT_WINDOW) -> list[str]:
        self.schema.check(query)
        with self._reading() as opened:
            searcher = opened.searcher
            text = self.queries.scored(query, typo_terms(searcher, query, opened.typos))
            found = self.queries.combine(text, self.queries.filters(query))
            page, _total = ranking.ranked(
                searcher,
                found,
                _window(limit),
                by_score=text is not None and query.sort == "relevance",
            )
            return [ranking.hit_id(searcher, hit) for hit in page]

    def similar(self, doc_id: str, *, limit: int = 5) -> list[Hit]:
        with self._reading() as opened:
            searcher = opened.searcher
            found = searcher.search(Query.term_query(self.layout.tantivy_schema, ID, doc_id), 1)
            if not found.hits:
                return []
            frequency = Counter((searcher.doc(found.hits[0][1]).get_first(SIMILAR) or "").split())
            total = searcher.num_docs

            def weight(term):  # tf-idf; a term only this document has says nothing
                df = searcher.doc_freq(ALL, term)
                return frequency[term] * math.log(total / df) if df > 1 else 0.0

            weights = {term: weight(term) for term in frequency}
            chosen = [t for t in sorted(frequency, key=weights.get, reverse=True) if weights[t] > 0]
            if not chosen[:SIMILAR_TERMS]:
                return []
            fields = {name: self.layout.text_fields[name] for name in self.schema.similarity_fields}
            like = Query.boolean_query(
                [
                    *(
                        (Occur.Should, self.queries.term_in_any_field(t, fields))
                        for t in chosen[:12]
                    ),
                    (Occur.MustNot, Query.term_query(self.layout.tantivy_schema, ID, doc_id)),
                ]
            )
            page, _total = ranking.ranked(searcher, like, max(0, int(limit)), by_score=True)
            hits = []
            for score, address, _key in page:
                stored = searcher.doc(address)
                title, passages = self.layout.shown(stored)
                hits.append(
                    Hit(
                        id=stored.get_first(ID),
                        score=score,
                        highlight=highlight(title=title, passages=passages, terms=[]),
                    )
                )
            return hits

    def vocabulary(self, words: list[str]) -> Vocabulary:
        """Known: the word in an exact field or its stem in a stemmed field.
        Neighbours: exact words of the same first letter within the spelling
        distance, with how many documents hold each (tantivy lists the terms
        of a prefix; the distance is measured here, as `search.spelling` does)."""
        known, found = set(), {}
        with self._reading() as opened:
            searcher = opened.searcher
            for word in words:
                if searcher.doc_freq(EXACT_ALL, word) or searcher.doc_freq(
                    ALL, analysis.stem(word)
                ):
                    known.add(word)
                else:
                    found[word] = neighbours(searcher, word, SUGGEST_DISTANCE)
        return known, found

    def stamps(self) -> Iterator[tuple[str, str]]:
        with self._reading() as opened:
            searcher = opened.searcher
            total = searcher.num_docs
            if not total:
                return iter([])
            result = searcher.search(
                Query.all_query(), total, count=False, order_by_field=ID_STAMP, order=Order.Asc
            )
            pairs = [tuple(key.split(SEPARATOR, 1)) for key, _address in result.hits]
        return iter(pairs)

    def health(self, *, thorough: bool = False) -> Health:
        try:
            opened = self.opened()
            count = opened.searcher.num_docs
            if thorough:
                damage = self.directory.verify(opened.name)
                if damage:
                    self.directory.mark_corrupt(opened.name, "; ".join(damage))
                    raise self.directory.corrupt("; ".join(damage))
        except IndexCorrupt as error:
            reason = getattr(error, "reason", str(error))
            problem = (
                "indeks berformat lama (tanpa bidang yang kini dicari)"
                if getattr(error, "outdated", False)
                else f"indeks rusak ({reason})"
            )
            return Health(
                backend=self.name,
                ok=False,
                document_count=None,
                detail=str(error),
                problems=(problem,),
                needs_rebuild=True,
            )
        except SearchUnavailable as error:
            return Health(backend=self.name, ok=False, document_count=None, detail=str(error))
        problems = []
        if opened.info.get("origin") == LOST:
            problems.append(
                "indeks hilang saat dipakai dan dibuat ulang kosong pada "
                f"{opened.info.get('created_at', '?')}; kegiatan yang sudah ada belum masuk indeks"
            )
        return Health(
            backend=self.name,
            ok=True,
            document_count=count,
            detail=str(self.path),
            problems=tuple(problems),
            needs_rebuild=bool(problems),
        )
