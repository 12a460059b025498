"""The public performance page (national and per office) and its CSV: thin
views over `figures.performance_report`, with the parameters checked by
`parameters.py` as for the JSON API."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from catalog import csv_cells
from procedures.organisations.models import Office
from procedures.periods import PERIOD_KINDS

from . import presentation
from .figures import performance_report
from .parameters import InvalidParameters, clean_parameters, clean_period
from .serializers import COLUMNS, csv_cell, row_values


@require_GET
def national(request):
    """`/kinerja/`; the page's form sends `office` here: that office's page."""
    try:
        office, kind = clean_parameters(request.GET)
    except InvalidParameters as error:
        return page(request, office=None, kind=None, errors=error.errors)
    if office is not None:
        return redirect(page_url(office.code, kind))
    return page(request, office=None, kind=kind)


@require_GET
def office_page(request, office_code: str):
    office = get_object_or_404(Office, code=office_code)
    try:
        kind = clean_period(request.GET.get("period", "").strip())
    except InvalidParameters as error:
        return page(request, office=office, kind=None, errors=error.errors)
    return page(request, office=office, kind=kind)


def page_url(office_code: str | None, kind: str) -> str:
    if office_code:
        path = reverse("performance:office", args=[office_code])
    else:
        path = reverse("performance:national")
    return f"{path}?period={kind}"


def page(request, *, office, kind, errors=None):
    context = {
        "office": office,
        "kind": kind,
        "kinds": PERIOD_KINDS.items(),
        "offices": Office.objects.order_by("code"),
        "errors": errors,
    }
    if errors:
        return render(request, "performance/page.html", context, status=400)
    report = performance_report(office=office, kind=kind)
    query = f"?office={office.code if office else ''}&period={kind}"
    context |= {
        "report": report,
        "summary": presentation.summary_row(report),
        "figures": presentation.application_figures(report),
        "complaints": presentation.complaint_figure(report),
        "ikm": presentation.ikm_figure(report),
        "csv_url": reverse("performance:csv") + query,
        "json_url": "/api/v1/performance" + query,
    }
    return render(request, "performance/page.html", context)


@require_GET
def csv_download(request):
    """The rows of the page as CSV: the JSON API's numbers, Indonesian headers."""
    try:
        office, kind = clean_parameters(request.GET)
    except InvalidParameters as error:
        return HttpResponse(json_errors(error.errors), status=400, content_type="application/json")
    with translation.override("id"):
        report = performance_report(office=office, kind=kind)
        lines = [csv_cells.writer(Lines()).writerow([column.header for column in COLUMNS])]
        writer = csv_cells.writer(Lines())
        lines += [writer.writerow([csv_cell(v) for v in row_values(row)]) for row in report.rows]
    response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
    scope = office.code if office else "nasional"
    response["Content-Disposition"] = f'attachment; filename="kinerja-{scope}-{kind}.csv"'
    return response


class Lines:
    """A file for `csv.writer` that hands back each line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def json_errors(errors: dict) -> str:
    return json.dumps({"errors": errors}, ensure_ascii=False)
