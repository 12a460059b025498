#!/usr/bin/env python
"""Memory of the query analysis under random queries: one table.

    .venv/bin/python bench/stemmer_memory.py [--queries 100000] [--tracemalloc] [--unbounded]

Runs `--queries` random queries (three made-up words and one real one each,
so nearly every word is new) through `search.analysis.query_terms`, what every
search does first, and prints the resident memory of the process (and, with
`--tracemalloc`, the Python heap) at every quarter. `--unbounded` puts back
Sastrawi's own CachedStemmer, which kept every word ever stemmed, to show what
the bounded cache fixed.
"""

import argparse
import gc
import random
import string
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REAL_WORDS = (
    "survei pertanian pendataan kemiskinan kesejahteraan pelayanan perizinan "
    "penduduk kesehatan pendidikan perikanan peternakan ketenagakerjaan"
).split()


def rss_mb() -> float:
    """Resident set size of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def random_query(rng: random.Random) -> str:
    made_up = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 14))) for _ in range(3)]
    return " ".join([*made_up, rng.choice(REAL_WORDS)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap")
    parser.add_argument(
        "--unbounded", action="store_true", help="Sastrawi's own word cache, as before the fix"
    )
    args = parser.parse_args()

    from search import analysis

    if args.unbounded:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        analysis._stemmer = StemmerFactory().create_stemmer()
    analysis.stem.cache_clear()
    if args.tracemalloc:
        tracemalloc.start()

    rng = random.Random(3304)
    checkpoints = {round(args.queries * quarter / 4) for quarter in range(5)}
    rows = []
    started = time.perf_counter()
    for done in range(args.queries + 1):
        if done in checkpoints:
            gc.collect()
            traced = tracemalloc.get_traced_memory()[0] / 2**20 if args.tracemalloc else None
            own = getattr(getattr(analysis._stemmer, "cache", None), "data", {})
            rows.append((done, rss_mb(), traced, analysis.stem.cache_info().currsize, len(own)))
            print(f"  {done:,} queries", file=sys.stderr, flush=True)
        if done < args.queries:
            analysis.query_terms(random_query(rng))
    elapsed = time.perf_counter() - started

    base = rows[0][1]
    print(
        f"\n{'bounded (search.analysis)' if not args.unbounded else 'unbounded (Sastrawi cache)'}"
        f", {args.queries:,} random queries in {elapsed:.0f} s"
        f" (stem cache bound {analysis.STEM_CACHE_SIZE:,} words)\n"
    )
    heap = " Python heap MB |" if args.tracemalloc else ""
    print(f"| queries | RSS MB | RSS growth MB |{heap} stem cache | Sastrawi cache |")
    print(f"|---:|---:|---:|{'---:|' if args.tracemalloc else ''}---:|---:|")
    for done, rss, traced, cached, own in rows:
        heap = f" {traced:.1f} |" if traced is not None else ""
        print(f"| {done:,} | {rss:.1f} | {rss - base:+.1f} |{heap} {cached:,} | {own:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
