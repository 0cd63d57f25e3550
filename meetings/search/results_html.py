"""The search page's list of results, written in Python.

The list was the costliest part of the page's template: twenty results with up to
three matches each are some 400 variable lookups and filters through the template
engine, about 3 ms of every page. The markup is the one the template wrote
(`tests/search/test_results_html.py` renders both and compares them).
"""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal.templatetags.roc import dual_date


def _match_html(match):
    where = conditional_escape(match["kind"])
    if match["location"]:
        where += f" › {conditional_escape(match['location'])}"
    return (
        f'\n        <li><span class="search-hit__where">{where}</span> '
        f'<span class="search-hit__snippet">{conditional_escape(match["snippet"])}</span></li>'
    )


def _row_html(row):
    trip = row["trip"]
    meta = conditional_escape(dual_date(trip.start_date))
    if trip.agency:
        meta += f" · {conditional_escape(trip.agency.short_name or trip.agency.name)}"
    if row["category"]:
        meta += f" · {conditional_escape(row['category'])}"
    matches = ""
    if row["matches"]:
        items = "".join(_match_html(match) for match in row["matches"])
        matches = f'\n      <ul class="search-hit__matches">{items}\n      </ul>'
    return (
        '\n    <li class="search-hit">\n      <h3 class="search-hit__title">'
        f'<a href="{conditional_escape(row["url"])}">{conditional_escape(trip.title)}</a></h3>'
        f'\n      <p class="search-hit__meta">{meta}</p>{matches}\n    </li>'
    )


def results_html(rows):
    """The <li> of each result row (`meetings.views.search._row`), as safe HTML."""
    return mark_safe("".join(_row_html(row) for row in rows))
