"""The survey's pages as people see them: the questionnaire's structure, the
invitation and thanks on the applicant's page, the officer's paper entry (and
who may not use it), the officers' report, and suggestions that never reach a
public page."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from procedures.accounts.models import User
from procedures.surveys import links
from procedures.surveys.elements import ELEMENTS
from procedures.surveys.models import SurveyChannel, SurveyResponse
from procedures.surveys.permissions import can_enter_paper_response
from procedures.surveys.services import record_response
from tests.procedures.pages import page

from .conftest import SUGGESTION, answers, move_decision, stored_response

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def text_of(response) -> str:
    return " ".join(page(response).get_text(" ").split())


def paper_url(application) -> str:
    return reverse("surveys:paper", args=[application.pk])


REPORT_URL = "/pemeriksaan/survei/"


# --- The questionnaire ----------------------------------------------------------------------


def test_each_element_is_a_fieldset_with_its_question_and_four_labelled_radios(client, decided):
    html = page(client.get(links.survey_path(decided)))

    form = html.select_one("main form")
    fieldsets = form.select("fieldset")
    assert len(fieldsets) >= len(ELEMENTS)
    for number, element in enumerate(ELEMENTS, start=1):
        fieldset = html.select_one(f"#id_{element.code}").find_parent("fieldset")
        legend = fieldset.select_one("legend").get_text(" ")
        assert f"{number}. {element.label}" in legend and "wajib" in legend
        assert str(element.question) in fieldset.get_text(" ")
        radios = fieldset.select("input[type=radio]")
        assert [radio["value"] for radio in radios] == ["1", "2", "3", "4"]
        for radio, answer in zip(radios, element.answers, strict=True):
            label = html.select_one(f"label[for={radio['id']}]")
            assert str(answer) in label.get_text()
            assert radio.has_attr("required")
    # The optional profile and the suggestion are there, and not required.
    assert not html.select_one("#id_education").has_attr("required")
    assert html.select_one("label[for=id_suggestion]") is not None
    assert html.select_one("meta[name=viewport]")["content"].startswith("width=device-width")


def test_the_elements_read_as_the_regulation_lists_them():
    assert [element.code for element in ELEMENTS] == [f"u{n}" for n in range(1, 10)]
    assert [str(element.label) for element in ELEMENTS] == [
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
        "Waktu penyelesaian",
        "Biaya/tarif",
        "Produk spesifikasi jenis pelayanan",
        "Kompetensi pelaksana",
        "Perilaku pelaksana",
        "Penanganan pengaduan, saran dan masukan",
        "Sarana dan prasarana",
    ]
    assert [str(answer) for answer in ELEMENTS[0].answers] == [
        "Tidak sesuai",
        "Kurang sesuai",
        "Sesuai",
        "Sangat sesuai",
    ]
    assert all(len(element.answers) == 4 for element in ELEMENTS)


# --- The applicant's page -------------------------------------------------------------------


def test_the_applicant_page_invites_while_open_then_thanks(client, decided, applicant):
    client.force_login(applicant)
    url = reverse("applications:detail", args=[decided.pk])

    invitation = page(client.get(url)).select_one("section.survey-invitation")
    assert invitation is not None
    assert invitation.select_one("a")["href"] == links.survey_path(decided)

    client.post(links.survey_path(decided), answers(suggestion=SUGGESTION))
    shown = client.get(url)
    assert page(shown).select_one("section.survey-invitation") is None
    assert "survei kepuasan untuk pengajuan ini sudah dijawab" in text_of(shown)


def test_no_invitation_once_the_link_expired_nor_before_the_decision(
    client, decided, another_submitted, applicant
):
    client.force_login(applicant)
    move_decision(decided, days_ago=31)
    for application in (decided, another_submitted):
        shown = client.get(reverse("applications:detail", args=[application.pk]))
        assert shown.status_code == 200
        assert "/survei/" not in shown.content.decode()


def test_the_officer_reading_the_applicants_page_gets_no_link(client, decided, examiner):
    client.force_login(examiner)
    shown = client.get(reverse("applications:detail", args=[decided.pk]))
    assert shown.status_code == 200
    assert "/survei/" not in shown.content.decode()


# --- Suggestions stay with the officers -----------------------------------------------------


def test_suggestions_never_show_on_a_public_page(client, decided, applicant, examiner):
    path = links.survey_path(decided)
    thanks = client.post(path, answers(suggestion=SUGGESTION), follow=True)
    letter = decided.letter
    public_pages = [
        thanks,
        client.get(path),
        client.get(reverse("surveys:thanks", args=[links.survey_token(decided)])),
        client.get(reverse("letters:verify", args=[letter.verification_code])),
    ]
    client.force_login(applicant)
    public_pages += [
        client.get(reverse("applications:detail", args=[decided.pk])),
        client.get(reverse("applications:my_applications")),
        client.get(path),
    ]
    for shown in public_pages:
        assert shown.status_code == 200, shown.request["PATH_INFO"]
        assert SUGGESTION not in shown.content.decode(), shown.request["PATH_INFO"]
        assert "Mohon contoh pengisian" not in shown.content.decode()
    # The applicant may not open the report that shows it.
    assert client.get(REPORT_URL).status_code == 403

    client.force_login(examiner)
    assert SUGGESTION in text_of(client.get(REPORT_URL))


# --- Paper entry ----------------------------------------------------------------------------


def test_an_officer_enters_a_paper_questionnaire(client, decided, examiner):
    client.force_login(examiner)
    detail = page(client.get(reverse("examination:detail", args=[decided.pk])))
    assert detail.select_one(f"a[href='{paper_url(decided)}']") is not None

    form = client.get(paper_url(decided))
    assert form.status_code == 200
    today = timezone.localdate()
    data = answers(u2="2", u7="4", suggestion="Ruang tunggu kurang nyaman.")
    data["answered_on"] = today.isoformat()
    sent = client.post(paper_url(decided), data)
    assert sent.status_code == 302
    assert sent["Location"] == reverse("examination:detail", args=[decided.pk])

    response = SurveyResponse.objects.get(application=decided)
    assert response.channel == SurveyChannel.PAPER and response.entered_by == examiner
    assert (response.u2, response.u7, response.suggestion) == (2, 4, "Ruang tunggu kurang nyaman.")
    assert timezone.localdate(response.answered_at) == today

    after = client.get(reverse("examination:detail", args=[decided.pk]), follow=True)
    assert paper_url(decided) not in after.content.decode()
    assert "Kuesioner kertas (dicatat petugas)" in text_of(after)
    # Once answered, the paper page sends the officer back with the reason.
    again = client.get(paper_url(decided), follow=True)
    assert "sudah dijawab" in text_of(again)


def test_the_paper_date_is_the_one_written_on_the_questionnaire(client, decided, examiner):
    client.force_login(examiner)
    Application = type(decided)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    Application.objects.filter(pk=decided.pk).update(decided_at=three_days_ago)
    filled_on = timezone.localdate(three_days_ago) + datetime.timedelta(days=1)

    too_early = answers()
    too_early["answered_on"] = (filled_on - datetime.timedelta(days=5)).isoformat()
    refused = client.post(paper_url(decided), too_early)
    assert refused.status_code == 400
    assert "Tanggal pengisian" in page(refused).select_one("#form-errors").get_text()
    assert not SurveyResponse.objects.exists()

    good = answers()
    good["answered_on"] = filled_on.isoformat()
    assert client.post(paper_url(decided), good).status_code == 302
    answered_at = SurveyResponse.objects.get().answered_at.astimezone(WIB)
    assert (answered_at.date(), answered_at.hour) == (filled_on, 12)


def test_paper_entry_is_refused_to_another_office_and_to_the_applicant(
    client, decided, foreign_officer, applicant
):
    data = answers()
    data["answered_on"] = timezone.localdate().isoformat()
    for user in (foreign_officer, applicant):
        client.force_login(user)
        assert client.get(paper_url(decided)).status_code in (403, 404)
        assert client.post(paper_url(decided), data).status_code in (403, 404)
        assert not can_enter_paper_response(user, decided)
        with pytest.raises(PermissionDenied):
            record_response(
                application=decided,
                answers=answers(),
                channel=SurveyChannel.PAPER,
                entered_by=user,
            )
    client.logout()
    assert client.post(paper_url(decided), data).status_code == 302  # to the log-in page
    assert not can_enter_paper_response(AnonymousUser(), decided)
    assert not SurveyResponse.objects.exists()


def test_a_provincial_officer_reading_the_office_below_cannot_enter_its_paper(
    client, decided, foreign_officer
):
    foreign_officer.officer.reads_offices_below = True
    foreign_officer.officer.save()
    client.force_login(User.objects.get(pk=foreign_officer.pk))
    data = answers()
    data["answered_on"] = timezone.localdate().isoformat()
    assert client.post(paper_url(decided), data).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_paper_entry_waits_for_the_decision(client, in_review, examiner):
    client.force_login(examiner)
    shown = client.get(paper_url(in_review), follow=True)
    assert "setelah keputusan" in text_of(shown)
    assert not SurveyResponse.objects.exists()


# --- The officers' report -------------------------------------------------------------------


@pytest.fixture
def answered_year(decided, another_decided):
    """Two responses of office 3304 in 2025: one per semester, with a suggestion."""
    stored_response(
        decided,
        at=datetime.datetime(2025, 3, 10, 9, tzinfo=WIB),
        scores=[4] * 9,
        suggestion="Formulir daring mudah diisi.",
    )
    stored_response(
        another_decided,
        at=datetime.datetime(2025, 9, 1, 9, tzinfo=WIB),
        scores=[3, 3, 3, 3, 3, 3, 3, 2, 3],
    )


def test_the_report_shows_ikm_per_semester_and_year_with_suggestions(
    client, answered_year, signatory
):
    client.force_login(signatory)
    shown = client.get(REPORT_URL, {"kantor": "3304", "tahun": "2025"})
    assert shown.status_code == 200

    report = shown.context["report"]
    first, second, year = (period.ikm for period in report.periods)
    # By hand: S1 all 4 → 100.00 A; S2 26 points → 25 × 26 / 9 = 72.22 C;
    # the year: 62 points over 2 respondents → 25 × 62 / 18 = 86.11 B.
    assert (first.respondents, first.value, first.grade) == (1, 100.0, "A")
    assert (second.respondents, second.value, second.grade) == (1, 72.22, "C")
    assert (year.respondents, year.value, year.grade) == (2, 86.11, "B")
    text = text_of(shown)
    assert "100,00" in text and "72,22" in text and "86,11" in text
    assert "Kurang Baik" in text and "Sangat Baik" in text
    assert "U8 Penanganan pengaduan, saran dan masukan" in text
    assert "Formulir daring mudah diisi." in text
    rows = {code: means for code, _label, means in report.element_rows}
    assert rows["u1"] == (4.0, 3.0, 3.5) and rows["u8"] == (4.0, 2.0, 3.0)
    assert "3,50" in text


def test_the_report_opens_on_the_own_office_and_this_year(client, decided, examiner):
    record_response(application=decided, answers=answers(u1="4"), channel=SurveyChannel.ONLINE)
    client.force_login(examiner)
    shown = client.get(REPORT_URL)
    assert shown.status_code == 200
    report = shown.context["report"]
    assert (report.office.code, report.year) == ("3304", timezone.localdate().year)
    assert report.periods[2].ikm.respondents == 1


def test_the_report_is_for_the_offices_officers_only(
    client, answered_year, applicant, foreign_officer
):
    assert client.get(REPORT_URL).status_code == 302  # to the log-in page
    client.force_login(applicant)
    assert client.get(REPORT_URL).status_code == 403

    client.force_login(foreign_officer)
    other = client.get(REPORT_URL, {"kantor": "3304", "tahun": "2025"})
    assert other.status_code == 400
    assert "Kantor “3304” tidak dapat Anda baca" in text_of(other)
    assert "Formulir daring mudah diisi." not in other.content.decode()
    bad_year = client.get(REPORT_URL, {"kantor": "3300", "tahun": "dua ribu"})
    assert bad_year.status_code == 400 and "Tahun" in text_of(bad_year)


def test_the_queue_links_to_the_report(client, examiner):
    client.force_login(examiner)
    html = page(client.get(reverse("examination:queue")))
    assert html.select_one(f"a[href='{REPORT_URL}']") is not None


def test_the_admin_lists_responses_and_changes_none(client, decided):
    record_response(application=decided, answers=answers(), channel=SurveyChannel.ONLINE)
    admin = User.objects.create_superuser(email="admin.survei@bps.go.id", password="x")
    client.force_login(admin)
    listing = client.get("/django-admin/surveys/surveyresponse/")
    assert listing.status_code == 200 and decided.reference in listing.content.decode()
    assert client.get("/django-admin/surveys/surveyresponse/add/").status_code == 403
