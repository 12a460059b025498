"""Activities that may be the same activity as one being designed ("kegiatan
serupa"): `/api/v1/activities/similar`, the FRKSS form's panel, the warning on
submission and the examiner's panel all ask here.

Two steps, so that every search backend gives the same answer:

1. **Candidates** from the engine: one `SearchQuery(match_any=True)` over the
   title, the variables and the objective (any word may match; the engine ranks
   by BM25), up to `CANDIDATES` ids.
2. **Score and reasons** computed here, in Python, from the records in the
   database: shared title words, shared variables, shared objective words, the
   same agency, the same region (BPS office) and overlapping years. The score
   is deterministic (0–1, three decimals), so candidates found by any backend
   are ranked and explained identically.

The same `compare()` scores the office's applications still in progress (the
examination page builds their `ActivityProfile` from the design); the catalog
never reads applications itself.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search import analysis
from search.backends import get_index
from search.documents import SearchQuery

from .fields import YEAR_RANGE
from .filters import InvalidSearch, SearchTextField
from .models import ActivityRecord
from .synonyms import current_synonyms

# How many candidates the engine is asked for (one request, ids only).
CANDIDATES = 200
DEFAULT_LIMIT = 10
MAX_LIMIT = 20
# At or above this score a record is a near-duplicate: "Ajukan" warns (without
# blocking) and the API marks it `near_duplicate`.
NEAR_DUPLICATE_SCORE = 0.65
# Below this score a candidate is not listed at all; nor when its title,
# variables and objective are each less alike than MIN_TEXT_SIMILARITY (the
# same agency and year alone do not make the same activity).
MIN_SCORE = 0.3
MIN_TEXT_SIMILARITY = 0.3
TEXT_PARTS = ("title", "variables", "objective")

# The weight of each comparison in the score. A comparison counts only when the
# activity being designed says something about it (a title typed, variables
# listed, an agency named...), and the score is divided by the weights that
# counted: a title alone can make a full match; an unknown agency neither helps
# nor hurts.
WEIGHTS = {
    "title": 0.50,
    "variables": 0.25,
    "objective": 0.05,
    "agency": 0.10,
    "region": 0.05,
    "years": 0.05,
}
# Words of a title or objective that say little about WHICH activity it is:
# the kind of activity, and where or when (the region and the years are compared
# on their own). They still count, at a fraction of a word's weight.
GENERIC_WORDS = frozenset(
    analysis.stem(word)
    for word in """survei sensus pendataan data kompilasi statistik kegiatan tahun tahunan
    indonesia nasional daerah wilayah regional kabupaten kota provinsi kecamatan desa
    kelurahan""".split()
)
GENERIC_WEIGHT = 0.15
# A region's name follows these words ("Kabupaten Banjarnegara", "Provinsi Jawa
# Tengah"): that many following words are the region, weighted as generic.
REGION_MARKERS = {
    "kabupaten": 2,
    "kab": 2,
    "kota": 2,
    "kecamatan": 2,
    "desa": 2,
    "kelurahan": 2,
    "provinsi": 3,
    "prov": 3,
}
# Shared words listed in a reason, at most.
SHOWN_WORDS = 8

MAX_TITLE = 500
MAX_OBJECTIVE = 5_000
MAX_AGENCY = 300
MAX_VARIABLES = 100
MAX_VARIABLE_LENGTH = 200


@dataclass(frozen=True)
class ActivityProfile:
    """What is compared of an activity: a catalog record, an application's
    design, or what an applicant is typing. Empty values are unknown."""

    title: str = ""
    objective: str = ""
    variables: tuple[str, ...] = ()
    agency: str = ""
    # The BPS office whose region the activity belongs to (its code), and its name.
    region: str = ""
    region_name: str = ""
    years: frozenset[int] = frozenset()

    @property
    def has_text(self) -> bool:
        return bool(analysis.terms(self.title) or analysis.terms(self.objective)) or any(
            analysis.terms(variable) for variable in self.variables
        )


@dataclass(frozen=True)
class Reason:
    """Why two activities look alike: a stable `code` for programs, an
    Indonesian `text` for people, and the shared `values` it names."""

    code: str
    text: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Similarity:
    score: float
    reasons: tuple[Reason, ...]
    shared_variables: tuple[str, ...] = ()
    # The closest of the title, variables and objective (0–1).
    text_similarity: float = 0.0

    @property
    def listed(self) -> bool:
        """Worth showing: close enough, and alike in what the activity is about
        (not merely the same agency or year, or a shared "survei")."""
        return self.score >= MIN_SCORE and self.text_similarity >= MIN_TEXT_SIMILARITY

    @property
    def near_duplicate(self) -> bool:
        return self.score >= NEAR_DUPLICATE_SCORE

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass(frozen=True)
class SimilarRecord:
    record: ActivityRecord
    similarity: Similarity


# -- comparing two profiles ---------------------------------------------------


# Titles, objectives and variable names repeat across records and requests.
# Bounded: an objective may be 5,000 characters, so at most about 20 MB.
ANALYSIS_CACHE_SIZE = 4_096


@lru_cache(maxsize=ANALYSIS_CACHE_SIZE)
def _weighted_words(text: str) -> dict[str, tuple[float, str]]:
    """{stem: (weight, first word spelling it)} of a title or objective:
    stopwords and numbers dropped, generic and region words light."""
    weighted: dict[str, tuple[float, str]] = {}
    region_left = 0
    for word in analysis.words(text):
        if word in analysis.STOPWORDS or word.isdigit():
            region_left = 0
            continue
        stem = analysis.stem(word)
        if word in REGION_MARKERS:
            weight, region_left = GENERIC_WEIGHT, REGION_MARKERS[word]
        elif region_left:
            weight, region_left = GENERIC_WEIGHT, region_left - 1
        else:
            weight = GENERIC_WEIGHT if stem in GENERIC_WORDS else 1.0
        known = weighted.get(stem)
        if known is None or weight > known[0]:
            weighted[stem] = (weight, known[1] if known else word)
    return weighted


def _word_overlap(mine: str, theirs: str) -> tuple[float, tuple[str, ...]] | None:
    """Weighted Dice coefficient of two texts' words, and the shared words
    (as `theirs` spells them, the meaningful ones first); None when either
    text has no words."""
    a, b = _weighted_words(mine), _weighted_words(theirs)
    if not a or not b:
        return None
    shared = [stem for stem in b if stem in a]
    total = sum(w for w, _word in a.values()) + sum(w for w, _word in b.values())
    overlap = 2 * sum(min(a[stem][0], b[stem][0]) for stem in shared) / total
    shown = sorted(shared, key=lambda stem: -b[stem][0])  # stable: title order within a weight
    return overlap, tuple(b[stem][1] for stem in shown)


@lru_cache(maxsize=ANALYSIS_CACHE_SIZE)
def _variable_key(name: str) -> frozenset[str]:
    return frozenset(analysis.terms(name))


def _same_variable(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same variable, in other words: the same stems, or all the stems of
    one (at least two) within the other ("Luas panen" ~ "Luas panen padi")."""
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 2 and (a <= b or b <= a))


