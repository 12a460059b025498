"""The public service-standard page shows the seed document's content, faithfully."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

SOURCE = Path(settings.SITE_DIR / "content" / "source" / "standar-pelayanan-3304.txt")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def source_text() -> str:
    return normalise(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture
def page_soup(client, standard_page):
    response = client.get(standard_page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section_items(soup, section_id: str, selector: str) -> list[str]:
    return [normalise(item.get_text(" ")) for item in soup.select(f"#{section_id} {selector}")]


def test_home_page_links_to_the_service_standard_and_complaint_pages(
    client, standard_page, complaint_page
):
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    hrefs = {a["href"] for a in soup.select("main a")}
    assert standard_page.url in hrefs
    assert complaint_page.url in hrefs


def test_every_requirement_is_shown_verbatim_from_the_source(page_soup, source_text):
    requirements = section_items(page_soup, "persyaratan", "ol.requirements > li")
    assert len(requirements) == 4
    for requirement in requirements:
        assert requirement in source_text


def test_all_eleven_procedure_steps_with_their_branches(page_soup, source_text):
    steps = page_soup.select("#prosedur ol.steps > li")
    procedure = source_text.split("Sistem, Mekanisme dan Prosedur", 1)[1].split(
        "Waktu Penyelesaian"
    )[0]
    source_step_count = len(set(re.findall(r"(?:^|\s)(\d{1,2})\. [A-Z]", procedure)))
    assert len(steps) == source_step_count == 11
    for step in steps:
        assert normalise(step.p.get_text(" ")) in source_text
    branches = {
        number: [normalise(b.get_text(" ")) for b in steps[number - 1].select(".outcome")]
        for number in (6, 11)
    }
    for number, texts in branches.items():
        assert [text.split(" ", 1)[0] for text in texts] == ["Perlu", "Tidak", "Layak"], number
        for text in texts:
            assert text.split(" ", 2)[-1] in source_text or text.split(" ", 1)[-1] in source_text


def test_completion_time_fee_and_products(page_soup, source_text):
    time_section = normalise(page_soup.select_one("#waktu").get_text(" "))
    assert "30 Hari kerja" in time_section
    assert (
        "maksimal 30 (tiga puluh) hari kerja sejak dokumen formulir tersebut terekam lengkap"
        in time_section
    )
    assert "Tidak dipungut biaya" in page_soup.select_one("#biaya").get_text()
    products = section_items(page_soup, "produk", "li")
    assert products == [
        "Saran, masukan, pertimbangan, solusi, dan rekomendasi terhadap penyelenggaraan "
        "kegiatan statistik;",
        "Surat rekomendasi kegiatan statistik",
    ]
    for product in products:
        assert product in source_text


def test_every_complaint_channel_is_listed(page_soup, complaint_page):
    channels = normalise(page_soup.select_one("#pengaduan").get_text(" "))
    assert "Layanan melalui e-mail/surat ditujukan kepada BPS Kabupaten Banjarnegara" in channels
    assert "Kotak saran & pengaduan di PST" in channels
    assert "webapps.bps.go.id/pengaduan" in channels
    assert "bps3304@bps.go.id" in channels
    assert page_soup.select_one(f'#pengaduan a[href="{complaint_page.url}"]')


def test_office_letterhead_facts_are_shown(page_soup):
    header = normalise(page_soup.select_one("header.page-header").get_text(" "))
    assert "Pelayanan Statistik Terpadu BPS Kabupaten Banjarnegara" in header
    assert "Jl. Selamanik 33" in header and "53415" in header and "591893" in header
    assert "banjarnegarakab.bps.go.id" in header


def test_service_channels_offline_and_online(page_soup):
    channels = section_items(page_soup, "persyaratan", "ul.channels > li")
    assert channels[0].startswith("Layanan Offline")
    assert channels[1].startswith("Layanan Online") and "romantik.bps.go.id" in channels[1]
