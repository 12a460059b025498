"""/katalog/: what a visitor sees — results, facets, empty and error states, downloads."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from catalog.models import ActivityRecord

pytestmark = pytest.mark.usefixtures("indexed_catalog")


def page(client, query="", status=200):
    response = client.get("/katalog/" + query)
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def test_search_shows_highlighted_results_count_and_facets(client):
    soup = page(client, "?q=petani")
    expected = ActivityRecord.objects.filter(title__icontains="tani").count()
    count = soup.select_one(".results-count").get_text(" ", strip=True)
    assert int(count.split()[0]) >= expected > 0
    titles = [h.get_text() for h in soup.select(".result__title")]
    assert titles and all(t for t in titles)
    assert soup.select(".result__title mark, .result__snippet mark")
    facet_headings = [h.get_text() for h in soup.select(".facet h3")]
    assert {"Tahun", "Kantor BPS", "Sektor", "Cara pengumpulan data"} <= set(facet_headings)


def test_a_facet_link_filters_and_can_be_removed(client):
    soup = page(client, "?q=survei")
    link = soup.select_one("#facet-year ~ ul a.facet__option")
    year = link.select_one(".facet__label").get_text(strip=True)
    filtered = page(client, link["href"])
    assert f"Tahun: {year}" in filtered.select_one(".active-filters").get_text(" ", strip=True)
    years = {r.get_text() for r in filtered.select(".result__meta")}
    assert years and all(f"Tahun {year}" in meta for meta in years)
    selected = filtered.select_one("a.facet__option--selected")
    assert selected["aria-current"] == "true"
    unfiltered = page(client, selected["href"])
    assert not unfiltered.select_one(".active-filters")


def test_paging_moves_through_the_results(client):
    first = page(client, "?sort=newest")
    pager = first.select_one("nav.pager")
    assert "Halaman 1 dari" in pager.get_text()
    second = page(client, pager.select_one("a[rel=next]")["href"])
    assert "Halaman 2 dari" in second.select_one("nav.pager").get_text()
    first_titles = [a["href"] for a in first.select(".result__title a")]
    second_titles = [a["href"] for a in second.select(".result__title a")]
    assert len(first_titles) == 20 and not set(first_titles) & set(second_titles)


def test_no_results_explains_what_to_try(client):
    soup = page(client, "?q=zzzyyyxxx")
    text = soup.select_one(".empty-state").get_text(" ", strip=True)
    assert "Tidak ada kegiatan yang cocok dengan “zzzyyyxxx”" in text
    assert "Kurangi jumlah kata" in text


def test_invalid_parameters_give_a_400_page_naming_them(client):
    soup = page(client, "?year=kemarin&page_size=5000", status=400)
    alert = soup.select_one("[role=alert]").get_text(" ", strip=True)
    assert "year" in alert and "page_size" in alert


def test_hostile_text_renders_escaped(client):
    soup = page(client, "?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+NEAR(*")
    assert soup.select_one("#id_q")["value"] == "<script>alert(1)</script> NEAR(*"
    assert not soup.select("main script")


def test_csv_download_holds_every_matching_record(client):
    response = client.get("/katalog/unduh.csv?q=pertanian")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('katalog-kegiatan.csv"')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    count = client.get("/api/v1/activities?q=pertanian").json()["count"]
    assert len(rows) == count > 0
    assert rows[0]["url"].startswith("http://testserver/katalog/")


def test_json_download_matches_the_filters(client):
    response = client.get("/katalog/unduh.json?office=3300")
    rows = json.loads(b"".join(response.streaming_content))
    assert len(rows) == ActivityRecord.objects.filter(office_code="3300").count()
    assert {row["office_code"] for row in rows} == {"3300"}
    assert client.get("/katalog/unduh.json?sector=abc").status_code == 400


def test_detail_page_shows_the_record_and_similar_activities(client):
    record = ActivityRecord.objects.filter(title__startswith="Survei").first()
    soup = BeautifulSoup(client.get(record.get_absolute_url()).content, "html.parser")
    assert soup.h1.get_text() == record.title
    facts = soup.select_one("dl.facts").get_text(" ", strip=True)
    assert record.recommendation_number in facts and record.agency in facts
    similar = soup.select("ul.similar a")
    assert similar and record.get_absolute_url() not in {a["href"] for a in similar}
    assert client.get("/katalog/999999/").status_code == 404


def test_home_and_service_standard_link_to_the_catalog(client):
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.select('main a[href="/katalog/"]')
    standard = BeautifulSoup(client.get("/standar-pelayanan/").content, "html.parser")
    assert standard.select('a[href="/katalog/"]')


def test_an_unreachable_engine_gives_a_clear_503_not_a_500(client, search_engine_down):
    soup = page(client, "?q=pertanian", status=503)
    assert "Pencarian sedang tidak tersedia" in soup.select_one("[role=alert]").get_text()
    response = client.get("/api/v1/activities?q=pertanian")
    assert response.status_code == 503 and "search" in response.json()["errors"]
    assert client.get("/katalog/unduh.csv").status_code == 503
    record = ActivityRecord.objects.first()
    detail = BeautifulSoup(client.get(record.get_absolute_url()).content, "html.parser")
    assert "Daftar kegiatan serupa sedang tidak tersedia" in detail.get_text()


def test_the_catalog_speaks_english_when_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/katalog/"})
    soup = page(client, "?q=petani")
    assert soup.h1.get_text() == "Catalogue of recommended statistical activities"
    assert "activities found" in soup.select_one(".results-count").get_text()
    assert {h.get_text() for h in soup.select(".facet h3")} >= {"Year", "BPS office", "Sector"}
