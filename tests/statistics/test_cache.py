"""The statistics page keeps its figures a few minutes, per set of visible trips: an
edit shows at once, and one agency's cached figures never reach another agency."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_trip

URL = reverse("meetings:statistics")


@pytest.fixture(autouse=True)
def kept(settings):
    settings.STATISTICS_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def trips_per_agency(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    tables = {t.key: t for s in response.context["sections"] for t in s.tables}
    return {row.label: row.values[0] for row in tables["agencies"].rows}, len(captured)


def test_figures_are_kept_and_an_edit_shows_at_once(client_for, viewer, customs, stats_world):
    client = client_for(viewer)
    first, counted = trips_per_agency(client)
    again, kept = trips_per_agency(client)
    assert again == first == {"財政部": 3, "衛生福利部": 1}
    assert kept < counted - 8
    make_trip(customs, "新的出國案")
    assert trips_per_agency(client)[0] == {"財政部": 4, "衛生福利部": 1}


def test_kept_figures_are_per_set_of_visible_trips(client_for, viewer, other_editor, stats_world):
    assert trips_per_agency(client_for(viewer))[0]["財政部"] == 3
    # Same filters, same day: the outsider's figures are counted for the outsider.
    assert trips_per_agency(client_for(other_editor))[0]["財政部"] == 2
