#!/usr/bin/env python
"""Search benchmark: one table, measured in one run on the same generated records.

    .venv/bin/python bench/search.py [--records 100000] [--queries 100]

Systems, all asked the same query mix (one word, two words, word + filter,
word + filters on two facets), each answering a page of 20 plus the total and,
except the floor, the six facet counts:

- embedded:   search.backends.embedded.EmbeddedIndex.query (what /katalog/ runs)
- raw FTS5:   one ranked MATCH on the same index file, top 20, no count, no
              facets: the floor no FTS5 search can beat
- wagtail-db: Wagtail's database search backend (SQLite FTS5) on the same rows
- orm:        the catalog FilterSet's plain `icontains` filter, with
              GROUP BY facet counts
- opensearch, elasticsearch: the cluster backends (search.backends.elasticsearch),
              when --opensearch / --elasticsearch (or OPENSEARCH_URL /
              ELASTICSEARCH_URL, as `make engines` writes them) name a cluster;
              their bulk index rate is a full rebuild through the alias swap

Everything lives in a temporary data directory that is deleted at the end.
"""

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "pertanian",
    "petani",
    "kesehatan",
    "penduduk",
    "pelayanan",
    "harga",
    "pendidikan",
    "wisatawan",
    "miskin",
    "balita",
    "usaha",
    "perikanan",
    "ternak",
    "air",
    "kendaraan",
    "kepuasan",
    "pangan",
    "sekolah",
    "tenaga kerja",
    "rumah",
]
PAIRS = [
    ("survei", "kesehatan"),
    ("pendataan", "keluarga"),
    ("kepuasan", "pelayanan"),
    ("harga", "produsen"),
    ("usaha", "mikro"),
    ("status", "gizi"),
    ("petani", "pupuk"),
    ("kunjungan", "wisatawan"),
    ("kualitas", "air"),
    ("angkatan", "kerja"),
]
FACET_NAMES = ("year", "office", "agency", "method", "frequency", "sector")


def query_mix(count: int, seed: int = 7) -> list[tuple[str, str, dict]]:
    """(category, text, filters) — the same list for every system."""
    rng = random.Random(seed)
    years = [str(y) for y in range(2019, 2027)]
    mix = []
    for position in range(count):
        kind = position % 4
        if kind == 0:
            mix.append(("one word", rng.choice(WORDS), {}))
        elif kind == 1:
            mix.append(("two words", " ".join(rng.choice(PAIRS)), {}))
        elif kind == 2:
            mix.append(("word + filter", rng.choice(WORDS), {"year": (rng.choice(years),)}))
        else:
            filters = {
                "year": tuple(rng.sample(years, 2)),
                "office": ("3304",),
                "method": ("2", "1"),
            }
            mix.append(("facets", rng.choice(WORDS), filters))
    return mix


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered), p95


