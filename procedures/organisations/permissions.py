"""Who belongs to which agency and office, and who may change that: membership
requests, removals, proposing and confirming agencies. Answers, never decisions
hidden in views."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from procedures.accounts.models import User
from procedures.accounts.permissions import has_verified_email
from procedures.rules import YES, Answer, forbidden, not_now

from .models import Agency, MembershipRequest, MembershipState, Office
from .roles import Role, has_role, roles_of

OFFICE_ROLES = frozenset({Role.EXAMINER, Role.SIGNATORY, Role.OFFICE_ADMIN})


# Officers who look after an office's agencies: confirm them and their members.
AGENCY_STEWARDS = (Role.EXAMINER, Role.OFFICE_ADMIN)


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


def can_propose_agency_at_counter(user, office: Office) -> Answer:
    """An examiner adds a new agency while recording its walk-in: only for an
    agency that `office` (its responsible office) serves, and only there."""
    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None or not has_role(user, Role.EXAMINER):
        return forbidden(_("Hanya pemeriksa BPS yang dapat mencatat instansi baru di loket."))
    if officer.office_id != office.pk:
        return not_now(
            _(
                "Instansi di wilayah ini dilayani %(office)s, bukan kantor Anda. Periksa kode "
                "wilayah dan tingkat instansi, atau minta pemohon datang ke kantor itu."
            )
            % {"office": office.name}
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


def officer_offices(user) -> QuerySet[Office]:
    """The offices whose work the user reads; PermissionDenied (403) for everyone
    but officers."""
    office_ids = readable_office_ids(user)
    if not office_ids or not roles_of(user) - {Role.WALIDATA}:
        raise PermissionDenied(_("Halaman ini untuk petugas BPS."))
    return Office.objects.filter(pk__in=office_ids)
