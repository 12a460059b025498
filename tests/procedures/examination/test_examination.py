"""The office's side of the procedure: who may do what, notes and revisions,
consultations, the two-person sign-off, the letter and its verification,
publication to the catalog, e-mail with retries, reminders, walidata and walk-in
applications. Real database, real index, real PDFs, Django's outbox; no mocks."""

import datetime
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from catalog.models import ActivityRecord
from procedures.applications import emails as application_emails
from procedures.applications import selectors as application_selectors
from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationVersion, AttachmentKind
from procedures.demo import complete_design
from procedures.examination import permissions as examination_permissions
from procedures.examination import reminders as examination_reminders
from procedures.examination import selectors as examination_selectors
from procedures.examination import services as examination_services
from procedures.letters.models import Letter
from procedures.notifications import delivery as notification_delivery
from procedures.notifications.models import Notification, NotificationState
from procedures.organisations.models import AgencyLevel, WalidataProfile
from procedures.organisations.roles import Role
from procedures.rules import TransitionRefused
from search.models import IndexJob
from search.services import drain

from ..conftest import DUE_FROM_KNOWN_DAY, fill, make_agency, make_user, pdf_upload

pytestmark = pytest.mark.django_db

NOTE = "Jelaskan cara memilih rumah tangga sampel."
SUGGESTION = "Gunakan kerangka sampel hasil Sensus Pertanian 2023."
REASON = "Kegiatan menduplikasi Survei Ubinan yang diselenggarakan BPS."

SMTP_DOWN = override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,  # discard port: nothing listens, the connection is refused
    EMAIL_TIMEOUT=2,
)
SMTP_BACK = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


# --- Helpers ------------------------------------------------------------------------------


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def submission(applicant, *, title: str, survey: bool = False) -> Application:
    """A new application of the applicant's agency, filled and submitted."""
    application = application_services.create_application(user=applicant)
    fill(application, applicant, complete_design(title=title, survey=survey))
    if survey:
        application_services.add_attachment(
            application=application,
            user=applicant,
            kind=AttachmentKind.QUESTIONNAIRE,
            upload=pdf_upload(),
        )
    return application_services.submit(application=application, user=applicant)


def awaiting_signature(
    applicant, examiner, *, title: str, verdict="feasible", text=SUGGESTION
) -> Application:
    application = submission(applicant, title=title)
    examination_services.take(application=application, user=examiner)
    return examination_services.propose(
        application=application, user=examiner, verdict=verdict, text=text
    )


def snapshot(application: Application) -> dict:
    """Everything a refused action must leave as it was."""
    application = fresh(application)
    return {
        "state": application.state,
        "lock_version": application.lock_version,
        "examiner": application.examiner_id,
        "due_on": application.due_on,
        "reached_office_at": application.reached_office_at,
        "proposed_by": application.proposed_by_id,
        "events": list(application.events.values_list("kind", "actor_id")),
        "notes": list(application.notes.values_list("block", "text", "sent_at")),
        "consultations": application.consultations.count(),
        "notifications": sorted(application.notifications.values_list("kind", flat=True)),
        "letters": Letter.objects.filter(application=application).count(),
    }


def messages_about(subject_part: str) -> list:
    return [message for message in mail.outbox if subject_part in message.subject]


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def stored_pdf(letter: Letter) -> bytes:
    with letter.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    """The letter's text, whitespace runs folded to one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def qr_codes(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        image = document[len(document) - 1].render(scale=2).to_pil()
    finally:
        document.close()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def retry_at(moment) -> list[int]:
    return [notification.pk for notification in notification_delivery.retry_due(now=moment)]


def in_indonesian(day: datetime.date) -> str:
    with translation.override("id"):
        return date_format(day, "j F Y")


def require_walidata(office) -> None:
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])


def make_walidata(email: str, region: str, *, role=True):
    user = make_user(email, roles=[Role.WALIDATA] if role else [])
    WalidataProfile.objects.create(user=user, region_code=region, institution="Diskominfo")
    return user


# --- People -------------------------------------------------------------------------------


@pytest.fixture
def other_examiner(offices):
    return make_user("pemeriksa.dua@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER])


@pytest.fixture
def dual(offices):
    """An officer who both examines and signs."""
    return make_user(
        "pemeriksa.kepala@bps.go.id",
        office=offices["3304"],
        roles=[Role.EXAMINER, Role.SIGNATORY],
        nip="198503102008011002",
    )


@pytest.fixture
def walidata(offices):
    return make_walidata("walidata.uji@banjarnegarakab.go.id", "3304")


@pytest.fixture
def people(applicant, examiner, other_examiner, signatory, walidata, foreign_officer, offices):
    return {
        "applicant": applicant,
        "holder": examiner,  # holds the application (or takes it, from the queue)
        "other_examiner": other_examiner,
        "signatory": signatory,
        "office_admin": make_user(
            "admin.kantor@bps.go.id", office=offices["3304"], roles=[Role.OFFICE_ADMIN]
        ),
        "walidata": walidata,
        "foreign_officer": foreign_officer,
        "no_role": make_user("tanpa.peran@bps.go.id", office=offices["3304"]),
    }


def reach(stage: str, complete_draft, people) -> Application:
    """The fixture's survey application brought to `stage` by the normal path."""
    if stage == "walidata":
        require_walidata(complete_draft.office)
    application = application_services.submit(application=complete_draft, user=people["applicant"])
    if stage in ("in_review", "awaiting_signature"):
        examination_services.take(application=application, user=people["holder"])
    if stage == "awaiting_signature":
        examination_services.propose(
            application=application, user=people["holder"], verdict="feasible", text=SUGGESTION
        )
    return fresh(application)


