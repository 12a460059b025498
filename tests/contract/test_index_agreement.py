"""What `search_index status` and `sync` rely on, on every backend: the index
reports the update stamp of each document it holds, keeps the newest version
of a document, and says it is healthy when it is."""

import datetime

from search.documents import SearchQuery
from tests.factories import activity_document

MOMENT = datetime.datetime(2026, 5, 1, 10, 0, 0, 123456, tzinfo=datetime.UTC)


def doc(doc_id, title, updated_at=MOMENT):
    return activity_document(doc_id, title, updated_at=updated_at)


def ids(index, text):
    return [hit.id for hit in index.query(SearchQuery(text=text)).hits]


def test_stamps_list_every_document_with_its_update_time(empty_index):
    later = MOMENT + datetime.timedelta(days=1)
    empty_index.upsert([doc("1", "Survei Pertanian"), doc("2", "Sensus Ternak", later)])
    empty_index.upsert([doc("3", "Survei Harga", None)])
    empty_index.delete(["2"])
    assert dict(empty_index.stamps()) == {"1": "2026-05-01T10:00:00.123456+00:00", "3": ""}


def test_a_time_zone_does_not_change_the_stamp(empty_index):
    jakarta = datetime.timezone(datetime.timedelta(hours=7))
    empty_index.upsert([doc("1", "Survei Pertanian", MOMENT.astimezone(jakarta))])
    assert dict(empty_index.stamps()) == {"1": "2026-05-01T10:00:00.123456+00:00"}


def test_an_older_version_never_replaces_a_newer_one(empty_index):
    empty_index.upsert([doc("1", "Sensus Ternak Sapi")])
    empty_index.upsert([doc("1", "Survei Pertanian", MOMENT - datetime.timedelta(seconds=1))])
    assert ids(empty_index, "sapi") == ["1"]
    empty_index.upsert([doc("1", "Survei Pertanian", MOMENT + datetime.timedelta(seconds=1))])
    assert ids(empty_index, "tani") == ["1"]


def test_a_rebuild_keeps_the_stamps_and_a_healthy_index_says_so(empty_index):
    empty_index.rebuild([doc("1", "Survei Pertanian"), doc("2", "Sensus Ternak")])
    assert dict(empty_index.stamps()) == {
        "1": "2026-05-01T10:00:00.123456+00:00",
        "2": "2026-05-01T10:00:00.123456+00:00",
    }
    health = empty_index.health(thorough=True)
    assert health.ok and health.document_count == 2
    assert (health.problems, health.needs_rebuild) == ((), False)
