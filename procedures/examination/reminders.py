"""Reminders to the office before and on the due date."""

import datetime

from django.db import transaction
from django.utils import timezone

from procedures.applications.models import CLOCK_STATES, Application
from procedures.applications.selectors import remaining_working_days

from . import emails

REMINDER_DAYS = (5, 0)


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Queue the reminders due today: 5 working days before the due date and on
    it. Each is keyed, so running this often sends each reminder once."""
    today = today or timezone.localdate()
    queued = 0
    running = Application.objects.filter(state__in=CLOCK_STATES, due_on__gte=today).select_related(
        "office", "agency", "examiner"
    )
    for application in running:
        days_left = remaining_working_days(application, today=today)
        if days_left in REMINDER_DAYS:
            with transaction.atomic():
                if emails.queue_reminder(application, days_left=days_left):
                    queued += 1
    return queued
