"""A visitor files a complaint on a phone, receives the acknowledgement and looks
the complaint up; the officer answers it from the office's screens; the visitor
reads the answer. axe finds no serious or critical violation on any page, and
nothing overflows the 390 px screen sideways."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from .conftest import EXAMINER, assert_accessible

VISITOR = "budi@banjarnegarakab.go.id"


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_a_complaint_is_filed_acknowledged_looked_up_and_answered(
    site, phone_page, new_context, axe
):
    page = phone_page
    page.goto(site.url + "/pengaduan/")
    page.get_by_label("Nama lengkap").fill("Budi Santoso")
    page.get_by_label("Alamat e-mail").fill(VISITOR)
    page.get_by_label("Hal yang diadukan").select_option("Waktu penyelesaian")
    page.get_by_label("Isi pengaduan").fill("Surat rekomendasi kami belum terbit.")
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan diterima")
    ticket = page.locator(".ticket").inner_text()
    assert_accessible(axe, page)
    fits_the_phone(page)

    # The acknowledgement carries the ticket and the tracking link.
    (acknowledgement,) = [m for m in mail.outbox if m.to == [VISITOR]]
    assert ticket in acknowledgement.subject
    link = re.search(r"http://\S+/pengaduan/lacak/\?tiket=\S+", acknowledgement.body).group(0)
    parts = urlsplit(link)
    page.goto(f"{site.url}{parts.path}?{parts.query}")
    expect(page.get_by_label("Nomor tiket")).to_have_value(ticket)
    page.get_by_label("Alamat e-mail").fill(VISITOR)
    page.get_by_role("button", name="Lacak").click()
    expect(page.get_by_role("heading", name=f"Pengaduan {ticket}")).to_be_visible()
    expect(page.locator('.progress [aria-current="step"]')).to_have_text("Diterima")
    assert_accessible(axe, page)
    fits_the_phone(page)

    # A wrong address: "not found", nothing shown.
    page.goto(site.url + "/pengaduan/lacak/")
    page.get_by_label("Nomor tiket").fill(ticket)
    page.get_by_label("Alamat e-mail").fill("orang.lain@banjarnegarakab.go.id")
    page.get_by_role("button", name="Lacak").click()
    expect(page.get_by_role("alert")).to_contain_text("Pengaduan tidak ditemukan")
    assert_accessible(axe, page)

    # The examiner answers from the queue's "Pengaduan" on a phone.
    officer = new_context(site.url, EXAMINER)
    officer.goto(site.url + "/pemeriksaan/")
    officer.get_by_role("link", name="Pengaduan (1 belum selesai)").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Pengaduan")
    assert_accessible(axe, officer)
    fits_the_phone(officer)
    officer.get_by_role("link", name=ticket).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Pengaduan {ticket}")
    assert_accessible(axe, officer)
    fits_the_phone(officer)
    officer.get_by_label("Jawaban untuk pengadu").fill("Surat Anda terbit hari ini.")
    officer.get_by_role("button", name="Kirim jawaban").click()
    expect(officer.get_by_role("status").first).to_contain_text("dikirim ke e-mail pengadu")
    assert_accessible(axe, officer)

    answers = [m for m in mail.outbox if m.to == [VISITOR] and "Jawaban" in m.subject]
    assert len(answers) == 1 and "Surat Anda terbit hari ini." in answers[0].body

    # The visitor reads the answer.
    page.goto(f"{site.url}/pengaduan/lacak/?tiket={ticket}")
    page.get_by_label("Alamat e-mail").fill(VISITOR)
    page.get_by_role("button", name="Lacak").click()
    expect(page.locator(".progress [aria-current='step']")).to_have_text("Diproses")
    expect(page.locator(".timeline")).to_contain_text("Surat Anda terbit hari ini.")
    assert_accessible(axe, page)
    fits_the_phone(page)
