"""The public JSON API, /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Parameters are validated by the same layer as the HTML page
(catalog.selectors.parse_search); any invalid parameter is a 400 whose JSON
names it, never a 500.
"""

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from search.backends import SearchUnavailable

from . import serializers
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


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        errors.setdefault(location[0] if location else "request", []).append(error.get("msg", ""))
    return api.create_response(request, {"errors": errors}, status=400)


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


class SearchParameters(Schema):
    q: str = ""
    year: list[str] = []
    office: list[str] = []
    agency: list[str] = []
    method: list[str] = []
    frequency: list[str] = []
    sector: list[str] = []
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@api.get(
    "/activities",
    response={200: SearchOut, 400: ErrorOut, 503: ErrorOut},
    summary="Cari kegiatan terekomendasi",
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


@api.get("/activities/{activity_id}", response={200: ActivityDetailOut, 400: ErrorOut})
def get_activity(request, activity_id: int):
    record = get_object_or_404(ActivityRecord, pk=activity_id)
    return serializers.detail(record, base_url=_base_url(request))


@api.get(
    "/activities/{activity_id}/similar",
    response={200: list[ActivityOut], 400: ErrorOut, 503: ErrorOut},
)
def get_similar(request, activity_id: int, limit: int = Query(5, ge=1, le=20)):
    record = get_object_or_404(ActivityRecord, pk=activity_id)
    base_url = _base_url(request)
    return [
        serializers.summary(similar, base_url=base_url)
        for similar in similar_activities(record, limit=limit)
    ]
