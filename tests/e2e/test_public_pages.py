import re

import pytest
from playwright.sync_api import expect

from portal.models import ComplaintSubmission

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_a_visitor_on_a_phone_reads_the_service_standard(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/")
    assert_accessible(axe, page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Langsung ke konten utama")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.get_by_role("main").get_by_role("link", name="Baca standar pelayanan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pelayanan Rekomendasi Kegiatan Statistik"
    )
    assert_accessible(axe, page)

    expect(page.locator("#persyaratan ol.requirements > li")).to_have_count(4)
    expect(page.locator("#prosedur ol.steps > li")).to_have_count(11)
    expect(page.locator("#prosedur .outcome")).to_have_count(6)
    expect(page.locator("#waktu")).to_contain_text("30 Hari kerja")
    expect(page.locator("#biaya")).to_contain_text("Tidak dipungut biaya")
    expect(page.locator("#produk li")).to_have_count(2)
    expect(page.locator("#pengaduan")).to_contain_text("bps3304@bps.go.id")
    # Nothing overflows the phone screen sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_visitor_files_a_complaint_and_gets_a_ticket(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/standar-pelayanan/")
    page.get_by_role("link", name="Isi formulir pengaduan daring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan Layanan")
    assert_accessible(axe, page)

    page.get_by_role("button", name="Kirim pengaduan").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nama lengkap")
    expect(alert).to_contain_text("Isi pengaduan")
    assert_accessible(axe, page)

    page.get_by_label("Nama lengkap").fill("Budi Santoso")
    page.get_by_label("Alamat e-mail").fill("budi@banjarnegarakab.go.id")
    page.get_by_label("Hal yang diadukan").select_option("Prosedur")
    page.get_by_label("Isi pengaduan").fill("Petunjuk pengisian FRKSS sulit ditemukan di situs.")
    page.get_by_role("button", name="Kirim pengaduan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan diterima")
    ticket = page.locator(".ticket").inner_text()
    assert re.fullmatch(r"ADU-3304-\d{4}-\d{5}", ticket)
    assert_accessible(axe, page)
    stored = ComplaintSubmission.objects.get(ticket_number=ticket)
    assert stored.form_data["nama_lengkap"] == "Budi Santoso"


def test_the_language_switcher_gives_an_english_interface(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/standar-pelayanan/")
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()
    expect(page.locator("#waktu")).to_contain_text("30 working days")
    assert_accessible(axe, page)
