"""A form renderer that writes the plain widgets in Python.

Django renders every widget through the template engine: about two milliseconds for
an <input> (input.html, then attrs.html), which made the trip's change page in the
admin, with its ~450 fields across the inlines, take a second. The widgets below are
written here with the same markup their Django templates produce (the templates are
still used for everything else: admin wrappers, file inputs, radio lists, and any
widget given its own template). tests/test_form_rendering.py compares both.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "hidden",
        "date",
        "datetime",
        "time",
        "email",
        "url",
        "password",
        "checkbox",
        "search",
        "tel",
        "color",
    )
}
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
TEXTAREA = f"{WIDGETS}textarea.html"
LABEL = "django/forms/label.html"
ERROR_LISTS = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


esc = conditional_escape


def _attrs(attrs):
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{esc(value)}"')
    return "".join(parts)


def _input(widget):
    value = widget["value"]
    value_part = "" if value is None else f' value="{esc(value)}"'
    return (
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"'
        f"{value_part}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget):
    value = widget["value"]
    body = conditional_escape(value) if value else ""
    start = f'<textarea name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>'
    return f"{start}\n{body}</textarea>"


def _option(option):
    return (
        f'<option value="{esc(option["value"])}"'
        f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
    )


def _select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            # select_option.html ends with a newline, which the include keeps.
            parts.append("\n  " + _option(option) + "\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _plain_options(widget):
    return all(
        option.get("template_name") == OPTION
        for _name, choices, _index in widget["optgroups"]
        for option in choices
    )


def _label(context):
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _error_list(errors, error_class):
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_part = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<ul class="{conditional_escape(error_class)}"{id_part}>{items}</ul>'


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == LABEL and set(context) == {"field", "label", "attrs", "use_tag", "tag"}:
            return mark_safe(_label(context))
        if template_name in ERROR_LISTS and set(context) == {"errors", "error_class"}:
            return mark_safe(_error_list(context["errors"], context["error_class"]))
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and set(context) <= {"widget"}:
            if template_name in INPUTS and widget.get("type") is not None:
                return mark_safe(_input(widget))
            if template_name == TEXTAREA:
                return mark_safe(_textarea(widget))
            if template_name == SELECT and _plain_options(widget):
                return mark_safe(_select(widget))
        return super().render(template_name, context, request)
