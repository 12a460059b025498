"""The public performance page on a phone: with JavaScript off it is reached
from the home page and the service standard and chosen by its form; it fits
the screen, axe finds nothing serious, and the Content-Security-Policy refuses
nothing. (axe-core needs JavaScript, so it runs in a second, ordinary tab.)"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e


def test_a_visitor_on_a_phone_reads_the_performance_without_javascript(
    site, browser, phone_page, axe
):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    refused = []
    for each in (page, phone_page):
        each.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
    try:
        page.goto(site.url + "/")
        page.get_by_role("main").get_by_role("link", name="Kinerja layanan").click()
        expect(page).to_have_url(re.compile(r"/kinerja/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Nasional: semua kantor BPS")
        expect(page.get_by_role("img", name="Pengajuan diterima dan diputus")).to_be_visible()
        expect(page.locator("svg[role=img]")).to_have_count(7)
        expect(page.locator("section.figure table")).to_have_count(7)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.get_by_label("Kantor BPS").select_option("3304")
        page.get_by_label("Periode").select_option("quarter")
        page.get_by_role("button", name="Tampilkan").click()
        expect(page).to_have_url(re.compile(r"/kinerja/3304/\?period=quarter$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("BPS Kabupaten Banjarnegara")
        expect(page.locator("#h-diterima-diputus ~ div table tbody tr")).to_have_count(8)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.goto(site.url + "/standar-pelayanan/")
        page.locator("#waktu").get_by_role("link", name=re.compile("kinerja layanan")).click()
        expect(page).to_have_url(re.compile(r"/kinerja/3304/$"))
    finally:
        context.close()

    for path in ("/kinerja/", "/kinerja/3304/?period=year"):
        phone_page.goto(site.url + path)
        expect(phone_page.locator("svg[role=img]")).to_have_count(7)
        assert_accessible(axe, phone_page)
    assert refused == []
