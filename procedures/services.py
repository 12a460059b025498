"""State-changing operations of the procedures app. Each is the only way to make its change."""

import hashlib
from collections.abc import Iterable, Mapping

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar
from .design import ATTACHMENTS_KEY, Problem, applicable_blocks, block_problems, is_survey
from .models import (
    Agency,
    AgencyLevel,
    ApplicantProfile,
    Application,
    ApplicationEvent,
    ApplicationVersion,
    Attachment,
    AttachmentKind,
    Channel,
    Counter,
    Office,
    User,
)
from .models import ApplicationState as S
from .notifications import notify_receipt
from .orphans import atomic_removing_files_on_rollback, remember_written_file
from .roles import Role, has_role
from .selectors import current_attachments
from .uploads import inspect_attachment
from .workflow import TransitionRefused, allowed, apply_transition

NATIONAL_REGION = "0000"

OFFICE_FIELDS = (
    "name",
    "level",
    "address",
    "postal_code",
    "phone",
    "email",
    "website",
    "head_name",
    "head_nip",
    "letter_number_template",
)


@transaction.atomic
def upsert_offices(*, records: Iterable[Mapping]) -> list[Office]:
    """Create or update offices by code. Parents are named by code and must come
    first or already exist. Every record is validated; any error rolls back all."""
    offices = []
    for record in records:
        office = Office.objects.filter(code=record["code"]).first() or Office(code=record["code"])
        for field in OFFICE_FIELDS:
            if field in record:
                setattr(office, field, record[field])
        parent_code = record.get("parent")
        office.parent = Office.objects.get(code=parent_code) if parent_code else None
        office.full_clean()
        office.save()
        offices.append(office)
    return offices


# --- Agencies and applicants -------------------------------------------------


def responsible_office(*, level: str, region_code: str) -> Office:
    """The BPS office that serves an agency: kabupaten/kota bodies → their
    kabupaten/kota office, provincial bodies → the provincial office, central
    bodies → BPS RI. An OPD belongs to its region's level. A missing office falls
    back to the one above it."""
    if level == AgencyLevel.CENTRAL or region_code == NATIONAL_REGION:
        candidates = [NATIONAL_REGION]
    elif level == AgencyLevel.PROVINCE or region_code.endswith("00"):
        candidates = [f"{region_code[:2]}00", NATIONAL_REGION]
    else:
        candidates = [region_code, f"{region_code[:2]}00", NATIONAL_REGION]
    offices = Office.objects.in_bulk(candidates, field_name="code")
    for code in candidates:
        if code in offices:
            return offices[code]
    raise ValidationError(
        {"region_code": _("Belum ada kantor BPS untuk wilayah ini. Hubungi BPS terdekat.")}
    )


@transaction.atomic
def propose_agency(*, user: User, fields: Mapping, position: str = "", phone: str = "") -> Agency:
    """A new agency proposed by an applicant, who joins it at once. It waits for
    an officer's confirmation before its applications reach an office queue."""
    agency = Agency(**fields, proposed_by=user)
    agency.office = responsible_office(level=agency.level, region_code=agency.region_code)
    agency.full_clean()
    agency.save()
    join_agency(user=user, agency=agency, position=position, phone=phone)
    return agency


def join_agency(*, user: User, agency: Agency, position: str = "", phone: str = "") -> None:
    """Attach an applicant to an agency. An applicant with applications keeps
    their agency: moving would carry other people's files with them."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    if (
        profile
        and profile.agency_id != agency.pk
        and Application.objects.filter(created_by=user).exists()
    ):
        raise ValidationError(
            _("Akun ini sudah mengajukan atas nama %(agency)s; instansinya tidak dapat diganti.")
            % {"agency": profile.agency}
        )
    ApplicantProfile.objects.update_or_create(
        user=user, defaults={"agency": agency, "position": position, "phone": phone}
    )


@transaction.atomic
def confirm_agency(*, agency: Agency, officer: User) -> Agency:
    """An officer confirms a proposed agency. Its applications already submitted
    reach the queue now, and their clock starts today."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.is_confirmed:
        return agency
    agency.confirmed_at, agency.confirmed_by = timezone.now(), officer
    agency.save(update_fields=["confirmed_at", "confirmed_by"])
    today = timezone.localdate()
    waiting = agency.applications.filter(
        state=S.SUBMITTED, due_on__isnull=True, walidata_pending=False
    )
    for application in waiting:
        start_clock(application, recorded_on=today)
        ApplicationEvent.objects.create(
            application=application,
            kind="agency_confirmed",
            actor=officer,
            data={"due_on": application.due_on.isoformat()},
        )
        notify_receipt(application)
    return agency