def _shared_variables(mine: Iterable[str], theirs: Iterable[str]) -> tuple[float, tuple[str, ...]]:
    """Each of my variables paired with at most one of theirs (an exact match
    first); the score is the mean of the shares matched on either side."""
    mine_keys = [key for key in map(_variable_key, mine) if key]
    their_named = [(name, _variable_key(name)) for name in theirs]
    their_named = [(name, key) for name, key in their_named if key]
    if not mine_keys or not their_named:
        return 0.0, ()
    free = list(range(len(their_named)))
    matched: list[int] = []
    for key in mine_keys:
        exact = [i for i in free if their_named[i][1] == key]
        close = exact or [i for i in free if _same_variable(key, their_named[i][1])]
        if close:
            free.remove(close[0])
            matched.append(close[0])
    share = (len(matched) / len(mine_keys) + len(matched) / len(their_named)) / 2
    return share, tuple(their_named[i][0] for i in sorted(matched))


def _normal(text: str) -> str:
    return " ".join(analysis.words(text))


def _compare_words(parts, reasons, part, mine, theirs, code, message) -> None:
    """Score one free-text part (title, objective) and give the shared words as a reason."""
    overlap = _word_overlap(mine, theirs)
    if overlap is None:
        return
    parts[part] = overlap[0]
    if overlap[1]:
        words = overlap[1][:SHOWN_WORDS]
        reasons.append(Reason(code, message % {"words": ", ".join(words)}, words))


