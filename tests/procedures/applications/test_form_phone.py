"""The FRKSS form without JavaScript: variable rows added and removed by saving,
the formset's maximum, and an attachment removed only after a confirmation."""

import pytest
from django.urls import reverse

from procedures.applications import services as application_services
from procedures.applications.models import AttachmentKind
from procedures.frkss import design
from tests.procedures.pages import page

from ..conftest import pdf_upload
from .conftest import block_url

pytestmark = pytest.mark.django_db


def posted_by_a_browser(form, button) -> dict:
    """What a browser without JavaScript sends for this form and submit button:
    named fields outside <template> (whose content is never submitted)."""
    data = {}
    for field in form.find_all(["input", "textarea", "select"], attrs={"name": True}):
        if field.find_parent("template") or field.get("type") in {"submit", "button"}:
            continue
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "on")
        elif field.name == "textarea":
            data[field["name"]] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        else:
            data[field["name"]] = field.get("value", "")
    data[button["name"]] = button.get("value", "")
    return data


def variable_names(response) -> list:
    return [i.get("value") for i in page(response).select("tbody input[name$='-name']")]


def test_without_javascript_rows_are_added_by_saving_and_removed_by_their_checkbox(
    as_applicant, draft, applicant
):
    url = block_url(draft, "perencanaan")
    stored = [
        {"name": name, "concept": "k", "definition": "d", "reference_period": "p"}
        for name in ("Umur", "Jenis kelamin")
    ]
    application_services.save_design_block(
        application=draft, user=applicant, block_key="perencanaan", values={"variables": stored}
    )
    html = page(as_applicant.get(url))
    # The in-place buttons are for JavaScript only; the save-and-add button is not.
    assert html.select_one("button[data-add-row]").has_attr("hidden")
    save_and_add = html.find("button", string="Simpan dan tambah baris")
    assert not save_and_add.has_attr("hidden")
    assert all(b.has_attr("hidden") for b in html.select("button[data-remove-row]"))
    template = html.select_one("template[data-variable-template]")
    assert template.find("input", attrs={"name": "variabel-__prefix__-name"})

    form = html.select_one("main form.form-block")
    data = posted_by_a_browser(form, save_and_add)
    assert data["variabel-TOTAL_FORMS"] == "3" and data["variabel-INITIAL_FORMS"] == "2"
    data |= {
        "variabel-0-DELETE": "on",  # "Hapus" ticked on Umur
        "variabel-2-name": "Pendidikan",
        "variabel-2-concept": "Jenjang",
        "variabel-2-definition": "Jenjang tertinggi yang ditamatkan",
        "variabel-2-reference_period": "Saat pencacahan",
    }
    response = as_applicant.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    draft.refresh_from_db()
    assert [row["name"] for row in draft.design["perencanaan"]["variables"]] == [
        "Jenis kelamin",
        "Pendidikan",
    ]
    # Back on the page with the saved rows and one empty row for the next variable.
    assert variable_names(as_applicant.get(url)) == ["Jenis kelamin", "Pendidikan", None]


def test_more_rows_than_the_maximum_are_refused_and_the_stored_rows_kept(
    as_applicant, draft, applicant
):
    url = block_url(draft, "perencanaan")
    application_services.save_design_block(
        application=draft,
        user=applicant,
        block_key="perencanaan",
        values={"variables": [{"name": "Umur"}]},
    )
    limit = design.VariableFormSet.max_num
    data = {"variabel-TOTAL_FORMS": str(limit + 1), "variabel-INITIAL_FORMS": "0", "simpan": ""}
    for index in range(limit + 1):
        data[f"variabel-{index}-name"] = f"Variabel {index}"
    response = as_applicant.post(url, data)
    assert response.status_code == 400
    assert f"Paling banyak {limit} baris variabel" in page(response).select_one("main").text
    draft.refresh_from_db()
    assert [row["name"] for row in draft.design["perencanaan"]["variables"]] == ["Umur"]
    # The page tells the script where to stop (whatever the posted form said).
    assert page(response).select_one("[data-variables]")["data-max-rows"] == str(limit)


@pytest.fixture
def questionnaire(draft, applicant):
    return application_services.add_attachment(
        application=draft,
        user=applicant,
        kind=AttachmentKind.QUESTIONNAIRE,
        upload=pdf_upload("Kuesioner KOR.pdf"),
    )


def remove_url(attachment):
    return reverse(
        "applications:remove_attachment", args=[attachment.application_id, attachment.pk]
    )


def test_removing_an_attachment_asks_first(as_applicant, draft, questionnaire):
    list_url = reverse("applications:attachments", args=[draft.pk])
    (ask,) = page(as_applicant.get(list_url)).select("main li form[action$='/hapus/']")
    assert ask["action"] == remove_url(questionnaire) and ask["method"] == "get"
    response = as_applicant.get(ask["action"])
    assert response.status_code == 200
    html = page(response)
    assert html.select_one("h1").text.strip() == "Hapus lampiran Kuesioner KOR.pdf?"
    (confirm,) = html.select("main form[method=post]")
    assert confirm["action"] == remove_url(questionnaire)
    assert confirm.find("button").text.strip() == "Ya, hapus"
    cancel = html.find("a", string="Batal")
    assert cancel["href"].startswith(list_url)
    questionnaire.refresh_from_db()
    assert questionnaire.removed_at is None  # asking removes nothing

    response = as_applicant.post(remove_url(questionnaire), {"konfirmasi": "ya"})
    assert response["Location"] == list_url
    questionnaire.refresh_from_db()
    assert questionnaire.removed_at is not None


@pytest.mark.parametrize("data", [{}, {"konfirmasi": ""}, {"konfirmasi": "tidak"}])
def test_a_post_without_the_confirmation_removes_nothing(as_applicant, questionnaire, data):
    response = as_applicant.post(remove_url(questionnaire), data)
    assert response.status_code == 200
    assert page(response).select_one("h1").text.strip() == "Hapus lampiran Kuesioner KOR.pdf?"
    questionnaire.refresh_from_db()
    assert questionnaire.removed_at is None


def test_a_submitted_designs_attachment_is_not_offered_for_removal(as_applicant, submitted):
    attachment = submitted.attachments.get()
    for response in (
        as_applicant.get(remove_url(attachment)),
        as_applicant.post(remove_url(attachment), {"konfirmasi": "ya"}),
    ):
        assert response["Location"] == reverse("applications:attachments", args=[submitted.pk])
    attachment.refresh_from_db()
    assert attachment.removed_at is None
