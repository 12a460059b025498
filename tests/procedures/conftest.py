"""People, agencies and applications for the procedure's tests, made through
the same services the screens use."""

import datetime
import io
import tomllib
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.pdfgen import canvas

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind
from procedures.demo import complete_design, fill_design
from procedures.examination import services as examination_services
from procedures.organisations import services as organisation_services
from procedures.organisations.models import Agency, AgencyLevel, Office, OfficerProfile
from procedures.organisations.roles import Role, grant_role

PASSWORD = "Rahasia-Negara-2026"  # noqa: S105 — test accounts only


@pytest.fixture
def offices(db) -> dict[str, Office]:
    with (settings.SITE_DIR / "content" / "offices.toml").open("rb") as handle:
        organisation_services.upsert_offices(records=tomllib.load(handle)["office"])
    return {office.code: office for office in Office.objects.all()}


def make_agency(name, *, level=AgencyLevel.REGENCY, region="3304", confirmed=True, by=None):
    agency = Agency.objects.create(
        name=name,
        level=level,
        region_code=region,
        region_name=f"Wilayah {region}",
        address="Jl. Contoh No. 1",
        email="instansi@banjarnegarakab.go.id",
        office=organisation_services.responsible_office(level=level, region_code=region),
        # Known to the office from the start; confirming through the screens is tested apart.
        confirmed_at=timezone.now() if confirmed else None,
        confirmed_by=by,
    )
    return Agency.objects.get(pk=agency.pk)


def make_user(email, *, verified=True, agency=None, office=None, roles=(), nip=""):
    user = User.objects.create_user(email=email, password=PASSWORD, first_name="Uji")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if agency is not None:
        organisation_services.add_member(user=user, agency=agency)
    if office is not None:
        OfficerProfile.objects.create(user=user, office=office, nip=nip)
    for role in roles:
        grant_role(user, role)
    return user


@pytest.fixture
def agency(offices):
    return make_agency("Dinas Pertanian dan Pangan Kabupaten Banjarnegara")


@pytest.fixture
def applicant(agency):
    return make_user("pemohon.uji@banjarnegarakab.go.id", agency=agency)


@pytest.fixture
def colleague(agency):
    """Another applicant of the same agency: sees and acts on the same applications."""
    return make_user("rekan.uji@banjarnegarakab.go.id", agency=agency)


@pytest.fixture
def stranger(offices):
    """An applicant of another agency."""
    other = make_agency("Dinas Kesehatan Kabupaten Banjarnegara")
    return make_user("lain@banjarnegarakab.go.id", agency=other)


@pytest.fixture
def examiner(offices):
    return make_user("pemeriksa.uji@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER])


@pytest.fixture
def signatory(offices):
    return make_user(
        "kepala.uji@bps.go.id",
        office=offices["3304"],
        roles=[Role.SIGNATORY],
        nip="197203151994031002",
    )


@pytest.fixture
def foreign_officer(offices):
    """An officer of another BPS office."""
    return make_user(
        "pemeriksa.provinsi@bps.go.id",
        office=offices["3300"],
        roles=[Role.EXAMINER, Role.SIGNATORY],
        nip="198001012005011001",
    )


def pdf_upload(name="kuesioner.pdf", text="Kuesioner survei") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


fill = fill_design  # the tests' short name for the demo's own filler


@pytest.fixture
def draft(applicant) -> Application:
    return application_services.create_application(user=applicant)


@pytest.fixture
def complete_draft(draft, applicant) -> Application:
    """A survey design with every block filled and its questionnaire."""
    fill(draft, applicant, complete_design(title="Survei Pertanian Banjarnegara"))
    application_services.add_attachment(
        application=draft, user=applicant, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    return draft


@pytest.fixture
def submitted(complete_draft, applicant) -> Application:
    return application_services.submit(application=complete_draft, user=applicant)


@pytest.fixture
def in_review(examiner, submitted) -> Application:
    # The examiner works at the office before the submission arrives (an office
    # without one alerts its coordinators: not this fixture's story).
    return examination_services.take(application=submitted, user=examiner)


# A Monday with no national holiday or cuti bersama in the 30 working days after
# it: the due date is counted by hand (six full working weeks), not by the
# calendar under test.
KNOWN_DAY = datetime.date(2026, 9, 7)
DUE_FROM_KNOWN_DAY = datetime.date(2026, 10, 19)


@pytest.fixture
def on_known_day(monkeypatch):
    """The clock reads 09:00 in Jakarta on KNOWN_DAY."""
    moment = datetime.datetime.combine(
        KNOWN_DAY, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta")
    )
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return KNOWN_DAY
