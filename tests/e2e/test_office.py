"""The whole procedure in the browser, from the office's side: an applicant
submits, the examiner asks for a revision, the applicant resubmits, the
examiner proposes Layak, the signatory signs, the applicant downloads the
letter, the activity is in the public catalog and its verification page
matches the letter."""

import hashlib
import io
import re

import pytest
import zxingcpp
from django.core import mail
from django.utils import formats, timezone
from playwright.sync_api import expect
from pypdf import PdfReader
from pypdfium2 import PdfDocument

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.demo import complete_design, demo_pdf, fill_design
from procedures.letters.models import Letter
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations.models import Office

from .conftest import (
    APPLICANT,
    EXAMINER,
    LAPTOP,
    PHONE,
    SIGNATORY,
    assert_accessible,
    complete_survey_draft,
)

pytestmark = pytest.mark.e2e

TITLE = "Survei Produksi Kentang Dataran Tinggi Dieng"


@pytest.fixture
def complete_draft(site):
    return complete_survey_draft(TITLE)


def test_the_office_examines_decides_and_publishes(site, new_context, complete_draft, axe):
    url = site.url
    detail = f"{url}/pengajuan/{complete_draft.pk}/"

    # 1. The applicant submits on a phone.
    applicant = new_context(url, APPLICANT)
    applicant.goto(detail + "ajukan/")
    applicant.get_by_role("button", name="Ajukan", exact=True).click()
    expect(applicant.get_by_role("status")).to_contain_text("diterima")
    reference = Application.objects.get(pk=complete_draft.pk).reference

    # 2. The examiner finds it in the queue, takes it and asks for a revision.
    examiner = new_context(url, EXAMINER, LAPTOP)
    # Officers land on the queue after logging in.
    expect(examiner.get_by_role("heading", level=1)).to_have_text("Antrean pemeriksaan")
    assert_accessible(axe, examiner)
    examiner.get_by_label("Status", exact=True).select_option(label="Diajukan")
    examiner.get_by_role("button", name="Terapkan").click()
    examiner.get_by_role("link", name=reference).click()
    assert_accessible(axe, examiner)
    examiner.get_by_role("button", name="Ambil dan periksa").click()
    expect(examiner.get_by_role("status")).to_contain_text("Anda sekarang memeriksa")
    examiner.get_by_label("Catatan untuk V. Desain sampel", exact=False).fill(
        "Sebutkan sumber kerangka sampel rumah tangga petani."
    )
    examiner.get_by_role("button", name="Simpan catatan (draf)").click()
    expect(examiner.get_by_label("Catatan untuk V. Desain sampel", exact=False)).to_have_value(
        "Sebutkan sumber kerangka sampel rumah tangga petani."
    )
    examiner.get_by_role("button", name="Minta perbaikan ke pemohon").click()
    expect(examiner.get_by_role("status")).to_contain_text("Permintaan perbaikan dikirim")
    assert_accessible(axe, examiner)

    # 3. The applicant reads the note, corrects the sample block and resubmits.
    applicant.goto(detail)
    notes = applicant.locator("section.notes")
    expect(notes).to_contain_text("Sebutkan sumber kerangka sampel rumah tangga petani.")
    assert_accessible(axe, applicant)
    applicant.goto(detail + "formulir/sampel/")
    applicant.get_by_label("Unit sampel").fill("Rumah tangga petani kentang (daftar Dinas)")
    applicant.get_by_role("button", name="Simpan draf").click()
    applicant.goto(detail + "ajukan/")
    applicant.get_by_role("button", name="Ajukan perbaikan").click()
    expect(applicant.get_by_role("status")).to_contain_text("diterima")

    # 4. The examiner sees what changed and proposes Layak with a suggestion.
    examiner.goto(f"{url}/pemeriksaan/{complete_draft.pk}/")
    examiner.get_by_role("button", name="Ambil dan periksa").click()
    changes = examiner.locator(".diff table")
    expect(changes).to_have_count(1)
    expect(changes).to_contain_text("Rumah tangga petani kentang (daftar Dinas)")
    assert_accessible(axe, examiner)
    proposal = examiner.locator(
        "form", has=examiner.get_by_role("button", name="Kirim ke penanda tangan")
    )
    proposal.get_by_label("Tidak Layak Dilaksanakan").check()
    proposal.get_by_role("button", name="Kirim ke penanda tangan").click()
    expect(examiner.get_by_role("alert").first).to_contain_text("alasan")  # reasons are required
    proposal = examiner.locator(
        "form", has=examiner.get_by_role("button", name="Kirim ke penanda tangan")
    )
    proposal.get_by_label("Layak Dilaksanakan", exact=True).check()
    proposal.get_by_label(re.compile("^Saran")).fill("Sertakan metadata kegiatan saat diseminasi.")
    proposal.get_by_role("button", name="Kirim ke penanda tangan").click()
    expect(examiner.get_by_role("status")).to_contain_text("Usulan keputusan dikirim")

    # 5. The signatory signs; the letter is issued.
    signatory = new_context(url, SIGNATORY, LAPTOP)
    signatory.goto(f"{url}/pemeriksaan/?state=awaiting_signature")
    signatory.get_by_role("link", name=reference).click()
    assert_accessible(axe, signatory)
    signatory.get_by_role("button", name="Setujui dan tanda tangani surat").click()
    expect(signatory.get_by_role("status")).to_contain_text("surat terbit")
    letter = Letter.objects.get(application=complete_draft)

    # 6. The applicant downloads the letter.
    applicant.goto(detail)
    expect(applicant.locator("section.decision")).to_contain_text("Layak Dilaksanakan")
    assert_accessible(axe, applicant)
    with applicant.expect_download() as download_info:
        applicant.get_by_role("link", name="Unduh surat rekomendasi (PDF)").click()
    pdf = open(download_info.value.path(), "rb").read()  # noqa: SIM115, PTH123
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert letter.number in " ".join(text.split())
    assert "Sertakan metadata kegiatan saat diseminasi." in " ".join(text.split())
    image = PdfDocument(pdf)[0].render(scale=2).to_pil()
    (qr,) = zxingcpp.read_barcodes(image)

    # 7. The activity is in the public catalog, and its letter verifies.
    public = applicant.context.browser.new_context(viewport=PHONE, locale="id-ID")
    visitor = public.new_page()
    visitor.goto(url + "/katalog/?q=kentang dieng")
    result = visitor.locator(".result", has_text=TITLE)
    expect(result).to_have_count(1)
    result.get_by_role("link", name=TITLE).click()
    visitor.get_by_role("link", name="Periksa keaslian surat rekomendasi").click()
    assert visitor.url == qr.text.replace("http://testserver", url)
    facts = visitor.locator("dl.facts")
    expect(facts).to_contain_text(letter.number)
    expect(facts).to_contain_text(TITLE)
    expect(facts).to_contain_text("Layak Dilaksanakan")
    expect(facts).to_contain_text(hashlib.sha256(pdf).hexdigest())
    assert_accessible(axe, visitor)
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    public.close()


