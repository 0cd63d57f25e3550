"""Glossary admin: editors check and correct the acronyms learnt from reports.

Only the terms the user may see are listed (`GlossaryTerm.objects.visible_to`: a term
learnt only from another agency's restricted trip is hidden), and an editor changes
only the terms learnt from the trips of their own agency (`editable_by`); the other
rows of the list are shown read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import GlossaryTerm
from .scoping import DerivedNameAdmin


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(DerivedNameAdmin):
    list_display = ["acronym", "name_zh", "name_en", "verified", "found_in", "updated_at"]
    list_editable = ["name_zh", "name_en", "verified"]
    list_filter = ["verified"]
    list_select_related = ["source_trip"]
    search_fields = ["acronym", "name_zh", "name_en"]
    fields = ["acronym", "name_zh", "name_en", "verified", "found_in"]
    readonly_fields = ["found_in"]
    show_full_result_count = False

    def editable_rows(self, request, queryset):
        return queryset.editable_by(request.user)

    @admin.display(description=_("found in trip"))
    def found_in(self, obj):
        # A visible term's source trip is one the user may see (or none).
        return obj.source_trip.title if obj.source_trip_id else "—"
