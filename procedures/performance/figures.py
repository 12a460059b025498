"""The public performance figures of the service, computed from the audit trail.

Every application figure is read from `applications.ApplicationEvent` rows,
never from `Application.state`, so the figures always match the trail the
applicant and the office see. For one office (or all: national) and a list of
periods, one query reads the transitions of the applications that matter to
those periods; each application's history is then walked once in Python and
counted into every period (docs/performance.md has the exact definitions):

- received: the first event entering an office state (`submitted`,
  `awaiting_agency`) in the period — walk-ins included, drafts and what still
  waits for the walidata not;
- decided / feasible / not_feasible: `sign` events in the period;
- withdrawn: `withdraw` events in the period of applications already received;
- in_progress: received by the period's end, neither decided nor withdrawn by then;
- working days to decision: the office's working days (`WorkingCalendar`)
  counted only while the state was in `CLOCK_STATES`: the clock stops during
  revision. Median, and the 90th percentile by nearest rank;
- decided within standard: decision date ≤ the `due_on` recorded by the latest
  event that started the clock before the decision;
- revisions per application: `request_revision` events of the period's decided
  applications, divided by decided;
- online / offline: received, by the application's channel.

The complaint figures and the satisfaction index (IKM) are the complaints'
and the surveys' apps' own (`complaint_figures`, `ikm_for`), per period.
"""

import bisect
import datetime
import itertools
import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Exists, OuterRef
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from procedures.applications.models import CLOCK_STATES, ApplicationEvent, Channel
from procedures.applications.models import ApplicationState as S
from procedures.applications.workflow import OFFICE_STATES
from procedures.complaints.figures import ComplaintFigures, complaint_figures
from procedures.organisations.calendar import WorkingCalendar
from procedures.organisations.models import Office, OfficeClosure
from procedures.periods import DEFAULT_KIND, Period, periods_covering, recent_periods
from procedures.surveys.ikm import Ikm, ikm_for

DECISION_KINDS = ("sign",)
TERMINAL_KINDS = ("sign", "withdraw")


# --- Rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerformanceRow:
    """The figures of one office (or national) for one period."""

    period: Period
    received: int
    online: int
    offline: int
    decided: int
    feasible: int
    not_feasible: int
    withdrawn: int
    in_progress: int
    decided_within_standard: int
    within_standard_percent: float | None  # of decided, 1 decimal; None when nothing decided
    median_working_days: float | None
    p90_working_days: int | None
    revisions: int
    revisions_per_application: float | None  # revisions / decided, 2 decimals
    complaints: ComplaintFigures | None = None  # filled by performance_report


@dataclass(frozen=True)
class IkmRow:
    period: Period  # a semester or a year
    ikm: Ikm


@dataclass(frozen=True)
class PerformanceReport:
    office: Office | None  # None: national
    kind: str
    today: datetime.date
    rows: tuple[PerformanceRow, ...]
    ikm_rows: tuple[IkmRow, ...]

    @property
    def latest(self) -> PerformanceRow:
        return self.rows[-1]


def performance_report(
    *, office: Office | None = None, kind: str = DEFAULT_KIND, today: datetime.date | None = None
) -> PerformanceReport:
    """What the page, the API and the CSV show: the recent periods of `kind` up to
    the one containing `today` (a local date; default today in WIB), with the
    complaint figures of each, and the IKM per semester and year of that span."""
    today = today or timezone.localdate()
    periods = recent_periods(kind, today)
    rows = [
        replace(
            row,
            complaints=complaint_figures(office=office, start=row.period.start, end=row.period.end),
        )
        for row in application_figures(office=office, periods=periods)
    ]
    return PerformanceReport(
        office=office,
        kind=kind,
        today=today,
        rows=tuple(rows),
        ikm_rows=tuple(ikm_rows(office=office, start=periods[0].start, end=periods[-1].end)),
    )


def ikm_rows(*, office: Office | None, start: datetime.date, end: datetime.date) -> list[IkmRow]:
    """The IKM of every semester, then every year, overlapping [start, end]."""
    return [
        IkmRow(period, ikm_for(office=office, start=period.start, end=period.end))
        for kind in ("semester", "year")
        for period in periods_covering(kind, start, end)
    ]


# --- The application figures ---------------------------------------------------------------


