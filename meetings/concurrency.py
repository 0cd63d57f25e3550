"""Optimistic concurrency: nothing one editor saves is silently overwritten by another.

Versioned models (Trip, FollowUp) carry a `version` number that every save
increments (`bump_version`, called from their `save`). An edit form remembers the
version it was loaded with; before saving, `check_version` compares it with the
version in the database while holding the row (SELECT … FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions already serialise writers), and raises
`StaleVersionError` when someone else saved in between. The admin uses it through
`VersionedAdminMixin` (a refused save answers 409 with the form and its input);
intranet forms call `check_version` themselves inside their
`transaction.atomic()` block.
"""

from django import forms
from django.db import router, transaction
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "loaded_version"


class StaleVersionError(Exception):
    """The record was saved by someone else after this edit started."""

    def __init__(self, obj, submitted_version, current_version):
        self.obj = obj
        self.submitted_version = submitted_version
        self.current_version = current_version
        super().__init__(str(self.message))

    @property
    def message(self):
        return _(
            "Someone else saved this record after you opened it, so your changes were "
            "not saved. Your input is kept below: compare it with the current record "
            "(open it in a new tab), then save again to keep your version."
        )


def bump_version(instance, save_kwargs):
    """Called by a versioned model's save(): a changed record gets a new version."""
    if instance._state.adding:
        instance.version = instance.version or 1
        return
    instance.version = (instance.version or 0) + 1
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and "version" not in update_fields:
        save_kwargs["update_fields"] = [*update_fields, "version"]


def current_version(obj):
    """The version stored now, with the row locked until the transaction ends."""
    model = type(obj)
    queryset = model._default_manager.filter(pk=obj.pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.values_list("version", flat=True).first()


def check_version(obj, submitted_version):
    """Raise StaleVersionError unless `submitted_version` is still the stored one.

    Call it inside the transaction that saves `obj`, before saving.
    """
    if obj.pk is None:
        return
    stored = current_version(obj)
    try:
        submitted = int(submitted_version)
    except (TypeError, ValueError):
        submitted = None
    if stored is None or submitted != stored:
        raise StaleVersionError(obj, submitted, stored)


class VersionField(forms.IntegerField):
    """The hidden version an edit form was loaded with. Never counts as a change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return False


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to save over a newer version of its record."""

    loaded_version = VersionField()
    # The change form is checked on every save; a changelist row only when edited.
    check_unchanged = True
    stale = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or not (self.check_unchanged or self.has_changed()):
            return cleaned_data
        try:
            check_version(self.instance, self.data.get(self.add_prefix(VERSION_FIELD)))
        except StaleVersionError as error:
            self.refuse(error)
        return cleaned_data

    def refuse(self, error):
        # Carry the current version, so saving again (after reading the message)
        # deliberately keeps this editor's input.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(error.current_version or "")
        self.add_error(None, error.message)
        self.stale = True


class CarryVersionBoundField(BoundField):
    """A changelist cell that also carries its row's hidden version input."""

    def __str__(self):
        hidden = self.form[VERSION_FIELD]
        errors = self.form.non_field_errors()
        return format_html("{}{}{}", errors, super().__str__(), hidden)


class VersionedChangelistForm(VersionedModelForm):
    check_unchanged = False
    carrier_field = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A changelist cell has no <label>: name each input after its column and row.
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

    def __getitem__(self, name):
        if name == self.carrier_field and name in self.fields:
            return CarryVersionBoundField(self, self.fields[name], name)
        return super().__getitem__(name)


class VersionedAdminMixin:
    """Add to a ModelAdmin's bases: change form and list_editable refuse stale saves."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        first_name, first_options = fieldsets[0]
        first_options = {
            **first_options,
            "fields": [*first_options.get("fields", []), VERSION_FIELD],
        }
        return [(first_name, first_options), *fieldsets[1:]]

    def get_changelist_form(self, request, **kwargs):
        editable = list(self.list_editable)
        base = type(
            "VersionedChangelistForm",
            (VersionedChangelistForm,),
            {"carrier_field": editable[0] if editable else None},
        )
        kwargs.setdefault("form", base)
        kwargs.setdefault("fields", editable)
        return super().get_changelist_form(request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        forms_shown = [context["adminform"].form] if "adminform" in context else []
        for inline in context.get("inline_admin_formsets", []):
            forms_shown.extend(inline.formset.forms)
        if any(getattr(form, "stale", False) for form in forms_shown):
            # The form comes back with the editor's input and the message, as 409.
            response.status_code = 409
        return response

    def changelist_view(self, request, extra_context=None):
        if not (request.method == "POST" and self.list_editable and "_save" in request.POST):
            return super().changelist_view(request, extra_context)
        # Validate and save list_editable rows in one transaction, so the version
        # check and the save see the same rows.
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        formset = getattr(changelist, "formset", None)
        if formset is not None and any(getattr(f, "stale", False) for f in formset.forms):
            response.status_code = 409
        return response


class VersionedInlineForm(VersionedModelForm):
    check_unchanged = False  # only the rows the editor changed


class VersionedInlineMixin:
    """Add to an inline's bases (e.g. follow-ups inside the trip form): a changed row
    saved over a newer version of that record is refused. The parent admin must use
    VersionedAdminMixin, whose change view runs in one transaction and answers 409."""

    form = VersionedInlineForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        first_name, first_options = fieldsets[0]
        first_options = {
            **first_options,
            "fields": [*first_options.get("fields", []), VERSION_FIELD],
        }
        return [(first_name, first_options), *fieldsets[1:]]
