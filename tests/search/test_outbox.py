"""Index jobs travel with the catalog change; a dead engine loses nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from catalog import publishing
from search.documents import SearchQuery
from search.models import IndexJob
from tests.factories import banjarnegara_office, publish_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return banjarnegara_office()


publish = publish_record


def found(index, text):
    return [hit.id for hit in index.query(SearchQuery(text=text)).hits]


def test_publish_writes_a_job_in_its_transaction_and_indexes_after_commit(
    office, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = publish()
        assert IndexJob.objects.filter(document_id=str(record.pk), processed_at=None).exists()
        assert found(search_index, "petani") == []
    assert found(search_index, "petani") == [str(record.pk)]
    assert not IndexJob.objects.filter(processed_at=None).exists()


def test_a_failed_publication_leaves_no_record_and_no_job(office):
    with pytest.raises(Exception, match="sector"):
        publishing.publish(
            recommendation_number="B-2/33040/KS.000/2026",
            title="Survei",
            year=2026,
            agency="Dinas",
            office_code="3304",
            method="2",
            frequency="tahunan",
            sector="99",
            decided_on=datetime.date(2026, 1, 1),
        )
    assert not IndexJob.objects.exists()


def test_update_reindexes_and_unpublish_removes(
    office, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = publish()
    with django_capture_on_commit_callbacks(execute=True):
        publish(title="Sensus Ternak Sapi Perah")
    assert found(search_index, "pangan") == []
    assert found(search_index, "sapi") == [str(record.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.unpublish(recommendation_number=record.recommendation_number)
    assert found(search_index, "sapi") == []


def test_engine_down_keeps_jobs_and_sync_catches_up(
    office, search_index, search_engine_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = publish()  # the drain task runs and fails: the engine cannot open
    job = IndexJob.objects.get(document_id=str(record.pk))
    assert job.processed_at is None and job.attempts == 1 and job.last_error

    with pytest.raises(CommandError, match="tertunda"):
        call_command("search_index", "sync", stdout=io.StringIO())
    assert IndexJob.objects.get(pk=job.pk).attempts == 2

    search_engine_down()  # the engine is back
    out = io.StringIO()
    call_command("search_index", "sync", stdout=out)
    assert "1 tugas diterapkan" in out.getvalue()
    assert found(search_index, "pertanian") == [str(record.pk)]


def test_rebuild_and_status_report_progress(office, search_index):
    records = [publish(number=f"B-{n}/33040/KS.000/2026") for n in range(1, 4)]
    out = io.StringIO()
    with pytest.raises(CommandError, match="TIDAK sesuai") as divergent:
        call_command("search_index", "status", stdout=out)
    assert divergent.value.returncode == 1
    assert "Di indeks   : 0 dokumen" in out.getvalue()
    assert "Tertunda    : 3 tugas" in out.getvalue()
    assert "(3 di antaranya masih punya tugas tertunda)" in out.getvalue()

    out = io.StringIO()
    call_command("search_index", "rebuild", stdout=out)
    assert "3/3 dokumen (100%)" in out.getvalue()
    assert sorted(found(search_index, "tani")) == sorted(str(r.pk) for r in records)

    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "Di indeks   : 3 dokumen" in out.getvalue()
    assert "Tertunda    : 0 tugas" in out.getvalue()
    assert "Indeks sesuai dengan katalog." in out.getvalue()
