"""The index compared with the catalog: `search_index status` says what
differs, `search_index sync` repairs any divergence (not only pending jobs),
and the catalog page says when its answers may be incomplete. Real files, a
real database, and a second process where the attack needs one."""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from catalog.models import ActivityRecord
from search.backends import get_index
from search.documents import SearchQuery
from search.models import IndexJob
from search.services import compare
from tests.conftest import break_search_engine
from tests.factories import banjarnegara_office, publish_record, search_document

ROOT = Path(__file__).resolve().parents[2]

INCOMPLETE = "Indeks pencarian sedang tidak lengkap"
UNAVAILABLE = "Pencarian sedang tidak tersedia"


@pytest.fixture
def office(db):
    return banjarnegara_office()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "var"


@pytest.fixture
def index(settings, data_dir):
    """The embedded index in a data folder of this test's own."""
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.embedded.EmbeddedIndex",
            "OPTIONS": {"path": data_dir / "search" / "activities"},
        }
    }
    index = get_index()
    yield index
    index.close()


def publish(n: int, title: str = "Survei Pertanian Tanaman Pangan"):
    return publish_record(f"B-{n}/33040/KS.000/2026", title)


def publish_indexed(capture, count: int) -> list[ActivityRecord]:
    with capture(execute=True):
        return [publish(n) for n in range(1, count + 1)]


def found(index, text: str) -> list[str]:
    return sorted(hit.id for hit in index.query(SearchQuery(text=text, page_size=100)).hits)


def ids(records) -> list[str]:
    return sorted(str(record.pk) for record in records)


def status() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("search_index", "status", stdout=out)
    except CommandError as error:
        return error.returncode, f"{out.getvalue()}{error}"
    return 0, out.getvalue()


def sync() -> str:
    out = io.StringIO()
    call_command("search_index", "sync", stdout=out)
    return out.getvalue()


def remove_index_files(index) -> None:
    """What `rm -r var/search/activities` does."""
    shutil.rmtree(index.path)


def current_generation(index) -> Path:
    return index.path / json.loads((index.path / "CURRENT").read_text())["generation"]


def test_compare_takes_plain_pairs_and_names_each_difference():
    moment = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=datetime.UTC)
    later = moment + datetime.timedelta(microseconds=1)
    result = compare(
        [("1", "2026-05-01T10:00:00.000000+00:00"), ("2", ""), ("7", "x")],
        [(1, moment), ("2", later), (10, moment), (9, None)],
    )
    assert (result.missing, result.extra, result.stale) == (["9", "10"], ["7"], ["2"])
    assert (result.index_count, result.source_count) == (3, 4)
    assert result.index_checksum != result.source_checksum
    same = compare([("1", "2026-05-01T10:00:00.000000+00:00")], [("1", moment)])
    assert same.in_sync and same.index_checksum == same.source_checksum


def test_status_names_missing_extra_and_stale_ids_and_sync_repairs_them(
    office, index, django_capture_on_commit_callbacks
):
    records = publish_indexed(django_capture_on_commit_callbacks, 4)
    assert status()[0] == 0
    index.delete([str(records[0].pk)])
    index.upsert(
        [
            search_document(
                "999999",
                "Survei Hantu",
                recommendation_number="B-999/33040/KS.000/2020",
                year=2020,
                agency="Dinas Pertanian",
                office_code="3304",
                method="2",
                frequency="tahunan",
                sector="1",
                decided_on=datetime.date(2020, 1, 6),
            )
        ]
    )
    # Changed without its index job (a bulk UPDATE, a restored backup, a bug).
    ActivityRecord.objects.filter(pk=records[1].pk).update(
        title="Sensus Ternak Sapi", updated_at=timezone.now() + datetime.timedelta(minutes=5)
    )

    code, report = status()
    assert code == 1
    assert (
        "Selisih: 1 tidak ada di indeks, 1 berlebih di indeks (tidak ada di katalog), "
        "1 usang (waktu pembaruan berbeda)"
    ) in report
    assert f"tidak ada di indeks (1): {records[0].pk}" in report
    assert "berlebih di indeks (tidak ada di katalog) (1): 999999" in report
    assert f"usang (waktu pembaruan berbeda) (1): {records[1].pk}" in report
    index_sum = report.split("Sidik indeks: ")[1].split()[0]
    catalog_sum = report.split("Sidik katalog: ")[1].split()[0]
    assert index_sum != catalog_sum
    assert "Indeks TIDAK sesuai dengan katalog" in report

    assert "3 dokumen diperbaiki" in sync()
    code, report = status()
    assert code == 0 and "Indeks sesuai dengan katalog." in report
    assert found(index, "sapi") == [str(records[1].pk)]
    assert found(index, "hantu") == []
    assert found(index, "pangan") == ids(records[0:1] + records[2:])


