"""Demo agencies, officers and applications (`seed --demo`), made through the
same services a user's clicks go through, so every demo state is reachable.
A year of earlier applications is replayed by `procedures.demo.history`;
`procedures.demo.seed` puts the two in order."""

import datetime
import io

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind
from procedures.examination import services as examination_services
from procedures.organisations import services as organisation_services
from procedures.organisations.models import (
    Agency,
    AgencyLevel,
    Office,
    OfficerProfile,
    WalidataProfile,
)
from procedures.organisations.roles import Role, grant_role

DEMO_AGENCIES = [
    # name, level, region code, region name, address
    (
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah Kabupaten Banjarnegara",
        AgencyLevel.REGENCY,
        "3304",
        "Kabupaten Banjarnegara",
        "Jl. Ahmad Yani No. 16, Banjarnegara 53411",
    ),
    (
        "Dinas Komunikasi dan Informatika Kabupaten Banjarnegara",
        AgencyLevel.OPD,
        "3304",
        "Kabupaten Banjarnegara",
        "Jl. Selamanik No. 2, Banjarnegara 53415",
    ),
    (
        "Dinas Kesehatan Provinsi Jawa Tengah",
        AgencyLevel.PROVINCE,
        "3300",
        "Provinsi Jawa Tengah",
        "Jl. Piere Tendean No. 24, Semarang 50132",
    ),
    (
        "Kementerian Pertanian",
        AgencyLevel.CENTRAL,
        "0000",
        "Nasional",
        "Jl. Harsono RM No. 3, Ragunan, Jakarta Selatan 12550",
    ),
]
DEMO_APPLICANT = "pemohon@banjarnegarakab.go.id"
DEMO_OFFICERS = {
    # email: (office code, NIP, roles, position printed under the signature)
    "pemeriksa@bps.go.id": ("3304", "198805122010121003", [Role.EXAMINER], "Statistisi Ahli Muda"),
    "kepala@bps.go.id": (
        "3304",
        "197203151994031002",
        [Role.SIGNATORY],
        "Kepala BPS Kabupaten Banjarnegara",
    ),
    # The province office examines and signs its own agencies' applications
    # (the demo's history has a year of them).
    "pemeriksa.jateng@bps.go.id": (
        "3300",
        "198907232012112001",
        [Role.EXAMINER],
        "Statistisi Ahli Muda",
    ),
    "kepala.jateng@bps.go.id": (
        "3300",
        "197011041993011001",
        [Role.SIGNATORY],
        "Kepala BPS Provinsi Jawa Tengah",
    ),
}
DEMO_WALIDATA = ("walidata@banjarnegarakab.go.id", "3304", "Dinas Kominfo Kabupaten Banjarnegara")


