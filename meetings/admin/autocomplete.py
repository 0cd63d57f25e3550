"""Autocomplete fields of admin inlines without a query per row.

Django's autocomplete widget looks up its selected option with one query per form:
on the trip's change page, the person and agency of every delegation member and the
owner of every follow-up (70 queries for a trip of twelve). Here the inline formset
loads the selected options of each autocomplete field for all its forms at once,
into a cache the forms' widgets share (copies of one widget share it).
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property


class PreloadedAutocompleteSelect(AutocompleteSelect):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preloaded = {}

    def optgroups(self, name, value, attr=None):
        empty = self.choices.field.empty_values
        selected = {str(v) for v in value if str(v) not in empty}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            option_value, label = self.preloaded[key]
            default[1].append(
                self.create_option(name, option_value, label, selected, len(default[1]))
            )
        return [default]

    def preload(self, values):
        field = self.choices.field
        wanted = {str(v) for v in values if v not in field.empty_values}
        wanted -= self.preloaded.keys()
        if not wanted:
            return
        queryset = field.queryset.using(self.db).filter(pk__in=wanted)
        if any(f.name == "agency" and f.is_relation for f in queryset.model._meta.fields):
            # A person's label names their agency.
            queryset = queryset.select_related("agency")
        for obj in queryset:
            self.preloaded[str(obj.pk)] = (obj.pk, field.label_from_instance(obj))


def preloaded_widget(widget):
    """The PreloadedAutocompleteSelect inside an admin wrapper, if any."""
    inner = getattr(widget, "widget", widget)
    return inner if isinstance(inner, PreloadedAutocompleteSelect) else None


class PreloadingInlineFormSet(BaseInlineFormSet):
    @cached_property
    def forms(self):
        forms = super().forms
        if forms:
            for name, field in forms[0].fields.items():
                widget = preloaded_widget(field.widget)
                if widget is not None and field.to_field_name in (None, "pk", "id"):
                    widget.preload(form[name].value() for form in forms)
        return forms
