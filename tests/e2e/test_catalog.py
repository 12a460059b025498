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

    # On a phone the filters wait behind "Saring hasil"; the results come first.
    filters_toggle = page.locator("summary", has_text="Saring hasil")
    office = page.locator("section.facet", has=page.get_by_role("heading", name="Kantor BPS"))
    expect(office).to_be_hidden()
    filters_toggle.click()
    expect(office).to_be_visible()

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


def top(page, selector) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_on_a_phone_results_come_first_and_chips_remove_filters(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/katalog/?q=survei&year=2025&sector=1")
    # The first result follows the search box; the filters are one tap away, closed.
    first_result = page.locator(".result").first
    expect(first_result).to_be_visible()
    # Below the site's menu, the heading and the search box (about 700 px), not
    # below 2,400 px of filters as before.
    assert top(page, ".result") < 1.5 * PHONE["height"]
    toggle = page.locator("summary", has_text="Saring hasil")
    expect(toggle).to_contain_text("2 dipilih")
    expect(page.locator(".facet").first).to_be_hidden()
    assert_accessible(axe, page)

    # The chosen filters stay visible as chips above the results.
    chips = page.locator(".active-filters a.chip")
    expect(chips).to_have_count(2)
    assert top(page, ".active-filters") < top(page, ".result")

    # "Saring hasil" opens the filters, from the keyboard too.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".facet").first).to_be_visible()
    assert_accessible(axe, page)
    page.keyboard.press("Enter")
    expect(page.locator(".facet").first).to_be_hidden()

    # A chip removes its filter and only that one.
    page.locator(".active-filters a.chip", has_text="Tahun: 2025").click()
    expect(chips).to_have_count(1)
    expect(page.locator(".active-filters")).to_contain_text("Sektor:")
    assert "year=" not in page.url and "sector=1" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_wide_screen_the_filters_stay_beside_the_results(site, browser, axe):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(site.url + "/katalog/?q=survei")
        facet = page.locator(".facet").first
        expect(facet).to_be_visible()
        assert page.locator(".facet").first.bounding_box()["x"] < top_x(page, ".result")
        assert_accessible(axe, page)
    finally:
        context.close()


def top_x(page, selector) -> float:
    return page.locator(selector).first.bounding_box()["x"]


def test_the_search_box_suggests_catalog_titles(site, phone_page, axe):
    page = phone_page
    page.goto(site.url + "/katalog/")
    box = page.get_by_label("Cari kegiatan")
    box.press_sequentially("pert", delay=30)
    suggestions = page.locator("datalist#saran-judul option")
    expect(suggestions.first).to_be_attached()
    values = [suggestions.nth(i).get_attribute("value") for i in range(suggestions.count())]
    assert 0 < len(values) <= 8 and all("pert" in value.lower() for value in values)
    assert box.get_attribute("list") == "saran-judul"
    assert_accessible(axe, page)


def test_without_javascript_the_catalog_still_searches_and_filters(site, browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url + "/katalog/")
        page.get_by_label("Cari kegiatan").fill("pertanian")
        page.get_by_role("button", name="Cari").click()
        expect(page.locator(".result").first).to_be_visible()
        assert page.locator("datalist").count() == 0
        page.locator("summary", has_text="Saring hasil").click()
        page.locator("a.facet__option").first.click()
        expect(page.locator(".active-filters a.chip")).to_have_count(1)
    finally:
        context.close()
