"""The FRKSS form on a phone: the variables table fits 390 px, rows are added and
removed in place (no reload), the saved rows are what the applicant left, and
removing an attachment asks first."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind
from procedures.demo import complete_design, demo_pdf, fill_design
from tests.portal.test_content_security_policy import RECORD_VIOLATIONS

from .conftest import APPLICANT, PHONE, assert_accessible

pytestmark = pytest.mark.e2e

TITLE = "Survei Harga Produsen Gabah Kabupaten Banjarnegara"
NEW_ROW = {
    "Nama variabel": "Kadar air gabah",
    "Konsep": "Persentase air dalam gabah",
    "Definisi": "Berat air dibagi berat gabah, dalam persen",
    "Periode referensi": "Saat transaksi",
}


def no_sideways_scroll(page) -> bool:
    """Neither the page nor the variables table's own box scrolls sideways."""
    return page.evaluate(
        """(width) => {
          const wrap = document.querySelector("[data-variables]");
          return document.scrollingElement.scrollWidth <= width
            && wrap.scrollWidth <= wrap.clientWidth;
        }""",
        PHONE["width"],
    )


def variable(page, field: str, number: int):
    table = page.get_by_role("table", name="Variabel yang dikumpulkan")
    return table.get_by_label(f"{field} baris {number}", exact=True)


def draft_with_two_variables() -> Application:
    applicant = User.objects.get(email=APPLICANT)
    application = application_services.create_application(user=applicant)
    fill_design(application, applicant, complete_design(title=TITLE))
    return application


def test_variable_rows_are_added_and_removed_in_place_on_a_phone(site, new_context, axe):
    application = draft_with_two_variables()
    first, second = (row["name"] for row in application.design["perencanaan"]["variables"])
    page = new_context(site.url, APPLICANT)
    page.context.add_init_script(RECORD_VIOLATIONS)
    url = site.url + reverse("applications:edit_block", args=[application.pk, "perencanaan"])
    page.goto(url)
    expect(variable(page, "Nama variabel", 1)).to_have_value(first)
    expect(variable(page, "Nama variabel", 3)).to_have_value("")  # the empty row
    # Each field is labelled on the card itself, not only in the (hidden) header.
    expect(page.locator("label[for='id_variabel-0-concept']")).to_be_visible()
    expect(page.get_by_role("button", name="Simpan dan tambah baris")).to_be_hidden()
    assert no_sideways_scroll(page)
    assert_accessible(axe, page)
    page.evaluate("window.__samePage = true")

    page.get_by_role("button", name="Tambah baris").click()
    expect(variable(page, "Nama variabel", 4)).to_be_focused()
    expect(page.locator("[data-variables-status]")).to_have_text("Baris 4 ditambahkan.")
    for field, value in NEW_ROW.items():
        variable(page, field, 4).fill(value)

    # A saved row is marked for removal and hidden; focus goes to the next row.
    page.get_by_role("button", name="Hapus baris 1", exact=True).click()
    expect(variable(page, "Nama variabel", 1)).to_be_hidden()
    expect(variable(page, "Nama variabel", 2)).to_be_focused()
    expect(page.locator("[data-variables-status]")).to_have_text("Baris 1 dihapus.")
    # A new, empty row goes; the one after it moves up and keeps what was typed.
    page.get_by_role("button", name="Hapus baris 3", exact=True).click()
    expect(variable(page, "Nama variabel", 3)).to_be_focused()
    expect(variable(page, "Nama variabel", 3)).to_have_value(NEW_ROW["Nama variabel"])
    expect(variable(page, "Periode referensi", 3)).to_have_value(NEW_ROW["Periode referensi"])
    assert page.locator("input[name='variabel-TOTAL_FORMS']").input_value() == "3"
    assert page.evaluate("window.__samePage") is True  # no reload so far
    assert page.url == url
    assert no_sideways_scroll(page)
    assert_accessible(axe, page)
    assert page.evaluate("window.__cspViolations") == []

    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status")).to_contain_text("Draf tersimpan.")
    application.refresh_from_db()
    saved = application.design["perencanaan"]["variables"]
    assert [row["name"] for row in saved] == [second, NEW_ROW["Nama variabel"]]
    assert saved[1]["definition"] == NEW_ROW["Definisi"]
    expect(variable(page, "Nama variabel", 1)).to_have_value(second)
    expect(variable(page, "Nama variabel", 2)).to_have_value(NEW_ROW["Nama variabel"])
    expect(variable(page, "Konsep", 2)).to_have_value(NEW_ROW["Konsep"])
    assert no_sideways_scroll(page)
    assert_accessible(axe, page)


def test_removing_an_attachment_asks_for_confirmation_on_a_phone(site, new_context, axe):
    application = draft_with_two_variables()
    attachment = application_services.add_attachment(
        application=application,
        user=User.objects.get(email=APPLICANT),
        kind=AttachmentKind.QUESTIONNAIRE,
        upload=demo_pdf(TITLE),
    )
    name = attachment.original_name
    page = new_context(site.url, APPLICANT)
    page.goto(site.url + reverse("applications:attachments", args=[application.pk]))
    assert_accessible(axe, page)

    page.get_by_role("button", name=f"Hapus {name}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hapus lampiran {name}?")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert_accessible(axe, page)
    page.get_by_role("link", name="Batal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lampiran")
    expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    attachment.refresh_from_db()
    assert attachment.removed_at is None

    page.get_by_role("button", name=f"Hapus {name}", exact=True).click()
    page.get_by_role("button", name="Ya, hapus").click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(f"Lampiran {re.escape(name)} dihapus")
    )
    expect(page.get_by_text("Belum ada lampiran.")).to_be_visible()
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert_accessible(axe, page)
