"""The import preview as the place to check a report: flagged fields highlighted and
editable, corrections saved and recorded, the needs-review mark, access at import and
who answers for the follow-ups (issues 9 items 3–4, 14 item 2)."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegates.access import VIEWERS
from delegates.models import Person
from meetings.models import FollowUp, Meeting, Trip
from meetings.services import ImportOptions, import_document, trip_to_document
from meetings.services.import_review import ReviewError, mark_reviewed

from ..factories import make_user
from .conftest import SEED
from .test_admin_import import CONFIRM_URL, upload

SEED_TITLE = "出席 2022 年亞太經濟合作(APEC)海關與企業對話(ACBD)"
# The seed's meetings take their dates from the trip: the parser flags them (default).
SEED_FLAGS = [
    "meetings.0.start_date",
    "meetings.0.end_date",
    "meetings.1.start_date",
    "meetings.1.end_date",
]


def confirm_with(client, preview, **extra):
    """Confirm a preview as the browser would: every field of the form as shown,
    with `extra` ({name: value}) typed over it."""
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    for row in preview.context["result"].valid_rows():
        trip = row.trip_preview
        for field in trip["fields"]:
            data[f"fix-{trip['row']}-{field.path}"] = field.value
    data.update(extra)
    return client.post(CONFIRM_URL, data)


def test_preview_highlights_flagged_fields_and_offers_every_field_for_editing(
    client_for, superuser, seed_bytes
):
    preview = upload(client_for(superuser), SEED.name, seed_bytes, "txt")
    trip = preview.context["result"].valid_rows()[0].trip_preview
    assert [f.path for f in trip["flagged"]] == SEED_FLAGS
    page = preview.content.decode()
    assert page.count("import-field--flagged") == len(SEED_FLAGS)
    for path in ("title", "category", "start_date", "report_date", "travelers.0.unit"):
        assert f'name="fix-1-{path}"' in page
    assert 'name="fix-1-meetings.1.location"' in page
    assert "Filled in by default: please check" in page
    assert not Trip.objects.exists()


def test_corrections_are_what_is_saved_and_are_in_the_history(client_for, superuser, seed_bytes):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    done = confirm_with(
        client,
        preview,
        **{
            "fix-1-title": "更正後的報告名稱",
            "fix-1-meetings.0.start_date": "2022-08-24",
            "fix-1-meetings.0.end_date": "2022-08-24",
            "fix-1-travelers.0.unit": "關務署通關組",
        },
    )
    assert done.status_code == 302
    trip = Trip.objects.get()
    assert trip.title == "更正後的報告名稱"
    meeting = Meeting.objects.get(trip=trip, order=0)
    assert meeting.start_date.isoformat() == meeting.end_date.isoformat() == "2022-08-24"
    assert trip.delegates.get(order=0).unit == "關務署通關組"
    # Two flags left as read: the trip needs review, for exactly those fields.
    assert trip.needs_review
    assert trip.review_fields == ["meetings.1.start_date", "meetings.1.end_date"]
    reason = trip.history.earliest().history_change_reason
    assert "Report title" in reason and "Meeting 1 Start date" in reason
    assert len(reason) <= 100
    page = client.get(reverse("admin:meetings_trip_history", args=[trip.pk])).content.decode()
    assert "Corrected in the import preview" in page


def test_correcting_every_flag_leaves_no_review_mark(client_for, superuser, seed_bytes):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    fixes = {"fix-1-meetings.0.start_date": "2022-08-21", "fix-1-meetings.0.end_date": "2022-08-21"}
    # The second meeting's dates are right as read: the editor ticks them.
    fixes.update({"ok-1-meetings.1.start_date": "1", "ok-1-meetings.1.end_date": "1"})
    confirm_with(client, preview, **fixes)
    trip = Trip.objects.get()
    assert not trip.needs_review
    assert trip.review_fields == []
    assert Meeting.objects.get(trip=trip, order=0).start_date.isoformat() == "2022-08-21"


def test_a_malformed_correction_is_refused_in_chinese_and_changes_nothing(
    client_for, superuser, seed_bytes, chinese_ui
):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    response = confirm_with(
        client, preview, **{"fix-1-start_date": "2022-13-45", "fix-1-title": "新的名稱"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "請以 YYYY-MM-DD 輸入日期" in page
    assert "未匯入任何資料" in page
    # The preview comes back with the editor's input, ready to be corrected again.
    assert 'value="2022-13-45"' in page and 'value="新的名稱"' in page
    assert not Trip.objects.exists()
    assert not Person.objects.filter(name="劉麗霞").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("fix-1-title", ""),
        ("fix-1-category", "holiday"),
        ("fix-1-travelers.0.name", ""),
        ("fix-1-travelers.0.title", "職" * 101),
    ],
)
def test_other_malformed_corrections_are_refused(client_for, superuser, seed_bytes, name, value):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    response = confirm_with(client, preview, **{name: value})
    assert response.status_code == 400
    assert not Trip.objects.exists()


def test_a_trip_ending_before_it_starts_is_refused_and_nothing_is_written(
    client_for, superuser, seed_bytes
):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    response = confirm_with(client, preview, **{"fix-1-end_date": "2020-01-01"})
    assert response.status_code == 400
    assert "The trip ends before it starts." in response.content.decode()
    assert not Trip.objects.exists()


def test_editor_cannot_correct_a_report_into_another_agency_trip(
    client_for, other_editor, seed_bytes
):
    client = client_for(other_editor)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    assert preview.context["result"].has_validation_errors()
    assert "confirm_form" not in preview.context
    assert not Trip.objects.exists()


def test_viewer_cannot_confirm_an_import(client_for, viewer):
    response = client_for(viewer).post(CONFIRM_URL, {"fix-1-title": "x"})
    assert response.status_code == 403
    assert not Trip.objects.exists()


def test_preview_query_count_does_not_grow_with_the_report(client_for, superuser, seed_doc):
    client = client_for(superuser)
    small = copy.deepcopy(seed_doc)
    large = copy.deepcopy(seed_doc)
    large["travelers"] = [
        dict(t, name=f"{t['name']}{i}") for i in range(4) for t in seed_doc["travelers"]
    ]
    large["meetings"] = [
        dict(m, title=f"{m['title']}{i}") for i in range(4) for m in seed_doc["meetings"]
    ]
    counts = []
    for doc in (small, large):
        data = json.dumps(doc, ensure_ascii=False).encode()
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, "trip.json", data, "json")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[0], counts


# Access at import ---------------------------------------------------------------


def test_restricted_at_import_is_never_visible_to_another_agency(
    client_for, editor, other_agency, seed_bytes, django_capture_on_commit_callbacks
):
    client = client_for(editor)
    response = client.post(
        reverse("admin:meetings_trip_import"),
        {
            "format": "0",
            "access": "restricted",
            "import_file": SimpleUploadedFile(SEED.name, seed_bytes),
        },
    )
    assert response.context["confirm_form"].initial["access"] == "restricted"
    with django_capture_on_commit_callbacks(execute=True):
        confirm_with(client, response)
    trip = Trip.objects.get()
    assert trip.access == Trip.Access.RESTRICTED
    # Created restricted: the very first history record is restricted already.
    # Every version, the first included, is restricted: it was never open.
    assert {h.access for h in trip.history.all()} == {"restricted"}
    outsider = make_user("outsider", VIEWERS, agency=other_agency, person_name="周外署")
    other = client_for(outsider)
    assert other.get(reverse("meetings:trip-detail", args=[trip.pk])).status_code == 404
    found = other.get(reverse("meetings:search"), {"q": "SCCP"}).content.decode()
    assert SEED_TITLE not in found
    mine = client_for(editor).get(reverse("meetings:search"), {"q": "SCCP"}).content.decode()
    assert SEED_TITLE in mine


def test_import_report_sets_restricted_prints_flags_and_marks_review(superuser, capsys):
    call_command("import_report", str(SEED), "--access", "restricted", "--user", "root")
    out = capsys.readouterr().out
    trip = Trip.objects.get()
    assert trip.access == Trip.Access.RESTRICTED
    assert trip.needs_review and trip.review_fields == SEED_FLAGS
    assert "1 marked needs review" in out
    assert f"flagged: {SEED.name}: meetings.0.start_date (Meeting 1 Start date)" in out


def test_import_report_refuses_an_unknown_access(db):
    with pytest.raises(Exception, match="invalid choice"):
        call_command("import_report", str(SEED), "--access", "secret")


# The needs-review mark ---------------------------------------------------------------


@pytest.fixture
def flagged_trip(seed_doc, editor):
    return import_document(seed_doc, options=ImportOptions(review_flags=SEED_FLAGS)).trip


def test_trip_page_shows_the_mark_and_an_editor_clears_it(client_for, editor, flagged_trip):
    client = client_for(editor)
    url = reverse("meetings:trip-detail", args=[flagged_trip.pk])
    page = client.get(url).content.decode()
    assert "Needs review" in page and "Meeting 2 End date" in page
    assert reverse("meetings:trip-mark-reviewed", args=[flagged_trip.pk]) in page
    response = client.post(reverse("meetings:trip-mark-reviewed", args=[flagged_trip.pk]))
    assert response.status_code == 302
    flagged_trip.refresh_from_db()
    assert not flagged_trip.needs_review and flagged_trip.review_fields == []
    assert flagged_trip.history.latest().history_change_reason == "Marked reviewed"
    assert "Needs review" not in client.get(url).content.decode()


def test_viewer_sees_the_mark_but_cannot_clear_it(client_for, viewer, flagged_trip):
    client = client_for(viewer)
    page = client.get(reverse("meetings:trip-detail", args=[flagged_trip.pk])).content.decode()
    assert "Needs review" in page and "Mark reviewed" not in page
    response = client.post(reverse("meetings:trip-mark-reviewed", args=[flagged_trip.pk]))
    assert response.status_code == 403
    with pytest.raises(ReviewError):
        mark_reviewed(flagged_trip, user=viewer)
    flagged_trip.refresh_from_db()
    assert flagged_trip.needs_review


def test_marking_a_trip_without_the_mark_is_refused(editor, flagged_trip):
    mark_reviewed(flagged_trip, user=editor)
    with pytest.raises(ReviewError, match="not marked"):
        mark_reviewed(flagged_trip, user=editor)


def test_dashboard_lists_trips_to_review_for_the_agency_editors_only(
    client_for, editor, other_editor, flagged_trip
):
    page = client_for(editor).get("/").content.decode()
    assert "Imported trips to review" in page and flagged_trip.title in page
    page = client_for(other_editor).get("/").content.decode()
    assert "Imported trips to review" not in page


def test_admin_trip_list_filters_trips_to_review(client_for, superuser, flagged_trip, open_trip):
    url = reverse("admin:meetings_trip_changelist")
    response = client_for(superuser).get(url, {"needs_review__exact": "1"})
    shown = list(response.context["cl"].result_list)
    assert shown == [flagged_trip]


# Follow-ups: counterpart as written, responsible agency and person of our side -------


def test_follow_ups_answer_to_the_trip_agency_and_its_contact(seed_doc, customs):
    trip = import_document(seed_doc).trip
    contact = seed_doc["contact"]["name"]
    for follow_up in trip.follow_ups.all():
        assert follow_up.owner_agency == customs
        assert follow_up.owner_person.name == contact
    assert {f.owner_text for f in trip.follow_ups.all()} >= {"SCCP"}


def test_mine_and_agency_filter_match_imported_follow_ups(seed_doc, editor, customs):
    trip = import_document(seed_doc).trip
    mine = FollowUp.objects.owned_by(editor)
    assert set(mine) == set(trip.follow_ups.all())
    assert FollowUp.objects.of_agencies([customs.pk]).count() == trip.follow_ups.count()


def test_preview_choice_sets_the_responsible_agency(
    client_for, superuser, seed_bytes, taipei_customs
):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    confirm_with(client, preview, responsible_agency=str(taipei_customs.pk))
    trip = Trip.objects.get()
    assert {f.owner_agency for f in trip.follow_ups.all()} == {taipei_customs}
    assert {f.owner_person for f in trip.follow_ups.all()} == {None}


def test_preview_refuses_an_unknown_responsible_person(client_for, superuser, seed_bytes):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    response = confirm_with(client, preview, responsible_person="無此人")
    assert response.status_code == 400
    assert "No single person of that name" in response.content.decode()
    assert not Trip.objects.exists()


def test_json_round_trip_keeps_a_responsible_agency_other_than_the_default(
    seed_doc, taipei_customs
):
    trip = import_document(seed_doc).trip
    trip.follow_ups.filter(order=0).update(owner_agency=taipei_customs, owner_person=None)
    exported = trip_to_document(Trip.objects.get(pk=trip.pk))
    assert exported["follow_ups"][0]["responsible_agency"] == "財政部關務署臺北關"
    assert "responsible_agency" not in exported["follow_ups"][1]
    assert import_document(exported).action == "unchanged"
    Trip.objects.all().delete()
    again = import_document(exported).trip
    assert again.follow_ups.get(order=0).owner_agency == taipei_customs
    assert trip_to_document(again) == exported


def test_data_migration_gives_old_follow_ups_the_trip_agency(open_trip, customs):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("meetings.migrations.0016_needs_review_and_followup_responsible")
    plain = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    person = Person.objects.create(name="張承辦", agency=customs)
    assigned = FollowUp.objects.create(trip=open_trip, description="回覆", owner_person=person)
    migration.give_follow_ups_a_responsible_agency(apps, None)
    plain.refresh_from_db()
    assigned.refresh_from_db()
    assert plain.owner_agency == customs and plain.owner_text == "SCCP"
    assert assigned.owner_agency == customs and assigned.owner_text == "張承辦"
