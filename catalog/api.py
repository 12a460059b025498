"""The public JSON API, /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Parameters are validated by the same layer as the HTML page
(catalog.selectors.parse_search); any invalid parameter is a 400 whose JSON
names it, never a 500.
"""

import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import BeforeValidator, StringConstraints
from pydantic_core import PydanticUseDefault

from search.backends import SearchUnavailable
from search.documents import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_RESULT_WINDOW

from . import serializers
from .codes import CollectionMethod, Frequency, Sector, indonesian_labels
from .filters import MAX_QUERY_LENGTH, MAX_VALUES_PER_FILTER
from .models import ActivityRecord
from .selectors import InvalidSearch, parse_search, search_activities, similar_activities

api = NinjaAPI(
    title="Rekomstat API",
    version="1",
    description=(
        "Katalog kegiatan statistik yang mendapat rekomendasi BPS. Parameter filter boleh "
        "diulang: nilai dalam satu facet digabung dengan ATAU, antar-facet dengan DAN."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


class ErrorOut(Schema):
    errors: dict[str, list[str]]


class HighlightOut(Schema):
    title: str
    snippet: str


class ActivityOut(Schema):
    id: int
    recommendation_number: str
    title: str
    year: int
    agency: str
    office_code: str
    method: str
    frequency: str
    sector: str
    decided_on: datetime.date
    url: str


class ActivityHitOut(ActivityOut):
    highlight: HighlightOut


class ActivityDetailOut(ActivityOut):
    office_name: str
    method_label: str
    frequency_label: str
    sector_label: str
    coverage: str
    objective: str
    variables: list[str]
    collection_start: datetime.date | None
    collection_end: datetime.date | None
    verification_url: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ActivityHitOut]
    facets: dict[str, list[FacetOut]]


# Pydantic's (English) reasons, said in Indonesian with the fix.
PYDANTIC_MESSAGES = {
    "int_parsing": _("nilai '%(input)s' bukan bilangan bulat; tulis angka, misalnya 2"),
    "int_type": _("nilai '%(input)s' bukan bilangan bulat; tulis angka, misalnya 2"),
    "greater_than_equal": _("nilai '%(input)s' terlalu kecil; paling kecil %(ge)s"),
    "less_than_equal": _("nilai '%(input)s' terlalu besar; paling besar %(le)s"),
    "literal_error": _("nilai '%(input)s' tidak dikenal; gunakan salah satu: %(expected)s"),
    "string_pattern_mismatch": _("nilai '%(input)s' tidak sah"),
    "string_too_long": _("terlalu panjang; paling banyak %(max_length)s karakter"),
    "too_long": _("terlalu banyak nilai; paling banyak %(max_length)s"),
    "missing": _("wajib diisi"),
}


def indonesian_reason(error: dict, given: str) -> str:
    values = {"input": given[:50], **(error.get("ctx") or {})}
    template = PYDANTIC_MESSAGES.get(error.get("type"), _("nilai '%(input)s' tidak sah"))
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(_("nilai tidak sah"))


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """400 naming each parameter, in Indonesian. For the search the catalog's
    own validation layer words it, exactly as the page does."""
    if request.resolver_match and request.resolver_match.url_name == SEARCH_URL_NAME:
        try:
            parse_search(request.GET)
        except InvalidSearch as invalid:
            return api.create_response(request, {"errors": invalid.errors}, status=400)
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = location[1] if location[:1] == ["params"] and len(location) > 1 else None
        name = name or (location[0] if location else "request")
        # django-ninja drops the value from the error; read it back from the request.
        path = request.resolver_match.kwargs if request.resolver_match else {}
        given = str(request.GET.get(name) or path.get(name) or "")
        errors.setdefault(name, []).append(indonesian_reason(error, given))
    return api.create_response(request, {"errors": errors}, status=400)


class ActivityNotFound(Exception):
    def __init__(self, activity_id: int):
        super().__init__(activity_id)
        self.activity_id = activity_id


@api.exception_handler(ActivityNotFound)
def activity_not_found(request, exc: ActivityNotFound):
    message = _("tidak ada kegiatan dengan id %(id)s di katalog") % {"id": exc.activity_id}
    return api.create_response(request, {"errors": {"activity_id": [message]}}, status=404)


def get_record(activity_id: int) -> ActivityRecord:
    record = ActivityRecord.objects.filter(pk=activity_id).first()
    if record is None:
        raise ActivityNotFound(activity_id)
    return record


@api.exception_handler(InvalidSearch)
def invalid_search(request, exc: InvalidSearch):
    return api.create_response(request, {"errors": exc.errors}, status=400)


@api.exception_handler(SearchUnavailable)
def search_unavailable(request, exc: SearchUnavailable):
    return api.create_response(
        request, {"errors": {"search": ["mesin pencari sedang tidak tersedia"]}}, status=503
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _blank_is_absent(value):
    """`page=` or `sort=` (an empty form field) means the default, as on the page."""
    if isinstance(value, str) and not value.strip():
        raise PydanticUseDefault()
    return value


def _without_blanks(values):
    """`sector=` means no sector filter; blank items of a repeated filter are dropped."""
    if isinstance(values, str):
        values = [values]
    return [value for value in values or () if not (isinstance(value, str) and not value.strip())]


def _codes(choices) -> str:
    return "; ".join(f"{code} = {label}" for code, label in indonesian_labels(choices).items())


def _filter(item_type, description: str):
    return Annotated[
        list[item_type],
        BeforeValidator(_without_blanks),
        Field(max_length=MAX_VALUES_PER_FILTER, description=description),
    ]


Year = Annotated[str, StringConstraints(pattern=r"^(19|20|21)\d\d$")]
OfficeCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
Agency = Annotated[str, StringConstraints(max_length=300)]
MethodCode = Literal[tuple(CollectionMethod.values)]
FrequencyCode = Literal[tuple(Frequency.values)]
SectorCode = Literal[tuple(Sector.values)]
REPEAT = " Boleh diulang (ATAU); kosong berarti tanpa filter."


class SearchParameters(Schema):
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description="Kata kunci; 500 karakter pertama yang dicari.",
    )
    year: _filter(Year, "Tahun kegiatan, mis. 2026." + REPEAT) = []
    office: _filter(OfficeCode, "Kode kantor BPS empat angka, mis. 3304." + REPEAT) = []
    agency: _filter(Agency, "Nama instansi penyelenggara, persis." + REPEAT) = []
    method: _filter(MethodCode, "Cara pengumpulan data: " + _codes(CollectionMethod) + ".") = []
    frequency: _filter(FrequencyCode, "Frekuensi: " + _codes(Frequency) + ".") = []
    sector: _filter(SectorCode, "Sektor MS Keg: " + _codes(Sector) + ".") = []
    sort: Annotated[Literal["relevance", "newest"], BeforeValidator(_blank_is_absent)] = Field(
        "relevance", description="relevance (paling relevan) atau newest (terbaru)."
    )
    page: Annotated[int, BeforeValidator(_blank_is_absent)] = Field(
        1,
        ge=1,
        description=(
            f"Nomor halaman; hasil yang dapat dijangkau paling banyak {MAX_RESULT_WINDOW:,} "
            "(halaman terakhir = 10000 / page_size)."
        ),
    )
    page_size: Annotated[int, BeforeValidator(_blank_is_absent)] = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Hasil per halaman, 1–100."
    )


