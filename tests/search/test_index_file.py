"""The embedded index file, attacked while a process serves from it: replaced by
another process, deleted, deleted in the middle of a write, corrupted. The
serving process must notice before its next read or write, never acknowledge
a write that did not land in the file in use, and say what is wrong."""

import datetime
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from catalog.documents import ACTIVITY_SCHEMA
from search.backends import SearchUnavailable
from search.backends.embedded import EmbeddedIndex
from search.documents import SearchQuery
from tests.factories import activity_document

ROOT = Path(__file__).resolve().parents[2]


doc = activity_document


def found(index, text: str) -> list[str]:
    return [hit.id for hit in index.query(SearchQuery(text=text)).hits]


def run_python(code: str) -> None:
    """`code` in a separate Python process (the project on its path)."""
    subprocess.run(  # noqa: S603 - the test's own code, not input
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        check=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def remove_index_files(path: Path) -> None:
    """What `rm var/search/activities.sqlite3*` does."""
    for file in path.parent.glob(f"{path.name}*"):
        file.unlink()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "search" / "activities.sqlite3"


@pytest.fixture
def serving(path):
    """An index this process has open and is serving from."""
    index = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    index.upsert([doc("1", "Survei Pertanian Tanaman Pangan")])
    assert found(index, "tani") == ["1"]
    yield index
    index.close()


def test_a_file_another_process_renames_over_the_index_is_read_at_the_next_query(serving, path):
    run_python(
        f"""
        import os
        from pathlib import Path
        import django
        django.setup()
        from catalog.documents import ACTIVITY_SCHEMA
        from search.backends.embedded import EmbeddedIndex
        from tests.factories import search_document

        path = Path({str(path)!r})
        other = path.with_name("restored.sqlite3")
        index = EmbeddedIndex(other, schema=ACTIVITY_SCHEMA)
        index.upsert([search_document(
            "2", "Sensus Ternak Sapi", agency="Dinas Peternakan", method="1")])
        index.close()
        os.replace(other, path)
        """
    )
    assert found(serving, "sapi") == ["2"]
    assert found(serving, "tani") == []
    # Its writes go to the new file too.
    serving.upsert([doc("3", "Survei Perikanan Tangkap")])
    assert EmbeddedIndex(path, schema=ACTIVITY_SCHEMA).health().document_count == 2


def test_a_rebuild_in_another_process_is_read_at_the_next_query_and_write(serving, path):
    run_python(
        f"""
        import django
        django.setup()
        from catalog.documents import ACTIVITY_SCHEMA
        from search.backends.embedded import EmbeddedIndex
        from tests.factories import search_document

        EmbeddedIndex({str(path)!r}, schema=ACTIVITY_SCHEMA).rebuild([search_document(
            "2", "Sensus Ternak Sapi", agency="Dinas Peternakan", method="1")])
        """
    )
    assert found(serving, "sapi") == ["2"]
    serving.upsert([doc("3", "Survei Perikanan Tangkap")])
    assert sorted(hit.id for hit in serving.query(SearchQuery()).hits) == ["2", "3"]
    # No journal or WAL of the old file is left to pair with the new one.
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "activities.sqlite3",
        "activities.sqlite3.lock",
    ]


def test_a_file_deleted_while_serving_is_made_anew_empty_and_reported(serving, path):
    remove_index_files(path)
    assert found(serving, "tani") == []  # not answered from the deleted file
    health = serving.health()
    assert health.ok and health.document_count == 0
    assert health.needs_rebuild
    assert "hilang saat dipakai dan dibuat ulang kosong" in health.problems[0]
    assert path.exists()

    serving.rebuild([doc("1", "Survei Pertanian Tanaman Pangan")])
    health = serving.health()
    assert (health.problems, health.needs_rebuild) == ((), False)
    assert found(serving, "tani") == ["1"]


def test_another_process_sees_a_file_made_anew_after_a_loss_as_lost(serving, path):
    other = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    assert other.health().document_count == 1
    remove_index_files(path)
    EmbeddedIndex(
        path, schema=ACTIVITY_SCHEMA
    ).health()  # a fresh process makes it first, knowing nothing
    assert other.health().needs_rebuild  # the one that saw the loss marks it


