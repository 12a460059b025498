import re

import pytest
from playwright.sync_api import expect

from catalog.models import ActivityRecord

from .conftest import PHONE, assert_accessible

pytestmark = pytest.mark.e2e


def result_count(page) -> int:
    return int(page.locator(".results-count").inner_text().split()[0].replace(".", ""))


def test_a_visitor_on_a_phone_searches_filters_and_pages_the_catalog(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/")
    page.get_by_role("main").get_by_role(
        "link", name="Cari kegiatan yang sudah direkomendasikan"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Katalog kegiatan statistik terekomendasi"
    )
    assert_accessible(axe, page)

    # An inflected form finds the activities that use another form of the word.
    page.get_by_label("Cari kegiatan").fill("petani")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator(".result").first).to_be_visible()
    marked = page.locator(".result mark").all_inner_texts()
    assert marked and {word.lower() for word in marked} <= {"petani", "pertanian", "tani"}
    unfiltered = result_count(page)
    assert unfiltered > 20
    assert_accessible(axe, page)

    # A facet value narrows the results; the chosen filter is shown and removable.
    office = page.locator("section.facet", has=page.get_by_role("heading", name="Kantor BPS"))
    option = office.locator("a.facet__option").first
    label = option.locator(".facet__label").inner_text()
    expected = int(option.locator(".facet__count").inner_text().split()[0])
    option.click()
    expect(page.locator(".active-filters")).to_contain_text(f"Kantor BPS: {label}")
    assert result_count(page) == expected < unfiltered
    assert_accessible(axe, page)
    page.locator(".active-filters").get_by_role("link", name="Hapus semua filter").click()
    expect(page.locator(".active-filters")).to_have_count(0)
    assert result_count(page) == unfiltered

    # Paging.
    page.get_by_role("navigation", name="Halaman hasil").get_by_role(
        "link", name="Berikutnya"
    ).click()
    expect(page.get_by_role("navigation", name="Halaman hasil")).to_contain_text("Halaman 2 dari")
    expect(page).to_have_url(re.compile(r"page=2"))
    assert_accessible(axe, page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A result's page, with its similar activities.
    page.locator(".result__title a").first.click()
    expect(page.locator("dl.facts")).to_contain_text("Nomor rekomendasi")
    expect(page.locator("ul.similar li").first).to_be_visible()
    assert_accessible(axe, page)


def test_nothing_found_says_what_to_try(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/katalog/?q=zzzqqq")
    expect(page.locator(".empty-state")).to_contain_text("Tidak ada kegiatan yang cocok")
    assert_accessible(axe, page)


def test_the_catalog_counts_every_demo_record(site, phone_page):
    phone_page.goto(site.url + "/katalog/")
    assert result_count(phone_page) == ActivityRecord.objects.count() >= 300
