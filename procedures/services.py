"""State-changing operations of the procedures app. Each is the only way to make its change."""

import hashlib
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar, notifications, permissions
from .design import ATTACHMENTS_KEY, Problem, applicable_blocks, block_problems, is_survey
from .models import (
    Agency,
    AgencyEvent,
    AgencyLevel,
    ApplicantProfile,
    Application,
    ApplicationEvent,
    ApplicationVersion,
    Attachment,
    AttachmentKind,
    Channel,
    Counter,
    MembershipRequest,
    MembershipState,
    Office,
    User,
)
from .models import ApplicationState as S
from .notifications import notify_receipt
from .orphans import atomic_removing_files_on_rollback, remember_written_file
from .selectors import current_attachments
from .uploads import inspect_attachment
from .workflow import TransitionRefused, apply_transition

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


# --- Agencies and their members ---------------------------------------------------
# Membership is granted, never claimed: a verified account asks, an active member
# of the agency or an officer of its BPS office decides. Every step is an
# AgencyEvent. Applications belong to the agency, so they stay with it whoever
# leaves or moves.


def record_agency_event(agency: Agency, kind: str, *, member=None, actor=None, note=""):
    return AgencyEvent.objects.create(
        agency=agency, kind=kind, member=member, actor=actor, note=note[:2000]
    )


def move_member(*, user: User, agency: Agency, actor, position: str = "", phone: str = ""):
    """Make `user` a member of `agency`, leaving any other agency."""
    previous = ApplicantProfile.objects.select_related("agency").filter(user=user).first()
    if previous and previous.agency_id != agency.pk:
        record_agency_event(
            previous.agency,
            "membership_left",
            member=user,
            actor=actor,
            note=_("Pindah ke %(agency)s") % {"agency": agency},
        )
    ApplicantProfile.objects.update_or_create(
        user=user, defaults={"agency": agency, "position": position, "phone": phone}
    )
    user.__dict__.pop("applicant", None)


@transaction.atomic
def add_member(*, user: User, agency: Agency, actor=None, position="", phone="") -> None:
    """Grant membership outright: the seed, the tests' fixtures and the Django
    admin (whose user is the actor). The site's screens go through a request."""
    move_member(user=user, agency=agency, actor=actor, position=position, phone=phone)
    record_agency_event(agency, "membership_granted", member=user, actor=actor)


@transaction.atomic
def propose_agency(*, user: User, fields: Mapping, position: str = "", phone: str = "") -> Agency:
    """A new agency proposed by a verified account, which becomes its first
    member; both are confirmed together by an officer. Until then the agency's
    submissions wait (state awaiting_agency)."""
    permissions.require(permissions.can_choose_agency(user))
    agency = Agency(**fields, proposed_by=user)
    agency.office = responsible_office(level=agency.level, region_code=agency.region_code)
    agency.full_clean()
    agency.save()
    record_agency_event(agency, "agency_proposed", member=user, actor=user)
    move_member(user=user, agency=agency, actor=user, position=position, phone=phone)
    MembershipRequest.objects.filter(user=user, state=MembershipState.PENDING).update(
        state=MembershipState.CANCELLED, decided_at=timezone.now()
    )
    notifications.notify_agency_proposed(agency, proposer=user)
    return agency


@transaction.atomic
def request_membership(
    *, user: User, agency: Agency, position: str = "", phone: str = ""
) -> MembershipRequest:
    """Ask to join a confirmed agency. The account sees nothing of it until a
    member or an officer approves; a newer request replaces a pending one."""
    permissions.require(permissions.can_request_membership(user, agency))
    MembershipRequest.objects.filter(user=user, state=MembershipState.PENDING).update(
        state=MembershipState.CANCELLED, decided_at=timezone.now()
    )
    request = MembershipRequest.objects.create(
        user=user, agency=agency, position=position, phone=phone
    )
    record_agency_event(agency, "membership_requested", member=user, actor=user)
    notifications.notify_membership_requested(request)
    return request