def agency_of(user: User) -> Agency | None:
    profile = getattr(user, "applicant", None) if user.is_authenticated else None
    return profile.agency if profile else None


def has_verified_email(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


# --- Applications: drafts ------------------------------------------------------

EDITABLE_STATES = frozenset({S.DRAFT, S.REVISION_REQUESTED})


def is_officer_of(user: User, office_id: int, role: str) -> bool:
    """The user works in that office and holds that role there."""
    profile = getattr(user, "officer", None) if user.is_authenticated else None
    return profile is not None and profile.office_id == office_id and has_role(user, role)


def ensure_applicant_of(application: Application, user: User) -> None:
    """Who writes and submits the design: the agency's applicants, or for a
    walk-in (offline) application, an examiner of the office that registered it."""
    if application.channel == Channel.OFFLINE and is_officer_of(
        user, application.office_id, Role.EXAMINER
    ):
        return
    if agency_of(user) is None or agency_of(user).pk != application.agency_id:
        raise PermissionDenied(_("Pengajuan ini milik instansi lain."))


def ensure_editable(application: Application) -> None:
    if application.state not in EDITABLE_STATES:
        raise TransitionRefused(
            _("Rancangan berstatus “%(state)s” tidak dapat diubah.")
            % {"state": application.state_label}
        )


@transaction.atomic
def create_application(*, user: User, channel: str = Channel.ONLINE) -> Application:
    agency = agency_of(user)
    if agency is None:
        raise ValidationError(_("Pilih atau usulkan instansi Anda terlebih dahulu."))
    return new_application(agency=agency, user=user, channel=channel)


def new_application(*, agency: Agency, user: User, channel: str) -> Application:
    application = Application.objects.create(
        agency=agency,
        office=agency.office,
        created_by=user,
        channel=channel,
        design={
            "penyelenggara": {
                "organizer_unit": agency.name,
                "address": agency.address,
                "phone": agency.phone,
                "email": agency.email,
            }
        },
    )
    ApplicationEvent.objects.create(
        application=application, kind="created", to_state=application.state, actor=user
    )
    return application


@transaction.atomic
def save_design_block(
    *, application: Application, user: User, block_key: str, values: dict
) -> Application:
    """Store one block of the working design (draft values: checked for format only)."""
    ensure_applicant_of(application, user)
    application = Application.objects.select_for_update().get(pk=application.pk)
    ensure_editable(application)
    design = dict(application.design)
    design[block_key] = values
    application.design = design
    if block_key == "kegiatan":
        application.title = values.get("title") or ""
    application.save(update_fields=["design", "title", "updated_at"])
    return application


def add_attachment(*, application: Application, user: User, kind: str, upload) -> Attachment:
    """Store a file after checking its content (PDF or office document, ≤ 10 MB).
    If the transaction rolls back (here, or in a guarded caller), the file goes too."""
    with atomic_removing_files_on_rollback():
        ensure_applicant_of(application, user)
        ensure_editable(application)
        detected = inspect_attachment(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            application=application,
            kind=kind,
            original_name=upload.name[-255:],
            extension=detected.extension,
            content_type=detected.content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=user,
        )
        attachment.full_clean(exclude=["file"])
        attachment.file.save(f"berkas.{detected.extension}", upload, save=False)
        remember_written_file(attachment.file.storage, attachment.file.name)
        attachment.save()
        ApplicationEvent.objects.create(
            application=application,
            kind="attachment_added",
            actor=user,
            data={"attachment": attachment.pk, "name": attachment.original_name, "kind": kind},
        )
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, user: User) -> None:
    """Take a file out of the working design. The file stays for frozen versions."""
    application = attachment.application
    ensure_applicant_of(application, user)
    ensure_editable(application)
    Attachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
        removed_at=timezone.now()
    )
    ApplicationEvent.objects.create(
        application=application,
        kind="attachment_removed",
        actor=user,
        data={"attachment": attachment.pk, "name": attachment.original_name},
    )


# --- Submission -----------------------------------------------------------------


