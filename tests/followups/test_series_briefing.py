"""A meeting series across years, and the briefing pack before the next trip."""

import datetime

import pytest
from django.urls import reverse

from delegates.models import Person
from meetings.models import (
    Decision,
    Delegate,
    Destination,
    FollowUp,
    Lesson,
    Meeting,
    MeetingSeries,
    Organisation,
    Trip,
)
from tests.factories import make_trip


@pytest.fixture
def sccp(db):
    apec = Organisation.objects.create(name="Asia-Pacific Economic Cooperation", acronym="APEC")
    return MeetingSeries.objects.create(
        name="Sub-Committee on Customs Procedures", acronym="SCCP", organisation=apec
    )


def session(trip, series, title, start, decisions=(), order=0):
    meeting = Meeting.objects.create(
        trip=trip, series=series, title=title, start_date=start, order=order
    )
    for i, text in enumerate(decisions):
        Decision.objects.create(meeting=meeting, text=text, order=i)
    return meeting


@pytest.fixture
def three_years(customs, sccp):
    trips, meetings = [], []
    for year in (2021, 2022, 2023):
        trip = make_trip(customs, title=f"{year} SCCP 報告", start=datetime.date(year, 8, 1))
        Destination.objects.create(trip=trip, country="TH")
        meetings.append(
            session(trip, sccp, f"SCCP {year}", datetime.date(year, 8, 2), [f"{year} 決議"])
        )
        trips.append(trip)
    return trips, meetings


def test_series_get_absolute_url(sccp):
    assert sccp.get_absolute_url() == reverse("meetings:series-detail", args=[sccp.pk])


def test_series_page_lists_sessions_in_order_with_open_follow_ups(
    client_for, viewer, sccp, three_years
):
    trips, meetings = three_years
    FollowUp.objects.create(trip=trips[0], meeting=meetings[0], description="2021 未完事項")
    FollowUp.objects.create(
        trip=trips[1], meeting=meetings[1], description="2022 已完事項", status="done"
    )
    response = client_for(viewer).get(sccp.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f"SCCP {year}") for year in (2021, 2022, 2023)]
    assert positions == sorted(positions)
    assert "2021 決議" in html and "2023 決議" in html
    assert "2021 未完事項" in html
    assert "2022 已完事項" not in html


def test_series_hides_restricted_sessions_of_other_agencies(
    client_for, other_editor, sccp, customs
):
    secret = make_trip(customs, title="機密", access=Trip.Access.RESTRICTED)
    session(secret, sccp, "SCCP 機密場次", datetime.date(2024, 2, 1), ["機密決議"])
    html = client_for(other_editor).get(sccp.get_absolute_url()).content.decode()
    assert "機密決議" not in html


def test_series_list_counts_visible_sessions(client_for, viewer, sccp, three_years):
    response = client_for(viewer).get(reverse("meetings:series-list"))
    assert response.status_code == 200
    (row,) = response.context["series_list"]
    assert row.meeting_count == 3
    assert sccp.get_absolute_url() in response.content.decode()


def test_unknown_series_is_404(client_for, viewer, db):
    assert client_for(viewer).get(reverse("meetings:series-detail", args=[999])).status_code == 404


def test_series_query_count_is_constant(
    client_for, viewer, sccp, customs, django_assert_max_num_queries
):
    client = client_for(viewer)

    def add(years):
        for year in years:
            trip = make_trip(customs, start=datetime.date(year, 5, 1))
            meeting = session(trip, sccp, f"SCCP {year}", datetime.date(year, 5, 2), ["a", "b"])
            FollowUp.objects.create(trip=trip, meeting=meeting, description=f"事項 {year}")

    add([2010, 2011])
    with django_assert_max_num_queries(20) as few:
        client.get(sccp.get_absolute_url())
    add(range(2012, 2020))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(sccp.get_absolute_url())


def briefing_url(trip):
    return reverse("meetings:trip-briefing", args=[trip.pk])


def test_briefing_gathers_earlier_trips_of_series_and_country(
    client_for, viewer, sccp, three_years, customs
):
    trips, meetings = three_years
    person = Person.objects.create(name="陳出國", agency=customs)
    Delegate.objects.create(trip=trips[1], person=person, role=Delegate.Role.HEAD)
    FollowUp.objects.create(trip=trips[1], meeting=meetings[1], description="尚待辦理事項")
    Lesson.objects.create(trip=trips[0], kind="recommendation", title="建議持續參與")
    elsewhere = make_trip(customs, title="無關的行程", start=datetime.date(2022, 3, 1))
    Destination.objects.create(trip=elsewhere, country="FR")
    upcoming = make_trip(customs, title="2024 SCCP 行程", start=datetime.date(2024, 8, 1))
    session(upcoming, sccp, "SCCP 2024", datetime.date(2024, 8, 2))
    response = client_for(viewer).get(briefing_url(upcoming))
    assert response.status_code == 200
    assert list(response.context["briefing"].earlier_trips) == [trips[2], trips[1], trips[0]]
    html = response.content.decode()
    for text in ("2022 決議", "尚待辦理事項", "建議持續參與", "陳出國"):
        assert text in html
    assert "無關的行程" not in html


def test_briefing_by_destination_only(client_for, viewer, three_years, customs):
    upcoming = make_trip(customs, title="泰國訪問", start=datetime.date(2025, 1, 10))
    Destination.objects.create(trip=upcoming, country="TH")
    response = client_for(viewer).get(briefing_url(upcoming))
    assert len(response.context["briefing"].earlier_trips) == 3


def test_briefing_refusals(client, client_for, other_editor, restricted_trip, viewer):
    assert client_for(other_editor).get(briefing_url(restricted_trip)).status_code == 404
    client.logout()
    response = client.get(briefing_url(restricted_trip))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_briefing_excludes_restricted_earlier_trips_of_other_agencies(
    client_for, other_editor, sccp, customs, other_agency
):
    secret = make_trip(customs, title="機密前次", access=Trip.Access.RESTRICTED)
    session(secret, sccp, "SCCP 機密", datetime.date(2022, 8, 2))
    upcoming = make_trip(other_agency, title="他署前往", start=datetime.date(2024, 8, 1))
    session(upcoming, sccp, "SCCP 2024", datetime.date(2024, 8, 2))
    response = client_for(other_editor).get(briefing_url(upcoming))
    assert "機密前次" not in response.content.decode()


def test_briefing_query_count_is_constant(
    client_for, viewer, sccp, customs, django_assert_max_num_queries
):
    client = client_for(viewer)
    upcoming = make_trip(customs, start=datetime.date(2030, 1, 1))
    session(upcoming, sccp, "next", datetime.date(2030, 1, 2))

    def add(years):
        for year in years:
            trip = make_trip(customs, start=datetime.date(year, 5, 1))
            Destination.objects.create(trip=trip, country="JP")
            meeting = session(trip, sccp, f"SCCP {year}", datetime.date(year, 5, 2), ["d"])
            FollowUp.objects.create(trip=trip, meeting=meeting, description=f"事項 {year}")
            Lesson.objects.create(trip=trip, title=f"心得 {year}")
            person = Person.objects.create(name=f"人 {year}", agency=customs)
            Delegate.objects.create(trip=trip, person=person)

    add([2010, 2011])
    with django_assert_max_num_queries(25) as few:
        client.get(briefing_url(upcoming))
    add(range(2012, 2020))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(briefing_url(upcoming))
