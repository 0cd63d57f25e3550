"""Re-importing a changed report keeps everything users recorded since the first import."""

import copy

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from meetings.models import Attachment, Delegate, FollowUp, FollowUpEvent, Lesson, Trip
from meetings.services import import_document

from .conftest import SEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_trip(seed_doc, superuser):
    """The seed imported, then worked on: progress on the first follow-up, a decision
    on the first lesson, a file on attachment 2, a delegation head."""
    import_document(seed_doc, user=superuser)
    trip = Trip.objects.get()
    first = trip.follow_ups.order_by("order").first()
    first.status = FollowUp.Status.DONE
    first.completed_on = first.due_date or trip.end_date
    first.outcome = "已完成並函知各關。"
    first.outcome_file.save("evidence.pdf", ContentFile(b"%PDF-1.4 evidence"), save=False)
    first.save()
    FollowUpEvent.objects.create(
        follow_up=first, user=superuser, old_status="open", new_status="done", note="結案"
    )
    lesson = trip.lessons.order_by("order").first()
    lesson.kind = Lesson.Kind.RECOMMENDATION
    lesson.adoption_status = Lesson.Adoption.ADOPTED
    lesson.adoption_note = "業務單位同意辦理"
    lesson.save()
    attachment = trip.attachments.get(number=2)
    attachment.file.save("agenda.pdf", ContentFile(b"%PDF-1.4 agenda"))
    Delegate.objects.filter(trip=trip, order=0).update(role=Delegate.Role.HEAD)
    return trip


def _state(trip):
    first = trip.follow_ups.get(outcome__isnull=False, status="done")
    lesson = trip.lessons.get(adoption_status="adopted")
    return first, lesson


def test_same_report_after_user_work_is_unchanged(worked_trip, seed_doc):
    result = import_document(seed_doc)
    assert result.action == "unchanged"
    assert [c for c in result.changes if c.action != "same"] == []


def test_changed_report_keeps_progress_adoption_files_and_roles(worked_trip, seed_doc):
    first, lesson = _state(worked_trip)
    changed = copy.deepcopy(seed_doc)
    changed["summary"] = "新的摘要"
    # Reworded only in spacing and punctuation: still the same follow-up.
    changed["follow_ups"][0]["description"] = "各主辦國 依計畫進度，持續執行"
    changed["lessons"][0]["body"] = "改寫後的內容。"
    changed["attachments"][1]["title"] = "Final Agenda SCCP2 (revised)"
    result = import_document(changed)
    assert result.action == "update"
    assert {"summary", "follow_ups", "lessons", "attachments"} <= set(result.changed)
    again = FollowUp.objects.get(pk=first.pk)
    assert again.description == "各主辦國 依計畫進度，持續執行"
    assert (again.status, again.completed_on, again.outcome) == (
        "done",
        first.completed_on,
        "已完成並函知各關。",
    )
    assert again.outcome_file.name == first.outcome_file.name
    assert again.events.count() == 1
    lesson_again = Lesson.objects.get(pk=lesson.pk)
    assert lesson_again.body == "改寫後的內容。"
    assert (lesson_again.adoption_status, lesson_again.adoption_note) == (
        "adopted",
        "業務單位同意辦理",
    )
    assert lesson_again.review_date == lesson.review_date
    attachment = Attachment.objects.get(trip=worked_trip, number=2)
    assert attachment.title == "Final Agenda SCCP2 (revised)"
    with attachment.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 agenda"
    assert Delegate.objects.get(trip=worked_trip, order=0).role == "head"
    assert worked_trip.follow_ups.count() == len(seed_doc["follow_ups"])
    # Importing the changed report once more changes nothing.
    assert import_document(changed).action == "unchanged"


def test_follow_up_reworded_is_matched_by_its_position(worked_trip, seed_doc):
    first, _lesson = _state(worked_trip)
    changed = copy.deepcopy(seed_doc)
    changed["follow_ups"][0]["description"] = "各主辦國已於會後完成計畫。"
    import_document(changed)
    again = FollowUp.objects.get(pk=first.pk)
    assert again.description == "各主辦國已於會後完成計畫。"
    assert again.status == "done" and again.events.count() == 1


