"""Who may do what: one function per action, and nothing else decides access.

`can_<action>(user, obj)` answers with an `Answer`: true when the action would
succeed now, false with the reason when not. Services call `require()` on it
and refuse; views and templates ask it whether to show a button; the Django
admin's actions call it too. `visible_applications()` is the same rule as a
query, for lists and for opening a page (anything else is a 404).
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import (
    Agency,
    Application,
    ApplicationState,
    Channel,
    MembershipRequest,
    MembershipState,
    Office,
    User,
)
from .models import ApplicationState as S
from .roles import Role, has_role, roles_of
from .workflow import TRANSITIONS, TransitionRefused

EDITABLE_STATES = frozenset({S.DRAFT, S.REVISION_REQUESTED})
FINAL_STATES = frozenset({S.FEASIBLE, S.NOT_FEASIBLE, S.WITHDRAWN})
OFFICE_ROLES = frozenset({Role.EXAMINER, Role.SIGNATORY, Role.OFFICE_ADMIN})
# Officers who look after an office's agencies: confirm them and their members.
AGENCY_STEWARDS = (Role.EXAMINER, Role.OFFICE_ADMIN)


@dataclass(frozen=True)
class Answer:
    allowed: bool
    reason: str = ""
    # True: this user may never do it here (403); false: not in this state (a message).
    forbidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


YES = Answer(True)


def forbidden(reason: str) -> Answer:
    return Answer(False, reason, forbidden=True)


def not_now(reason: str) -> Answer:
    return Answer(False, reason)


def require(answer: Answer) -> None:
    """Refuse unless allowed: PermissionDenied for who, TransitionRefused for when."""
    if answer:
        return
    if answer.forbidden:
        raise PermissionDenied(answer.reason)
    raise TransitionRefused(answer.reason)


# --- Facts about the user --------------------------------------------------------


def has_verified_email(user) -> bool:
    """The account proved it owns its address (read once per request object)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_rekomstat_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        user._rekomstat_verified = cached
    return cached


def member_agency_id(user) -> int | None:
    """The agency whose member the account is, if its address is verified."""
    if not user.is_authenticated or not has_verified_email(user):
        return None
    profile = getattr(user, "applicant", None)
    return profile.agency_id if profile else None


def is_member_of(user, agency_id: int) -> bool:
    return agency_id is not None and member_agency_id(user) == agency_id


def is_officer_of(user, office_id: int, *roles: str) -> bool:
    """The user works in that office and holds one of `roles` there."""
    profile = getattr(user, "officer", None) if user.is_authenticated else None
    return (
        profile is not None
        and profile.office_id == office_id
        and any(has_role(user, role) for role in roles)
    )


def is_walidata_of(user, region_code: str) -> bool:
    profile = getattr(user, "walidata", None) if user.is_authenticated else None
    return (
        profile is not None and has_role(user, Role.WALIDATA) and profile.region_code == region_code
    )


def readable_office_ids(user) -> list[int]:
    """The officer's office, plus the offices below it (all levels) when the
    officer may read them. Empty for anyone without an officer role."""
    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None or not roles_of(user) & OFFICE_ROLES:
        return []
    ids = [officer.office_id]
    if officer.reads_offices_below:
        level = ids
        while level:
            level = list(Office.objects.filter(parent__in=level).values_list("pk", flat=True))
            ids += level
    return ids


# --- Seeing applications -----------------------------------------------------------


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


# --- The applicant's actions ------------------------------------------------------


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
    return _all(
        acts_for_applicant(user, application),
        _in_state(
            application,
            *EDITABLE_STATES,
            message=_("Rancangan berstatus “%(state)s” tidak dapat diubah."),
        ),
    )


def can_submit(user, application: Application) -> Answer:
    return _all(
        acts_for_applicant(user, application),
        _in_state(
            application,
            *TRANSITIONS["submit"].sources | TRANSITIONS["resubmit"].sources,
            message=_("Pengajuan berstatus “%(state)s” tidak dapat diajukan."),
        ),
    )


