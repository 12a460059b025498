"""What the performance page shows of a report: each figure a chart and the
table of its numbers, in the visitor's language."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .charts import Chart, Series, bar_chart, described, formatted
from .figures import IkmRow, PerformanceReport, PerformanceRow


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]  # the first is the rows' header column
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    slug: str
    heading: str
    explanation: str
    chart: Chart
    table: Table


def number(value, decimals: int = 0, suffix: str = "") -> str:
    return formatted(value, decimals, suffix)


def figure(
    *,
    slug: str,
    heading: str,
    explanation: str,
    labels: Sequence[str],
    series: Sequence[Series],
    table_labels: Sequence[str],
    columns: Sequence[tuple[str, Callable[[Any], str]]],
    items: Sequence[Any],
    maximum: float | None = None,
) -> Figure:
    chart = bar_chart(
        slug=slug,
        title=heading,
        description=described(table_labels, series),
        labels=labels,
        series=series,
        maximum=maximum,
    )
    table = Table(
        caption=_("Angka grafik “%(heading)s”") % {"heading": heading},
        headers=(_("Periode"), *(header for header, _value in columns)),
        rows=tuple(
            (label, *(value(item) for _header, value in columns))
            for label, item in zip(table_labels, items, strict=True)
        ),
    )
    return Figure(slug, heading, explanation, chart, table)


def period_labels(report: PerformanceReport) -> tuple[list[str], list[str]]:
    """Short labels for the chart's axis, full ones for the table; the running
    period is marked as such."""
    short = [row.period.short_label for row in report.rows]
    full = [row.period.label for row in report.rows]
    if report.rows and report.rows[-1].period.end >= report.today:
        full[-1] = _("%(period)s (berjalan)") % {"period": full[-1]}
        short[-1] = f"{short[-1]}*"
    return short, full


def summary_row(report: PerformanceReport) -> PerformanceRow:
    """The latest period that has ended (the running one is still moving)."""
    rows = report.rows
    return rows[-2] if len(rows) > 1 and rows[-1].period.end >= report.today else rows[-1]


def application_figures(report: PerformanceReport) -> list[Figure]:
    rows: Sequence[PerformanceRow] = report.rows
    short, full = period_labels(report)
    common = {"labels": short, "table_labels": full, "items": rows}
    return [
        figure(
            slug="diterima-diputus",
            heading=_("Pengajuan diterima dan diputus"),
            explanation=_(
                "Diterima: pengajuan yang sampai di kantor BPS dalam periode itu, daring "
                "maupun datang langsung. Diputus: surat keputusan yang ditandatangani. "
                "Dalam proses: yang sudah diterima tetapi belum diputus atau dibatalkan pada "
                "akhir periode."
            ),
            series=[
                Series(_("Diterima"), [row.received for row in rows]),
                Series(_("Diputus"), [row.decided for row in rows]),
            ],
            columns=[
                (_("Diterima"), lambda row: number(row.received)),
                (_("Diputus"), lambda row: number(row.decided)),
                (_("Dibatalkan"), lambda row: number(row.withdrawn)),
                (_("Dalam proses"), lambda row: number(row.in_progress)),
            ],
            **common,
        ),
        figure(
            slug="layak-tidak-layak",
            heading=_("Keputusan: layak dan tidak layak"),
            explanation=_(
                "Keputusan yang ditandatangani dalam periode itu, menurut hasilnya: Layak "
                "Dilaksanakan (dengan saran) atau Tidak Layak Dilaksanakan (dengan alasan)."
            ),
            series=[
                Series(_("Layak"), [row.feasible for row in rows]),
                Series(_("Tidak layak"), [row.not_feasible for row in rows]),
            ],
            columns=[
                (_("Layak"), lambda row: number(row.feasible)),
                (_("Tidak layak"), lambda row: number(row.not_feasible)),
            ],
            **common,
        ),
        figure(
            slug="tepat-waktu",
            heading=_("Diputus dalam standar waktu"),
            explanation=_(
                "Bagian keputusan yang ditandatangani paling lambat pada batas waktunya. "
                "Batas waktu dihitung dalam hari kerja sejak formulir lengkap diterima; bila "
                "pemohon diminta memperbaiki rancangan, batas waktu baru berlaku sejak "
                "perbaikan diajukan."
            ),
            series=[
                Series(
                    _("Tepat waktu"),
                    [row.within_standard_percent for row in rows],
                    decimals=1,
                    suffix=" %",
                )
            ],
            maximum=100,
            columns=[
                (_("Diputus"), lambda row: number(row.decided)),
                (_("Dalam standar waktu"), lambda row: number(row.decided_within_standard)),
                (_("Persentase"), lambda row: number(row.within_standard_percent, 1, " %")),
            ],
            **common,
        ),
        figure(
            slug="lama-layanan",
            heading=_("Lama sampai keputusan (hari kerja)"),
            explanation=_(
                "Hari kerja yang dipakai kantor untuk setiap keputusan periode itu. Jam "
                "berhenti selama pemohon memperbaiki rancangan. Median: separuh keputusan "
                "selesai dalam waktu ini atau lebih cepat. Persentil ke-90: sembilan dari "
                "sepuluh keputusan selesai dalam waktu ini atau lebih cepat."
            ),
            series=[
                Series(_("Median"), [row.median_working_days for row in rows], decimals=1),
                Series(_("Persentil ke-90"), [row.p90_working_days for row in rows]),
            ],
            columns=[
                (_("Median"), lambda row: number(row.median_working_days, 1)),
                (_("Persentil ke-90"), lambda row: number(row.p90_working_days)),
                (
                    _("Perbaikan per pengajuan"),
                    lambda row: number(row.revisions_per_application, 2),
                ),
            ],
            **common,
        ),
        figure(
            slug="daring-luring",
            heading=_("Daring dan datang langsung"),
            explanation=_(
                "Pengajuan yang diterima, menurut cara mengajukan: daring di situs ini, atau "
                "datang langsung ke kantor dan dicatat petugas."
            ),
            series=[
                Series(_("Daring"), [row.online for row in rows]),
                Series(_("Datang langsung"), [row.offline for row in rows]),
            ],
            columns=[
                (_("Daring"), lambda row: number(row.online)),
                (_("Datang langsung"), lambda row: number(row.offline)),
            ],
            **common,
        ),
    ]


def complaint_figure(report: PerformanceReport) -> Figure:
    rows = report.rows
    short, full = period_labels(report)
    return figure(
        slug="pengaduan",
        heading=_("Pengaduan"),
        explanation=_(
            "Pengaduan yang diterima dan yang diselesaikan dalam periode itu, dan median "
            "hari kerja dari diterima sampai selesai."
        ),
        labels=short,
        table_labels=full,
        items=rows,
        series=[
            Series(_("Diterima"), [row.complaints.received for row in rows]),
            Series(_("Selesai"), [row.complaints.closed for row in rows]),
        ],
        columns=[
            (_("Diterima"), lambda row: number(row.complaints.received)),
            (_("Selesai"), lambda row: number(row.complaints.closed)),
            (
                _("Median hari kerja penanganan"),
                lambda row: number(row.complaints.median_handling_days, 1),
            ),
        ],
    )


def ikm_figure(report: PerformanceReport) -> Figure:
    rows: Sequence[IkmRow] = report.ikm_rows
    labels = [row.period.label for row in rows]
    return figure(
        slug="ikm",
        heading=_("Indeks Kepuasan Masyarakat (IKM)"),
        explanation=_(
            "Dari survei kepuasan yang diisi pemohon setelah keputusan: rata-rata nilai "
            "sembilan unsur pelayanan (skala 1–4) dikali 25, sehingga 25–100. Mutu: A "
            "Sangat Baik (88,31–100), B Baik (76,61–88,30), C Kurang Baik (65,00–76,60), "
            "D Tidak Baik (25,00–64,99)."
        ),
        labels=labels,
        table_labels=labels,
        items=rows,
        series=[Series(_("IKM"), [row.ikm.value for row in rows], decimals=2)],
        maximum=100,
        columns=[
            (_("IKM"), lambda row: number(row.ikm.value, 2)),
            (
                _("Mutu pelayanan"),
                lambda row: f"{row.ikm.grade} ({row.ikm.grade_label})" if row.ikm.grade else "–",
            ),
            (_("Responden"), lambda row: number(row.ikm.respondents)),
        ],
    )
