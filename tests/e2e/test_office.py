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
from playwright.sync_api import expect
from pypdf import PdfReader
from pypdfium2 import PdfDocument

from procedures import services
from procedures.demo import complete_design, demo_pdf, fill_design
from procedures.models import Application, AttachmentKind, Letter, User

from .conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e

PASSWORD = "demo-rekomstat"  # noqa: S105 — the published demo password
APPLICANT = "pemohon@banjarnegarakab.go.id"
EXAMINER = "pemeriksa@bps.go.id"
SIGNATORY = "kepala@bps.go.id"
TITLE = "Survei Produksi Kentang Dataran Tinggi Dieng"
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def new_context(browser):
    contexts = []

    def open_as(email, viewport):
        context = browser.new_context(viewport=viewport, locale="id-ID", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + "/akun/masuk/")
        form = page.get_by_role("main").locator("form")
        form.get_by_label("Surel").fill(email)
        form.get_by_label("Kata Kunci").fill(PASSWORD)
        form.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("link", name="Keluar")).to_be_visible()
        return page

    site_url = None

    def factory(url, email, viewport=PHONE):
        nonlocal site_url
        site_url = url
        return open_as(email, viewport)

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def complete_draft(site):
    """The demo applicant's complete survey design, ready to submit (filling
    every block in the browser is the applicant test's job)."""
    applicant = User.objects.get(email=APPLICANT)
    application = services.create_application(user=applicant)
    fill_design(application, applicant, complete_design(title=TITLE))
    services.add_attachment(
        application=application,
        user=applicant,
        kind=AttachmentKind.QUESTIONNAIRE,
        upload=demo_pdf(TITLE),
    )
    return application


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
