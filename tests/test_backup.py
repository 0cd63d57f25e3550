"""Backup and restore bring every record back, field for field."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from delegates.access import EDITORS
from delegates.models import Agency, Person
from meetings.models import Delegate, FollowUp, Meeting, Trip

from .factories import make_agency, make_trip, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def build_records(media_root):
    ministry = make_agency("財政部", short_name="財政部")
    customs = make_agency("財政部關務署", parent=ministry, short_name="關務署")
    editor = make_user("editor", EDITORS, agency=customs, person_name="李編輯", is_staff=True)
    head = Person.objects.create(name="劉麗霞", agency=customs, unit="通關業務組", title="副組長")
    trips = []
    for index in range(3):
        trip = make_trip(
            customs,
            title=f"出席 APEC SCCP 第 {index + 1} 次會議報告",
            summary="為了解國際最新關務趨勢",
            purposes=["參與會議", "交流"],
            created_by=editor,
        )
        Delegate.objects.create(trip=trip, person=head, role="head")
        meeting = Meeting.objects.create(
            trip=trip,
            order=0,
            title="關務程序次級委員會",
            start_date=datetime.date(2022, 8, 23),
            end_date=datetime.date(2022, 8, 25),
        )
        FollowUp.objects.create(
            trip=trip,
            meeting=meeting,
            description="提交報告",
            owner_person=head,
            due_date=datetime.date(2022, 10, 7),
            status="done",
            completed_on=datetime.date(2022, 10, 1),
        )
        trip.title += "（修訂）"
        trip.save()  # a second history row and version 2
        trips.append(trip)
    evidence = media_root / "evidence" / "2022"
    evidence.mkdir(parents=True)
    (evidence / "proof.pdf").write_bytes(b"%PDF-1.4 proof")
    return trips


def snapshot():
    """Field values of everything the comparison covers."""

    def rows(model, *fields):
        return sorted(model.objects.values_list(*fields))

    return {
        "agencies": rows(Agency, "id", "name", "parent_id", "short_name"),
        "people": rows(Person, "id", "name", "agency_id", "unit", "title", "user__username"),
        "users": rows(get_user_model(), "username", "password", "is_staff"),
        "user groups": rows(get_user_model(), "username", "groups__name"),
        "trips": rows(
            Trip,
            "id",
            "title",
            "agency_id",
            "start_date",
            "end_date",
            "report_due_date",
            "summary",
            "purposes",
            "version",
            "created_by__username",
            "created_at",
            "updated_at",
        ),
        "delegates": rows(Delegate, "id", "trip_id", "person_id", "role", "unit", "title"),
        "meetings": rows(Meeting, "id", "trip_id", "title", "start_date", "end_date"),
        "follow-ups": rows(
            FollowUp, "id", "trip_id", "meeting_id", "owner_person_id", "status", "completed_on"
        ),
        "trip history": rows(Trip.history.model, "history_id", "id", "title", "history_type"),
        "groups": rows(Group, "name", "permissions__codename"),
    }


def wipe():
    call_command("flush", interactive=False, verbosity=0)


def test_json_export_restores_into_an_empty_database(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    build_records(settings.MEDIA_ROOT)
    before = snapshot()
    assert len(before["trips"]) == 3 and len(before["follow-ups"]) == 3

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    records = next((tmp_path / "backups").glob("portal-*-records.json"))
    media = next((tmp_path / "backups").glob("portal-*-media"))
    assert (media / "evidence" / "2022" / "proof.pdf").read_bytes() == b"%PDF-1.4 proof"
    exported = {row["model"] for row in json.loads(records.read_text())}
    assert {"meetings.trip", "meetings.followup", "delegates.person", "auth.user"} <= exported
    assert not exported & {"sessions.session", "axes.accessattempt", "axes.accesslog"}

    wipe()
    (settings.MEDIA_ROOT / "evidence" / "2022" / "proof.pdf").unlink()
    assert Trip.objects.count() == 0
    call_command("restore", str(records), stdout=io.StringIO())
    assert snapshot() == before
    assert (settings.MEDIA_ROOT / "evidence" / "2022" / "proof.pdf").exists()

    # A second restore over the now non-empty database is refused, and changes nothing.
    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", str(records), stdout=io.StringIO())
    assert snapshot() == before
    call_command("restore", str(records), "--force", stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite snapshots only")
def test_sqlite_snapshot_restores(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    build_records(settings.MEDIA_ROOT)
    before = snapshot()
    call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())
    database = next(tmp_path.glob("portal-*.sqlite3"))
    wipe()
    call_command("restore", str(database), stdout=io.StringIO())
    assert snapshot() == before


def test_restore_of_a_broken_export_changes_nothing(tmp_path):
    broken = tmp_path / "portal-20260101-000000-records.json"
    broken.write_text(
        json.dumps(
            [
                {"model": "delegates.agency", "pk": 1, "fields": {"name": "甲", "parent": None}},
                {"model": "meetings.trip", "pk": 1, "fields": {"agency": 999, "title": None}},
            ]
        )
    )
    with pytest.raises(Exception):  # noqa: B017 - any loader error will do
        call_command("restore", str(broken), stdout=io.StringIO())
    assert not Agency.objects.exists()


def test_restore_refuses_unknown_files(tmp_path):
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "missing.json"))
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with pytest.raises(CommandError):
        call_command("restore", str(other))
