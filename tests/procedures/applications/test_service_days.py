"""The service time is what the editors publish: the "Waktu penyelesaian" of
the office's service standard page in the CMS sets `Office.service_working_days`,
which every due date, e-mail and page uses. Through the Wagtail editor, as an
editor would; real database, Django's outbox."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.models import ServiceStandardPage
from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.organisations.models import Office
from tests.procedures.pages import page

from ...portal.admin_forms import page_edit_form_data
from ..conftest import DUE_FROM_KNOWN_DAY, KNOWN_DAY

pytestmark = pytest.mark.django_db

# KNOWN_DAY (Monday 7 September 2026) + 20 working days: four full weeks, no holiday.
DUE_20_FROM_KNOWN_DAY = datetime.date(2026, 10, 5)


@pytest.fixture
def editor(client, seeded):
    client.force_login(User.objects.get(email="admin@bps.go.id"))
    return client


def publish_working_days(editor, standard_page, days, *, publish=True):
    data = page_edit_form_data(standard_page, working_days=days)
    if publish:
        data["action-publish"] = "action-publish"
    return editor.post(reverse("wagtailadmin_pages:edit", args=[standard_page.id]), data)


def office_days() -> int:
    return Office.objects.get(code="3304").service_working_days


def test_the_seeded_standard_gives_the_office_its_30_days(standard_page):
    assert standard_page.working_days == 30 == office_days()


def test_publishing_20_working_days_sets_the_clock_of_new_submissions(
    editor,
    standard_page,
    on_known_day,
    complete_draft,
    applicant,
    django_capture_on_commit_callbacks,
):
    response = publish_working_days(editor, standard_page, 20)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert office_days() == 20
    assert ServiceStandardPage.objects.get(pk=standard_page.pk).working_days == 20

    editor.force_login(applicant)
    applicant_page = page(editor.get(reverse("applications:submit", args=[complete_draft.pk])))
    assert "paling lambat 20 hari kerja" in applicant_page.get_text(" ")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.submit(
            application=Application.objects.get(pk=complete_draft.pk), user=applicant
        )
    assert application.recorded_on == KNOWN_DAY
    assert application.due_on == DUE_20_FROM_KNOWN_DAY  # counted by hand, not by the calendar
    assert application.events.get(kind="submit").data["due_on"] == "2026-10-05"
    (receipt,) = [m for m in mail.outbox if "Tanda terima" in m.subject]
    with translation.override("id"):
        due_text = date_format(DUE_20_FROM_KNOWN_DAY, "j F Y")
    assert f"Batas waktu     : {due_text} (20 hari kerja)" in receipt.body
    html = receipt.alternatives[0][0]
    assert "batas waktu 20 hari kerja" in html
    assert "30 hari kerja" not in receipt.body + html


def test_a_running_clock_keeps_its_due_date(
    editor, standard_page, on_known_day, complete_draft, applicant
):
    application = application_services.submit(application=complete_draft, user=applicant)
    assert application.due_on == DUE_FROM_KNOWN_DAY
    publish_working_days(editor, standard_page, 20)
    application.refresh_from_db()
    assert application.due_on == DUE_FROM_KNOWN_DAY


def test_a_saved_draft_of_the_page_changes_nothing(editor, standard_page):
    response = publish_working_days(editor, standard_page, 20, publish=False)
    assert response.status_code == 302
    assert office_days() == 30


@pytest.mark.parametrize("days", [0, 366])
def test_an_impossible_service_time_is_refused_naming_the_field(editor, standard_page, days):
    response = publish_working_days(editor, standard_page, days)
    assert response.status_code == 200  # the editor's form again, with the error
    errors = response.context["form"].errors
    assert list(errors) == ["working_days"]
    assert "1 sampai 365 hari kerja" in errors["working_days"][0]
    assert office_days() == 30
    assert ServiceStandardPage.objects.get(pk=standard_page.pk).working_days == 30


def test_a_publication_scheduled_for_later_changes_the_clock_when_it_goes_live(
    standard_page, monkeypatch
):
    standard_page.unpublish()
    standard_page.working_days = 20
    standard_page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    standard_page.save_revision().publish()
    assert office_days() == 30  # not live yet

    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=io.StringIO())
    assert ServiceStandardPage.objects.get(pk=standard_page.pk).live
    assert office_days() == 20