@transaction.atomic
def decide_membership(
    *, request: MembershipRequest, user: User, approve: bool, note: str = ""
) -> MembershipRequest:
    """Approve or refuse a request; the requester is told by e-mail."""
    request = (
        MembershipRequest.objects.select_for_update()
        .select_related("agency", "user")
        .get(pk=request.pk)
    )
    permissions.require(permissions.can_decide_membership(user, request))
    note = (note or "").strip()
    request.state = MembershipState.APPROVED if approve else MembershipState.REFUSED
    request.decided_at, request.decided_by, request.note = timezone.now(), user, note
    request.save(update_fields=["state", "decided_at", "decided_by", "note"])
    if approve:
        move_member(
            user=request.user,
            agency=request.agency,
            actor=user,
            position=request.position,
            phone=request.phone,
        )
    kind = "membership_granted" if approve else "membership_refused"
    record_agency_event(request.agency, kind, member=request.user, actor=user, note=note)
    notifications.notify_membership_decided(request)
    return request


@transaction.atomic
def remove_member(*, member: User, agency: Agency, user: User, note: str = "") -> None:
    """A member or an officer removes someone from the agency: access ends at
    once; the agency keeps every application."""
    permissions.require(permissions.can_remove_member(user, member, agency))
    ApplicantProfile.objects.filter(user=member, agency=agency).delete()
    record_agency_event(agency, "membership_removed", member=member, actor=user, note=note)


@transaction.atomic
def leave_agency(*, user: User) -> None:
    profile = ApplicantProfile.objects.select_related("agency").filter(user=user).first()
    if profile is None:
        return
    profile.delete()
    user.__dict__.pop("applicant", None)
    record_agency_event(profile.agency, "membership_left", member=user, actor=user)


@transaction.atomic
def cancel_membership_request(*, user: User) -> None:
    pending = MembershipRequest.objects.filter(user=user, state=MembershipState.PENDING)
    for request in pending.select_related("agency"):
        request.state, request.decided_at = MembershipState.CANCELLED, timezone.now()
        request.save(update_fields=["state", "decided_at"])
        record_agency_event(request.agency, "membership_cancelled", member=user, actor=user)


