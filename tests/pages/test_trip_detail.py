"""The trip page: everything of a trip, for those who may see it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import FollowUp, Lesson, MeetingSeries

from ..factories import make_trip
from .builders import full_trip


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_viewer_reads_the_whole_trip(chinese_ui, client_for, viewer, customs):
    trip = full_trip(customs, size=2)
    FollowUp.objects.filter(trip=trip, description__endswith="1").update(
        status="done", completed_on=datetime.date(2022, 10, 1)
    )
    trip.lessons.filter(kind="recommendation", title__endswith="1").update(
        adoption_status=Lesson.Adoption.ADOPTED
    )
    response = client_for(viewer).get(trip.get_absolute_url())
    assert response.status_code == 200
    html = text_of(response)
    assert "出席 2022 年 APEC SCCP 第 2 次會議報告" in html
    assert "民國 111 年 8 月 22 日" in html and 'datetime="2022-08-22"' in html
    assert "民國 111 年 11 月 14 日" in html  # report date
    for i in range(2):
        person = trip.delegates.get(order=i).person
        assert f'href="/people/{person.pk}/"' in html and person.name in html
        assert f"副組長{i}" in html
        assert f"本署簡報{i}" in html and f"採認工作計畫{i}" in html
        assert f"掌握策略計畫要點{i}" in html and f"培養國際關務人才{i}" in html
    assert "泰國" in html and "清邁" in html and "日本" in html
    assert "積極參與國際活動" in html and "掌握國際脈動" in html
    assert "關鍵詞0" in html
    # Agenda nested three deep: 4、 › (1) › a.
    assert re.search(
        r'<ol class="agenda-tree">.*?4、.*?<ol class="agenda-tree">.*?\(1\).*?'
        r'<ol class="agenda-tree">.*?a\..*?單一窗口互通0',
        html,
    )
    # Follow-up statuses, owners, and the overdue mark of the open one.
    assert "badge--fu-open" in html and "badge--fu-done" in html
    assert html.count("badge--overdue") >= 1
    assert "badge--adoption-adopted" in html and "badge--adoption-proposed" in html
    assert '<details class="report-section">' in html and "第1節" in html
    assert "ACBD Agenda 0" in html and "ACBD Agenda 1" in html


def test_report_due_days_are_shown(chinese_ui, client_for, viewer, customs):
    trip = make_trip(customs, title="尚未繳交報告", start=datetime.date(2020, 1, 6))
    response = client_for(viewer).get(trip.get_absolute_url())
    html = text_of(response)
    assert "民國 109 年 4 月 10 日" in html  # due three months after the return
    assert "badge--overdue" in html


def test_series_is_plain_text_while_its_page_is_not_installed(client_for, viewer, customs):
    trip = full_trip(customs, size=1)
    html = text_of(client_for(viewer).get(trip.get_absolute_url()))
    assert str(MeetingSeries.objects.get()) in html


def test_edit_link_only_for_those_who_may_edit(client_for, viewer, editor, other_editor, customs):
    trip = make_trip(customs, title="可編輯")
    admin_url = reverse("admin:meetings_trip_change", args=[trip.pk])
    assert admin_url not in client_for(viewer).get(trip.get_absolute_url()).content.decode()
    assert admin_url in client_for(editor).get(trip.get_absolute_url()).content.decode()
    assert admin_url not in client_for(other_editor).get(trip.get_absolute_url()).content.decode()


def test_restricted_trip_is_404_for_another_agency(client_for, other_editor, restricted_trip):
    response = client_for(other_editor).get(restricted_trip.get_absolute_url())
    assert response.status_code == 404


def test_restricted_trip_is_visible_to_its_agency(client_for, viewer, restricted_trip):
    response = client_for(viewer).get(restricted_trip.get_absolute_url())
    assert response.status_code == 200
    assert "機密雙邊會談報告" in response.content.decode()


def test_restricted_trip_is_visible_to_the_agency_above(client_for, ministry, taipei_customs):
    from delegates.access import VIEWERS
    from meetings.models import Trip

    from ..factories import make_user

    trip = make_trip(taipei_customs, title="臺北關內部", access=Trip.Access.RESTRICTED)
    boss = make_user("boss", VIEWERS, agency=ministry)
    assert client_for(boss).get(trip.get_absolute_url()).status_code == 200


def test_anonymous_is_sent_to_login(client, open_trip):
    response = client.get(open_trip.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_refused(client_for, viewer, open_trip):
    assert client_for(viewer).post(open_trip.get_absolute_url()).status_code == 405


def test_unknown_trip_is_404(client_for, viewer, db):
    assert client_for(viewer).get(reverse("meetings:trip-detail", args=[999999])).status_code == 404


def test_trip_page_query_count_does_not_grow_with_its_rows(
    client_for, viewer, customs, django_assert_max_num_queries
):
    small = full_trip(customs, size=1, title="小")
    large = full_trip(customs, size=12, title="大")
    client = client_for(viewer)
    client.get(small.get_absolute_url())  # warm the session
    counts = []
    for trip in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(trip.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(25):
        client.get(large.get_absolute_url())


@pytest.mark.parametrize("language", ["en"])
def test_country_names_follow_the_ui_language(client_for, viewer, customs, language):
    trip = full_trip(customs, size=1)
    client = client_for(viewer)
    client.cookies["django_language"] = language
    html = text_of(client.get(trip.get_absolute_url()))
    assert "Thailand" in html and "Japan" in html


def test_optional_url_is_empty_for_a_page_not_installed(db):
    from meetings.templatetags.record_pages import optional_url

    assert optional_url("meetings:no-such-page", 1) == ""
    assert optional_url("meetings:trip-detail", 7) == "/trips/7/"


def test_report_due_in_the_future_shows_days_left(client_for, viewer, customs):
    from django.utils import timezone

    back = timezone.localdate() - datetime.timedelta(days=1)
    trip = make_trip(customs, title="剛回國", start=back - datetime.timedelta(days=4), end=back)
    html = text_of(client_for(viewer).get(trip.get_absolute_url()))
    days = (trip.report_due_date - timezone.localdate()).days
    assert re.search(rf'badge--ok">[^<]*(?<!\d){days}(?!\d)', html)
    assert "badge--overdue" not in html


def test_submitted_report_shows_no_countdown(client_for, viewer, open_trip):
    open_trip.report_date = datetime.date(2022, 11, 14)
    open_trip.save()
    html = text_of(client_for(viewer).get(open_trip.get_absolute_url()))
    assert "badge--ok" not in html and "badge--overdue" not in html
