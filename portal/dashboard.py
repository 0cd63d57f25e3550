"""What a member of staff sees first every morning: what they owe and what is late."""

from django.db.models import Q
from django.utils import timezone

from delegates.access import agency_scope_ids, is_editor
from meetings.models import FollowUp, Lesson, Meeting, Trip
from meetings.register import register_days_left
from meetings.worklists import plan_lists

LIST_SIZE = 10
FOLLOW_UP_RELATIONS = ("trip", "meeting", "owner_person", "owner_agency")


def dashboard(user, today=None):
    today = today or timezone.localdate()
    scope = agency_scope_ids(user)
    follow_ups = FollowUp.objects.visible_to(user).select_related(*FOLLOW_UP_RELATIONS)
    trips = Trip.objects.visible_to(user)

    my_follow_ups = list(follow_ups.pending().owned_by(user).by_due_date()[: LIST_SIZE * 2])
    agency_overdue = list(follow_ups.overdue(today).of_agencies(scope).by_due_date()[:LIST_SIZE])
    awaiting = list(
        Lesson.objects.visible_to(user)
        .awaiting_decision()
        .filter(trip__agency_id__in=scope)
        .select_related("trip")
        .order_by("review_date", "id")[:LIST_SIZE]
    )
    reports_due = list(
        trips.report_due(today)
        .filter(Q(agency_id__in=scope) | Q(delegates__person__user=user))
        .distinct()
        .select_related("agency")
        .order_by("report_due_date", "id")[:LIST_SIZE]
    )
    for trip in reports_due:
        trip.days_left = (trip.report_due_date - today).days if trip.report_due_date else None
        trip.days_overdue = -trip.days_left if trip.days_left is not None else 0
        trip.days_overdue = max(trip.days_overdue, 0)
    register_pending = list(
        trips.register_pending(today)
        .filter(agency_id__in=scope)
        .select_related("agency")[:LIST_SIZE]
    )
    for trip in register_pending:
        trip.register_days_left = register_days_left(trip, today)
    upcoming_trips = list(
        trips.filter(start_date__gte=today)
        .select_related("agency")
        .order_by("start_date", "id")[:LIST_SIZE]
    )
    upcoming_meetings = list(
        Meeting.objects.visible_to(user)
        .filter(start_date__gte=today)
        .select_related("trip", "series")
        .order_by("start_date", "id")[:LIST_SIZE]
    )
    latest_reports = list(
        trips.filter(report_date__isnull=False)
        .select_related("agency")
        .order_by("-report_date", "-id")[:LIST_SIZE]
    )
    # Imported trips whose uncertain fields nobody checked: for the agency's editors.
    to_review = []
    if is_editor(user):
        to_review = list(
            Trip.objects.editable_by(user)
            .filter(needs_review=True)
            .select_related("agency")
            .order_by("-created_at", "-id")[:LIST_SIZE]
        )
    return {
        "today": today,
        "trips_to_review": to_review,
        "my_follow_ups": my_follow_ups,
        "agency_overdue": agency_overdue,
        "awaiting_recommendations": awaiting,
        "reports_due": reports_due,
        "register_pending": register_pending,
        "upcoming_trips": upcoming_trips,
        "upcoming_meetings": upcoming_meetings,
        "latest_reports": latest_reports,
        **plan_lists(user, today),
    }
