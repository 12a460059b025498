"""The examination at the BPS office: taking and assigning work, notes per
block, consultations, revision requests, proposals, sign-off with the
two-person rule, walidata checks and walk-in applications. Each function is the
only way to make its change; who may act is asked of `permissions`, not of views."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ActivityRecord
from procedures import rules
from procedures.accounts.models import User
from procedures.applications import emails as application_emails
from procedures.applications import permissions as application_permissions
from procedures.applications import services as application_services
from procedures.applications.models import (
    Application,
    Channel,
    NoteResolution,
    ReviewNote,
    Verdict,
)
from procedures.applications.models import ApplicationState as S
from procedures.applications.selectors import latest_version
from procedures.applications.workflow import apply_transition, record_event
from procedures.files import atomic_removing_files_on_rollback
from procedures.frkss.design import BLOCKS_BY_KEY
from procedures.letters.numbering import clean_agenda_number
from procedures.letters.services import issue_letter
from procedures.organisations import permissions as organisation_permissions
from procedures.organisations import services as organisation_services
from procedures.organisations.models import Agency
from procedures.organisations.roles import Role
from procedures.rules import TransitionRefused

from . import emails, permissions, selectors
from .models import Consultation
from .publication import publish_activity


@transaction.atomic
def take(*, application: Application, user: User) -> Application:
    application = application_services.locked(application)
    rules.require(permissions.can_take(user, application))
    apply_transition(application, "take", actor=user, changes={"examiner": user})
    return application


@transaction.atomic
def assign(*, application: Application, user: User, examiner: User) -> Application:
    """A signatory or the office admin gives the application to an examiner:
    from the queue (the take transition) or from another examiner."""
    application = application_services.locked(application)
    rules.require(permissions.can_assign(user, application))
    if not organisation_permissions.is_officer_of(examiner, application.office_id, Role.EXAMINER):
        raise ValidationError({"examiner": _("Pilih pemeriksa dari kantor ini.")})
    data = {"examiner": examiner.pk, "examiner_name": str(examiner)}
    name = "take" if application.state == S.SUBMITTED else "assign"
    apply_transition(application, name, actor=user, changes={"examiner": examiner}, data=data)
    return application


def clean_notes(notes: Mapping[str, str]) -> dict[str, str]:
    unknown = [key for key in notes if key not in BLOCKS_BY_KEY and key != "lampiran"]
    if unknown:
        raise ValidationError({"notes": _("Blok tidak dikenal: %s") % ", ".join(unknown)})
    return {key: text.strip()[:5000] for key, text in notes.items() if text and text.strip()}


@transaction.atomic
def save_notes(*, application: Application, user: User, notes: Mapping[str, str]) -> None:
    """Keep the examiner's notes on the current version as drafts (the applicant
    does not see them yet). An emptied block removes its draft."""
    rules.require(permissions.can_examine(user, application))
    version = latest_version(application)
    cleaned = clean_notes(notes)
    drafts = ReviewNote.objects.filter(version=version, sent_at__isnull=True)
    drafts.exclude(block__in=cleaned).delete()
    for block, text in cleaned.items():
        ReviewNote.objects.update_or_create(
            application=application,
            version=version,
            block=block,
            sent_at=None,
            defaults={"text": text, "author": user},
        )


# The note a possible duplicate is cited in: the header block ("Keterangan
# kegiatan"), where the activity itself is described.
DUPLICATE_NOTE_BLOCK = "kegiatan"
CITED_RECORD = "katalog"
CITED_APPLICATION = "pengajuan"


def duplicate_citation(*, application: Application, user: User, cited: str) -> str:
    """«Kemungkinan duplikasi dengan <title> (<number>)» for `cited`:
    "katalog:<id>" (a recommended activity, by its recommendation number) or
    "pengajuan:<id>" (an application in progress at the same office that the
    user may see, by its reference). Anything else is refused, so no title
    the examiner may not see can be written into a note."""
    kind, _sep, key = str(cited).partition(":")
    found = None
    if key.isdigit() and kind == CITED_RECORD:
        record = ActivityRecord.objects.filter(pk=int(key)).first()
        found = record and (record.title, record.recommendation_number)
    elif key.isdigit() and kind == CITED_APPLICATION:
        other = selectors.comparable_applications(user, application).filter(pk=int(key)).first()
        found = other and (other.title or _("(tanpa judul)"), other.reference or _("draf"))
    if not found:
        raise ValidationError(
            {"cite": _("Kegiatan yang dikutip tidak ditemukan atau tidak dapat Anda lihat.")}
        )
    title, number = found
    return _("Kemungkinan duplikasi dengan %(title)s (%(number)s)") % {
        "title": title,
        "number": number,
    }


@transaction.atomic
def cite_possible_duplicate(
    *, application: Application, user: User, notes: Mapping[str, str], cited: str
) -> str:
    """Keep the examiner's notes as drafts, with the citation of a possible
    duplicate added to the header block's note (once). Returns the citation."""
    rules.require(permissions.can_examine(user, application))
    citation = duplicate_citation(application=application, user=user, cited=cited)
    notes = dict(notes)
    current = (notes.get(DUPLICATE_NOTE_BLOCK) or "").rstrip()
    if citation not in current:
        notes[DUPLICATE_NOTE_BLOCK] = f"{current}\n{citation}" if current.strip() else citation
    save_notes(application=application, user=user, notes=notes)
    return citation


