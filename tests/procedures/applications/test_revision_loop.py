"""The revision loop from both sides: the applicant answers each examiner note
inside the block it concerns, the submit page lists what is unanswered (never
blocking), and the examiner marks each earlier note resolved or not on the
next version. Written from the attacker's side first: strangers, the wrong
office, the wrong role, the wrong moment, a stale second tab."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from procedures.applications import services as application_services
from procedures.applications.models import (
    REPLY_MAX_LENGTH,
    Application,
    ApplicationEvent,
    ReviewNote,
)
from procedures.examination import services as examination_services
from procedures.frkss.codes import CollectionMethod
from procedures.organisations.roles import Role
from procedures.rules import TransitionRefused
from tests.procedures.conftest import make_user
from tests.procedures.pages import client_for, page

SAMPLE_NOTE = "Sebutkan sumber kerangka sampel."
TITLE_NOTE = "Perjelas judul kegiatan."


def words(node) -> str:
    return " ".join(node.get_text(" ").split()) if node else ""


def messages_of(response) -> str:
    return words(page(response).select_one(".messages"))


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


def note_on(application, block) -> ReviewNote:
    return ReviewNote.objects.get(application=application, block=block, sent_at__isnull=False)


def reply_url(note) -> str:
    return reverse("applications:reply_note", args=[note.application_id, note.pk])


def resolve_url(note) -> str:
    return reverse("examination:resolve_note", args=[note.application_id, note.pk])


def block_url(application, key) -> str:
    return reverse("applications:edit_block", args=[application.pk, key])


def reply_state(note) -> tuple:
    note = ReviewNote.objects.get(pk=note.pk)
    return (note.reply, note.replied_at, note.replied_by_id)


def resolution_state(note) -> tuple:
    note = ReviewNote.objects.get(pk=note.pk)
    return (note.resolution, note.resolved_at, note.resolved_by_id)


@pytest.fixture
def returned(in_review, examiner) -> Application:
    """Version 1 sent back with a note on the sample block and one on the header."""
    examination_services.request_revision(
        application=in_review,
        user=examiner,
        notes={"sampel": SAMPLE_NOTE, "kegiatan": TITLE_NOTE},
    )
    return fresh(in_review)


@pytest.fixture
def reexamined(returned, applicant, examiner) -> Application:
    """The applicant answered the sample note and resubmitted; the examiner took version 2."""
    application_services.reply_to_note(
        note=note_on(returned, "sampel"), user=applicant, text="Kerangka dari daftar Dinas."
    )
    application_services.submit(application=fresh(returned), user=applicant)
    return examination_services.take(application=fresh(returned), user=examiner)


# --- The applicant's reply: who and when ---------------------------------------------------


def test_a_stranger_cannot_reply(returned, stranger, foreign_officer, examiner):
    note = note_on(returned, "sampel")
    before = reply_state(note)
    for outsider in (stranger, foreign_officer, examiner):
        with pytest.raises(PermissionDenied):
            application_services.reply_to_note(note=note, user=outsider, text="Saya menjawab.")
        response = client_for(outsider).post(reply_url(note), {"reply": "Saya menjawab."})
        assert response.status_code in (403, 404), outsider
    assert client_for(None).post(reply_url(note), {"reply": "x"}).status_code == 302
    assert reply_state(note) == before
    assert not ApplicationEvent.objects.filter(kind="note_reply").exists()


def test_an_unverified_member_cannot_reply(returned, agency):
    unverified = make_user("belum.verifikasi@banjarnegarakab.go.id", agency=agency, verified=False)
    note = note_on(returned, "sampel")
    with pytest.raises(PermissionDenied):
        application_services.reply_to_note(note=note, user=unverified, text="Jawaban.")
    assert reply_state(note) == ("", None, None)


def test_no_reply_after_resubmission(returned, applicant):
    note = note_on(returned, "sampel")
    application_services.submit(application=returned, user=applicant)
    with pytest.raises(TransitionRefused):
        application_services.reply_to_note(note=note, user=applicant, text="Terlambat.")
    response = client_for(applicant).post(reply_url(note), {"reply": "Terlambat."}, follow=True)
    assert response.status_code == 200
    assert "Perlu Perbaikan" in messages_of(response)
    assert reply_state(note) == ("", None, None)


def test_a_note_of_an_earlier_version_cannot_be_answered_in_the_next_revision(
    reexamined, examiner, applicant
):
    old_note = note_on(reexamined, "kegiatan")
    examination_services.request_revision(
        application=reexamined, user=examiner, notes={"desain": "Frekuensi?"}
    )
    with pytest.raises(TransitionRefused):
        application_services.reply_to_note(note=old_note, user=applicant, text="Sekarang?")
    assert reply_state(old_note) == ("", None, None)


def test_unsent_notes_are_never_shown_to_the_applicant(reexamined, examiner, applicant):
    examination_services.save_notes(
        application=reexamined, user=examiner, notes={"kegiatan": "Draf rahasia pemeriksa."}
    )
    draft = ReviewNote.objects.get(sent_at__isnull=True)
    as_applicant = client_for(applicant)
    for url in (
        reverse("applications:detail", args=[reexamined.pk]),
        reverse("applications:my_applications"),
    ):
        assert "Draf rahasia pemeriksa." not in as_applicant.get(url).content.decode()
    assert as_applicant.post(reply_url(draft), {"reply": "Saya lihat."}).status_code == 404
    with pytest.raises(PermissionDenied):
        application_services.reply_to_note(note=draft, user=applicant, text="Saya lihat.")
    assert reply_state(draft) == ("", None, None)


def test_a_draft_note_is_not_in_the_block_page_while_revising(returned, examiner, applicant):
    """Even a draft left on the returned version (written straight into the table)
    stays out of the applicant's block page."""
    ReviewNote.objects.create(
        application=returned,
        version=returned.versions.get(),
        block="sampel",
        text="Belum dikirim.",
        author=examiner,
    )
    html = client_for(applicant).get(block_url(returned, "sampel")).content.decode()
    assert SAMPLE_NOTE in html
    assert "Belum dikirim." not in html