@dataclass
class History:
    """One application's trail, walked once: what the figures need of it."""

    office_id: int
    channel: str
    received_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    verdict: str = ""
    withdrawn_on: datetime.date | None = None
    due_on: datetime.date | None = None  # in force at the decision
    revisions: int = 0
    # (start, end) local dates of each stretch in a clock state, closed ones only.
    clock_intervals: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)

    @property
    def closed_on(self) -> datetime.date | None:
        """Decided or withdrawn (after it was received): no longer in progress."""
        return self.decided_on or self.withdrawn_on


def application_figures(
    *, office: Office | None, periods: Sequence[Period]
) -> list[PerformanceRow]:
    """The application figures of `office` (None: every office) for each of
    `periods` (oldest first, not overlapping; not necessarily contiguous), in
    one query (and one for the offices' closure days)."""
    if not periods:
        return []
    if any(later.start <= earlier.end for earlier, later in itertools.pairwise(periods)):
        raise ValueError("periods must be in order and not overlap")
    histories = application_histories(
        office=office,
        start=min(period.start for period in periods),
        end=max(period.end for period in periods),
    )
    return rows_for(periods, histories, working_days_to_decision(histories))


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def application_histories(
    *, office: Office | None, start: datetime.date, end: datetime.date
) -> list[History]:
    """The trail of every application that may count in [start, end]: its
    transitions up to `end`, unless it was decided or withdrawn before `start`."""
    since, until = local_midnight(start), local_midnight(end + datetime.timedelta(days=1))
    closed_before = ApplicationEvent.objects.filter(
        application_id=OuterRef("application_id"), kind__in=TERMINAL_KINDS, at__lt=since
    )
    events = (
        ApplicationEvent.objects.filter(at__lt=until)
        .exclude(to_state__in=("", S.DRAFT))  # transitions only; a draft is nobody's work yet
        # Taking, proposing, returning, assigning: the clock runs on, nothing to count.
        .exclude(from_state__in=CLOCK_STATES, to_state__in=CLOCK_STATES)
        .filter(~Exists(closed_before))
        .order_by("application_id", "at", "pk")
    )
    if office is not None:
        events = events.filter(application__office=office)
    # The time as text and only the due date out of each event's data: Django's
    # per-row conversion of datetimes and JSON would cost more than the walk.
    rows = events.annotate(moment=Cast("at", CharField()), due_on=KT("data__due_on")).values_list(
        "application_id",
        "kind",
        "from_state",
        "to_state",
        "moment",
        "due_on",
        "application__office_id",
        "application__channel",
    )
    zone = timezone.get_default_timezone()
    histories: list[History] = []
    current_id, history, clock_since = None, None, None
    for application_id, kind, from_state, to_state, moment, due_on, office_id, channel in rows:
        if application_id != current_id:
            current_id, clock_since = application_id, None
            history = History(office_id=office_id, channel=channel)
            histories.append(history)
        day = local_date(moment, zone)
        if history.received_on is None and to_state in OFFICE_STATES:
            history.received_on = day
        if from_state in CLOCK_STATES and to_state not in CLOCK_STATES and clock_since:
            history.clock_intervals.append((clock_since, day))
            clock_since = None
        if to_state in CLOCK_STATES and from_state not in CLOCK_STATES:
            clock_since = day
            history.due_on = parse_day(due_on)
        if kind == "request_revision":
            history.revisions += 1
        elif kind in DECISION_KINDS:
            history.decided_on, history.verdict = day, to_state
        elif kind == "withdraw" and history.received_on is not None:
            history.withdrawn_on = day
    return [history for history in histories if history.received_on is not None]


def share(part: int, whole: int, *, places: int) -> float | None:
    """part / whole to `places` decimals, rounded half up as a person does (and as
    the IKM is): 5/8 is 0.63, where round() would give the even 0.62."""
    if not whole:
        return None
    exact = Decimal(part) / Decimal(whole)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def local_date(text: str, zone) -> datetime.date:
    """The local date of a stored time read as text: ISO with its offset
    (PostgreSQL), or without one, in UTC, as Django stores it in SQLite."""
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(zone).date()