def compare(mine: ActivityProfile, theirs: ActivityProfile) -> Similarity:
    """How much `theirs` looks like `mine` (the activity being designed), and why."""
    parts: dict[str, float] = {}
    reasons: list[Reason] = []
    shared_variables: tuple[str, ...] = ()

    _compare_words(
        parts,
        reasons,
        "title",
        mine.title,
        theirs.title,
        "shared_title_terms",
        _("Judul memuat kata yang sama: %(words)s"),
    )
    mine_variables = [v for v in mine.variables if _variable_key(v)]
    if mine_variables and any(_variable_key(v) for v in theirs.variables):
        parts["variables"], shared_variables = _shared_variables(mine_variables, theirs.variables)
        if shared_variables:
            reasons.append(
                Reason(
                    "shared_variables",
                    _("Variabel yang sama: %(variables)s")
                    % {"variables": "; ".join(shared_variables)},
                    shared_variables,
                )
            )
    _compare_words(
        parts,
        reasons,
        "objective",
        mine.objective,
        theirs.objective,
        "shared_objective_terms",
        _("Tujuan memuat kata yang sama: %(words)s"),
    )
    if _normal(mine.agency):
        parts["agency"] = float(_normal(mine.agency) == _normal(theirs.agency))
        if parts["agency"]:
            reasons.append(
                Reason(
                    "same_agency",
                    _("Instansi penyelenggara sama: %(agency)s") % {"agency": theirs.agency},
                    (theirs.agency,),
                )
            )
    if mine.region:
        parts["region"] = float(mine.region == theirs.region)
        if parts["region"]:
            name = theirs.region_name or mine.region_name or theirs.region
            reasons.append(
                Reason(
                    "same_region",
                    _("Wilayah sama: %(region)s") % {"region": name},
                    (theirs.region,),
                )
            )
    if mine.years:
        overlap = sorted(mine.years & theirs.years)
        parts["years"] = float(bool(overlap))
        if overlap:
            years = tuple(str(year) for year in overlap)
            reasons.append(
                Reason(
                    "overlapping_years",
                    _("Tahun pelaksanaan bertumpang tindih: %(years)s")
                    % {"years": ", ".join(years)},
                    years,
                )
            )
    counted = sum(WEIGHTS[name] for name in parts)
    score = sum(WEIGHTS[name] * value for name, value in parts.items()) / counted if counted else 0
    return Similarity(
        score=round(score, 3),
        reasons=tuple(reasons),
        shared_variables=shared_variables,
        text_similarity=round(max(parts.get(name, 0.0) for name in TEXT_PARTS), 3),
    )


def year_span(first: int | None, last: int | None) -> frozenset[int]:
    """The years from `first` to `last` (either may be missing), at most 20."""
    known = [year for year in (first, last) if year]
    if not known:
        return frozenset()
    start, end = min(known), max(known)
    return frozenset(range(start, min(end, start + 19) + 1))


def record_profile(record: ActivityRecord) -> ActivityProfile:
    collection = year_span(
        record.collection_start and record.collection_start.year,
        record.collection_end and record.collection_end.year,
    )
    return ActivityProfile(
        title=record.title,
        objective=record.objective,
        variables=tuple(record.variables or ()),
        agency=record.agency,
        region=record.office_code,
        region_name=record.office_name,
        years=frozenset({record.year}) | collection,
    )