# --- 1. Every office action by every role -------------------------------------------------


@dataclass(frozen=True)
class Action:
    stage: str
    run: Callable
    allowed: frozenset[str]
    done: Callable  # (application after, actor, people) -> None: asserts the effect


def check_taken(app, user, people):
    assert (app.state, app.examiner) == ("in_review", user)


def check_assigned(app, user, people):
    assert (app.state, app.examiner) == ("in_review", people["holder"])
    event = app.events.get(kind="take")
    assert (event.actor, event.data["examiner"]) == (user, people["holder"].pk)


def check_draft_notes(app, user, people):
    assert app.state == "in_review"
    assert examination_services.draft_notes(app) == {"sampel": NOTE}


def check_revision(app, user, people):
    assert (app.state, app.due_on) == ("revision_requested", None)


def check_consultation(app, user, people):
    assert app.consultations.get().created_by == user


def check_proposed(app, user, people):
    assert (app.state, app.proposed_verdict, app.proposed_by) == (
        "awaiting_signature",
        "feasible",
        user,
    )


def check_returned(app, user, people):
    assert (app.state, app.examiner) == ("in_review", people["holder"])
    assert app.events.get(kind="return").actor == user


def check_signed(app, user, people):
    assert app.state == "feasible"
    assert app.letter.signatory == user


def check_confirmed(app, user, people):
    assert (app.state, app.due_on is not None) == ("submitted", True)
    assert app.events.get(kind="walidata_confirm").actor == user


