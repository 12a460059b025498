"""The satisfaction survey in the browser: the applicant follows the link of the
captured decision e-mail on a phone, first forgets an element, then answers; the
officer reads the office's IKM and the suggestion. axe-core checks every page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.examination import services as examination_services
from procedures.surveys.elements import ELEMENTS
from procedures.surveys.models import SurveyResponse

from .conftest import APPLICANT, EXAMINER, LAPTOP, SIGNATORY, assert_accessible

pytestmark = pytest.mark.e2e

TITLE = "Survei Wisatawan Dataran Tinggi Dieng"
SUGGESTION = "Contoh pengisian blok desain sampel akan sangat membantu."


def decided_with_email(title: str):
    """A design of the demo applicant, submitted, examined and signed through the
    services; the decision e-mail leaves after the commit, into Django's outbox."""
    from .conftest import complete_survey_draft

    application = complete_survey_draft(title)
    applicant = User.objects.get(email=APPLICANT)
    examiner = User.objects.get(email=EXAMINER)
    signatory = User.objects.get(email=SIGNATORY)
    application = application_services.submit(application=application, user=applicant)
    examination_services.take(application=application, user=examiner)
    examination_services.propose(
        application=application, user=examiner, verdict="feasible", text="Tambah sampel."
    )
    return examination_services.sign(application=application, user=signatory)


def test_the_applicant_answers_from_the_decision_email_on_a_phone(
    site, phone_page, new_context, axe
):
    application = decided_with_email(TITLE)
    (message,) = [
        m for m in mail.outbox if application.reference in m.subject and "Hasil" in m.subject
    ]
    (link,) = re.findall(r"http://[^\s]+/survei/[^\s]+/", message.body)
    page = phone_page

    # The link of the e-mail, on the live server, with no session.
    page.goto(site.url + urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei kepuasan layanan")
    assert_accessible(axe, page)

    # Every element but "Waktu penyelesaian" answered: the error names it, the rest is kept.
    for number, element in enumerate(ELEMENTS, start=1):
        if element.code != "u3":
            page.get_by_role("group", name=f"{number}. {element.label}").get_by_role(
                "radio", name=re.compile(r"^4 — ")
            ).check()
    page.get_by_label("Saran dan masukan untuk perbaikan layanan").fill(SUGGESTION)
    page.get_by_role("button", name="Kirim penilaian").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Waktu penyelesaian")
    expect(page.get_by_label("Saran dan masukan untuk perbaikan layanan")).to_have_value(SUGGESTION)
    assert_accessible(axe, page)
    assert not SurveyResponse.objects.filter(application=application).exists()

    page.get_by_role("group", name="3. Waktu penyelesaian").get_by_role(
        "radio", name=re.compile(r"^3 — ")
    ).check()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih atas penilaian Anda")
    assert SUGGESTION not in page.content()
    assert_accessible(axe, page)

    response = SurveyResponse.objects.get(application=application)
    assert (response.u1, response.u3, response.channel) == (4, 3, "online")

    # The same link again: already answered.
    page.goto(site.url + urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei sudah dijawab")
    assert_accessible(axe, page)

    # The officer reads the office's IKM and the suggestion.
    officer = new_context(site.url, EXAMINER, LAPTOP)
    officer.goto(site.url + "/pemeriksaan/")
    officer.get_by_role("link", name="Survei kepuasan (IKM)").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Survei kepuasan masyarakat (IKM)")
    expect(officer.get_by_role("main")).to_contain_text(SUGGESTION)
    assert_accessible(axe, officer)


def test_the_officer_enters_a_paper_questionnaire(site, new_context, phone_page, axe):
    application = decided_with_email("Survei Paket Wisata Banjarnegara")
    officer = new_context(site.url, EXAMINER, LAPTOP)
    officer.goto(f"{site.url}/pemeriksaan/{application.pk}/")
    officer.get_by_role("link", name="Catat survei kepuasan (kuesioner kertas)").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("kuesioner kertas")
    assert_accessible(axe, officer)
    for number, element in enumerate(ELEMENTS, start=1):
        officer.get_by_role("group", name=f"{number}. {element.label}").get_by_role(
            "radio", name=re.compile(r"^3 — ")
        ).check()
    officer.get_by_role("button", name="Simpan survei").click()
    expect(officer.get_by_role("status")).to_contain_text("sudah dicatat")
    expect(officer.get_by_role("main")).to_contain_text("Kuesioner kertas (dicatat petugas)")
    assert_accessible(axe, officer)
    response = SurveyResponse.objects.get(application=application)
    assert (response.channel, response.entered_by.email) == ("paper", EXAMINER)

    # A forged link gets its own page, also accessible.
    phone_page.goto(site.url + "/survei/bukan-tautan-asli/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tautan survei tidak dikenal")
    assert_accessible(axe, phone_page)
