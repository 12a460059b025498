"""Loads the site's content from `site/content/` into the database.

Creates what is missing and never overwrites what exists: after the first seed,
editors own the pages and offices in the CMS, and running seed again is harmless.
"""

import datetime
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from catalog.demo_data import dated_before, generate_activities
from catalog.models import ActivityRecord
from catalog.offices import office_directory
from catalog.publishing import publish_cleaned_batch
from catalog.validation import clean_activity
from procedures.accounts.models import User
from procedures.complaints.models import Complaint
from procedures.demo.history import HISTORY_DAYS
from procedures.demo.seed import ensure_demo_procedures
from procedures.organisations.models import Office
from procedures.organisations.services import upsert_offices

from .models import (
    DEFAULT_SERVICE_LINK_LABEL,
    ComplaintFormField,
    ComplaintFormPage,
    HomePage,
    ServiceStandardPage,
)
from .services import record_complaint

DEMO_PASSWORD = "demo-rekomstat"  # noqa: S105 — published demo password, DESIGN.md
DEMO_USERS = [
    # email, first name, last name, superuser, role shown by `make run`
    ("admin@bps.go.id", "Admin", "Rekomstat", True, "superuser (CMS & admin)"),
    (
        "pemohon@banjarnegarakab.go.id",
        "Pemohon",
        "Banjarnegara",
        False,
        "pemohon (applicant, Bappeda: one application per state)",
    ),
    ("pemeriksa@bps.go.id", "Petugas", "Pemeriksa", False, "pemeriksa (examiner, 3304)"),
    ("kepala@bps.go.id", "Kepala", "BPS Banjarnegara", False, "penanda tangan (signatory, 3304)"),
    (
        "pemeriksa.jateng@bps.go.id",
        "Petugas",
        "Pemeriksa Jawa Tengah",
        False,
        "pemeriksa (examiner, 3300)",
    ),
    (
        "kepala.jateng@bps.go.id",
        "Kepala",
        "BPS Provinsi Jawa Tengah",
        False,
        "penanda tangan (signatory, 3300)",
    ),
    ("walidata@banjarnegarakab.go.id", "Walidata", "Banjarnegara", False, "walidata"),
]

HOME_INTRO = (
    "<p>Instansi pemerintah yang merencanakan survei atau kegiatan statistik sektoral lain "
    "mengajukan rekomendasi kepada BPS. Baca standar pelayanan, cari kegiatan yang sudah "
    "mendapat rekomendasi, dan ajukan rancangan kegiatan Anda secara daring.</p>"
)


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def note(self, created: bool, label: str) -> None:
        (self.created if created else self.kept).append(label)


def read_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def seed(
    *, content_dir: Path | None = None, demo: bool = False, history: bool = True
) -> SeedReport:
    """The offices and pages; with `demo`, the demo's accounts, catalog and
    applications, and (unless `history` is false) a year of decided applications."""
    content_dir = content_dir or settings.SITE_DIR / "content"
    report = SeedReport()
    seed_offices(read_toml(content_dir / "offices.toml")["office"], report)
    home = ensure_home_page(report)
    for path in sorted((content_dir / "service_standards").glob("*.toml")):
        ensure_service_standard_page(home, read_toml(path), report)
    ensure_complaint_page(home, read_toml(content_dir / "complaint_form.toml"), report)
    if demo:
        for email, first_name, last_name, is_superuser, _role in DEMO_USERS:
            ensure_demo_user(email, first_name, last_name, is_superuser, report)
        # Earlier recommendations first, dated before the demo's own letters (the
        # history's year, or today): those then take the numbers after them, as a
        # real office's would after an import.
        first_letter_day = timezone.localdate()
        if history:
            first_letter_day -= datetime.timedelta(days=HISTORY_DAYS)
        ensure_demo_activities(report, before=first_letter_day)
        ensure_demo_procedures(report.note, history=history, complaint_desk=file_demo_complaint)
    return report


def seed_offices(records: list[dict], report: SeedReport) -> None:
    existing = set(Office.objects.values_list("code", flat=True))
    missing = [record for record in records if record["code"] not in existing]
    upsert_offices(records=missing)
    for record in records:
        report.note(record["code"] not in existing, f"kantor {record['code']} {record['name']}")


def ensure_home_page(report: SeedReport) -> HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, HomePage):
        report.note(False, "beranda")
        return site.root_page.specific
    root = Page.get_first_root_node() or create_root_page()
    # Wagtail's stock "Welcome" page holds the slug "home"; replace it by our home page.
    for child in root.get_children():
        if child.specific_class is Page and child.slug == "home":
            child.delete()
    home = HomePage(title="Rekomendasi Kegiatan Statistik", slug="beranda", intro=HOME_INTRO)
    root.add_child(instance=home)
    home.save_revision().publish()
    # The site answers at the configured base URL, so the API's html_url links work.
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = site or Site(is_default_site=True)
    site.root_page = home
    site.site_name = "Rekomstat"
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.save()
    report.note(True, "beranda")
    return home


