import io

import pytest
from django.core.management import call_command

from portal.models import ComplaintFormPage, ServiceStandardPage


@pytest.fixture
def seeded(db):
    """The site as `manage.py seed --demo` leaves it (transactional under live_server)."""
    call_command("seed", "--demo", stdout=io.StringIO())


@pytest.fixture
def standard_page(seeded) -> ServiceStandardPage:
    return ServiceStandardPage.objects.get(office__code="3304")


@pytest.fixture
def complaint_page(seeded) -> ComplaintFormPage:
    return ComplaintFormPage.objects.get(office__code="3304")


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
