"""A meeting series across years, and the briefing pack before the next trip."""

import datetime
import re

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


def test_briefing_pack_has_every_section_and_a_full_width_title(
    chinese_ui, client_for, viewer, sccp, customs
):
    earlier = make_trip(
        customs, title="2022 SCCP 行程", start=datetime.date(2022, 8, 1), contact_name="柯佩君"
    )
    meeting = session(earlier, sccp, "SCCP 2022", datetime.date(2022, 8, 2), ["採認工作計畫"])
    head = Person.objects.create(name="楊團長", agency=customs, email="head@example.org")
    Delegate.objects.create(trip=earlier, person=head, role=Delegate.Role.HEAD)
    FollowUp.objects.create(
        trip=earlier, meeting=meeting, description="提供案例", owner_text="APEC 秘書處"
    )
    Lesson.objects.create(trip=earlier, kind="recommendation", title="持續參與", body="宜持續派員")
    Lesson.objects.filter(title="持續參與").update(adoption_status=Lesson.Adoption.ADOPTED)
    Lesson.objects.create(trip=earlier, title="會前準備", body="應及早準備")
    upcoming = make_trip(customs, title="2024 SCCP 行程", start=datetime.date(2024, 8, 1))
    session(upcoming, sccp, "SCCP 2024", datetime.date(2024, 8, 2))
    response = client_for(viewer).get(briefing_url(upcoming))
    html = response.content.decode()
    assert "<h1>行前參考資料：2024 SCCP 行程</h1>" in html
    sections = re.findall(r'<section class="briefing-section"[^>]*>\s*<h2[^>]*>([^<]+)</h2>', html)
    assert sections == [
        "本次出國",
        "過去出國案與出國人員",
        "聯絡對象",
        "決議",
        "未完成的後續辦理事項",
        "建議事項與採行情形",
        "心得",
    ]
    for text in (
        "楊團長",
        "head@example.org",
        "柯佩君",
        "採認工作計畫",
        "提供案例",
        "已採納",
        "宜持續派員",
        "應及早準備",
        "APEC",
    ):
        assert text in html, text
    # Printable: the page's own print button and the portal's print rules.
    assert "js-print" in html


def test_briefing_follows_counterparts_and_organisations(client_for, viewer, sccp, customs):
    wco = Organisation.objects.create(name="World Customs Organization", acronym="WCO")
    pc = MeetingSeries.objects.create(name="Policy Commission", acronym="PC", organisation=wco)
    other = MeetingSeries.objects.create(name="Council", acronym="CC", organisation=wco)
    by_organisation = make_trip(customs, title="理事會", start=datetime.date(2021, 6, 1))
    session(by_organisation, other, "CC 2021", datetime.date(2021, 6, 2))
    by_counterpart = make_trip(customs, title="秘書處往來", start=datetime.date(2021, 3, 1))
    FollowUp.objects.create(trip=by_counterpart, description="回覆", owner_text="APEC 秘書處")
    unrelated = make_trip(customs, title="無關", start=datetime.date(2021, 1, 1))
    upcoming = make_trip(customs, title="政策委員會", start=datetime.date(2024, 6, 1))
    session(upcoming, pc, "PC 2024", datetime.date(2024, 6, 2))
    FollowUp.objects.create(trip=upcoming, description="準備", owner_text="APEC 秘書處")
    found = client_for(viewer).get(briefing_url(upcoming)).context["briefing"].earlier_trips
    assert by_organisation in found and by_counterpart in found and unrelated not in found


def test_trip_and_meeting_pages_link_the_briefing_pack(client_for, viewer, sccp, customs):
    trip = make_trip(customs)
    meeting = session(trip, sccp, "SCCP", datetime.date(2022, 8, 22))
    link = f'href="{briefing_url(trip)}"'
    assert link in client_for(viewer).get(trip.get_absolute_url()).content.decode()
    assert link in client_for(viewer).get(meeting.get_absolute_url()).content.decode()
