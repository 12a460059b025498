"""The demo's procedures in the order `seed --demo` makes them."""

from django.db import transaction

from . import (
    demo_admin,
    demo_applications_exist,
    ensure_demo_applications,
    ensure_demo_people,
)
from .history import ComplaintDesk, build_history


@transaction.atomic
def ensure_demo_procedures(
    note, *, history: bool = True, complaint_desk: ComplaintDesk | None = None
) -> None:
    """Agencies and officers, then — once — a year of history (its complaints
    filed at `complaint_desk`) and one application of the demo applicant per
    state. `note(created, label)` reports to the seed command. A database whose
    demo was made without the history keeps it so: a history added later would
    take letter numbers after today's letters."""
    ensure_demo_people(note)
    if demo_applications_exist():
        note(False, "pengajuan contoh")
        return
    if history:
        # First: its letters are dated in the past, so they take the year's
        # numbers before the letters signed today.
        build_history(note, admin=demo_admin(), complaint_desk=complaint_desk)
    ensure_demo_applications(note)