ACTIONS = {
    "take": Action(
        "submitted",
        lambda app, user, p: examination_services.take(application=app, user=user),
        frozenset({"holder", "other_examiner"}),
        check_taken,
    ),
    "assign": Action(
        "submitted",
        lambda app, user, p: examination_services.assign(
            application=app, user=user, examiner=p["holder"]
        ),
        frozenset({"signatory", "office_admin"}),
        check_assigned,
    ),
    "save_notes": Action(
        "in_review",
        lambda app, user, p: examination_services.save_notes(
            application=app, user=user, notes={"sampel": NOTE}
        ),
        frozenset({"holder"}),
        check_draft_notes,
    ),
    "request_revision": Action(
        "in_review",
        lambda app, user, p: examination_services.request_revision(
            application=app, user=user, notes={"sampel": NOTE}
        ),
        frozenset({"holder"}),
        check_revision,
    ),
    "record_consultation": Action(
        "in_review",
        lambda app, user, p: examination_services.record_consultation(
            application=app,
            user=user,
            unit="Fungsi Statistik Produksi",
            question="Apakah sudah ada survei serupa?",
            asked_on="2026-11-02",
        ),
        frozenset({"holder", "other_examiner", "signatory"}),
        check_consultation,
    ),
    "propose": Action(
        "in_review",
        lambda app, user, p: examination_services.propose(
            application=app, user=user, verdict="feasible", text=SUGGESTION
        ),
        frozenset({"holder"}),
        check_proposed,
    ),
    "return_to_examiner": Action(
        "awaiting_signature",
        lambda app, user, p: examination_services.return_to_examiner(
            application=app, user=user, note="Lengkapi saran."
        ),
        frozenset({"signatory"}),
        check_returned,
    ),
    "sign": Action(
        "awaiting_signature",
        lambda app, user, p: examination_services.sign(application=app, user=user),
        frozenset({"signatory"}),
        check_signed,
    ),
    "walidata_confirm": Action(
        "walidata",
        lambda app, user, p: examination_services.walidata_confirm(application=app, user=user),
        frozenset({"walidata"}),
        check_confirmed,
    ),
}
ACTORS = (
    "applicant",
    "holder",
    "other_examiner",
    "signatory",
    "office_admin",
    "walidata",
    "foreign_officer",
    "no_role",
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_each_office_action_by_each_role(complete_draft, people, name, actor):
    action = ACTIONS[name]
    application = reach(action.stage, complete_draft, people)
    user = people[actor]
    if actor in action.allowed:
        action.run(application, user, people)
        action.done(fresh(application), user, people)
    else:
        before = snapshot(application)
        with pytest.raises(PermissionDenied):
            action.run(application, user, people)
        assert snapshot(application) == before


@pytest.mark.parametrize(
    ("name", "stage", "actor"),
    [
        ("take", "in_review", "other_examiner"),
        ("assign", "awaiting_signature", "signatory"),
        ("save_notes", "awaiting_signature", "holder"),
        ("request_revision", "awaiting_signature", "holder"),
        ("propose", "awaiting_signature", "holder"),
        ("return_to_examiner", "in_review", "signatory"),
        ("sign", "in_review", "signatory"),
        ("walidata_confirm", "submitted", "walidata"),
    ],
)
def test_an_allowed_role_is_refused_in_the_wrong_state(complete_draft, people, name, stage, actor):
    application = reach(stage, complete_draft, people)
    before = snapshot(application)
    with pytest.raises(TransitionRefused):
        ACTIONS[name].run(application, people[actor], people)
    assert snapshot(application) == before


def test_reassignment_moves_the_work_and_stops_the_previous_examiner(
    in_review, examiner, other_examiner, signatory, offices
):
    seen_by_previous = fresh(in_review)  # the page the first examiner still has open
    with pytest.raises(ValidationError) as refused:
        examination_services.assign(application=in_review, user=signatory, examiner=signatory)
    assert "examiner" in refused.value.error_dict

    examination_services.assign(application=in_review, user=signatory, examiner=other_examiner)

    assert in_review.examiner == other_examiner
    assign = in_review.events.get(kind="assign")
    assert (assign.actor, assign.data["examiner"]) == (signatory, other_examiner.pk)
    assert "assign" not in [
        e.kind for e in application_selectors.timeline(in_review, internal=False)
    ]
    with pytest.raises(PermissionDenied):
        examination_services.propose(
            application=fresh(in_review), user=examiner, verdict="feasible", text=""
        )
    # Acting on the copy loaded before the reassignment is refused too: the
    # rule is checked on the row as locked, not on the stale copy.
    with pytest.raises(PermissionDenied):
        examination_services.propose(
            application=seen_by_previous, user=examiner, verdict="feasible", text=""
        )
    assert fresh(in_review).state == "in_review"
    examination_services.propose(
        application=in_review, user=other_examiner, verdict="feasible", text=""
    )
    assert fresh(in_review).proposed_by == other_examiner


# --- 2. The two-person rule ---------------------------------------------------------------


def test_the_proposer_cannot_sign_their_own_proposal(submitted, dual, signatory):
    examination_services.take(application=submitted, user=dual)
    examination_services.propose(
        application=submitted, user=dual, verdict="feasible", text=SUGGESTION
    )
    assert not examination_permissions.can_sign(dual, submitted)
    assert examination_permissions.can_sign(signatory, submitted)

    before = snapshot(submitted)
    with pytest.raises(PermissionDenied, match="dua orang"):
        examination_services.sign(application=submitted, user=dual)
    assert snapshot(submitted) == before

    examination_services.sign(application=submitted, user=signatory)
    assert fresh(submitted).state == "feasible"
    assert submitted.letter.signatory == signatory


def test_an_office_that_allows_it_lets_the_proposer_sign(submitted, dual):
    office = submitted.office
    office.allow_self_sign = True
    office.save(update_fields=["allow_self_sign"])
    examination_services.take(application=submitted, user=dual)
    examination_services.propose(
        application=submitted, user=dual, verdict="feasible", text=SUGGESTION
    )
    application = fresh(submitted)

    assert examination_permissions.can_sign(dual, application)
    examination_services.sign(application=application, user=dual)
    assert fresh(application).state == "feasible"
    assert application.letter.signatory == dual


# --- 3. Notes -----------------------------------------------------------------------------


def test_draft_notes_stay_with_the_examiner(in_review, examiner):
    examination_services.save_notes(
        application=in_review, user=examiner, notes={"sampel": NOTE, "kegiatan": "Judul?"}
    )
    examination_services.save_notes(
        application=in_review, user=examiner, notes={"sampel": NOTE + " "}
    )

    assert examination_services.draft_notes(in_review) == {
        "sampel": NOTE
    }  # the emptied block is gone
    assert in_review.notes.get().sent_at is None
    assert application_selectors.notes_to_address(fresh(in_review)) == []
    with pytest.raises(ValidationError):
        examination_services.save_notes(application=in_review, user=examiner, notes={"blok_x": "?"})


def test_a_revision_request_needs_a_note_and_changes_nothing_without_one(in_review, examiner):
    before = snapshot(in_review)
    for notes in ({}, {"sampel": "   ", "desain": ""}):
        with pytest.raises(ValidationError) as refused:
            examination_services.request_revision(application=in_review, user=examiner, notes=notes)
        assert "notes" in refused.value.error_dict
    assert snapshot(in_review) == before


def test_a_revision_request_sends_the_notes_and_stops_the_clock(
    in_review, examiner, applicant, django_capture_on_commit_callbacks
):
    assert in_review.due_on is not None
    examination_services.save_notes(
        application=in_review, user=examiner, notes={"desain": "Draf lama"}
    )
    notes = {
        "sampel": "Ukuran sampel < 400 & galat perlu dijelaskan.",
        "lampiran": "Unggah pedoman pencacah.",
        "kegiatan": "Perjelas judul kegiatan.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.request_revision(application=in_review, user=examiner, notes=notes)

    application = fresh(in_review)
    assert (application.state, application.due_on) == ("revision_requested", None)
    assert examination_services.draft_notes(application) == {}  # the unsent draft is dropped
    sent = application.notes.all()
    assert {note.block: note.text for note in sent} == notes
    assert all(note.sent_at is not None for note in sent)
    addressed = [
        (str(heading), [note.text for note in items])
        for heading, items in application_selectors.notes_to_address(application)
    ]
    assert addressed == [
        ("Keterangan kegiatan", ["Perjelas judul kegiatan."]),
        ("V. Desain sampel", ["Ukuran sampel < 400 & galat perlu dijelaskan."]),
        ("Lampiran", ["Unggah pedoman pencacah."]),
    ]

    (message,) = mail.outbox
    assert message.to == [applicant.email]
    assert application.reference in message.subject
    assert "perlu diperbaiki" in message.subject
    for heading, texts in addressed:
        assert f"* {heading}\n  {texts[0]}" in message.body
    assert "Draf lama" not in message.body
    html = html_of(message)
    assert "<strong>V. Desain sampel</strong>" in html
    assert "Ukuran sampel &lt; 400 &amp; galat perlu dijelaskan." in html
    assert application_emails.detail_url(application) in html


# --- 4. What changed between versions -----------------------------------------------------


def test_the_resubmitted_version_shows_exactly_what_changed(in_review, examiner, applicant):
    examination_services.request_revision(
        application=in_review, user=examiner, notes={"desain": "Frekuensi tidak sesuai."}
    )
    application = fresh(in_review)
    application_services.save_design_block(
        application=application,
        user=applicant,
        block_key="desain",
        values=application.design["desain"] | {"frequency": "semesteran"},
    )
    application_services.remove_attachment(attachment=application.attachments.get(), user=applicant)
    application_services.add_attachment(
        application=application,
        user=applicant,
        kind=AttachmentKind.QUESTIONNAIRE,
        upload=pdf_upload("kuesioner-v2.pdf", "Kuesioner survei, perbaikan"),
    )
    application_services.submit(application=fresh(application), user=applicant)

    first, second = ApplicationVersion.objects.filter(application=application).order_by("number")
    assert application_selectors.previous_version(second) == first
    assert application_selectors.version_diff(first.design, second.design) == {
        "desain": [
            application_selectors.FieldChange("Frekuensi (bila berulang)", "Tahunan", "Semesteran")
        ]
    }
    assert application_selectors.attachment_diff(first, second) == [
        application_selectors.AttachmentChange(
            "Kuesioner", "diganti", "kuesioner.pdf", "kuesioner-v2.pdf"
        )
    ]
    assert application_selectors.version_diff(None, second.design) == {}
    assert application_selectors.attachment_diff(None, second) == []


# --- 5. Consultations ---------------------------------------------------------------------


def test_a_consultation_is_recorded_and_answered(in_review, examiner, signatory):
    consultation = examination_services.record_consultation(
        application=in_review,
        user=examiner,
        unit="  Fungsi Statistik Produksi ",
        question="Apakah Survei Ubinan sudah mencakup komoditas ini?",
        asked_on="2026-11-02",
    )
    stored = in_review.consultations.get()
    assert (stored.unit, stored.question, stored.asked_on, stored.created_by) == (
        "Fungsi Statistik Produksi",
        "Apakah Survei Ubinan sudah mencakup komoditas ini?",
        datetime.date(2026, 11, 2),
        examiner,
    )

    with pytest.raises(ValidationError) as refused:
        examination_services.answer_consultation(
            consultation=consultation, user=signatory, answer="Belum.", answered_on="2026-11-01"
        )
    assert "answered_on" in refused.value.error_dict
    examination_services.answer_consultation(
        consultation=consultation, user=signatory, answer="Belum.", answered_on="2026-11-04"
    )
    stored.refresh_from_db()
    assert (stored.answer, stored.answered_on) == ("Belum.", datetime.date(2026, 11, 4))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "  "}, "unit"),
        ({"question": ""}, "question"),
        ({"asked_on": "2 November"}, "asked_on"),
    ],
)
def test_an_incomplete_consultation_names_the_missing_field(in_review, examiner, changes, field):
    values = {"unit": "Fungsi Neraca", "question": "Sudah ada datanya?", "asked_on": "2026-11-02"}
    before = snapshot(in_review)
    with pytest.raises(ValidationError) as refused:
        examination_services.record_consultation(
            application=in_review, user=examiner, **(values | changes)
        )
    assert list(refused.value.error_dict) == [field]
    assert snapshot(in_review) == before