def complete_design(*, title: str, year: int = 2027, survey: bool = True, modes=("capi",)) -> dict:
    """A complete, valid FRKSS design (the shape `procedures.frkss.design` stores)."""
    start = datetime.date(year, 1, 4)

    def day(offset):
        return (start + datetime.timedelta(days=offset)).isoformat()

    schedule = {}
    for number, (begin, end) in enumerate(
        [(0, 20), (21, 45), (60, 90), (91, 120), (121, 150), (151, 180), (181, 200)], start=1
    ):
        schedule[f"schedule_{number}_start"] = day(begin)
        schedule[f"schedule_{number}_end"] = day(end)
    design = {
        "kegiatan": {
            "title": title,
            "year": year,
            "collection_way": "2" if survey else "3",
            "sector": "1",
        },
        "penyelenggara": {
            "organizer_unit": "Bidang Perencanaan Ekonomi",
            "address": "Jl. Ahmad Yani No. 16, Banjarnegara 53411",
            "phone": "0286-591218",
            "fax": "",
            "email": "bappeda@banjarnegarakab.go.id",
        },
        "penanggung_jawab": {
            "echelon1_unit": "Sekretariat Daerah Kabupaten Banjarnegara",
            "echelon2_unit": "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
            "technical_lead": "Kepala Bidang Perencanaan Ekonomi",
            "technical_lead_is_consultant": "tidak",
        },
        "perencanaan": {
            "background": "Pemerintah daerah memerlukan data produksi dan harga komoditas "
            "pertanian per kecamatan untuk perencanaan program ketahanan pangan.",
            "objectives": "Mengetahui luas panen, produksi dan harga di tingkat petani.",
            **schedule,
            "variables": [
                {
                    "name": "Luas panen",
                    "concept": "Luas tanaman yang dipungut hasilnya",
                    "definition": "Luas lahan yang dipanen dalam hektare",
                    "reference_period": "Musim tanam terakhir",
                },
                {
                    "name": "Harga jual di tingkat petani",
                    "concept": "Harga transaksi pertama",
                    "definition": "Rupiah per kilogram gabah kering panen",
                    "reference_period": "Bulan lalu",
                },
            ],
        },
        "desain": {
            "repetition": "berulang",
            "frequency": "tahunan",
            "collection_type": "cross_sectional",
            "coverage": "sebagian",
            "coverage_areas": "Kabupaten Banjarnegara",
            "methods": ["wawancara"],
            "methods_other": "",
            "modes": list(modes),
            "modes_other": "",
            "collection_unit": "rumah_tangga",
            "collection_unit_other": "",
        },
        "kualitas": {
            "pilot": "ya",
            "quality_checks": ["supervisi"],
            "nonresponse_adjustment": "tidak",
            "field_staff": "mitra",
            "min_education": "sma",
            "supervisors": 5,
            "enumerators": 40,
            "training": "ya",
        },
        "pengolahan": {
            "editing": "ya",
            "coding": "ya",
            "entry": "ya",
            "validation": "ya",
            "analysis": "deskriptif",
            "analysis_unit": "Rumah tangga petani",
            "presentation_levels": ["kabupaten_kota", "kecamatan"],
            "presentation_other": "",
        },
        "diseminasi": {
            "printed": "tidak",
            "printed_date": None,
            "digital": "ya",
            "digital_date": day(200),
            "microdata": "tidak",
            "microdata_date": None,
        },
    }
    if survey:
        design["sampel"] = {
            "stage_count": "bertahap",
            "selection_method": "pps",
            "frame": "list",
            "sampling_fraction": "0.050000",
            "sampling_error": "5.00",
            "sampling_unit": "Rumah tangga",
            "observation_unit": "Rumah tangga petani",
        }
    return design


def demo_pdf(title: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 770, title)
    page.drawString(72, 750, "1. Nama kepala rumah tangga: ....................")
    page.drawString(72, 730, "2. Luas panen (ha): ....................")
    page.showPage()
    page.save()
    return SimpleUploadedFile("kuesioner.pdf", buffer.getvalue(), content_type="application/pdf")


def fill_design(application: Application, user: User, design: dict) -> Application:
    """Store every block of `design`, as the form pages would, one block at a time."""
    for key, values in design.items():
        application_services.save_design_block(
            application=application, user=user, block_key=key, values=values
        )
    application.refresh_from_db()
    return application


def fill_and_submit(application: Application, user: User, design: dict) -> Application:
    fill_design(application, user, design)
    if design["kegiatan"]["collection_way"] == "2":
        application_services.add_attachment(
            application=application,
            user=user,
            kind=AttachmentKind.QUESTIONNAIRE,
            upload=demo_pdf(design["kegiatan"]["title"]),
        )
    return application_services.submit(application=application, user=user)


DEMO_APPLICATIONS = [
    # title, state to leave it in
    ("Survei Ubinan Padi dan Palawija Kabupaten Banjarnegara", "draft"),
    ("Survei Harga Produsen Gabah Kabupaten Banjarnegara", "submitted"),
    ("Survei Kepuasan Masyarakat terhadap Pelayanan Publik", "in_review"),
    ("Pendataan Usaha Mikro dan Kecil Kabupaten Banjarnegara", "revision_requested"),
    ("Survei Indeks Pembangunan Pemuda Kabupaten Banjarnegara", "awaiting_signature"),
    ("Survei Konsumsi Pangan Rumah Tangga Kabupaten Banjarnegara", "feasible"),
    ("Survei Wisatawan Dieng Kabupaten Banjarnegara", "not_feasible"),
    ("Survei Pengguna Transportasi Umum Kabupaten Banjarnegara", "withdrawn"),
]


