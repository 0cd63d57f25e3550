"""Recommendations (建議事項採行情形): adoption status, review dates, XLSX export."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from meetings.models import Lesson, Trip
from meetings.models.base import add_months
from tests.factories import make_trip

LIST = "meetings:recommendation-list"


def recommend(trip, title, **fields):
    return Lesson.objects.create(trip=trip, kind=Lesson.Kind.RECOMMENDATION, title=title, **fields)


def update_url(lesson):
    return reverse("meetings:recommendation-update", args=[lesson.pk])


def test_new_recommendation_is_reviewed_six_months_after_report(open_trip):
    Trip.objects.filter(pk=open_trip.pk).update(report_date=datetime.date(2022, 11, 30))
    open_trip.refresh_from_db()
    lesson = recommend(open_trip, "建議加強風險管理")
    assert lesson.adoption_status == Lesson.Adoption.PROPOSED
    assert lesson.review_date == datetime.date(2023, 5, 30)


def test_observation_has_no_review(open_trip):
    lesson = Lesson.objects.create(trip=open_trip, title="心得")
    assert lesson.review_date is None and lesson.adoption_status == ""


def test_editor_adopts_then_settles(client_for, editor, open_trip, today):
    lesson = recommend(open_trip, "建議加強風險管理")
    client = client_for(editor)
    response = client.post(update_url(lesson), {"adoption_status": "adopted", "note": "已納入計畫"})
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.adoption_status == "adopted"
    assert lesson.adoption_note == "已納入計畫"
    assert lesson.review_date == add_months(today, 6)
    client.post(update_url(lesson), {"adoption_status": "implemented"})
    lesson.refresh_from_db()
    assert lesson.adoption_status == "implemented"
    assert lesson.review_date is None
    assert lesson.history.first().history_user == editor


def test_bad_status_is_refused(client_for, editor, open_trip):
    lesson = recommend(open_trip, "建議")
    response = client_for(editor).post(
        update_url(lesson), {"adoption_status": "maybe"}, follow=True
    )
    assert "Choose a valid adoption status." in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.adoption_status == "proposed"


def test_viewer_and_other_agency_cannot_update(client_for, viewer, other_editor, open_trip):
    lesson = recommend(open_trip, "建議")
    assert (
        client_for(viewer).post(update_url(lesson), {"adoption_status": "adopted"}).status_code
        == 403
    )
    assert (
        client_for(other_editor)
        .post(update_url(lesson), {"adoption_status": "adopted"})
        .status_code
        == 403
    )
    lesson.refresh_from_db()
    assert lesson.adoption_status == "proposed"


def test_update_endpoint_refuses_get_and_anonymous(client, client_for, editor, open_trip):
    lesson = recommend(open_trip, "建議")
    anonymous = client.post(update_url(lesson), {"adoption_status": "adopted"})
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert client_for(editor).get(update_url(lesson)).status_code == 405


def test_list_orders_by_status_then_review_and_filters_by_agency(
    client_for, viewer, open_trip, other_trip
):
    late = recommend(open_trip, "較晚檢討", review_date=datetime.date(2031, 1, 1))
    soon = recommend(open_trip, "較早檢討", review_date=datetime.date(2030, 1, 1))
    done = recommend(open_trip, "已實施", adoption_status="implemented")
    other = recommend(other_trip, "他署建議")
    client = client_for(viewer)
    rows = list(client.get(reverse(LIST)).context["page_obj"].object_list)
    assert rows.index(soon) < rows.index(late) < rows.index(done)
    assert other in rows
    filtered = client.get(reverse(LIST), {"agency": other_trip.agency_id})
    assert list(filtered.context["page_obj"].object_list) == [other]
    html = client.get(reverse(LIST)).content.decode()
    # A viewer gets no update forms.
    assert update_url(soon) not in html


def test_editor_sees_update_form_only_for_own_agency(client_for, editor, open_trip, other_trip):
    mine = recommend(open_trip, "本署建議")
    other = recommend(other_trip, "他署建議")
    html = client_for(editor).get(reverse(LIST)).content.decode()
    assert update_url(mine) in html
    assert update_url(other) not in html


def test_restricted_recommendations_hidden_from_other_agency(
    client_for, other_editor, restricted_trip
):
    hidden = recommend(restricted_trip, "機密建議")
    response = client_for(other_editor).get(reverse(LIST))
    assert hidden not in response.context["page_obj"].object_list
    assert (
        client_for(other_editor)
        .post(update_url(hidden), {"adoption_status": "adopted"})
        .status_code
        == 404
    )


def test_xlsx_export_has_headers_and_rows(client_for, viewer, open_trip, other_trip):
    Trip.objects.filter(pk=open_trip.pk).update(report_date=datetime.date(2022, 11, 30))
    open_trip.refresh_from_db()
    recommend(open_trip, "建議加強風險管理", body="說明文字")
    recommend(other_trip, "他署建議")
    response = client_for(viewer).get(
        reverse(LIST), {"format": "xlsx", "agency": open_trip.agency_id}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    header, row = rows
    assert header[0] in ("Trip", "出國案")
    assert row[0] == open_trip.title
    assert row[4] == "建議加強風險管理"
    assert row[3] == "民國 111 年 11 月 30 日"
    assert row[9] == "民國 112 年 5 月 30 日"


def test_list_query_count_is_constant(client_for, editor, customs, django_assert_max_num_queries):
    client = client_for(editor)

    def add(n):
        for i in range(n):
            recommend(make_trip(customs), f"建議 {i}")

    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse(LIST))
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(LIST))


def test_bulk_written_recommendations_get_review_dates_on_trips_changed(open_trip):
    from meetings.signals import trips_changed

    Trip.objects.filter(pk=open_trip.pk).update(report_date=datetime.date(2023, 1, 31))
    rec = Lesson.Kind.RECOMMENDATION
    Lesson.objects.bulk_create(
        [
            Lesson(trip=open_trip, kind=rec, adoption_status="proposed", title="甲"),
            Lesson(trip=open_trip, kind=rec, adoption_status="implemented", title="乙"),
            Lesson(trip=open_trip, title="心得"),
        ]
    )
    trips_changed.send(sender=Trip, trip_ids=[open_trip.pk])
    dates = dict(Lesson.objects.values_list("title", "review_date"))
    assert dates == {"甲": datetime.date(2023, 7, 31), "乙": None, "心得": None}
