"""Bulk actions on the follow-up changelist: done, reassign, postpone."""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegates.models import Person
from meetings.models import FollowUp, FollowUpEvent

from ..html_forms import form_values

# Session, user, groups, person, agency scope, the follow-up, its trip, one access check…
QUERIES_OF_THE_CHANGE_FORM = 12

CHANGELIST = "admin:meetings_followup_changelist"


def act(client, action, follow_ups, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [f.pk for f in follow_ups], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_mark_done_records_events(client_for, editor, my_follow_up, overdue_follow_up, today):
    response = act(client_for(editor), "mark_done", [my_follow_up, overdue_follow_up])
    assert response.status_code == 302
    for follow_up in (my_follow_up, overdue_follow_up):
        follow_up.refresh_from_db()
        assert follow_up.status == FollowUp.Status.DONE
        assert follow_up.completed_on == today
    events = FollowUpEvent.objects.all()
    assert len(events) == 2
    assert {(e.old_status, e.new_status, e.user_id) for e in events} == {
        ("open", "done", editor.pk)
    }


def test_mark_done_leaves_other_agencies_alone(
    client_for, administrator, other_editor, my_follow_up, others_follow_up
):
    act(client_for(other_editor), "mark_done", [my_follow_up, others_follow_up])
    my_follow_up.refresh_from_db()
    others_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN
    assert others_follow_up.status == FollowUp.Status.DONE
    assert FollowUpEvent.objects.get().follow_up == others_follow_up


def test_viewer_has_no_bulk_actions(client_for, viewer, my_follow_up):
    client = client_for(viewer)
    page = client.get(reverse(CHANGELIST))
    assert "mark_done" not in page.content.decode()
    act(client, "mark_done", [my_follow_up])
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN
    assert not FollowUpEvent.objects.exists()


def test_reassign_shows_intermediate_page_then_changes_owner(
    client_for, editor, my_follow_up, customs
):
    client = client_for(editor)
    page = act(client, "reassign", [my_follow_up])
    assert page.status_code == 200
    assert 'name="apply"' in page.content.decode()
    new_owner = Person.objects.create(name="張承辦", agency=customs)
    response = act(client, "reassign", [my_follow_up], apply="1", person=new_owner.pk)
    assert response.status_code == 302
    my_follow_up.refresh_from_db()
    assert my_follow_up.owner_person == new_owner
    event = FollowUpEvent.objects.get()
    assert "張承辦" in event.note and "李編輯" in event.note


def test_reassign_without_owner_shows_error(client_for, editor, my_follow_up):
    page = act(client_for(editor), "reassign", [my_follow_up], apply="1")
    assert page.status_code == 200
    assert "Choose a person or an agency as the new owner." in page.content.decode()
    assert not FollowUpEvent.objects.exists()


def test_postpone_by_days_and_to_date(client_for, editor, my_follow_up, overdue_follow_up):
    client = client_for(editor)
    before = my_follow_up.due_date
    assert act(client, "postpone", [my_follow_up]).status_code == 200
    act(client, "postpone", [my_follow_up], apply="1", days="14")
    my_follow_up.refresh_from_db()
    assert my_follow_up.due_date == before + datetime.timedelta(days=14)
    act(client, "postpone", [overdue_follow_up], apply="1", new_due_date="2030-01-31")
    overdue_follow_up.refresh_from_db()
    assert overdue_follow_up.due_date == datetime.date(2030, 1, 31)
    assert FollowUpEvent.objects.count() == 2


def test_postpone_needs_a_date_or_days(client_for, editor, my_follow_up):
    page = act(client_for(editor), "postpone", [my_follow_up], apply="1")
    assert "Give a new due date or a number of days." in page.content.decode()


def test_status_changed_in_list_is_recorded_in_timeline(client_for, editor, my_follow_up):
    client = client_for(editor)
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    response = client.post(
        reverse(CHANGELIST),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(my_follow_up.pk),
            "form-0-due_date": my_follow_up.due_date.isoformat(),
            "form-0-status": "in_progress",
            "form-0-loaded_version": str(my_follow_up.version),
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    event = FollowUpEvent.objects.get()
    assert (event.old_status, event.new_status, event.user) == ("open", "in_progress", editor)


def test_change_form_asks_once_whether_the_editor_may_change_it(
    client, editor, my_follow_up, django_assert_max_num_queries
):
    # At 100,000 trips each "may this editor change it?" cost 40 ms, and the form
    # asked it six times while it rendered: the answer is kept for the request.
    client.force_login(editor)
    url = reverse("admin:meetings_followup_change", args=[my_follow_up.pk])
    with django_assert_max_num_queries(QUERIES_OF_THE_CHANGE_FORM):
        response = client.get(url)
    assert response.status_code == 200
    assert 'name="description"' in response.content.decode()


def test_change_form_is_read_outside_any_transaction(client, editor, my_follow_up):
    # With SQLite's IMMEDIATE transactions every atomic block takes the write lock:
    # showing the form must not hold it while the page renders (saves wait for it).
    client.force_login(editor)
    url = reverse("admin:meetings_followup_change", args=[my_follow_up.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    opened = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith(("SAVEPOINT", "BEGIN"))
    ]
    assert opened == []
    data = form_values(client.get(url).content, "followup_form")
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    assert any(q["sql"].startswith("SAVEPOINT") for q in queries.captured_queries)
