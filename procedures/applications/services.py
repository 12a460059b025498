"""State-changing operations on applications: drafts, attachments, submission
(and resubmission, to the office or to the walidata), replies to the
examiner's notes, withdrawal, releasing the
applications that waited for their agency, and the alert when what reaches an
office has nobody to act on it. Each is the only way to make its change."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures import rules
from procedures.accounts.models import User
from procedures.files import atomic_removing_files_on_rollback, remember_written_file
from procedures.frkss.design import (
    ATTACHMENTS_KEY,
    Problem,
    applicable_blocks,
    block_problems,
    is_survey,
)
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations.models import Agency
from procedures.organisations.services import REGIONAL_LEVELS, agency_of, next_in_sequence
from procedures.rules import TransitionRefused
from procedures.uploads import inspect_attachment

from . import permissions
from .emails import notify_receipt, notify_walidata_waiting, queue_unattended_alert
from .models import (
    REPLY_MAX_LENGTH,
    Application,
    ApplicationVersion,
    Attachment,
    AttachmentKind,
    Channel,
    ReviewNote,
)
from .models import ApplicationState as S
from .selectors import current_attachments, entered_current_state, unattended_reason
from .workflow import apply_transition, record_event


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
    record_event(application, "created", actor=user, to_state=application.state)
    return application


@transaction.atomic
def save_design_block(
    *, application: Application, user: User, block_key: str, values: dict
) -> Application:
    """Store one block of the working design (draft values: checked for format
    only). Every change of the design bumps `lock_version`, so a submission
    prepared on an older page is refused instead of freezing unseen content."""
    application = locked(application)
    rules.require(permissions.can_edit_design(user, application))
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
        rules.require(permissions.can_edit_design(user, application))
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
        record_event(
            application,
            "attachment_added",
            actor=user,
            data={"attachment": attachment.pk, "name": attachment.original_name, "kind": kind},
        )
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, user: User) -> None:
    """Take a file out of the working design. The file stays for frozen versions."""
    application = locked(attachment.application)
    rules.require(permissions.can_edit_design(user, application))
    Attachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
        removed_at=timezone.now()
    )
    bump_lock_version(application)
    record_event(
        application,
        "attachment_removed",
        actor=user,
        data={"attachment": attachment.pk, "name": attachment.original_name},
    )


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
    """The complete form is recorded: the result is due the office's service
    working days later (`Office.service_working_days`, from its standard page)."""
    return {
        "recorded_on": recorded_on,
        "due_on": organisation_calendar.due_date(
            office=application.office, recorded_on=recorded_on
        ),
    }


def clock_data(application: Application, fields: dict) -> dict:
    """What the event that starts the clock records (`fields` from `clock_fields`):
    the due date then in force and the working days the standard allowed, so the
    performance figures read the trail, not the application as it is now."""
    return {
        "due_on": fields["due_on"].isoformat(),
        "service_days": application.office.service_working_days,
    }


def new_reference(*, office, today) -> str:
    """The next reference number of the office's year, e.g. REK-3304-2026-00012:
    given at the first submission, or when a walk-in is received at the counter."""
    seq = next_in_sequence(office=office, kind="reference", year=today.year)
    return f"REK-{office.code}-{today.year}-{seq:05d}"


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
    rules.require(permissions.can_submit(user, application))
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
        changes["reference"] = new_reference(office=application.office, today=today)
    if application.state == S.REVISION_REQUESTED:
        name, target = "resubmit", S.SUBMITTED
    elif application.state == S.WALIDATA_RETURNED:
        # Back to the walidata who returned it, whatever the office says now.
        name, target = "resubmit_to_walidata", S.AWAITING_WALIDATA
    elif needs_walidata(application):
        name, target = "submit", S.AWAITING_WALIDATA
    elif not application.agency.is_confirmed:
        name, target = "submit", S.AWAITING_AGENCY
    else:
        name, target = "submit", S.SUBMITTED
    clock = {}
    if target == S.SUBMITTED:
        changes |= clock_fields(application, recorded_on=today)
        clock = clock_data(application, changes)
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
    event.data = {"version": number, "due_on": None, **clock}
    event.save(update_fields=["data"])
    if application.due_on:
        notify_receipt(application)
    elif application.state == S.AWAITING_WALIDATA:
        notify_walidata_waiting(application)
    alert_if_unattended(application)
    return application


def alert_if_unattended(application: Application, *, office=None, days: int = 0) -> bool:
    """No silent queue: what reaches an office where nobody can act on it (no
    active examiner, or an agency BPS has not confirmed yet) is told to the
    coordinators of `office` (the application's own by default; its parent
    when `send_reminders` finds it still waiting after `days` working days).
    Once per wait and office: asking again sends nothing. True when queued."""
    reason = unattended_reason(application)
    if reason is None:
        return False
    office = office or application.office
    since = entered_current_state(application)
    notification = queue_unattended_alert(
        application, reason=reason, since=since, office=office, days=days
    )
    if notification is None:
        return False
    record_alert(application, notification, alert=reason, office=office)
    return True


def record_alert(application: Application, notification, *, alert: str, office) -> None:
    """The alert is part of the application's (internal) audit trail."""
    record_event(
        application,
        "alert",
        actor=None,
        data={
            "alert": alert,
            "office": office.code,
            "office_name": office.name,
            "notification": notification.pk,
        },
    )