def test_status_shows_a_few_examples_and_counts_the_rest(
    office, index, django_capture_on_commit_callbacks
):
    records = publish_indexed(django_capture_on_commit_callbacks, 13)
    index.clear()
    code, report = status()
    assert code == 1
    shown = ", ".join(str(record.pk) for record in records[:10])
    assert f"tidak ada di indeks (13): {shown} … dan 3 lagi" in report
    assert "13 dokumen diperbaiki" in sync()
    assert status()[0] == 0


def test_a_job_written_to_an_index_deleted_before_it_was_confirmed_stays_pending(
    office, index, django_capture_on_commit_callbacks
):
    index.health()  # this process has the index open
    path = index.path
    # Committed, then the folder is deleted before the write is confirmed.
    index.after_commit = lambda: shutil.rmtree(path)
    with django_capture_on_commit_callbacks(execute=True):
        record = publish(1)
    index.after_commit = None
    job = IndexJob.objects.get(document_id=str(record.pk))
    assert job.processed_at is None
    assert job.attempts == 1 and "replaced or deleted while" in job.last_error

    report = sync()
    assert "Indeks dibangun ulang" in report
    assert IndexJob.objects.get(pk=job.pk).processed_at is not None
    assert found(index, "tani") == [str(record.pk)]
    assert status()[0] == 0


def test_a_file_deleted_while_serving_is_reported_on_the_page_and_repaired_by_sync(
    office, index, client, django_capture_on_commit_callbacks
):
    records = publish_indexed(django_capture_on_commit_callbacks, 3)
    page = client.get("/katalog/", {"q": "tani"})
    assert page.status_code == 200 and INCOMPLETE not in page.text

    remove_index_files(index)
    page = client.get("/katalog/", {"q": "tani"})
    assert page.status_code == 200
    assert INCOMPLETE in page.text  # answered from an empty index, and says so
    code, report = status()
    assert code == 1
    assert "hilang saat dipakai dan dibuat ulang kosong" in report
    assert "3 tidak ada di indeks" in report

    assert "Indeks dibangun ulang" in sync()
    assert status()[0] == 0
    page = client.get("/katalog/", {"q": "tani"})
    assert INCOMPLETE not in page.text
    assert found(index, "tani") == ids(records)


def test_a_corrupt_file_answers_503_is_reported_and_sync_rebuilds_it(
    office, index, client, django_capture_on_commit_callbacks
):
    records = publish_indexed(django_capture_on_commit_callbacks, 3)
    meta = current_generation(index) / "meta.json"
    meta.write_bytes(os.urandom(meta.stat().st_size))

    page = client.get("/katalog/", {"q": "tani"})
    assert page.status_code == 503 and UNAVAILABLE in page.text
    assert client.get("/api/v1/activities", {"q": "tani"}).status_code == 503
    code, report = status()
    assert code == 2
    assert "rusak" in report
    assert "Indeks tidak dapat dibaca; perbaiki dengan: python manage.py search_index sync" in (
        report
    )

    assert "Indeks dibangun ulang" in sync()
    assert status()[0] == 0
    page = client.get("/katalog/", {"q": "tani"})
    assert page.status_code == 200
    assert found(index, "tani") == ids(records)


def test_jobs_that_keep_failing_mark_the_page_until_sync(
    office, index, settings, tmp_path, client, django_capture_on_commit_callbacks
):
    publish_indexed(django_capture_on_commit_callbacks, 1)
    working = settings.SEARCH_BACKENDS
    break_search_engine(settings, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        publish(2)  # its job fails: the engine cannot open
    settings.SEARCH_BACKENDS = working  # the engine is back

    assert INCOMPLETE in client.get("/katalog/").text
    sync()
    assert INCOMPLETE not in client.get("/katalog/").text


def copy_database_for(data_dir: Path) -> str:
    """A DATABASE_URL another process can use to read this test's database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":  # the test database lives in memory
        connection.ensure_connection()
        target = sqlite3.connect(data_dir / "db.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{data_dir / 'db.sqlite3'}"
    user, password = settings["USER"], settings["PASSWORD"] or ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_by_manage_py_in_another_process_is_seen_without_restart(
    office, index, data_dir, client
):
    records = [publish(1), publish(2)]  # committed: their jobs drained after commit
    assert found(index, "tani") == ids(records)
    ActivityRecord.objects.filter(pk=records[0].pk).update(
        title="Sensus Ternak Sapi", updated_at=timezone.now() + datetime.timedelta(minutes=5)
    )  # a change the index has not seen: only a rebuild or sync brings it in
    assert found(index, "sapi") == []

    subprocess.run(
        [sys.executable, "manage.py", "search_index", "rebuild"],
        cwd=ROOT,
        check=True,
        timeout=300,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.base",
            "REKOMSTAT_DATA_DIR": str(data_dir),
            "DATABASE_URL": copy_database_for(data_dir),
            "SEARCH_BACKEND": "embedded",
        },
    )

    assert found(index, "sapi") == [str(records[0].pk)]  # this process, not restarted
    third = publish(3)  # drained by this process, into the new file
    assert found(index, "pangan") == ids([records[1], third])
    assert status()[0] == 0
    assert INCOMPLETE not in client.get("/katalog/").text
