"""The office's side of the procedure (steps 6–11 of the service standard):
taking and assigning work, notes per block, consultations, revision requests,
proposals, sign-off with the two-person rule, the letter, publication to the
catalog, walidata checks and walk-in applications. Each function is the only
way to make its change; who may act is asked of `permissions`, not of views."""

import datetime
import hashlib
import re
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ActivityRecord
from catalog.publishing import PublicationConflict, publish

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
    Counter,
    Letter,
    LetterNumbering,
    ReviewNote,
    User,
    Verdict,
)
from .models import ApplicationState as S
from .orphans import atomic_removing_files_on_rollback, remember_written_file
from .roles import Role
from .selectors import latest_version, remaining_working_days
from .workflow import TransitionRefused, apply_transition

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


def sign(*, application: Application, user: User, letter_number: str = "") -> Application:
    """The signatory confirms the proposal: the letter is issued, a feasible
    activity is published to the catalog, and the applicant is told — all in
    this one transaction (the e-mail and the index job leave after commit).
    An office that numbers from its agenda gives the number as `letter_number`.
    If anything fails, up to the commit itself, the letter's PDF is removed too."""
    with atomic_removing_files_on_rollback():
        return _sign(application=application, user=user, letter_number=letter_number)


def _sign(*, application: Application, user: User, letter_number: str) -> Application:
    application = services.locked(application)
    permissions.require(permissions.can_sign(user, application))
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
    notifications.notify_decision(application, letter)
    return application


# --- The letter -------------------------------------------------------------------


def letter_number(office, *, sequence: int, year: int) -> str:
    return office.letter_number_template.format(seq=sequence, unit_code=office.unit_code, year=year)


# A BPS outgoing-letter number as offices' agendas (often the national e-office)
# give it: classification letter(s), agenda sequence, the office's five-digit
# work-unit code, a filing code, an optional month and the year —
# B-123/33040/KS.000/2026 or B-123/33040/KS.000/11/2026.
AGENDA_NUMBER = re.compile(
    r"(?P<kind>[A-Z]{1,3})-(?P<sequence>\d{1,6})/(?P<unit_code>\d{5})"
    r"/(?P<filing_code>[A-Z]{2,3}(?:\.\d{1,3}){0,3})"
    r"(?:/(?P<month>0?[1-9]|1[0-2]))?/(?P<year>\d{4})"
)
LETTER_NUMBER_FIELD = "letter_number"


def letter_number_error(message: str) -> ValidationError:
    return ValidationError(
        {LETTER_NUMBER_FIELD: _("Nomor surat: %(message)s") % {"message": message}}
    )


def clean_agenda_number(office, value: str, *, year: int) -> str | None:
    """The agenda number typed at signing, checked for form (None for an office
    that numbers automatically). Uniqueness is checked in `issue_letter`,
    under the office's counter lock."""
    typed = "".join((value or "").split()).upper()
    if office.letter_numbering != LetterNumbering.AGENDA:
        if typed:
            raise letter_number_error(
                _("kantor ini memberi nomor surat otomatis; kosongkan isian nomor surat.")
            )
        return None
    if not typed:
        raise letter_number_error(
            _("wajib diisi dengan nomor dari agenda surat keluar kantor, misalnya %(example)s.")
            % {"example": f"B-123/{office.unit_code}/KS.000/{year}"}
        )
    match = AGENDA_NUMBER.fullmatch(typed)
    if match is None:
        raise letter_number_error(
            _(
                "bentuk “%(value)s” tidak dikenali; tulis seperti %(example)s atau, dengan "
                "bulan, %(example_month)s."
            )
            % {
                "value": typed[:100],
                "example": f"B-123/{office.unit_code}/KS.000/{year}",
                "example_month": f"B-123/{office.unit_code}/KS.000/11/{year}",
            }
        )
    if match["unit_code"] != office.unit_code:
        raise letter_number_error(
            _("kode satuan kerja harus %(expected)s (kantor ini), bukan %(given)s.")
            % {"expected": office.unit_code, "given": match["unit_code"]}
        )
    if int(match["year"]) != year:
        raise letter_number_error(
            _("tahunnya harus %(year)d, tahun surat ini ditandatangani.") % {"year": year}
        )
    return typed


def taken_by(number: str) -> str | None:
    """Who already carries `number`: a letter, the catalog (imports included), or nobody."""
    if Letter.objects.filter(number__iexact=number).exists():
        return "letter"
    if ActivityRecord.objects.filter(recommendation_number__iexact=number).exists():
        return "catalog"
    return None


