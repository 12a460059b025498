"""What a search cluster must survive, on the live engines CI starts
(`deploy/engines/engines.sh`): a rebuild under continuous searching, one of
three OpenSearch nodes killed, and the whole engine down while the office
decides. Skipped without the engines, failed when CI requires them."""

import io
import threading
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.documents import ACTIVITY_SCHEMA
from catalog.models import ActivityRecord
from procedures.applications.models import Application, ApplicationState
from procedures.examination import services as examination_services
from search.backends import get_index
from search.backends.elasticsearch import OpenSearchIndex
from search.documents import SearchQuery
from search.models import IndexJob
from search.services import divergence
from tests.procedures.letters.test_letter_numbers import awaiting

from .conftest import ENGINES, engine_url, make_index
from .engines import control, node_count, wait_for
from .test_search_backends import doc

WORDS = ["Pertanian", "Peternakan", "Perikanan", "Kehutanan", "Perkebunan"]


def corpus(count: int, *, start: int = 1) -> list:
    return [
        doc(str(n), f"Survei {WORDS[n % len(WORDS)]} Wilayah {n}", year=2020 + n % 6)
        for n in range(start, start + count)
    ]


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_rebuild_under_continuous_search_never_fails_or_comes_back_empty(engine, tmp_path):
    index = make_index(engine, tmp_path)
    documents = corpus(400)
    index.rebuild(documents)
    failures: list[str] = []
    answered = 0
    stop = threading.Event()

    def search_continuously():
        nonlocal answered
        while not stop.is_set():
            try:
                results = index.query(SearchQuery(text="survei", page_size=5))
            except Exception as error:  # noqa: BLE001 — every failure is the finding
                failures.append(repr(error))
                continue
            if results.total != len(documents):
                failures.append(f"total {results.total}")
            answered += 1

    searcher = threading.Thread(target=search_continuously)
    searcher.start()
    try:
        for _ in range(3):
            assert index.rebuild(documents) == len(documents)
    finally:
        stop.set()
        searcher.join()
        index.drop()
    assert failures == []
    assert answered > 20  # the searcher really searched through the swaps


def test_with_one_of_three_nodes_down_searches_and_writes_go_on_and_the_node_rejoins(tmp_path):
    url = engine_url("opensearch")
    assert node_count(url) == 3, "the cluster must start with its three nodes"
    index = make_index("opensearch", tmp_path, replicas=1)
    documents = corpus(300)
    index.rebuild(documents)
    wait_for(lambda: _green(index), what="every shard and its replica assigned")
    try:
        control("nodes/1/stop")
        wait_for(lambda: node_count(url) == 2, what="the cluster to see two nodes")
        for _ in range(30):
            results = index.query(SearchQuery(text="survei", page_size=5))
            assert results.total == len(documents)
            assert sum(option.count for option in results.facets["year"]) == len(documents)
        index.upsert(corpus(5, start=1001))
        found = index.query(SearchQuery(text="survei", page_size=5))
        assert found.total == len(documents) + 5
        assert index.query(SearchQuery(text="wilayah 1003")).total >= 1
    finally:
        control("nodes/1/start")
        wait_for(lambda: node_count(url) == 3, what="the stopped node to rejoin")
        wait_for(lambda: _green(index), what="the replicas to be assigned again")
        index.drop()


def _green(index: OpenSearchIndex) -> bool:
    health = index.client.client.cluster.health(index=index.alias)
    return health["status"] == "green"


@pytest.mark.django_db(transaction=True)
def test_the_whole_engine_down_during_100_decisions_loses_nothing(
    client, settings, applicant, examiner, signatory
):
    url = engine_url("opensearch")
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch.OpenSearchIndex",
            "OPTIONS": {"url": url, "index_prefix": f"rekomstat-down-{uuid.uuid4().hex[:8]}"},
        }
    }
    index = get_index()
    assert index.schema is ACTIVITY_SCHEMA
    index.clear()
    proposals = [awaiting(applicant, examiner, f"Survei Ketahanan Pangan {n}") for n in range(100)]
    try:
        for node in (2, 1, 0):
            control(f"nodes/{node}/stop")
        assert not index.health().ok
        for application in proposals:
            examination_services.sign(application=application, user=signatory)

        # Every decision is kept, with its public record and its pending index job.
        signed = ActivityRecord.objects.filter(source_application_id__in=[p.pk for p in proposals])
        assert signed.count() == 100
        states = Application.objects.filter(pk__in=[p.pk for p in proposals])
        assert set(states.values_list("state", flat=True)) == {ApplicationState.FEASIBLE}
        assert IndexJob.objects.filter(processed_at__isnull=True).count() >= 100
        page = client.get(reverse("catalog:search"), {"q": "pangan"})
        assert page.status_code == 503
        assert "tidak tersedia" in page.content.decode().lower()
    finally:
        for node in (0, 1, 2):
            control(f"nodes/{node}/start")
        wait_for(lambda: node_count(url) == 3, what="the cluster to come back")
    wait_for(lambda: index.health().ok, what="the index to answer again")
    call_command("search_index", "sync", stdout=io.StringIO())
    found = divergence()
    assert found.in_sync
    assert (found.index_count, found.index_checksum) == (
        found.source_count,
        found.source_checksum,
    )
    assert found.source_count == ActivityRecord.objects.count() >= 100
    assert index.query(SearchQuery(text="pangan")).total == 100
    index.drop()
