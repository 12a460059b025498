"""Deterministic demo records of recommended statistical activities.

`generate_activities` yields realistic (but invented) records of *kegiatan
statistik sektoral* that received a BPS recommendation: titles, agencies,
objectives and variables are built from per-sector topic templates, so the
method, sector, variables and objective of a record fit its title. The
vocabulary is content, in `site/content/demo/` (read and checked by
`catalog.demo_content`); this module only draws from it. Output depends only on
the arguments and that content (one `random.Random(seed)`), contains no personal
data, and is cheap per record: everything that can be is prepared once per call,
so 100,000 records take well under two seconds.

Used by `manage.py seed --demo` (a few hundred records) and by benchmarks;
`write_csv` writes rows as a catalog import CSV.
"""

import datetime
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from . import csv_cells
from .demo_content import VARIABLE_SEPARATOR, load_demo_content
from .validation import IMPORT_COLUMNS

DEMO_OFFICES: tuple[tuple[str, str, str], ...] = (
    ("3304", "BPS Kabupaten Banjarnegara", "Kabupaten Banjarnegara"),
    ("3300", "BPS Provinsi Jawa Tengah", "Provinsi Jawa Tengah"),
    ("0000", "Badan Pusat Statistik", ""),
)
"""(office code, office name, region named in agency names; "" for the
central office, whose records come from ministries and national agencies)."""

DEMO_OFFICE_WEIGHTS = {"3304": 12, "3300": 5, "0000": 3}  # 60% / 25% / 15%

CSV_COLUMNS = IMPORT_COLUMNS


class _Variant(NamedTuple):
    """One topic × kind × subject, prepared for one office."""

    title: str
    method: str
    sector: str
    agencies: tuple[str, ...]
    first_sentences: tuple[str, ...]
    use_sentences: tuple[str, ...]
    notes: tuple[str, ...]
    variable_sets: tuple[tuple[str, ...], ...]
    frequencies: tuple[str, ...]


_VARIABLE_SETS_PER_TOPIC = 16


