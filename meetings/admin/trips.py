"""The trip admin: one screen for the whole trip and its report."""

import datetime

from django.contrib import admin, messages
from django.db.models import Count, Max, Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_paging import LargeTablePaginator

from ..concurrency import VersionedAdminMixin, VersionedInlineMixin
from ..models import (
    Attachment,
    Delegate,
    Destination,
    FollowUp,
    Keyword,
    Lesson,
    ReportSection,
    Trip,
)
from ..models.trips import trip_visibility
from ..register import MAX_ZIP_TRIPS, register_trips, register_zip
from ..services import import_review
from ..services.register import RegisterError, record_register_upload
from .plans import CostLineInline, ItineraryInline, TransitionInline
from .scoping import (
    DerivedNameAdmin,
    ScopedHistoryAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
)
from .trip_import import TripImportExportMixin


class DelegateInline(ScopedTabularInline):
    model = Delegate
    autocomplete_fields = ["person", "agency"]
    fields = ["order", "person", "role", "agency", "unit", "title", "rank_grade"]

    def get_queryset(self, request):
        # Each row's title names the person: one query, not one per row.
        return super().get_queryset(request).select_related("person")


class DestinationInline(ScopedTabularInline):
    model = Destination
    fields = ["order", "country", "city"]


class FollowUpInline(VersionedInlineMixin, ScopedStackedInline):
    model = FollowUp
    fk_name = "trip"
    autocomplete_fields = ["owner_person", "owner_agency"]
    fields = [
        "description",
        ("owner_person", "owner_agency", "owner_text"),
        ("due_date", "status", "completed_on"),
        "outcome",
    ]


class LessonInline(ScopedStackedInline):
    model = Lesson
    fields = ["order", "kind", "title", "body", ("adoption_status", "review_date"), "adoption_note"]


class AttachmentInline(ScopedTabularInline):
    model = Attachment
    fields = ["number", "title", "file"]


class SectionInline(ScopedStackedInline):
    model = ReportSection
    fields = ["order", "heading", "body"]
    classes = ["collapse"]


