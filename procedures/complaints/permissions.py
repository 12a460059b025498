"""Who may read and act on a complaint: the officers of the complaint's office,
nobody else (not the offices above it, not the public). One answer per action,
used by the services (to refuse) and the pages (to show the buttons)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from procedures.organisations.permissions import OFFICE_ROLES, is_officer_of
from procedures.rules import YES, Answer, all_of, forbidden, not_now

from .models import Complaint, ComplaintStatus

# Any officer role of the office follows up its complaints.
COMPLAINT_ROLES = tuple(sorted(OFFICE_ROLES))


def is_complaint_officer(user, office_id: int) -> bool:
    return is_officer_of(user, office_id, *COMPLAINT_ROLES)


def office_complaints(user) -> QuerySet[Complaint]:
    """The complaints of the user's own office; none for anyone else."""
    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None or not is_complaint_officer(user, officer.office_id):
        return Complaint.objects.none()
    return Complaint.objects.filter(office_id=officer.office_id)


def can_view(user, complaint: Complaint) -> Answer:
    if not is_complaint_officer(user, complaint.office_id):
        return forbidden(
            _("Hanya petugas kantor BPS yang menerima pengaduan ini yang dapat membukanya.")
        )
    return YES


def _open(complaint: Complaint) -> Answer:
    if complaint.status == ComplaintStatus.CLOSED:
        return not_now(_("Pengaduan ini sudah selesai; tidak ada tindakan lagi."))
    return YES


def can_assign(user, complaint: Complaint) -> Answer:
    return all_of(can_view(user, complaint), _open(complaint))


def can_answer(user, complaint: Complaint) -> Answer:
    return all_of(can_view(user, complaint), _open(complaint))


def can_close(user, complaint: Complaint) -> Answer:
    return all_of(can_view(user, complaint), _open(complaint))


def complaint_actions(user, complaint: Complaint) -> dict[str, Answer]:
    return {
        "assign": can_assign(user, complaint),
        "answer": can_answer(user, complaint),
        "close": can_close(user, complaint),
    }
