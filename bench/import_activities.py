#!/usr/bin/env python
"""Import benchmark: `manage.py import_activities` on generated files, one table.

    .venv/bin/python bench/import_activities.py [--records 100000]

Each format is imported into a fresh temporary data directory (SQLite and the
embedded index), with indexing done as in production: the index jobs written
with each batch are applied when it commits.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages are beside bench/
PYTHON = sys.executable

from catalog.demo_data import CSV_COLUMNS, generate_activities, write_csv  # noqa: E402


def write_jsonl(rows: Iterable[dict], path) -> int:
    """Write rows as import JSON Lines (UTF-8, one object per line with the keys of
    `CSV_COLUMNS`, variables as a list); returns the number of rows written."""
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            line = {column: row[column] for column in CSV_COLUMNS}
            handle.write(json.dumps(line, ensure_ascii=False))
            handle.write("\n")
            written += 1
    return written


def manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SEARCH_BACKEND"}
    }
    env["REKOMSTAT_DATA_DIR"] = str(data_dir)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    rows = []
    for suffix, writer in ((".csv", write_csv), (".jsonl", write_jsonl)):
        data_dir = Path(tempfile.mkdtemp(prefix="rekomstat-bench-import-"))
        try:
            manage(data_dir, "migrate", "--noinput")
            manage(data_dir, "seed")
            path = data_dir / f"activities{suffix}"
            writer(generate_activities(args.records, seed=99), path)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            manage(data_dir, "import_activities", str(path))
            seconds = time.perf_counter() - started
            peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
            status = manage(data_dir, "search_index", "status").stdout
            indexed = next(line for line in status.splitlines() if "Di indeks" in line)
            rows.append((suffix, seconds, peak / 1024, indexed.split(":", 1)[1].strip()))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    print(f"Import benchmark — {args.records:,} generated rows, SQLite + embedded index")
    print()
    print("| file | seconds | rows/s | peak memory MB | indexed after import |")
    print("|---|---:|---:|---:|---|")
    for suffix, seconds, peak_mb, indexed in rows:
        print(
            f"| {suffix} | {seconds:.1f} | {args.records / seconds:,.0f} | {peak_mb:.0f} | "
            f"{indexed} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
