"""The public JSON API, /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Search parameters are validated once, by the layer the HTML page uses (the
FilterSet behind `ActivitySearch.from_parameters`); the search endpoint
declares no parameters of its own to django-ninja, and its OpenAPI
parameters are derived from that FilterSet (`catalog.filters.openapi_parameters`).
The response schemas are derived from the field declaration (`catalog.fields`).
Any invalid parameter is a 400 whose JSON names it, never a 500.
"""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field, create_model

from search.backends import SearchUnavailable

from . import serializers, similarity, suggestions
from .fields import DETAIL_FIELDS, SUMMARY_FIELDS, RecordField
from .filters import openapi_parameters
from .models import ActivityRecord
from .search import ActivitySearch, InvalidSearch

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


PYTHON_TYPES = {
    "text": str,
    "long_text": str,
    "code": str,
    "office": str,
    "year": int,
    "date": datetime.date,
    "list": list[str],
}


def _schema_fields(fields: tuple[RecordField, ...]) -> dict:
    return {
        field.name: (
            PYTHON_TYPES[field.kind]
            if field.required or field.kind != "date"
            else PYTHON_TYPES[field.kind] | None,
            ...,
        )
        for field in fields
    }


ActivityOut = create_model(
    "ActivityOut",
    __base__=Schema,
    id=(int, ...),
    **_schema_fields(SUMMARY_FIELDS),
    url=(str, ...),
)
ActivityHitOut = create_model("ActivityHitOut", __base__=ActivityOut, highlight=(HighlightOut, ...))
ActivityDetailOut = create_model(
    "ActivityDetailOut",
    __base__=ActivityOut,
    **{f"{name}_label": (str, ...) for name in serializers.LABELLED},
    **_schema_fields(DETAIL_FIELDS),
)


class TitlesOut(Schema):
    titles: list[str]


class ReasonOut(Schema):
    code: str
    text: str
    values: list[str]


SimilarActivityOut = create_model(
    "SimilarActivityOut",
    __base__=ActivityOut,
    score=(float, ...),
    near_duplicate=(bool, ...),
    reasons=(list[ReasonOut], ...),
)


class SimilarActivitiesOut(Schema):
    results: list[SimilarActivityOut]


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
    did_you_mean: str | None = Field(
        None,
        description=(
            "«Maksud Anda»: bila tidak ada hasil, kata kunci yang ejaannya dibetulkan dari "
            "kosakata katalog dan yang menemukan kegiatan dengan filter yang sama; "
            "null bila tidak ada."
        ),
        examples=["kepuasan masyarakat"],
    )


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
    """400 naming each parameter, in Indonesian (ids and `limit`; the search
    parameters are the FilterSet's, see `invalid_search`)."""
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


@api.get(
    "/activities",
    response={200: SearchOut, 400: ErrorOut, 503: ErrorOut},
    summary="Cari kegiatan terekomendasi",
    openapi_extra={"parameters": openapi_parameters()},
)
def list_activities(request):
    activity_search = ActivitySearch.from_parameters(request.GET)
    query = activity_search.query
    page = activity_search.page()
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
        "did_you_mean": page.did_you_mean,
    }


@api.get(
    "/activities/titles",
    response={200: TitlesOut, 400: ErrorOut},
    summary="Saran judul kegiatan (pelengkapan otomatis)",
    description=(
        "Judul kegiatan di katalog yang memuat setiap kata yang diketik; judul yang "
        "diawali teks itu lebih dulu. Untuk kotak pencarian."
    ),
    openapi_extra={"parameters": suggestions.openapi_parameters()},
)
def list_titles(request):
    cleaned = suggestions.clean_suggestion_parameters(request.GET)
    return {"titles": suggestions.title_suggestions(cleaned["q"], limit=cleaned["limit"])}


@api.get(
    "/activities/similar",
    response={200: SimilarActivitiesOut, 400: ErrorOut, 503: ErrorOut},
    summary="Kegiatan terekomendasi yang mungkin sama dengan kegiatan yang dirancang",
    description=(
        "Untuk memeriksa duplikasi sebelum merancang kegiatan baru. Kandidat dicari mesin "
        "pencari (kata mana pun dari judul, variabel atau tujuan), lalu dinilai sama oleh "
        "setiap backend: `score` 0–1 dari kata judul yang sama, variabel yang sama, kata "
        "tujuan yang sama, instansi yang sama, wilayah (kantor BPS) yang sama dan tahun yang "
        "bertumpang tindih; `reasons` menyebut alasannya (`code` tetap untuk program, `text` "
        "untuk pembaca). `near_duplicate` benar bila score paling sedikit "
        f"{similarity.NEAR_DUPLICATE_SCORE}. Paling sedikit satu dari title, objective atau "
        "variables wajib diisi."
    ),
    openapi_extra={"parameters": similarity.openapi_parameters()},
)
def list_similar_activities(request):
    profile, limit = similarity.clean_similar_parameters(request.GET)
    base_url = _base_url(request)
    return {
        "results": [
            {
                **serializers.summary(item.record, base_url=base_url),
                **similarity.as_json(item),
            }
            for item in similarity.similar_records(profile, limit=limit)
        ]
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
        for similar in ActivitySearch.similar(record, limit=limit)
    ]
