"""Every admin save path applies the per-object agency check (issue 10, item 4).

An editor of the health ministry sees the customs follow-ups of an open trip in the
follow-up changelist; the change form refuses them, and so must the changelist's
editable rows: shown read-only, and a posted change is not saved.
"""

import datetime

import pytest
from django.urls import reverse

from meetings.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def customs_follow_up(open_trip, customs):
    return FollowUp.objects.create(
        trip=open_trip,
        description="提交會議結論",
        owner_agency=customs,
        due_date=datetime.date(2030, 1, 10),
    )


@pytest.fixture
def own_follow_up(other_trip, other_agency):
    return FollowUp.objects.create(
        trip=other_trip,
        description="衛福部待辦",
        owner_agency=other_agency,
        due_date=datetime.date(2030, 1, 10),
    )


def changelist_post(rows):
    """The POST of the follow-up changelist's "Save" with these rows edited."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, (follow_up, status, due) in enumerate(rows):
        data[f"form-{i}-id"] = str(follow_up.pk)
        data[f"form-{i}-status"] = status
        data[f"form-{i}-due_date"] = due
        data[f"form-{i}-loaded_version"] = str(follow_up.version)
    return data


def test_changelist_save_does_not_change_another_agencys_follow_up(
    client_for, other_editor, customs_follow_up, own_follow_up
):
    url = reverse("admin:meetings_followup_changelist")
    client = client_for(other_editor)
    data = changelist_post(
        [
            (customs_follow_up, "dropped", "2031-01-01"),
            (own_follow_up, "in_progress", "2031-02-02"),
        ]
    )
    client.post(url, data)
    customs_follow_up.refresh_from_db()
    assert customs_follow_up.status == "open"
    assert customs_follow_up.due_date == datetime.date(2030, 1, 10)
    assert not customs_follow_up.history.filter(history_user=other_editor).exists()
    # The editor's own row is saved as usual.
    own_follow_up.refresh_from_db()
    assert (own_follow_up.status, own_follow_up.due_date) == (
        "in_progress",
        datetime.date(2031, 2, 2),
    )


def test_rows_the_user_may_not_change_are_shown_read_only(
    client_for, other_editor, customs_follow_up, own_follow_up
):
    response = client_for(other_editor).get(reverse("admin:meetings_followup_changelist"))
    formset = response.context["cl"].formset
    by_pk = {form.instance.pk: form for form in formset.forms}
    assert all(f.disabled for f in by_pk[customs_follow_up.pk].fields.values() if f.label)
    assert not by_pk[own_follow_up.pk].fields["status"].disabled


def test_the_trips_own_editor_still_saves_the_row(client_for, editor, customs_follow_up):
    url = reverse("admin:meetings_followup_changelist")
    client_for(editor).post(url, changelist_post([(customs_follow_up, "dropped", "2031-01-01")]))
    customs_follow_up.refresh_from_db()
    assert customs_follow_up.status == "dropped"
