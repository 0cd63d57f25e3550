"""The admin of the trip plan: itinerary, budget and timeline inside the trip form,
and the per-diem rate table (shipped empty; imported from the official table)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from ..models import CostLine, ItinerarySegment, PerDiemRate, TripTransition
from .resources import DayWidget
from .scoping import HistoryAdmin, ScopedStackedInline, ScopedTabularInline


class ItineraryInline(ScopedStackedInline):
    model = ItinerarySegment
    fields = [
        ("order", "date"),
        ("origin", "destination", "transport"),
        ("departure_time", "departure_zone", "arrival_time", "arrival_zone"),
        "hotel",
        "activity",
    ]
    classes = ["collapse"]


class CostLineInline(ScopedTabularInline):
    model = CostLine
    fields = [
        "traveller", "item", "note", "estimated_twd", "foreign_amount", "currency",
        "exchange_rate", "override_reason", "actual_twd",
    ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "traveller" and field is not None:
            trip_id = request.resolver_match.kwargs.get("object_id")
            field.queryset = field.queryset.filter(trip_id=trip_id).select_related("person")
        return field


class TransitionInline(ScopedTabularInline):
    """The timeline, read only: steps are made by the lifecycle, never typed in."""

    model = TripTransition
    fields = ["at", "user", "from_status", "to_status", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CountryWidget(widgets.Widget):
    """An ISO 3166-1 alpha-2 code (JP), as the official table's country column."""

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(_("Write the country as its two-letter ISO code, e.g. JP."))
        return code

    def render(self, value, obj=None, **kwargs):
        return str(value.code if hasattr(value, "code") else value or "")


class PerDiemRateResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    effective_from = fields.Field(
        attribute="effective_from", column_name="effective_from", widget=DayWidget()
    )

    class Meta:
        model = PerDiemRate
        name = _("Per-diem rates")
        fields = ("country", "city", "daily_amount", "currency", "effective_from")
        import_id_fields = ("country", "city", "effective_from")
        skip_unchanged = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        row["city"] = (row.get("city") or "").strip()
        row["currency"] = (row.get("currency") or "USD").strip().upper()


@admin.register(PerDiemRate)
class PerDiemRateAdmin(ImportExportMixin, HistoryAdmin):
    resource_classes = [PerDiemRateResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    list_display = ["country", "city_or_other", "daily_amount", "currency", "effective_from"]
    list_filter = ["currency", "effective_from"]
    search_fields = ["city", "country"]
    import_export_change_list_template = "admin/meetings/perdiemrate/change_list.html"
    tmp_storage_class = "import_export.tmp_storages.MediaStorage"

    @admin.display(description=_("city"), ordering="city")
    def city_or_other(self, obj):
        return obj.city or _("other cities")