@transaction.atomic
def confirm_agency(*, agency: Agency, officer: User) -> Agency:
    """An officer confirms a proposed agency and, with it, its first member. Its
    submissions that waited reach the queue now, and their clock starts today."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    permissions.require(permissions.can_confirm_agency(officer, agency))
    agency.confirmed_at, agency.confirmed_by = timezone.now(), officer
    agency.save(update_fields=["confirmed_at", "confirmed_by"])
    record_agency_event(agency, "agency_confirmed", actor=officer)
    for member in User.objects.filter(applicant__agency=agency):
        record_agency_event(
            agency,
            "membership_granted",
            member=member,
            actor=officer,
            note=_("Dikonfirmasi bersama instansinya."),
        )
    today = timezone.localdate()
    for application in agency.applications.filter(state=S.AWAITING_AGENCY).select_related(
        "office", "agency"
    ):
        fields = clock_fields(application, recorded_on=today)
        apply_transition(
            application,
            "agency_confirmed",
            actor=officer,
            changes=fields,
            data={"due_on": fields["due_on"].isoformat()},
        )
        notify_receipt(application)
    return agency


def agency_of(user: User) -> Agency | None:
    """The agency the account is a verified member of, or None."""
    if permissions.member_agency_id(user) is None:
        return None
    return user.applicant.agency


def pending_request_of(user: User) -> MembershipRequest | None:
    if not user.is_authenticated:
        return None
    return (
        MembershipRequest.objects.select_related("agency")
        .filter(user=user, state=MembershipState.PENDING)
        .first()
    )


# --- Applications: drafts ------------------------------------------------------


@transaction.atomic
def create_application(*, user: User, channel: str = Channel.ONLINE) -> Application:
    answer = permissions.can_create_application(user)
    if not answer:
        raise ValidationError(answer.reason)
    return new_application(agency=agency_of(user), user=user, channel=channel)


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
    """Store one block of the working design (draft values: checked for format
    only). Every change of the design bumps `lock_version`, so a submission
    prepared on an older page is refused instead of freezing unseen content."""
    application = locked(application)
    permissions.require(permissions.can_edit_design(user, application))
    design = dict(application.design)
    design[block_key] = values
    application.design = design
    if block_key == "kegiatan":
        application.title = values.get("title") or ""
    application.lock_version += 1
    application.save(update_fields=["design", "title", "lock_version", "updated_at"])
    return application


def locked(application: Application) -> Application:
    """Re-read `application` in place with its row locked until the transaction
    ends: every rule is then checked on the data as locked, not as a page saw it."""
    application.refresh_from_db(from_queryset=Application.objects.select_for_update())
    return application


def bump_lock_version(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(lock_version=F("lock_version") + 1)
    application.lock_version += 1


def add_attachment(*, application: Application, user: User, kind: str, upload) -> Attachment:
    """Store a file after checking its content (PDF or office document, ≤ 10 MB).
    If the transaction rolls back (here, or in a guarded caller), the file goes too."""
    with atomic_removing_files_on_rollback():
        application = locked(application)
        permissions.require(permissions.can_edit_design(user, application))
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
        bump_lock_version(application)
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
    application = locked(attachment.application)
    permissions.require(permissions.can_edit_design(user, application))
    Attachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
        removed_at=timezone.now()
    )
    bump_lock_version(application)
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


def next_in_sequence(*, office: Office, kind: str, year: int) -> int:
    """The next number of a yearly per-office sequence; never reused, no gaps.
    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until
    the surrounding transaction ends."""
    counter, _created = Counter.objects.get_or_create(office=office, kind=kind, year=year)
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(pk=counter.pk)


@transaction.atomic
def submit(*, application: Application, user: User, seen_version: int | None = None) -> Application:
    """Ajukan: freeze the complete design as a new version and give it a
    reference number; its clock starts now, or once the walidata and the
    agency's confirmation it waits for are done. Also resubmission after a
    revision request (which goes straight back to the office).

    The row is locked first, and the design is validated and frozen as locked,
    in this one transaction. `seen_version` is the `lock_version` of the page
    the user submitted from: if the design changed since (a colleague, another
    tab), the submission is refused rather than freezing what nobody checked."""
    application = locked(application)
    permissions.require(permissions.can_submit(user, application))
    if seen_version is not None and seen_version != application.lock_version:
        raise TransitionRefused(
            _(
                "Rancangan ini diubah sejak halaman dibuka (oleh rekan Anda atau di tab lain). "
                "Periksa isinya sekali lagi, lalu ajukan."
            )
        )
    problems = submission_problems(application)
    if problems:
        raise IncompleteDesign(problems)
    now = timezone.now()
    today = timezone.localdate(now)  # the office's date: the year turns in Jakarta, not UTC
    changes = {}
    if not application.reference:
        seq = next_in_sequence(office=application.office, kind="reference", year=today.year)
        changes["reference"] = f"REK-{application.office.code}-{today.year}-{seq:05d}"
    if application.state == S.REVISION_REQUESTED:
        name, target = "resubmit", S.SUBMITTED
    elif needs_walidata(application):
        name, target = "submit", S.AWAITING_WALIDATA
    elif not application.agency.is_confirmed:
        name, target = "submit", S.AWAITING_AGENCY
    else:
        name, target = "submit", S.SUBMITTED
    if target == S.SUBMITTED:
        changes |= clock_fields(application, recorded_on=today)
    else:
        changes["recorded_on"] = changes["due_on"] = None
    validated = application.design
    attachments = list(current_attachments(application))
    event = apply_transition(application, name, actor=user, target=target, changes=changes)
    number = application.versions.count() + 1
    version = ApplicationVersion.objects.create(
        application=application,
        number=number,
        design=validated,
        submitted_by=user,
        submitted_at=now,
    )
    version.attachments.set(attachments)
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
    permissions.require(permissions.can_withdraw(user, application))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan.")})
    apply_transition(application, "withdraw", actor=user, note=reason[:2000])
    return application
