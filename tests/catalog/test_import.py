"""`manage.py import_activities`: good rows kept, bad rows named by line."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from catalog.models import ActivityRecord
from catalog.publishing import publish
from tests.factories import banjarnegara_office

pytestmark = pytest.mark.django_db

HEADER = (
    "recommendation_number,title,year,agency,office_code,method,frequency,coverage,sector,"
    "objective,variables,decided_on\n"
)
GOOD = (
    "B-1/33040/KS.000/2025,Survei Pertanian Tanaman Pangan,2025,Dinas Pertanian,3304,Survei,"
    'Tahunan,Kabupaten Banjarnegara,Pertanian dan Perikanan,"Mengetahui produksi, luas panen",'
    "Luas panen;Produksi padi,2025-03-01\n"
)
BAD_ROWS = (
    "B-2/33040/KS.000/2025,Pendataan Keluarga Miskin,dua ribu,Dinas Sosial,3304,1,tahunan,,21,,,"
    "2025-03-02\n"
    "B-3/33040/KS.000/2025,Survei Gizi,2025,Dinas Kesehatan,9999,2,tahunan,,9,,,2025-03-03\n"
    "B-4/33040/KS.000/2025,Survei Harga,2025,Dinas Perdagangan,3304,7,kadang,,17,,,03/04/2025\n"
)


@pytest.fixture(autouse=True)
def office(db):
    banjarnegara_office()


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_activities", str(path), stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def test_good_csv_rows_are_imported_with_codes_from_labels(tmp_path):
    path = tmp_path / "lama.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    status, out, _err = run_import(path)
    assert status == 0
    assert "1 baru, 0 diperbarui, 0 ditolak" in out
    record = ActivityRecord.objects.get()
    assert (record.method, record.frequency, record.sector) == ("2", "tahunan", "1")
    assert record.variables == ["Luas panen", "Produksi padi"]
    assert record.office_name == "BPS Kabupaten Banjarnegara"
    assert record.objective == "Mengetahui produksi, luas panen"


def test_bad_rows_are_reported_by_line_and_good_rows_kept(tmp_path):
    path = tmp_path / "campur.csv"
    path.write_text(HEADER + GOOD + BAD_ROWS, encoding="utf-8")
    status, out, err = run_import(path)
    assert status == 1
    assert "baris 3: year: bukan tahun yang sah" in err
    assert "baris 4: office_code: kantor BPS dengan kode '9999' tidak dikenal" in err
    assert "baris 5: method: nilai '7' tidak dikenal" in err
    assert "baris 5: frequency: nilai 'kadang' tidak dikenal" in err
    assert "baris 5: decided_on: tanggal tidak sah" in err
    assert "1 baru, 0 diperbarui, 3 ditolak" in err
    assert list(ActivityRecord.objects.values_list("recommendation_number", flat=True)) == [
        "B-1/33040/KS.000/2025"
    ]


def test_a_repeated_number_updates_the_record(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.jsonl"
    first.write_text(HEADER + GOOD, encoding="utf-8")
    run_import(first)
    second.write_text(
        json.dumps(
            {
                "recommendation_number": "B-1/33040/KS.000/2025",
                "title": "Survei Pertanian Hortikultura",
                "year": 2025,
                "agency": "Dinas Pertanian",
                "office_code": "3304",
                "method": "2",
                "frequency": "semesteran",
                "sector": "1",
                "variables": ["Luas tanam cabai"],
                "decided_on": "2025-04-01",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    status, out, _err = run_import(second)
    assert status == 0 and "0 baru, 1 diperbarui" in out
    record = ActivityRecord.objects.get()
    assert record.title == "Survei Pertanian Hortikultura"
    assert record.frequency == "semesteran"
    assert record.variables == ["Luas tanam cabai"]


def test_jsonl_reports_broken_lines(tmp_path):
    path = tmp_path / "rusak.jsonl"
    path.write_text('{"title": "tanpa nomor"}\n{bukan json\n[1, 2]\n', encoding="utf-8")
    status, _out, err = run_import(path)
    assert status == 1
    assert "baris 1: recommendation_number: wajib diisi" in err
    assert "baris 2: bukan JSON yang sah" in err
    assert "baris 3: harus berupa objek JSON" in err
    assert not ActivityRecord.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.xlsx", b"PK\x03\x04", "format berkas harus .csv atau .jsonl"),
        (
            "latin.csv",
            HEADER.encode() + "Survei Peternakan Sapi Perah \xe9".encode("latin-1"),
            "UTF-8",
        ),
        ("kolom.csv", b"title,year\nSurvei,2025\n", "recommendation_number"),
    ],
)
def test_unreadable_files_stop_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_activities", str(path), stdout=io.StringIO())
    assert not ActivityRecord.objects.exists()


def test_progress_is_shown_per_batch(tmp_path):
    rows = "".join(GOOD.replace("B-1/", f"B-{n}/") for n in range(1, 2_502))
    path = tmp_path / "banyak.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    status, out, _err = run_import(path)
    assert status == 0
    assert "1,000 baris dibaca, 1,000 disimpan" in out
    assert "2,501 baris dibaca, 2,501 disimpan" in out
    assert ActivityRecord.objects.count() == 2_501


def test_import_refuses_by_line_to_overwrite_a_record_published_from_a_decision(tmp_path):
    """An old file that reuses a number a signed decision now holds: that line
    is refused with the reason, every other line is kept or updated."""
    decided = publish(
        recommendation_number="B-7/33040/KS.000/2025",
        title="Survei dari Keputusan Layanan",
        year=2025,
        agency="Dinas Pertanian",
        office_code="3304",
        method="2",
        frequency="tahunan",
        sector="1",
        decided_on=datetime.date(2025, 5, 1),
        source_application_id=12,
    )
    before = ActivityRecord.objects.values().get(pk=decided.pk)
    path = tmp_path / "lama.csv"
    path.write_text(
        HEADER
        + GOOD
        + "B-7/33040/KS.000/2025,Judul Impor yang Menimpa,2025,Dinas Lain,3304,2,tahunan,,1,,,"
        "2025-01-01\n"
        + GOOD.replace("Survei Pertanian Tanaman Pangan", "Survei Pertanian (perbaikan)"),
        encoding="utf-8",
    )
    status, out, err = run_import(path)
    assert status == 1
    assert err.splitlines()[0] == (
        "baris 3: recommendation_number: Nomor B-7/33040/KS.000/2025 sudah dipakai di katalog "
        "oleh kegiatan yang diterbitkan dari keputusan layanan rekomendasi (“Survei dari "
        "Keputusan Layanan”). Katalog tidak menimpanya: periksa nomornya atau gunakan nomor lain."
    )
    assert "1 baru, 0 diperbarui, 1 ditolak" in err
    assert ActivityRecord.objects.values().get(pk=decided.pk) == before
    imported = ActivityRecord.objects.get(recommendation_number="B-1/33040/KS.000/2025")
    assert (imported.title, imported.source) == ("Survei Pertanian (perbaikan)", "import")


def test_the_demo_csv_writer_neutralises_formulas_and_the_import_restores_them(tmp_path):
    from catalog.demo_data import generate_activities, write_csv

    (row,) = generate_activities(1)
    row = {**row, "office_code": "3304", "title": "=1+1", "agency": "@Dinas"}
    path = tmp_path / "demo.csv"
    write_csv([row], path)
    assert '"\'=1+1"' in path.read_text(encoding="utf-8")
    status, _out, _err = run_import(path)
    assert status == 0
    record = ActivityRecord.objects.get()
    assert (record.title, record.agency) == ("=1+1", "@Dinas")
