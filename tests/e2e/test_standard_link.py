"""The service standard leads to this service: on a phone, beside the seed's
"Layanan Online", the "Ajukan rekomendasi" button takes a visitor through log-in
to the start of an application."""

import pytest
from playwright.sync_api import expect

from .conftest import APPLICANT, DEMO_PASSWORD, assert_accessible

pytestmark = pytest.mark.e2e


def test_a_visitor_on_a_phone_goes_from_the_standard_to_the_application_start(
    site, phone_page, axe
):
    page = phone_page
    page.goto(site.url + "/standar-pelayanan/")
    assert_accessible(axe, page)

    online = page.locator("#persyaratan li.channel--online")
    expect(online).to_contain_text(
        "Pengguna layanan mengakses dan memiliki akun pada aplikasi Romantik Online"
    )
    expect(online.get_by_role("link", name="https://romantik.bps.go.id")).to_be_visible()
    button = online.get_by_role("link", name="Ajukan rekomendasi", exact=True)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("href", "/pengajuan/")
    # The site's primary button, whole on the phone's screen, and nothing overflows.
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["height"] >= 24
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    button.click()
    expect(page).to_have_url(site.url + "/akun/masuk/?next=/pengajuan/")
    assert_accessible(axe, page)
    # By field name, not label: the log-in page's wording belongs to the accounts item.
    form = page.get_by_role("main").locator("form").filter(has=page.locator("[name=password]"))
    form.locator("[name=login]").fill(APPLICANT)
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    form.locator("[type=submit]").click()

    expect(page).to_have_url(site.url + "/pengajuan/")
    expect(page.get_by_role("button", name="Buat pengajuan baru")).to_be_visible()
    assert_accessible(axe, page)