class YearFilter(admin.SimpleListFilter):
    """Years of a date field, newest first, with the ROC year beside the AD year.

    The years run from the earliest to the latest date (MIN and MAX, which an index on
    the field answers at once) rather than `dates(..., "year")`, which truncates the
    date of every row: a full scan costing ~0.4 s at 100,000 trips.
    """

    title = _("year")
    parameter_name = "year"
    model = Trip
    field_name = "start_date"

    def lookups(self, request, model_admin):
        # Over the rows the user may see: a year only a restricted trip of another
        # agency falls in must not be offered.
        bounds = (
            model_admin.get_queryset(request)
            .order_by()
            .aggregate(first=Min(self.field_name), last=Max(self.field_name))
        )
        if not bounds["first"]:
            return []
        years = range(bounds["last"].year, bounds["first"].year - 1, -1)
        return [(year, f"{year} (民國 {year - 1911})") for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and 1 <= int(value) <= 9998:
            year = int(value)
            # A range, not __year, so the index on the field serves the filter.
            return queryset.filter(
                **{
                    f"{self.field_name}__gte": datetime.date(year, 1, 1),
                    f"{self.field_name}__lt": datetime.date(year + 1, 1, 1),
                }
            )
        return queryset


class RegisterUploadedFilter(admin.SimpleListFilter):
    """Reports uploaded to the national register, or not yet."""

    title = _("national register")
    parameter_name = "register"

    def lookups(self, request, model_admin):
        return [("uploaded", _("Uploaded")), ("pending", _("Not uploaded"))]

    def queryset(self, request, queryset):
        if self.value() == "uploaded":
            return queryset.filter(register_uploaded_on__isnull=False)
        if self.value() == "pending":
            return queryset.filter(register_uploaded_on__isnull=True)
        return queryset


@admin.register(Trip)
class TripAdmin(VersionedAdminMixin, TripImportExportMixin, ScopedHistoryAdmin):
    trip_path = ""
    list_display = ["title", "agency", "category", "start_date", "end_date", "status", "access"]
    list_filter = [
        "status",
        "category",
        "access",
        "needs_review",
        RegisterUploadedFilter,
        YearFilter,
    ]
    actions = ["record_register_upload_today", "export_register_zip", "mark_reviewed"]
    list_select_related = ["agency"]
    search_fields = ["title", "plan_name", "system_id", "summary"]
    # No date_hierarchy: its year list truncates the date of every trip on every
    # page view (a full scan at 100,000 trips); YearFilter offers the years cheaply.
    autocomplete_fields = ["agency", "keywords"]
    readonly_fields = [
        "register_uploaded_on",
        "meeting_links",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        # A recorded trip moves through its states only by the lifecycle's transitions
        # (meetings/services/lifecycle.py: role checks and the timeline); a trip added
        # here by hand, such as an old journey, starts in the state it is entered with.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "status"] if obj is not None else fields

    inlines = [
        DelegateInline,
        DestinationInline,
        FollowUpInline,
        LessonInline,
        AttachmentInline,
        SectionInline,
        ItineraryInline,
        CostLineInline,
        TransitionInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "plan_name", "system_id", "category", "agency", "status"]}),
        (
            _("Dates"),
            {"fields": [("start_date", "end_date"), ("report_date", "report_due_date")]},
        ),
        (_("Contact"), {"fields": [("contact_name", "contact_title", "contact_phone")]}),
        (
            _("Report"),
            {"fields": ["summary", "keywords", "purposes", ("pages", "has_attachments")]},
        ),
        (
            _("National register"),
            {
                "fields": [
                    "related_project",
                    ("subject_class", "policy_class"),
                    "register_uploaded_on",
                ]
            },
        ),
        (_("Plan"), {"fields": [("budget_year", "budget_line", "funding")]}),
        (_("Meetings"), {"fields": ["meeting_links"]}),
        (_("Access"), {"fields": ["access"]}),
        (
            _("Original report"),
            {"fields": ["source_file", "source_text"], "classes": ["collapse"]},
        ),
        (
            _("Record"),
            {"fields": [("created_by", "created_at"), ("updated_by", "updated_at")]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")

    @admin.action(description=_("Mark selected trips reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        done = 0
        for trip in queryset.filter(needs_review=True):
            try:
                import_review.mark_reviewed(trip, user=request.user)
            except import_review.ReviewError:
                continue
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d trip marked reviewed.", "%(count)d trips marked reviewed.", done)
            % {"count": done},
        )

    @admin.display(description=_("meetings"))
    def meeting_links(self, obj):
        if not obj.pk:
            return _("Save the trip first, then add its meetings.")
        meetings = obj.meetings.all()
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse("admin:meetings_meeting_change", args=[m.pk]), m.title) for m in meetings),
        )
        add_url = reverse("admin:meetings_meeting_add") + f"?trip={obj.pk}"
        return format_html(
            '<ul class="meeting-links">{}</ul><a class="addlink" href="{}">{}</a>',
            links,
            add_url,
            _("Add a meeting"),
        )

    @admin.action(
        description=_("Record the selected reports as uploaded to the register today"),
        permissions=["change"],
    )
    def record_register_upload_today(self, request, queryset):
        today = timezone.localdate()
        changed, refused = 0, []
        for trip in queryset.filter(register_uploaded_on__isnull=True):
            try:
                record_register_upload(trip, user=request.user, uploaded_on=today)
            except RegisterError as error:
                refused.append(f"{trip.title}: {error.message}")
            else:
                changed += 1
        messages.success(
            request,
            ngettext(
                "%(count)d report recorded as uploaded.",
                "%(count)d reports recorded as uploaded.",
                changed,
            )
            % {"count": changed},
        )
        for message in refused:
            messages.warning(request, message)

    @admin.action(description=_("Download the register metadata and report files (ZIP)"))
    def export_register_zip(self, request, queryset):
        if queryset.count() > MAX_ZIP_TRIPS:
            messages.error(
                request,
                _("Select at most %(limit)s trips for one ZIP.") % {"limit": MAX_ZIP_TRIPS},
            )
            return None
        trips = register_trips(Trip.objects.filter(pk__in=queryset.values("pk")))
        response = HttpResponse(register_zip(trips), content_type="application/zip")
        filename = f"register-{timezone.localdate().isoformat()}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Keyword)
class KeywordAdmin(DerivedNameAdmin):
    search_fields = ["name"]
    # Explicit, because the trip count's GROUP BY drops the model's default order
    # (autocomplete pages would come in no stable order).
    ordering = ["name"]
    list_display = ["name", "trip_count"]

    def get_queryset(self, request):
        # Counted over the trips the user may see: a restricted trip of another agency
        # must not show, even as a number.
        condition = trip_visibility(request.user, "trips__")
        return super().get_queryset(request).annotate(n_trips=Count("trips", filter=condition))

    @admin.display(description=_("trips"), ordering="n_trips")
    def trip_count(self, obj):
        return obj.n_trips
