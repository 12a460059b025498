"""The survey link from the attacker's side and the applicant's: the decision
e-mail's link answers the survey without logging in; a forged, expired, reused
or undecided link gets a clear page and writes nothing; bad answers are named
per element; the database keeps one response per application, scores 1–4."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from procedures.applications import services as application_services
from procedures.rules import TransitionRefused
from procedures.surveys import links
from procedures.surveys.models import SurveyChannel, SurveyResponse
from procedures.surveys.services import record_response
from tests.procedures.pages import page

from .conftest import SUGGESTION, answers, decide, fresh, move_decision, stored_response


def survey_path(application) -> str:
    return urlsplit(links.survey_url(application)).path


def text_of(response) -> str:
    return " ".join(page(response).get_text(" ").split())


# --- The e-mail's link, followed -----------------------------------------------------------


def test_the_decision_email_link_opens_the_survey_and_saves_the_answer(
    client, in_review, examiner, signatory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = decide(in_review, examiner, signatory)

    (message,) = [m for m in mail.outbox if "Hasil:" in m.subject]
    (link,) = re.findall(r"http://testserver/survei/[^\s<\"]+", message.body)
    (html,) = [content for content, kind in message.alternatives if kind == "text/html"]
    assert f'href="{link}"' in html
    until = timezone.localdate(application.decided_at + datetime.timedelta(days=30))
    body = " ".join(message.body.split())
    with translation.override("id"):
        until_text = date_format(until, "j F Y")
    invitation = "isi survei kepuasan (sembilan pertanyaan, sekitar 3 menit, tanpa perlu masuk)"
    assert f"{invitation} sampai {until_text}" in body

    opened = client.get(urlsplit(link).path)  # nobody is logged in
    assert opened.status_code == 200
    assert application.reference in opened.content.decode()

    sent = client.post(urlsplit(link).path, answers(u3="4", u8="2", suggestion=SUGGESTION))
    assert sent.status_code == 302
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200
    assert "Terima kasih atas penilaian Anda" in text_of(thanks)

    response = SurveyResponse.objects.get(application=application)
    assert response.channel == SurveyChannel.ONLINE and response.entered_by is None
    assert response.office == application.office
    assert response.scores() == {
        "u1": 3, "u2": 3, "u3": 4, "u4": 3, "u5": 3, "u6": 3, "u7": 3, "u8": 2, "u9": 3,
    }  # fmt: skip
    assert (response.gender, response.education, response.occupation) == ("female", "d4_s1", "pns")
    assert response.suggestion == SUGGESTION


def test_the_page_and_the_email_give_the_same_link(decided):
    assert links.survey_url(decided) == links.survey_url(fresh(decided))
    assert links.survey_url(decided).startswith("http://testserver/survei/")


# --- Forged ---------------------------------------------------------------------------------


def forged_tokens(application, other) -> list[str]:
    token = links.survey_token(application)
    payload, signature = token.rsplit(":", 1)
    other_payload = links.survey_token(other).rsplit(":", 1)[0]
    return [
        "garbage",
        f"{payload}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",  # signature altered
        f"{other_payload}:{signature}",  # another application's pk under this signature
        signing.dumps({"a": application.pk}),  # signed for something else (another salt)
        signing.Signer(key="not-our-secret", salt="rekomstat.surveys.link").sign_object(
            {"a": application.pk}
        ),
    ]


def test_a_forged_link_opens_nothing_and_saves_nothing(client, decided, another_submitted):
    for token in forged_tokens(decided, another_submitted):
        path = reverse("surveys:answer", args=[token])
        shown = client.get(path)
        assert shown.status_code == 404, token
        assert "Tautan survei tidak dikenal" in text_of(shown)
        assert client.post(path, answers()).status_code == 404
        assert client.get(reverse("surveys:thanks", args=[token])).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_new_secret_key_voids_the_links_unless_the_old_one_is_a_fallback(
    client, decided, settings
):
    path = survey_path(decided)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-for-the-survey-test-0123456789"
    assert client.get(path).status_code == 404
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert client.get(path).status_code == 200


# --- Expired --------------------------------------------------------------------------------


def test_the_link_works_until_30_days_after_the_decision(client, decided):
    path = survey_path(decided)
    move_decision(decided, days_ago=29.9)
    assert client.get(path).status_code == 200

    move_decision(decided, days_ago=31)
    shown = client.get(path)
    assert shown.status_code == 410
    assert "Masa pengisian survei sudah berakhir" in text_of(shown)
    assert client.post(path, answers()).status_code == 409
    assert not SurveyResponse.objects.exists()
    with pytest.raises(TransitionRefused, match="30 hari setelah keputusan"):
        record_response(application=decided, answers=answers(), channel=SurveyChannel.ONLINE)


# --- Reused ---------------------------------------------------------------------------------


def test_a_used_link_cannot_answer_again(client, decided):
    path = survey_path(decided)
    assert client.post(path, answers(u1="4")).status_code == 302

    again = client.get(path)
    assert again.status_code == 200
    assert "Survei sudah dijawab" in text_of(again)
    assert "<form" not in again.content.decode().split('id="konten"')[1]

    second = client.post(path, answers(u1="1"))
    assert second.status_code == 409
    assert "sudah dijawab" in text_of(second)
    assert list(SurveyResponse.objects.values_list("application", "u1")) == [(decided.pk, 4)]


def test_two_tabs_submitting_give_one_response_and_a_clear_message(client, decided):
    """Both tabs loaded the open questionnaire; each posts it."""
    path = survey_path(decided)
    first_tab, second_tab = client.get(path), client.get(path)
    assert first_tab.status_code == second_tab.status_code == 200

    assert client.post(path, answers(u9="4")).status_code == 302
    late = client.post(path, answers(u9="1"))

    assert late.status_code == 409
    assert "Setiap pengajuan dijawab satu kali" in text_of(late)
    assert SurveyResponse.objects.get().u9 == 4


def test_the_service_refuses_a_second_response_with_a_clear_message(decided, examiner):
    record_response(application=decided, answers=answers(), channel=SurveyChannel.ONLINE)
    with pytest.raises(TransitionRefused, match="sudah dijawab"):
        record_response(application=decided, answers=answers(), channel=SurveyChannel.ONLINE)
    with pytest.raises(TransitionRefused, match="sudah dijawab"):
        record_response(
            application=decided,
            answers=answers(),
            channel=SurveyChannel.PAPER,
            entered_by=examiner,
        )
    assert SurveyResponse.objects.count() == 1


# --- Undecided ------------------------------------------------------------------------------


def test_an_undecided_application_has_no_survey(client, in_review, applicant):
    path = survey_path(in_review)
    shown = client.get(path)
    assert shown.status_code == 409
    assert "Survei belum dibuka" in text_of(shown)
    assert client.post(path, answers()).status_code == 409
    with pytest.raises(TransitionRefused, match="setelah keputusan"):
        record_response(application=in_review, answers=answers(), channel=SurveyChannel.ONLINE)

    withdrawn = application_services.create_application(user=applicant)
    application_services.withdraw(application=withdrawn, user=applicant, reason="Salah instansi.")
    assert client.get(survey_path(withdrawn)).status_code == 409
    assert not SurveyResponse.objects.exists()


# --- Bad input ------------------------------------------------------------------------------


def test_bad_answers_name_each_element_keep_the_input_and_save_nothing(client, decided):
    path = survey_path(decided)
    data = answers(u1="4", u5="5", gender="unknown", suggestion="Tolong lebih cepat.")
    del data["u3"]

    shown = client.post(path, data)

    assert shown.status_code == 400
    html = page(shown)
    summary = " ".join(html.select_one("#form-errors").get_text(" ").split())
    assert "Waktu penyelesaian" in summary
    assert "Pilih satu jawaban (1 sampai 4) untuk unsur “Waktu penyelesaian”" in summary
    assert "Produk spesifikasi jenis pelayanan" in summary
    assert "Jenis kelamin" in summary
    assert "Persyaratan" not in summary
    # The error sits in the element's own fieldset, which is marked invalid.
    assert "Waktu penyelesaian" in html.select_one("#id_u3_error").get_text()
    assert html.select_one("#id_u3_0")["aria-invalid"] == "true"
    # What was typed and chosen is kept.
    assert html.select_one("#id_u1 input[value='4']").has_attr("checked")
    assert html.select_one("#id_u2 input[value='3']").has_attr("checked")
    assert html.select_one("textarea[name=suggestion]").get_text().strip() == "Tolong lebih cepat."
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("u1", None), ("u4", "0"), ("u6", "5"), ("u7", "3.5"), ("u9", "empat"), ("u2", True)],
)
def test_the_service_names_the_element_of_a_bad_score(decided, field, value):
    data = answers()
    data[field] = value
    with pytest.raises(ValidationError) as refused:
        record_response(application=decided, answers=data, channel=SurveyChannel.ONLINE)
    assert list(refused.value.message_dict) == [field]
    assert not SurveyResponse.objects.exists()


def test_the_service_refuses_an_overlong_suggestion_and_an_unknown_profile(decided):
    with pytest.raises(ValidationError) as refused:
        record_response(
            application=decided,
            answers=answers(suggestion="x" * 2001, education="s4", occupation="astronot"),
            channel=SurveyChannel.ONLINE,
        )
    assert set(refused.value.message_dict) == {"suggestion", "education", "occupation"}
    assert "2000" in refused.value.message_dict["suggestion"][0]
    assert not SurveyResponse.objects.exists()


# --- The database's own rules ---------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 5])
def test_the_database_refuses_a_score_outside_1_to_4(decided, score):
    scores = [3] * 9
    scores[4] = score
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_response(decided, at=timezone.now(), scores=scores)


def test_the_database_keeps_one_response_per_application(decided):
    stored_response(decided, at=timezone.now(), scores=[3] * 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_response(decided, at=timezone.now(), scores=[4] * 9)
    assert SurveyResponse.objects.count() == 1