def draft_notes(application: Application) -> dict[str, str]:
    version = latest_version(application)
    if version is None:
        return {}
    return dict(
        ReviewNote.objects.filter(version=version, sent_at__isnull=True).values_list(
            "block", "text"
        )
    )


@transaction.atomic
def request_revision(*, application: Application, user: User, notes: Mapping[str, str]):
    """Perlu perbaikan: at least one note per block is required; the clock stops
    and the applicant is e-mailed the notes."""
    application = application_services.locked(application)
    rules.require(permissions.can_examine(user, application))
    cleaned = clean_notes(notes)
    if not cleaned:
        raise ValidationError({"notes": _("Tuliskan sedikitnya satu catatan perbaikan.")})
    version = latest_version(application)
    apply_transition(
        application,
        "request_revision",
        actor=user,
        changes={"due_on": None},
        data={"blocks": sorted(cleaned)},
    )
    now = timezone.now()
    ReviewNote.objects.filter(version=version, sent_at__isnull=True).delete()
    ReviewNote.objects.bulk_create(
        ReviewNote(
            application=application,
            version=version,
            block=block,
            text=text,
            author=user,
            sent_at=now,
        )
        for block, text in cleaned.items()
    )
    emails.notify_revision_requested(
        application,
        [(block_heading(block), text) for block, text in cleaned.items()],
    )
    return application


RESOLUTION_FIELD = "resolution"


@transaction.atomic
def resolve_note(
    *, note: ReviewNote, user: User, resolution: str, seen_resolution: str | None = None
) -> ReviewNote:
    """On the next version the examiner marks an earlier note resolved or not;
    the applicant sees it. `seen_resolution` is the mark the page showed: if
    someone changed it since (another tab), the change is refused with who
    marked what, never written over unseen."""
    note = application_services.locked_note(note)
    rules.require(permissions.can_resolve_note(user, note))
    if resolution not in NoteResolution.values:
        raise ValidationError(
            {
                RESOLUTION_FIELD: _(
                    "Hasil tinjauan: pilih “Diterima pemeriksa” atau “Belum selesai”."
                )
            }
        )
    if seen_resolution is not None and seen_resolution != note.resolution:
        if note.resolution == resolution:
            return note  # already as asked: nothing to overwrite
        raise TransitionRefused(
            _(
                "Catatan ini baru saja ditandai “%(mark)s” oleh %(name)s (mungkin di tab "
                "lain). Muat ulang halaman untuk melihatnya, lalu ubah bila perlu."
            )
            % {
                "mark": NoteResolution(note.resolution).label
                if note.resolution
                else _("belum ditinjau"),
                "name": note.resolved_by or _("pengguna lain"),
            }
        )
    note.resolution, note.resolved_at, note.resolved_by = resolution, timezone.now(), user
    note.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    application_services.record_note_event(
        note, "note_resolution", actor=user, resolution=resolution
    )
    return note


def block_heading(key: str) -> str:
    return str(BLOCKS_BY_KEY[key].heading) if key in BLOCKS_BY_KEY else _("Lampiran")


