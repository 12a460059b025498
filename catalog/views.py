"""Thin views over the query class (catalog.search): validate, ask, render."""

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search.analysis import MAX_QUERY_CHARS
from search.backends import SearchUnavailable
from search.services import health as search_health

from . import csv_cells
from .filters import DEFAULTS, FACET_PARAMETERS, ActivityFilterSet
from .models import ActivityRecord
from .search import ActivitySearch, InvalidSearch
from .serializers import EXPORT_COLUMNS, export_row

UNAVAILABLE = _("Pencarian sedang tidak tersedia. Silakan coba lagi beberapa saat lagi.")
INCOMPLETE = _(
    "Indeks pencarian sedang tidak lengkap: sebagian kegiatan mungkin belum muncul dalam "
    "hasil. Petugas dapat memperbaikinya; silakan coba lagi nanti."
)


def _url_with(params, *, toggle: tuple[str, str] | None = None, **replace) -> str:
    """`?query` for these parameters with one filter value toggled or some
    parameters replaced (None removes); the page resets unless given."""
    params = params.copy()
    params.pop("page", None)
    if toggle:
        name, value = toggle
        values = params.getlist(name)
        params.setlist(
            name, [v for v in values if v != value] if value in values else [*values, value]
        )
    for name, value in replace.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + params.urlencode() if params else "?"


FACET_SHOWN = 8  # values listed before "Tampilkan semua"; the template slices the same


def _facet_groups(params, page):
    """The sidebar: one group per filter of the FilterSet, with the engine's counts."""
    filters = ActivityFilterSet.base_filters
    return [
        {
            "name": facet,
            "label": filters[facet].label,
            "options": [
                {"option": option, "url": _url_with(params, toggle=(facet, option.value))}
                for option in options
            ],
            "selected": [option for option in options if option.selected],
            # The folded part of a long list opens when it holds a chosen value.
            "rest_selected": any(option.selected for option in options[FACET_SHOWN:]),
        }
        for facet, options in page.facets.items()
    ]


@require_GET
def search(request):
    context = {"text": request.GET.get("q", "")[:MAX_QUERY_CHARS], "hidden_parameters": []}
    status = 200
    try:
        activity_search = ActivitySearch.from_parameters(request.GET)
        query = activity_search.query
        params = activity_search.parameters()
        context["query"] = query
        page = activity_search.page()
        context["page"] = page
        context["facet_groups"] = _facet_groups(params, page)
        context["sort_urls"] = {
            value: _url_with(params, sort=None if value == DEFAULTS["sort"] else value)
            for value in ("relevance", "newest")
        }
        context["previous_url"] = _url_with(params, page=str(query.page - 1))
        context["next_url"] = _url_with(params, page=str(query.page + 1))
        context["chosen_count"] = sum(len(v) for v in query.filters.values())
        if page.did_you_mean:
            context["did_you_mean_url"] = _url_with(params, q=page.did_you_mean)
        context["clear_filters_url"] = _url_with(params, **dict.fromkeys(FACET_PARAMETERS))
        context["download_query"] = params.urlencode()
        # The language switcher brings the visitor back to this search, not to
        # whatever else the address carried.
        context["language_next"] = request.path + _url_with(
            params, page=str(query.page) if query.page > 1 else None
        )
        # The search box keeps the chosen filters, sort and page size.
        context["hidden_parameters"] = [
            (name, value) for name, values in params.lists() if name != "q" for value in values
        ]
        if search_health().degraded:
            context["search_notice"] = str(INCOMPLETE)
    except InvalidSearch as error:
        context["errors"] = error.errors
        status = 400
    except SearchUnavailable:
        context["unavailable"] = str(UNAVAILABLE)
        status = 503
    return render(request, "catalog/search.html", context, status=status)


@require_GET
def detail(request, pk: int):
    record = get_object_or_404(ActivityRecord, pk=pk)
    try:
        similar, similar_unavailable = ActivitySearch.similar(record), False
    except SearchUnavailable:
        similar, similar_unavailable = [], True
    return render(
        request,
        "catalog/detail.html",
        {"record": record, "similar": similar, "similar_unavailable": similar_unavailable},
    )


class _Echo:
    def write(self, value):
        return value


@require_GET
def export(request, file_format: str):
    """The records of the current search (every page, up to the result window)."""
    try:
        records = ActivitySearch.from_parameters(request.GET).records()
        first = next(records, None)
    except InvalidSearch as error:
        return HttpResponse(
            json.dumps({"errors": error.errors}, ensure_ascii=False),
            status=400,
            content_type="application/json",
        )
    except SearchUnavailable:
        return HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")

    base_url = request.build_absolute_uri("/").rstrip("/")

    def all_records():
        if first is not None:
            yield first
            yield from records

    if file_format == "csv":
        writer = csv_cells.writer(_Echo())
        rows = (writer.writerow(export_row(r, base_url=base_url)) for r in all_records())
        header = writer.writerow(EXPORT_COLUMNS)
        response = StreamingHttpResponse(
            _prepend("\ufeff" + header, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        lines = (
            json.dumps(
                dict(zip(EXPORT_COLUMNS, export_row(r, base_url=base_url), strict=True)),
                ensure_ascii=False,
            )
            for r in all_records()
        )
        response = StreamingHttpResponse(
            _json_array(lines), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="katalog-kegiatan.{file_format}"'
    return response


def _prepend(first, rest):
    yield first
    yield from rest


def _json_array(items):
    yield "[\n"
    for position, item in enumerate(items):
        yield ("," if position else "") + item + "\n"
    yield "]\n"
