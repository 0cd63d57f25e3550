"""Every change is recorded: who changed what and when, visible in the admin."""

from django.urls import reverse

from meetings.models import Delegate, FollowUp, Lesson, Meeting, Trip

from .html_forms import form_values


def test_admin_edit_records_who_changed_what(client, editor, open_trip):
    client.force_login(editor)
    url = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    data = form_values(client.get(url).content, "trip_form")
    data["title"] = "出席 APEC SCCP 第 2 次會議報告"
    data["summary"] = "了解國際關務趨勢"
    assert client.post(url, data).status_code == 302

    newest, previous = open_trip.history.all()[:2]
    assert newest.history_user == editor
    assert newest.history_type == "~"
    assert newest.history_date > previous.history_date
    changes = {c.field: (c.old, c.new) for c in newest.diff_against(previous).changes}
    assert changes["title"] == ("出席 APEC SCCP 會議報告", "出席 APEC SCCP 第 2 次會議報告")
    assert changes["summary"] == ("", "了解國際關務趨勢")

    history = client.get(reverse("admin:meetings_trip_history", args=[open_trip.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert "出席 APEC SCCP 第 2 次會議報告" in page
    assert editor.username in page

    detail = client.get(
        reverse("admin:meetings_trip_simple_history", args=[open_trip.pk, newest.history_id])
    )
    assert detail.status_code == 200


def test_follow_up_edit_is_recorded(client, editor, open_trip):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    client.force_login(editor)
    url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
    data = form_values(client.get(url).content, "followup_form")
    data["status"] = "in_progress"
    assert client.post(url, data).status_code == 302
    newest = follow_up.history.first()
    assert newest.history_user == editor
    changed = newest.diff_against(newest.prev_record).changed_fields
    assert "status" in changed


def test_history_is_kept_for_the_audited_models():
    for model in (Trip, Delegate, Meeting, FollowUp, Lesson):
        assert hasattr(model, "history"), model
