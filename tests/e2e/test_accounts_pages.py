"""The account pages on a phone: in the site's frame and form style, no sideways
scrolling, a real sign-up, verification and log-in, accessible throughout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from .conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e

EMAIL = "rina.lestari@banjarnegarakab.go.id"
PASSWORD = "Dieng-Kentang-2027!"
SERVICE = "Rekomstat — Pelayanan Rekomendasi Kegiatan Statistik BPS"


def assert_site_page(axe, page, heading: str):
    """The page wears the site's frame, its form the site's classes, it fits the
    phone and axe finds nothing serious."""
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("footer.site-footer")).to_be_attached()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    form = page.get_by_role("main").locator("form.form")
    expect(form.locator("button[type=submit]").first).to_have_class(re.compile(r"\bbutton\b"))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # The site's inputs fill the column; the browser's default ones are ~150 px wide.
    widths = form.locator(".field input:not([type=checkbox])").evaluate_all(
        "inputs => inputs.map(input => input.getBoundingClientRect().width)"
    )
    assert all(width > 300 for width in widths), widths
    assert_accessible(axe, page)


def test_sign_up_verify_and_log_in_on_a_phone(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/akun/kata-sandi/reset/")
    assert_site_page(axe, page, "Reset Kata Sandi")
    expect(page.locator("main form .field input[type=email]")).to_have_count(1)

    page.goto(site.url + "/akun/daftar/")
    assert_site_page(axe, page, "Daftar")
    signup = page.get_by_role("main").locator("form")
    expect(signup.get_by_role("list")).to_contain_text("Kata sandi Anda harus memuat")
    signup.get_by_label("E-mail (wajib)", exact=True).fill(EMAIL)
    signup.get_by_label("Nama depan").fill("Rina")
    signup.get_by_label("Kata sandi (wajib)", exact=True).fill("12345678")
    signup.get_by_label("Kata sandi (lagi)").fill("12345678")
    signup.get_by_role("button", name="Daftar").click()
    # The error is summarised at the top, naming the field, and its link leads there.
    summary = page.locator("#form-errors")
    expect(summary).to_contain_text("Kata sandi")
    summary.get_by_role("link", name="Kata sandi").click()
    expect(page.get_by_label("Kata sandi (wajib)", exact=True)).to_be_focused()
    assert_site_page(axe, page, "Daftar")

    signup.get_by_label("Kata sandi (wajib)", exact=True).fill(PASSWORD)
    signup.get_by_label("Kata sandi (lagi)").fill(PASSWORD)
    signup.get_by_role("button", name="Daftar").click()
    expect(page).to_have_url(re.compile("/akun/konfirmasi-email/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert_accessible(axe, page)

    (verification,) = [message for message in mail.outbox if EMAIL in message.to]
    assert verification.body.startswith(f"Salam dari {SERVICE}.")
    link = re.search(r"https?://[^/\s]+(/akun/konfirmasi-email/[^\s]+/)", verification.body)
    page.goto(site.url + link[1])
    assert_site_page(axe, page, "Konfirmasi Alamat E-mail")
    page.get_by_role("main").get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("status")).to_contain_text(f"Anda telah mengkonfirmasi {EMAIL}")
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert_accessible(axe, page)

    page.goto(site.url + "/akun/keluar/")
    assert_site_page(axe, page, "Keluar")
    page.get_by_role("main").get_by_role("button", name="Keluar").click()

    page.goto(site.url + "/akun/masuk/")
    assert_site_page(axe, page, "Masuk")
    login = page.get_by_role("main").locator("form")
    login.get_by_label("E-mail (wajib)", exact=True).fill(EMAIL)
    login.get_by_label("Kata sandi (wajib)", exact=True).fill(PASSWORD)
    login.get_by_label("Ingat saya").check()
    login.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Keluar")).to_be_visible()
    assert_accessible(axe, page)