def attachment_problems(application: Application) -> list[Problem]:
    """A survey needs its questionnaire among the current attachments."""
    kinds = set(current_attachments(application).values_list("kind", flat=True))
    if is_survey(application.design or {}) and AttachmentKind.QUESTIONNAIRE not in kinds:
        return [
            Problem(
                ATTACHMENTS_KEY,
                "kind",
                str(_("Kuesioner")),
                str(_("Unggah kuesioner: wajib untuk kegiatan survei.")),
            )
        ]
    return []


def submission_problems(application: Application) -> list[Problem]:
    """Exactly what is missing or wrong before the design can be submitted."""
    design = application.design or {}
    problems = []
    for block in applicable_blocks(design):
        problems += block_problems(block, design)
    return problems + attachment_problems(application)


def clock_fields(application: Application, *, recorded_on) -> dict:
    """The complete form is recorded: the result is due 30 working days later."""
    return {
        "recorded_on": recorded_on,
        "due_on": calendar.due_date(office=application.office, recorded_on=recorded_on),
    }


def start_clock(application: Application, *, recorded_on) -> None:
    fields = clock_fields(application, recorded_on=recorded_on)
    Application.objects.filter(pk=application.pk).update(**fields)
    for name, value in fields.items():
        setattr(application, name, value)


def next_in_sequence(*, office: Office, kind: str, year: int) -> int:
    """The next number of a yearly per-office sequence; never reused, no gaps.
    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until
    the surrounding transaction ends."""
    counter, _created = Counter.objects.get_or_create(office=office, kind=kind, year=year)
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(pk=counter.pk)


def submit(*, application: Application, user: User) -> Application:
    """Ajukan: freeze the complete design as a new version, give it a reference
    number and start the clock. Also resubmission after a revision request."""
    ensure_applicant_of(application, user)
    if not has_verified_email(user):
        raise TransitionRefused(
            _("Verifikasi alamat e-mail Anda dahulu: buka tautan di e-mail yang kami kirim.")
        )
    name = "resubmit" if application.state == S.REVISION_REQUESTED else "submit"
    if not allowed(application, name):
        raise TransitionRefused(
            _("Pengajuan berstatus “%(state)s” tidak dapat diajukan.")
            % {"state": application.state_label}
        )
    problems = submission_problems(application)
    if problems:
        raise IncompleteDesign(problems)
    now = timezone.now()
    today = timezone.localdate(now)  # the office's date: the year turns in Jakarta, not UTC
    with transaction.atomic():
        changes = {}
        if not application.reference:
            seq = next_in_sequence(office=application.office, kind="reference", year=today.year)
            changes["reference"] = f"REK-{application.office.code}-{today.year}-{seq:05d}"
        # The walidata checks a design once; a revision answers BPS's own notes.
        changes["walidata_pending"] = name == "submit" and needs_walidata(application)
        if application.agency.is_confirmed and not changes["walidata_pending"]:
            changes |= clock_fields(application, recorded_on=today)
        else:
            # The clock starts when an officer confirms the proposed agency, or
            # when the region's walidata confirms the submission.
            changes["recorded_on"] = changes["due_on"] = None
        # The transition first: it holds the row, so a concurrent submit fails here.
        event = apply_transition(application, name, actor=user, changes=changes)
        number = application.versions.count() + 1
        version = ApplicationVersion.objects.create(
            application=application,
            number=number,
            design=application.design,
            submitted_by=user,
            submitted_at=now,
        )
        version.attachments.set(current_attachments(application))
        event.data = {
            "version": number,
            "due_on": application.due_on.isoformat() if application.due_on else None,
        }
        event.save(update_fields=["data"])
        if application.due_on:
            notify_receipt(application)
    return application


REGIONAL_LEVELS = frozenset({AgencyLevel.PROVINCE, AgencyLevel.REGENCY, AgencyLevel.OPD})


def needs_walidata(application: Application) -> bool:
    """Regional agencies' submissions wait for their walidata where the office asks for it."""
    return application.office.walidata_required and application.agency.level in REGIONAL_LEVELS


class IncompleteDesign(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@transaction.atomic
def withdraw(*, application: Application, user: User, reason: str) -> Application:
    ensure_applicant_of(application, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan.")})
    apply_transition(application, "withdraw", actor=user, note=reason[:2000])
    return application
