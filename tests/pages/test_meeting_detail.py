"""The meeting page: agenda tree, minutes by agenda item, decisions, follow-ups."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, MinuteBlock, Trip

from ..factories import make_trip
from .builders import full_trip


def test_viewer_reads_the_meeting(chinese_ui, client_for, viewer, customs):
    trip = full_trip(customs, size=2)
    meeting = trip.meetings.get(order=1)
    response = client_for(viewer).get(meeting.get_absolute_url())
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "關務程序次級委員會第 1 次會議" in html
    assert "Mr. Chaiyut Kumkun" in html and "泰國清邁" in html
    assert "民國 111 年 8 月 24 日" in html
    assert trip.get_absolute_url() in html
    # The minutes block sits under its agenda item's heading.
    assert re.search(r"minute-group__title\">.*?\(1\).*?疫情因應1.*?本署簡報1", html)
    assert "下次會議1" in html and "採認工作計畫1" in html
    assert "提交報告至 CTI 1" in html and "badge--overdue" in html
    # Only this meeting's records.
    assert "本署簡報0" not in html and "提交報告至 CTI 0" not in html
    assert re.search(
        r'agenda-tree">.*?4、.*?agenda-tree">.*?\(1\).*?agenda-tree">.*?單一窗口互通1', html
    )


def test_agenda_with_a_parent_cycle_still_renders(client_for, viewer, open_trip):
    meeting = Meeting.objects.create(trip=open_trip, title="循環議程")
    first = AgendaItem.objects.create(meeting=meeting, order=0, title="甲")
    second = AgendaItem.objects.create(meeting=meeting, order=1, parent=first, title="乙")
    AgendaItem.objects.filter(pk=first.pk).update(parent=second)
    AgendaItem.objects.create(meeting=meeting, order=2, title="丙")
    MinuteBlock.objects.create(meeting=meeting, order=0, agenda_item=first, body="紀要")
    response = client_for(viewer).get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "丙" in response.content.decode()


def test_meeting_of_a_restricted_trip_is_404_for_another_agency(
    client_for, viewer, other_editor, customs
):
    trip = make_trip(customs, title="機密", access=Trip.Access.RESTRICTED)
    meeting = Meeting.objects.create(trip=trip, title="閉門會議")
    assert client_for(other_editor).get(meeting.get_absolute_url()).status_code == 404
    assert client_for(viewer).get(meeting.get_absolute_url()).status_code == 200


def test_anonymous_and_post_are_refused(client, viewer, open_trip):
    meeting = Meeting.objects.create(trip=open_trip, title="SCCP")
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(viewer)
    assert client.post(meeting.get_absolute_url()).status_code == 405


def test_meeting_page_query_count_does_not_grow(
    client_for, viewer, customs, django_assert_max_num_queries
):
    small = full_trip(customs, size=1, title="小").meetings.get()
    large = Meeting.objects.create(trip=small.trip, order=5, title="大會議")
    parent = None
    for n in range(30):
        parent = AgendaItem.objects.create(
            meeting=large, order=n, parent=parent if n % 3 else None, title=f"項目{n}"
        )
        MinuteBlock.objects.create(meeting=large, order=n, agenda_item=parent, body=f"紀要{n}")
        large.decisions.create(order=n, text=f"決議{n}")
        large.follow_ups.create(trip=small.trip, description=f"待辦{n}", owner_text="SCCP")
    client = client_for(viewer)
    client.get(small.get_absolute_url())
    counts = []
    for meeting in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(20):
        client.get(large.get_absolute_url())