WALIDATA = "walidata@banjarnegarakab.go.id"
KOMINFO = "Dinas Komunikasi dan Informatika Kabupaten Banjarnegara"
WALK_IN_TITLE = "Kompilasi Data Menara Telekomunikasi"


def test_the_walidata_checks_first_and_a_walk_in_follows_the_same_path(
    site, new_context, complete_draft, axe, tmp_path
):
    """Where the office asks for it, regional submissions wait for the region's
    walidata, who reads them and confirms; the 30-day clock starts then. A walk-in
    FRKSS recorded by the examiner follows the same path, with the agency's
    address receiving the mail."""
    url = site.url
    office = complete_draft.office
    Office.objects.filter(pk=office.pk).update(walidata_required=True)
    online = application_services.submit(
        application=Application.objects.get(pk=complete_draft.pk),
        user=User.objects.get(email=APPLICANT),
    )
    assert (online.state, online.due_on) == ("awaiting_walidata", None)

    # 1. The examiner records a walk-in: the paper FRKSS of Diskominfo.
    examiner = new_context(url, EXAMINER, LAPTOP)
    expect(examiner.get_by_role("link", name=online.reference)).to_have_count(0)
    examiner.get_by_role("link", name="Catat pengajuan luring (datang langsung)").click()
    assert_accessible(axe, examiner)
    examiner.get_by_role("button", name="Buat pengajuan luring").click()
    expect(examiner.get_by_role("alert").first).to_contain_text("Instansi pemohon")
    # The demo Diskominfo has no e-mail on record: the examiner is asked for one.
    examiner.get_by_label("Instansi pemohon").select_option(label=f"{KOMINFO} — belum ada e-mail")
    examiner.get_by_role("button", name="Buat pengajuan luring").click()
    expect(examiner.get_by_role("alert").first).to_contain_text("E-mail instansi")
    assert_accessible(axe, examiner)
    examiner.get_by_label("E-mail instansi").fill("diskominfo@banjarnegarakab.go.id")
    examiner.get_by_role("button", name="Buat pengajuan luring").click()
    expect(examiner.get_by_role("status")).to_contain_text("Pengajuan luring dibuat")
    walk_in = Application.objects.get(channel="offline")
    # Copying each block uses the very form the applicant's browser test fills.
    fill_design(
        walk_in,
        User.objects.get(email=EXAMINER),
        complete_design(title=WALK_IN_TITLE, survey=False),
    )
    examiner.goto(f"{url}/pengajuan/{walk_in.pk}/lampiran/")
    scan = tmp_path / "frkss-pindaian.pdf"
    scan.write_bytes(demo_pdf("Pindaian FRKSS").read())
    examiner.get_by_label("Jenis lampiran").select_option(label="Pindaian formulir FRKSS")
    examiner.get_by_label("Berkas").set_input_files(scan)
    examiner.get_by_role("button", name="Unggah").click()
    expect(examiner.get_by_role("link", name="frkss-pindaian.pdf")).to_be_visible()
    examiner.goto(f"{url}/pengajuan/{walk_in.pk}/ajukan/")
    examiner.get_by_role("button", name="Ajukan", exact=True).click()
    expect(examiner.get_by_role("status")).to_contain_text("diterima")
    walk_in.refresh_from_db()
    # Diskominfo is a regional agency too: its design also goes to the walidata first.
    assert walk_in.reference and (walk_in.state, walk_in.due_on) == ("awaiting_walidata", None)

    # 2. The walidata, on a phone, reads the online design and confirms both.
    walidata = new_context(url, WALIDATA)
    walidata.goto(url + "/pemeriksaan/")
    expect(walidata.get_by_role("heading", level=1)).to_have_text("Konfirmasi walidata")
    expect(walidata.locator("article.card h2")).to_have_text([TITLE, WALK_IN_TITLE])
    assert_accessible(axe, walidata)
    walidata.get_by_role("link", name=f"Baca rancangan dan lampiran “{TITLE}”").click()
    expect(walidata.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(walidata.get_by_role("heading", name="V. Desain sampel")).to_be_visible()
    assert_accessible(axe, walidata)
    assert walidata.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    walidata.get_by_label("Catatan (tidak wajib)").fill("Sesuai rencana data daerah 2027.")
    walidata.get_by_role("button", name="Konfirmasi dan teruskan ke BPS").click()
    expect(walidata.get_by_role("status")).to_contain_text(online.reference)
    expect(walidata.locator("article.card h2")).to_have_text([WALK_IN_TITLE])
    walidata.get_by_role("button", name="Konfirmasi dan teruskan ke BPS").click()
    expect(walidata.get_by_role("status")).to_contain_text(walk_in.reference)
    expect(
        walidata.get_by_text("Tidak ada pengajuan yang menunggu konfirmasi Anda.")
    ).to_be_visible()
    due = organisation_calendar.due_date(office=office, recorded_on=timezone.localdate())
    for application in (online, walk_in):
        application.refresh_from_db()
        assert (application.state, application.due_on) == ("submitted", due)
    receipts = [m for m in mail.outbox if walk_in.reference in m.subject]
    assert [m.to for m in receipts if "Tanda terima" in m.subject] == [
        ["diskominfo@banjarnegarakab.go.id"]
    ]

    # 3. Both are now in the office's queue with their due date.
    examiner.goto(url + "/pemeriksaan/")
    for application in (online, walk_in):
        row = examiner.locator("tr", has=examiner.get_by_role("link", name=application.reference))
        expect(row).to_contain_text(formats.date_format(due, "j M Y"))
    examiner.get_by_role("link", name=walk_in.reference).click()
    expect(examiner.locator(".eyebrow")).to_contain_text("pengajuan luring")
    examiner.get_by_role("button", name="Ambil dan periksa").click()
    expect(examiner.get_by_role("status")).to_contain_text("Anda sekarang memeriksa")
    assert_accessible(axe, examiner)
