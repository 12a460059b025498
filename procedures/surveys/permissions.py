"""Who may answer, enter and read the satisfaction survey. The online answer
needs no account (the signed link is the key); entering a paper questionnaire
and reading the report (with the suggestions) is for the office's officers."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.applications.models import Application
from procedures.organisations.models import Office
from procedures.organisations.permissions import is_officer_of, readable_office_ids
from procedures.organisations.roles import Role
from procedures.rules import YES, Answer, forbidden, not_now

from .links import LinkStatus, link_status

# Every officer of the office serves walk-in applicants and may read the results.
SURVEY_ROLES = (Role.EXAMINER, Role.SIGNATORY, Role.OFFICE_ADMIN)

REASONS = {
    LinkStatus.UNDECIDED: gettext_lazy(
        "Survei kepuasan dibuka setelah keputusan atas pengajuan ini ditandatangani."
    ),
    LinkStatus.ANSWERED: gettext_lazy(
        "Survei kepuasan untuk pengajuan ini sudah dijawab. Setiap pengajuan dijawab "
        "satu kali; terima kasih atas penilaian Anda."
    ),
    LinkStatus.EXPIRED: gettext_lazy(
        "Tautan survei ini sudah tidak berlaku: survei dapat diisi sampai 30 hari setelah "
        "keputusan."
    ),
}


def _reason(status: LinkStatus) -> str:
    return str(REASONS[status])


def can_answer_online(application: Application) -> Answer:
    """Whoever holds the link, while it is open: decided, unanswered, within 30 days."""
    status = link_status(application)
    if status != LinkStatus.OPEN:
        return not_now(_reason(status))
    return YES


def can_enter_paper_response(user, application: Application) -> Answer:
    """An officer of the application's own office enters a walk-in applicant's
    paper questionnaire, once, after the decision (at any time: the paper was
    filled at the counter)."""
    if not is_officer_of(user, application.office_id, *SURVEY_ROLES):
        return forbidden(
            _(
                "Hanya petugas kantor BPS yang menangani pengajuan ini yang dapat mencatat "
                "surveinya."
            )
        )
    status = link_status(application)
    if status in (LinkStatus.UNDECIDED, LinkStatus.ANSWERED):
        return not_now(_reason(status))
    return YES


def can_read_report(user, office: Office) -> Answer:
    """The IKM and the suggestions of an office: its officers, and the officers of
    a higher office that reads the offices below it."""
    if is_officer_of(user, office.pk, *SURVEY_ROLES) or office.pk in readable_office_ids(user):
        return YES
    return forbidden(_("Hasil survei kepuasan hanya untuk petugas kantor BPS tersebut."))
