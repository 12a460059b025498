"""The service standard leads to this site: beside the seed's "Layanan Online" the
page links to the office's own online path ("Ajukan rekomendasi"), which editors
can relabel, point elsewhere or hide in the Wagtail editor."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from portal.models import ServiceStandardPage
from procedures.accounts.models import User

from .admin_forms import page_edit_form_data

SEED = Path(settings.SITE_DIR / "content" / "source" / "standar-pelayanan-3304.txt")
SEED_ONLINE_CHANNEL = "Pengguna layanan mengakses dan memiliki akun pada aplikasi Romantik Online"
SEED_MEDIA_REQUIREMENT = (
    "Media Layanan meliputi : Layanan Offline yakni Layanan melalui datang langsung ke unit "
    "Pelayanan Statistik Terpadu (PST) dan Layanan Online Pengguna layanan mengakses dan "
    "memiliki akun pada aplikasi Romantik Online. di romantik.bps.go.id"
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def public_soup(client, page) -> BeautifulSoup:
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def service_links(soup) -> list:
    return soup.select("#persyaratan a.service-link")


@pytest.fixture
def editor(client, seeded):
    client.force_login(User.objects.get(email="admin@bps.go.id"))
    return client


def publish_edit(editor, page: ServiceStandardPage, **changes):
    data = page_edit_form_data(page, **changes) | {"action-publish": "action-publish"}
    return editor.post(reverse("wagtailadmin_pages:edit", args=[page.id]), data)


def assert_published(response):
    assert response.status_code == 302, response.context and response.context["form"].errors


def test_the_seeded_page_keeps_the_seed_text_and_adds_the_link_to_this_sites_start(
    client, standard_page
):
    soup = public_soup(client, standard_page)
    seed_text = normalise(SEED.read_text(encoding="utf-8"))

    # The seed's own words stay as they are: the requirement and the online channel.
    requirements = [normalise(li.get_text(" ")) for li in soup.select("ol.requirements > li")]
    assert requirements[3] == SEED_MEDIA_REQUIREMENT
    assert SEED_MEDIA_REQUIREMENT in seed_text
    online = soup.select_one("#persyaratan li.channel--online")
    online_text = normalise(online.get_text(" "))
    assert online_text.startswith(f"Layanan Online : {SEED_ONLINE_CHANNEL} — ")
    assert online.select_one('a[href="https://romantik.bps.go.id"]')

    # Beside it, this site's own path, as the site's primary button.
    (link,) = service_links(soup)
    assert link in online.find_all("a")
    assert normalise(link.get_text(" ")) == "Ajukan rekomendasi"
    assert link["href"] == reverse("applications:my_applications") == "/pengajuan/"
    assert "button" in link["class"]


def test_the_seeded_page_carries_the_defaults_editors_see(standard_page):
    assert standard_page.show_service_link is True
    assert standard_page.service_link_label == "Ajukan rekomendasi"
    assert standard_page.service_link_url == ""
    assert standard_page.service_link_page is None


def test_an_anonymous_visitor_goes_through_log_in_and_back_to_the_start(client, standard_page):
    (link,) = service_links(public_soup(client, standard_page))
    response = client.get(link["href"])
    assert response.status_code == 302
    assert response["Location"] == f"/akun/masuk/?next={link['href']}"

    logged_in = client.post(
        response["Location"],
        {"login": "pemohon@banjarnegarakab.go.id", "password": "demo-rekomstat"},
    )
    assert logged_in.status_code == 302
    assert logged_in["Location"] == link["href"]
    start = client.get(logged_in["Location"])
    assert start.status_code == 200
    assert "Buat pengajuan baru" in start.content.decode()


def test_an_editor_relabels_and_retargets_the_link_and_publishing_shows_it(editor, standard_page):
    response = publish_edit(
        editor,
        standard_page,
        service_link_label="Ajukan rekomendasi secara daring di situs ini",
        service_link_url="https://rekomstat.example.go.id/pengajuan/",
    )
    assert_published(response)

    (link,) = service_links(public_soup(editor, standard_page))
    assert normalise(link.get_text(" ")) == "Ajukan rekomendasi secara daring di situs ini"
    assert link["href"] == "https://rekomstat.example.go.id/pengajuan/"


def test_an_editor_points_the_link_at_a_page_of_the_site(editor, standard_page, complaint_page):
    response = publish_edit(
        editor,
        standard_page,
        service_link_label="Tanya dulu lewat formulir",
        service_link_page=complaint_page.page_ptr,
    )
    assert_published(response)

    (link,) = service_links(public_soup(editor, standard_page))
    assert normalise(link.get_text(" ")) == "Tanya dulu lewat formulir"
    assert link["href"] == complaint_page.url


def test_a_path_on_this_site_is_accepted(editor, standard_page):
    assert_published(publish_edit(editor, standard_page, service_link_url="/katalog/"))
    (link,) = service_links(public_soup(editor, standard_page))
    assert link["href"] == "/katalog/"


def test_hiding_the_link_removes_it_and_keeps_the_seed_channel(editor, standard_page):
    assert_published(publish_edit(editor, standard_page, show_service_link=False))

    soup = public_soup(editor, standard_page)
    assert service_links(soup) == []
    assert "Ajukan rekomendasi" not in normalise(soup.select_one("main").get_text(" "))
    online = normalise(soup.select_one("#persyaratan li.channel--online").get_text(" "))
    assert online == f"Layanan Online : {SEED_ONLINE_CHANNEL} — https://romantik.bps.go.id"


@pytest.mark.parametrize(
    "unsafe",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//penipu.example/pengajuan/",
        "/\\penipu.example/pengajuan/",
        "ftp://penipu.example/",
        "pengajuan/",
    ],
)
def test_an_unsafe_or_unclear_target_is_refused_naming_the_field(editor, standard_page, unsafe):
    revisions_before = standard_page.revisions.count()
    response = publish_edit(editor, standard_page, service_link_url=unsafe)

    assert response.status_code == 200  # the editor's form again, with the error
    errors = response.context["form"].errors
    assert list(errors) == ["service_link_url"]
    assert "https://" in errors["service_link_url"][0]
    assert "/" in errors["service_link_url"][0]
    assert standard_page.revisions.count() == revisions_before
    (link,) = service_links(public_soup(editor, standard_page))
    assert link["href"] == "/pengajuan/"


def test_a_page_and_an_address_at_once_is_refused(editor, standard_page, complaint_page):
    response = publish_edit(
        editor,
        standard_page,
        service_link_page=complaint_page.page_ptr,
        service_link_url="/katalog/",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["service_link_url"]
    assert "salah satu" in errors["service_link_url"][0]


def test_an_empty_label_is_refused_naming_the_field(editor, standard_page):
    response = publish_edit(editor, standard_page, service_link_label="")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["service_link_label"]


def test_a_link_to_an_unpublished_page_falls_back_to_the_start(
    editor, standard_page, complaint_page
):
    assert_published(publish_edit(editor, standard_page, service_link_page=complaint_page.page_ptr))
    complaint_page.unpublish()
    (link,) = service_links(public_soup(editor, standard_page))
    assert link["href"] == "/pengajuan/"


def test_the_edit_form_offers_the_link_fields(editor, standard_page):
    content = editor.get(reverse("wagtailadmin_pages:edit", args=[standard_page.id]))
    html = content.content.decode()
    fields = ["show_service_link", "service_link_label", "service_link_page", "service_link_url"]
    for name in fields:
        assert f'name="{name}"' in html


def test_the_pages_api_gives_the_link_and_null_when_hidden(editor, standard_page):
    api = "/api/v2/pages/"
    query = {"type": "portal.ServiceStandardPage", "fields": "service_link"}
    (item,) = editor.get(api, query).json()["items"]
    assert item["service_link"] == {"label": "Ajukan rekomendasi", "url": "/pengajuan/"}

    assert_published(publish_edit(editor, standard_page, show_service_link=False))
    (item,) = editor.get(api, query).json()["items"]
    assert item["service_link"] is None