def _variable_sets(rng: random.Random, variables: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A few subsets of 3–10 variables, in template order, always with the first."""
    rest = range(1, len(variables))
    sets = []
    for _ in range(_VARIABLE_SETS_PER_TOPIC):
        k = rng.randint(3, min(10, len(variables)))
        picked = sorted(rng.sample(rest, k - 1))
        sets.append((variables[0], *(variables[i] for i in picked)))
    return tuple(sets)


def _office_kind(code: str, region: str) -> str:
    if not region or code == "0000":
        return "pusat"
    return "provinsi" if code.endswith("00") else "kabupaten"


def _working_days(year: int) -> tuple[str, ...]:
    day = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31).toordinal()
    return tuple(
        datetime.date.fromordinal(ordinal).isoformat()
        for ordinal in range(day.toordinal(), end + 1)
        if datetime.date.fromordinal(ordinal).weekday() < 5
    )


def generate_activities(
    count: int,
    *,
    seed: int = 3304,
    offices=DEMO_OFFICES,
    years: range = range(2019, 2027),
) -> Iterator[dict]:
    """Yield `count` activity records (dicts).

    Keys: recommendation_number (unique; "B-{seq}/{office_code}0/KS.000/{year}",
    seq counting per office and year from 1), title, year, agency, office_code,
    office_name, method, frequency, coverage, sector (codes of `catalog.codes`),
    objective (1–3 sentences), variables (3–10 names) and decided_on (an ISO
    working day within `year`). The same arguments give the same records.
    """
    offices = tuple(tuple(office) for office in offices)
    years = tuple(years)
    if count > 0 and (not offices or not years):
        raise ValueError("generate_activities needs at least one office and one year")
    if len({office[0] for office in offices}) != len(offices):
        raise ValueError("office codes must be distinct (recommendation numbers would repeat)")

    content = load_demo_content()
    phrases, all_topics = content.phrases, content.topics.topic
    rng = random.Random(seed)
    r = rng.random

    variable_sets = [_variable_sets(rng, topic.variables) for topic in all_topics]

    # Per office: its variants, sub-areas and weight.
    office_data = []
    for code, name, region in offices:
        kind = _office_kind(code, region)
        area = f"di {region}" if kind != "pusat" else "di seluruh Indonesia"
        topics = []
        for topic, var_sets in zip(all_topics, variable_sets, strict=True):
            if kind == "pusat":
                agencies = topic.central
            else:
                agencies = tuple(f"{stem} {region}" for stem in topic.agencies)
            use_sentences = tuple(
                template.format(use=use) for template in phrases.use_sentences for use in topic.uses
            )
            frequencies = content.topics.frequencies[topic.frequencies]
            variants = []
            for kind_word in topic.kinds:
                method = phrases.kinds[kind_word]
                first = tuple(f"{lead} {topic.focus} {area}." for lead in phrases.leads[method])
                for subject in topic.subjects:
                    variants.append(
                        _Variant(
                            title=f"{kind_word} {subject}",
                            method=method,
                            sector=topic.sector,
                            agencies=agencies,
                            first_sentences=first,
                            use_sentences=use_sentences,
                            notes=phrases.method_notes[method],
                            variable_sets=var_sets,
                            frequencies=frequencies,
                        )
                    )
            topics.append(tuple(variants))
        whole = content.areas.national if kind == "pusat" else region
        sub_areas = content.areas.sub_areas.get(code) or (
            content.areas.provinces if kind == "pusat" else ()
        )
        office_data.append((code, name, region, whole, sub_areas, tuple(topics)))

    default = offices == DEMO_OFFICES
    office_bag = tuple(
        index
        for index, (code, _name, _region) in enumerate(offices)
        for _ in range(DEMO_OFFICE_WEIGHTS[code] if default else 1)
    )
    # Recent years a little more often: weights 3, 4, 5, …
    year_bag = tuple(index for index in range(len(years)) for _ in range(index + 3))
    days = tuple(_working_days(year) for year in years)
    sequences = [[0] * len(years) for _ in offices]
    year_texts = tuple(str(year) for year in years)

    n_office_bag = len(office_bag)
    n_year_bag = len(year_bag)
    n_topics = len(all_topics)
    sample = rng.sample

    for _ in range(count):
        office_index = office_bag[int(r() * n_office_bag)]
        code, office_name, region, whole, sub_areas, topics = office_data[office_index]
        year_index = year_bag[int(r() * n_year_bag)]
        year = years[year_index]
        sequence = sequences[office_index]
        sequence[year_index] += 1

        variants = topics[int(r() * n_topics)]
        variant = variants[int(r() * len(variants))]

        # Coverage: mostly the whole region, sometimes one to a few smaller areas.
        area = region
        if sub_areas and r() < 0.25:
            chosen = sample(sub_areas, 1 + int(r() * 3))
            coverage = ", ".join(chosen)
            if len(chosen) == 1:
                area = coverage
        else:
            coverage = whole

        # Title: the bare variant or qualified by area and/or year.
        q = r()
        if q < 0.4:
            title = variant.title
        elif not area:
            title = f"{variant.title} Tahun {year}" if q < 0.75 else variant.title
        elif q < 0.7:
            title = f"{variant.title} {area}"
        elif q < 0.9:
            title = f"{variant.title} {area} Tahun {year}"
        else:
            title = f"{variant.title} Tahun {year}"

        first = variant.first_sentences
        objective = first[int(r() * len(first))]
        q = r()
        if q >= 0.3:
            uses = variant.use_sentences
            objective = f"{objective} {uses[int(r() * len(uses))]}"
            if q >= 0.8:
                notes = variant.notes
                objective = f"{objective} {notes[int(r() * len(notes))]}"

        agencies = variant.agencies
        variable_sets_ = variant.variable_sets
        frequencies = variant.frequencies
        year_days = days[year_index]
        yield {
            "recommendation_number": DEMO_NUMBER.format(
                sequence=sequence[year_index], office_code=code, year=year_texts[year_index]
            ),
            "title": title,
            "year": year,
            "agency": agencies[int(r() * len(agencies))],
            "office_code": code,
            "office_name": office_name,
            "method": variant.method,
            "frequency": frequencies[int(r() * len(frequencies))],
            "coverage": coverage,
            "sector": variant.sector,
            "objective": objective,
            "variables": list(variable_sets_[int(r() * len(variable_sets_))]),
            "decided_on": year_days[int(r() * len(year_days))],
        }


DEMO_NUMBER = "B-{sequence}/{office_code}0/KS.000/{year}"


def dated_before(rows: Iterable[dict], *, day: datetime.date, spread_days: int = 120) -> list[dict]:
    """The rows as earlier recommendations of offices that start numbering their
    letters here on `day`: every decision dated before `day` (a later one moves,
    in its order, onto the working days of the `spread_days` before it), and
    renumbered so that within an office and year the numbers increase with the
    dates. Titles and every other field stay as generated."""
    rows = [dict(row) for row in rows]
    window = tuple(
        moment.isoformat()
        for offset in range(spread_days, 0, -1)
        if (moment := day - datetime.timedelta(days=offset)).weekday() < 5
    )
    late = sorted(
        (row for row in rows if row["decided_on"] >= day.isoformat()),
        key=lambda row: row["decided_on"],
    )
    for position, row in enumerate(late):
        row["decided_on"] = window[position * len(window) // len(late)]
    sequences: dict[tuple[str, str], int] = {}
    for row in sorted(rows, key=lambda row: row["decided_on"]):  # stable: generation order
        year = row["decided_on"][:4]
        sequence = sequences[row["office_code"], year] = (
            sequences.get((row["office_code"], year), 0) + 1
        )
        row["recommendation_number"] = DEMO_NUMBER.format(
            sequence=sequence, office_code=row["office_code"], year=year
        )
    return rows


def write_csv(rows: Iterable[dict], path) -> int:
    """Write rows as an import CSV (UTF-8, header `CSV_COLUMNS`, variables joined
    with ";", no office_name column); returns the number of rows written."""
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv_cells.dict_writer(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            line = {column: row[column] for column in CSV_COLUMNS}
            line["variables"] = VARIABLE_SEPARATOR.join(row["variables"])
            writer.writerow(line)
            written += 1
    return written
