"""The trip page is actionable: follow-ups and keywords link on, the head of the
delegation is shown and can be marked, a lesson switches between reflection and
recommendation in a click; the meeting page names its trip plainly."""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from delegates.models import Person
from meetings.models import Delegate, FollowUp, Lesson, Trip

from ..factories import make_trip
from .builders import full_trip


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def trip(customs):
    return full_trip(customs, size=2)


def test_follow_up_rows_and_keywords_link_on(client_for, viewer, trip):
    html = text_of(client_for(viewer).get(trip.get_absolute_url()))
    for follow_up in FollowUp.objects.filter(trip=trip):
        assert f'href="{reverse("meetings:followup-detail", args=[follow_up.pk])}"' in html
    search = reverse("meetings:search")
    for keyword in trip.keywords.all():
        assert f'href="{search}?q=%22{quote(keyword.name, safe="")}%22"' in html
    follow_up = FollowUp.objects.filter(trip=trip).first()
    assert (
        client_for(viewer).get(reverse("meetings:followup-detail", args=[follow_up.pk])).status_code
        == 200
    )


def test_keyword_link_finds_the_trip(client_for, viewer, trip):
    keyword = trip.keywords.first()
    response = client_for(viewer).get(reverse("meetings:search"), {"q": f'"{keyword.name}"'})
    assert trip in [row["trip"] for row in response.context["rows"]]


def test_head_of_delegation_is_shown(chinese_ui, client_for, viewer, trip):
    head = trip.delegates.get(role=Delegate.Role.HEAD).person
    html = text_of(client_for(viewer).get(trip.get_absolute_url()))
    assert re.search(rf"<dt>團長</dt><dd><a href=\"/people/{head.pk}/\">{head.name}</a>", html)
    assert '<span class="badge badge--head">團長</span>' in html
    # A viewer sees no buttons to change it.
    assert "設為團長" not in html and "改列為建議" not in html


def test_editor_marks_the_head_in_one_click(chinese_ui, client_for, editor, trip):
    client = client_for(editor)
    former = trip.delegates.get(role=Delegate.Role.HEAD)
    member = trip.delegates.exclude(pk=former.pk).get()
    version = Trip.objects.get(pk=trip.pk).version
    assert "設為團長" in text_of(client.get(trip.get_absolute_url()))
    response = client.post(reverse("meetings:delegate-head", args=[member.pk]))
    assert response.status_code == 302
    assert response.url == f"{trip.get_absolute_url()}#delegation"
    member.refresh_from_db()
    former.refresh_from_db()
    assert member.role == Delegate.Role.HEAD and former.role == Delegate.Role.MEMBER
    assert member.history.first().history_user == editor
    # An admin form opened before the change now refuses to save over it.
    assert Trip.objects.get(pk=trip.pk).version > version
    page = text_of(client.get(trip.get_absolute_url()))
    assert f"已將{member.person.name}列為團長。" in page
    again = client.post(reverse("meetings:delegate-head", args=[member.pk]), follow=True)
    assert "這位團員已經是團長。" in text_of(again)


def test_editor_switches_a_lesson_both_ways(chinese_ui, client_for, editor, trip):
    client = client_for(editor)
    lesson = trip.lessons.filter(kind=Lesson.Kind.OBSERVATION).first()
    url = reverse("meetings:lesson-kind", args=[lesson.pk])
    assert "改列為建議" in text_of(client.get(trip.get_absolute_url()))
    response = client.post(url)
    assert response.url == f"{trip.get_absolute_url()}#lesson-{lesson.pk}"
    lesson.refresh_from_db()
    assert lesson.kind == Lesson.Kind.RECOMMENDATION
    assert lesson.adoption_status == Lesson.Adoption.PROPOSED and lesson.review_date
    listed = client.get(reverse("meetings:recommendation-list"))
    assert lesson in listed.context["page_obj"].object_list
    client.post(url)
    lesson.refresh_from_db()
    assert lesson.kind == Lesson.Kind.OBSERVATION and lesson.adoption_status == ""
    assert lesson.history.first().history_user == editor


def test_a_decided_recommendation_is_not_switched(chinese_ui, client_for, editor, trip):
    lesson = trip.lessons.filter(kind=Lesson.Kind.RECOMMENDATION).first()
    Lesson.objects.filter(pk=lesson.pk).update(adoption_status=Lesson.Adoption.ADOPTED)
    response = client_for(editor).post(
        reverse("meetings:lesson-kind", args=[lesson.pk]), follow=True
    )
    assert "這項建議已有採行決定（已採納）" in text_of(
        response
    ) or "這項建議已有採行決定" in text_of(response)
    lesson.refresh_from_db()
    assert lesson.kind == Lesson.Kind.RECOMMENDATION and lesson.adoption_status == "adopted"


def test_corrections_refused(client_for, viewer, other_editor, trip, customs):
    member = trip.delegates.exclude(role=Delegate.Role.HEAD).first()
    lesson = trip.lessons.first()
    urls = [
        reverse("meetings:delegate-head", args=[member.pk]),
        reverse("meetings:lesson-kind", args=[lesson.pk]),
    ]
    restricted = make_trip(customs, title="限閱", access=Trip.Access.RESTRICTED)
    hidden = Delegate.objects.create(
        trip=restricted, person=Person.objects.create(name="甲", agency=customs)
    )
    for url in urls:
        anonymous = Client().post(url)
        assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
        assert client_for(viewer).post(url).status_code == 403
        assert client_for(viewer).get(url).status_code == 405
    # Another agency may read the open trip but not change it; a restricted one is 404.
    for url in urls:
        assert client_for(other_editor).post(url).status_code == 403
    hidden_url = reverse("meetings:delegate-head", args=[hidden.pk])
    assert client_for(other_editor).post(hidden_url).status_code == 404
    assert (
        client_for(other_editor).post(reverse("meetings:delegate-head", args=[999999])).status_code
        == 404
    )
    member.refresh_from_db()
    lesson_kind = lesson.kind
    lesson.refresh_from_db()
    assert member.role == Delegate.Role.MEMBER and lesson.kind == lesson_kind


def test_meeting_page_names_its_trip_plainly(chinese_ui, client_for, viewer, trip):
    meeting = trip.meetings.first()
    html = text_of(client_for(viewer).get(meeting.get_absolute_url()))
    assert f'所屬出國案： <a href="{trip.get_absolute_url()}">{trip.title}</a>' in html
    assert "出國期間出席" not in html
    briefing = reverse("meetings:trip-briefing", args=[trip.pk])
    assert f'href="{briefing}"' in html


def test_trip_page_says_report_deadline(chinese_ui, client_for, viewer, trip):
    html = text_of(client_for(viewer).get(trip.get_absolute_url()))
    assert "<dt>報告期限</dt>" in html
    assert f'href="{reverse("meetings:trip-briefing", args=[trip.pk])}"' in html
