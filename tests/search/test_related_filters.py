"""The related filters taken apart (search.related_filters) keep exactly the trips
of the filtered queryset, the user's access included, in each of their forms."""

import datetime

import pytest
from django.http import QueryDict

from meetings.models import Destination, FollowUp, Trip
from meetings.search.filters import TripSearchFilter
from meetings.search.related_filters import correlated, split

from ..factories import make_trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def trips(customs, other_agency):
    """Trips to Thailand and Japan of two agencies, one of them restricted, some
    with an open follow-up, over several years."""
    made = []
    for i, (agency, country, access) in enumerate(
        [
            (customs, "TH", Trip.Access.OPEN),
            (customs, "JP", Trip.Access.OPEN),
            (other_agency, "TH", Trip.Access.RESTRICTED),
            (other_agency, "TH", Trip.Access.OPEN),
            (customs, "TH", Trip.Access.RESTRICTED),
            (other_agency, "JP", Trip.Access.OPEN),
        ]
    ):
        trip = make_trip(agency, access=access, start=datetime.date(2018 + i, 3, 1))
        Destination.objects.create(trip=trip, country=country, city="")
        if i % 2 == 0:
            FollowUp.objects.create(trip=trip, description=f"追蹤 {i}")
        made.append(trip)
    return made


def filtered(user, **params):
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = TripSearchFilter(query, queryset=Trip.objects.visible_to(user))
    assert filterset.is_valid()
    return filterset.qs


FILTERS = [
    {"country": "TH"},
    {"country": "TH", "year_from": "2020"},
    {"open_follow_ups": "on"},
    {"open_follow_ups": "on", "country": "TH", "category": Trip.Category.MEETING},
    {"year_from": "109"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_taken_apart_the_filters_keep_the_same_trips(trips, other_editor, params):
    qs = filtered(other_editor, **params)
    kept = set(qs.values_list("pk", flat=True))
    related, rest = split(qs)
    rebuilt = rest
    for filter_ in related:
        rebuilt = rebuilt.filter(pk__in=filter_.ids)
    assert set(rebuilt.values_list("pk", flat=True)) == kept
    assert set(correlated(qs).values_list("pk", flat=True)) == kept
    # The user's access condition stays with the trips, never with a related filter.
    hidden = {t.pk for t in trips} - set(
        Trip.objects.visible_to(other_editor).values_list("pk", flat=True)
    )
    assert hidden
    assert not kept & hidden
    assert not set(rest.values_list("pk", flat=True)) & hidden


def test_each_country_or_follow_up_filter_is_taken_apart(trips, viewer):
    related, _rest = split(filtered(viewer, country="TH", open_follow_ups="on", year_from="2019"))
    assert len(related) == 2
    unchanged = filtered(viewer, year_from="2019")
    assert split(unchanged) == ([], unchanged)


def test_a_page_of_filtered_trips_is_the_same_in_either_form(trips, viewer):
    qs = filtered(viewer, country="TH").order_by("-start_date", "-id")
    assert list(correlated(qs).order_by("-start_date", "-id")) == list(qs)
    # The restricted trip of the other agency (trips[2]) is not among them.
    assert [t.pk for t in qs] == [trips[4].pk, trips[3].pk, trips[0].pk]
