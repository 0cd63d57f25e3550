"""The personal iCalendar feed and its secret address."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from delegates.models import Person
from meetings.models import CalendarToken, Delegate, FollowUp, Meeting, Trip
from tests.factories import make_trip

from .conftest import days


def feed_url(token):
    return reverse("meetings:calendar-feed", args=[token.token])


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(e.get("uid")): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def editor_token(editor):
    return CalendarToken.objects.create(user=editor)


def test_feed_works_without_session_and_holds_trips_meetings_and_due_dates(
    client, editor_token, customs, my_follow_up, open_trip
):
    Trip.objects.filter(pk=open_trip.pk).update(start_date=days(20), end_date=days(24))
    meeting = Meeting.objects.create(
        trip=open_trip, title="SCCP 第一次會議", start_date=days(21), location="Bangkok"
    )
    response = client.get(feed_url(editor_token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    trip_event = found[f"trip-{open_trip.pk}@portal.invalid"]
    assert trip_event.decoded("dtstart") == days(20)
    assert trip_event.decoded("dtend") == days(25)
    assert f"meeting-{meeting.pk}@portal.invalid" in found
    due = found[f"followup-{my_follow_up.pk}@portal.invalid"]
    assert due.decoded("dtstart") == my_follow_up.due_date
    assert "回報 SCCP 會議結論" in str(due.get("summary"))


def test_bad_token_is_404(client, editor_token):
    assert client.get("/calendar/not-a-real-token-at-all-xxxxxxxx.ics").status_code == 404
    almost = editor_token.token[:-1] + ("x" if editor_token.token[-1] != "x" else "y")
    assert client.get(f"/calendar/{almost}.ics").status_code == 404


def test_regenerate_invalidates_old_address(client_for, editor, editor_token):
    client = client_for(editor)
    old = feed_url(editor_token)
    page = client.get(reverse("meetings:calendar-settings"))
    assert old in page.content.decode()
    response = client.post(reverse("meetings:calendar-settings"))
    assert response.status_code == 302
    editor_token.refresh_from_db()
    assert feed_url(editor_token) != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(editor_token)).status_code == 200


def test_settings_page_creates_address_on_post_only(client_for, viewer):
    client = client_for(viewer)
    client.get(reverse("meetings:calendar-settings"))
    assert not CalendarToken.objects.exists()
    client.post(reverse("meetings:calendar-settings"))
    assert CalendarToken.objects.get().user == viewer


def test_settings_page_needs_login(client, db):
    response = client.get(reverse("meetings:calendar-settings"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_restricted_trips_only_for_users_who_may_see_them(
    client, other_editor, restricted_trip, editor_token
):
    Trip.objects.filter(pk=restricted_trip.pk).update(start_date=days(3), end_date=days(5))
    # Even listed as a delegate, another agency's user does not see the restricted trip.
    Delegate.objects.create(trip=restricted_trip, person=Person.objects.get(user=other_editor))
    other_token = CalendarToken.objects.create(user=other_editor)
    uid = f"trip-{restricted_trip.pk}@portal.invalid"
    assert uid not in events(client.get(feed_url(other_token)))
    assert uid in events(client.get(feed_url(editor_token)))


def test_inactive_user_feed_is_404(client, editor, editor_token):
    editor.is_active = False
    editor.save()
    assert client.get(feed_url(editor_token)).status_code == 404


def test_feed_query_count_is_constant(
    client, editor, editor_token, editor_person, customs, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            trip = make_trip(customs, start=days(i + 1))
            Meeting.objects.create(trip=trip, title=f"會議 {i}", start_date=days(i + 1))
            FollowUp.objects.create(
                trip=trip, description=f"事項 {i}", owner_person=editor_person, due_date=days(i)
            )

    add(2)
    with django_assert_max_num_queries(15) as few:
        client.get(feed_url(editor_token))
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(feed_url(editor_token))
    assert len(events(response)) == 36


def test_feed_has_dates_as_dates(client, editor_token, my_follow_up):
    found = events(client.get(feed_url(editor_token)))
    (due,) = found.values()
    assert isinstance(due.decoded("dtstart"), datetime.date)