def test_consultations_stay_out_of_the_applicants_timeline(in_review, examiner):
    examination_services.record_consultation(
        application=in_review, user=examiner, unit="Fungsi Sosial", question="?", asked_on=None
    )
    internal = [event.kind for event in application_selectors.timeline(in_review)]
    public = [event.kind for event in application_selectors.timeline(in_review, internal=False)]
    assert "consultation" in internal
    assert "consultation" not in public
    assert public == [kind for kind in internal if kind != "consultation"]
    assert in_review.consultations.get().asked_on == timezone.localdate()


# --- 6. The letter ------------------------------------------------------------------------


def test_signing_stores_a_letter_that_reads_back_as_issued(in_review, examiner, signatory):
    signatory.first_name, signatory.last_name = "Siti", "Rahmawati"
    signatory.save()
    examination_services.propose(
        application=in_review, user=examiner, verdict="feasible", text=SUGGESTION
    )
    examination_services.sign(application=in_review, user=signatory)

    letter = Letter.objects.get(application=in_review)
    data = stored_pdf(letter)
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    text = pdf_text(data)
    assert f"Nomor : {letter.number}" in text
    assert f"Banjarnegara, {in_indonesian(letter.issued_on)}" in text
    assert "LAYAK DILAKSANAKAN" in text and "TIDAK LAYAK" not in text
    assert f"Saran: {SUGGESTION}" in text
    assert "Siti Rahmawati" in text
    assert "NIP 197203151994031002" in text
    assert in_review.title in text and in_review.reference in text
    url = settings.WAGTAILADMIN_BASE_URL + reverse(
        "letters:verify", args=[letter.verification_code]
    )
    assert qr_codes(data) == [url]
    assert (letter.signatory_name, letter.signatory_nip) == ("Siti Rahmawati", "197203151994031002")
    assert in_review.events.get(kind="sign").data == {
        "letter": letter.number,
        "verdict": "feasible",
    }


