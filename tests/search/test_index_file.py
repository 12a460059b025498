"""The embedded index folder, attacked while a process serves from it: another
generation swapped in by another process, the folder deleted, deleted around
a write, damaged. The serving process must notice before its next read or
write, never acknowledge a write that did not land in the index in use, and
say what is wrong."""

import datetime
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
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


def generation(path: Path) -> Path:
    """The folder of the generation CURRENT names."""
    return path / json.loads((path / "CURRENT").read_text())["generation"]


def largest_segment_file(path: Path) -> Path:
    files = [f for f in generation(path).iterdir() if f.suffix in {".store", ".idx", ".term"}]
    return max(files, key=lambda f: f.stat().st_size)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "search" / "activities"


@pytest.fixture
def serving(path):
    """An index this process has open and is serving from."""
    index = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    index.upsert([doc("1", "Survei Pertanian Tanaman Pangan")])
    assert found(index, "tani") == ["1"]
    yield index
    index.close()


def test_a_generation_another_process_swaps_in_is_read_at_the_next_query(serving, path):
    """What restoring a copy by hand does: a complete index folder moved in
    beside the one in use, and CURRENT pointed at it."""
    run_python(
        f"""
        import json, os, shutil
        from pathlib import Path
        import django
        django.setup()
        from catalog.documents import ACTIVITY_SCHEMA
        from search.backends.embedded import EmbeddedIndex
        from tests.factories import search_document

        path = Path({str(path)!r})
        other = path.with_name("restored")
        index = EmbeddedIndex(other, schema=ACTIVITY_SCHEMA)
        index.upsert([search_document(
            "2", "Sensus Ternak Sapi", agency="Dinas Peternakan", method="1")])
        name = json.loads((other / "CURRENT").read_text())["generation"]
        shutil.move(other / name, path / name)
        (path / "CURRENT.new").write_text(json.dumps({{"generation": name}}))
        os.replace(path / "CURRENT.new", path / "CURRENT")
        """
    )
    assert found(serving, "sapi") == ["2"]
    assert found(serving, "tani") == []
    # Its writes go to the new generation too.
    serving.upsert([doc("3", "Survei Perikanan Tangkap")])
    assert EmbeddedIndex(path, schema=ACTIVITY_SCHEMA).health().document_count == 2


def test_a_rebuild_in_another_process_is_read_at_the_next_query_and_write(serving, path):
    old = generation(path)
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
    # The old generation is gone; nothing else is left beside the new one.
    assert not old.exists()
    names = sorted(p.name for p in path.iterdir())
    assert names == ["CURRENT", generation(path).name, "rebuild.lock", "write.lock"]


def test_a_folder_deleted_while_serving_is_made_anew_empty_and_reported(serving, path):
    shutil.rmtree(path)
    assert found(serving, "tani") == []  # not answered from the deleted files
    health = serving.health()
    assert health.ok and health.document_count == 0
    assert health.needs_rebuild
    assert "hilang saat dipakai dan dibuat ulang kosong" in health.problems[0]
    assert (path / "CURRENT").exists()

    serving.rebuild([doc("1", "Survei Pertanian Tanaman Pangan")])
    health = serving.health()
    assert (health.problems, health.needs_rebuild) == ((), False)
    assert found(serving, "tani") == ["1"]


def test_a_generation_deleted_under_current_is_made_anew_and_reported(serving, path):
    shutil.rmtree(generation(path))
    assert found(serving, "tani") == []
    assert serving.health().needs_rebuild


def test_another_process_sees_an_index_made_anew_after_a_loss_as_lost(serving, path):
    other = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    assert other.health().document_count == 1
    shutil.rmtree(path)
    # A fresh process makes it first, knowing nothing of the loss.
    assert not EmbeddedIndex(path, schema=ACTIVITY_SCHEMA).health().needs_rebuild
    assert other.health().needs_rebuild  # the one that saw the loss marks it
    assert EmbeddedIndex(path, schema=ACTIVITY_SCHEMA).health().needs_rebuild


