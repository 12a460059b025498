"""Cached catalog pages and API answers (catalog.page_cache), on the production
cache backend (files, as every gunicorn worker shares them), the real database
and the real embedded index.

A visitor without a session gets a stored copy; a publication, a withdrawal,
an applied index job, a dictionary, office or menu edit shows on the very next
page; a logged-in user's page is never read from nor written to the cache; no
copy holds anyone's CSRF token; the API's copies follow its parameters, its
language and its host, and an error is never stored."""

import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Page, Site

from catalog.models import SearchSynonym
from catalog.page_cache import CACHE_HEADER, INDEX_SETTLE_SECONDS
from catalog.publishing import unpublish
from procedures.accounts.models import User
from procedures.organisations.models import Office
from search.services import drain
from tests.conftest import break_search_engine
from tests.factories import banjarnegara_office, publish_record

pytestmark = pytest.mark.django_db

SEARCH = "/katalog/?q=pangan"
API = "/api/v1/activities?q=pangan"


@pytest.fixture(autouse=True)
def file_caches(settings, tmp_path):
    """Production's cache backends, each test in folders of its own."""
    file_cache = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {
        "default": {"BACKEND": file_cache, "LOCATION": tmp_path / "cache"},
        "pages": {"BACKEND": file_cache, "LOCATION": tmp_path / "cache" / "pages"},
    }
    settings.CATALOG_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def catalog(search_index):
    banjarnegara_office()
    publish_record("B-1/33040/KS.000/2026", "Survei Pertanian Tanaman Pangan")
    publish_record("B-2/33040/KS.000/2026", "Survei Kepuasan Masyarakat")
    drain()


