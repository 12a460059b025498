"""Duplicates caught while the design is written, on a phone: the FRKSS panel
updates as the applicant types a title the catalog already holds, and the
examiner cites a possible duplicate in a note."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from catalog.models import ActivityRecord
from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationState, ReviewNote
from tests.portal.test_content_security_policy import RECORD_VIOLATIONS

from .conftest import APPLICANT, EXAMINER, PHONE, assert_accessible

pytestmark = pytest.mark.e2e

# A demo catalog title that the demo catalog holds (and the demo draft repeats).
DUPLICATE = "Survei Ubinan Padi dan Palawija Kabupaten Banjarnegara"


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_typing_a_recommended_title_shows_it_in_the_panel(site, new_context, axe):
    record = ActivityRecord.objects.filter(title=DUPLICATE).order_by("-decided_on").first()
    assert record is not None
    application = application_services.create_application(user=User.objects.get(email=APPLICANT))
    page = new_context(site.url, APPLICANT)
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.goto(site.url + reverse("applications:edit_block", args=[application.pk, "kegiatan"]))
    panel = page.locator("section#kegiatan-serupa")
    status = panel.locator(".similar-panel__status")
    expect(status).to_have_text("Belum ada kegiatan serupa di katalog untuk isian ini.")
    assert_accessible(axe, page)

    # Typed, not saved: the panel asks the API as the applicant types.
    with page.expect_response(lambda r: "/api/v1/activities/similar" in r.url) as answer:
        page.get_by_label("Judul kegiatan").press_sequentially(DUPLICATE, delay=5)
    assert answer.value.ok
    first = panel.locator(".similar-item").first
    expect(first.get_by_role("link", name=DUPLICATE)).to_be_visible()
    expect(first.locator(".badge")).to_have_text("kemungkinan duplikasi")
    expect(first).to_contain_text("Judul memuat kata yang sama: ubinan, padi, palawija")
    expect(status).to_contain_text("kegiatan serupa ditemukan")
    assert page.url.endswith("/formulir/kegiatan/")  # no reload, nothing saved yet
    application.refresh_from_db()
    assert application.title == ""
    assert fits_the_phone(page)
    assert_accessible(axe, page)
    assert page.evaluate("window.__cspViolations") == []  # the script and its fetch obey the CSP

    # The panel's link leads to the recommended activity.
    first.get_by_role("link", name=DUPLICATE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DUPLICATE)


def test_the_examiner_cites_a_possible_duplicate_in_the_note(site, new_context, axe):
    application = Application.objects.get(state=ApplicationState.IN_REVIEW)
    page = new_context(site.url, EXAMINER)
    page.goto(site.url + reverse("examination:detail", args=[application.pk]))
    duplicates = page.locator("section.possible-duplicates")
    expect(duplicates.get_by_role("heading", name="Kemungkinan duplikasi")).to_be_visible()
    in_progress = duplicates.get_by_role("list", name="Pengajuan serupa yang sedang diproses")
    expect(in_progress).to_contain_text("Variabel yang sama: Luas panen")
    assert fits_the_phone(page)
    assert_accessible(axe, page)

    item = in_progress.locator(".similar-item").first
    title = item.get_by_role("link").first.inner_text()
    item.get_by_role("button", name="Kutip di catatan").click()
    note = page.locator("#note-kegiatan")
    expect(note).to_be_focused()
    value = note.input_value()
    assert value.startswith(f"Kemungkinan duplikasi dengan {title} (REK-3304-")
    page.get_by_role("button", name="Simpan catatan (draf)").click()
    expect(page.get_by_text("Catatan disimpan sebagai draf")).to_be_visible()
    saved = ReviewNote.objects.get(application=application, block="kegiatan", sent_at=None)
    assert saved.text == value
