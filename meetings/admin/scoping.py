"""Object-level access in the admin: what an editor may see and change.

Everything is checked against the querysets' `visible_to` / `editable_by`, the one
place those rules live.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency, Person

from ..models import Decision, Meeting, Trip
from ..models.trips import trip_visibility
from .autocomplete import PreloadedAutocompleteSelect, PreloadingInlineFormSet
from .look import RocDatesAdminMixin


def scoped_choices(db_field, user):
    """The records a trip-related form field may point to, or None for no limit.

    Raw-id and autocomplete widgets print the label of whatever id they are given (in
    the initial data of an add form, `?trip=…`), so every reference to a trip's
    records is limited to trips the user edits, and people to those the user sees.
    """
    model = db_field.remote_field.model
    if model is Trip:
        return Trip.objects.editable_by(user).only("id", "title")
    if model is Meeting:
        return Meeting.objects.filter(trip__in=Trip.objects.editable_by(user))
    if model is Decision:
        return Decision.objects.filter(meeting__trip__in=Trip.objects.editable_by(user))
    if model is Person:
        return Person.objects.visible_to(user)
    return None


class ScopedAdminMixin:
    """For models reached through a trip: `trip_path` names the lookup to it."""

    trip_path = "trip"

    def trips_lookup(self, queryset):
        return {f"{self.trip_path}__in" if self.trip_path else "pk__in": queryset}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # The visibility rule applied through the join to the trip (no trip subquery),
        # and not at all for those who see every trip.
        condition = trip_visibility(request.user, f"{self.trip_path}__" if self.trip_path else "")
        return qs if condition is None else qs.filter(condition)

    def can_edit(self, request, obj):
        if obj is None or is_portal_admin(request.user):
            return True
        return (
            type(obj)
            ._default_manager.filter(pk=obj.pk)
            .filter(**self.trips_lookup(Trip.objects.editable_by(request.user)))
            .exists()
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.can_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.can_edit(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
        elif (
            db_field.name == "agency"
            and db_field.remote_field.model is Agency
            and not is_portal_admin(request.user)
        ):
            kwargs["queryset"] = Agency.objects.filter(pk__in=agency_scope_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """Initial values from the URL, less references the user may not choose."""
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.many_to_one:
                continue
            choices = scoped_choices(field, request.user)
            try:
                allowed = choices is None or choices.filter(pk=initial[name]).exists()
            except (ValueError, TypeError, ValidationError):
                allowed = False
            if not allowed:
                del initial[name]
        return initial


class ScopedHistoryAdmin(RocDatesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """The history pages answer as the change page does for a record the user may not
    see. simple-history reads the historical table directly, so without this check
    the history of a restricted trip (its title, every old value) shows to anyone
    with the view permission."""

    def _hidden(self, request, object_id):
        if is_portal_admin(request.user):
            return False
        try:
            return not self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            return True

    def history_view(self, request, object_id, extra_context=None):
        if self._hidden(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self._hidden(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedInline(RocDatesAdminMixin):
    """Inlines follow the permission of the parent object."""

    formset = PreloadingInlineFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field, request.user)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _parent_editable(self, request, obj):
        if obj is None or is_portal_admin(request.user):
            return True
        trip = obj if isinstance(obj, Trip) else getattr(obj, "trip", None)
        if trip is None:
            return True
        # Asked several times per inline while a page renders: answer once per request.
        cache = request.__dict__.setdefault("_editable_trip_ids", {})
        if trip.pk not in cache:
            cache[trip.pk] = Trip.objects.editable_by(request.user).filter(pk=trip.pk).exists()
        return cache[trip.pk]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    extra = 0


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    extra = 0