def test_a_not_feasible_letter_gives_the_reasons_and_publishes_nothing(
    applicant, examiner, signatory
):
    application = awaiting_signature(
        applicant, examiner, title="Survei Harga Gabah", verdict="not_feasible", text=REASON
    )
    examination_services.sign(application=application, user=signatory)

    assert fresh(application).state == "not_feasible"
    text = pdf_text(stored_pdf(application.letter))
    assert "TIDAK LAYAK DILAKSANAKAN" in text
    assert f"Alasan: {REASON}" in text
    assert "Saran:" not in text
    assert not ActivityRecord.objects.exists()
    assert not IndexJob.objects.exists()


def test_letter_numbers_follow_the_office_template(applicant, examiner, signatory):
    year = timezone.localdate().year
    numbers = []
    for title in ("Survei Satu", "Survei Dua", "Survei Tiga"):
        application = awaiting_signature(applicant, examiner, title=title)
        if title == "Survei Tiga":
            office = application.office
            office.letter_number_template = "{seq}/BPS.{unit_code}/REKOM/{year}"
            office.save(update_fields=["letter_number_template"])
        examination_services.sign(application=fresh(application), user=signatory)
        numbers.append(fresh(application).letter.number)

    assert numbers == [
        f"B-1/33040/KS.000/{year}",
        f"B-2/33040/KS.000/{year}",
        f"3/BPS.33040/REKOM/{year}",
    ]
    assert list(Letter.objects.order_by("sequence").values_list("sequence", "year")) == [
        (1, year),
        (2, year),
        (3, year),
    ]


def test_an_issued_letter_cannot_be_changed(applicant, examiner, signatory):
    application = awaiting_signature(applicant, examiner, title="Survei Ternak")
    examination_services.sign(application=application, user=signatory)
    letter = Letter.objects.get(application=application)
    original = letter.text
    letter.text = "Saran yang diubah belakangan."
    with pytest.raises(ValueError):
        letter.save()
    assert Letter.objects.get(pk=letter.pk).text == original


def test_a_signatory_without_a_nip_cannot_sign(applicant, examiner, offices):
    unregistered = make_user(
        "kepala.baru@bps.go.id", office=offices["3304"], roles=[Role.SIGNATORY]
    )
    application = awaiting_signature(applicant, examiner, title="Survei Perikanan")
    before = snapshot(application)
    with pytest.raises(ValidationError) as refused:
        examination_services.sign(application=application, user=unregistered)
    assert "nip" in refused.value.error_dict
    assert snapshot(application) == before
    assert not ActivityRecord.objects.exists()


# --- 7. Publication -----------------------------------------------------------------------


def test_a_feasible_decision_is_published_and_found_by_search(
    applicant, examiner, signatory, agency, client, search_index
):
    title = "Survei Produksi Salak Pondoh"
    design = complete_design(title=title, survey=False)
    application = awaiting_signature(applicant, examiner, title=title)
    examination_services.sign(application=application, user=signatory)
    letter = fresh(application).letter

    record = ActivityRecord.objects.get()
    assert record.recommendation_number == letter.number
    assert (record.title, record.year, record.agency) == (title, 2027, agency.name)
    assert (record.office_code, record.office_name) == ("3304", "BPS Kabupaten Banjarnegara")
    assert (record.method, record.sector, record.frequency) == (
        design["kegiatan"]["collection_way"],
        design["kegiatan"]["sector"],
        design["desain"]["frequency"],
    )
    assert record.decided_on == letter.issued_on
    assert record.coverage == "Kabupaten Banjarnegara"
    assert record.variables == ["Luas panen", "Harga jual di tingkat petani"]
    assert record.collection_start == datetime.date.fromisoformat(
        design["perencanaan"]["schedule_3_start"]
    )
    assert record.verification_url == reverse("letters:verify", args=[letter.verification_code])

    assert drain().applied >= 1
    found = client.get("/api/v1/activities", {"q": "salak"}).json()
    assert [hit["recommendation_number"] for hit in found["results"]] == [letter.number]
    assert client.get("/api/v1/activities", {"q": "durian"}).json()["count"] == 0


def test_a_failed_publication_undoes_the_signing(applicant, examiner, signatory):
    application = awaiting_signature(applicant, examiner, title="Survei Kopi Robusta")
    version = application.versions.get()
    broken = version.design | {"kegiatan": version.design["kegiatan"] | {"sector": "99"}}
    ApplicationVersion.objects.filter(pk=version.pk).update(design=broken)
    before = snapshot(application)
    letters_dir = Path(settings.PRIVATE_STORAGE_ROOT) / "surat"
    files_before = set(letters_dir.rglob("*.pdf"))

    with pytest.raises(ValidationError) as refused:
        examination_services.sign(application=application, user=signatory)
    assert "sector" in refused.value.error_dict
    assert snapshot(application) == before
    assert not ActivityRecord.objects.exists() and not IndexJob.objects.exists()
    assert set(letters_dir.rglob("*.pdf")) == files_before  # no file outlives the rollback

    # The letter number was not used up: the next letter of the office gets it.
    ApplicationVersion.objects.filter(pk=version.pk).update(design=version.design)
    examination_services.sign(application=fresh(application), user=signatory)
    assert fresh(application).letter.sequence == 1


