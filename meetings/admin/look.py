"""The admin in the portal's ways: ROC (民國) dates in lists and date fields.

Lists show a date column as 民國 111 年 8 月 22 日 (ISO in English); date fields keep
the ISO input the date picker fills, with the ROC reading of it beside the field.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import Media
from django.utils.html import format_html

from portal.templatetags.roc import _as_date, _chinese_ui, roc, roc_date


class RocDateWidget(AdminDateWidget):
    @property
    def media(self):
        return super().media + Media(js=["js/admin-roc.js"])

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not _chinese_ui():
            return html
        day = _as_date(value)
        if day is None and isinstance(value, str):
            # Typed input shown again (a refused save): read it as the form would.
            try:
                day = forms.DateField(required=False).clean(value)
            except ValidationError:
                day = None
        field_id = (attrs or {}).get("id", "")
        return format_html(
            '{}<span class="roc-hint" data-roc-for="{}" aria-live="polite">{}</span>',
            html,
            field_id,
            roc_date(day) if day else "",
        )


def roc_column(model, name):
    """A list column showing the date field `name` in the ROC calendar."""
    field = model._meta.get_field(name)

    def column(obj):
        value = getattr(obj, name)
        return roc(value) if value else None

    column.short_description = field.verbose_name
    column.admin_order_field = name
    column.__name__ = name
    return column


class RocDatesAdminMixin:
    """For model admins and inlines: ROC dates in the list columns and date fields."""

    formfield_overrides = {models.DateField: {"widget": RocDateWidget}}

    def get_list_display(self, request):
        columns = []
        editable = set(getattr(self, "list_editable", ()) or ())
        for entry in super().get_list_display(request):
            if isinstance(entry, str) and entry not in editable:
                try:
                    field = self.model._meta.get_field(entry)
                except Exception:  # noqa: BLE001 - not a field: a method or property
                    field = None
                if isinstance(field, models.DateField) and not isinstance(
                    field, models.DateTimeField
                ):
                    entry = roc_column(self.model, entry)
            columns.append(entry)
        return columns
