"""Search filters: years (AD or ROC), country, category, agency, series, person…"""

import datetime

import pytest

from meetings.models import Destination, FollowUp, Meeting, Trip

from ..factories import make_trip
from .helpers import found, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def older(customs):
    trip = make_trip(
        customs,
        title="出席 2015 年 WCO 單一窗口研討會報告",
        start=datetime.date(2015, 5, 4),
        category=Trip.Category.TRAINING,
    )
    Destination.objects.create(trip=trip, country="BE", city="布魯塞爾")
    return trip


@pytest.mark.parametrize("year", ["111", "2022"])
def test_year_filter_takes_roc_or_ad_years(client_for, viewer, report, older, year):
    response = search(client_for(viewer), "單一窗口", year_from=year, year_to=year)
    assert found(response) == [report]


def test_year_range_is_inclusive(client_for, viewer, report, older):
    client = client_for(viewer)
    assert set(found(search(client, "單一窗口", year_from="104"))) == {report, older}
    assert found(search(client, "單一窗口", year_to="2021")) == [older]


def test_country_filter(client_for, viewer, report, older):
    assert found(search(client_for(viewer), "單一窗口", country="BE")) == [older]


def test_category_filter(client_for, viewer, report, older):
    response = search(client_for(viewer), "單一窗口", category=Trip.Category.TRAINING)
    assert found(response) == [older]


def test_agency_filter_includes_sub_agencies(
    client_for, viewer, report, taipei_customs, other_agency
):
    branch = make_trip(taipei_customs, title="臺北關單一窗口業務考察")
    make_trip(other_agency, title="衛福部單一窗口")
    response = search(client_for(viewer), "單一窗口", agency=report.agency_id)
    assert set(found(response)) == {report, branch}
    assert found(search(client_for(viewer), "單一窗口", agency=taipei_customs.pk)) == [branch]


def test_series_and_organisation_filters(client_for, viewer, report, older, sccp, apec):
    client = client_for(viewer)
    assert found(search(client, "單一窗口", series=sccp.pk)) == [report]
    assert found(search(client, "單一窗口", organisation=apec.pk)) == [report]
    Meeting.objects.create(trip=older, title="WCO 會議", order=1)
    assert found(search(client, "單一窗口", series=sccp.pk)) == [report]


def test_person_filter(client_for, viewer, report, older):
    assert found(search(client_for(viewer), "單一窗口", person="劉麗")) == [report]


def test_open_follow_ups_filter(client_for, viewer, report, older):
    client = client_for(viewer)
    assert found(search(client, "單一窗口", open_follow_ups="on")) == [report]
    FollowUp.objects.filter(trip=report).update(
        status=FollowUp.Status.DONE, completed_on=datetime.date(2023, 1, 1)
    )
    assert found(search(client, "單一窗口", open_follow_ups="on")) == []


def test_filters_combine(client_for, viewer, report, older):
    client = client_for(viewer)
    assert found(search(client, "單一窗口", year_from="111", country="TH")) == [report]
    assert found(search(client, "單一窗口", year_from="111", country="BE")) == []


def test_sort_by_date(client_for, viewer, report, older, customs):
    newest = make_trip(customs, title="單一窗口", start=datetime.date(2024, 3, 1))
    response = search(client_for(viewer), "單一窗口", sort="date")
    assert found(response) == [newest, report, older]


def test_filters_alone_list_trips_by_date(client_for, viewer, report, older):
    response = search(client_for(viewer), year_from="100")
    assert found(response) == [report, older]
    assert response.context["count"] == 2


def test_filters_alone_count_and_page_the_trips_the_user_may_see(
    client_for, viewer, customs, other_agency, django_assert_max_num_queries
):
    """A country since a year, without a query: every trip of the user's view that
    passes, counted once and paged newest first; another agency's restricted trip to
    that country is neither listed nor counted."""
    to_thailand = []
    for i in range(23):
        trip = make_trip(customs, title=f"泰國 {i}", start=datetime.date(2020, 1, 1 + i))
        Destination.objects.create(trip=trip, country="TH", city="曼谷")
        to_thailand.append(trip)
    old = make_trip(customs, title="泰國舊", start=datetime.date(2019, 6, 1))
    Destination.objects.create(trip=old, country="TH", city="曼谷")
    japan = make_trip(customs, title="日本", start=datetime.date(2021, 1, 1))
    Destination.objects.create(trip=japan, country="JP", city="東京")
    hidden = make_trip(
        other_agency,
        title="他機關限閱",
        access=Trip.Access.RESTRICTED,
        start=datetime.date(2022, 1, 1),
    )
    Destination.objects.create(trip=hidden, country="TH", city="曼谷")
    client = client_for(viewer)
    search(client, year_from="109", country="TH")
    with django_assert_max_num_queries(12):
        first = search(client, year_from="109", country="TH")
    second = search(client, year_from="109", country="TH", page=2)
    newest_first = to_thailand[::-1]
    assert first.context["count"] == second.context["count"] == 23
    assert found(first) == newest_first[:20]
    assert found(second) == newest_first[20:]


def test_bad_filter_values_are_refused_politely(client_for, viewer, report):
    response = search(client_for(viewer), "單一窗口", year_from="abc", country="XX")
    assert response.status_code == 200
    assert response.context["invalid"] is True
    assert "rows" not in response.context


def test_the_url_holds_the_whole_search(client_for, viewer, report, older):
    html = search(client_for(viewer), "單一窗口", year_from="111", country="TH").content.decode()
    assert 'method="get"' in html
    assert 'value="111"' in html
    assert '<option value="TH" selected>' in html
