"""The index follows every edit, delete and bulk import."""

import pytest
from django.core.management import call_command

from meetings.models import Lesson, MinuteBlock, SearchEntry, Trip
from meetings.signals import trips_changed

from ..factories import make_trip
from .helpers import found, search

pytestmark = pytest.mark.django_db


def test_editing_a_record_updates_the_index(client_for, viewer, report):
    block = MinuteBlock.objects.get(meeting__trip=report)
    block.body = "改為討論預先裁定制度"
    block.save()
    client = client_for(viewer)
    assert found(search(client, "預先裁定")) == [report]
    assert found(search(client, "跨境資料交換")) == []


def test_editing_the_trip_title_updates_the_index(client_for, viewer, report):
    report.title = "出席世界關務組織政策委員會報告"
    report.save()
    assert found(search(client_for(viewer), "政策委員會")) == [report]


def test_deleting_a_record_removes_it_from_the_index(client_for, viewer, report):
    Lesson.objects.filter(trip=report).delete()
    assert found(search(client_for(viewer), "綠色海關")) == []


def test_deleting_a_trip_removes_its_entries(client_for, viewer, report):
    pk = report.pk
    report.delete()
    assert not SearchEntry.objects.filter(trip_id=pk).exists()
    assert found(search(client_for(viewer), "單一窗口")) == []


def test_keywords_added_later_are_indexed(client_for, viewer, customs):
    from meetings.models import Keyword

    trip = make_trip(customs, title="年度報告")
    trip.keywords.add(Keyword.objects.create(name="預先裁定"))
    assert found(search(client_for(viewer), "預先裁定")) == [trip]


def test_bulk_writes_are_indexed_on_trips_changed(client_for, viewer, report):
    meeting = report.meetings.get()
    MinuteBlock.objects.bulk_create(
        [MinuteBlock(meeting=meeting, order=9, title="新增", body="電子產地證明交換")]
    )
    client = client_for(viewer)
    assert found(search(client, "電子產地證明")) == []
    trips_changed.send(sender=Trip, trip_ids=[report.pk])
    assert found(search(client, "電子產地證明")) == [report]


def test_rebuild_command_reindexes_everything(client_for, viewer, report):
    SearchEntry.objects.all().delete()
    assert found(search(client_for(viewer), "單一窗口")) == []
    call_command("rebuild_search_index", verbosity=0)
    assert found(search(client_for(viewer), "單一窗口")) == [report]