def timed(function, mix) -> list[float]:
    _category, text, filters = mix[0]  # warm caches (stems, snapshot, pages, statements)
    function(text, filters)
    samples = []
    for _category, text, filters in mix:
        started = time.perf_counter()
        function(text, filters)
        samples.append((time.perf_counter() - started) * 1000)
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
        "--opensearch", default=os.environ.get("OPENSEARCH_URL", ""), help="cluster URL(s)"
    )
    parser.add_argument(
        "--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", ""), help="node URL"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="rekomstat-bench-"))
    os.environ["REKOMSTAT_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
    try:
        return run(args, data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args, data_dir: Path) -> int:  # noqa: PLR0915 - one linear script
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from wagtail.search.backends import get_search_backend

    from catalog.demo_data import generate_activities
    from catalog.documents import ACTIVITY_SCHEMA, CatalogDocumentSource
    from catalog.filters import ActivityFilterSet
    from catalog.models import ActivityRecord
    from catalog.publishing import RECORD_FIELDS
    from search import analysis
    from search.backends.elasticsearch import ElasticsearchIndex, OpenSearchIndex
    from search.backends.embedded import EmbeddedIndex
    from search.documents import SearchQuery

    def say(message):
        print(message, file=sys.stderr, flush=True)

    call_command("migrate", verbosity=0)
    call_command("seed", stdout=open(os.devnull, "w"))  # noqa: SIM115 - offices only

    say(f"Generating and storing {args.records:,} records…")
    started = time.perf_counter()
    batch = []
    for row in generate_activities(args.records):
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
    say(f"  stored in {time.perf_counter() - started:.1f} s")

    rates = {}
    index = EmbeddedIndex(data_dir / "bench-index.sqlite3", schema=ACTIVITY_SCHEMA)
    say("Full reindex: embedded…")
    started = time.perf_counter()
    indexed = index.rebuild(CatalogDocumentSource().iter_all())
    rates["embedded"] = indexed / (time.perf_counter() - started)

    say("Full reindex: Wagtail database backend…")
    wagtail = get_search_backend("default")
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
    field_of = {"office": "office_code"}

    def embedded(text, filters):
        return index.query(SearchQuery(text=text, filters=filters, page_size=20))

    floor_connection = sqlite3.connect(data_dir / "bench-index.sqlite3")

    def raw_fts5(text, filters):
        match = " ".join(f'"{term}"' for term in analysis.query_terms(text))
        clauses = " ".join(
            f"AND d.{name} IN ({', '.join('?' * len(values))})" for name, values in filters.items()
        )
        params = [match, *(v for values in filters.values() for v in values)]
        sql = (
            "SELECT d.id FROM terms JOIN docs d ON d.rowid = terms.rowid "
            f"WHERE terms MATCH ? {clauses} ORDER BY terms.rank LIMIT 20"
        )
        return floor_connection.execute(sql, params).fetchall()

    def filtered(filters, skip=None):
        queryset = ActivityRecord.objects.all()
        for name, values in filters.items():
            if name != skip:
                queryset = queryset.filter(**{f"{field_of.get(name, name)}__in": values})
        return queryset

    def wagtail_db(text, filters):
        results = wagtail.search(text, filtered(filters))
        page = list(results[:20])
        total = results.count()
        facets = {
            name: wagtail.search(text, filtered(filters, skip=name)).facet(field_of.get(name, name))
            for name in FACET_NAMES
            if name != "agency"  # Wagtail can only facet on FilterFields; agency is not one
        }
        return page, total, facets

    def orm(text, filters):
        def matching(skip=None):
            data = {"q": text, **{k: list(v) for k, v in filters.items() if k != skip}}
            return ActivityFilterSet(data=data, queryset=ActivityRecord.objects.all()).qs

        page = list(matching()[:20])
        total = matching().count()
        facets = {
            name: list(
                matching(skip=name)
                .order_by()
                .values(field_of.get(name, name))
                .annotate(n=Count("pk"))
            )
            for name in FACET_NAMES
        }
        return page, total, facets

    wagtail_mix = mix[: args.wagtail_queries]
    systems = [
        ("embedded (search/, with facets)", embedded, mix),
        ("raw FTS5 MATCH, top 20 (floor)", raw_fts5, mix),
        (
            f"Wagtail database backend (with facets; {len(wagtail_mix)} queries)",
            wagtail_db,
            wagtail_mix,
        ),
        ("ORM icontains (with facets)", orm, mix),
    ]
    for engine, cluster in clusters.items():

        def on_cluster(text, filters, cluster=cluster):
            return cluster.query(SearchQuery(text=text, filters=filters, page_size=20))

        systems.append((f"{engine} (with facets)", on_cluster, mix))
    measured = {}
    try:
        for name, function, queries in systems:
            say(f"Querying: {name}…")
            measured[name] = percentiles(timed(function, queries))
    finally:
        for cluster in clusters.values():
            cluster.drop()

    embedded_p95 = measured[systems[0][0]][1]
    floor_p95 = measured[systems[1][0]][1]
    wagtail_p95 = measured[systems[2][0]][1]
    print()
    print(
        f"Search benchmark — {args.records:,} records, {len(mix)} queries "
        f"(one word / two words / word + filter / facets), SQLite {sqlite3.sqlite_version}"
    )
    print()
    print("| system | p50 ms | p95 ms | p95 vs floor | full reindex records/s |")
    print("|---|---:|---:|---:|---:|")
    reindex = {systems[0][0]: rates["embedded"], systems[2][0]: rates["wagtail-db"]}
    reindex.update({f"{engine} (with facets)": rates[engine] for engine in clusters})
    for name, _function, _queries in systems:
        p50, p95 = measured[name]
        rate = f"{reindex[name]:,.0f}" if name in reindex else "–"
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p95 / floor_p95:.1f}× | {rate} |")
    print()
    print("Goals (embedded):")
    print(
        f"- p95 ≤ 30 ms with facets: {embedded_p95:.1f} ms — "
        f"{'met' if embedded_p95 <= 30 else 'NOT met'}"
    )
    print(
        f"- ≤ 2× the raw FTS5 floor: {embedded_p95 / floor_p95:.1f}× — "
        f"{'met' if embedded_p95 <= 2 * floor_p95 else 'NOT met'}"
    )
    print(
        f"- ≥ 5× faster than Wagtail's database backend: {wagtail_p95 / embedded_p95:.1f}× — "
        f"{'met' if wagtail_p95 >= 5 * embedded_p95 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
