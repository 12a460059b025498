"""Nothing waits unseen: reminders to the office before and on the due date, to
the walidata about what waits for them, alerts to the office's coordinators (and
then its parent office's) about work nobody can take, and escalations to the
signatories. All of it is `send_reminders`.

Safe to run often and concurrently: every message carries a `dedupe_key` naming
the application, the wait it is about and the threshold, so it is queued once
whoever runs first. Each application's messages are queued in one transaction
with their audit events, on the application as locked, so a run that crashes
leaves whole messages (sent after commit, retried by the queue) or none."""

import datetime

from django.db import transaction
from django.utils import timezone

from procedures.applications import services as application_services
from procedures.applications.models import CLOCK_STATES, Application, ApplicationEvent
from procedures.applications.models import ApplicationState as S
from procedures.applications.selectors import (
    entered_current_state,
    remaining_working_days,
    unattended_reason,
)
from procedures.organisations.calendar import calendar_for

from . import emails

REMINDER_DAYS = (5, 0)


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Queue everything due today; the number of messages queued."""
    today = today or timezone.localdate()
    return (
        due_date_reminders(today)
        + walidata_reminders(today)
        + unattended_alerts(today)
        + escalations(today)
    )


def waiting(*states: str):
    return (
        Application.objects.filter(state__in=states)
        .select_related("office__parent", "agency", "examiner")
        .prefetch_related("office__closures")
        .order_by("pk")
    )


def working_days_waited(application: Application, since: ApplicationEvent, today) -> int:
    """Working days of the application's office since the wait began (its day is day 0)."""
    return calendar_for(application.office).working_days_between(
        timezone.localdate(since.at), today
    )


def due_date_reminders(today: datetime.date) -> int:
    """To the examiner: 5 working days before the due date and on it."""
    queued = 0
    running = waiting(*CLOCK_STATES).filter(due_on__gte=today)
    for application in running:
        days_left = remaining_working_days(application, today=today)
        if days_left in REMINDER_DAYS:
            with transaction.atomic():
                if emails.queue_reminder(application, days_left=days_left):
                    queued += 1
    return queued


def still_in(application: Application, *states: str) -> Application | None:
    """The application re-read with its row locked, inside the caller's
    transaction, if it is still in one of `states`: every condition is checked
    on the data as locked, not as listed (an examiner may take it meanwhile),
    and two runs at once work on one application in turn."""
    application = application_services.locked(application)
    return application if application.state in states else None


def walidata_reminders(today: datetime.date) -> int:
    """To the region's walidata: a submission has waited for their check more
    than N working days (the office's `walidata_reminder_working_days`), and
    again after each further N."""
    queued = 0
    for listed in waiting(S.AWAITING_WALIDATA):
        with transaction.atomic():
            queued += remind_walidata(listed, today)
    return queued


def remind_walidata(listed: Application, today: datetime.date) -> int:
    application = still_in(listed, S.AWAITING_WALIDATA)
    if application is None:
        return 0
    since = entered_current_state(application)
    every = application.office.walidata_reminder_working_days
    waited = working_days_waited(application, since, today)
    if waited <= every:
        return 0
    notification = emails.queue_walidata_reminder(
        application, since=since, waited=waited, round_=(waited - 1) // every
    )
    if notification is None:
        return 0
    application_services.record_alert(
        application, notification, alert="walidata_reminder", office=application.office
    )
    return 1


def unattended_alerts(today: datetime.date) -> int:
    """What reached an office nobody can act on: its coordinators are told (the
    submission did already; this catches an examiner who left since), and the
    parent office's once it has waited more than the office's
    `parent_alert_working_days`."""
    queued = 0
    for listed in waiting(S.SUBMITTED, S.AWAITING_AGENCY):
        if unattended_reason(listed) is None:
            continue
        with transaction.atomic():
            queued += alert_unattended(listed, today)
    return queued


def alert_unattended(listed: Application, today: datetime.date) -> int:
    application = still_in(listed, S.SUBMITTED, S.AWAITING_AGENCY)
    if application is None:
        return 0
    queued = application_services.alert_if_unattended(application)
    office = application.office
    threshold = office.parent_alert_working_days
    since = entered_current_state(application)
    if office.parent is not None and working_days_waited(application, since, today) > threshold:
        queued += application_services.alert_if_unattended(
            application, office=office.parent, days=threshold
        )
    return queued


def escalations(today: datetime.date) -> int:
    """To the office's signatories: not taken within the office's
    `take_escalation_working_days`, or due within its
    `due_escalation_working_days` (or overdue) without a proposal."""
    queued = 0
    for listed in waiting(S.SUBMITTED, S.IN_REVIEW):
        with transaction.atomic():
            queued += escalate(listed, today)
    return queued


def escalate(listed: Application, today: datetime.date) -> int:
    application = still_in(listed, S.SUBMITTED, S.IN_REVIEW)
    if application is None:
        return 0
    office = application.office
    alerts = []
    if application.state == S.SUBMITTED:
        since = entered_current_state(application)
        waited = working_days_waited(application, since, today)
        if waited > office.take_escalation_working_days:
            alerts.append((emails.NOT_TAKEN, {"since": since, "waited": waited}))
    days_left = remaining_working_days(application, today=today)
    if days_left is not None and days_left <= office.due_escalation_working_days:
        alerts.append((emails.DUE_SOON, {"days_left": days_left}))
    queued = 0
    for alert, facts in alerts:
        notification = emails.queue_escalation(application, alert, **facts)
        if notification is not None:
            application_services.record_alert(application, notification, alert=alert, office=office)
            queued += 1
    return queued
