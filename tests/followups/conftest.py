"""Records for the follow-up tests: follow-ups owned by the personas, relative to today."""

import datetime

import pytest
from django.utils import timezone

from delegates.models import Person
from meetings.models import FollowUp


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def editor_person(editor):
    return Person.objects.get(user=editor)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def my_follow_up(open_trip, editor_person):
    return FollowUp.objects.create(
        trip=open_trip,
        description="回報 SCCP 會議結論",
        owner_person=editor_person,
        due_date=days(5),
    )


@pytest.fixture
def overdue_follow_up(open_trip, editor_person):
    return FollowUp.objects.create(
        trip=open_trip,
        description="提交出國報告摘要",
        owner_person=editor_person,
        due_date=days(-3),
    )


@pytest.fixture
def others_follow_up(other_trip, other_agency):
    return FollowUp.objects.create(
        trip=other_trip,
        description="衛福部的後續事項",
        owner_agency=other_agency,
        due_date=days(-1),
    )