# --- The applicant's reply: inside the block ----------------------------------------------


def test_the_note_is_shown_inside_its_block_and_answered_there(returned, applicant):
    as_applicant = client_for(applicant)
    html = page(as_applicant.get(block_url(returned, "sampel")))
    panel = html.select_one("#catatan-pemeriksa").find_parent("section")
    assert SAMPLE_NOTE in words(panel)
    assert TITLE_NOTE not in words(panel)  # the header's note lives in the header's page
    assert "Belum dijawab" in words(panel)
    # The panel sits above the block's form (part C owns the form below).
    assert panel.find_next("form", class_="form-block") is not None
    progress = words(html.select_one(".progress"))
    assert progress.count("1 catatan belum dijawab") == 2  # the header and the sample block

    note = note_on(returned, "sampel")
    form = panel.select_one(f'form[action="{reply_url(note)}"]')
    response = as_applicant.post(
        form["action"],
        {"reply": "  <b>Kerangka</b> dari daftar Dinas.  ", "seen_replied_at": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == block_url(returned, "sampel") + f"#catatan-{note.pk}"
    assert reply_state(note)[0] == "<b>Kerangka</b> dari daftar Dinas."
    shown = as_applicant.get(block_url(returned, "sampel"))
    assert "Sudah dijawab" in words(page(shown).select_one(".review-notes"))
    assert "&lt;b&gt;Kerangka&lt;/b&gt;" in shown.content.decode()  # text, never markup
    assert "<b>Kerangka</b>" not in shown.content.decode()
    event = ApplicationEvent.objects.get(kind="note_reply")
    assert (event.actor, event.data) == (
        applicant,
        {"note": note.pk, "block": "sampel", "version": 1},
    )
    detail = page(as_applicant.get(reverse("applications:detail", args=[returned.pk])))
    assert "Sudah dijawab" in words(detail.select_one(".notes"))
    assert "Catatan pemeriksa (versi 1) dijawab pemohon" in words(detail.select_one(".timeline"))


def test_a_note_on_the_attachments_is_answered_on_the_attachments_page(
    in_review, examiner, applicant
):
    examination_services.request_revision(
        application=in_review, user=examiner, notes={"lampiran": "Unggah pedoman."}
    )
    html = page(client_for(applicant).get(reverse("applications:attachments", args=[in_review.pk])))
    assert "Unggah pedoman." in words(html.select_one(".review-notes"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("   ", "Jawaban: tuliskan"),
        ("x" * (REPLY_MAX_LENGTH + 1), "Jawaban: paling banyak 2000 karakter"),
    ],
)
def test_a_bad_reply_names_the_field_and_keeps_what_was_typed(returned, applicant, typed, expected):
    note = note_on(returned, "sampel")
    with pytest.raises(ValidationError) as refused:
        application_services.reply_to_note(note=note, user=applicant, text=typed)
    assert "reply" in refused.value.message_dict
    as_applicant = client_for(applicant)
    response = as_applicant.post(reply_url(note), {"reply": typed, "seen_replied_at": ""})
    assert response.status_code == 302
    shown = as_applicant.get(response["Location"])
    assert shown.status_code == 400
    field = page(shown).select_one(f"#catatan-{note.pk} .field--error")
    assert expected in words(field.select_one(".error"))
    assert field.select_one("textarea").text == typed
    assert field.select_one("textarea")["aria-invalid"] == "true"
    assert reply_state(note) == ("", None, None)
    assert as_applicant.get(response["Location"]).status_code == 200  # shown once


def test_a_stale_tab_does_not_overwrite_a_colleagues_reply(returned, applicant, colleague):
    note = note_on(returned, "sampel")
    stale_form = page(client_for(applicant).get(block_url(returned, "sampel"))).select_one(
        f'form[action="{reply_url(note)}"]'
    )
    seen = stale_form.select_one('input[name="seen_replied_at"]')["value"]
    client_for(colleague).post(reply_url(note), {"reply": "Jawaban rekan.", "seen_replied_at": ""})

    response = client_for(applicant).post(
        reply_url(note), {"reply": "Jawaban dari tab lama.", "seen_replied_at": seen}, follow=True
    )
    assert "baru saja dijawab" in messages_of(response)
    assert reply_state(note)[0] == "Jawaban rekan."
    assert "Jawaban dari tab lama." in page(response).select_one(f"#jawaban-{note.pk}").text
    assert ApplicationEvent.objects.filter(kind="note_reply").count() == 1


# --- The submit page --------------------------------------------------------------------


def test_the_submit_page_lists_unanswered_notes_and_still_submits(returned, applicant):
    application_services.reply_to_note(
        note=note_on(returned, "kegiatan"), user=applicant, text="Judul diperjelas."
    )
    as_applicant = client_for(applicant)
    url = reverse("applications:submit", args=[returned.pk])
    listed = page(as_applicant.get(url)).select_one("#catatan-belum-dijawab")
    links = [(words(a), a["href"]) for a in listed.select("a")]
    assert links == [
        (
            "V. Desain sampel",
            block_url(returned, "sampel") + f"#catatan-{note_on(returned, 'sampel').pk}",
        )
    ]
    assert SAMPLE_NOTE in words(listed)
    assert TITLE_NOTE not in words(listed)

    response = as_applicant.post(url, {"lock_version": fresh(returned).lock_version})
    assert response.status_code == 302
    assert fresh(returned).state == "submitted"
    assert fresh(returned).versions.count() == 2


def test_a_first_submission_lists_no_notes(complete_draft, applicant):
    html = page(client_for(applicant).get(reverse("applications:submit", args=[complete_draft.pk])))
    assert html.select_one("#catatan-belum-dijawab") is None


# --- The examiner's resolution --------------------------------------------------------


def test_a_note_on_a_block_that_no_longer_applies_stays_in_sight(returned, applicant, examiner):
    """Version 1 was a survey with a note on its sample block; version 2 is a
    census, which has no sample block: the note is shown apart, still markable."""
    header = dict(fresh(returned).design["kegiatan"])
    header["collection_way"] = CollectionMethod.CENSUS
    application_services.save_design_block(
        application=fresh(returned), user=applicant, block_key="kegiatan", values=header
    )
    application_services.submit(application=fresh(returned), user=applicant)
    examination_services.take(application=fresh(returned), user=examiner)
    html = page(client_for(examiner).get(reverse("examination:detail", args=[returned.pk])))
    assert html.select_one("#blok-sampel") is None
    note = note_on(returned, "sampel")
    apart = html.select_one(f"#tinjauan-{note.pk}")
    assert SAMPLE_NOTE in words(apart)
    assert "tidak berlaku lagi" in words(apart.find_previous("h3"))
    assert apart.select_one("button[value=resolved]") is not None


def test_the_examiner_sees_the_reply_beside_the_diff_and_marks_it(reexamined, examiner, applicant):
    as_examiner = client_for(examiner)
    html = page(as_examiner.get(reverse("examination:detail", args=[reexamined.pk])))
    note = note_on(reexamined, "sampel")
    beside = html.select_one(f"#tinjauan-{note.pk}")
    # In the sample block's part of the page, after its heading.
    assert beside.find_previous("h3")["id"] == "blok-sampel"
    assert SAMPLE_NOTE in words(beside)
    assert "Kerangka dari daftar Dinas." in words(beside)
    assert "belum ditinjau" in words(beside)
    unanswered = html.select_one(f"#tinjauan-{note_on(reexamined, 'kegiatan').pk}")
    assert "Pemohon tidak menjawab" in words(unanswered)

    # The buttons post the notes form: drafts typed meanwhile are kept.
    form = html.select_one("form#catatan")
    data = {
        field["name"]: field.get("value", field.text)
        for field in form.select("input[name], textarea[name]")
    }
    data |= {"note-desain": "Draf baru.", "resolution": "resolved"}
    response = as_examiner.post(resolve_url(note), data, follow=True)
    assert "Diterima pemeriksa" in messages_of(response)
    assert resolution_state(note)[0] == "resolved"
    assert resolution_state(note)[2] == examiner.pk
    assert examination_services.draft_notes(fresh(reexamined)) == {"desain": "Draf baru."}
    event = ApplicationEvent.objects.get(kind="note_resolution")
    assert event.data == {
        "note": note.pk,
        "block": "sampel",
        "version": 1,
        "resolution": "resolved",
    }

    # The applicant reads the examiner's verdict.
    detail = page(client_for(applicant).get(reverse("applications:detail", args=[reexamined.pk])))
    history = words(detail.select_one(".note-history"))
    assert "Diterima pemeriksa" in history
    assert "Belum ditinjau pemeriksa" in history  # the header note, not marked yet
    assert "Catatan versi 1 diterima pemeriksa" in words(detail.select_one(".timeline"))


def test_an_officer_of_another_office_cannot_mark(reexamined, foreign_officer):
    note = note_on(reexamined, "sampel")
    with pytest.raises(PermissionDenied):
        examination_services.resolve_note(note=note, user=foreign_officer, resolution="resolved")
    response = client_for(foreign_officer).post(resolve_url(note), {"resolution": "resolved"})
    assert response.status_code == 404
    assert resolution_state(note) == ("", None, None)


def test_an_applicant_cannot_mark_their_notes_resolved(reexamined, applicant, stranger):
    note = note_on(reexamined, "sampel")
    for user in (applicant, stranger):
        with pytest.raises(PermissionDenied):
            examination_services.resolve_note(note=note, user=user, resolution="resolved")
        response = client_for(user).post(resolve_url(note), {"resolution": "resolved"})
        assert response.status_code == 403
    assert resolution_state(note) == ("", None, None)


def test_only_the_examiner_holding_it_marks(reexamined, signatory, offices):
    other = make_user("pemeriksa.lain@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER])
    note = note_on(reexamined, "sampel")
    for user in (other, signatory):
        with pytest.raises(PermissionDenied):
            examination_services.resolve_note(note=note, user=user, resolution="resolved")
        response = client_for(user).post(resolve_url(note), {"resolution": "resolved"}, follow=True)
        assert response.status_code == 200
        assert messages_of(response)
    assert resolution_state(note) == ("", None, None)


def test_a_note_is_marked_only_on_a_later_version(in_review, examiner, returned):
    note = note_on(returned, "sampel")
    # Before resubmission the application is not under examination at all.
    with pytest.raises(TransitionRefused):
        examination_services.resolve_note(note=note, user=examiner, resolution="resolved")
    assert resolution_state(note) == ("", None, None)


def test_a_note_of_the_version_being_examined_cannot_be_marked(reexamined, examiner):
    examination_services.request_revision(
        application=reexamined, user=examiner, notes={"desain": "Frekuensi?"}
    )
    applicant_note = note_on(reexamined, "desain")
    # Hand the row back to examination without a new version (what a forged request would need).
    Application.objects.filter(pk=reexamined.pk).update(state="in_review")
    with pytest.raises(TransitionRefused):
        examination_services.resolve_note(note=applicant_note, user=examiner, resolution="resolved")
    assert resolution_state(applicant_note) == ("", None, None)


@pytest.mark.parametrize("value", ["", "selesai", "<script>"])
def test_a_bad_resolution_names_the_field(reexamined, examiner, value):
    note = note_on(reexamined, "sampel")
    with pytest.raises(ValidationError) as refused:
        examination_services.resolve_note(note=note, user=examiner, resolution=value)
    assert "resolution" in refused.value.message_dict
    response = client_for(examiner).post(resolve_url(note), {"resolution": value}, follow=True)
    assert response.status_code == 200
    assert "Hasil tinjauan" in messages_of(response)
    assert resolution_state(note) == ("", None, None)


def test_a_stale_second_tab_gets_a_clear_message(reexamined, examiner):
    note = note_on(reexamined, "sampel")
    as_examiner = client_for(examiner)
    # Tab 1 marks it resolved; tab 2, opened before, still shows it unmarked.
    as_examiner.post(
        resolve_url(note), {"resolution": "resolved", f"seen_resolution-{note.pk}": ""}
    )
    response = as_examiner.post(
        resolve_url(note),
        {"resolution": "unresolved", f"seen_resolution-{note.pk}": ""},
        follow=True,
    )
    assert "baru saja ditandai “Diterima pemeriksa”" in messages_of(response)
    assert resolution_state(note)[0] == "resolved"
    # Asking again for what is already there is no overwrite: fine, nothing recorded.
    as_examiner.post(
        resolve_url(note), {"resolution": "resolved", f"seen_resolution-{note.pk}": ""}
    )
    assert ApplicationEvent.objects.filter(kind="note_resolution").count() == 1
    # From a fresh page the examiner may change their mind.
    as_examiner.post(
        resolve_url(note), {"resolution": "unresolved", f"seen_resolution-{note.pk}": "resolved"}
    )
    assert resolution_state(note)[0] == "unresolved"
