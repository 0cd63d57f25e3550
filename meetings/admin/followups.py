"""Follow-up and lesson admin: the work after the trip."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..concurrency import VersionedAdminMixin
from ..models import FollowUp, Lesson
from .scoping import ScopedHistoryAdmin
from .trips import YearFilter


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = FollowUp.objects.overdue(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class FollowUpYearFilter(YearFilter):
    def lookups(self, request, model_admin):
        dates = FollowUp.objects.filter(due_date__isnull=False).dates("due_date", "year")
        return [(d.year, f"{d.year} (民國 {d.year - 1911})") for d in reversed(dates)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(due_date__year=int(self.value()))
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(VersionedAdminMixin, ScopedHistoryAdmin):
    list_display = ["description_short", "trip", "owner", "due_date", "status"]
    list_editable = ["due_date", "status"]
    list_filter = [
        "status",
        OverdueFilter,
        ("owner_agency", admin.RelatedOnlyFieldListFilter),
        ("owner_person", admin.RelatedOnlyFieldListFilter),
        FollowUpYearFilter,
    ]
    list_select_related = ["trip", "owner_person", "owner_agency"]
    search_fields = ["description", "owner_text", "owner_person__name", "owner_agency__name"]
    autocomplete_fields = ["owner_person", "owner_agency"]
    raw_id_fields = ["trip", "meeting", "decision"]
    show_full_result_count = False
    fields = [
        "trip",
        "meeting",
        "decision",
        "description",
        ("owner_person", "owner_agency", "owner_text"),
        ("due_date", "status", "completed_on"),
        "outcome",
        "outcome_file",
    ]

    @admin.display(description=_("description"), ordering="description")
    def description_short(self, obj):
        return obj.description[:80]

    @admin.display(description=_("owner"))
    def owner(self, obj):
        return obj.owner_display


@admin.register(Lesson)
class LessonAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "kind", "adoption_status", "review_date", "trip"]
    list_filter = ["kind", "adoption_status"]
    list_select_related = ["trip"]
    search_fields = ["title", "body", "adoption_note"]
    raw_id_fields = ["trip"]
    show_full_result_count = False
