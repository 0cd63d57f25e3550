"""Changelist settings that keep the admin fast on large tables."""

import datetime

from django.urls import reverse

from meetings.models import FollowUp, Meeting, Trip
from portal.admin_paging import COUNT_CAP, LargeTablePaginator

from ..factories import make_trip


def test_year_filter_offers_each_year_with_its_roc_year(client_for, superuser, customs):
    make_trip(customs, title="舊", start=datetime.date(2019, 3, 1))
    make_trip(customs, title="新", start=datetime.date(2022, 8, 22))
    client = client_for(superuser)
    html = client.get(reverse("admin:meetings_trip_changelist")).content.decode()
    for year in range(2019, 2023):
        assert f"{year} (民國 {year - 1911})" in html
    response = client.get(reverse("admin:meetings_trip_changelist"), {"year": "2022"})
    assert [t.title for t in response.context["cl"].result_list] == ["新"]


def test_meeting_and_follow_up_changelists_filter_by_year(client_for, superuser, customs):
    trip = make_trip(customs, title="會議年")
    Meeting.objects.create(trip=trip, title="舊會", start_date=datetime.date(2019, 5, 1))
    Meeting.objects.create(trip=trip, order=1, title="新會", start_date=datetime.date(2022, 5, 1))
    FollowUp.objects.create(trip=trip, description="舊待辦", due_date=datetime.date(2019, 6, 1))
    FollowUp.objects.create(trip=trip, description="新待辦", due_date=datetime.date(2022, 6, 1))
    client = client_for(superuser)
    response = client.get(reverse("admin:meetings_meeting_changelist"), {"year": "2019"})
    assert [m.title for m in response.context["cl"].result_list] == ["舊會"]
    response = client.get(reverse("admin:meetings_followup_changelist"), {"year": "2022"})
    assert [f.description for f in response.context["cl"].result_list] == ["新待辦"]


def test_restricted_trips_stay_out_of_another_agencys_changelist(
    client_for, other_editor, restricted_trip, open_trip
):
    response = client_for(other_editor).get(reverse("admin:meetings_trip_changelist"))
    titles = [t.title for t in response.context["cl"].result_list]
    assert open_trip.title in titles and restricted_trip.title not in titles


def test_paginator_count_is_capped(customs, monkeypatch):
    monkeypatch.setattr("portal.admin_paging.COUNT_CAP", 3)
    for n in range(6):
        make_trip(customs, title=f"趟 {n}")
    assert LargeTablePaginator(Trip.objects.all(), 2).count == 4
    assert LargeTablePaginator(Trip.objects.filter(title="趟 1"), 2).count == 1
    assert COUNT_CAP == 10_000


def test_overdue_filter_in_the_follow_up_changelist(client_for, superuser, customs):
    trip = make_trip(customs, title="待辦")
    FollowUp.objects.create(trip=trip, description="逾期", due_date=datetime.date(2020, 1, 1))
    FollowUp.objects.create(trip=trip, description="未到期", due_date=datetime.date(2999, 1, 1))
    FollowUp.objects.create(
        trip=trip,
        description="已完成",
        due_date=datetime.date(2020, 1, 1),
        status="done",
        completed_on=datetime.date(2020, 1, 1),
    )
    client = client_for(superuser)
    url = reverse("admin:meetings_followup_changelist")
    response = client.get(url, {"overdue": "yes"})
    assert [f.description for f in response.context["cl"].result_list] == ["逾期"]
    response = client.get(url, {"overdue": "no"})
    assert sorted(f.description for f in response.context["cl"].result_list) == ["已完成", "未到期"]
