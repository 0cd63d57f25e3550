"""The dashboard's lists of the plan and review work: plans awaiting my approval,
my plans returned, reports awaiting my review, my reports returned for revision."""

from django.db.models import OuterRef, Q, Subquery

from delegates.access import agency_scope_ids, is_approver, is_portal_admin

from .models import ReportReview, Trip

LIST_SIZE = 10
S = Trip.Status


def _in_scope(trips, user):
    return trips if is_portal_admin(user) else trips.filter(agency_id__in=agency_scope_ids(user))


def plan_lists(user, today):
    trips = Trip.objects.visible_to(user).select_related("agency")
    approvals, reviews = [], []
    if is_approver(user):
        theirs = _in_scope(trips, user).exclude(created_by=user)
        approvals = list(theirs.filter(status=S.SUBMITTED).order_by("start_date", "id")[:LIST_SIZE])
        reviews = list(
            theirs.filter(status__in=[S.REPORT_SUBMITTED, S.UNDER_REVIEW]).order_by(
                "report_date", "id"
            )[:LIST_SIZE]
        )
    mine = Q(created_by=user) | Q(delegates__person__user=user)
    returned_plans = list(
        trips.filter(status=S.RETURNED, created_by=user).order_by("start_date", "id")[:LIST_SIZE]
    )
    due = (
        ReportReview.objects.filter(trip=OuterRef("pk"))
        .order_by("-round")
        .values("revision_due")[:1]
    )
    returned_reports = list(
        trips.filter(mine, status=S.REPORT_RETURNED)
        .distinct()
        .annotate(revision_due=Subquery(due))
        .order_by("revision_due", "id")[:LIST_SIZE]
    )
    for trip in returned_reports:
        trip.days_left = (trip.revision_due - today).days if trip.revision_due else None
    return {
        "plans_awaiting_approval": approvals,
        "my_returned_plans": returned_plans,
        "reports_awaiting_review": reviews,
        "my_returned_reports": returned_reports,
    }
