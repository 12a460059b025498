"""Reads about applications: what a user may list, the current attachments, the
timeline, the notes to address (the office's, the walidata's), why an
application waits unattended, the differences between two versions, and the
activities like an application's design (the catalog scores them)."""

import dataclasses
from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalog.models import ActivityRecord
from catalog.similarity import (
    ActivityProfile,
    Similarity,
    SimilarRecord,
    compare,
    similar_records,
)
from procedures.frkss.design import ATTACHMENTS_KEY, BLOCKS, applicable_blocks, stored_date
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations.selectors import has_active_examiner
from search.backends import SearchUnavailable

from . import permissions
from .models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    Attachment,
    AttachmentKind,
    ReviewNote,
)


def applications_of_agency(agency) -> QuerySet[Application]:
    return (
        Application.objects.filter(agency=agency)
        .select_related("office", "agency")
        .prefetch_related("office__closures")
    )


def applications_visible_to(user) -> QuerySet[Application]:
    """What a user may open (the permission layer's rule, as a query)."""
    return permissions.visible_applications(user).select_related("office", "agency")


def remaining_working_days(application: Application, *, today=None) -> int | None:
    if not application.clock_running:
        return None
    return organisation_calendar.remaining_working_days(
        office=application.office, due=application.due_on, today=today or timezone.localdate()
    )


def current_attachments(application: Application) -> QuerySet[Attachment]:
    return application.attachments.filter(removed_at__isnull=True)


INTERNAL_EVENTS = ("consultation", "assign", "alert")


def timeline(application: Application, *, internal: bool = True) -> QuerySet[ApplicationEvent]:
    """The audit trail; applicants do not see the office's internal steps."""
    events = application.events.select_related("actor").order_by("at", "pk")
    return events if internal else events.exclude(kind__in=INTERNAL_EVENTS)


def walidata_notes(application: Application) -> ApplicationEvent | None:
    """The walidata's return (note, who, when) the applicant now answers; None
    unless the application is back with its agency."""
    if application.state != ApplicationState.WALIDATA_RETURNED:
        return None
    return (
        application.events.filter(kind="walidata_return")
        .select_related("actor")
        .order_by("-pk")
        .first()
    )


def entered_current_state(application: Application) -> ApplicationEvent | None:
    """The event that brought the application into its current state: the
    start of its present wait."""
    return application.events.filter(to_state=application.state).order_by("-pk").first()


# Why what reached an office has nobody to act on it (see `unattended_reason`).
NO_EXAMINER = "no_examiner"
AGENCY_UNCONFIRMED = "agency_unconfirmed"


def unattended_reason(application: Application) -> str | None:
    """NO_EXAMINER: submitted to an office without an active examiner;
    AGENCY_UNCONFIRMED: waiting for BPS to confirm the agency; None otherwise."""
    if application.state == ApplicationState.AWAITING_AGENCY:
        return AGENCY_UNCONFIRMED
    if application.state == ApplicationState.SUBMITTED and not has_active_examiner(
        application.office_id
    ):
        return NO_EXAMINER
    return None


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


def sent_notes(application: Application) -> QuerySet[ReviewNote]:
    """The examiner's notes the applicant may read: sent ones only, never drafts."""
    return (
        ReviewNote.objects.filter(application=application, sent_at__isnull=False)
        .select_related("version", "author", "replied_by", "resolved_by")
        .order_by("version__number", "created_at", "pk")
    )


def notes_being_revised(application: Application) -> QuerySet[ReviewNote]:
    """The sent notes of the version that was returned, while the applicant
    revises it (state Perlu Perbaikan); nothing in any other state."""
    if application.state != ApplicationState.REVISION_REQUESTED:
        return ReviewNote.objects.none()
    version = application.versions.order_by("-number").first()
    return sent_notes(application).filter(version=version)


def unanswered_notes_by_block(application: Application) -> dict[str, int]:
    """{block key: number of notes being revised that have no reply yet}."""
    counts: dict[str, int] = {}
    for block in notes_being_revised(application).filter(reply="").values_list("block", flat=True):
        counts[block] = counts.get(block, 0) + 1
    return counts


def earlier_notes_by_block(version) -> dict[str, list[ReviewNote]]:
    """{block key: the sent notes of versions before `version`}, oldest first:
    what the examiner reads beside the diff of the next version."""
    if version is None:
        return {}
    by_block: dict[str, list[ReviewNote]] = {}
    for note in sent_notes(version.application).filter(version__number__lt=version.number):
        by_block.setdefault(note.block, []).append(note)
    return by_block