def test_entries_left_out_of_the_report_are_kept_when_worked_on(worked_trip, seed_doc):
    first, lesson = _state(worked_trip)
    untouched = worked_trip.follow_ups.get(order=1)
    changed = copy.deepcopy(seed_doc)
    changed["follow_ups"] = changed["follow_ups"][2:]
    changed["lessons"] = changed["lessons"][1:]
    changed["attachments"] = [a for a in changed["attachments"] if a["number"] not in (2, 3)]
    preview = import_document(changed, dry_run=True)
    kept = {(c.kind, str(c.reason)) for c in preview.kept()}
    assert kept == {
        ("follow_ups", "kept: has progress"),
        ("lessons", "kept: adoption recorded"),
        ("attachments", "kept: has a file"),
    }
    removed = [(c.kind, c.text) for c in preview.changes if c.action == "removed"]
    assert ("follow_ups", untouched.description[:80]) in removed
    assert ("attachments", "3. Sustainable Waste Management and Industrial Services") in removed
    assert FollowUp.objects.filter(pk=untouched.pk).exists()  # a dry run writes nothing

    result = import_document(changed)
    assert result.action == "update"
    assert FollowUp.objects.filter(pk=first.pk, status="done").exists()
    assert not FollowUp.objects.filter(pk=untouched.pk).exists()
    assert Lesson.objects.filter(pk=lesson.pk, adoption_status="adopted").exists()
    assert Attachment.objects.filter(trip=worked_trip, number=2).exists()
    assert not Attachment.objects.filter(trip=worked_trip, number=3).exists()
    # The kept entries come after the report's own.
    orders = list(worked_trip.follow_ups.order_by("order").values_list("pk", flat=True))
    assert orders[-1] == first.pk
    assert import_document(changed).action == "unchanged"


def test_untouched_entries_take_the_report_status(seed_doc):
    import_document(seed_doc)
    changed = copy.deepcopy(seed_doc)
    changed["follow_ups"][1]["status"] = "done"
    changed["report_date"] = seed_doc["report_date"]
    assert import_document(changed).action == "update"
    follow_up = Trip.objects.get().follow_ups.get(order=1)
    assert follow_up.status == "done"
    assert follow_up.completed_on.isoformat() == seed_doc["report_date"]


def test_follow_up_linked_to_a_meeting_keeps_the_link(seed_doc):
    import_document(seed_doc)
    trip = Trip.objects.get()
    meeting = trip.meetings.get(order=1)
    trip.follow_ups.filter(order=0).update(meeting=meeting)
    changed = copy.deepcopy(seed_doc)
    changed["summary"] = "新的摘要"
    import_document(changed)
    follow_up = trip.follow_ups.get(order=0)
    assert follow_up.meeting.title == meeting.title


def test_admin_preview_names_the_kept_entries(client_for, superuser, worked_trip, seed_bytes):
    text = seed_bytes.decode("utf-8")
    first = worked_trip.follow_ups.get(status="done").description
    changed = text.replace(f"(1){first}\n", "").encode("utf-8")
    assert changed != seed_bytes
    client = client_for(superuser)
    from .test_admin_import import upload

    preview = upload(client, SEED.name, changed, "txt")
    trip_preview = preview.context["result"].valid_rows()[0].trip_preview
    assert trip_preview["action"] == "update"
    kept = [row for row in trip_preview["merge"] if row["action"] == "kept"]
    assert kept and "kept: has progress" in kept[0]["names"][0]
    assert "kept: has progress" in preview.content.decode()


def test_command_dry_run_lists_kept_entries(worked_trip, seed_doc, tmp_path, capsys):
    import json

    changed = copy.deepcopy(seed_doc)
    changed["follow_ups"] = changed["follow_ups"][1:]
    path = tmp_path / "trip.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    call_command("import_report", str(path), "--dry-run")
    err = capsys.readouterr().err
    assert "follow_ups:" in err and "kept: has progress" in err
    assert worked_trip.follow_ups.count() == len(seed_doc["follow_ups"])
