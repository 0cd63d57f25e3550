"""The home page: what I owe, what is late in my agency, which reports are due."""

import datetime

from django.urls import reverse

from meetings.models import FollowUp, Lesson, Trip
from tests.factories import make_trip

from .conftest import days


def test_dashboard_lists_my_follow_ups_soonest_first_and_marks_overdue(
    client_for, editor, my_follow_up, overdue_follow_up, others_follow_up
):
    response = client_for(editor).get(reverse("home"))
    assert response.status_code == 200
    mine = response.context["my_follow_ups"]
    assert mine == [overdue_follow_up, my_follow_up]
    html = response.content.decode()
    section = html[html.index('id="my-follow-ups"') : html.index('id="agency-overdue"')]
    assert "提交出國報告摘要" in section and "回報 SCCP 會議結論" in section
    assert "衛福部的後續事項" not in section
    # Overdue is said in words, not only by colour.
    assert section.count("badge--overdue") == 1
    assert "Overdue" in section or "逾期" in section
    assert reverse("meetings:followup-detail", args=[overdue_follow_up.pk]) in section


def test_dashboard_of_another_agency_shows_their_follow_ups_not_mine(
    client_for, other_editor, my_follow_up, overdue_follow_up, others_follow_up
):
    response = client_for(other_editor).get(reverse("home"))
    assert response.context["my_follow_ups"] == [others_follow_up]
    assert response.context["agency_overdue"] == [others_follow_up]


def test_agency_overdue_and_recommendations_awaiting(
    client_for, viewer, overdue_follow_up, my_follow_up, open_trip, other_trip
):
    waiting = Lesson.objects.create(
        trip=open_trip, kind=Lesson.Kind.RECOMMENDATION, title="建議加強跨境電商查核"
    )
    Lesson.objects.create(trip=other_trip, kind=Lesson.Kind.RECOMMENDATION, title="他署建議")
    response = client_for(viewer).get(reverse("home"))
    assert response.context["agency_overdue"] == [overdue_follow_up]
    assert response.context["awaiting_recommendations"] == [waiting]
    assert "他署建議" not in response.content.decode()


def test_report_due_shows_days_left_and_overdue(client_for, editor, customs, today):
    soon = make_trip(customs, title="即將到期的報告", start=today - datetime.timedelta(days=80))
    late = make_trip(customs, title="逾期的報告", start=today - datetime.timedelta(days=200))
    done = make_trip(customs, title="已交的報告", start=today - datetime.timedelta(days=200))
    Trip.objects.filter(pk=done.pk).update(report_date=today)
    response = client_for(editor).get(reverse("home"))
    due = response.context["reports_due"]
    assert [t.title for t in due] == ["逾期的報告", "即將到期的報告"]
    assert due[0].days_overdue > 0
    assert due[1].days_left == (soon.report_due_date - today).days
    assert due[1].days_left > 0
    html = response.content.decode()
    section = html[html.index('id="reports-due"') : html.index('id="upcoming"')]
    assert late.title in section and "已交的報告" not in section
    assert section.count("badge--overdue") == 1
    assert f"{due[1].days_left} " in section.split("badge--warn")[1]


def test_restricted_trips_of_other_agencies_stay_hidden(
    client_for, other_editor, restricted_trip, today
):
    Trip.objects.filter(pk=restricted_trip.pk).update(start_date=days(10), end_date=days(12))
    response = client_for(other_editor).get(reverse("home"))
    assert restricted_trip not in response.context["upcoming_trips"]
    assert restricted_trip.title not in response.content.decode()


def test_main_tasks_still_listed(client_for, viewer):
    response = client_for(viewer).get(reverse("home"))
    html = response.content.decode()
    assert 'id="tasks-heading"' in html
    assert reverse("meetings:followup-list") in html


def test_home_query_count_does_not_grow(
    client_for, editor, open_trip, editor_person, customs, django_assert_max_num_queries
):
    client = client_for(editor)
    client.get(reverse("home"))

    def add_rows(n):
        for i in range(n):
            trip = make_trip(customs, start=days(-150 + i))
            FollowUp.objects.create(
                trip=trip, description=f"事項 {i}", owner_person=editor_person, due_date=days(i - 3)
            )
            Lesson.objects.create(trip=trip, kind=Lesson.Kind.RECOMMENDATION, title=f"建議 {i}")

    add_rows(2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("home"))
    add_rows(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))
