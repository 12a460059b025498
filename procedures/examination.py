"""The office's side of the procedure (steps 6–11 of the service standard):
taking and assigning work, notes per block, consultations, revision requests,
proposals, sign-off with the two-person rule, the letter, publication to the
catalog, walidata checks and walk-in applications. Each function is the only
way to make its change; roles are checked here, not in views."""

import datetime
import hashlib
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.publishing import publish

from . import notifications, permissions, services
from .design import BLOCKS_BY_KEY, design_value
from .letters import LetterContent, render_letter
from .models import (
    CLOCK_STATES,
    Agency,
    Application,
    ApplicationEvent,
    Channel,
    Consultation,
    Letter,
    ReviewNote,
    User,
    Verdict,
)
from .models import ApplicationState as S
from .roles import Role
from .selectors import latest_version, remaining_working_days
from .workflow import apply_transition

# --- Taking and assigning -------------------------------------------------------


@transaction.atomic
def take(*, application: Application, user: User) -> Application:
    application = services.locked(application)
    permissions.require(permissions.can_take(user, application))
    apply_transition(application, "take", actor=user, changes={"examiner": user})
    return application


@transaction.atomic
def assign(*, application: Application, user: User, examiner: User) -> Application:
    """A signatory or the office admin gives the application to an examiner:
    from the queue (the take transition) or from another examiner."""
    application = services.locked(application)
    permissions.require(permissions.can_assign(user, application))
    if not permissions.is_officer_of(examiner, application.office_id, Role.EXAMINER):
        raise ValidationError({"examiner": _("Pilih pemeriksa dari kantor ini.")})
    data = {"examiner": examiner.pk, "examiner_name": str(examiner)}
    name = "take" if application.state == S.SUBMITTED else "assign"
    apply_transition(application, name, actor=user, changes={"examiner": examiner}, data=data)
    return application


# --- Notes, consultations, revision ---------------------------------------------


def clean_notes(notes: Mapping[str, str]) -> dict[str, str]:
    unknown = [key for key in notes if key not in BLOCKS_BY_KEY and key != "lampiran"]
    if unknown:
        raise ValidationError({"notes": _("Blok tidak dikenal: %s") % ", ".join(unknown)})
    return {key: text.strip()[:5000] for key, text in notes.items() if text and text.strip()}


@transaction.atomic
def save_notes(*, application: Application, user: User, notes: Mapping[str, str]) -> None:
    """Keep the examiner's notes on the current version as drafts (the applicant
    does not see them yet). An emptied block removes its draft."""
    permissions.require(permissions.can_examine(user, application))
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
    application = services.locked(application)
    permissions.require(permissions.can_examine(user, application))
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
    notifications.notify_revision_requested(
        application,
        [(block_heading(block), text) for block, text in cleaned.items()],
    )
    return application


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
    permissions.require(permissions.can_consult(user, application))
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
    ApplicationEvent.objects.create(
        application=application,
        kind="consultation",
        actor=user,
        data={"consultation": consultation.pk, "unit": consultation.unit, "internal": True},
    )
    return consultation


@transaction.atomic
def answer_consultation(
    *, consultation: Consultation, user: User, answer: str, answered_on
) -> Consultation:
    permissions.require(permissions.can_answer_consultation(user, consultation.application))
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


# --- Proposal and sign-off ------------------------------------------------------


@transaction.atomic
def propose(*, application: Application, user: User, verdict: str, text: str) -> Application:
    """Layak with suggestions (optional), or Tidak Layak with reasons (required)."""
    application = services.locked(application)
    permissions.require(permissions.can_examine(user, application))
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
    notifications.notify_awaiting_signature(application)
    return application


@transaction.atomic
def return_to_examiner(*, application: Application, user: User, note: str) -> Application:
    application = services.locked(application)
    permissions.require(permissions.can_return(user, application))
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan alasan pengembalian.")})
    apply_transition(application, "return", actor=user, note=note.strip())
    notifications.notify_returned(application, note.strip())
    return application


@transaction.atomic
def sign(*, application: Application, user: User) -> Application:
    """The signatory confirms the proposal: the letter is issued, a feasible
    activity is published to the catalog, and the applicant is told — all in
    this one transaction (the e-mail and the index job leave after commit)."""
    application = services.locked(application)
    permissions.require(permissions.can_sign(user, application))
    profile = user.officer
    if not profile.nip:
        raise ValidationError(
            {"nip": _("NIP Anda belum tercatat; minta admin melengkapi profil petugas Anda.")}
        )
    now = timezone.now()
    event = apply_transition(
        application,
        "sign",
        actor=user,
        target=application.proposed_verdict,
        changes={"decided_at": now},
    )
    letter = issue_letter(application, signatory=user, now=now)
    try:
        event.data = {"letter": letter.number, "verdict": letter.verdict}
        event.save(update_fields=["data"])
        if letter.verdict == Verdict.FEASIBLE:
            publish_activity(application, letter)
        notifications.notify_decision(application, letter)
    except Exception:
        # The transaction rolls back; the file written for it must not stay behind.
        letter.file.storage.delete(letter.file.name)
        raise
    return application


