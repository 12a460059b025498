import io

import pytest
from django.core.management import call_command

from portal.models import ComplaintFormPage, ServiceStandardPage


@pytest.fixture
def search_index():
    """The suite's embedded search index (or Elasticsearch), emptied around the test:
    the index is a file outside the database, so transactions do not roll it back."""
    from search.backends import get_index

    index = get_index()
    index.clear()
    yield index
    index.clear()


def break_search_engine(settings, tmp_path):
    """Point the search backend at an index that cannot open (a file stands where
    its folder should be): a real unreachable engine, no mock."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.embedded.EmbeddedIndex",
            "OPTIONS": {"path": blocker / "activities"},
        }
    }


@pytest.fixture
def search_engine_down(settings, tmp_path):
    """The search engine down (`break_search_engine`). Call the returned
    function to bring the suite's engine back."""
    working = settings.SEARCH_BACKENDS
    break_search_engine(settings, tmp_path)

    def restore():
        settings.SEARCH_BACKENDS = working

    return restore


@pytest.fixture
def seeded(db, search_index):
    """The site as `manage.py seed --demo --no-history` leaves it: the demo without
    its year of history, which takes most of the seed's time (transactional under
    live_server)."""
    call_command("seed", "--demo", "--no-history", stdout=io.StringIO())


@pytest.fixture
def seeded_history(db, search_index):
    """The whole demo, as `make run` seeds it (`seed --demo`): with a year of
    decided applications (procedures/demo/history.py), for the tests that read it."""
    call_command("seed", "--demo", stdout=io.StringIO())


@pytest.fixture
def indexed_catalog(seeded):
    """The demo catalog, with its index jobs applied (the test's transaction never
    commits, so they would otherwise wait)."""
    from search.services import drain

    drain()


@pytest.fixture
def standard_page(seeded) -> ServiceStandardPage:
    return ServiceStandardPage.objects.get(office__code="3304")


@pytest.fixture
def complaint_page(seeded) -> ComplaintFormPage:
    return ComplaintFormPage.objects.get(office__code="3304")


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and cached catalog pages live in the caches; each
    test starts with none."""
    from django.core.cache import caches

    for alias in caches.settings:
        caches[alias].clear()
    yield
    for alias in caches.settings:
        caches[alias].clear()
