from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.translation import gettext as _

from . import calendar, permissions
from .design import ATTACHMENTS_KEY, BLOCKS, applicable_blocks
from .models import (
    Agency,
    Application,
    ApplicationEvent,
    ApplicationState,
    Attachment,
    AttachmentKind,
    Letter,
    MembershipRequest,
    MembershipState,
    Office,
    ReviewNote,
    User,
)
from .roles import Role, has_role


def office_directory() -> dict[str, str]:
    """{code: name} of every BPS office (the catalog's office directory)."""
    return dict(Office.objects.values_list("code", "name"))


def applications_of_agency(agency) -> QuerySet[Application]:
    return (
        Application.objects.filter(agency=agency)
        .select_related("office", "agency")
        .prefetch_related("office__closures")
    )


def applications_visible_to(user) -> QuerySet[Application]:
    """What a user may open (the permission layer's rule, as a query)."""
    return permissions.visible_applications(user).select_related("office", "agency")


def office_queue(offices) -> QuerySet[Application]:
    """What the office works on: what reached it, and its own walk-in drafts;
    never an applicant's online draft, nor what still waits for a walidata."""
    return (
        Application.objects.filter(office__in=offices)
        .filter(Q(reached_office_at__isnull=False) | Q(channel="offline"))
        .exclude(state=ApplicationState.AWAITING_WALIDATA)
        .select_related("agency", "office", "examiner")
    )


def walidata_queue(user) -> QuerySet[Application]:
    """Submissions of the walidata's region waiting for their confirmation."""
    profile = getattr(user, "walidata", None) if user.is_authenticated else None
    if profile is None or not has_role(user, Role.WALIDATA):
        return Application.objects.none()
    return (
        Application.objects.filter(
            state=ApplicationState.AWAITING_WALIDATA, agency__region_code=profile.region_code
        )
        .select_related("agency", "office")
        .order_by("updated_at", "pk")
    )


def members_of(agency) -> QuerySet[User]:
    return (
        User.objects.filter(applicant__agency=agency)
        .select_related("applicant")
        .order_by("first_name", "email")
    )


def pending_membership_requests(*, agencies) -> QuerySet[MembershipRequest]:
    return (
        MembershipRequest.objects.filter(
            agency__in=[a for a in agencies if a], state=MembershipState.PENDING
        )
        .select_related("user", "agency")
        .order_by("created_at", "pk")
    )


def agencies_of_office(office_ids) -> QuerySet:
    return Agency.objects.filter(office__in=office_ids).order_by("name")


def membership_requests_for_officer(user) -> QuerySet[MembershipRequest]:
    """What waits for an officer who looks after their office's agencies."""
    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None or not permissions.is_officer_of(
        user, officer.office_id, *permissions.AGENCY_STEWARDS
    ):
        return MembershipRequest.objects.none()
    return pending_membership_requests(agencies=agencies_of_office([officer.office_id]))


def remaining_working_days(application: Application, *, today=None) -> int | None:
    if not application.clock_running:
        return None
    return calendar.remaining_working_days(
        office=application.office, due=application.due_on, today=today or timezone.localdate()
    )


def current_attachments(application: Application) -> QuerySet[Attachment]:
    return application.attachments.filter(removed_at__isnull=True)


INTERNAL_EVENTS = ("consultation", "assign")


def timeline(application: Application, *, internal: bool = True) -> QuerySet[ApplicationEvent]:
    """The audit trail; applicants do not see the office's internal steps."""
    events = application.events.select_related("actor").order_by("at", "pk")
    return events if internal else events.exclude(kind__in=INTERNAL_EVENTS)


