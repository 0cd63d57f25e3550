"""Object-level access in the admin: what an editor may see and change.

Everything is checked against the querysets' `visible_to` / `editable_by`, the one
place those rules live.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency, Person

from ..models import Decision, Meeting, Trip
from ..models.names import DerivedNameQuerySet
from ..models.trips import trip_visibility
from .autocomplete import PreloadedAutocompleteSelect, PreloadingInlineFormSet
from .look import RocDatesAdminMixin


def is_derived_name(model):
    """Series, organisations, keywords, glossary terms: rows made by trips."""
    return issubclass(
        getattr(model._default_manager, "_queryset_class", object), DerivedNameQuerySet
    )


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
    if is_derived_name(model):
        return model._default_manager.visible_to(user)
    return None


class VisibleRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter by a related series, organisation… offering only the names the
    user may see (Django's own lists every row of the related table)."""

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        rows = model._default_manager.all()
        if hasattr(rows, "visible_to"):
            rows = rows.visible_to(request.user)
        related = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        ordering = self.field_admin_ordering(field, request, model_admin)
        rows = rows.select_related(*related).order_by(*(ordering or model._meta.ordering))
        return [(row.pk, str(row)) for row in rows]


class EditableRowsMixin:
    """The one per-object question every admin save path asks: `editable_rows`.

    The change form (`has_change_permission(obj)`) and the changelist's editable rows
    both answer from it: a row the user may not change is shown with its inputs
    disabled, and Django saves nothing of a disabled field whatever is posted (it
    keeps the stored value), so a crafted POST changes nothing either. Actions run
    through services that apply the same querysets' `editable_by`.
    """

    def editable_rows(self, request, queryset):
        return queryset

    def can_edit(self, request, obj):
        if obj is None or is_portal_admin(request.user):
            return True
        # Asked several times while one change form renders: answered once a request.
        answers = request.__dict__.setdefault("_can_edit", {})
        key = (type(obj), obj.pk)
        if key not in answers:
            rows = type(obj)._default_manager.filter(pk=obj.pk)
            answers[key] = self.editable_rows(request, rows).exists()
        return answers[key]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.can_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.can_edit(request, obj)

    def get_changelist_formset(self, request, **kwargs):
        formset_class = super().get_changelist_formset(request, **kwargs)
        model_admin = self

        class EditableRowsFormSet(formset_class):
            @cached_property
            def editable_pks(self):
                ids = [obj.pk for obj in self.get_queryset()]
                rows = model_admin.model._default_manager.filter(pk__in=ids)
                return set(model_admin.editable_rows(request, rows).values_list("pk", flat=True))

            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if form.instance.pk is not None and form.instance.pk not in self.editable_pks:
                    for field in form.fields.values():
                        field.disabled = True
                return form

        return formset_class if is_portal_admin(request.user) else EditableRowsFormSet


class DerivedNameAdmin(EditableRowsMixin, admin.ModelAdmin):
    """Admin of a name made by trips: its list, change and history pages, its
    autocomplete and the filters by it hold only the rows the user may see."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A series' organisation: only those the user may see are offered.
        choices = scoped_choices(db_field, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdminMixin(EditableRowsMixin):
    """For models reached through a trip: `trip_path` names the lookup to it."""

    trip_path = "trip"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # The visibility rule applied through the join to the trip (no trip subquery),
        # and not at all for those who see every trip.
        condition = trip_visibility(request.user, f"{self.trip_path}__" if self.trip_path else "")
        return qs if condition is None else qs.filter(condition)

    def editable_rows(self, request, queryset):
        if is_portal_admin(request.user):
            return queryset
        # EXISTS per row, not `trip IN (every editable trip)`: SQLite built that list
        # (the whole agency's trips, 40 ms at 100,000) for each row asked about.
        trips = Trip.objects.editable_by(request.user).filter(pk=OuterRef(self.trip_path or "pk"))
        return queryset.filter(Exists(trips))

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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Keywords: a hidden one cannot be chosen (nor its name printed by the widget).
        choices = scoped_choices(db_field, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin whose version pages answer 404 for a version that is not
    a number: the URL takes any text (`[^/]+`), and simple-history would read it as an
    id and fail with a ValueError (a 500)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not str(version_id).isdigit():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedHistoryAdmin(RocDatesAdminMixin, ScopedAdminMixin, HistoryAdmin):
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