def needs_walidata(application: Application) -> bool:
    """Regional agencies' submissions wait for their walidata where the office asks for it."""
    return application.office.walidata_required and application.agency.level in REGIONAL_LEVELS


class IncompleteDesign(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@transaction.atomic
def withdraw(*, application: Application, user: User, reason: str) -> Application:
    rules.require(permissions.can_withdraw(user, application))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan.")})
    apply_transition(application, "withdraw", actor=user, note=reason[:2000])
    return application


def release_waiting_applications(*, agency: Agency, actor: User) -> None:
    """The agency was just confirmed: its submissions that waited reach the queue
    now, and their clock starts today. Runs in the confirmation's transaction."""
    today = timezone.localdate()
    for application in agency.applications.filter(state=S.AWAITING_AGENCY).select_related(
        "office", "agency"
    ):
        fields = clock_fields(application, recorded_on=today)
        apply_transition(
            application,
            "agency_confirmed",
            actor=actor,
            changes=fields,
            data=clock_data(application, fields),
        )
        notify_receipt(application)
        alert_if_unattended(application)


# The form field a reply is typed in; errors are reported under it.
REPLY_FIELD = "reply"


def note_stamp(moment) -> str:
    """What a page remembers of a note's reply or resolution time, to tell a
    stale tab from a fresh one (machine text: ISO, never shown)."""
    return moment.isoformat() if moment else ""


def locked_note(note: ReviewNote) -> ReviewNote:
    """The note re-read under lock, its application locked first (the order
    every service locks in), so a reply and a mark never cross."""
    application = locked(note.application)
    note = ReviewNote.objects.select_for_update().select_related("version").get(pk=note.pk)
    note.application = application
    return note


def record_note_event(note: ReviewNote, kind: str, *, actor: User, **data) -> None:
    record_event(
        note.application,
        kind,
        actor=actor,
        data={"note": note.pk, "block": note.block, "version": note.version.number, **data},
    )


@transaction.atomic
def reply_to_note(
    *, note: ReviewNote, user: User, text: str, seen_replied_at: str | None = None
) -> ReviewNote:
    """The applicant answers one examiner note while revising (writing again
    replaces the answer). `seen_replied_at` is the reply time the page showed
    (`note_stamp`): if someone answered since (a colleague, another tab), the
    reply is refused instead of overwriting theirs unseen."""
    note = locked_note(note)
    rules.require(permissions.can_reply_to_note(user, note))
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {REPLY_FIELD: _("Jawaban: tuliskan tanggapan Anda atas catatan ini.")}
        )
    if len(text) > REPLY_MAX_LENGTH:
        raise ValidationError(
            {
                REPLY_FIELD: _(
                    "Jawaban: paling banyak %(limit)d karakter (sekarang %(length)d). "
                    "Persingkat jawabannya."
                )
                % {"limit": REPLY_MAX_LENGTH, "length": len(text)}
            }
        )
    if seen_replied_at is not None and seen_replied_at != note_stamp(note.replied_at):
        raise TransitionRefused(
            _(
                "Catatan ini baru saja dijawab oleh %(name)s (rekan Anda atau di tab lain). "
                "Baca jawaban itu, lalu kirim jawaban Anda lagi bila ingin menggantinya."
            )
            % {"name": note.replied_by or _("pengguna lain")}
        )
    note.reply, note.replied_at, note.replied_by = text, timezone.now(), user
    note.save(update_fields=["reply", "replied_at", "replied_by"])
    record_note_event(note, "note_reply", actor=user)
    return note
