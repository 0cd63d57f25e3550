"""Intranet pages to read the records: the trip list, a trip, a meeting, and the
downloads of report files and attachments.

Every queryset starts from `visible_to(request.user)`, so a restricted trip of
another agency is a 404 and never shows in a list or a count.
"""

import posixpath

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from portal.paging import LateRowPaginator

from ..agenda import attach_agendas
from ..filters import TripFilter
from ..models import Attachment, Delegate, FollowUp, Lesson, Meeting, Trip
from ..register import register_days_left
from ..register_forms import RegisterUploadForm
from ..services.import_review import is_editable, path_label
from .plans import plan_context

# Files are handed out with one of these types, never one a browser would run
# (HTML, SVG); anything else is a plain download.
SAFE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".zip": "application/zip",
}
FALLBACK_CONTENT_TYPE = "application/octet-stream"


def safe_content_type(filename):
    extension = posixpath.splitext(filename)[1].lower()
    return SAFE_CONTENT_TYPES.get(extension, FALLBACK_CONTENT_TYPE)


def visible_file(user, queryset, pk, field_name, trip_path="trip"):
    """The stored file of a record whose trip the user may see; 404 otherwise.

    The one access check behind every download: the record must belong to a trip in
    `Trip.objects.visible_to(user)` and its file must exist in storage.
    """
    lookup = f"{trip_path}__in" if trip_path else "pk__in"
    record = get_object_or_404(
        queryset.filter(**{lookup: Trip.objects.visible_to(user).values("pk")}), pk=pk
    )
    stored = getattr(record, field_name)
    if not stored or not stored.storage.exists(stored.name):
        raise Http404("No file.")
    return stored


def file_download(stored):
    filename = posixpath.basename(stored.name)
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=safe_content_type(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment_download(request, pk):
    return file_download(visible_file(request.user, Attachment.objects.all(), pk, "file"))


@require_GET
def trip_source(request, pk):
    return file_download(
        visible_file(request.user, Trip.objects.only("id", "source_file"), pk, "source_file", "")
    )


def as_titled(entry):
    """A purpose as stored (a string, or a {title, body} object) as {title, body}."""
    if isinstance(entry, dict):
        return {"title": entry.get("title") or "", "body": entry.get("body") or ""}
    return {"title": str(entry), "body": ""}


def query_without_page(request):
    """The filter part of the URL, for pagination links that keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@method_decorator(require_GET, name="dispatch")
class TripListView(ListView):
    template_name = "meetings/trip_list.html"
    context_object_name = "trips"
    paginate_by = 25

    def get_queryset(self):
        visible = Trip.objects.visible_to(self.request.user)
        self.filterset = TripFilter(
            self.request.GET or None, queryset=visible, request=self.request
        )
        return self.filterset.qs

    def get_paginator(self, queryset, per_page, **kwargs):
        # The page's rows are read by id from the visible, filtered `queryset`.
        rows = Trip.objects.for_list().prefetch_related("destinations")
        return LateRowPaginator(queryset, per_page, rows=rows, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            filter=self.filterset,
            page_query=query_without_page(self.request),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            filtered=any(v for k, v in self.request.GET.items() if k not in ("page", "sort")),
        )
        return context


@method_decorator(require_GET, name="dispatch")
class TripDetailView(DetailView):
    template_name = "meetings/trip_detail.html"
    context_object_name = "trip"

    def get_queryset(self):
        return (
            Trip.objects.visible_to(self.request.user)
            .select_related("agency")
            .prefetch_related(
                Prefetch(
                    "delegates",
                    queryset=Delegate.objects.select_related("person", "agency").order_by(
                        "order", "id"
                    ),
                ),
                "destinations",
                "keywords",
                Prefetch(
                    "meetings",
                    queryset=Meeting.objects.select_related("series", "series__organisation")
                    .prefetch_related("decisions")
                    .order_by("order", "id"),
                ),
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.select_related(
                        "owner_person", "owner_agency", "meeting"
                    ),
                ),
                Prefetch("lessons", queryset=Lesson.objects.order_by("order", "id")),
                "attachments",
                "sections",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trip = self.object
        user = self.request.user
        today = timezone.localdate()
        lessons = list(trip.lessons.all())
        can_edit = user.is_staff and Trip.objects.editable_by(user).filter(pk=trip.pk).exists()
        heads = [d for d in trip.delegates.all() if d.role == Delegate.Role.HEAD]
        context.update(
            head=heads[0] if heads else None,
            meetings=attach_agendas(trip.meetings.all()),
            purposes=[as_titled(p) for p in trip.purposes or []],
            observations=[x for x in lessons if x.kind == Lesson.Kind.OBSERVATION],
            recommendations=[x for x in lessons if x.kind == Lesson.Kind.RECOMMENDATION],
            report_days_left=(
                (trip.report_due_date - today).days
                if trip.report_due_date and not trip.report_date
                else None
            ),
            can_edit=can_edit,
            register_days_left=register_days_left(trip, today),
            register_form=RegisterUploadForm(trip=trip) if can_edit else None,
            can_review=trip.needs_review
            and Trip.objects.editable_by(user).filter(pk=trip.pk).exists(),
            review_labels=[path_label(p) for p in trip.review_fields if is_editable(p)],
            today=today,
        )
        context.update(plan_context(trip, user))
        return context


@method_decorator(require_GET, name="dispatch")
class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("trip", "trip__agency", "series", "series__organisation")
            .prefetch_related(
                "decisions",
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.select_related("owner_person", "owner_agency"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_agendas([self.object])
        user = self.request.user
        context.update(
            today=timezone.localdate(),
            can_edit=user.is_staff
            and Trip.objects.editable_by(user).filter(pk=self.object.trip_id).exists(),
        )
        return context


urlpatterns = [
    path("trips/", TripListView.as_view(), name="trip-list"),
    path("trips/<int:pk>/", TripDetailView.as_view(), name="trip-detail"),
    path("trips/<int:pk>/source/", trip_source, name="trip-source"),
    path("meetings/<int:pk>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path("attachments/<int:pk>/download/", attachment_download, name="attachment-download"),
]
