"""The statistics page: trips, people, timeliness and results, in charts and tables,
with the trip list's filters in the URL and each table as a CSV or XLSX download.

Every figure is computed from `Trip.objects.visible_to(request.user)`: a restricted
trip counts only for those who may see it.
"""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..filters import StatisticsFilter
from ..models import Trip
from ..statistics.cache import cached_figures, figures_key
from ..statistics.charts import draw
from ..statistics.downloads import csv_bytes, workbook_bytes
from ..statistics.figures import build_figures
from ..statistics.html import chart_svg, table_rows
from ..statistics.summed import used_countries, visible_counts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Parameters of the page that are not filters.
OWN_PARAMETERS = ("format", "table")


def _query(request, **changes):
    params = request.GET.copy()
    for name in OWN_PARAMETERS:
        params.pop(name, None)
    for name, value in changes.items():
        params[name] = value
    return params.urlencode()


def _download(request, sections):
    tables = [table for section in sections for table in section.tables]
    wanted = request.GET.get("table")
    if wanted:
        tables = [table for table in tables if table.key == wanted]
        if not tables:
            return HttpResponseBadRequest(_("There is no such table."))
    kind = request.GET["format"]
    if kind == "csv":
        if len(tables) != 1:
            return HttpResponseBadRequest(_("Choose one table for a CSV file."))
        content, content_type = csv_bytes(tables[0]), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        content, content_type = workbook_bytes(tables), XLSX
    else:
        return HttpResponseBadRequest(_("Downloads are CSV or XLSX files."))
    name = f"statistics-{wanted or 'all'}-{timezone.localdate().isoformat()}.{kind}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def statistics_page(request):
    user, today = request.user, timezone.localdate()
    filterset = StatisticsFilter(
        request.GET or None,
        queryset=Trip.objects.visible_to(user),
        request=request,
        # The country choices come from the kept counts too (not from the trips).
        countries=lambda build: cached_figures(
            figures_key(user, {}, today) + ":countries", lambda: used_countries(user)
        )[0],
    )
    valid = not filterset.is_bound or filterset.is_valid()
    if not valid and "format" in request.GET:
        return HttpResponseBadRequest(_("Please correct the filters before downloading."))
    sections, counted_at = [], None
    if valid:
        filters = filterset.form.cleaned_data if filterset.is_bound else {}
        agency = filters.get("agency")
        params = {k: v for k, v in request.GET.items() if k not in OWN_PARAMETERS}

        def build():
            counts = visible_counts(user, filters)
            return build_figures(
                # The trips themselves only when the kept counts cannot answer.
                filterset.qs if counts is None else None,
                today,
                selected_agency=agency.pk if agency else None,
                link=lambda agency_id: "?" + _query(request, agency=agency_id),
                counts=counts,
            )

        sections, counted_at = cached_figures(figures_key(user, params, today), build)
    if "format" in request.GET:
        return _download(request, sections)
    for section in sections:
        for table in section.tables:
            table.drawing = draw(table)
            table.svg = chart_svg(table, table.drawing) if table.drawing else ""
            table.body = table_rows(table)
    filtered = any(v for k, v in request.GET.items() if k not in OWN_PARAMETERS)
    return render(
        request,
        "meetings/statistics.html",
        {
            "filter": filterset,
            "sections": sections,
            "filtered": filtered,
            "query": _query(request),
            "counted_at": counted_at,
        },
    )


urlpatterns = [path("statistics/", statistics_page, name="statistics")]
