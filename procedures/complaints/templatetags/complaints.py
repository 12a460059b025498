"""`{% load complaints %}`: what a higher app's page shows about complaints (the
officers' queue links to them with the number still open) without importing
this app."""

from django import template

from procedures.complaints.models import ComplaintStatus
from procedures.complaints.permissions import office_complaints

register = template.Library()


@register.simple_tag
def open_complaints_count(user) -> int:
    """Complaints of the officer's office not yet closed (0 for anyone else)."""
    return office_complaints(user).exclude(status=ComplaintStatus.CLOSED).count()
