"""Nothing lost: when two editors change the same record, the second save is refused."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from meetings.concurrency import StaleVersionError, check_version
from meetings.models import FollowUp, Trip

from .html_forms import form_values

STALE = "Someone else saved this record after you opened it"


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def load(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response.content, form_id)


@pytest.fixture
def second_editor(customs):
    from delegates.access import EDITORS

    from .factories import make_user

    return make_user("editor2", EDITORS, agency=customs, person_name="張第二", is_staff=True)


def test_second_trip_save_is_refused_and_keeps_the_input(open_trip, editor, second_editor):
    url = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    first, second = client_as(editor), client_as(second_editor)
    first_data = load(first, url, "trip_form")
    second_data = load(second, url, "trip_form")
    assert first_data["loaded_version"] == second_data["loaded_version"] == "1"

    first_data["title"] = "第一位編輯的標題"
    response = first.post(url, first_data)
    assert response.status_code == 302

    second_data["title"] = "第二位編輯的標題"
    second_data["summary"] = "第二位編輯寫的摘要"
    response = second.post(url, second_data)
    assert response.status_code == 409
    form = response.context["adminform"].form
    assert any(STALE in error for error in form.non_field_errors())
    page = response.content.decode()
    assert STALE in page
    assert 'value="第二位編輯的標題"' in page and "第二位編輯寫的摘要" in page

    open_trip.refresh_from_db()
    assert open_trip.title == "第一位編輯的標題"
    assert open_trip.summary != "第二位編輯寫的摘要"
    assert open_trip.version == 2

    # Having read the message, the second editor saves again on purpose.
    again = form_values(page, "trip_form")
    assert again["loaded_version"] == "2"
    response = second.post(url, again)
    assert response.status_code == 302
    open_trip.refresh_from_db()
    assert open_trip.title == "第二位編輯的標題"
    assert open_trip.version == 3


def test_second_follow_up_save_is_refused(open_trip, editor, second_editor):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
    first, second = client_as(editor), client_as(second_editor)
    first_data = load(first, url, "followup_form")
    second_data = load(second, url, "followup_form")
    first_data["outcome"] = "已提交"
    assert first.post(url, first_data).status_code == 302
    second_data["outcome"] = "尚未提交"
    response = second.post(url, second_data)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert "尚未提交" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.outcome == "已提交"


def test_list_editable_refuses_a_stale_row_and_saves_nothing(open_trip, editor, second_editor):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    other = FollowUp.objects.create(trip=open_trip, description="回覆秘書處", owner_text="APEC")
    url = reverse("admin:meetings_followup_changelist")
    first, second = client_as(editor), client_as(second_editor)
    page = first.get(url).content.decode()
    data = form_values(page, "changelist-form")
    assert "form-0-loaded_version" in data and "form-1-loaded_version" in data

    # Meanwhile the second editor changes the first row in its change form.
    change_url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
    change = load(second, change_url, "followup_form")
    change["status"] = "in_progress"
    assert second.post(change_url, change).status_code == 302

    rows = {data[f"form-{i}-id"]: i for i in range(2)}
    data[f"form-{rows[str(follow_up.pk)]}-status"] = "cancelled"
    data[f"form-{rows[str(other.pk)]}-due_date"] = "2030-01-01"
    data["_save"] = "Save"
    response = first.post(url, data)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    follow_up.refresh_from_db()
    other.refresh_from_db()
    assert follow_up.status == "in_progress"
    assert other.due_date is None


def test_list_editable_ignores_rows_changed_elsewhere_but_not_here(open_trip, editor):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    url = reverse("admin:meetings_followup_changelist")
    client = client_as(editor)
    data = form_values(client.get(url).content, "changelist-form")
    FollowUp.objects.filter(pk=follow_up.pk).update(outcome="背景更新")
    follow_up.refresh_from_db()
    follow_up.save()  # someone else saved: version 2
    data["form-0-due_date"] = "2030-01-01"
    data["_save"] = "Save"
    response = client.post(url, data)
    # The edited row is stale, so it is refused...
    assert response.status_code == 409
    # ...but an untouched stale row does not block a save of the others.
    data = form_values(client.get(url).content, "changelist-form")
    follow_up.save()
    data["_save"] = "Save"
    assert client.post(url, data).status_code == 302


def test_check_version_is_the_service_level_check(open_trip):
    with transaction.atomic():
        check_version(open_trip, 1)
        check_version(open_trip, "1")
    open_trip.save()
    assert Trip.objects.get(pk=open_trip.pk).version == 2
    for stale in (1, None, "", "abc"):
        with pytest.raises(StaleVersionError) as caught, transaction.atomic():
            check_version(open_trip, stale)
    assert caught.value.current_version == 2


def test_every_save_increments_the_version_even_with_update_fields(open_trip):
    open_trip.title = "新標題"
    open_trip.save(update_fields=["title"])
    assert Trip.objects.get(pk=open_trip.pk).version == 2


def test_follow_up_changed_elsewhere_is_not_overwritten_from_the_trip_form(
    open_trip, editor, second_editor
):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    trip_url = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    first = client_as(editor)
    trip_data = load(first, trip_url, "trip_form")
    assert trip_data["follow_ups-0-loaded_version"] == "1"

    # The second editor records the outcome in the follow-up's own form.
    second = client_as(second_editor)
    fu_url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
    fu_data = load(second, fu_url, "followup_form")
    fu_data["outcome"] = "已提交"
    assert second.post(fu_url, fu_data).status_code == 302

    # The first editor, still on the old trip page, changes the same follow-up.
    trip_data["follow_ups-0-description"] = "提交報告（修訂）"
    response = first.post(trip_url, trip_data)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert "提交報告（修訂）" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.outcome == "已提交"
    assert follow_up.description == "提交報告"


def test_trip_form_saves_when_its_follow_ups_were_not_touched(open_trip, editor):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    trip_url = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    client = client_as(editor)
    trip_data = load(client, trip_url, "trip_form")
    follow_up.save()  # changed elsewhere, but this editor leaves it alone
    trip_data["title"] = "新標題"
    assert client.post(trip_url, trip_data).status_code == 302
    open_trip.refresh_from_db()
    assert open_trip.title == "新標題"
