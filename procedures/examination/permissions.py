"""Who may act on an application at the BPS office: take, assign, examine,
consult, propose, sign (never one's own proposal), return, check as walidata,
register a walk-in and print its counter receipt."""

from django.utils.translation import gettext as _

from procedures.applications.models import Application, ApplicationState, Channel, ReviewNote
from procedures.applications.models import ApplicationState as S
from procedures.applications.permissions import FINAL_STATES, in_state, office_role
from procedures.organisations.models import Agency
from procedures.organisations.permissions import (
    OFFICE_ROLES,
    can_confirm_agency,
    is_officer_of,
)
from procedures.organisations.roles import Role
from procedures.rules import YES, Answer, all_of, forbidden, not_now


def can_take(user, application: Application) -> Answer:
    return all_of(office_role(user, application, Role.EXAMINER), in_state(application, S.SUBMITTED))


def can_assign(user, application: Application) -> Answer:
    return all_of(
        office_role(user, application, Role.SIGNATORY, Role.OFFICE_ADMIN),
        in_state(application, S.SUBMITTED, S.IN_REVIEW),
    )


def is_holder(user, application: Application) -> Answer:
    """Only the examiner who holds the application writes its notes and proposal."""
    role = office_role(user, application, Role.EXAMINER)
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
    return all_of(is_holder(user, application), in_state(application, S.IN_REVIEW))


def can_resolve_note(user, note: ReviewNote) -> Answer:
    """Mark a note resolved or not: the examiner holding the application, while
    examining, for a sent note of an earlier version (the one now examined is
    the applicant's answer to it)."""
    answer = can_examine(user, note.application)
    if not answer:
        return answer
    if note.sent_at is None:
        return forbidden(_("Catatan draf belum dikirim ke pemohon."))
    latest = note.application.versions.order_by("-number").values_list("number", flat=True).first()
    if note.version.number >= (latest or 0):
        return not_now(
            _(
                "Catatan pada versi yang sedang diperiksa ditinjau setelah pemohon mengajukan "
                "perbaikannya."
            )
        )
    return YES


def can_consult(user, application: Application) -> Answer:
    processed = (
        set(ApplicationState.values)
        - FINAL_STATES
        - {S.DRAFT, S.AWAITING_WALIDATA, S.WALIDATA_RETURNED}
    )
    return all_of(
        office_role(user, application, Role.EXAMINER, Role.SIGNATORY),
        in_state(
            application,
            *processed,
            message=_(
                "Konsultasi dicatat selama pengajuan diproses, bukan pada status “%(state)s”."
            ),
        ),
    )


def can_answer_consultation(user, application: Application) -> Answer:
    return office_role(user, application, Role.EXAMINER, Role.SIGNATORY)


def can_sign(user, application: Application) -> Answer:
    """The two-person rule: a signatory signs other people's proposals, and
    their own only where the office allows it."""
    answer = all_of(
        office_role(user, application, Role.SIGNATORY),
        in_state(application, S.AWAITING_SIGNATURE),
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
    return all_of(
        office_role(user, application, Role.SIGNATORY),
        in_state(application, S.AWAITING_SIGNATURE),
    )


def can_register_offline(user, agency: Agency) -> Answer:
    if not is_officer_of(user, agency.office_id, Role.EXAMINER):
        return forbidden(_("Instansi ini dilayani kantor BPS lain."))
    if not agency.is_confirmed:
        return not_now(_("Konfirmasi instansi ini terlebih dahulu."))
    return YES


def can_register_offline_for_new_agency(user, agency: Agency) -> Answer:
    """The walk-in of an agency the examiner has just proposed at the counter:
    it may wait for the confirmation, like an applicant's first submission."""
    if not is_officer_of(user, agency.office_id, Role.EXAMINER):
        return forbidden(_("Instansi ini dilayani kantor BPS lain."))
    if agency.is_confirmed or agency.proposed_by_id != user.pk:
        return not_now(_("Pilih instansi yang sudah terdaftar dari daftar."))
    return YES


def can_print_receipt(user, application: Application) -> Answer:
    """The counter receipt of a walk-in: the officers of its own office only
    (an office above reads the application, but did not receive the visitor)."""
    if not is_officer_of(user, application.office_id, *OFFICE_ROLES):
        return forbidden(_("Tanda terima dicetak oleh petugas kantor yang menerima pengajuan."))
    if application.channel != Channel.OFFLINE:
        return forbidden(_("Tanda terima loket hanya untuk pengajuan luring."))
    return YES


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
        "receipt": can_print_receipt(user, application),
    }