@pytest.fixture
def worker_not_yet_run(settings):
    """Index jobs queued for a worker that has not taken them yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [title.get_text() for title in soup.select(".result__title")]


def cached_twice(client, url: str):
    """The page as stored, then as served from the cache."""
    first = client.get(url)
    assert (first.status_code, first[CACHE_HEADER]) == (200, "miss")
    again = client.get(url)
    assert (again.status_code, again[CACHE_HEADER]) == (200, "hit")
    assert titles(again) == titles(first)
    return again


def test_a_visitor_gets_the_stored_copy(catalog, client):
    page = cached_twice(client, SEARCH)
    assert titles(page) == ["Survei Pertanian Tanaman Pangan"]
    assert client.get("/katalog/?q=kepuasan")[CACHE_HEADER] == "miss"  # another query


def test_a_publication_shows_on_the_cached_page_at_once(
    catalog, client, django_capture_on_commit_callbacks
):
    cached_twice(client, SEARCH)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):  # the commit, then its index job
        publish_record("B-3/33040/KS.000/2026", "Survei Ketahanan Pangan Rumah Tangga")
    after = client.get(SEARCH)
    assert time.monotonic() - started < 1.0
    assert "Survei Ketahanan Pangan Rumah Tangga" in titles(after)
    assert after[CACHE_HEADER] == "miss"
    assert client.get(SEARCH)[CACHE_HEADER] == "hit"


def test_a_withdrawal_leaves_the_cached_page_before_the_index_catches_up(
    catalog, client, worker_not_yet_run, django_capture_on_commit_callbacks
):
    cached_twice(client, SEARCH)
    with django_capture_on_commit_callbacks(execute=True):
        assert unpublish(recommendation_number="B-1/33040/KS.000/2026")
    assert titles(client.get(SEARCH)) == []


def test_an_applied_index_job_shows_on_the_cached_page(
    catalog, client, worker_not_yet_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_record("B-3/33040/KS.000/2026", "Survei Ketahanan Pangan Rumah Tangga")
    # Committed, not yet in the index: not found, and that page is stored.
    assert "Survei Ketahanan Pangan Rumah Tangga" not in titles(cached_twice(client, SEARCH))
    drain()  # the worker applies the job
    assert "Survei Ketahanan Pangan Rumah Tangga" in titles(client.get(SEARCH))


def test_a_dictionary_edit_shows_on_the_cached_page(catalog, client):
    url = "/katalog/?q=tanpang"
    assert titles(cached_twice(client, url)) == []
    SearchSynonym.objects.create(phrases="tanpang\ntanaman pangan")
    assert titles(client.get(url)) == ["Survei Pertanian Tanaman Pangan"]


def test_a_renamed_office_shows_in_the_cached_facets(catalog, client):
    cached_twice(client, SEARCH)
    office = Office.objects.get(code="3304")
    office.name = "BPS Kabupaten Banjarnegara (baru)"
    office.save()
    assert "BPS Kabupaten Banjarnegara (baru)" in client.get(SEARCH).content.decode()


def test_a_page_published_in_the_menu_shows_on_the_cached_page(catalog, client):
    cached_twice(client, SEARCH)
    home = Site.objects.get(is_default_site=True).root_page
    notice = Page(title="Pengumuman Layanan", slug="pengumuman", live=False, show_in_menus=True)
    home.add_child(instance=notice)
    notice.save_revision().publish()
    menu = BeautifulSoup(client.get(SEARCH).content, "html.parser").select(".site-nav a")
    assert "Pengumuman Layanan" in [link.get_text() for link in menu]


def test_a_logged_in_user_gets_a_page_of_their_own_never_stored(catalog, client):
    visitor = Client()
    cached_twice(visitor, SEARCH)
    user = User.objects.create_user(email="pemohon@banjarnegarakab.go.id", password="x" * 20)
    client.force_login(user)
    for _ in range(2):
        page = client.get(SEARCH)
        assert page[CACHE_HEADER] == "bypass"
        assert "Keluar" in page.content.decode()  # their menu, not the visitor's
    # Nothing of theirs was stored: a new visitor gets the visitor's copy.
    anonymous = Client().get(SEARCH)
    assert anonymous[CACHE_HEADER] == "hit"
    assert "Keluar" not in anonymous.content.decode()
    assert user.email not in anonymous.content.decode()


def test_a_user_who_logs_in_sees_a_new_publication_too(
    catalog, client, django_capture_on_commit_callbacks
):
    client.force_login(User.objects.create_user(email="a@bps.go.id", password="x" * 20))
    client.get(SEARCH)
    with django_capture_on_commit_callbacks(execute=True):
        publish_record("B-3/33040/KS.000/2026", "Survei Ketahanan Pangan Rumah Tangga")
    assert "Survei Ketahanan Pangan Rumah Tangga" in titles(client.get(SEARCH))


def test_visitors_with_a_session_or_messages_are_never_served_a_copy(catalog):
    cached_twice(Client(), SEARCH)
    with_session = Client()
    with_session.cookies["sessionid"] = "an-anonymous-session"
    with_messages = Client()
    with_messages.cookies["messages"] = "a-message-for-this-visitor"
    for visitor in (with_session, with_messages):
        assert visitor.get(SEARCH)[CACHE_HEADER] == "bypass"
    assert Client(HTTP_AUTHORIZATION="Basic eDp5").get(SEARCH)[CACHE_HEADER] == "bypass"


def _token(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("input[name=csrfmiddlewaretoken]")["value"]


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(catalog):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(SEARCH)
    second_page = second.get(SEARCH)
    assert (first_page[CACHE_HEADER], second_page[CACHE_HEADER]) == ("miss", "hit")
    first_token, second_token = _token(first_page), _token(second_page)
    assert first_token != second_token
    assert first_token not in second_page.content.decode()
    assert "csrftoken" in second_page.cookies  # the cookie that goes with it

    def switch_language(visitor, token):
        return visitor.post(
            "/i18n/setlang/", {"language": "en", "next": SEARCH, "csrfmiddlewaretoken": token}
        )

    assert switch_language(second, first_token).status_code == 403  # not theirs
    assert switch_language(second, second_token).status_code == 302
    # The language is part of the key: the English page is rendered, in English.
    english = second.get(SEARCH)
    assert english[CACHE_HEADER] == "miss"
    assert 'lang="en"' in english.content.decode()


def test_a_page_rendered_in_the_second_after_a_change_is_kept_for_that_second(catalog, client):
    client.get(SEARCH)  # the version was just renewed by the fixture's drain
    assert client.get(SEARCH)[CACHE_HEADER] == "hit"
    time.sleep(INDEX_SETTLE_SECONDS + 0.05)
    assert client.get(SEARCH)[CACHE_HEADER] == "miss"  # rendered again, now kept
    assert client.get(SEARCH)[CACHE_HEADER] == "hit"


def test_an_invalid_search_is_never_stored(catalog, client):
    for _ in range(2):
        page = client.get("/katalog/?q=pangan&year=kemarin")
        assert (page.status_code, page[CACHE_HEADER]) == (400, "bypass")
    cached_twice(client, SEARCH)


def test_a_page_without_the_engine_is_never_stored(catalog, client, search_engine_down):
    unavailable = client.get("/katalog/?q=kepuasan")
    assert (unavailable.status_code, unavailable[CACHE_HEADER]) == (503, "bypass")
    search_engine_down()  # the engine is back
    assert client.get("/katalog/?q=kepuasan").status_code == 200


def test_an_engine_outage_is_never_hidden_by_a_stored_copy(catalog, client, settings, tmp_path):
    cached_twice(client, SEARCH)
    client.get(API)
    assert client.get(API)[CACHE_HEADER] == "hit"
    break_search_engine(settings, tmp_path)  # the engine goes away
    down = client.get(SEARCH)
    assert (down.status_code, down[CACHE_HEADER]) == (503, "bypass")
    assert client.get(API).status_code == 503


# -- the JSON API -------------------------------------------------------------


def test_the_api_stores_one_answer_per_set_of_parameters(catalog, client):
    first = client.get(API)
    assert (first[CACHE_HEADER], first.json()["count"]) == ("miss", 1)
    assert client.get(API)[CACHE_HEADER] == "hit"
    assert client.get(API).json() == first.json()
    broader = client.get("/api/v1/activities?q=survei&page_size=1")
    assert (broader[CACHE_HEADER], broader.json()["count"]) == ("miss", 2)
    assert len(broader.json()["results"]) == 1
    assert len(client.get("/api/v1/activities?q=survei").json()["results"]) == 2


def test_the_api_never_stores_an_error(catalog, client):
    for _ in range(2):
        invalid = client.get("/api/v1/activities?q=pangan&page_size=5000")
        assert (invalid.status_code, invalid[CACHE_HEADER]) == (400, "bypass")
        assert "page_size" in invalid.json()["errors"]
    assert client.get(API).status_code == 200


def test_the_api_answer_follows_the_language_and_the_host(catalog, client):
    assert client.get(API).json()["facets"]["sector"][0]["label"] == "Pertanian dan Perikanan"
    client.cookies["django_language"] = "en"
    english = client.get(API)
    assert english[CACHE_HEADER] == "miss"
    assert english.json()["facets"]["sector"][0]["label"] == "Agriculture and Fisheries"
    other_host = client.get(API, HTTP_HOST="katalog.example.go.id")
    assert other_host[CACHE_HEADER] == "miss"
    assert other_host.json()["results"][0]["url"].startswith("http://katalog.example.go.id/")


def test_a_published_record_is_in_the_cached_api_answer_at_once(
    catalog, client, django_capture_on_commit_callbacks
):
    assert client.get(API).json()["count"] == 1
    assert client.get(API)[CACHE_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_record("B-3/33040/KS.000/2026", "Survei Ketahanan Pangan Rumah Tangga")
    assert client.get(API).json()["count"] == 2