def create_root_page() -> Page:
    """Wagtail's migrations create the root and the default locale; a flushed
    database has neither, and seed must still work there."""
    language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language_code)
    return Page.add_root(instance=Page(title="Root", slug="root", live=True))


def ensure_service_standard_page(home: HomePage, content: dict, report: SeedReport) -> None:
    label = f"standar pelayanan {content['office']}"
    if ServiceStandardPage.objects.filter(office__code=content["office"]).exists():
        report.note(False, label)
        return
    page = ServiceStandardPage(
        title=content["title"],
        slug=content["slug"],
        office=Office.objects.get(code=content["office"]),
        service_name=content["service_name"],
        service_unit=content["service_unit"],
        organization_path=content["organization_path"],
        sk_number=content["sk_number"],
        requirements=[("requirement", text) for text in content["requirements"]],
        service_channels=[("channel", channel) for channel in content["service_channels"]],
        procedure_steps=[
            ("step", {"text": step["text"], "outcomes": step.get("outcomes", [])})
            for step in content["procedure_steps"]
        ],
        working_days=content["working_days"],
        completion_time_explanation=content["completion_time_explanation"],
        fee_amount=content["fee_amount"],
        fee_description=content["fee_description"],
        products=[("product", text) for text in content["products"]],
        complaint_letter=content["complaint_letter"],
        complaint_direct=content["complaint_direct"],
        complaint_website=content["complaint_website"],
        complaint_email=content["complaint_email"],
        # Not the seed's text but this site's own online path beside it: the
        # application start, which editors may relabel, retarget or hide.
        show_service_link=True,
        service_link_label=DEFAULT_SERVICE_LINK_LABEL,
        service_link_url="",
        show_in_menus=True,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    report.note(True, label)


def ensure_complaint_page(home: HomePage, content: dict, report: SeedReport) -> None:
    label = f"formulir pengaduan {content['office']}"
    if ComplaintFormPage.objects.filter(office__code=content["office"]).exists():
        report.note(False, label)
        return
    office = Office.objects.get(code=content["office"])
    page = ComplaintFormPage(
        title=content["title"],
        slug=content["slug"],
        office=office,
        intro=content["intro"],
        thank_you_text=content["thank_you_text"],
        to_address=office.email,
        subject=content["subject"],
        show_in_menus=True,
    )
    page.form_fields = [
        ComplaintFormField(
            sort_order=order,
            label=spec["label"],
            field_type=spec["field_type"],
            required=spec.get("required", False),
            choices=spec.get("choices", ""),
            help_text=spec.get("help_text", ""),
        )
        for order, spec in enumerate(content["fields"])
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    report.note(True, label)


def file_demo_complaint(office_code: str, answers: Mapping[str, str]) -> Complaint | None:
    """A complaint of the demo's history, filed as a visitor files one: the
    office's live complaint form filled in (`answers` by field label), checked
    by the form, stored by `record_complaint`. None when the office has no
    complaint form, or its editors changed the fields so the answers no longer fit."""
    page = ComplaintFormPage.objects.live().filter(office__code=office_code).first()
    if page is None:
        return None
    names = {field.label: field.clean_name for field in page.get_form_fields()}
    data = {names[label]: value for label, value in answers.items() if label in names}
    form = page.get_form(data, page=page, user=AnonymousUser())
    if not form.is_valid():
        return None
    submission = record_complaint(page=page, data=form.cleaned_data)
    return Complaint.objects.get(ticket_number=submission.ticket_number)


def ensure_demo_user(email, first_name, last_name, is_superuser, report: SeedReport) -> None:
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if is_superuser else User.objects.create_user
        create(email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name)
        report.note(True, f"pengguna {email}")
    else:
        report.note(False, f"pengguna {email}")


DEMO_ACTIVITY_COUNT = 320


def ensure_demo_activities(report: SeedReport, *, before: datetime.date) -> None:
    """Catalog records for the demo (generated, deterministic), through the same
    checks and publication path as an import, once. They are decisions made
    before this site kept the offices' letters: dated before `before`, numbered
    in date order within an office and year (`catalog.demo_data.dated_before`)."""
    rows = dated_before(generate_activities(DEMO_ACTIVITY_COUNT), day=before)
    existing = set(
        ActivityRecord.objects.filter(
            recommendation_number__in=[row["recommendation_number"] for row in rows]
        ).values_list("recommendation_number", flat=True)
    )
    if existing:
        # Seeded before: a later day's dates would number the rows otherwise.
        report.note(False, f"{len(existing)} kegiatan contoh di katalog")
        return
    offices = office_directory()
    missing = []
    for row in rows:
        cleaned, errors = clean_activity(row, offices=offices)
        if errors:
            raise ValueError(f"demo activity {row['recommendation_number']}: {errors}")
        missing.append(cleaned)
    publish_cleaned_batch(missing, source=ActivityRecord.Source.IMPORT)
    report.note(True, f"{len(missing)} kegiatan contoh di katalog")
