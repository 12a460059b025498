"""Wagtail's admin (/cms/) shows officer roles by their Indonesian names too: the
user forms' group checkboxes, the user list's group filter and its bulk "assign
role", the group list and a group's edit page. The groups stay named by their codes,
and the forms still post group pks."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from procedures.accounts.models import User
from procedures.organisations.roles import Role, grant_role

from .role_pages import LABELS, page

pytestmark = pytest.mark.django_db

PASSWORD = "Kuat-Sekali-2026!"


@pytest.fixture
def officer() -> User:
    user = User.objects.create_user(
        email="petugas@bps.go.id", password=PASSWORD, first_name="Sri", last_name="Lestari"
    )
    grant_role(user, Role.EXAMINER)
    for role in Role:  # every role group exists, whoever holds it
        Group.objects.get_or_create(name=role.value)
    Group.objects.get_or_create(name="Editors")
    return user


def assert_no_codes(text: str):
    shown = set(re.findall(r"\w+", text))
    assert not shown & set(Role.values), shown & set(Role.values)


def submitted(page: BeautifulSoup) -> dict[str, list[str]]:
    """What a browser posts from the page's edit form as it stands (the permission
    formsets' management fields included); disabled fields are not sent."""
    form = page.select_one("form[method='post']:has(input[name='name'])")
    data: dict[str, list[str]] = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        if field.has_attr("disabled"):
            continue
        if field.name == "select":
            values = [option["value"] for option in field.select("option[selected]")]
        elif field.name == "textarea":
            values = [field.get_text()]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        else:
            values = [field.get("value", "")]
        data.setdefault(field["name"], []).extend(values)
    return data


def group_checkboxes(form: BeautifulSoup, name: str = "groups") -> dict[str, str]:
    """Each checkbox's visible label, by its value (the group's pk)."""
    return {
        box["value"]: form.select_one(f"label[for='{box['id']}']").get_text(strip=True)
        for box in form.select(f"input[type=checkbox][name='{name}']")
    }


def test_the_user_edit_page_offers_roles_by_their_names(admin_client, officer):
    form = page(admin_client, reverse("wagtailusers_users:edit", args=[officer.pk]))
    labels = group_checkboxes(form)
    assert LABELS <= set(labels.values())
    assert "Editors" in labels.values()  # Wagtail's own groups keep their names
    assert_no_codes(" ".join(labels.values()))
    examiner = Group.objects.get(name=Role.EXAMINER)
    assert labels[str(examiner.pk)] == "Pemeriksa"
    checked = form.select_one(f"input[name='groups'][value='{examiner.pk}']")
    assert checked.has_attr("checked")


def test_the_user_create_page_offers_roles_by_their_names(admin_client, officer):
    labels = group_checkboxes(page(admin_client, reverse("wagtailusers_users:add")))
    assert LABELS <= set(labels.values())
    assert_no_codes(" ".join(labels.values()))


def test_posting_the_user_edit_form_still_assigns_the_role_group(admin_client, officer):
    signatory = Group.objects.get(name=Role.SIGNATORY)
    examiner = Group.objects.get(name=Role.EXAMINER)
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[officer.pk]),
        {
            "email": officer.email,
            "first_name": officer.first_name,
            "last_name": officer.last_name,
            "is_active": "on",
            "groups": [examiner.pk, signatory.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert set(officer.groups.values_list("name", flat=True)) == {"examiner", "signatory"}


def test_the_user_list_filters_by_role_names(admin_client, officer):
    examiner = Group.objects.get(name=Role.EXAMINER)
    listing = page(admin_client, reverse("wagtailusers_users:index") + f"?group={examiner.pk}")
    labels = group_checkboxes(listing, name="group")
    assert LABELS <= set(labels.values())
    assert_no_codes(" ".join(labels.values()))
    # The active filter's chip names the role too.
    chips = " ".join(chip.get_text(" ", strip=True) for chip in listing.select(".w-pill"))
    assert "Pemeriksa" in chips
    assert_no_codes(chips)
    assert officer.email in listing.get_text()


def test_the_bulk_assign_role_names_roles_and_assigns_the_group(admin_client, officer):
    applicant = User.objects.create_user(email="pemohon@banjarnegarakab.go.id", password="x")
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "assign_role"])
    url += f"?next=/cms/users/&id={applicant.pk}"
    form = page(admin_client, url)
    options = {
        option["value"]: option.get_text(strip=True)
        for option in form.select("select[name='role'] option")
        if option["value"]
    }
    assert LABELS <= set(options.values())
    assert_no_codes(" ".join(options.values()))
    walidata = Group.objects.get(name=Role.WALIDATA)
    response = admin_client.post(url, {"role": walidata.pk})
    assert response.status_code == 302
    assert list(applicant.groups.values_list("name", flat=True)) == ["walidata"]


def test_the_group_list_names_roles(admin_client, officer):
    listing = page(admin_client, reverse("wagtailusers_groups:index"))
    names = {cell.get_text(strip=True) for cell in listing.select("table tbody td.title")}
    assert LABELS <= names
    assert "Editors" in names
    assert_no_codes(listing.select_one("table").get_text(" "))


def test_a_role_groups_edit_page_names_the_role_and_keeps_its_code(admin_client, officer):
    examiner = Group.objects.get(name=Role.EXAMINER)
    url = reverse("wagtailusers_groups:edit", args=[examiner.pk])
    form = page(admin_client, url)
    assert "Pemeriksa" in form.select_one("title").get_text()
    assert_no_codes(form.select_one("header").get_text(" "))
    name = form.select_one("input[name='name']")
    assert name.has_attr("disabled")
    assert name["value"] == "Pemeriksa"
    # A posted rename is ignored: renaming would take the role from its holders.
    response = admin_client.post(url, submitted(form) | {"name": "Pemeriksa"}, follow=True)
    assert response.redirect_chain, response.context["form"].errors
    (message,) = [str(message) for message in response.context["messages"]]
    assert "Pemeriksa" in message
    assert_no_codes(message)
    examiner.refresh_from_db()
    assert examiner.name == "examiner"
    assert officer.groups.filter(name="examiner").exists()


def test_a_role_groups_delete_page_and_message_name_the_role(admin_client, officer):
    url = reverse("wagtailusers_groups:delete", args=[Group.objects.get(name=Role.EXAMINER).pk])
    confirm = page(admin_client, url)
    assert "'Pemeriksa'" in confirm.select_one("main").get_text(" ")
    assert_no_codes(confirm.select_one("main").get_text(" "))
    response = admin_client.post(url, follow=True)
    (message,) = [str(message) for message in response.context["messages"]]
    assert "Pemeriksa" in message
    assert_no_codes(message)
    assert not Group.objects.filter(name=Role.EXAMINER).exists()


def test_another_group_can_still_be_renamed(admin_client, officer):
    editors = Group.objects.get(name="Editors")
    url = reverse("wagtailusers_groups:edit", args=[editors.pk])
    response = admin_client.post(url, submitted(page(admin_client, url)) | {"name": "Redaksi"})
    assert response.status_code == 302, response.context["form"].errors
    editors.refresh_from_db()
    assert editors.name == "Redaksi"