@pytest.mark.parametrize("moment", ["before_commit", "after_commit"])
def test_a_write_to_a_folder_deleted_around_its_commit_is_refused(serving, path, moment):
    setattr(serving, moment, lambda: shutil.rmtree(path))
    with pytest.raises(SearchUnavailable) as refused:
        serving.upsert([doc("2", "Sensus Ternak Sapi")])
    assert "replaced or deleted while this change was written" in str(refused.value)
    setattr(serving, moment, None)
    # The next write goes to a new index, which says it is not complete.
    serving.upsert([doc("2", "Sensus Ternak Sapi")])
    assert found(serving, "sapi") == ["2"]
    assert serving.health().needs_rebuild


def test_a_write_waiting_for_a_rebuild_goes_to_the_new_generation(serving, path):
    """A write that waited for the write lock while another index switched
    CURRENT writes to the new generation, not to the old one."""
    other = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    holding, release = threading.Event(), threading.Event()

    def rebuild_holding_the_lock():
        with other.directory.write_lock():
            holding.set()
            release.wait(10)
            other.rebuild([doc("9", "Survei Harga Produsen")])

    rebuilder = threading.Thread(target=rebuild_holding_the_lock)
    rebuilder.start()
    holding.wait(10)
    threading.Timer(0.3, release.set).start()
    serving.upsert([doc("2", "Sensus Ternak Sapi")])  # waits for the rebuild
    rebuilder.join(10)
    assert sorted(hit.id for hit in other.query(SearchQuery()).hits) == ["2", "9"]


def test_an_older_version_never_overwrites_a_newer_one(serving):
    newer = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=datetime.UTC)
    serving.upsert([doc("1", "Sensus Ternak Sapi", updated_at=newer)])
    serving.upsert([doc("1", "Survei Pertanian", updated_at=newer - datetime.timedelta(seconds=1))])
    assert found(serving, "sapi") == ["1"]
    assert dict(serving.stamps()) == {"1": "2026-05-01T10:00:00.000000+00:00"}


def damage_index(path: Path, damage: str) -> None:
    if damage == "meta-garbage":
        meta = generation(path) / "meta.json"
        meta.write_bytes(os.urandom(meta.stat().st_size))
    elif damage == "current-garbage":
        (path / "CURRENT").write_bytes(os.urandom(64))
    elif damage == "segment-header":
        with largest_segment_file(path).open("r+b") as file:
            file.write(os.urandom(4096))
    else:
        segment = largest_segment_file(path)
        os.truncate(segment, segment.stat().st_size // 3)


@pytest.mark.parametrize(
    "damage", ["meta-garbage", "current-garbage", "segment-header", "segment-truncated"]
)
def test_a_damaged_index_is_an_error_with_the_repair_never_an_answer(serving, path, damage):
    serving.upsert([doc(str(n), f"Survei Pertanian {n}") for n in range(2, 3000)])
    damage_index(path, damage)

    health = serving.health(thorough=True)
    assert not health.ok and health.needs_rebuild
    assert "rusak" in health.detail and "search_index sync" in health.detail
    with pytest.raises(SearchUnavailable):
        serving.query(SearchQuery(text="tani"))
    # Every process, not only the one that checked.
    with pytest.raises(SearchUnavailable):
        EmbeddedIndex(path, schema=ACTIVITY_SCHEMA).query(SearchQuery(text="tani"))

    serving.rebuild([doc("1", "Survei Pertanian Tanaman Pangan")])
    assert serving.health(thorough=True).ok
    assert found(serving, "tani") == ["1"]


def test_an_index_of_another_layout_asks_for_a_rebuild(serving, path):
    """An index written with other fields (an older version of this code)."""
    info_file = generation(path) / "rekomstat.json"
    info = json.loads(info_file.read_text())
    info_file.write_text(json.dumps({**info, "layout": "an-older-layout"}))
    EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)  # noqa: B018 - a process opening it anew
    fresh = EmbeddedIndex(path, schema=ACTIVITY_SCHEMA)
    health = fresh.health()
    assert not health.ok and health.needs_rebuild and "format lama" in health.problems[0]
    with pytest.raises(SearchUnavailable):
        fresh.query(SearchQuery(text="tani"))
    fresh.rebuild([doc("1", "Survei Pertanian")])
    assert not fresh.health().needs_rebuild
    assert found(fresh, "tani") == ["1"]