def parse_day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def working_days_to_decision(histories: list[History]) -> dict[int, int]:
    """id(history) → working days its clock ran, for the decided ones."""
    decided = [history for history in histories if history.decided_on is not None]
    days = [day for history in decided for interval in history.clock_intervals for day in interval]
    if not days:
        return {}
    counter = WorkingDayCounter(
        first=min(days), last=max(days), office_ids={history.office_id for history in decided}
    )
    return {
        id(history): sum(
            counter.between(history.office_id, start, end) for start, end in history.clock_intervals
        )
        for history in decided
    }


class WorkingDayCounter:
    """`WorkingCalendar.working_days_between` for many intervals of several
    offices: one pass over the span per office calendar (national holidays, and
    the office's own closures), then each interval is a subtraction."""

    def __init__(self, *, first: datetime.date, last: datetime.date, office_ids: set[int]):
        self.first = first
        self.length = (last - first).days + 1
        closures = defaultdict(set)
        for office_id, day in OfficeClosure.objects.filter(
            office_id__in=office_ids, date__range=(first, last)
        ).values_list("office_id", "date"):
            closures[office_id].add(day)
        self.closures = dict(closures)
        self.counts: dict[frozenset, list[int]] = {}

    def cumulative(self, closures: frozenset) -> list[int]:
        if closures not in self.counts:
            calendar = WorkingCalendar(closures=closures)
            counts, running = [0] * self.length, 0
            for offset in range(1, self.length):
                running += calendar.is_working_day(self.first + datetime.timedelta(days=offset))
                counts[offset] = running
            self.counts[closures] = counts
        return self.counts[closures]

    def between(self, office_id: int, start: datetime.date, end: datetime.date) -> int:
        counts = self.cumulative(frozenset(self.closures.get(office_id, ())))
        return counts[(end - self.first).days] - counts[(start - self.first).days]


def nearest_rank(values: Sequence[int], percentile: int) -> int:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percentile / 100 * len(ordered))) - 1]


def rows_for(
    periods: Sequence[Period], histories: list[History], working_days: dict[int, int]
) -> list[PerformanceRow]:
    """Each history counted into the period of each of its dates: one pass, then
    a bisection per period for what was in progress at its end."""
    starts = [period.start for period in periods]

    def index(day: datetime.date | None) -> int | None:
        position = bisect.bisect_right(starts, day) - 1 if day else -1
        return position if position >= 0 and day <= periods[position].end else None

    received = [[] for _period in periods]
    decided = [[] for _period in periods]
    withdrawn = [0 for _period in periods]
    for history in histories:
        if (position := index(history.received_on)) is not None:
            received[position].append(history)
        if (position := index(history.decided_on)) is not None:
            decided[position].append(history)
        if (position := index(history.withdrawn_on)) is not None:
            withdrawn[position] += 1
    received_days = sorted(history.received_on for history in histories)
    closed_days = sorted(history.closed_on for history in histories if history.closed_on)
    return [
        row_for(
            period,
            received=received[position],
            decided=decided[position],
            withdrawn=withdrawn[position],
            in_progress=bisect.bisect_right(received_days, period.end)
            - bisect.bisect_right(closed_days, period.end),
            working_days=working_days,
        )
        for position, period in enumerate(periods)
    ]


def row_for(
    period: Period,
    *,
    received: list[History],
    decided: list[History],
    withdrawn: int,
    in_progress: int,
    working_days: dict[int, int],
) -> PerformanceRow:
    durations = [working_days[id(h)] for h in decided]
    within = sum(1 for h in decided if h.due_on is not None and h.decided_on <= h.due_on)
    revisions = sum(h.revisions for h in decided)
    return PerformanceRow(
        period=period,
        received=len(received),
        online=sum(1 for h in received if h.channel == Channel.ONLINE),
        offline=sum(1 for h in received if h.channel == Channel.OFFLINE),
        decided=len(decided),
        feasible=sum(1 for h in decided if h.verdict == S.FEASIBLE),
        not_feasible=sum(1 for h in decided if h.verdict == S.NOT_FEASIBLE),
        withdrawn=withdrawn,
        in_progress=in_progress,
        decided_within_standard=within,
        within_standard_percent=share(100 * within, len(decided), places=1),
        median_working_days=float(statistics.median(durations)) if durations else None,
        p90_working_days=nearest_rank(durations, 90) if durations else None,
        revisions=revisions,
        revisions_per_application=share(revisions, len(decided), places=2),
    )
