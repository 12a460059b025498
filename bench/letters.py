#!/usr/bin/env python
"""Letter benchmark: procedures.letters.render_letter on generated content, one table.

    .venv/bin/python bench/letters.py [--count 200]

Each letter differs (number, date, addressee, title, verdict, text length from
none to a second page, verification URL). The renderer touches no database;
Django is set up (in a temporary data directory, deleted at the end) only for
its Indonesian date formatting. One letter is
rendered before timing starts, so imports and font loading are not counted.
"""

import argparse
import datetime
import io
import random
import statistics
import sys
import time
from pathlib import Path

from scratch import in_scratch_data_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 50

AGENCIES = [
    "Kepala Bappeda Kabupaten Banjarnegara",
    "Kepala Dinas Kesehatan Kabupaten Banjarnegara",
    "Kepala Dinas Pertanian, Perikanan dan Ketahanan Pangan",
    "Kepala Dinas Pendidikan, Pemuda dan Olahraga",
    "Kepala Dinas Kependudukan dan Pencatatan Sipil",
]
TOPICS = [
    "Survei Kepuasan Masyarakat terhadap Pelayanan Publik",
    "Pendataan Keluarga Berisiko Stunting",
    "Survei Harga Produsen Gabah “Musim Tanam” — Tahap II",
    "Survei Kunjungan Wisatawan ke Dieng & Sekitarnya",
    "Pendataan Usaha Mikro < 10 Tenaga Kerja",
]
SENTENCES = [
    "Kerangka sampel perlu dimutakhirkan dengan data registrasi terbaru.",
    "Konsep dan definisi mengikuti baku yang ditetapkan BPS.",
    "Ukuran sampel n < 400 & margin of error > 5% perlu dijelaskan.",
    "Kuesioner perlu diuji coba sebelum pencacahan lapangan.",
    "Metadata kegiatan agar disampaikan melalui Sistem Informasi Rujukan Statistik.",
]


def contents(count: int, seed: int = 11):
    from procedures.letters.pdf import LetterContent

    rng = random.Random(seed)
    start = datetime.date(2026, 1, 2)
    for n in range(1, count + 1):
        verdict = rng.choice(("feasible", "not_feasible"))
        # Mostly short texts, some none, one in ten long enough for a second page.
        paragraphs = rng.choice((0, 1, 2, 3, 5, 8, 12, 60 if n % 10 == 0 else 4))
        if verdict == "not_feasible":
            paragraphs = max(paragraphs, 1)
        text = "\n".join(rng.choice(SENTENCES) for _ in range(paragraphs))
        reference = f"REK-3304-2026-{n:05d}"
        yield LetterContent(
            office_name="Badan Pusat Statistik Kabupaten Banjarnegara",
            office_address="Jl. Dipayuda No. 3, Banjarnegara 53412",
            office_phone=rng.choice(("(0286) 591234", "")),
            office_email="bps3304@bps.go.id",
            office_website=rng.choice(("https://banjarnegarakab.bps.go.id", "")),
            place="Banjarnegara",
            number=f"B-{n}/33040/KS.000/2026",
            issued_on=start + datetime.timedelta(days=rng.randrange(360)),
            addressee=rng.choice(AGENCIES),
            addressee_address=rng.choice(("", "Jl. Mayjend Panjaitan No. 5, Banjarnegara")),
            title=f"{rng.choice(TOPICS)} {n}",
            year=rng.choice((2026, 2027)),
            reference=reference,
            verdict=verdict,
            text=text,
            signatory_name="Dr. Siti Rahmawati, S.ST., M.Si.",
            signatory_nip="197801012000122001",
            signatory_position="Kepala BPS Kabupaten Banjarnegara",
            verification_url=(
                f"https://banjarnegarakab.bps.go.id/rekomendasi/verifikasi/{reference}/"
                f"{rng.getrandbits(128):032x}"
            ),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    return in_scratch_data_dir("letters", lambda _data_dir: run(args))


def run(args) -> int:
    import django
    import pypdf

    django.setup()
    from procedures.letters.pdf import render_letter

    letters = list(contents(args.count))
    render_letter(letters[0])  # warm-up: imports, font metrics

    timings, sizes = [], []
    pages = 0
    for content in letters:
        started = time.perf_counter()
        pdf = render_letter(content)
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(pdf))
        pages += len(pypdf.PdfReader(io.BytesIO(pdf)).pages)

    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    mean = statistics.fmean(timings)
    print(f"Letter benchmark — render_letter on {args.count:,} generated letters ({pages} pages)")
    print()
    print("| letters | mean ms | p50 ms | p95 ms | max ms | mean PDF KB | max PDF KB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.count:,} | {mean:.1f} | {p50:.1f} | {p95:.1f} | {timings[-1]:.1f} | "
        f"{statistics.fmean(sizes) / 1024:.1f} | {max(sizes) / 1024:.1f} |"
    )
    print()
    print("Goal:")
    verdict = "pass" if p95 <= GOAL_MS else "FAIL"
    print(f"- ≤ {GOAL_MS} ms per letter (p95): {p95:.1f} ms — {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
