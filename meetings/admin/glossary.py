"""Glossary admin: editors check and correct the acronyms learnt from reports."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ..models import GlossaryTerm, Trip


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name_zh", "name_en", "verified", "found_in", "updated_at"]
    list_editable = ["name_zh", "name_en", "verified"]
    list_filter = ["verified"]
    search_fields = ["acronym", "name_zh", "name_en"]
    fields = ["acronym", "name_zh", "name_en", "verified", "found_in"]
    readonly_fields = ["found_in"]
    show_full_result_count = False

    def get_queryset(self, request):
        # The source trip may be restricted: its title is shown only to those who may see it.
        visible = Trip.objects.visible_to(request.user).filter(pk=OuterRef("source_trip_id"))
        return (
            super()
            .get_queryset(request)
            .select_related("source_trip")
            .annotate(source_visible=Exists(visible))
        )

    @admin.display(description=_("found in trip"))
    def found_in(self, obj):
        if obj.source_trip_id and getattr(obj, "source_visible", False):
            return obj.source_trip.title
        return "—"
