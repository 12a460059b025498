"""The deterministic demo-record generator (no database needed)."""

import csv
import datetime
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from bench.import_activities import write_jsonl
from catalog.codes import CollectionMethod, Frequency, Sector
from catalog.demo_content import CONTENT_DIR, DemoContentError, load_demo_content
from catalog.demo_data import CSV_COLUMNS, DEMO_OFFICES, generate_activities, write_csv
from catalog.validation import IMPORT_COLUMNS, clean_activity

KEYS = {
    "recommendation_number",
    "title",
    "year",
    "agency",
    "office_code",
    "office_name",
    "method",
    "frequency",
    "coverage",
    "sector",
    "objective",
    "variables",
    "decided_on",
}
NUMBER = re.compile(r"^B-[1-9]\d*/(\d{4})0/KS\.000/(\d{4})$")

# Digests of the generator's files, recorded before the vocabulary moved from code
# to site/content/demo/: the move (and any later reshaping) must not change a byte.
# Change them only when the demo content is changed on purpose.
OTHER_OFFICES = (
    ("3301", "BPS Kabupaten Cilacap", "Kabupaten Cilacap"),
    ("0000", "Badan Pusat Statistik", ""),
    ("3100", "BPS Provinsi X", "Provinsi X"),
)
RECORDED_DIGESTS = [
    (
        {"count": 10_000, "seed": 3304},
        "8088dcbf34c44d2ab5d653ab20fad41302b41ebe6b248ede1368085b6b322738",
        "fb192a5f487caa80951a9fafc7db311d29af0eb7340d6a26cb3457754795a016",
    ),
    (
        {"count": 2_000, "seed": 7, "offices": OTHER_OFFICES, "years": range(2020, 2023)},
        "1db69e531a3eb1e638dc76056406ed98f18abbf2e3e796082ede2779f2248988",
        "55a31017f21166b12fa6554364218c6ff3f2c93c939f37647bedc769723965b7",
    ),
]


def test_same_seed_gives_same_rows_and_another_seed_other_rows():
    assert list(generate_activities(200)) == list(generate_activities(200))
    assert list(generate_activities(200, seed=1)) != list(generate_activities(200))


def test_recommendation_numbers_are_unique_and_in_letter_style():
    rows = list(generate_activities(5_000))
    assert len({row["recommendation_number"] for row in rows}) == 5_000
    for row in rows:
        office, year = NUMBER.match(row["recommendation_number"]).groups()
        assert (office, int(year)) == (row["office_code"], row["year"])


def test_every_field_has_a_valid_value():
    offices = {code: name for code, name, _region in DEMO_OFFICES}
    for row in generate_activities(1_000):
        assert set(row) == KEYS
        assert row["method"] in CollectionMethod.values
        assert row["frequency"] in Frequency.values
        assert row["sector"] in Sector.values
        assert offices[row["office_code"]] == row["office_name"]
        assert 3 <= len(row["variables"]) <= 10
        assert not any(";" in name for name in row["variables"])
        assert row["year"] in range(2019, 2027)
        assert datetime.date.fromisoformat(row["decided_on"]).year == row["year"]
        assert 1 <= row["objective"].count(". ") + 1 <= 3 and row["objective"].endswith(".")


def test_titles_are_varied_and_the_method_fits_the_title():
    rows = list(generate_activities(300))
    assert len({row["title"] for row in rows}) >= 150
    kinds = {"Survei": "2", "Pendataan": "1", "Sensus": "1", "Kompilasi": "3", "Pemanfaatan": "4"}
    for row in rows:
        first_word = row["title"].split()[0]
        if first_word in kinds:
            assert row["method"] == kinds[first_word], row["title"]
    assert {row["office_code"] for row in rows} == {"3304", "3300", "0000"}
    assert sum(row["office_code"] == "3304" for row in rows) > 150  # about 60%


def test_other_offices_are_spread_evenly():
    offices = (("3301", "BPS Kabupaten Cilacap", "Kabupaten Cilacap"), ("3302", "x", "Kab. Y"))
    rows = list(generate_activities(1_000, offices=offices, years=range(2024, 2026)))
    cilacap = [row for row in rows if row["office_code"] == "3301"]
    assert 400 < len(cilacap) < 600
    assert all(row["coverage"] == "Kabupaten Cilacap" for row in cilacap)
    assert {row["year"] for row in rows} == {2024, 2025}


def test_rows_pass_the_import_checks():
    offices = {code: name for code, name, _region in DEMO_OFFICES}
    for row in generate_activities(300):
        cleaned, errors = clean_activity(row, offices=offices)
        assert errors == {}, row
        assert cleaned["variables"] == row["variables"]


def test_csv_reads_back_to_the_same_values(tmp_path):
    rows = list(generate_activities(300))
    path = tmp_path / "kegiatan.csv"
    assert write_csv(rows, path) == 300
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == CSV_COLUMNS == IMPORT_COLUMNS
        read = list(reader)
    for row, line in zip(rows, read, strict=True):
        assert line["variables"].split(";") == row["variables"]
        assert int(line["year"]) == row["year"]
        for column in set(CSV_COLUMNS) - {"variables", "year"}:
            assert line[column] == row[column]


