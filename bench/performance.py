#!/usr/bin/env python
"""Performance-page benchmark: the figures of /kinerja/ on generated trails, one table.

    .venv/bin/python bench/performance.py [--applications 1000,5000,20000] [--repeat 5]

For each size N, N applications of office 3304 are added with their audit
trail over the two years before "today" (so a year's figures also skip a
year of history), and half as many again across the other seeded offices
(national). A trail is what the services write: created, submitted (with the
due date), taken, for a third a revision and a resubmission, proposed, then
signed (feasible or not) or, for one in twenty, withdrawn; the newest stay in
progress; three attachment events each, which the figures must skip. Rows are
written with bulk inserts (the services would take hours at this size), and
`procedures.performance.figures.performance_report` is timed for the office
and national, per month (12 rows), quarter (8) and year (5): the best and the
median of `--repeat` runs, after one warm-up. Everything lives in a temporary
data directory (SQLite) deleted at the end.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
import tomllib
import zoneinfo
from pathlib import Path

from scratch import in_scratch_data_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = datetime.date(2026, 11, 20)
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
GOAL_MS = 1000  # a busy office's figures must not take seconds ...
GOAL_PER_YEAR = 2500  # ... up to this many applications a year in that office


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    return in_scratch_data_dir("performance", lambda _data_dir: run(args))


def run(args) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sizes = sorted(int(size) for size in args.applications.split(","))
    world = World.create()
    rng = random.Random(16)
    print("Performance figures — performance_report on generated audit trails (SQLite)")
    print()
    print("| applications (3304 + others) | events | scope | period | rows | best ms | median ms |")
    print("|---:|---:|---|---|---:|---:|---:|")
    worst = 0.0
    made = 0
    for size in sizes:
        world.add(size - made, office_code="3304", rng=rng)
        world.add((size - made) // 2, office_code=None, rng=rng)
        made = size
        from procedures.applications.models import ApplicationEvent

        events = ApplicationEvent.objects.count()
        total = size + size // 2
        for scope, office in (("3304", world.offices["3304"]), ("national", None)):
            for kind in ("month", "quarter", "year"):
                best, median, rows = timed(office, kind, args.repeat)
                if scope == "3304" and size / 2 <= GOAL_PER_YEAR:  # two years of them
                    worst = max(worst, median)
                print(
                    f"| {total:,} ({size:,} + {size // 2:,}) | {events:,} | {scope} | {kind} "
                    f"| {rows} | {best:.0f} | {median:.0f} |"
                )
    print()
    verdict = "met" if worst <= GOAL_MS else "NOT met"
    print(
        f"Goal: one office's figures in ≤ {GOAL_MS} ms (median): worst {worst:.0f} ms — {verdict}"
    )
    return 0


def timed(office, kind: str, repeat: int) -> tuple[float, float, int]:
    from procedures.performance.figures import performance_report

    report = performance_report(office=office, kind=kind, today=TODAY)  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        performance_report(office=office, kind=kind, today=TODAY)
        samples.append((time.perf_counter() - started) * 1000)
    return min(samples), statistics.median(samples), len(report.rows)


class World:
    """Offices, one agency and one user per office, and the bulk writer."""

    def __init__(self, offices, agencies, user):
        self.offices, self.agencies, self.user = offices, agencies, user
        self.count = 0

    @classmethod
    def create(cls):
        from procedures.accounts.models import User
        from procedures.organisations.models import Agency, AgencyLevel
        from procedures.organisations.services import upsert_offices

        with (ROOT / "site" / "content" / "offices.toml").open("rb") as handle:
            offices = {o.code: o for o in upsert_offices(records=tomllib.load(handle)["office"])}
        user = User.objects.create_user(email="bench@bps.go.id", password="x")  # noqa: S106
        agencies = {
            code: Agency.objects.create(
                name=f"Dinas {code}",
                level=AgencyLevel.REGENCY,
                region_code=code,
                region_name=f"Wilayah {code}",
                address="Jl. Contoh",
                office=office,
            )
            for code, office in offices.items()
        }
        return cls(offices, agencies, user)

    def add(self, count: int, *, office_code: str | None, rng: random.Random) -> None:
        from django.db import transaction

        from procedures.applications.models import Application, ApplicationEvent
        from procedures.organisations.calendar import WorkingCalendar

        calendar = WorkingCalendar()
        codes = [office_code] if office_code else [c for c in self.offices if c != "3304"]
        applications = []
        for _ in range(count):
            self.count += 1
            code = rng.choice(codes)
            applications.append(
                Application(
                    reference=f"REK-{code}-B-{self.count:07d}",
                    agency=self.agencies[code],
                    office=self.offices[code],
                    created_by=self.user,
                    channel="offline" if rng.random() < 0.15 else "online",
                    title=f"Kegiatan {self.count}",
                )
            )
        # The trail's times are the story's, not the insert's.
        at_field = ApplicationEvent._meta.get_field("at")
        at_field.auto_now_add = False
        try:
            with transaction.atomic():
                Application.objects.bulk_create(applications, batch_size=500)
                events = []
                for application in applications:
                    events += trail(application, rng, calendar)
                ApplicationEvent.objects.bulk_create(events, batch_size=2000)
        finally:
            at_field.auto_now_add = True


def trail(application, rng: random.Random, calendar) -> list:
    from procedures.applications.models import ApplicationEvent

    start = TODAY - datetime.timedelta(days=rng.randrange(730))
    moments = iter(range(8, 24))
    events = []

    def event(kind, day, from_state="", to_state="", data=None):
        if day > TODAY:
            return False
        at = datetime.datetime.combine(day, datetime.time(next(moments)), tzinfo=JAKARTA)
        events.append(
            ApplicationEvent(
                application=application,
                kind=kind,
                from_state=from_state,
                to_state=to_state,
                at=at,
                data=data or {},
            )
        )
        return True

    def clock_start(kind, day, from_state):
        due = calendar.add_working_days(day, 30)
        return event(kind, day, from_state, "submitted", {"due_on": due.isoformat()})

    event("created", start - datetime.timedelta(days=3), to_state="draft")
    for kind in ("attachment_added",) * 3:
        event(kind, start - datetime.timedelta(days=2))
    if not clock_start("submit", start, "draft"):
        return events
    day = start + datetime.timedelta(days=rng.randrange(1, 5))
    if rng.random() < 0.05:
        event("withdraw", day, "submitted", "withdrawn")
        return events
    if not event("take", day, "submitted", "in_review"):
        return events
    if rng.random() < 0.33:
        day += datetime.timedelta(days=rng.randrange(3, 20))
        if not event("request_revision", day, "in_review", "revision_requested"):
            return events
        day += datetime.timedelta(days=rng.randrange(2, 25))
        if not clock_start("resubmit", day, "revision_requested"):
            return events
        day += datetime.timedelta(days=1)
        if not event("take", day, "submitted", "in_review"):
            return events
    day += datetime.timedelta(days=rng.randrange(5, 45))
    if not event("propose", day, "in_review", "awaiting_signature"):
        return events
    day += datetime.timedelta(days=rng.randrange(0, 5))
    verdict = "feasible" if rng.random() < 0.85 else "not_feasible"
    event("sign", day, "awaiting_signature", verdict, {"verdict": verdict})
    return events


if __name__ == "__main__":
    sys.exit(main())