# -- candidates from the engine, scored here -------------------------------


def candidate_query(profile: ActivityProfile) -> SearchQuery | None:
    """Any word of the title, the variables or the objective (in that order:
    the engine reads the first 500 characters and 24 terms)."""
    text = " ".join([profile.title, *profile.variables, profile.objective])
    if not analysis.query_terms(text):
        return None
    return SearchQuery(text=text, match_any=True, with_facets=False, synonyms=current_synonyms())


def rank(
    profile: ActivityProfile, records: Iterable[ActivityRecord], *, limit: int
) -> list[SimilarRecord]:
    """The records worth listing, best first: score, then the newest decision,
    then the recommendation number (the catalog's own tie order)."""
    scored = [SimilarRecord(record, compare(profile, record_profile(record))) for record in records]
    listed = [item for item in scored if item.similarity.listed]
    listed.sort(key=lambda item: item.record.recommendation_number)
    listed.sort(key=lambda item: item.record.decided_on, reverse=True)
    listed.sort(key=lambda item: item.similarity.score, reverse=True)
    return listed[:limit]


def similar_records(
    profile: ActivityProfile,
    *,
    limit: int = DEFAULT_LIMIT,
    exclude_ids: Iterable[int] = (),
) -> list[SimilarRecord]:
    """Catalog records most likely to be the same activity as `profile`.
    Raises search.backends.SearchUnavailable when the engine cannot answer."""
    query = candidate_query(profile)
    if query is None:
        return []
    ids = get_index().ids(query, limit=CANDIDATES)
    excluded = set(exclude_ids)
    pks = [int(i) for i in ids if i.isdigit() and int(i) not in excluded]
    return rank(profile, ActivityRecord.objects.in_bulk(pks).values(), limit=limit)


# -- the API's parameters, checked by one form --------------------------------


class VariablesField(forms.Field):
    """Variable names: the parameter repeated (`?variables=A&variables=B`) or
    one value separated by `;` or new lines (as the catalog import writes them)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        if value in (None, "", []):
            return []
        values = [value] if isinstance(value, str) else list(value)
        names = []
        for item in values:
            for name in str(item).replace("\n", ";").split(";"):
                name = " ".join(name.split())
                if name:
                    names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VARIABLES:
            raise forms.ValidationError(
                _("terlalu banyak variabel; paling banyak %(n)d") % {"n": MAX_VARIABLES}
            )
        for name in value:
            if len(name) > MAX_VARIABLE_LENGTH:
                raise forms.ValidationError(
                    _("nama variabel '%(name)s…' terlalu panjang; paling banyak %(n)d karakter")
                    % {"name": name[:30], "n": MAX_VARIABLE_LENGTH}
                )


TOO_LONG = gettext_lazy("terlalu panjang; paling banyak %(limit_value)d karakter")
WHOLE_NUMBER = {
    "invalid": gettext_lazy("harus bilangan bulat, misalnya 2026"),
    "min_value": gettext_lazy("paling kecil %(limit_value)s"),
    "max_value": gettext_lazy("paling besar %(limit_value)s"),
}


class SimilarActivityForm(forms.Form):
    """The parameters of /api/v1/activities/similar. help_text is each
    parameter's description in the OpenAPI document."""

    title = SearchTextField(
        required=False,
        max_length=MAX_TITLE,
        error_messages={"max_length": TOO_LONG},
        help_text="Judul kegiatan yang dirancang.",
    )
    objective = SearchTextField(
        required=False,
        max_length=MAX_OBJECTIVE,
        error_messages={"max_length": TOO_LONG},
        help_text="Tujuan kegiatan.",
    )
    variables = VariablesField(
        required=False,
        help_text=(
            "Nama variabel yang dikumpulkan: parameter diulang, atau satu nilai dipisah «;». "
            f"Paling banyak {MAX_VARIABLES} variabel, {MAX_VARIABLE_LENGTH} karakter masing-masing."
        ),
    )
    agency = SearchTextField(
        required=False,
        max_length=MAX_AGENCY,
        error_messages={"max_length": TOO_LONG},
        help_text="Nama instansi penyelenggara (dibandingkan persis, tanpa beda huruf besar).",
    )
    year = forms.IntegerField(
        required=False,
        min_value=YEAR_RANGE[0],
        max_value=YEAR_RANGE[1],
        error_messages=WHOLE_NUMBER,
        help_text="Tahun pelaksanaan, mis. 2027.",
    )
    office = forms.RegexField(
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": gettext_lazy("tulis kode kantor BPS empat angka, mis. 3304")},
        help_text="Kode kantor BPS (wilayah) kegiatan, mis. 3304; dibandingkan dengan kantor "
        "pemberi rekomendasi.",
    )
    limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        error_messages=WHOLE_NUMBER,
        help_text=f"Banyaknya kegiatan, 1–{MAX_LIMIT} (bawaan {DEFAULT_LIMIT}).",
    )

    def clean(self):
        cleaned = super().clean()
        described = [name for name in ("title", "objective", "variables") if cleaned.get(name)]
        if not described and not self.errors:
            self.add_error(
                "title",
                _(
                    "isi paling sedikit satu dari title (judul), objective (tujuan) atau "
                    "variables (variabel)"
                ),
            )
        return cleaned