# --- 8. Verification page -----------------------------------------------------------------


def test_the_verification_page_shows_the_letter(client, in_review, examiner, signatory, agency):
    examination_services.propose(application=in_review, user=examiner, verdict="feasible", text="")
    examination_services.sign(application=in_review, user=signatory)
    letter = Letter.objects.get(application=in_review)

    response = client.get(f"/verifikasi/{letter.verification_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        letter.number,
        in_indonesian(letter.issued_on),
        "BPS Kabupaten Banjarnegara",
        agency.name,
        in_review.title,
        "Layak Dilaksanakan",
        letter.sha256,
    ):
        assert shown in page


@pytest.mark.parametrize("code", ["0123456789abcdef0123", "x" * 40])
def test_an_unknown_verification_code_is_a_clear_404(client, offices, code):
    response = client.get(f"/verifikasi/{code}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Kode verifikasi tidak dikenal" in page
    assert code in page


# --- 9. Notifications ---------------------------------------------------------------------


def test_the_decision_mail_tells_the_applicant(
    in_review, examiner, signatory, applicant, django_capture_on_commit_callbacks
):
    examination_services.propose(
        application=in_review, user=examiner, verdict="feasible", text=SUGGESTION
    )
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.sign(application=in_review, user=signatory)
    letter = Letter.objects.get(application=in_review)

    (message,) = messages_about("Hasil")
    assert message.to == [applicant.email]
    assert in_review.reference in message.subject and "Layak Dilaksanakan" in message.subject
    letter_url = settings.WAGTAILADMIN_BASE_URL + reverse("letters:download", args=[in_review.pk])
    verify_url = settings.WAGTAILADMIN_BASE_URL + reverse(
        "letters:verify", args=[letter.verification_code]
    )
    assert "LAYAK DILAKSANAKAN" in message.body
    assert letter.number in message.body and SUGGESTION in message.body
    assert letter_url in message.body and verify_url in message.body
    assert verify_url in html_of(message)
    assert in_review.notifications.get(kind="decision").state == NotificationState.SENT


def test_a_submission_tells_the_office_examiners(
    complete_draft,
    applicant,
    examiner,
    other_examiner,
    signatory,
    foreign_officer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.submit(application=complete_draft, user=applicant)

    (message,) = messages_about("menunggu pemeriksaan")
    assert sorted(message.to) == sorted([examiner.email, other_examiner.email])
    assert application.reference in message.subject
    assert application_emails.office_url(application) in message.body
    assert application.title in message.body


def test_a_proposal_asks_the_other_signatories(
    submitted, dual, signatory, foreign_officer, django_capture_on_commit_callbacks
):
    examination_services.take(application=submitted, user=dual)
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.propose(application=submitted, user=dual, verdict="feasible", text="")

    (message,) = messages_about("menunggu tanda tangan")
    assert message.to == [signatory.email]  # not the proposer, not another office
    assert submitted.reference in message.subject
    assert "Layak Dilaksanakan" in message.body


def test_a_returned_proposal_tells_its_examiner(
    in_review, examiner, signatory, django_capture_on_commit_callbacks
):
    examination_services.propose(
        application=in_review, user=examiner, verdict="not_feasible", text=REASON
    )
    with pytest.raises(ValidationError):
        examination_services.return_to_examiner(application=in_review, user=signatory, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.return_to_examiner(
            application=in_review, user=signatory, note="Sebutkan survei yang diduplikasi."
        )

    (message,) = messages_about("dikembalikan")
    assert message.to == [examiner.email]
    assert "Sebutkan survei yang diduplikasi." in message.body
    assert application_emails.office_url(in_review) in message.body


@SMTP_DOWN
def test_a_failed_mail_is_kept_for_retry_and_the_work_is_kept(
    in_review, examiner, django_capture_on_commit_callbacks
):
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.request_revision(
            application=in_review, user=examiner, notes={"sampel": NOTE}
        )
    finished = timezone.now()

    assert fresh(in_review).state == "revision_requested"
    assert in_review.notes.get().sent_at is not None
    queued = Notification.objects.get(kind="revision_requested")
    assert (queued.state, queued.attempts, queued.sent_at) == (
        NotificationState.RETRYING,
        1,
        None,
    )
    minute = datetime.timedelta(minutes=1)
    assert started + minute <= queued.next_attempt_at <= finished + minute
    assert "refused" in queued.last_error.lower() or "Errno" in queued.last_error
    assert mail.outbox == []

    assert retry_at(queued.next_attempt_at - datetime.timedelta(seconds=1)) == []
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (NotificationState.RETRYING, 1)

    with SMTP_BACK:
        assert retry_at(queued.next_attempt_at) == [queued.pk]
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (NotificationState.SENT, 2)
    assert queued.sent_at is not None and queued.next_attempt_at is None
    (message,) = mail.outbox
    assert message.subject == queued.subject and NOTE in message.body


@SMTP_DOWN
def test_a_mail_that_keeps_failing_backs_off_then_gives_up(
    in_review, examiner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.request_revision(
            application=in_review, user=examiner, notes={"sampel": NOTE}
        )
    queued = Notification.objects.get(kind="revision_requested")
    delays, states = [], []
    while queued.next_attempt_at is not None:
        delays.append(round((queued.next_attempt_at - timezone.now()).total_seconds() / 60))
        retry_at(queued.next_attempt_at)
        queued.refresh_from_db()
        states.append(queued.state)

    assert delays == [1, 2, 4, 8, 16]
    assert states == [NotificationState.RETRYING] * 4 + [NotificationState.FAILED]
    assert queued.attempts == 6
    assert queued.last_error
    assert queued.pk not in retry_at(timezone.now() + datetime.timedelta(days=1))
    assert fresh(in_review).state == "revision_requested"


def test_the_send_notifications_command_retries_what_is_due(
    submitted, examiner, django_capture_on_commit_callbacks
):
    with SMTP_DOWN, django_capture_on_commit_callbacks(execute=True):
        application_emails.notify_receipt(submitted)  # a receipt and a new-work message
    due, later = Notification.objects.filter(state=NotificationState.RETRYING).order_by("kind")
    Notification.objects.filter(pk=due.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    out = io.StringIO()

    call_command("send_notifications", stdout=out)

    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.state, later.state) == (NotificationState.SENT, NotificationState.RETRYING)
    assert out.getvalue().strip() == "1 e-mail dicoba, 1 terkirim."
    assert [message.subject for message in mail.outbox] == [due.subject]


# --- 10. Reminders ------------------------------------------------------------------------

FRIDAY = datetime.date(2026, 11, 20)


def due(application: Application, day: datetime.date) -> Application:
    Application.objects.filter(pk=application.pk).update(due_on=day)
    return fresh(application)


def test_reminders_five_working_days_before_and_on_the_due_date(
    in_review, applicant, examiner, other_examiner, django_capture_on_commit_callbacks
):
    held = due(in_review, datetime.date(2026, 11, 27))  # 5 working days after FRIDAY
    queued = due(submission(applicant, title="Survei Dua"), FRIDAY)  # due that day
    due(submission(applicant, title="Survei Tiga"), datetime.date(2026, 11, 30))  # 6 days

    with django_capture_on_commit_callbacks(execute=True):
        # Two reminders, and both (due within 5 working days, no proposal) escalated.
        assert examination_reminders.send_reminders(today=FRIDAY) == 4

    reminders = {n.application_id: n for n in Notification.objects.filter(kind="reminder")}
    assert set(reminders) == {held.pk, queued.pk}
    assert reminders[held.pk].recipients == [examiner.email]
    assert reminders[queued.pk].recipients == sorted([examiner.email, other_examiner.email])
    assert "5 hari kerja lagi" in reminders[held.pk].subject
    assert "hari ini" in reminders[queued.pk].subject
    escalations = Notification.objects.filter(kind="escalation")
    assert sorted(escalations.values_list("application_id", flat=True)) == [held.pk, queued.pk]
    assert {m.subject for m in mail.outbox} == {
        n.subject for n in [*reminders.values(), *escalations]
    }

    assert examination_reminders.send_reminders(today=FRIDAY) == 0  # each reminder once
    tuesday = datetime.date(2026, 11, 24)  # 3 and 4 working days left: no reminder
    # ... but "Survei Tiga", 4 working days from its due date, is escalated now.
    assert examination_reminders.send_reminders(today=tuesday) == 1
    assert Notification.objects.filter(kind="reminder").count() == 2
    assert Notification.objects.filter(kind="escalation").count() == 3


def test_the_send_reminders_command(in_review, examiner, django_capture_on_commit_callbacks):
    due(in_review, timezone.localdate())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    # The examiner's reminder, and the escalation (due today, no proposal) to the office.
    assert out.getvalue().strip() == "2 pesan diantrekan."
    message, escalation = sorted(mail.outbox, key=lambda m: "Eskalasi" in m.subject)
    assert message.to == [examiner.email] and in_review.reference in message.subject
    assert escalation.to == [in_review.office.email] and "Eskalasi" in escalation.subject

    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "0 pesan diantrekan."


# --- 11. Walidata -------------------------------------------------------------------------


def test_a_regional_submission_waits_for_its_walidata(
    complete_draft, applicant, examiner, signatory, walidata, django_capture_on_commit_callbacks
):
    office = complete_draft.office
    require_walidata(office)
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.submit(application=complete_draft, user=applicant)

    assert (application.state, application.due_on) == ("awaiting_walidata", None)
    (waiting,) = mail.outbox  # no receipt, no new work: only the walidata is told
    assert waiting.to == [walidata.email]
    assert application.reference in waiting.subject and "walidata" in waiting.subject
    assert "http://testserver/pemeriksaan/" in waiting.body  # their page
    assert application not in examination_selectors.office_queue([office])
    assert list(examination_selectors.walidata_queue(walidata)) == [application]
    assert (
        list(examination_selectors.walidata_queue(make_walidata("w@jatengprov.go.id", "3300")))
        == []
    )
    before = snapshot(application)
    with pytest.raises(TransitionRefused, match="(?i)walidata"):
        examination_services.take(application=application, user=examiner)
    with pytest.raises(TransitionRefused, match="(?i)walidata"):
        examination_services.assign(application=application, user=signatory, examiner=examiner)
    assert snapshot(application) == before


def test_the_walidata_confirms_and_the_clock_starts(
    on_known_day, complete_draft, applicant, examiner, walidata, django_capture_on_commit_callbacks
):
    office = complete_draft.office
    require_walidata(office)
    application = application_services.submit(application=complete_draft, user=applicant)

    with django_capture_on_commit_callbacks(execute=True):
        examination_services.walidata_confirm(
            application=application, user=walidata, note=" Sesuai. "
        )

    assert application.state == "submitted"
    assert application.due_on == DUE_FROM_KNOWN_DAY
    event = application.events.get(kind="walidata_confirm")
    assert (event.note, event.data) == (
        "Sesuai.",
        {"due_on": application.due_on.isoformat(), "service_days": 30},
    )
    assert application in examination_selectors.office_queue([office])
    assert list(examination_selectors.walidata_queue(walidata)) == []
    (receipt,) = messages_about("Tanda terima")
    assert receipt.to == [applicant.email]
    (new_work,) = messages_about("menunggu pemeriksaan")
    assert new_work.to == [examiner.email]
    with pytest.raises(TransitionRefused):
        examination_services.walidata_confirm(application=application, user=walidata)
    examination_services.take(application=application, user=examiner)
    assert fresh(application).state == "in_review"

    # A revision answers BPS's notes: it goes straight back to the office, with a new clock.
    examination_services.request_revision(
        application=fresh(application), user=examiner, notes={"kegiatan": "Perjelas judul."}
    )
    resubmitted = application_services.submit(application=fresh(application), user=applicant)
    assert resubmitted.state == "submitted"
    assert resubmitted.due_on == DUE_FROM_KNOWN_DAY
    assert resubmitted in examination_selectors.office_queue([office])
    assert list(examination_selectors.walidata_queue(walidata)) == []


@pytest.mark.parametrize("who", ["other_region", "no_role"])
def test_only_the_regions_walidata_confirms(complete_draft, applicant, who):
    require_walidata(complete_draft.office)
    application = application_services.submit(application=complete_draft, user=applicant)
    user = {
        "other_region": make_walidata("walidata@jatengprov.go.id", "3300"),
        "no_role": make_walidata("staf@banjarnegarakab.go.id", "3304", role=False),
    }[who]
    before = snapshot(application)
    with pytest.raises(PermissionDenied):
        examination_services.walidata_confirm(application=application, user=user)
    assert snapshot(application) == before


def test_a_central_agency_skips_the_walidata(offices, walidata):
    for code in ("0000", "3304"):
        require_walidata(offices[code])
    ministry = make_agency("Kementerian Pertanian", level=AgencyLevel.CENTRAL, region="3304")
    staff = make_user("staf@pertanian.go.id", agency=ministry)

    application = submission(staff, title="Survei Pertanian Nasional")

    assert application.office.code == "0000"
    assert (application.state, application.due_on is not None) == ("submitted", True)
    assert application in examination_selectors.office_queue([offices["0000"]])
    assert list(examination_selectors.walidata_queue(walidata)) == []


# --- 12. Walk-in (offline) applications ---------------------------------------------------


def test_an_examiner_records_a_walk_in_application(
    on_known_day, agency, applicant, examiner, django_capture_on_commit_callbacks
):
    application = examination_services.register_offline(agency=agency, user=examiner)
    assert (application.channel, application.state, application.created_by) == (
        "offline",
        "draft",
        examiner,
    )
    assert application.office == agency.office
    assert application in examination_selectors.office_queue([agency.office])

    fill(application, examiner, complete_design(title="Kompilasi Data Pasar", survey=False))
    application_services.add_attachment(
        application=application,
        user=examiner,
        kind=AttachmentKind.SCANNED_FORM,
        upload=pdf_upload("frkss-pindaian.pdf", "FRKSS ditandatangani"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_services.submit(application=application, user=examiner)

    application = fresh(application)
    today = timezone.localdate()
    assert application.state == "submitted"
    assert re.fullmatch(rf"REK-3304-{today.year}-\d{{5}}", application.reference)
    assert application.due_on == DUE_FROM_KNOWN_DAY
    assert list(application.versions.get().attachments.values_list("kind", flat=True)) == [
        AttachmentKind.SCANNED_FORM
    ]
    (receipt,) = messages_about("Tanda terima")
    assert receipt.to == [agency.email]
    assert application.reference in receipt.subject
    assert application in application_selectors.applications_visible_to(applicant)


def test_a_walk_in_needs_the_agencys_office_and_a_confirmed_agency(
    agency, applicant, examiner, foreign_officer, offices
):
    for user in (foreign_officer, applicant):
        with pytest.raises(PermissionDenied):
            examination_services.register_offline(agency=agency, user=user)
    proposed = make_agency("Dinas Pariwisata Kabupaten Banjarnegara", confirmed=False)
    with pytest.raises(ValidationError) as refused:
        examination_services.register_offline(agency=proposed, user=examiner)
    assert "agency" in refused.value.error_dict
    assert not Application.objects.exists()
