"""The catalog's search dictionary: seeded with the common acronyms, kept by
editors as a Wagtail snippet, and applied to the next search without a rebuild."""

import pytest
from django.urls import reverse

from catalog.models import SearchSynonym
from catalog.search import ActivitySearch
from procedures.accounts.models import User
from search.services import drain
from tests.factories import banjarnegara_office, publish_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(search_index):
    banjarnegara_office()
    published = {
        "umkm": publish_record("B-1/33040/KS.000/2026", "Pendataan Usaha Mikro Kecil Menengah"),
        "skm": publish_record("B-2/33040/KS.000/2026", "SKM Dinas Kesehatan"),
        "ekraf": publish_record("B-3/33040/KS.000/2026", "Survei Pelaku Ekonomi Kreatif"),
    }
    drain()
    return {name: record.pk for name, record in published.items()}


def found(text: str) -> set[int]:
    page = ActivitySearch.from_parameters({"q": [text]}).page()
    return {item.record.pk for item in page.results}


def test_the_seeded_dictionary_knows_the_common_acronyms(records):
    assert found("UMKM") == {records["umkm"]}
    assert found("survei kepuasan masyarakat") == {records["skm"]}
    assert found("dinkes") == {records["skm"]}
    for acronym in ["Susenas", "Sakernas", "PDRB", "IPM", "OPD", "Bappeda", "DTKS", "Regsosek"]:
        assert SearchSynonym.objects.filter(phrases__istartswith=acronym).exists(), acronym


def test_an_edited_dictionary_changes_the_next_search_without_a_rebuild(records, search_index):
    documents_before = search_index.health().document_count
    assert found("ekraf") == set()

    entry = SearchSynonym.objects.create(phrases="Ekraf\nekonomi kreatif")
    assert found("ekraf") == {records["ekraf"]}

    entry.phrases = "Ekraf\nindustri kreatif"
    entry.save()
    assert found("ekraf") == set()

    entry.phrases = "Ekraf, ekonomi kreatif"
    entry.save()
    assert found("ekraf") == {records["ekraf"]}
    SearchSynonym.objects.filter(pk=entry.pk).delete()  # as the admin's bulk delete does
    assert found("ekraf") == set()
    assert search_index.health().document_count == documents_before


def test_another_process_reads_the_dictionary_again_after_an_edit(records):
    from catalog import synonyms

    assert found("ekraf") == set()
    stale_version = synonyms.DICTIONARY_VERSION.current()
    SearchSynonym.objects.create(phrases="Ekraf\nekonomi kreatif")
    # Another worker holds the dictionary it read under the old version...
    synonyms._loaded = (stale_version, synonyms._loaded[1])
    # ...and reads it again at its next query: the shared version moved on.
    assert found("ekraf") == {records["ekraf"]}


def test_a_search_reads_the_dictionary_without_a_database_query(records, django_assert_num_queries):
    found("umkm")
    with django_assert_num_queries(0):
        ActivitySearch.from_parameters({"q": ["umkm"]})


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser(email="editor@bps.go.id", password="x" * 20))
    return client


def test_an_editor_adds_a_synonym_in_the_wagtail_admin(editor_client, records):
    listing = editor_client.get(reverse("wagtailsnippets_catalog_searchsynonym:list"))
    assert listing.status_code == 200
    assert "APBD" in listing.content.decode()  # the first seeded entry

    response = editor_client.post(
        reverse("wagtailsnippets_catalog_searchsynonym:add"),
        {"phrases": "Ekraf\nekonomi kreatif", "note": "Kemenparekraf"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert found("ekraf") == {records["ekraf"]}


def test_an_entry_with_one_form_is_refused_naming_the_field(editor_client, records):
    count = SearchSynonym.objects.count()
    response = editor_client.post(
        reverse("wagtailsnippets_catalog_searchsynonym:add"), {"phrases": "Ekraf\n  \nekraf"}
    )
    assert response.status_code == 200
    assert "paling sedikit dua bentuk" in str(response.context["form"].errors["phrases"])
    assert SearchSynonym.objects.count() == count
