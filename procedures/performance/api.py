"""`GET /api/v1/performance`: the public performance figures as JSON, a router of
the catalog's django-ninja API (added in `portal/api.py`, so it shares
`/api/v1/openapi.json`). The parameters are checked by `parameters.py`, as
for the page and the CSV; the row schema comes from `serializers.COLUMNS`."""

import datetime

from django.utils import translation
from ninja import Router, Schema, Status
from pydantic import Field, create_model

from catalog.api import ErrorOut

from .figures import performance_report
from .parameters import InvalidParameters, clean_parameters, openapi_parameters
from .serializers import COLUMNS, report_as_json

router = Router(tags=["kinerja"])


class OfficeOut(Schema):
    code: str
    name: str


class IkmElementOut(Schema):
    code: str = Field(description="Unsur SKM, u1–u9 (PermenPANRB 14/2017).")
    label: str
    mean: float = Field(description="Rata-rata nilai unsur, 1–4.")


class IkmOut(Schema):
    period: str = Field(description="Semester (2026-S1: Januari–Juni) atau tahun (2026).")
    label: str
    start: datetime.date
    end: datetime.date
    respondents: int
    value: float | None = Field(
        description="IKM = rata-rata nilai kesembilan unsur × 25, dua desimal; null tanpa "
        "responden."
    )
    grade: str = Field(description="Mutu pelayanan A–D; kosong tanpa responden.")
    grade_label: str = Field(description="Sangat Baik, Baik, Kurang Baik, Tidak Baik.")
    elements: list[IkmElementOut]


PerformanceRowOut = create_model(
    "PerformanceRowOut",
    __base__=Schema,
    **{column.name: (column.type, Field(description=column.description)) for column in COLUMNS},
)


class PerformanceOut(Schema):
    office: OfficeOut | None = Field(description="Kantor BPS; null untuk angka nasional.")
    period: str = Field(description="month, quarter atau year.")
    generated_on: datetime.date = Field(description="Tanggal hitung (WIB).")
    rows: list[PerformanceRowOut] = Field(
        description="Satu baris per periode, yang terlama lebih dulu; baris terakhir adalah "
        "periode yang sedang berjalan, sampai hari ini."
    )
    ikm: list[IkmOut] = Field(
        description="Indeks Kepuasan Masyarakat per semester lalu per tahun yang "
        "bertumpang tindih dengan rentang baris."
    )


@router.get(
    "/performance",
    response={200: PerformanceOut, 400: ErrorOut},
    summary="Kinerja layanan: pengajuan, keputusan, waktu penyelesaian, IKM, pengaduan",
    description=(
        "Angka kinerja layanan rekomendasi kegiatan statistik, dihitung dari riwayat setiap "
        "pengajuan (bukan dari statusnya saat ini). Hari kerja: Senin–Jumat, bukan libur "
        "nasional atau cuti bersama, bukan hari libur kantor; jam layanan berhenti selama "
        "pemohon memperbaiki rancangan. Definisi lengkap: docs/performance.md. Parameter "
        "yang salah: 400 dengan JSON yang menyebut parameternya."
    ),
    openapi_extra={"parameters": openapi_parameters()},
)
def performance(request):
    try:
        office, kind = clean_parameters(request.GET)
    except InvalidParameters as error:
        return Status(400, {"errors": error.errors})
    # Labels in Indonesian, like the keys' documentation, whatever the visitor's cookie says.
    with translation.override("id"):
        return report_as_json(performance_report(office=office, kind=kind))
