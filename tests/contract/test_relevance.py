"""The judged relevance set (`relevance.toml`) on every backend: the demo
catalog (`demo.py`, the 320 records of `manage.py seed --demo`) and the seeded
acronym dictionary, and per query

- recall@10: every record judged relevant is among the first ten results (of
  the first ten when more than ten are relevant: then the first ten are all
  relevant);
- its ordering check (`first`, `above`/`below`, `leading`, or `nothing`).

`needs` names the parts of the query language a query exercises (phrase,
typo, exact, proximity); every query passes on every backend. `exactly`:
nothing but the relevant records is found (the phrases).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from search import analysis
from search.documents import SearchQuery

from .conftest import BACKENDS, ENGINES, make_index
from .demo import by_number, demo_documents, demo_synonyms

RELEVANCE_FILE = Path(__file__).with_name("relevance.toml")
TOP = 10
FEATURES = {"phrase", "typo", "exact", "proximity"}
KINDS = {"akronim", "salah ketik", "imbuhan", "instansi", "wilayah", "frasa", "kata"}
# The ordering checks a query may have (exactly one).
ORDER_CHECKS = [{"first"}, {"above", "below"}, {"leading"}, {"leading", "count"}, {"nothing"}]


@dataclass(frozen=True)
class Judged:
    text: str
    kind: str
    why: str
    relevant: tuple[str, ...]
    order: dict = field(hash=False)
    needs: tuple[str, ...] = ()
    exactly: bool = False


def _order(order: dict, relevant: tuple[str, ...]) -> dict:
    """The ordering check with "relevant" standing for the relevant records."""
    return {key: relevant if value == "relevant" else value for key, value in order.items()}


def load() -> list[Judged]:
    entries = tomllib.loads(RELEVANCE_FILE.read_text(encoding="utf-8"))["query"]
    return [
        Judged(
            text=entry["text"],
            kind=entry["kind"],
            why=entry["why"],
            relevant=tuple(entry.get("relevant", ())),
            order=_order(entry["order"], tuple(entry.get("relevant", ()))),
            needs=tuple(entry.get("needs", ())),
            exactly=entry.get("exactly", False),
        )
        for entry in entries
    ]


JUDGED = load()


def test_the_set_is_large_varied_and_names_real_records():
    assert len(JUDGED) >= 40
    assert len({judged.text.casefold() for judged in JUDGED}) == len(JUDGED)
    assert {judged.kind for judged in JUDGED} == KINDS
    numbers = by_number()
    for judged in JUDGED:
        assert judged.why, judged.text
        assert set(judged.needs) <= FEATURES, judged.text
        assert set(judged.order) in ORDER_CHECKS, judged.text
        named = [*judged.relevant, *_ids_in(judged.order)]
        assert all(number in numbers for number in named), (judged.text, named)
        assert len(set(judged.relevant)) == len(judged.relevant), judged.text


def _ids_in(order: dict) -> list[str]:
    return [n for key in ("first", "above", "below") for n in order.get(key, ())]


@pytest.fixture(scope="module")
def demo_indexes(tmp_path_factory):
    """The demo catalog indexed once per backend for the whole module."""
    built = {}

    def get(backend: str):
        if backend not in built:
            index = make_index(backend, tmp_path_factory.mktemp(backend))
            index.rebuild(demo_documents())
            built[backend] = index
        return built[backend]

    yield get
    for backend, index in built.items():
        if backend in ENGINES:
            index.drop()


def _cases():
    for judged in JUDGED:
        for backend in BACKENDS:
            yield pytest.param(backend, judged, id=f"{backend}-{judged.text}")


def _title_words(number: str) -> set[str]:
    return set(analysis.words(by_number()[number].text("title")))


@pytest.mark.parametrize(("backend", "judged"), list(_cases()))
def test_judged_query(demo_indexes, backend, judged):
    index = demo_indexes(backend)
    query = SearchQuery(text=judged.text, synonyms=demo_synonyms(), page_size=50)
    results = index.query(query)
    numbers_by_id = {document.id: document.key for document in demo_documents()}
    found = [numbers_by_id[hit.id] for hit in results.hits]
    top = found[:TOP]

    if judged.relevant:
        wanted = min(TOP, len(judged.relevant))
        hits = [number for number in top if number in judged.relevant]
        missing = sorted(set(judged.relevant) - set(found[:TOP]))
        assert len(hits) == wanted, f"recall@10 {len(hits)}/{wanted}; missing {missing}; top {top}"

    if judged.exactly:
        assert sorted(found) == sorted(judged.relevant), f"found {found}"

    order = judged.order
    if "nothing" in order:
        assert results.total == 0, top
    if "first" in order:
        first = order["first"]
        assert set(found[: len(first)]) == set(first), f"first {found[: len(first)]}"
    if "above" in order:
        position = {number: place for place, number in enumerate(found)}
        last_better = max(position.get(n, len(found)) for n in order["above"])
        first_worse = min(position.get(n, len(found) + 1) for n in order["below"])
        assert last_better < first_worse, f"{top} ranks a 'below' record over an 'above' one"
    if "leading" in order:
        word, count = order["leading"], order.get("count", TOP)
        titles = [by_number()[number].text("title") for number in found[:count]]
        assert len(titles) == count and all(
            word in _title_words(number) for number in found[:count]
        ), titles
