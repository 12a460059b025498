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


# --- Issue 12: links from validated parameters, empty filters, safe CSV, query budget ---

JUNK = "&".join(f"utm_{n}={'x' * 30}" for n in range(120))  # about 4 kB


def test_unknown_parameters_are_never_repeated_in_links(client):
    """4 kB of junk once made every facet link 4 kB longer (a 955 kB page).
    Links, hidden fields and downloads carry the validated search only."""
    search = "?q=survei&year=2025&sort=newest&page=2"
    clean = client.get("/katalog/" + search)
    junk = client.get("/katalog/" + search + "&" + JUNK)
    assert len(JUNK) > 4_000
    assert clean.status_code == junk.status_code == 200
    # Not once: even the language switcher returns to the validated search.
    assert len(junk.content) == len(clean.content)
    assert "utm_" not in junk.content.decode()
    soup = BeautifulSoup(junk.content, "html.parser")
    assert "utm_" not in str(soup.select_one("main"))
    links = [a["href"] for a in soup.select("main a[href^='?'], .downloads a")]
    assert links and all("q=survei" in link for link in links)
    hidden = {(i["name"], i["value"]) for i in soup.select("form[role=search] input[type=hidden]")}
    assert hidden == {("year", "2025"), ("sort", "newest")}
    language = soup.select_one(".language-switcher input[name=next]")["value"]
    assert language == "/katalog/?q=survei&year=2025&sort=newest&page=2"


def test_a_long_text_is_linked_as_far_as_the_engine_reads_it(client):
    words_ = " ".join(["pertanian"] * 1_000)  # 10 kB: valid, but only 500 characters count
    response = client.get("/katalog/", {"q": words_})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(response.content) < 200_000
    href = soup.select_one(".facet a.facet__option")["href"]
    assert len(href) < 700


@pytest.mark.parametrize(
    "name",
    ["q", "year", "office", "agency", "method", "frequency", "sector", "sort", "page", "page_size"],
)
def test_an_empty_parameter_means_no_filter(client, name):
    everything = page(client).select_one(".results-count").get_text(" ", strip=True)
    soup = page(client, f"?{name}=&{name}=")
    assert soup.select_one(".results-count").get_text(" ", strip=True) == everything


def test_a_non_number_page_is_refused_in_indonesian(client):
    soup = page(client, "?page=abc", status=400)
    alert = soup.select_one("[role=alert]").get_text(" ", strip=True)
    assert "page : harus bilangan bulat, misalnya 2" in alert
    soup = page(client, "?sector=99", status=400)
    assert "nilai '99' tidak dikenal; gunakan salah satu: 1, 2," in soup.get_text()


FORMULAS = {
    "title": '=HYPERLINK("http://x","Survei Klik")',
    "agency": "+Dinas Rumus",
    "objective": "-2+3",
    "coverage": "@SUM(1+1)",
}


def test_csv_cells_that_would_run_as_formulas_are_neutralised(client, tmp_path):
    """OWASP's advice: a leading quote makes the spreadsheet show text; every
    cell is quoted. Importing the file again gives the original values back."""
    from django.core.management import call_command

    from search.services import drain

    path = tmp_path / "klik.csv"
    header = "recommendation_number,title,year,agency,office_code,method,frequency,coverage,"
    header += "sector,objective,variables,decided_on\n"
    row = [
        "B-1/33040/KS.000/2019",
        FORMULAS["title"],
        "2019",
        FORMULAS["agency"],
        "3304",
        "2",
        "tahunan",
        FORMULAS["coverage"],
        "1",
        FORMULAS["objective"],
        "\tTab;Biasa",
        "2019-05-01",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        csv.writer(handle).writerow(row)
    call_command("import_activities", str(path), stdout=io.StringIO())
    drain()
    assert ActivityRecord.objects.get(recommendation_number=row[0]).title == FORMULAS["title"]

    response = client.get("/katalog/unduh.csv", {"agency": FORMULAS["agency"]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith('"B-1/33040/KS.000/2019","2019-05-01","\'=HYPERLINK(')
    (exported,) = list(csv.DictReader(io.StringIO(text)))
    for name, value in FORMULAS.items():
        assert exported[name] == "'" + value
    assert exported["variables"] == "Tab; Biasa"  # joined again; starts with a letter
    for value in exported.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))

    again = tmp_path / "ekspor.csv"
    again.write_text(text, encoding="utf-8")
    ActivityRecord.objects.filter(recommendation_number=row[0]).update(title="diubah")
    call_command("import_activities", str(again), stdout=io.StringIO())
    record = ActivityRecord.objects.get(recommendation_number=row[0])
    assert (record.title, record.agency, record.objective, record.coverage) == (
        FORMULAS["title"],
        FORMULAS["agency"],
        FORMULAS["objective"],
        FORMULAS["coverage"],
    )


def test_the_catalog_pages_keep_to_a_query_budget(client, django_assert_max_num_queries):
    """320 records, 20 or 100 per page: a query per result would blow each budget."""
    assert ActivityRecord.objects.count() >= 300
    # A worker reads the search dictionary once per edit (catalog.synonyms), not per page.
    page(client, "?q=survei")
    with django_assert_max_num_queries(6):
        soup = page(client, "?q=survei&sort=newest")
    assert len(soup.select(".result")) == 20
    with django_assert_max_num_queries(6):
        page(client, "?year=2025&year=2024&office=3304&sector=1")
    record = ActivityRecord.objects.filter(title__startswith="Survei").first()
    with django_assert_max_num_queries(6):
        assert client.get(record.get_absolute_url()).status_code == 200
    total = client.get("/api/v1/activities?q=survei").json()["count"]
    assert total > 100
    with django_assert_max_num_queries(1 + -(-total // 500)):  # one per 500 exported
        response = client.get("/katalog/unduh.csv?q=survei")
        assert len(b"".join(response.streaming_content).splitlines()) > total
