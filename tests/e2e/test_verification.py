"""Letter verification for everyone, on a phone: a visitor finds a letter by its
number at `/verifikasi/`, then uploads the PDF the applicant downloaded and is told
it is the letter issued; a copy with one byte changed is told apart. The pages use
no JavaScript (tests/procedures/letters/test_verification.py checks the markup);
axe finds nothing serious on any page visited."""

import re

import pytest
from playwright.sync_api import expect

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.examination import services as examination_services
from procedures.letters.models import Letter

from .conftest import (
    APPLICANT,
    EXAMINER,
    PHONE,
    SIGNATORY,
    assert_accessible,
    complete_survey_draft,
)

pytestmark = pytest.mark.e2e

TITLE = "Survei Harga Gula Kelapa Banjarnegara"
FILE_FIELD = re.compile(r"^Berkas PDF")  # not the section "Periksa berkas PDF"


@pytest.fixture
def letter(site) -> Letter:
    """A letter signed through the same services the office's screens call."""
    application = complete_survey_draft(TITLE)
    application_services.submit(application=application, user=User.objects.get(email=APPLICANT))
    examiner = User.objects.get(email=EXAMINER)
    examination_services.take(application=application, user=examiner)
    examination_services.propose(
        application=application, user=examiner, verdict="feasible", text=""
    )
    examination_services.sign(application=application, user=User.objects.get(email=SIGNATORY))
    return Letter.objects.get(application=application)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_letter_found_by_its_number_and_checked_by_its_pdf(
    site, letter, new_context, browser, axe, tmp_path
):
    url = site.url

    # The applicant downloads the letter, as they would to pass it on.
    applicant = new_context(url, APPLICANT)
    applicant.goto(f"{url}/pengajuan/{letter.application_id}/")
    with applicant.expect_download() as download_info:
        applicant.get_by_role("link", name="Unduh surat rekomendasi (PDF)").click()
    genuine = tmp_path / "surat.pdf"
    download_info.value.save_as(genuine)
    data = genuine.read_bytes()
    forged = tmp_path / "surat-diubah.pdf"
    middle = len(data) // 2
    forged.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])

    # A visitor on a phone follows the footer link and looks the letter up.
    context = browser.new_context(
        viewport=PHONE,
        locale="id-ID",
    )
    visitor = context.new_page()
    visitor.goto(url + "/")
    visitor.get_by_role("contentinfo").get_by_role(
        "link", name="Verifikasi surat rekomendasi"
    ).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Verifikasi surat rekomendasi")
    assert_accessible(axe, visitor)

    # An incomplete number lists nothing.
    visitor.get_by_label("Nomor surat").fill(letter.number.rsplit("/", 1)[0])
    visitor.get_by_role("button", name="Cari surat").click()
    expect(visitor.get_by_role("alert")).to_contain_text("Surat tidak ditemukan")
    expect(visitor.get_by_role("main")).not_to_contain_text(TITLE)
    assert_accessible(axe, visitor)

    # Typed in lower case with spaces, the full number finds it.
    visitor.get_by_label("Nomor surat").fill(" " + letter.number.lower().replace("/", " / "))
    visitor.get_by_role("button", name="Cari surat").click()
    expect(visitor.get_by_role("status")).to_contain_text("terdaftar di Rekomstat")
    facts = visitor.locator("dl.facts")
    for shown in (letter.number, TITLE, "Layak Dilaksanakan", letter.sha256):
        expect(facts).to_contain_text(shown)
    assert fits_the_phone(visitor)
    assert_accessible(axe, visitor)

    # The genuine PDF is the letter issued.
    visitor.get_by_label(FILE_FIELD).set_input_files(genuine)
    visitor.get_by_role("button", name="Periksa berkas").click()
    result = visitor.locator("#hasil-berkas")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_contain_text("Sama persis dengan surat yang diterbitkan")
    assert fits_the_phone(visitor)
    assert_accessible(axe, visitor)

    # One byte changed, and it is not.
    visitor.get_by_label(FILE_FIELD).set_input_files(forged)
    visitor.get_by_role("button", name="Periksa berkas").click()
    expect(visitor.get_by_role("alert")).to_contain_text(
        f"Berbeda — berkas ini bukan salinan asli surat {letter.number}"
    )
    assert_accessible(axe, visitor)

    # Submitting without a file names the field, next to the field.
    visitor.get_by_role("button", name="Periksa berkas").click()
    summary = visitor.locator("#form-errors")
    expect(summary).to_contain_text("Berkas PDF")
    assert_accessible(axe, visitor)
    context.close()


def test_the_qr_page_leads_to_the_pdf_check(site, letter, phone_page, axe):
    phone_page.goto(f"{site.url}/verifikasi/{letter.verification_code}/")
    assert_accessible(axe, phone_page)
    phone_page.get_by_role("link", name="Periksa berkas PDF").click()
    expect(phone_page.get_by_label(FILE_FIELD)).to_be_visible()
    expect(phone_page.locator("dl.facts")).to_contain_text(letter.sha256)
    assert fits_the_phone(phone_page)
    assert_accessible(axe, phone_page)
