"""A trip's lifecycle: draft → submitted → approved or returned → travelling → report
due → report submitted → under review → published (or returned for revision).

Each move is one function call in one transaction: it locks the trip, refuses a
stale edit (the version the page was loaded with, meetings/concurrency.py), a move
the trip's state does not allow, or a user without the right role, and records a
`TripTransition` (who, when, the comment) for the timeline on the trip page.
Roles: the author (who created the plan) submits; an approver of the trip's agency
scope (the Approvers group, delegates/access.py) approves, returns and reviews; the
author or an editor of the agency records departure and return.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegates.access import agency_scope_ids, is_approver, is_portal_admin

from ..concurrency import StaleVersionError, check_version
from ..models import Trip, TripTransition

S = Trip.Status
# Before the report: an imported report moves the trip from any of these.
BEFORE_REPORT = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.TRAVELLING, S.REPORT_DUE)
PLAN_EDITABLE = (S.DRAFT, S.RETURNED)


class LifecycleError(Exception):
    """A refused move, with a message for the user; `forbidden` for a wrong role."""

    def __init__(self, message, *, forbidden=False, stale=False):
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden
        self.stale = stale


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple
    target: str
    role: str
    label: str
    needs_comment: bool = False


ACTIONS = {
    action.name: action
    for action in (
        Action("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, "author",
               gettext_lazy("Submit the plan for approval")),
        Action("approve", (S.SUBMITTED,), S.APPROVED, "approver",
               gettext_lazy("Approve the plan")),
        Action("return", (S.SUBMITTED,), S.RETURNED, "approver",
               gettext_lazy("Return the plan with comments"), needs_comment=True),
        Action("depart", (S.APPROVED,), S.TRAVELLING, "traveller",
               gettext_lazy("Record the departure")),
        Action("back", (S.TRAVELLING,), S.REPORT_DUE, "traveller",
               gettext_lazy("Record the return: report due")),
    )
}  # fmt: skip


def is_author(user, trip):
    return user.is_authenticated and trip.created_by_id == user.pk


def approves_for(user, trip):
    """An approver whose agency scope holds the trip, never the plan's own author."""
    if not is_approver(user) or is_author(user, trip):
        return False
    return is_portal_admin(user) or trip.agency_id in agency_scope_ids(user)


def edits_for(user, trip):
    return is_author(user, trip) or Trip.objects.editable_by(user).filter(pk=trip.pk).exists()


ROLE_CHECKS = {"author": is_author, "approver": approves_for, "traveller": edits_for}
ROLE_REFUSALS = {
    "author": gettext_lazy("Only the author of the plan may do this."),
    "approver": gettext_lazy(
        "Only an approver of the trip's agency may do this (and not for their own plan)."
    ),
    "traveller": gettext_lazy("Only the author or an editor of the trip's agency may do this."),
}


def require_role(user, trip, role):
    if not ROLE_CHECKS[role](user, trip):
        raise LifecycleError(str(ROLE_REFUSALS[role]), forbidden=True)


def available_actions(trip, user):
    """The moves this user may make on the trip now (for the buttons on the page)."""
    return [
        action
        for action in ACTIONS.values()
        if trip.status in action.sources and ROLE_CHECKS[action.role](user, trip)
    ]


def locked_trip(trip, version):
    """The trip row, locked, after checking the edit is not stale. Call inside atomic."""
    try:
        check_version(trip, version)
    except StaleVersionError as error:
        raise LifecycleError(str(error.message), stale=True) from error
    return Trip.objects.select_for_update().get(pk=trip.pk)


def move(trip, target, user, comment=""):
    """Set the status and record the step. Call inside atomic, on a locked trip."""
    previous = trip.status
    trip.status = target
    trip.updated_by = user if user is not None and user.is_authenticated else None
    trip._history_user = trip.updated_by
    trip.save()
    return TripTransition.objects.create(
        trip=trip, from_status=previous, to_status=target, user=trip.updated_by, comment=comment
    )


def transition(trip, name, *, user, version, comment=""):
    """Make the move `name` (a key of ACTIONS); returns the recorded TripTransition."""
    action = ACTIONS.get(name)
    if action is None:
        raise LifecycleError(_("Unknown action."))
    comment = (comment or "").strip()
    if action.needs_comment and not comment:
        raise LifecycleError(_("Write the comments that go back to the author."))
    with transaction.atomic():
        current = locked_trip(trip, version)
        require_role(user, current, action.role)
        if current.status not in action.sources:
            raise LifecycleError(
                _("This cannot be done while the trip is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
        step = move(current, action.target, user, comment)
    trip.status, trip.version = current.status, current.version
    return step
