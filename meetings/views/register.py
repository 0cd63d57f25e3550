"""Downloads for the national register and the report as a Word file.

The register's metadata as CSV or XLSX (one trip, or the trip list as filtered),
a ZIP of the report files with the same metadata, the Word report of a trip, and
the POST with which an editor records the upload. Every trip is looked up through
`Trip.objects.visible_to(user)`: another agency's restricted trip is a 404 and
never a row.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..filters import TripFilter
from ..models import Trip
from ..register import (
    MAX_ROWS,
    MAX_ZIP_TRIPS,
    register_rows,
    register_trips,
    register_zip,
    rows_csv,
    rows_xlsx,
    trip_docx,
)
from ..register_forms import RegisterUploadForm
from ..services.register import RegisterError, record_register_upload
from ..services.report_docx import DOCX_CONTENT_TYPE

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def _download(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _register_file(trips, fmt, stem):
    if fmt == "zip":
        data = register_zip(trips)
    elif fmt == "xlsx":
        data = rows_xlsx(register_rows(trips))
    else:
        data = rows_csv(register_rows(trips))
    return _download(data, CONTENT_TYPES[fmt], f"{stem}.{fmt}")


def _format(fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    return fmt


@require_GET
def trip_register_export(request, pk, fmt):
    fmt = _format(fmt)
    visible = Trip.objects.visible_to(request.user).filter(pk=pk)
    trips = register_trips(visible)
    if not trips:
        raise Http404("No such trip.")
    return _register_file(trips, fmt, f"register-trip-{pk}")


@require_GET
def register_export(request, fmt):
    """The trip list as filtered (the same filters as the list page), for the register."""
    fmt = _format(fmt)
    visible = Trip.objects.visible_to(request.user)
    filterset = TripFilter(request.GET or None, queryset=visible, request=request)
    if request.GET and not filterset.is_valid():
        return HttpResponse(
            _("The filters are not valid; correct them on the trip list and try again."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    queryset = filterset.qs
    limit = MAX_ZIP_TRIPS if fmt == "zip" else MAX_ROWS
    if queryset.count() > limit:
        return HttpResponse(
            _(
                "More than %(limit)s trips match; narrow the list (for example by year "
                "or agency) and try again."
            )
            % {"limit": limit},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    trips = register_trips(queryset)
    return _register_file(trips, fmt, f"register-{timezone.localdate().isoformat()}")


@require_GET
def trip_report_docx(request, pk):
    visible = Trip.objects.visible_to(request.user).filter(pk=pk)
    trips = register_trips(visible)
    if not trips:
        raise Http404("No such trip.")
    return _download(trip_docx(trips[0]), DOCX_CONTENT_TYPE, f"report-trip-{pk}.docx")


@require_POST
def trip_register_upload(request, pk):
    trip = get_object_or_404(Trip.objects.visible_to(request.user), pk=pk)
    user = request.user
    if not (user.is_staff and Trip.objects.editable_by(user).filter(pk=trip.pk).exists()):
        raise PermissionDenied
    form = RegisterUploadForm(request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
        return redirect(f"{trip.get_absolute_url()}#register")
    data = form.cleaned_data
    try:
        record_register_upload(
            trip,
            user=user,
            uploaded_on=data["uploaded_on"],
            system_id=data["system_id"],
            version=data["version"],
        )
    except RegisterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The upload to the register was recorded."))
    return redirect(f"{trip.get_absolute_url()}#register")


urlpatterns = [
    path("trips/register.<str:fmt>", register_export, name="register-export"),
    path("trips/<int:pk>/register.<str:fmt>", trip_register_export, name="trip-register-export"),
    path("trips/<int:pk>/report.docx", trip_report_docx, name="trip-report-docx"),
    path("trips/<int:pk>/register-upload/", trip_register_upload, name="trip-register-upload"),
]