def parse_day(value, field: str, label: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {field: _("%(label)s: tulis tanggal seperti 2026-11-24.") % {"label": label}}
        ) from None


@transaction.atomic
def record_consultation(
    *, application: Application, user: User, unit: str, question: str, asked_on
) -> Consultation:
    """An internal question to a subject-matter unit; the applicant never sees it."""
    rules.require(permissions.can_consult(user, application))
    errors = {}
    if not (unit or "").strip():
        errors["unit"] = _("Tuliskan unit/fungsi yang dikonsultasikan.")
    if not (question or "").strip():
        errors["question"] = _("Tuliskan pertanyaannya.")
    try:
        day = parse_day(asked_on, "asked_on", _("Tanggal ditanyakan")) or timezone.localdate()
    except ValidationError as invalid:
        errors |= {field: messages[0] for field, messages in invalid.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    consultation = Consultation.objects.create(
        application=application,
        unit=unit.strip()[:200],
        question=question.strip(),
        asked_on=day,
        created_by=user,
    )
    record_event(
        application,
        "consultation",
        actor=user,
        data={"consultation": consultation.pk, "unit": consultation.unit, "internal": True},
    )
    return consultation


@transaction.atomic
def answer_consultation(
    *, consultation: Consultation, user: User, answer: str, answered_on
) -> Consultation:
    rules.require(permissions.can_answer_consultation(user, consultation.application))
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Tuliskan jawaban unit.")})
    day = parse_day(answered_on, "answered_on", _("Tanggal dijawab")) or timezone.localdate()
    if day < consultation.asked_on:
        raise ValidationError(
            {"answered_on": _("Tanggal dijawab tidak boleh sebelum tanggal ditanyakan.")}
        )
    consultation.answer, consultation.answered_on = answer.strip(), day
    consultation.save(update_fields=["answer", "answered_on"])
    return consultation


@transaction.atomic
def propose(*, application: Application, user: User, verdict: str, text: str) -> Application:
    """Layak with suggestions (optional), or Tidak Layak with reasons (required)."""
    application = application_services.locked(application)
    rules.require(permissions.can_examine(user, application))
    text = (text or "").strip()
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Pilih Layak atau Tidak Layak.")})
    if verdict == Verdict.NOT_FEASIBLE and not text:
        raise ValidationError({"text": _("Tuliskan alasan kegiatan tidak layak.")})
    apply_transition(
        application,
        "propose",
        actor=user,
        note=text,
        changes={"proposed_verdict": verdict, "proposal_text": text, "proposed_by": user},
        data={"verdict": verdict},
    )
    emails.notify_awaiting_signature(application)
    return application


@transaction.atomic
def return_to_examiner(*, application: Application, user: User, note: str) -> Application:
    application = application_services.locked(application)
    rules.require(permissions.can_return(user, application))
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan alasan pengembalian.")})
    apply_transition(application, "return", actor=user, note=note.strip())
    emails.notify_returned(application, note.strip())
    return application


def sign(*, application: Application, user: User, letter_number: str = "") -> Application:
    """The signatory confirms the proposal: the letter is issued, a feasible
    activity is published to the catalog, and the applicant is told — all in
    this one transaction (the e-mail and the index job leave after commit).
    An office that numbers from its agenda gives the number as `letter_number`.
    If anything fails, up to the commit itself, the letter's PDF is removed too."""
    with atomic_removing_files_on_rollback():
        return _sign(application=application, user=user, letter_number=letter_number)


def _sign(*, application: Application, user: User, letter_number: str) -> Application:
    application = application_services.locked(application)
    rules.require(permissions.can_sign(user, application))
    profile = user.officer
    if not profile.nip:
        raise ValidationError(
            {"nip": _("NIP Anda belum tercatat; minta admin melengkapi profil petugas Anda.")}
        )
    now = timezone.now()
    agenda_number = clean_agenda_number(
        application.office, letter_number, year=timezone.localdate(now).year
    )
    event = apply_transition(
        application,
        "sign",
        actor=user,
        target=application.proposed_verdict,
        changes={"decided_at": now},
    )
    letter = issue_letter(application, signatory=user, now=now, agenda_number=agenda_number)
    event.data = {"letter": letter.number, "verdict": letter.verdict}
    event.save(update_fields=["data"])
    if letter.verdict == Verdict.FEASIBLE:
        publish_activity(application, letter)
    emails.notify_decision(application, letter)
    return application


@transaction.atomic
def walidata_confirm(*, application: Application, user: User, note: str = "") -> Application:
    """The region's walidata confirms a submission: it enters the office queue and
    its service working days start today (or once BPS confirms a proposed agency)."""
    application = application_services.locked(application)
    rules.require(application_permissions.can_walidata_confirm(user, application))
    changes, data = {}, {}
    if application.agency.is_confirmed:
        target = S.SUBMITTED
        changes = application_services.clock_fields(application, recorded_on=timezone.localdate())
        data = application_services.clock_data(application, changes)
    else:
        target = S.AWAITING_AGENCY
    apply_transition(
        application,
        "walidata_confirm",
        actor=user,
        target=target,
        changes=changes,
        note=(note or "").strip()[:2000],
        data=data,
    )
    if application.due_on:
        application_emails.notify_receipt(application)
    application_services.alert_if_unattended(application)
    return application


WALIDATA_NOTES_FIELD = "notes"


@transaction.atomic
def walidata_return(*, application: Application, user: User, notes: str) -> Application:
    """The region's walidata sends the submission back to its agency with notes
    (required): the agency edits the design and sends it to the walidata again.
    No clock runs: the office has not received it."""
    application = application_services.locked(application)
    rules.require(application_permissions.can_walidata_return(user, application))
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError(
            {
                WALIDATA_NOTES_FIELD: _(
                    "Catatan untuk instansi wajib diisi: tuliskan apa yang perlu diperbaiki "
                    "sebelum rancangan diajukan kembali."
                )
            }
        )
    notes = notes[:5000]
    apply_transition(application, "walidata_return", actor=user, note=notes)
    application_emails.notify_walidata_returned(application, notes)
    return application


@transaction.atomic
def register_offline(*, agency: Agency, user: User, email: str = "") -> Application:
    """A walk-in: the examiner records the paper FRKSS for a confirmed agency
    served by their office; it then follows the same path as an online one.
    Its mail goes to the agency's address, so one must be known: `email`, when
    given, becomes the agency's address."""
    answer = permissions.can_register_offline(user, agency)
    if not answer and not answer.forbidden:
        raise ValidationError({"agency": answer.reason})
    rules.require(answer)
    return received_at_counter(agency=agency, user=user, email=email)


@transaction.atomic
def register_offline_with_new_agency(
    *, user: User, agency_fields: Mapping, email: str = ""
) -> Application:
    """A walk-in from an agency BPS does not know yet: the examiner adds it as a
    proposed agency (confirmed later like any other; until then the submission
    waits for it) and records the application against it, in one transaction."""
    agency = organisation_services.propose_agency_at_counter(officer=user, fields=agency_fields)
    rules.require(permissions.can_register_offline_for_new_agency(user, agency))
    return received_at_counter(agency=agency, user=user, email=email)


def received_at_counter(*, agency: Agency, user: User, email: str) -> Application:
    """The walk-in's draft, with its reference number at once: the visitor leaves
    the counter with the number they follow it up by (see `walk_in_receipt`)."""
    email = email.strip().lower()
    if not email and not agency.email:
        raise ValidationError(
            {
                "email": _(
                    "Instansi ini belum punya e-mail tercatat. Isi e-mail instansi: tanda "
                    "terima dan surat dikirim ke alamat itu."
                )
            }
        )
    if email and email != agency.email:
        Agency.objects.filter(pk=agency.pk).update(email=email)
        agency.email = email
    application = application_services.new_application(
        agency=agency, user=user, channel=Channel.OFFLINE
    )
    application.reference = application_services.new_reference(
        office=application.office, today=timezone.localdate()
    )
    application.save(update_fields=["reference"])
    return application


@transaction.atomic
def confirm_agency(*, agency: Agency, officer: User) -> Agency:
    """Confirm a proposed agency (and its first member), then release its
    applications that waited for it: one transaction, so either both or neither."""
    agency = organisation_services.confirm_agency(agency=agency, officer=officer)
    application_services.release_waiting_applications(agency=agency, actor=officer)
    return agency
