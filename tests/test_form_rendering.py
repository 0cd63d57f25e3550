"""Plain widgets written in Python (portal/form_rendering.py) give the markup Django's
templates give, so the admin and the portal's forms look and submit the same."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe

from portal.form_rendering import FastWidgetRenderer

from .pages.builders import full_trip


class EveryWidget(forms.Form):
    text = forms.CharField(initial='say "hi" & <b>bye</b>', max_length=20)
    number = forms.IntegerField(initial=3, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x")
    day = forms.DateField(initial=datetime.date(2022, 8, 22), widget=forms.DateInput)
    mail = forms.EmailField(required=False)
    url = forms.URLField(initial="https://example.org/?a=1&b=2", assume_scheme="https")
    flag = forms.BooleanField(initial=True, required=False)
    off = forms.BooleanField(initial=False, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), initial="一\n<二>")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[("", "---"), ("a", "甲 & <乙>"), ("Group", [("g1", "一"), ("g2", "二")])],
        initial="g2",
    )
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two")], initial=[2])
    safe = forms.CharField(initial=mark_safe("<i>kept</i>"), widget=forms.TextInput)


def render_all(form_class, renderer, data=None):
    form = form_class(data=data, renderer=renderer)
    return [
        (str(field), field.label_tag(), str(field.errors), field.legend_tag()) for field in form
    ]


@pytest.mark.parametrize("data", [None, {"text": "x" * 30, "url": "no", "choice": "zz"}])
def test_python_rendering_matches_the_templates(data):
    assert render_all(EveryWidget, FastWidgetRenderer(), data) == render_all(
        EveryWidget, DjangoTemplates(), data
    )


def test_admin_trip_page_is_the_same_with_either_renderer(client_for, superuser, customs, settings):
    trip = full_trip(customs, size=2)
    url = reverse("admin:meetings_trip_change", args=[trip.pk])
    client = client_for(superuser)
    settings.FORM_RENDERER = "portal.form_rendering.FastWidgetRenderer"
    fast = client.get(url).content.decode()
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    slow = client.get(url).content.decode()

    def strip_tokens(html):
        import re

        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert strip_tokens(fast) == strip_tokens(slow)
