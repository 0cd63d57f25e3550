"""The filters' fields written in Python (`TripSearchFilter.fields_html`) are the
markup the page's template wrote: labels, widgets with their values, help texts and
errors, for an empty form, a filtered one and one with bad values, in both
languages."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from meetings.models import Trip
from meetings.search.filters import TripSearchFilter

pytestmark = pytest.mark.django_db

# The loop the template held before the fields were written in Python.
TEMPLATE = """{% for field in form %}{% if field.name != "q" %}
      <div class="field{% if field.name == 'open_follow_ups' %} field--checkbox{% endif %}">
        {% if field.name == "open_follow_ups" %}{{ field }} <label for="{{ field.id_for_label }}">{{ field.label }}</label>
        {% else %}<label for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}{% endif %}
        {% if field.help_text %}<p class="help">{{ field.help_text }}</p>{% endif %}
        {% for error in field.errors %}<p class="field-error">{{ error }}</p>{% endfor %}
      </div>
      {% endif %}{% endfor %}"""  # noqa: E501


def squeezed(html):
    """The markup without the line breaks and indentation between tags (a space
    between two tags on one line is kept: it shows)."""
    return re.sub(r">\s*\n\s*<", "><", str(html)).strip()


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "海關"},
        {"q": "海關", "year_from": "111", "country": "JP", "sort": "date", "person": "<王>"},
        {"category": "meeting", "open_follow_ups": "on", "year_to": "2023"},
        {"q": "x", "year_from": "abc", "country": "XX", "agency": "999999", "series": "-1"},
    ],
)
def test_the_fields_are_the_markup_of_the_template(viewer, sccp, language, data):
    request = RequestFactory().get("/search/", data or {})
    request.user = viewer
    with translation.override(language):
        filterset = TripSearchFilter(
            data, queryset=Trip.objects.visible_to(viewer), request=request
        )
        filterset.is_valid()
        expected = engines["django"].from_string(TEMPLATE).render({"form": filterset.form})
        assert squeezed(filterset.fields_html()) == squeezed(expected)
        if data and "series" in data:
            assert 'class="field-error"' in expected