def ensure_letter_number_free(number: str) -> None:
    holder = taken_by(number)
    if holder == "letter":
        raise letter_number_error(
            _("%(number)s sudah dipakai surat rekomendasi lain.") % {"number": number}
        )
    if holder == "catalog":
        raise letter_number_error(
            _("%(number)s sudah ada di katalog kegiatan terekomendasi.") % {"number": number}
        )


def highest_taken_sequence(office, *, year: int) -> int:
    """The highest sequence among numbers already written in the office's
    template for `year`, in letters or in the catalog (imports included)."""
    marker = "\x00"
    pieces = office.letter_number_template.format(
        seq=marker, unit_code=office.unit_code, year=year
    ).split(marker)
    if len(pieces) < 2:  # no {seq}: Office.clean refuses such a template
        return 0
    pattern = re.compile(
        re.escape(pieces[0])
        + r"(?P<seq>\d+)"
        + "".join(re.escape(piece) + "(?P=seq)" for piece in pieces[1:-1])
        + re.escape(pieces[-1]),
        re.IGNORECASE,
    )
    prefix, suffix = pieces[0], pieces[-1]
    numbers = [
        *ActivityRecord.objects.filter(
            recommendation_number__istartswith=prefix, recommendation_number__iendswith=suffix
        ).values_list("recommendation_number", flat=True),
        *Letter.objects.filter(number__istartswith=prefix, number__iendswith=suffix).values_list(
            "number", flat=True
        ),
    ]
    return max(
        (int(match["seq"]) for number in numbers if (match := pattern.fullmatch(number))),
        default=0,
    )


def next_free_letter_number(office, *, year: int) -> tuple[int, str]:
    """The office's next automatic letter number: after the highest one already
    taken, so it never repeats a letter or a catalog record. The counter's row
    lock (held until the signing commits) keeps concurrent signings gap-free."""
    sequence = services.next_in_sequence(office=office, kind="letter", year=year)
    highest = highest_taken_sequence(office, year=year)
    if sequence <= highest:
        sequence = highest + 1
        Counter.objects.filter(office=office, kind="letter", year=year).update(value=sequence)
    number = letter_number(office, sequence=sequence, year=year)
    while taken_by(number):  # written otherwise than the template (e.g. 007)
        sequence = services.next_in_sequence(office=office, kind="letter", year=year)
        number = letter_number(office, sequence=sequence, year=year)
    return sequence, number


def issue_letter(
    application: Application,
    *,
    signatory: User,
    now: datetime.datetime,
    agenda_number: str | None = None,
) -> Letter:
    """Number, render and store the letter once, inside the signing transaction.
    The number is the office's next free automatic one, or `agenda_number`
    (already checked for form) for an office that numbers from its agenda."""
    office = application.office
    issued_on = timezone.localdate(now)
    if agenda_number:
        # Rekomstat's own count of the year's letters (their sequence); taking
        # it also serialises the uniqueness check below with other signings.
        sequence = services.next_in_sequence(office=office, kind="letter", year=issued_on.year)
        ensure_letter_number_free(agenda_number)
        number = agenda_number
    else:
        sequence, number = next_free_letter_number(office, year=issued_on.year)
    code = secrets.token_hex(10)
    profile = signatory.officer
    letter = Letter(
        application=application,
        office=office,
        number=number,
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
    remember_written_file(letter.file.storage, letter.file.name)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        if Letter.objects.filter(number=number).exists():  # taken by a concurrent writer
            ensure_letter_number_free(number)
        raise
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
    """The feasible activity enters the public catalog under its letter number,
    linked to its application. A number held in the catalog by another
    application or an import refuses the signing (nothing is replaced)."""
    design = latest_version(application).design
    kegiatan = design.get("kegiatan", {})
    desain = design.get("desain", {})
    perencanaan = design.get("perencanaan", {})
    coverage = (desain.get("coverage_areas") if desain.get("coverage") == "sebagian" else "") or _(
        "Seluruh Indonesia"
    )
    try:
        return publish(
            recommendation_number=letter.number,
            source_application_id=application.pk,
            title=kegiatan.get("title") or application.title,
            year=int(kegiatan.get("year") or letter.year),
            agency=application.agency.name,
            office_code=application.office.code,
            office_name=application.office.name,
            method=kegiatan.get("collection_way", ""),
            frequency=desain.get("frequency")
            if desain.get("repetition") == "berulang"
            else "sekali",
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
    except PublicationConflict as conflict:
        raise TransitionRefused(conflict.message) from conflict


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