def notes_to_address(application: Application) -> list[tuple[str, list[ReviewNote]]]:
    """The notes of the latest revision request, grouped by block, in form order."""
    version = application.versions.order_by("-number").first()
    if version is None or application.state != "revision_requested":
        return []
    by_block = {}
    for note in ReviewNote.objects.filter(version=version, sent_at__isnull=False).select_related(
        "author"
    ):
        by_block.setdefault(note.block, []).append(note)
    in_form_order = [
        (block.heading, by_block.pop(block.key)) for block in BLOCKS if block.key in by_block
    ]
    # Notes on other parts (the attachments) last, under the heading the e-mail uses.
    others = [
        (_("Lampiran") if key == ATTACHMENTS_KEY else key, notes) for key, notes in by_block.items()
    ]
    return in_form_order + others


def design_rows(data: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(heading, [(label, shown value)])] of a design, for reading."""
    return [(heading, rows) for _key, heading, rows in keyed_design_rows(data)]


def keyed_design_rows(data: dict) -> list[tuple[str, str, list[tuple[str, str]]]]:
    blocks = []
    for block in applicable_blocks(data):
        form = block.form_class(context=data)
        stored = data.get(block.key) or {}
        rows = []
        for name, field in form.fields.items():
            value = stored.get(name)
            if value in (None, "", []):
                continue
            choices = dict(flatten_choices(getattr(field, "choices", None) or []))
            if isinstance(value, list):
                value = ", ".join(str(choices.get(v, v)) for v in value)
            else:
                value = choices.get(value, value)
            rows.append((str(field.label), str(value)))
        for index, row in enumerate(stored.get("variables", []), start=1):
            rows.append((f"{_('Variabel')} {index}", " — ".join(v for v in row.values() if v)))
        blocks.append((block.key, block.heading, rows))
    return blocks


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AttachmentChange:
    kind_label: str
    change: str  # "ditambahkan", "diganti", "dihapus"
    before: str
    after: str


def version_diff(previous: dict | None, current: dict) -> dict[str, list[FieldChange]]:
    """{block key: changed fields} between two designs; empty when nothing changed
    or there is no earlier version."""
    if previous is None:
        return {}
    before = {key: dict(rows) for key, _heading, rows in keyed_design_rows(previous)}
    changes = {}
    for key, _heading, rows in keyed_design_rows(current):
        old = before.pop(key, {})
        now = dict(rows)
        changed = [
            FieldChange(label, old.get(label, ""), now.get(label, ""))
            for label in [*now, *[label for label in old if label not in now]]
            if old.get(label, "") != now.get(label, "")
        ]
        if changed:
            changes[key] = changed
    for key, old in before.items():  # a block that no longer applies (e.g. V for a census)
        changes[key] = [FieldChange(label, value, "") for label, value in old.items()]
    return changes


def attachment_diff(previous, current) -> list[AttachmentChange]:
    """Files added, replaced (same kind, different content) or removed between versions."""
    if previous is None:
        return []
    labels = dict(AttachmentKind.choices)

    def by_kind(version):
        files = {}
        for attachment in version.attachments.all():
            files.setdefault(attachment.kind, []).append(attachment)
        return files

    old, new = by_kind(previous), by_kind(current)
    changes = []
    for kind in [*new, *[k for k in old if k not in new]]:
        old_hashes = {a.sha256 for a in old.get(kind, [])}
        new_hashes = {a.sha256 for a in new.get(kind, [])}
        if old_hashes == new_hashes:
            continue
        before = ", ".join(a.original_name for a in old.get(kind, []))
        after = ", ".join(a.original_name for a in new.get(kind, []))
        change = (
            _("ditambahkan") if not old_hashes else _("dihapus") if not new_hashes else _("diganti")
        )
        changes.append(AttachmentChange(str(labels.get(kind, kind)), change, before, after))
    return changes


def previous_version(version):
    if version is None:
        return None
    return (
        version.application.versions.filter(number__lt=version.number)
        .order_by("-number")
        .prefetch_related("attachments")
        .first()
    )


def latest_version(application: Application):
    return (
        application.versions.order_by("-number").prefetch_related(Prefetch("attachments")).first()
    )


def letter_by_code(code: str):
    if not code or len(code) > 32:
        return None
    return (
        Letter.objects.select_related("application__agency", "office")
        .filter(verification_code=code)
        .first()
    )
