"""Meeting admin: agenda tree, minutes and decisions; meeting series and organisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_paging import LargeTablePaginator

from ..models import AgendaItem, Decision, Meeting, MeetingSeries, MinuteBlock, Organisation
from .scoping import (
    DerivedNameAdmin,
    ScopedHistoryAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    VisibleRelatedFilter,
)
from .trips import YearFilter


class MeetingYearFilter(YearFilter):
    model = Meeting


class AgendaItemInline(ScopedTabularInline):
    model = AgendaItem
    fields = ["order", "parent", "label", "title"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A parent item must belong to the same meeting.
        if db_field.name == "parent":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MinuteBlockInline(ScopedStackedInline):
    model = MinuteBlock
    fields = ["order", "agenda_item", "title", "body"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DecisionInline(ScopedTabularInline):
    model = Decision
    fields = ["order", "text"]


@admin.register(Meeting)
class MeetingAdmin(ScopedHistoryAdmin):
    list_display = ["title", "acronym", "series", "start_date", "location", "trip"]
    list_select_related = ["series", "series__organisation", "trip"]
    list_filter = [
        "format",
        MeetingYearFilter,
        ("series__organisation", VisibleRelatedFilter),
        ("series", VisibleRelatedFilter),
    ]
    search_fields = ["title", "title_en", "acronym", "location", "series__name"]
    autocomplete_fields = ["series"]
    raw_id_fields = ["trip"]
    # A year filter instead of date_hierarchy, whose year list scans every meeting.
    # Newest first, read off meeting_start_idx; the model's own order goes through
    # the trip's order and sorts every meeting.
    ordering = ["-start_date", "-id"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50
    inlines = [AgendaItemInline, MinuteBlockInline, DecisionInline]
    fieldsets = [
        (None, {"fields": ["trip", "order", "title", "title_en", "acronym", "series"]}),
        (_("When and where"), {"fields": [("start_date", "end_date"), "location", "format"]}),
        (_("Chairs"), {"fields": ["chairs"]}),
    ]

    def get_changeform_initial_data(self, request):
        # The trip comes from `?trip=` (the trip page's "Add a meeting"), checked by
        # the scoped admin against the trips the user edits.
        initial = super().get_changeform_initial_data(request)
        if str(initial.get("trip", "")).isdigit():
            initial["trip"] = int(initial["trip"])
        return initial


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(DerivedNameAdmin):
    list_display = ["name", "acronym", "organisation"]
    list_select_related = ["organisation"]
    list_filter = [("organisation", VisibleRelatedFilter)]
    search_fields = ["name", "acronym", "organisation__name", "organisation__acronym"]


@admin.register(Organisation)
class OrganisationAdmin(DerivedNameAdmin):
    list_display = ["acronym", "name", "name_zh"]
    search_fields = ["name", "acronym", "name_zh"]