# --- The letter -------------------------------------------------------------------


def letter_number(office, *, sequence: int, year: int) -> str:
    return office.letter_number_template.format(seq=sequence, unit_code=office.unit_code, year=year)


def issue_letter(application: Application, *, signatory: User, now: datetime.datetime) -> Letter:
    """Number, render and store the letter once. The number comes from the
    office's gap-free yearly sequence inside the signing transaction."""
    office = application.office
    issued_on = timezone.localdate(now)
    sequence = services.next_in_sequence(office=office, kind="letter", year=issued_on.year)
    code = secrets.token_hex(10)
    profile = signatory.officer
    letter = Letter(
        application=application,
        office=office,
        number=letter_number(office, sequence=sequence, year=issued_on.year),
        year=issued_on.year,
        sequence=sequence,
        issued_on=issued_on,
        verdict=application.proposed_verdict,
        text=application.proposal_text,
        signatory=signatory,
        signatory_name=signatory.get_full_name() or signatory.email,
        signatory_nip=profile.nip,
        verification_code=code,
    )
    pdf = render_letter(letter_content(application, letter, position=profile.position))
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.file.save(f"{code}.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter


def verification_url(letter: Letter) -> str:
    return notifications.absolute_url(reverse("verify_letter", args=[letter.verification_code]))


def letter_content(application: Application, letter: Letter, *, position: str) -> LetterContent:
    office, agency = application.office, application.agency
    place = office.name.split("Kabupaten")[-1].split("Kota")[-1].split("Provinsi")[-1].strip()
    return LetterContent(
        office_name=office.name,
        office_address=" ".join(filter(None, [office.address, office.postal_code])),
        office_phone=office.phone,
        office_email=office.email,
        office_website=office.website,
        place=place or "Jakarta",
        number=letter.number,
        issued_on=letter.issued_on,
        addressee=f"Pimpinan {agency.name}",
        addressee_address=agency.address,
        title=application.title,
        year=int(design_value(application.design, "kegiatan", "year") or letter.year),
        reference=application.reference,
        verdict=letter.verdict,
        text=letter.text,
        signatory_name=letter.signatory_name,
        signatory_nip=letter.signatory_nip,
        signatory_position=position or f"Kepala {office.name}",
        verification_url=verification_url(letter),
    )


# --- Publication ------------------------------------------------------------------


def publish_activity(application: Application, letter: Letter):
    """The feasible activity enters the public catalog under its letter number."""
    design = latest_version(application).design
    kegiatan = design.get("kegiatan", {})
    desain = design.get("desain", {})
    perencanaan = design.get("perencanaan", {})
    coverage = (desain.get("coverage_areas") if desain.get("coverage") == "sebagian" else "") or _(
        "Seluruh Indonesia"
    )
    return publish(
        recommendation_number=letter.number,
        title=kegiatan.get("title") or application.title,
        year=int(kegiatan.get("year") or letter.year),
        agency=application.agency.name,
        office_code=application.office.code,
        office_name=application.office.name,
        method=kegiatan.get("collection_way", ""),
        frequency=desain.get("frequency") if desain.get("repetition") == "berulang" else "sekali",
        sector=kegiatan.get("sector", ""),
        decided_on=letter.issued_on,
        coverage=coverage,
        objective=perencanaan.get("objectives", ""),
        variables=[
            row.get("name", "") for row in perencanaan.get("variables", []) if row.get("name")
        ],
        collection_start=as_date(perencanaan.get("schedule_3_start")),
        collection_end=as_date(perencanaan.get("schedule_3_end")),
        # Relative: the catalog serves it under whatever host it runs on.
        verification_url=reverse("verify_letter", args=[letter.verification_code]),
    )


def as_date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- Walidata and walk-in applications -------------------------------------------


@transaction.atomic
def walidata_confirm(*, application: Application, user: User, note: str = "") -> Application:
    """The region's walidata confirms a submission: it enters the office queue and
    its 30 working days start today (or once BPS confirms a proposed agency)."""
    application = services.locked(application)
    permissions.require(permissions.can_walidata_confirm(user, application))
    changes, data = {}, {}
    if application.agency.is_confirmed:
        target = S.SUBMITTED
        changes = services.clock_fields(application, recorded_on=timezone.localdate())
        data["due_on"] = changes["due_on"].isoformat()
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
        notifications.notify_receipt(application)
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
    permissions.require(answer)
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
    return services.new_application(agency=agency, user=user, channel=Channel.OFFLINE)


# --- Reminders --------------------------------------------------------------------

REMINDER_DAYS = (5, 0)


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Queue the reminders due today: 5 working days before the due date and on
    it. Each is keyed, so running this often sends each reminder once."""
    today = today or timezone.localdate()
    queued = 0
    running = Application.objects.filter(state__in=CLOCK_STATES, due_on__gte=today).select_related(
        "office", "agency", "examiner"
    )
    for application in running:
        days_left = remaining_working_days(application, today=today)
        if days_left in REMINDER_DAYS:
            with transaction.atomic():
                if notifications.queue_reminder(application, days_left=days_left):
                    queued += 1
    return queued