def note_history(application: Application) -> list[tuple[int, list[tuple[str, ReviewNote]]]]:
    """[(version number, [(block heading, note)])] of notes from versions
    already answered by a later one, newest version first: the applicant reads
    the replies and what the examiner made of them."""
    latest = application.versions.order_by("-number").values_list("number", flat=True).first()
    headings = {block.key: block.heading for block in BLOCKS}
    history: dict[int, list[tuple[str, ReviewNote]]] = {}
    for note in sent_notes(application).filter(version__number__lt=latest or 0):
        heading = headings.get(note.block) or (
            _("Lampiran") if note.block == ATTACHMENTS_KEY else note.block
        )
        history.setdefault(note.version.number, []).append((heading, note))
    return sorted(history.items(), reverse=True)


def design_rows(data: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(heading, [(label, shown value)])] of a design, for reading."""
    return [(heading, rows) for _key, heading, rows in keyed_design_rows(data)]


def shown_date(value) -> str:
    """A design's date (stored as ISO text) as people read it: "4 Januari 2027"."""
    day = stored_date(value)
    return date_format(day, "DATE_FORMAT") if day else str(value)


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
            elif isinstance(field, forms.DateField):
                value = shown_date(value)
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


# -- similar activities ("kegiatan serupa") ---------------------------------

# Catalog records listed in the applicant's panel and on the examination page.
SIMILAR_SHOWN = 5


def _year(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def design_profile(application: Application, design: dict | None = None) -> ActivityProfile:
    """What the catalog compares of an application: the title, objectives and
    variable names of its design (the working design unless `design` is
    given), its agency, its office's region and its year (the header's
    "Tahun pelaksanaan", as the form's panel sends it to the API). Whatever
    the JSON holds, a wrong type counts as empty."""
    design = application.design if design is None else design
    design = design if isinstance(design, dict) else {}
    header = design.get("kegiatan") if isinstance(design.get("kegiatan"), dict) else {}
    planning = design.get("perencanaan") if isinstance(design.get("perencanaan"), dict) else {}
    rows = planning.get("variables") if isinstance(planning.get("variables"), list) else []
    variables = tuple(
        str(row["name"]) for row in rows if isinstance(row, dict) and str(row.get("name") or "")
    )
    year = _year(header.get("year"))
    return ActivityProfile(
        title=str(header.get("title") or application.title or ""),
        objective=str(planning.get("objectives") or ""),
        variables=variables,
        agency=application.agency.name,
        region=application.office.code,
        region_name=application.office.name,
        years=frozenset({year}) if year else frozenset(),
    )


@dataclass
class SimilarCatalog:
    """Catalog records like an application; `unavailable` when the search
    engine could not be asked (the page still works)."""

    profile: ActivityProfile = dataclasses.field(default_factory=ActivityProfile)
    items: list[SimilarRecord] = dataclasses.field(default_factory=list)
    unavailable: bool = False

    @property
    def year(self) -> int | None:
        return min(self.profile.years, default=None)

    @property
    def near_duplicates(self) -> list[SimilarRecord]:
        return [item for item in self.items if item.similarity.near_duplicate]


def similar_recommended(
    application: Application, *, design: dict | None = None, limit: int = SIMILAR_SHOWN
) -> SimilarCatalog:
    """Recommended activities (the public catalog) most like the application's
    design, never the record its own decision published."""
    profile = design_profile(application, design)
    if not profile.has_text:
        return SimilarCatalog(profile=profile)
    own = ActivityRecord.objects.filter(source_application_id=application.pk)
    try:
        items = similar_records(profile, limit=limit, exclude_ids=own.values_list("pk", flat=True))
    except SearchUnavailable:
        return SimilarCatalog(profile=profile, unavailable=True)
    return SimilarCatalog(profile=profile, items=items)


@dataclass(frozen=True)
class SimilarApplication:
    application: Application
    similarity: Similarity


def rank_applications(
    profile: ActivityProfile, applications, *, limit: int
) -> list[SimilarApplication]:
    """Applications scored with the catalog's `compare` (on the design each
    one last submitted), those worth listing, best first."""
    scored = []
    for other in applications:
        design = getattr(other, "submitted_design", None) or other.design
        similarity = compare(profile, design_profile(other, design))
        if similarity.listed:
            scored.append(SimilarApplication(other, similarity))
    scored.sort(
        key=lambda item: (
            -item.similarity.score,
            item.application.reference or "",
            item.application.pk,
        )
    )
    return scored[:limit]