def test_jsonl_has_one_object_per_row_without_office_name(tmp_path):
    rows = list(generate_activities(50))
    path = tmp_path / "kegiatan.jsonl"
    write_jsonl(rows, path)
    read = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    expected = [{key: row[key] for key in CSV_COLUMNS} for row in rows]
    assert read == expected


@pytest.mark.parametrize(("arguments", "csv_digest", "jsonl_digest"), RECORDED_DIGESTS)
def test_files_are_byte_identical_to_the_recorded_ones(
    tmp_path, arguments, csv_digest, jsonl_digest
):
    write_csv(generate_activities(**arguments), tmp_path / "kegiatan.csv")
    write_jsonl(generate_activities(**arguments), tmp_path / "kegiatan.jsonl")
    assert hashlib.sha256((tmp_path / "kegiatan.csv").read_bytes()).hexdigest() == csv_digest
    assert hashlib.sha256((tmp_path / "kegiatan.jsonl").read_bytes()).hexdigest() == jsonl_digest


LEADS_OF_OTHER = """OTHER = [
    "Memanfaatkan sumber data digital untuk memantau",
    "Menyediakan informasi cepat tentang",
    "Mengembangkan statistik eksperimental tentang",
]
"""


def broken_copy(tmp_path, file_name, old, new):
    """A copy of the shipped demo content with one text replaced in one file."""
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_the_shipped_content_is_what_the_generator_reads():
    content = load_demo_content()
    assert content is load_demo_content(CONTENT_DIR)  # read once
    assert CONTENT_DIR == Path(settings.SITE_DIR) / "content" / "demo"
    titles = {row["title"].split(" Tahun ")[0] for row in generate_activities(2_000)}
    kinds = tuple(content.phrases.kinds)
    assert all(title.startswith(kinds) for title in titles)


@pytest.mark.parametrize(
    ("file_name", "old", "new", "message"),
    [
        (
            "topics.toml",
            'sector = "AGRICULTURE"',
            'sector = "AGRICULTURAL"',
            "topic #1 → sector: Value error, unknown name 'AGRICULTURAL'; use one of",
        ),
        (
            "topics.toml",
            "variables = [",
            'variabels = ["Luas panen padi"]\nvariables = [',
            "topic #1 → variabels: Extra inputs are not permitted",
        ),
        (
            "topics.toml",
            '"Luas tanam padi",',
            '"Luas tanam; padi",',
            "topic #1 → variables #2: Value error, a variable name may not contain ';'",
        ),
        (
            "topics.toml",
            'frequencies = "subround"',
            'frequencies = "sub-round"',
            "topic #1 → frequencies: no bag 'sub-round' in [frequencies]; use one of once,",
        ),
        (
            "topics.toml",
            'kinds = ["Survei"]',
            'kinds = ["Surve"]',
            "topic #1 → kinds: 'Surve' not in [kinds] of phrases.toml",
        ),
        (
            "topics.toml",
            'prices = ["MONTHLY", "MONTHLY", "WEEKLY"]',
            'prices = ["MONTHLY", "MONTHLY", "WEEKLY"]\nprices = ["DAILY"]',
            "not valid TOML: Cannot overwrite a value (at line",
        ),
        (
            "phrases.toml",
            '"Pendataan" = "CENSUS"',
            '"Pendataan" = "SENSUS"',
            "kinds → Pendataan: Value error, unknown name 'SENSUS'; use one of CENSUS,",
        ),
        (
            "phrases.toml",
            '"Hasilnya digunakan sebagai bahan {use}."',
            '"Hasilnya digunakan sebagai bahan {guna}."',
            "use_sentences #1: Value error, a use sentence must contain {use}",
        ),
        (
            "phrases.toml",
            LEADS_OF_OTHER,
            "",
            "phrases.toml: leads: OTHER is missing (a kind in [kinds] has this method)",
        ),
        (
            "areas.toml",
            'national = "Seluruh Indonesia"',
            "",
            "areas.toml: national: Field required",
        ),
        (
            "areas.toml",
            '"3304" = [',
            '"3304" = "Kecamatan Susukan"\nignored = [',
            "areas.toml: sub_areas → 3304: Input should be a valid tuple",
        ),
    ],
)
def test_a_broken_content_file_is_refused_naming_the_file_and_the_key(
    tmp_path, file_name, old, new, message
):
    directory = broken_copy(tmp_path, file_name, old, new)
    with pytest.raises(DemoContentError) as refused:
        load_demo_content(directory)
    assert str(refused.value).startswith(f"{directory / file_name}: ")
    assert message in str(refused.value)


def test_a_missing_content_file_is_named(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "areas.toml").unlink()
    with pytest.raises(DemoContentError, match="areas.toml: file not found"):
        load_demo_content(tmp_path)
