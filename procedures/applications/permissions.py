"""Who may do what with an application: one function per action, and nothing
else decides access.

`can_<action>(user, obj)` answers with an `Answer`: true when the action would
succeed now, false with the reason when not. Services call `require()` on it
and refuse; views and templates ask it whether to show a button; the Django
admin's actions call it too. `visible_applications()` is the same rule as a
query, for lists and for opening a page (anything else is a 404). The office's
actions are answered in `procedures.examination.permissions`."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from procedures.accounts.permissions import has_verified_email
from procedures.organisations.permissions import (
    is_member_of,
    is_officer_of,
    is_walidata_of,
    member_agency_id,
    readable_office_ids,
)
from procedures.organisations.roles import Role, has_role
from procedures.rules import YES, Answer, all_of, forbidden, not_now

from .models import Application, Channel, ReviewNote
from .models import ApplicationState as S
from .workflow import TRANSITIONS

# The applicant edits a draft, and a design sent back (by the office or the walidata).
EDITABLE_STATES = frozenset({S.DRAFT, S.REVISION_REQUESTED, S.WALIDATA_RETURNED})


FINAL_STATES = frozenset({S.FEASIBLE, S.NOT_FEASIBLE, S.WITHDRAWN})


def visible_applications(user) -> QuerySet[Application]:
    """Everything `user` may open: the applications of their agency (a verified
    member); what reached their office, plus the office's own walk-in drafts
    (an officer); what waits for their check (a walidata). Nothing else."""
    if not user.is_authenticated:
        return Application.objects.none()
    rule = Q(pk__in=[])
    agency_id = member_agency_id(user)
    if agency_id is not None:
        rule |= Q(agency_id=agency_id)
    office_ids = readable_office_ids(user)
    if office_ids:
        rule |= Q(office__in=office_ids) & (
            Q(reached_office_at__isnull=False) | Q(channel=Channel.OFFLINE)
        )
    walidata = getattr(user, "walidata", None)
    if walidata is not None and has_role(user, Role.WALIDATA):
        # The walidata reads the design they are asked to check, and only until they confirm.
        rule |= Q(state=S.AWAITING_WALIDATA, agency__region_code=walidata.region_code)
    return Application.objects.filter(rule)


def can_view(user, application: Application) -> Answer:
    if visible_applications(user).filter(pk=application.pk).exists():
        return YES
    return forbidden(_("Pengajuan ini tidak dapat Anda buka."))


def acts_for_applicant(user, application: Application) -> Answer:
    """Who writes and submits the design: a verified member of its agency, or for
    a walk-in (offline) application, an examiner of the office that registered it."""
    if application.channel == Channel.OFFLINE and is_officer_of(
        user, application.office_id, Role.EXAMINER
    ):
        return YES
    if not user.is_authenticated:
        return forbidden(_("Masuk terlebih dahulu."))
    if not has_verified_email(user):
        return forbidden(
            _("Verifikasi alamat e-mail Anda dahulu: buka tautan di e-mail yang kami kirim.")
        )
    if not is_member_of(user, application.agency_id):
        return forbidden(_("Hanya pemohon dari instansi ini yang dapat mengubahnya."))
    return YES


def can_edit_design(user, application: Application) -> Answer:
    return all_of(
        acts_for_applicant(user, application),
        in_state(
            application,
            *EDITABLE_STATES,
            message=_("Rancangan berstatus “%(state)s” tidak dapat diubah."),
        ),
    )


def can_submit(user, application: Application) -> Answer:
    return all_of(
        acts_for_applicant(user, application),
        in_state(
            application,
            *TRANSITIONS["submit"].sources
            | TRANSITIONS["resubmit"].sources
            | TRANSITIONS["resubmit_to_walidata"].sources,
            message=_("Pengajuan berstatus “%(state)s” tidak dapat diajukan."),
        ),
    )


def can_withdraw(user, application: Application) -> Answer:
    return all_of(
        acts_for_applicant(user, application),
        in_state(
            application,
            *TRANSITIONS["withdraw"].sources,
            message=_("Pengajuan berstatus “%(state)s” tidak dapat dibatalkan."),
        ),
    )


def can_reply_to_note(user, note: ReviewNote) -> Answer:
    """Answer an examiner's note: whoever may edit the design, while it is back
    for revision, and only a sent note of the version that was returned."""
    application = note.application
    if note.sent_at is None:
        return forbidden(_("Catatan ini tidak dapat Anda buka."))
    answer = all_of(
        acts_for_applicant(user, application),
        in_state(
            application,
            S.REVISION_REQUESTED,
            message=_(
                "Catatan hanya dapat dijawab selama pengajuan berstatus “Perlu Perbaikan”; "
                "statusnya sekarang “%(state)s”."
            ),
        ),
    )
    if not answer:
        return answer
    latest = application.versions.order_by("-number").values_list("pk", flat=True).first()
    if note.version_id != latest:
        return not_now(_("Catatan ini dari versi sebelumnya dan tidak dapat dijawab lagi."))
    return YES


def can_create_application(user) -> Answer:
    if not has_verified_email(user):
        return forbidden(
            _("Verifikasi alamat e-mail Anda dahulu: buka tautan di e-mail yang kami kirim.")
        )
    if member_agency_id(user) is None:
        return forbidden(_("Pilih atau usulkan instansi Anda terlebih dahulu."))
    return YES


def office_role(user, application: Application, *roles: str) -> Answer:
    if is_officer_of(user, application.office_id, *roles):
        return YES
    return forbidden(_("Anda tidak berwenang melakukan tindakan ini untuk pengajuan ini."))


def in_state(application: Application, *states: str, message: str = "") -> Answer:
    if application.state in states:
        return YES
    message = message or _("Pengajuan berstatus “%(state)s”; tindakan ini tidak dapat dilakukan.")
    return not_now(message % {"state": application.state_label})


def walidata_check(user, application: Application) -> Answer:
    """The region's walidata, while the submission waits for them."""
    if not is_walidata_of(user, application.agency.region_code):
        return forbidden(_("Pengajuan ini bukan dari wilayah Anda."))
    if application.state != S.AWAITING_WALIDATA:
        return not_now(
            _(
                "Pengajuan ini tidak lagi menunggu konfirmasi walidata (statusnya sekarang "
                "“%(state)s”); mungkin walidata lain baru saja menanganinya."
            )
            % {"state": application.state_label}
        )
    return YES


def can_walidata_confirm(user, application: Application) -> Answer:
    """Confirm: the submission goes on to the BPS office."""
    return walidata_check(user, application)


def can_walidata_return(user, application: Application) -> Answer:
    """Return to the agency with notes: the agency edits and sends it again."""
    return walidata_check(user, application)


def applicant_actions(user, application: Application) -> dict[str, Answer]:
    return {
        "edit": can_edit_design(user, application),
        "submit": can_submit(user, application),
        "withdraw": can_withdraw(user, application),
    }