def can_withdraw(user, application: Application) -> Answer:
    return _all(
        acts_for_applicant(user, application),
        _in_state(
            application,
            *TRANSITIONS["withdraw"].sources,
            message=_("Pengajuan berstatus “%(state)s” tidak dapat dibatalkan."),
        ),
    )


def can_create_application(user) -> Answer:
    if not has_verified_email(user):
        return forbidden(
            _("Verifikasi alamat e-mail Anda dahulu: buka tautan di e-mail yang kami kirim.")
        )
    if member_agency_id(user) is None:
        return forbidden(_("Pilih atau usulkan instansi Anda terlebih dahulu."))
    return YES


# --- The office's actions -----------------------------------------------------------


def _office_role(user, application: Application, *roles: str) -> Answer:
    if is_officer_of(user, application.office_id, *roles):
        return YES
    return forbidden(_("Anda tidak berwenang melakukan tindakan ini untuk pengajuan ini."))


def _in_state(application: Application, *states: str, message: str = "") -> Answer:
    if application.state in states:
        return YES
    message = message or _("Pengajuan berstatus “%(state)s”; tindakan ini tidak dapat dilakukan.")
    return not_now(message % {"state": application.state_label})


def _all(*answers) -> Answer:
    for answer in answers:
        if not answer:
            return answer
    return YES


def can_take(user, application: Application) -> Answer:
    return _all(_office_role(user, application, Role.EXAMINER), _in_state(application, S.SUBMITTED))


def can_assign(user, application: Application) -> Answer:
    return _all(
        _office_role(user, application, Role.SIGNATORY, Role.OFFICE_ADMIN),
        _in_state(application, S.SUBMITTED, S.IN_REVIEW),
    )


def is_holder(user, application: Application) -> Answer:
    """Only the examiner who holds the application writes its notes and proposal."""
    role = _office_role(user, application, Role.EXAMINER)
    if not role:
        return role
    if application.examiner_id != user.pk:
        return forbidden(
            _("Pengajuan ini sedang diperiksa oleh %(name)s.")
            % {"name": application.examiner or _("pemeriksa lain")}
        )
    return YES


def can_examine(user, application: Application) -> Answer:
    """Write notes, request revision, propose: the holder, during examination."""
    return _all(is_holder(user, application), _in_state(application, S.IN_REVIEW))


def can_consult(user, application: Application) -> Answer:
    processed = set(ApplicationState.values) - FINAL_STATES - {S.DRAFT, S.AWAITING_WALIDATA}
    return _all(
        _office_role(user, application, Role.EXAMINER, Role.SIGNATORY),
        _in_state(
            application,
            *processed,
            message=_(
                "Konsultasi dicatat selama pengajuan diproses, bukan pada status “%(state)s”."
            ),
        ),
    )


def can_answer_consultation(user, application: Application) -> Answer:
    return _office_role(user, application, Role.EXAMINER, Role.SIGNATORY)


def can_sign(user, application: Application) -> Answer:
    """The two-person rule: a signatory signs other people's proposals, and
    their own only where the office allows it."""
    answer = _all(
        _office_role(user, application, Role.SIGNATORY),
        _in_state(application, S.AWAITING_SIGNATURE),
    )
    if not answer:
        return answer
    if application.proposed_by_id == user.pk and not application.office.allow_self_sign:
        return forbidden(
            _(
                "Anda yang mengusulkan keputusan ini; penanda tangan lain harus "
                "menandatanganinya (aturan dua orang)."
            )
        )
    return YES


def can_return(user, application: Application) -> Answer:
    return _all(
        _office_role(user, application, Role.SIGNATORY),
        _in_state(application, S.AWAITING_SIGNATURE),
    )


