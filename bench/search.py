#!/usr/bin/env python
"""Search benchmark: one table, measured in one run on the same generated records.

    .venv/bin/python bench/search.py [--records 100000] [--queries 100] [--publish 30]
    .venv/bin/python bench/search.py --records 1000000 --wagtail-queries 0 --orm-queries 0

Systems, all asked the same query mix (one word, two words, word + filter,
word + filters on three facets), each answering a page of 20 plus the total and,
except the floor, the six facet counts:

- embedded:   search.backends.embedded.EmbeddedIndex.query (what /katalog/ runs:
              tantivy, with highlights)
- tantivy naive: the same tantivy index and query straight through tantivy's
              API, one search and six facet aggregations (bench/search_tantivy.py)
- floor:      the one tantivy search alone, top 20, no count, no facets
- wagtail-db: Wagtail's database search backend (SQLite FTS5) on the same rows
- orm:        the catalog FilterSet's plain `icontains` filter, with
              GROUP BY facet counts
- opensearch, elasticsearch: the cluster backends (search.backends.elasticsearch),
              when --opensearch / --elasticsearch (or OPENSEARCH_URL /
              ELASTICSEARCH_URL, as `make engines` writes them) name a cluster;
              their bulk index rate is a full rebuild through the alias swap

The tantivy systems are asked in turns, query by query, so that whatever else
the machine does weighs on each alike. `--publish N` then measures searches
while another process publishes a document every second for N seconds
(bench/search_publish.py). Everything lives in a temporary data directory that
is deleted at the end.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from scratch import in_scratch_data_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered), p95


def timed(function, mix) -> list[float]:
    return timed_in_turns([function], mix)[0]


def timed_in_turns(functions, mix) -> list[list[float]]:
    """Each query of the mix asked of every function in turn (after one
    round that warms caches: stems, pages, statements)."""
    for function in functions:
        _category, text, filters = mix[0]
        function(text, filters)
    samples = [[] for _function in functions]
    for _category, text, filters in mix:
        for function, taken in zip(functions, samples, strict=True):
            started = time.perf_counter()
            function(text, filters)
            taken.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--wagtail-queries",
        type=int,
        default=4,
        help="Wagtail's backend takes seconds per query at 100,000 records: it answers "
        "the first N queries of the same mix (every category equally)",
    )
    parser.add_argument(
        "--orm-queries",
        type=int,
        default=None,
        help="the ORM answers only the first N queries of the mix (0: not measured; "
        "at 1,000,000 records each takes seconds)",
    )
    parser.add_argument(
        "--publish",
        type=int,
        default=30,
        help="seconds of searching while another process publishes every second (0: none)",
    )
    parser.add_argument(
        "--opensearch", default=os.environ.get("OPENSEARCH_URL", ""), help="cluster URL(s)"
    )
    parser.add_argument(
        "--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", ""), help="node URL"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args()

    return in_scratch_data_dir("search", lambda data_dir: run(args, data_dir), keep=args.keep)


def store_records(count: int) -> None:
    from catalog.demo_data import generate_activities
    from catalog.models import ActivityRecord
    from catalog.publishing import RECORD_FIELDS

    batch = []
    for row in generate_activities(count):
        batch.append(
            ActivityRecord(
                recommendation_number=row["recommendation_number"],
                source=ActivityRecord.Source.IMPORT,
                **{name: row.get(name, "") for name in RECORD_FIELDS},
            )
        )
        if len(batch) == 5_000:
            ActivityRecord.objects.bulk_create(batch)
            batch.clear()
    ActivityRecord.objects.bulk_create(batch)


def run(args, data_dir: Path) -> int:  # noqa: PLR0915 - one linear script
    import django

    django.setup()
    import search_publish
    import search_slow
    import search_tantivy
    from django.core.management import call_command
    from search_mix import query_mix
    from wagtail.search.backends import get_search_backend

    from catalog.documents import ACTIVITY_SCHEMA, CatalogDocumentSource
    from catalog.models import ActivityRecord
    from search.backends.elasticsearch import ElasticsearchIndex, OpenSearchIndex
    from search.backends.embedded import EmbeddedIndex
    from search.documents import SearchQuery

    def say(message):
        print(message, file=sys.stderr, flush=True)

    call_command("migrate", verbosity=0)
    call_command("seed", stdout=open(os.devnull, "w"))  # noqa: SIM115 - offices only

    say(f"Generating and storing {args.records:,} records…")
    started = time.perf_counter()
    store_records(args.records)
    say(f"  stored in {time.perf_counter() - started:.1f} s")

    rates = {}
    index = EmbeddedIndex(data_dir / "bench-index", schema=ACTIVITY_SCHEMA)
    say("Full reindex: embedded (tantivy)…")
    started = time.perf_counter()
    indexed = index.rebuild(CatalogDocumentSource().iter_all())
    rates["embedded"] = indexed / (time.perf_counter() - started)
    say(f"  {indexed:,} documents in {time.perf_counter() - started:.1f} s")

    wagtail = get_search_backend("default")
    if args.wagtail_queries:
        say("Full reindex: Wagtail database backend…")
        started = time.perf_counter()
        records = ActivityRecord.objects.order_by("pk")
        for start in range(0, args.records, 2_000):
            wagtail.add_bulk(ActivityRecord, list(records[start : start + 2_000]))
        rates["wagtail-db"] = args.records / (time.perf_counter() - started)

    clusters = {}
    for engine, url, backend in (
        ("opensearch", args.opensearch, OpenSearchIndex),
        ("elasticsearch", args.elasticsearch, ElasticsearchIndex),
    ):
        if not url:
            continue
        cluster = backend(url=url, index_prefix=f"bench-{os.getpid()}", schema=ACTIVITY_SCHEMA)
        say(f"Full reindex: {engine} ({url})…")
        started = time.perf_counter()
        indexed = cluster.rebuild(CatalogDocumentSource().iter_all())
        rates[engine] = indexed / (time.perf_counter() - started)
        clusters[engine] = cluster

    mix = query_mix(args.queries)

    def embedded(text, filters):
        return index.query(SearchQuery(text=text, filters=filters, page_size=20))

    names = {
        "embedded": "embedded (search/: tantivy, 6 facets, highlights)",
        "naive": "tantivy naive: 1 search + 6 facet aggregations",
        "floor": "tantivy top 20 only (floor)",
    }
    measured = {}
    say("Querying: embedded, tantivy naive and the floor, in turns…")
    samples = timed_in_turns(
        [embedded, search_tantivy.naive(index), search_tantivy.floor(index)], mix
    )
    for key, taken in zip(("embedded", "naive", "floor"), samples, strict=True):
        measured[names[key]] = percentiles(taken)

    others = search_slow.systems(args, mix, wagtail)
    for engine, cluster in clusters.items():

        def on_cluster(text, filters, cluster=cluster):
            return cluster.query(SearchQuery(text=text, filters=filters, page_size=20))

        others.append((f"{engine} (with facets)", on_cluster, mix))
    try:
        for name, function, queries in others:
            say(f"Querying: {name}…")
            measured[name] = percentiles(timed(function, queries))
    finally:
        for cluster in clusters.values():
            cluster.drop()

    reindex = {names["embedded"]: rates["embedded"]}
    for name, _function, _queries in others:
        key = name.split(" ")[0].rstrip(":")
        if key in rates:
            reindex[name] = rates[key]
    print_table(args, mix, measured, names, reindex)

    if args.publish:
        say(f"Searching while another process publishes every second for {args.publish} s…")
        print()
        search_publish.print_report(search_publish.measure(index, mix, args.publish, ROOT))
    return 0


def print_table(args, mix, measured, names, reindex) -> None:
    embedded_p95 = measured[names["embedded"]][1]
    naive_p95 = measured[names["naive"]][1]
    floor_p95 = measured[names["floor"]][1]
    print()
    print(
        f"Search benchmark — {args.records:,} records, {len(mix)} queries "
        f"(one word / two words / word + filter / facets), tantivy {tantivy_version()}, "
        f"{os.cpu_count()} cores"
    )
    print()
    print("| system | p50 ms | p95 ms | p95 vs floor | full reindex records/s |")
    print("|---|---:|---:|---:|---:|")
    for name, (p50, p95) in measured.items():
        rate = f"{reindex[name]:,.0f}" if name in reindex else "–"
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p95 / floor_p95:.1f}× | {rate} |")
    print()
    print("Goals (embedded):")
    print(
        f"- p95 with six facets ≤ tantivy naive in the same run: {embedded_p95:.1f} ms vs "
        f"{naive_p95:.1f} ms ({embedded_p95 / naive_p95:.2f}×) — "
        f"{'met' if embedded_p95 <= naive_p95 else 'NOT met'}"
    )
    wagtail = next((value for name, value in measured.items() if name.startswith("wagtail")), None)
    if wagtail:
        print(
            f"- ≥ 5× faster than Wagtail's database backend: {wagtail[1] / embedded_p95:.1f}× — "
            f"{'met' if wagtail[1] >= 5 * embedded_p95 else 'NOT met'}"
        )


def tantivy_version() -> str:
    from importlib.metadata import version

    return version("tantivy")


if __name__ == "__main__":
    sys.exit(main())