def clean_similar_parameters(data: Mapping) -> tuple[ActivityProfile, int]:
    """The profile to compare and the limit; raises InvalidSearch naming each
    bad parameter."""

    def given(name):
        if name == "variables" and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    form = SimilarActivityForm(data={name: given(name) for name in SimilarActivityForm.base_fields})
    if not form.is_valid():
        raise InvalidSearch(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    cleaned = form.cleaned_data
    profile = ActivityProfile(
        title=" ".join(cleaned["title"].split()),
        objective=" ".join(cleaned["objective"].split()),
        variables=tuple(cleaned["variables"]),
        agency=" ".join(cleaned["agency"].split()),
        region=cleaned["office"] or "",
        years=frozenset({cleaned["year"]}) if cleaned["year"] else frozenset(),
    )
    return profile, cleaned["limit"] or DEFAULT_LIMIT


def _parameter_schema(form_field: forms.Field) -> dict[str, Any]:
    if isinstance(form_field, VariablesField):
        return {
            "type": "array",
            "items": {"type": "string", "maxLength": MAX_VARIABLE_LENGTH},
            "maxItems": MAX_VARIABLES,
        }
    if isinstance(form_field, forms.IntegerField):
        return {"type": "integer", "minimum": form_field.min_value, "maximum": form_field.max_value}
    if isinstance(form_field, forms.RegexField):
        return {"type": "string", "pattern": form_field.regex.pattern}
    return {"type": "string", "maxLength": form_field.max_length}


def openapi_parameters() -> list[dict[str, Any]]:
    """The query parameters as OpenAPI states them, read from the form that checks them."""
    parameters = []
    for name, form_field in SimilarActivityForm.base_fields.items():
        schema = _parameter_schema(form_field)
        if name == "limit":
            schema["default"] = DEFAULT_LIMIT
        parameters.append(
            {
                "in": "query",
                "name": name,
                "required": False,
                "description": str(form_field.help_text),
                "schema": schema,
                **({"style": "form", "explode": True} if schema["type"] == "array" else {}),
            }
        )
    return parameters


def as_json(item: SimilarRecord) -> dict[str, Any]:
    """`score`, `near_duplicate` and `reasons` of one result (the API adds the record)."""
    return {
        "score": item.similarity.score,
        "near_duplicate": item.similarity.near_duplicate,
        "reasons": [
            {"code": reason.code, "text": reason.text, "values": list(reason.values)}
            for reason in item.similarity.reasons
        ],
    }
