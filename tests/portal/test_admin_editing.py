"""Editors change the service standard in the Wagtail admin; the public page follows."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from portal.models import ServiceStandardPage
from procedures.accounts.models import User

from .admin_forms import page_edit_form_data

NEW_REQUIREMENT = "Pengguna layanan melampirkan surat permohonan dari pimpinan instansi."


@pytest.fixture
def editor_client(client, seeded):
    client.force_login(User.objects.get(email="admin@bps.go.id"))
    return client


def edit_first_requirement(page: ServiceStandardPage, text: str) -> dict:
    requirements = page.requirements
    requirements[0] = ("requirement", text)
    return page_edit_form_data(page, requirements=requirements)


def test_admin_edit_form_opens_with_the_structured_sections(editor_client, standard_page):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[standard_page.id]))
    assert response.status_code == 200
    content = response.content.decode()
    for label in [
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
        "Waktu penyelesaian",
        "Produk pelayanan",
    ]:
        assert label.lower() in content.lower()


def test_saving_a_draft_keeps_the_public_page_unchanged(editor_client, client, standard_page):
    data = edit_first_requirement(standard_page, NEW_REQUIREMENT)
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[standard_page.id]), data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )

    page = Page.objects.get(id=standard_page.id).specific
    assert page.has_unpublished_changes
    assert NEW_REQUIREMENT in page.get_latest_revision_as_object().requirements[0].value
    assert NEW_REQUIREMENT not in client.get(standard_page.url).content.decode()


def test_publishing_an_edited_requirement_changes_the_public_page(editor_client, standard_page):
    data = edit_first_requirement(standard_page, NEW_REQUIREMENT) | {
        "action-publish": "action-publish"
    }
    revisions_before = standard_page.revisions.count()

    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[standard_page.id]), data)

    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    editor_client.logout()
    public = editor_client.get(standard_page.url).content.decode()
    assert NEW_REQUIREMENT in public
    assert "alamat email yang masih aktif" not in public
    # The other three requirements and all eleven steps are untouched.
    assert "instansi pemerintah penyelenggara kegiatan statistik sektoral" in public
    assert public.count('class="step"') == 11
    assert standard_page.revisions.count() == revisions_before + 1


def test_an_editor_without_publish_rights_can_only_submit_for_moderation(client, standard_page):
    from django.contrib.auth.models import Group

    editor = User.objects.create_user(email="editor@bps.go.id", password="x", is_staff=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    data = edit_first_requirement(standard_page, NEW_REQUIREMENT) | {
        "action-submit": "action-submit"
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[standard_page.id]), data)
    assert response.status_code == 302

    page = Page.objects.get(id=standard_page.id).specific
    assert page.current_workflow_state is not None
    assert page.current_workflow_state.status == "in_progress"
    client.logout()
    assert NEW_REQUIREMENT not in client.get(standard_page.url).content.decode()
