"""The result list written in Python (meetings/search/results_html.py) is the markup
the page's template wrote: both render the same rows, with and without an agency, a
category, matches and locations, and text that must be escaped."""

import datetime
import re

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from delegates.models import Agency
from meetings.models import Trip
from meetings.search.results_html import results_html

# The loop the template held before the list was written in Python.
TEMPLATE = """{% load roc %}{% for row in rows %}
    <li class="search-hit">
      <h3 class="search-hit__title"><a href="{{ row.url }}">{{ row.trip.title }}</a></h3>
      <p class="search-hit__meta">{{ row.trip.start_date|dual_date }}{% if row.trip.agency %} · {{ row.trip.agency.short_name|default:row.trip.agency.name }}{% endif %}{% if row.category %} · {{ row.category }}{% endif %}</p>
      {% if row.matches %}
      <ul class="search-hit__matches">
        {% for match in row.matches %}
        <li><span class="search-hit__where">{{ match.kind }}{% if match.location %} › {{ match.location }}{% endif %}</span> <span class="search-hit__snippet">{{ match.snippet }}</span></li>
        {% endfor %}
      </ul>
      {% endif %}
    </li>
    {% endfor %}"""  # noqa: E501


def squeezed(html):
    """The markup without the line breaks and indentation between tags (a space
    between two tags on one line is kept: it shows)."""
    return re.sub(r">\s*\n\s*<", "><", str(html)).strip()


def rows():
    parent = Agency(id=1, name="財政部關務署", short_name="關務署")
    unnamed = Agency(id=2, name="臺北關 <分署>", short_name="")
    with_agency = Trip(id=7, title="APEC <SCCP> & 會議", start_date=datetime.date(2023, 5, 2))
    with_agency.agency = parent
    plain = Trip(id=8, title="研習", start_date=None)
    plain.agency = None
    short = Trip(id=9, title="考察", start_date=datetime.date(2019, 12, 31))
    short.agency = unnamed
    match = {
        "kind": "會議紀錄",
        "location": "SCCP2 › 議程 4 › (3)",
        "snippet": mark_safe("…<mark>海關</mark> &amp; 單一窗口…"),
    }
    return [
        {
            "trip": with_agency,
            "url": "/trips/7/",
            "category": "會議",
            "matches": [match, {**match, "location": ""}],
        },
        {"trip": plain, "url": "/trips/8/?a=1&b=2", "category": "", "matches": []},
        {
            "trip": short,
            "url": "/trips/9/",
            "category": '考察 "x"',
            "matches": [{**match, "kind": "<kind>"}],
        },
    ]


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_the_result_list_is_the_markup_of_the_template(language):
    with translation.override(language):
        expected = engines["django"].from_string(TEMPLATE).render({"rows": rows()})
        assert squeezed(results_html(rows())) == squeezed(expected)


def test_text_is_escaped_and_snippets_are_not():
    html = results_html(rows())
    assert "APEC &lt;SCCP&gt; &amp; 會議" in html
    assert "臺北關 &lt;分署&gt;" in html
    assert "<mark>海關</mark> &amp; 單一窗口" in html
    assert "&lt;kind&gt;" in html
