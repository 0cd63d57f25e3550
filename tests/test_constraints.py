"""Rules that always hold are enforced by the database, not only by forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import AgendaItem, Attachment, FollowUp, Lesson, Meeting, Trip

from .factories import make_trip


def test_trip_cannot_end_before_it_starts(customs):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trip(customs, start=datetime.date(2022, 8, 26), end=datetime.date(2022, 8, 22))


def test_trip_clean_explains_end_before_start(customs):
    trip = Trip(title="x", agency=customs, start_date=datetime.date(2022, 8, 26))
    trip.end_date = datetime.date(2022, 8, 22)
    with pytest.raises(ValidationError) as excinfo:
        trip.clean()
    assert "end_date" in excinfo.value.message_dict


def test_system_id_is_unique_when_present(customs):
    make_trip(customs, system_id="C11102345")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trip(customs, system_id="C11102345")


def test_many_trips_may_have_no_system_id(customs):
    make_trip(customs, system_id="")
    make_trip(customs, system_id=None)
    assert Trip.objects.filter(system_id__isnull=True).count() == 2


def test_report_due_date_is_three_months_after_return(customs):
    trip = make_trip(customs, start=datetime.date(2022, 11, 27), end=datetime.date(2022, 11, 30))
    assert trip.report_due_date == datetime.date(2023, 2, 28)


def test_report_due_date_can_be_overridden_and_stays(customs):
    trip = make_trip(customs, report_due_date=datetime.date(2023, 1, 15))
    trip.title = "renamed"
    trip.save()
    trip.refresh_from_db()
    assert trip.report_due_date == datetime.date(2023, 1, 15)


def test_meeting_cannot_end_before_it_starts(open_trip):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            trip=open_trip,
            title="SCCP2",
            start_date=datetime.date(2022, 8, 25),
            end_date=datetime.date(2022, 8, 23),
        )


def test_agenda_order_is_unique_within_a_meeting(open_trip):
    meeting = Meeting.objects.create(trip=open_trip, title="SCCP2")
    AgendaItem.objects.create(meeting=meeting, order=1, label="1、", title="議程採認")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, order=1, label="2、", title="APEC 主題")


def test_two_meetings_cannot_share_an_order(open_trip):
    Meeting.objects.create(trip=open_trip, title="ACBD", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(trip=open_trip, title="SCCP2", order=1)


def test_attachment_numbers_are_unique_per_trip(open_trip):
    Attachment.objects.create(trip=open_trip, number=1, title="ACBD Agenda")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(trip=open_trip, number=1, title="Final Agenda")


def test_done_follow_up_gets_a_completion_date(open_trip):
    follow_up = FollowUp.objects.create(
        trip=open_trip, description="提交報告", status=FollowUp.Status.DONE
    )
    assert follow_up.completed_on is not None


def test_done_follow_up_without_date_is_refused_by_the_database(open_trip):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.bulk_create(
            [FollowUp(trip=open_trip, description="x", status=FollowUp.Status.DONE)]
        )


def test_observations_have_no_adoption_status(open_trip):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.bulk_create(
            [
                Lesson(
                    trip=open_trip,
                    kind=Lesson.Kind.OBSERVATION,
                    title="心得",
                    adoption_status=Lesson.Adoption.ADOPTED,
                )
            ]
        )


def test_new_recommendation_is_proposed(open_trip):
    lesson = Lesson.objects.create(trip=open_trip, kind=Lesson.Kind.RECOMMENDATION, title="建議")
    assert lesson.adoption_status == Lesson.Adoption.PROPOSED


def test_overdue_follow_ups(open_trip):
    today = datetime.date(2023, 1, 10)
    late = FollowUp.objects.create(
        trip=open_trip, description="late", due_date=datetime.date(2023, 1, 9)
    )
    FollowUp.objects.create(trip=open_trip, description="fine", due_date=today)
    FollowUp.objects.create(
        trip=open_trip,
        description="done",
        due_date=datetime.date(2022, 12, 1),
        status=FollowUp.Status.DONE,
    )
    assert list(FollowUp.objects.overdue(today)) == [late]