def ensure_demo_people(note) -> None:
    """The demo's agencies, the officers' and the walidata's profiles and roles,
    and the applicant's membership. `note(created, label)` reports to the seed
    command."""
    admin = demo_admin()
    agencies = []
    for name, level, region_code, region_name, address in DEMO_AGENCIES:
        agency = Agency.objects.filter(name=name, region_code=region_code).first()
        created = agency is None
        if created:
            agency = Agency.objects.create(
                name=name,
                level=level,
                region_code=region_code,
                region_name=region_name,
                address=address,
                office=organisation_services.responsible_office(
                    level=level, region_code=region_code
                ),
                # The demo's agencies are known to the office: confirmed as they are seeded.
                confirmed_at=timezone.now(),
                confirmed_by=admin,
            )
        agencies.append(agency)
        note(created, f"instansi {name}")
    walidata_email, walidata_region, walidata_institution = DEMO_WALIDATA
    for user in User.objects.filter(email__in=[DEMO_APPLICANT, walidata_email, *DEMO_OFFICERS]):
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    for email, (office_code, nip, roles, position) in DEMO_OFFICERS.items():
        user = User.objects.get(email=email)
        OfficerProfile.objects.get_or_create(
            user=user,
            defaults={
                "office": Office.objects.get(code=office_code),
                "nip": nip,
                "position": position,
            },
        )
        for role in roles:
            grant_role(user, role)
    walidata = User.objects.filter(email=walidata_email).first()
    if walidata is not None:
        WalidataProfile.objects.get_or_create(
            user=walidata,
            defaults={"region_code": walidata_region, "institution": walidata_institution},
        )
        grant_role(walidata, Role.WALIDATA)
    applicant = User.objects.get(email=DEMO_APPLICANT)
    if organisation_services.agency_of(applicant) is None:
        organisation_services.add_member(
            user=applicant, agency=agencies[0], actor=admin, position="Perencana Ahli Muda"
        )


def demo_admin() -> User | None:
    return User.objects.filter(is_superuser=True).order_by("pk").first()


def demo_applications_exist() -> bool:
    """The demo's applications were made (by an earlier seed)."""
    return Application.objects.filter(created_by__email=DEMO_APPLICANT).exists()


def ensure_demo_applications(note) -> None:
    """One application of the demo applicant's agency per state, made now."""
    applicant = User.objects.get(email=DEMO_APPLICANT)
    for title, state in DEMO_APPLICATIONS:
        make_demo_application(applicant, title, state)
    note(True, f"{len(DEMO_APPLICATIONS)} pengajuan contoh, satu per status")


def make_demo_application(applicant: User, title: str, state: str) -> Application:
    examiner = User.objects.get(email="pemeriksa@bps.go.id")
    signatory = User.objects.get(email="kepala@bps.go.id")
    application = application_services.create_application(user=applicant)
    if state == "draft":
        application_services.save_design_block(
            application=application,
            user=applicant,
            block_key="kegiatan",
            values={"title": title, "year": 2027, "collection_way": "2", "sector": ""},
        )
        return application
    fill_and_submit(application, applicant, complete_design(title=title))
    if state == "withdrawn":
        return application_services.withdraw(
            application=application, user=applicant, reason="Anggaran kegiatan dialihkan."
        )
    if state == "submitted":
        return application
    examination_services.take(application=application, user=examiner)
    if state == "revision_requested":
        return examination_services.request_revision(
            application=application,
            user=examiner,
            notes={
                "sampel": "Jelaskan kerangka sampel dan sumber daftar usaha yang dipakai.",
                "perencanaan": "Tambahkan definisi operasional omzet usaha.",
            },
        )
    if state == "in_review":
        return application
    verdict = "not_feasible" if state == "not_feasible" else "feasible"
    examination_services.propose(
        application=application,
        user=examiner,
        verdict=verdict,
        text=(
            "Kegiatan serupa sudah dilaksanakan BPS; gunakan data Survei Wisatawan Nusantara."
            if verdict == "not_feasible"
            else "Sertakan metadata kegiatan saat diseminasi hasil."
        ),
    )
    if state == "awaiting_signature":
        return application
    return examination_services.sign(application=application, user=signatory)
