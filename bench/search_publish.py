"""Searches while another process publishes (`bench/search.py --publish N`).

A separate Python process (as the task worker is) upserts one new document
and commits it every second; this process asks the query mix of the embedded
backend all the while and, between two searches, looks for the newest
publication (its title holds a word of its own). Printed: the latency of all
searches meanwhile and of the first search after each commit (the one that
reloads what changed), also beyond the usual time of the same query (the
stall a write causes), how long a publication took, and how long until a
commit was visible to this reader in another process.
"""

import json
import os
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from search.documents import SearchQuery

PUBLISHER = """
import datetime, json, sys, time
import django
django.setup()
from catalog.documents import ACTIVITY_SCHEMA
from search.backends.embedded import EmbeddedIndex
from search.documents import Document

index = EmbeddedIndex(sys.argv[1], schema=ACTIVITY_SCHEMA)
count, started = int(sys.argv[2]), time.time()
facets = dict(year="2026", office="3304", agency="Dinas Pertanian", method="2",
              frequency="tahunan", sector="1")
for n in range(count):
    time.sleep(max(0.0, started + n + 1 - time.time()))
    texts = {text.name: "" for text in ACTIVITY_SCHEMA.text_fields}
    texts[ACTIVITY_SCHEMA.title_field] = f"Survei Terbitan Bench terbit{n}x"
    document = Document(
        id=f"bench-{n}", date=datetime.date(2026, 6, 1), key=f"BENCH-{n}",
        facets=facets, texts=texts, updated_at=datetime.datetime.now(datetime.UTC))
    before = time.time()
    index.upsert([document])
    print(json.dumps({"n": n, "before": before, "committed": time.time()}), flush=True)
"""


def token(n: int) -> str:
    return f"terbit{n}x"


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def measure(index, mix: list, seconds: int, root: Path) -> dict:
    """Run the publisher for `seconds` publications while searching."""
    publisher = subprocess.Popen(  # noqa: S603 - our own code
        [sys.executable, "-c", textwrap.dedent(PUBLISHER), str(index.path), str(seconds)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        text=True,
    )
    commits: dict[int, dict] = {}

    def read_commits():
        for line in publisher.stdout:
            event = json.loads(line)
            commits[event["n"]] = event

    reader = threading.Thread(target=read_commits, daemon=True)
    reader.start()
    searches, seen, position, waiting, deadline = [], {}, 0, 0, None
    while True:
        if deadline is None and publisher.poll() is not None:
            reader.join(5)  # every commit it printed is read
            deadline = time.time() + 5  # the last ones: seen within 5 s or reported unseen
        if deadline is not None and (waiting not in commits or time.time() > deadline):
            break
        which = position % len(mix)
        _category, text, filters = mix[which]
        position += 1
        started = time.time()
        index.query(SearchQuery(text=text, filters=filters, page_size=20))
        searches.append((started, time.time() - started, which))
        if index.ids(SearchQuery(text=token(waiting)), limit=1):
            seen[waiting] = time.time()
            waiting += 1
    reader.join(5)
    return _report(searches, commits, seen)


def _report(searches, commits, seen) -> dict:
    latencies = [duration * 1000 for _started, duration, _which in searches]
    first = set()
    for event in commits.values():
        after = [i for i, search in enumerate(searches) if search[0] >= event["committed"]]
        if after:
            first.add(after[0])
    # The same query's usual time, from the searches that followed no commit:
    # what a first search after a commit took beyond it is the write's stall.
    usual: dict[int, list[float]] = {}
    for i, (_started, duration, which) in enumerate(searches):
        if i not in first:
            usual.setdefault(which, []).append(duration * 1000)
    first_after = [searches[i][1] * 1000 for i in sorted(first)]
    stalls = [
        searches[i][1] * 1000 - statistics.median(usual[searches[i][2]])
        for i in sorted(first)
        if usual.get(searches[i][2])
    ]
    visible = [(seen[n] - event["committed"]) * 1000 for n, event in commits.items() if n in seen]
    publishing = [(event["committed"] - event["before"]) * 1000 for event in commits.values()]
    nan = float("nan")
    return {
        "searches": len(latencies),
        "publications": len(commits),
        "p50": statistics.median(latencies),
        "p95": _percentile(latencies, 0.95),
        "p99": _percentile(latencies, 0.99),
        "max": max(latencies),
        "first_p99": _percentile(first_after, 0.99) if first_after else nan,
        "first_max": max(first_after, default=nan),
        "stall_p50": statistics.median(stalls) if stalls else nan,
        "stall_p99": _percentile(stalls, 0.99) if stalls else nan,
        "stall_max": max(stalls, default=nan),
        "publish_p50": statistics.median(publishing) if publishing else nan,
        "publish_max": max(publishing, default=nan),
        "visible_p50": statistics.median(visible) if visible else nan,
        "visible_max": max(visible, default=nan),
        "unseen": len(commits) - len(visible),
    }


def print_report(report: dict) -> None:
    r = report
    print(
        f"Searches while another process publishes one document a second "
        f"({r['publications']} publications, {r['searches']} searches):"
    )
    print()
    print("| measure | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|")
    rows = [
        ("every search (with facets)", r["p50"], r["p99"], r["max"]),
        ("first search after each commit", None, r["first_p99"], r["first_max"]),
        ("… beyond the same query's usual time", r["stall_p50"], r["stall_p99"], r["stall_max"]),
        ("publication (upsert + commit)", r["publish_p50"], None, r["publish_max"]),
        ("commit visible to the reader", r["visible_p50"], None, r["visible_max"]),
    ]
    for name, *values in rows:
        cells = " | ".join("–" if value is None else f"{value:.1f}" for value in values)
        print(f"| {name} | {cells} |")
    print()
    unseen = f", {r['unseen']} not seen" if r["unseen"] else ""
    seen_in_time = r["visible_max"] <= 1000 and not r["unseen"]
    print("Goals (publishing):")
    print(
        f"- every commit seen within 1 s: at most {r['visible_max']:.0f} ms{unseen} — "
        f"{'met' if seen_in_time else 'NOT met'}"
    )
    print(
        f"- no search stalls more than 50 ms after a write: the first search after "
        f"a commit took at most {r['stall_max']:+.1f} ms beyond the same query's usual "
        f"time — {'met' if r['stall_max'] <= 50 else 'NOT met'}"
    )
