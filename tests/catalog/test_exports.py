"""/katalog/unduh.csv and unduh.json: one engine request per download, and the
label of every code beside it."""

import csv
import io
import json
import re

import pytest
from django.utils.formats import date_format

from catalog.codes import CollectionMethod, Frequency, Sector
from catalog.models import ActivityRecord
from search.backends import get_index

pytestmark = pytest.mark.usefixtures("indexed_catalog")


@pytest.fixture
def engine_requests(monkeypatch):
    """Every request the catalog makes to the (real) index, by method name."""
    index = get_index()
    made: list[str] = []
    for name in ("query", "ids", "similar"):
        real = getattr(index, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            made.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(index, name, counted)
    return made


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_a_download_asks_the_engine_once_however_many_records(client, engine_requests, file_format):
    total = client.get("/api/v1/activities?q=data").json()["count"]
    assert total > 200  # more than two of the old 100-record pages
    engine_requests.clear()
    text = download(client, f"/katalog/unduh.{file_format}?q=data")
    assert engine_requests == ["ids"]
    if file_format == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = json.loads(text)
    assert len(rows) == total


def test_the_download_keeps_the_search_order(client):
    rows = list(csv.DictReader(io.StringIO(download(client, "/katalog/unduh.csv?sort=newest"))))
    first_page = client.get("/api/v1/activities?sort=newest&page_size=100").json()["results"]
    assert [row["recommendation_number"] for row in rows[:100]] == [
        result["recommendation_number"] for result in first_page
    ]


def test_csv_rows_carry_labels_beside_codes(client):
    rows = list(csv.DictReader(io.StringIO(download(client, "/katalog/unduh.csv?office=3304"))))
    assert rows
    records = ActivityRecord.objects.in_bulk(
        [row["recommendation_number"] for row in rows], field_name="recommendation_number"
    )
    for row in rows:
        record = records[row["recommendation_number"]]
        assert row["sector"] == record.sector
        assert row["sector_label"] == Sector(record.sector).label
        assert row["method_label"] == CollectionMethod(record.method).label
        assert row["frequency_label"] == Frequency(record.frequency).label
        assert row["decided_on"] == record.decided_on.isoformat()  # as imported
        assert row["decided_on_label"] == date_format(record.decided_on, "j F Y")
        assert row["office_code"] == "3304" and row["office_name"] == record.office_name != ""


def test_json_rows_carry_labels_and_keep_the_promised_columns_first(client):
    rows = json.loads(download(client, "/katalog/unduh.json?sector=1"))
    assert rows and {row["sector_label"] for row in rows} == {str(Sector("1").label)}
    assert list(rows[0])[:3] == ["recommendation_number", "decided_on", "title"]
    assert list(rows[0])[-5:-1] == ["url", "method_label", "frequency_label", "sector_label"]
    assert list(rows[0])[-1] == "decided_on_label"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", rows[0]["decided_on_label"])