@pytest.mark.parametrize("journal_too", [False, True], ids=["file", "file-and-journal"])
def test_a_write_to_a_file_deleted_before_its_commit_is_refused(serving, path, journal_too):
    connection = serving._local.handle.connection

    def delete_just_before_commit(statement):
        if statement == "COMMIT" and path.exists():
            if journal_too:
                remove_index_files(path)
            else:
                path.unlink()

    connection.set_trace_callback(delete_just_before_commit)
    with pytest.raises(SearchUnavailable) as refused:
        serving.upsert([doc("2", "Sensus Ternak Sapi")])
    if not journal_too:  # committed, to a file no longer there
        assert "replaced or deleted while this change was written" in str(refused.value)
    # The next write goes to a new file, which says it is not complete.
    serving.upsert([doc("2", "Sensus Ternak Sapi")])
    assert found(serving, "sapi") == ["2"]
    assert serving.health().needs_rebuild


def test_a_write_waiting_for_a_rebuild_goes_to_the_new_file(serving, path):
    """A write that waited for the lock while another process renamed a new
    file in writes to the new file, not to the old one."""
    other = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    other.health()
    connection = serving._local.handle.connection
    swapped = []

    def rebuild_elsewhere_first(statement):
        if statement == "BEGIN IMMEDIATE" and not swapped:
            swapped.append(True)
            other.rebuild([doc("9", "Survei Harga Produsen")])

    connection.set_trace_callback(rebuild_elsewhere_first)
    serving.upsert([doc("2", "Sensus Ternak Sapi")])
    assert sorted(hit.id for hit in other.query(SearchQuery()).hits) == ["2", "9"]


def test_an_older_version_never_overwrites_a_newer_one(serving):
    newer = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=datetime.UTC)
    serving.upsert([doc("1", "Sensus Ternak Sapi", updated_at=newer)])
    serving.upsert([doc("1", "Survei Pertanian", updated_at=newer - datetime.timedelta(seconds=1))])
    assert found(serving, "sapi") == ["1"]
    assert dict(serving.stamps()) == {"1": "2026-05-01T10:00:00.000000+00:00"}


@pytest.mark.parametrize("damage", ["garbage", "garbage-header", "truncated"])
def test_a_corrupted_file_is_an_error_with_the_repair_never_an_answer(serving, path, damage):
    serving.upsert([doc(str(n), f"Survei Pertanian {n}") for n in range(2, 3000)])
    size = path.stat().st_size
    if damage == "garbage":
        path.write_bytes(os.urandom(size))
    elif damage == "garbage-header":
        with path.open("r+b") as file:
            file.write(os.urandom(4096))
    else:
        os.truncate(path, size // 3)

    health = serving.health(thorough=True)
    assert not health.ok and health.needs_rebuild
    assert "rusak" in health.detail and "search_index sync" in health.detail
    with pytest.raises(SearchUnavailable):
        serving.query(SearchQuery(text=""))

    serving.rebuild([doc("1", "Survei Pertanian Tanaman Pangan")])
    assert serving.health(thorough=True).ok
    assert found(serving, "tani") == ["1"]


def test_a_file_of_the_first_layout_is_upgraded_and_asks_for_a_rebuild(path):
    """A file written before update stamps (WAL journal, no stamps, no file id)."""
    import sqlite3

    from search.backends import embedded

    path.parent.mkdir(parents=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    for statement in embedded.Layout(ACTIVITY_SCHEMA).statements()[:-1]:
        connection.execute(statement.replace("updated_at TEXT NOT NULL DEFAULT '',", ""))
    connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
    connection.execute("INSERT INTO meta VALUES ('generation', 4)")
    connection.close()

    index = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    index.upsert([doc("1", "Survei Pertanian")])
    assert found(index, "tani") == ["1"]
    health = index.health()
    assert health.ok and health.needs_rebuild and "format lama" in health.problems[0]
    index.rebuild([doc("1", "Survei Pertanian")])
    assert not index.health().needs_rebuild
