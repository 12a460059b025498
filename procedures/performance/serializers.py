"""The columns of a performance row, declared once: the JSON API's keys and
schema, and the CSV's columns and Indonesian headers, come from `COLUMNS`, so
the CSV holds exactly the numbers of the JSON."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .figures import IkmRow, PerformanceReport, PerformanceRow


@dataclass(frozen=True)
class Column:
    name: str  # the JSON key
    header: str  # the CSV header: Indonesian, whatever the visitor's language
    type: Any
    description: str  # for the OpenAPI schema
    value: Callable[[PerformanceRow], Any]


def figure(name: str) -> Callable[[PerformanceRow], Any]:
    return lambda row: getattr(row, name)


def complaint_figure(name: str) -> Callable[[PerformanceRow], Any]:
    return lambda row: None if row.complaints is None else getattr(row.complaints, name)


def column(name, header, kind, description, value=None) -> Column:
    return Column(name, header, kind, description, value or figure(name))


COLUMNS = (
    column(
        "period", "Kode periode", str, "2026-05, 2026-Q2 atau 2026.", lambda row: row.period.key
    ),
    column(
        "label",
        "Periode",
        str,
        "Nama periode: Mei 2026, Triwulan II 2026, 2026.",
        lambda row: row.period.label,
    ),
    column("start", "Tanggal awal", datetime.date, "Hari pertama.", lambda r: r.period.start),
    column("end", "Tanggal akhir", datetime.date, "Hari terakhir.", lambda r: r.period.end),
    column(
        "received",
        "Diterima",
        int,
        "Pengajuan yang pertama kali sampai di kantor BPS (berstatus Diajukan atau Menunggu "
        "Konfirmasi Instansi) dalam periode; termasuk yang datang langsung. Draf dan yang "
        "masih menunggu walidata tidak dihitung.",
    ),
    column("online", "Diterima daring", int, "Diterima, diajukan daring."),
    column(
        "offline", "Diterima luring", int, "Diterima, dicatat petugas (pemohon datang langsung)."
    ),
    column("decided", "Diputus", int, "Keputusan yang ditandatangani dalam periode."),
    column("feasible", "Layak", int, "Diputus Layak Dilaksanakan."),
    column("not_feasible", "Tidak layak", int, "Diputus Tidak Layak Dilaksanakan."),
    column(
        "withdrawn",
        "Dibatalkan",
        int,
        "Pengajuan yang sudah diterima lalu dibatalkan pemohon dalam periode.",
    ),
    column(
        "in_progress",
        "Dalam proses pada akhir periode",
        int,
        "Diterima paling lambat hari terakhir periode dan belum diputus atau dibatalkan "
        "pada hari itu.",
    ),
    column(
        "decided_within_standard",
        "Diputus dalam standar waktu",
        int,
        "Diputus paling lambat pada batas waktu yang berlaku saat keputusan (batas waktu "
        "terakhir yang ditetapkan saat jam layanan dimulai; perbaikan menetapkan batas baru).",
    ),
    column(
        "within_standard_percent",
        "Persentase diputus dalam standar waktu",
        float | None,
        "Diputus dalam standar waktu ÷ diputus × 100, satu desimal; null bila tidak ada keputusan.",
    ),
    column(
        "median_working_days",
        "Median hari kerja sampai keputusan",
        float | None,
        "Median hari kerja layanan dari keputusan periode ini; jam berhenti selama pemohon "
        "memperbaiki rancangan.",
    ),
    column(
        "p90_working_days",
        "Persentil ke-90 hari kerja sampai keputusan",
        int | None,
        "Persentil ke-90 (peringkat terdekat) hari kerja layanan dari keputusan periode ini.",
    ),
    column(
        "revisions",
        "Permintaan perbaikan",
        int,
        "Permintaan perbaikan (kapan pun) pada pengajuan yang diputus dalam periode.",
    ),
    column(
        "revisions_per_application",
        "Perbaikan per pengajuan diputus",
        float | None,
        "Permintaan perbaikan ÷ diputus, dua desimal; null bila tidak ada keputusan.",
    ),
    column(
        "complaints_received",
        "Pengaduan diterima",
        int,
        "Pengaduan yang diterima dalam periode.",
        complaint_figure("received"),
    ),
    column(
        "complaints_closed",
        "Pengaduan selesai",
        int,
        "Pengaduan yang diselesaikan dalam periode.",
        complaint_figure("closed"),
    ),
    column(
        "complaints_median_handling_days",
        "Median hari kerja penanganan pengaduan",
        float | None,
        "Median hari kerja dari diterima sampai selesai, atas pengaduan yang selesai dalam "
        "periode; null bila tidak ada yang selesai.",
        complaint_figure("median_handling_days"),
    ),
)


def row_values(row: PerformanceRow) -> list[Any]:
    return [column.value(row) for column in COLUMNS]


def csv_cell(value: Any) -> Any:
    """As the JSON writes it: ISO dates, a dot before decimals, empty for null."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def ikm_as_json(row: IkmRow) -> dict:
    ikm = row.ikm
    return {
        "period": row.period.key,
        "label": row.period.label,
        "start": row.period.start,
        "end": row.period.end,
        "respondents": ikm.respondents,
        "value": ikm.value,
        "grade": ikm.grade,
        "grade_label": str(ikm.grade_label),
        "elements": [
            {"code": code, "label": str(label), "mean": mean}
            for code, label, mean in ikm.element_means
        ],
    }


def report_as_json(report: PerformanceReport) -> dict:
    office = report.office
    return {
        "office": None if office is None else {"code": office.code, "name": office.name},
        "period": report.kind,
        "generated_on": report.today,
        "rows": [
            dict(zip((column.name for column in COLUMNS), row_values(row), strict=True))
            for row in report.rows
        ],
        "ikm": [ikm_as_json(row) for row in report.ikm_rows],
    }
