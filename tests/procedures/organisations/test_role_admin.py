"""The Django admin shows officer roles by their Indonesian names (Pemeriksa,
Penandatangan, Walidata, Admin kantor), never the group codes they are stored as."""

import pytest
from django.contrib.auth.models import Group

from procedures.accounts.models import User
from procedures.organisations.models import OfficerProfile
from procedures.organisations.roles import Role, grant_role
from tests.factories import banjarnegara_office

from .role_pages import LABELS, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> User:
    user = User.objects.create_user(email="petugas@bps.go.id", password="Kuat-Sekali-2026!")
    for role in Role:
        grant_role(user, role)
    OfficerProfile.objects.create(user=user, office=banjarnegara_office())
    return user


def assert_no_codes(text: str):
    shown = set(text.replace(",", " ").split())
    assert not shown & set(Role.values), shown & set(Role.values)


def test_the_user_change_form_offers_roles_by_their_names(admin_client, officer):
    form = page(admin_client, f"/django-admin/accounts/user/{officer.pk}/change/")
    options = {option.get_text(strip=True) for option in form.select("select#id_groups option")}
    assert LABELS <= options  # beside Wagtail's own groups (Editors, Moderators)
    chosen = {option.get_text(strip=True) for option in form.select("#id_groups option[selected]")}
    assert chosen == LABELS
    assert_no_codes(" ".join(options))


def test_the_user_list_shows_roles_and_filters_by_them(admin_client, officer):
    listing = page(admin_client, "/django-admin/accounts/user/?peran=signatory")
    (row,) = [row for row in listing.select("#result_list tbody tr") if officer.email in row.text]
    roles = row.select_one("td.field-roles").get_text()
    assert set(roles.split(", ")) == LABELS
    assert_no_codes(row.get_text(" "))
    filters = listing.select_one("#changelist-filter").get_text(" ")
    assert "Penandatangan" in filters
    assert_no_codes(filters)


def test_the_role_filter_keeps_only_holders(admin_client, officer):
    User.objects.create_user(email="pemohon@banjarnegarakab.go.id", password="x")
    listing = page(admin_client, "/django-admin/accounts/user/?peran=examiner")
    emails = {cell.get_text() for cell in listing.select("#result_list th.field-email")}
    assert emails == {officer.email}


def test_the_officer_list_shows_roles_by_their_names(admin_client, officer):
    listing = page(admin_client, "/django-admin/organisations/officerprofile/?peran=walidata")
    roles = listing.select_one("#result_list td.field-roles").get_text()
    assert set(roles.split(", ")) == LABELS
    assert_no_codes(listing.select_one("#result_list").get_text(" "))


def test_the_group_list_names_roles_and_a_role_group_cannot_be_renamed(admin_client, officer):
    listing = page(admin_client, "/django-admin/auth/group/")
    names = {cell.get_text(strip=True) for cell in listing.select("#result_list th.field-label")}
    assert LABELS <= names
    assert_no_codes(" ".join(names))
    examiner = Group.objects.get(name=Role.EXAMINER)
    form = page(admin_client, f"/django-admin/auth/group/{examiner.pk}/change/")
    assert not form.select_one("input[name='name']")
