"""The query mix of `bench/search.py`: the same list of (category, text,
filters) for every system — one word, two words, a word with a year filter, a
word with filters on three facets."""

import random

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