def can_walidata_confirm(user, application: Application) -> Answer:
    if not is_walidata_of(user, application.agency.region_code):
        return forbidden(_("Pengajuan ini bukan dari wilayah Anda."))
    if application.state != S.AWAITING_WALIDATA:
        return not_now(_("Pengajuan ini tidak sedang menunggu konfirmasi walidata."))
    return YES


# --- Agencies and their members -------------------------------------------------------


def can_confirm_agency(user, agency: Agency) -> Answer:
    """An examiner or the office admin of the agency's responsible office."""
    if not is_officer_of(user, agency.office_id, *AGENCY_STEWARDS):
        return forbidden(
            _(
                "Hanya pemeriksa atau admin kantor BPS yang melayani instansi ini yang dapat "
                "mengonfirmasinya."
            )
        )
    if agency.is_confirmed:
        return not_now(_("Instansi ini sudah dikonfirmasi."))
    return YES


def can_register_offline(user, agency: Agency) -> Answer:
    if not is_officer_of(user, agency.office_id, Role.EXAMINER):
        return forbidden(_("Instansi ini dilayani kantor BPS lain."))
    if not agency.is_confirmed:
        return not_now(_("Konfirmasi instansi ini terlebih dahulu."))
    return YES


def can_choose_agency(user) -> Answer:
    """Ask to join an agency or propose a new one: only a verified account."""
    if not has_verified_email(user):
        return forbidden(
            _(
                "Verifikasi alamat e-mail Anda dahulu. Setelah itu Anda dapat meminta "
                "bergabung dengan instansi atau mengusulkan instansi baru."
            )
        )
    return YES


def can_request_membership(user, agency: Agency) -> Answer:
    answer = can_choose_agency(user)
    if not answer:
        return answer
    if not agency.is_confirmed:
        return not_now(_("Instansi ini belum dikonfirmasi BPS."))
    if member_agency_id(user) == agency.pk:
        return not_now(_("Anda sudah anggota instansi ini."))
    return YES


def manages_members_of(user, agency: Agency) -> bool:
    """An active member of the agency or an officer who looks after its office's agencies."""
    return is_member_of(user, agency.pk) or is_officer_of(user, agency.office_id, *AGENCY_STEWARDS)


def can_decide_membership(user, request: MembershipRequest) -> Answer:
    if request.user_id == user.pk:
        return forbidden(_("Permintaan Anda sendiri diputuskan oleh orang lain."))
    if not manages_members_of(user, request.agency):
        return forbidden(
            _("Hanya anggota instansi ini atau petugas BPS yang melayaninya yang dapat memutuskan.")
        )
    if request.state != MembershipState.PENDING:
        return not_now(_("Permintaan ini sudah diputuskan."))
    return YES


def can_remove_member(user, member: User, agency: Agency) -> Answer:
    if member.pk == user.pk:
        return forbidden(_("Gunakan “Keluar dari instansi” untuk keluar sendiri."))
    if not manages_members_of(user, agency):
        return forbidden(
            _(
                "Hanya anggota instansi ini atau petugas BPS yang melayaninya yang dapat "
                "mengeluarkan anggota."
            )
        )
    profile = getattr(member, "applicant", None)
    if profile is None or profile.agency_id != agency.pk:
        return not_now(_("Akun ini bukan anggota instansi ini."))
    return YES


# --- For the screens ---------------------------------------------------------------------


def applicant_actions(user, application: Application) -> dict[str, Answer]:
    return {
        "edit": can_edit_design(user, application),
        "submit": can_submit(user, application),
        "withdraw": can_withdraw(user, application),
    }


def office_actions(user, application: Application) -> dict[str, Answer]:
    """Every button of the examination page, answered by the rules above."""
    return {
        "take": can_take(user, application),
        "assign": can_assign(user, application),
        "examine": can_examine(user, application),
        "consult": can_consult(user, application),
        "answer": can_answer_consultation(user, application),
        "sign": can_sign(user, application),
        "return": can_return(user, application),
        "confirm_agency": can_confirm_agency(user, application.agency),
    }
