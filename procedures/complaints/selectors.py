"""Reads for the complaint pages."""

from django.db.models import Count, QuerySet

from procedures.organisations.selectors import office_staff

from .models import Complaint, ComplaintStatus, ComplaintUpdate
from .permissions import COMPLAINT_ROLES


def public_updates(complaint: Complaint) -> list[ComplaintUpdate]:
    """What the complainant reads on the tracking page: the answers and the
    closing note, oldest first; assignments and officers' names stay inside."""
    return [update for update in complaint.updates.all() if update.is_public]


def trail(complaint: Complaint) -> QuerySet[ComplaintUpdate]:
    return complaint.updates.select_related("actor")


def complaint_officers(office_id: int):
    """Who a complaint of the office may be given to."""
    return office_staff(office_id, *COMPLAINT_ROLES)


def status_counts(complaints: QuerySet[Complaint]) -> list[tuple[str, str, int]]:
    counts = dict(
        complaints.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(code, label, counts.get(code, 0)) for code, label in ComplaintStatus.choices]
