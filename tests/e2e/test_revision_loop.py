"""The revision loop on a phone, from both sides: the examiner's note shown
inside the block it concerns, answered there by the applicant, listed on the
submit page while unanswered, and seen with its reply beside the diff of the
next version, where the examiner marks it resolved."""

import pytest
from playwright.sync_api import expect

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, ReviewNote

from .conftest import APPLICANT, EXAMINER, PHONE, assert_accessible, complete_survey_draft

pytestmark = pytest.mark.e2e

TITLE = "Survei Ubinan Salak Pondoh Banjarnegara"
SAMPLE_NOTE = "Sebutkan sumber kerangka sampel rumah tangga petani salak."
TITLE_NOTE = "Sebutkan komoditas dan wilayah di judul."
REPLY = "Kerangka sampel dari daftar petani Dinas Pertanian 2026."


@pytest.fixture
def submitted(site):
    draft = complete_survey_draft(TITLE)
    return application_services.submit(application=draft, user=User.objects.get(email=APPLICANT))


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_note_is_answered_inside_its_block_and_resolved_on_the_next_version(
    site, new_context, submitted, axe
):
    url = site.url
    office_page = f"{url}/pemeriksaan/{submitted.pk}/"
    detail = f"{url}/pengajuan/{submitted.pk}/"

    # 1. The examiner, on a phone, writes notes on two blocks and asks for a revision.
    examiner = new_context(url, EXAMINER, PHONE)
    examiner.goto(office_page)
    examiner.get_by_role("button", name="Ambil dan periksa").click()
    expect(examiner.get_by_role("status")).to_contain_text("Anda sekarang memeriksa")
    examiner.get_by_label("Catatan untuk V. Desain sampel").fill(SAMPLE_NOTE)
    examiner.get_by_label("Catatan untuk Keterangan kegiatan").fill(TITLE_NOTE)
    examiner.get_by_role("button", name="Minta perbaikan ke pemohon").click()
    expect(examiner.get_by_role("status")).to_contain_text("Permintaan perbaikan dikirim")
    assert_accessible(axe, examiner)

    # 2. The applicant opens the sample block from the detail page and sees the note in it.
    applicant = new_context(url, APPLICANT, PHONE)
    applicant.goto(detail)
    assert_accessible(axe, applicant)
    applicant.get_by_role("link", name="Perbaiki dan jawab — V. Desain sampel").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("V. Desain sampel")
    panel = applicant.locator("section.review-notes")
    expect(panel).to_contain_text(SAMPLE_NOTE)
    expect(panel).not_to_contain_text(TITLE_NOTE)
    expect(panel).to_contain_text("Belum dijawab")
    assert_accessible(axe, applicant)
    assert fits_the_phone(applicant)

    # It answers the note there, and corrects the block.
    applicant.get_by_label("Jawaban atas catatan 1").fill(REPLY)
    applicant.get_by_role("button", name="Kirim jawaban").click()
    expect(applicant.get_by_role("status")).to_contain_text("Jawaban Anda atas catatan")
    expect(panel).to_contain_text("Sudah dijawab")
    expect(panel).to_contain_text(REPLY)
    assert_accessible(axe, applicant)
    applicant.get_by_label("Unit sampel").fill("Rumah tangga petani salak (daftar Dinas)")
    applicant.get_by_role("button", name="Simpan draf").click()
    expect(applicant.get_by_role("status")).to_contain_text("Draf tersimpan")

    # 3. The submit page lists the note still unanswered, with a link to its block; it submits.
    applicant.goto(detail + "ajukan/")
    unanswered = applicant.locator("#catatan-belum-dijawab")
    expect(unanswered).to_contain_text("1 catatan pemeriksa belum Anda jawab")
    title_note = ReviewNote.objects.get(application=submitted, block="kegiatan")
    expect(unanswered.get_by_role("link", name="Keterangan kegiatan")).to_have_attribute(
        "href", f"/pengajuan/{submitted.pk}/formulir/kegiatan/#catatan-{title_note.pk}"
    )
    expect(unanswered).not_to_contain_text(SAMPLE_NOTE)
    assert_accessible(axe, applicant)
    applicant.get_by_role("button", name="Ajukan perbaikan").click()
    expect(applicant.get_by_role("status")).to_contain_text("diterima")
    assert Application.objects.get(pk=submitted.pk).state == "submitted"

    # 4. The examiner takes version 2: the note and its reply are beside the sample diff.
    examiner.goto(office_page)
    examiner.get_by_role("button", name="Ambil dan periksa").click()
    note = ReviewNote.objects.get(application=submitted, block="sampel")
    beside = examiner.locator(f"#tinjauan-{note.pk}")
    expect(beside).to_contain_text(SAMPLE_NOTE)
    expect(beside).to_contain_text(REPLY)
    expect(beside).to_contain_text("belum ditinjau")
    expect(examiner.locator("#blok-sampel")).to_contain_text("Berubah")
    assert_accessible(axe, examiner)
    beside.get_by_role("button", name="Tandai diterima").click()
    expect(examiner.get_by_role("status")).to_contain_text("Diterima pemeriksa")
    expect(examiner.locator(f"#tinjauan-{note.pk}")).to_contain_text("Diterima pemeriksa")
    assert_accessible(axe, examiner)
    assert fits_the_phone(examiner)

    # 5. The applicant reads the examiner's verdict on their answer.
    applicant.goto(detail)
    history = applicant.locator("section.note-history")
    expect(history).to_contain_text("Diterima pemeriksa")
    expect(history).to_contain_text(REPLY)
    assert_accessible(axe, applicant)
