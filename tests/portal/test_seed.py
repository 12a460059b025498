import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from portal.models import ComplaintFormPage, HomePage, ServiceStandardPage
from procedures.accounts.models import User
from procedures.organisations.models import Office, OfficeLevel


def run_seed(*args) -> str:
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_loads_the_three_offices_with_banjarnegara_contact_facts():
    run_seed()
    banjarnegara = Office.objects.get(code="3304")
    assert banjarnegara.name == "BPS Kabupaten Banjarnegara"
    assert banjarnegara.level == OfficeLevel.KABUPATEN_KOTA
    assert banjarnegara.address.startswith("Jl. Selamanik 33")
    assert banjarnegara.postal_code == "53415"
    assert banjarnegara.email == "bps3304@bps.go.id"
    assert banjarnegara.website == "banjarnegarakab.bps.go.id"
    assert banjarnegara.unit_code == "33040"
    assert banjarnegara.parent.code == "3300"
    assert banjarnegara.parent.parent.code == "0000"
    assert Office.objects.get(code="0000").parent is None


@pytest.mark.django_db
def test_seed_builds_the_page_tree_and_points_the_default_site_at_home():
    run_seed()
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    standard = ServiceStandardPage.objects.get()
    complaint = ComplaintFormPage.objects.get()
    assert standard.get_parent().id == home.id and standard.live
    assert complaint.get_parent().id == home.id and complaint.live
    assert complaint.to_address == "bps3304@bps.go.id"
    assert complaint.form_fields.count() == 6
    # Wagtail's stock welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()


@pytest.mark.django_db
def test_seed_is_idempotent():
    # Without the year of history (its own idempotence: tests/procedures/test_demo_history.py).
    run_seed("--demo", "--no-history")
    counts = (
        Office.objects.count(),
        Page.objects.count(),
        Revision.objects.count(),
        User.objects.count(),
    )
    output = run_seed("--demo", "--no-history")
    assert "0 dibuat" in output
    assert counts == (
        Office.objects.count(),
        Page.objects.count(),
        Revision.objects.count(),
        User.objects.count(),
    )


@pytest.mark.django_db
def test_seed_never_overwrites_what_editors_changed():
    run_seed()
    page = ServiceStandardPage.objects.get()
    page.fee_description = "Diubah editor"
    page.save_revision().publish()
    office = Office.objects.get(code="3304")
    office.phone = "(0286) 000000"
    office.save()

    run_seed()

    assert ServiceStandardPage.objects.get().fee_description == "Diubah editor"
    assert Office.objects.get(code="3304").phone == "(0286) 000000"


@pytest.mark.django_db
def test_demo_seed_creates_the_documented_accounts_with_the_demo_password():
    output = run_seed("--demo", "--no-history")
    for email in [
        "pemohon@banjarnegarakab.go.id",
        "pemeriksa@bps.go.id",
        "kepala@bps.go.id",
        "pemeriksa.jateng@bps.go.id",
        "kepala.jateng@bps.go.id",
        "walidata@banjarnegarakab.go.id",
        "admin@bps.go.id",
    ]:
        assert email in output
        assert User.objects.get(email=email).check_password("demo-rekomstat")
    assert User.objects.get(email="admin@bps.go.id").is_superuser
    assert not User.objects.get(email="pemohon@banjarnegarakab.go.id").is_staff


@pytest.mark.django_db
def test_plain_seed_creates_no_accounts():
    run_seed()
    assert not User.objects.exists()
