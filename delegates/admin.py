"""Agencies and people in the admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Agency, Person


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        # List, change, delete and autocomplete (the agency fields of every admin form):
        # an agency known only through restricted trips of another agency is not there.
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "unit", "title", "rank_grade", "trip_count"]
    list_select_related = ["agency"]
    list_filter = ["rank_grade", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "unit", "title", "email", "agency__name"]
    autocomplete_fields = ["agency", "user"]
    # Explicit, because the trip count's GROUP BY drops the model's default order
    # (autocomplete pages would come in no stable order).
    ordering = ["name", "id"]

    def get_queryset(self, request):
        # Only the trips the user may see are counted, and a person known only through
        # restricted trips of another agency is not listed (nor offered by autocomplete).
        from meetings.models.trips import trip_visibility

        people = super().get_queryset(request).visible_to(request.user)
        condition = trip_visibility(request.user, "delegations__trip__")
        return people.annotate(n_trips=Count("delegations", filter=condition))

    @admin.display(description=_("trips"), ordering="n_trips")
    def trip_count(self, obj):
        return obj.n_trips


class PersonOfUserInline(admin.StackedInline):
    """The user page sets the account's person and agency in one place: the agency
    decides which restricted trips the user sees and which follow-ups are "mine"."""

    model = Person
    fk_name = "user"
    fields = ["name", "agency", "unit", "title", "email"]
    autocomplete_fields = ["agency"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("person and agency of this account")
    verbose_name_plural = _("person and agency of this account")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [PersonOfUserInline]
    list_display = ["username", "person_name", "person_agency", "is_staff", "is_active"]
    list_select_related = ["person__agency"]

    @admin.display(description=_("person"), ordering="person__name")
    def person_name(self, obj):
        person = getattr(obj, "person", None)
        return person.name if person else "—"

    @admin.display(description=_("agency"), ordering="person__agency__name")
    def person_agency(self, obj):
        person = getattr(obj, "person", None)
        if person and person.agency_id:
            return person.agency.name
        return _("none: sees no restricted trips")