SEARCH_URL_NAME = "search_activities"


@api.get(
    "/activities",
    response={200: SearchOut, 400: ErrorOut, 503: ErrorOut},
    summary="Cari kegiatan terekomendasi",
    url_name=SEARCH_URL_NAME,
)
def list_activities(request, params: Query[SearchParameters]):
    # The schema documents and type-checks; parse_search applies the rules.
    query = parse_search(request.GET)
    page = search_activities(query)
    base_url = _base_url(request)
    return {
        "count": page.total,
        "page": query.page,
        "page_size": query.page_size,
        "results": [
            {
                **serializers.summary(item.record, base_url=base_url),
                "highlight": {"title": item.highlight.title, "snippet": item.highlight.snippet},
            }
            for item in page.results
        ],
        "facets": {
            facet: [{"value": o.value, "label": o.label, "count": o.count} for o in options]
            for facet, options in page.facets.items()
        },
    }


@api.get(
    "/activities/{activity_id}",
    response={200: ActivityDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="Satu kegiatan terekomendasi",
)
def get_activity(request, activity_id: int):
    return serializers.detail(get_record(activity_id), base_url=_base_url(request))


@api.get(
    "/activities/{activity_id}/similar",
    response={200: list[ActivityOut], 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Kegiatan yang mirip",
)
def get_similar(
    request,
    activity_id: int,
    limit: int = Query(5, ge=1, le=20, description="Banyaknya kegiatan mirip, 1–20."),
):
    record = get_record(activity_id)
    base_url = _base_url(request)
    return [
        serializers.summary(similar, base_url=base_url)
        for similar in similar_activities(record, limit=limit)
    ]
