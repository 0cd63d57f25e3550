"""One-click corrections an editor makes on the trip page: who led the delegation,
and whether a lesson is a reflection (心得) or a recommendation (建議).

Each change runs in one transaction, leaves a simple-history record with the user,
and gives the trip a new version, so an administration form opened before the
change refuses to save over it (meetings/concurrency.py).
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import Delegate, Lesson, Trip
from .followups import FollowUpError


def _touch_trip(trip_id):
    Trip.objects.filter(pk=trip_id).update(version=F("version") + 1)


def mark_head_of_delegation(delegate, *, user):
    """Make `delegate` the head (團長) of their delegation; a former head becomes a
    member, so a delegation has one head."""
    with transaction.atomic():
        current = Delegate.objects.select_for_update().get(pk=delegate.pk)
        if current.role == Delegate.Role.HEAD:
            raise FollowUpError(_("This member already leads the delegation."))
        former = Delegate.objects.select_for_update().filter(
            trip_id=current.trip_id, role=Delegate.Role.HEAD
        )
        for other in former:
            other.role = Delegate.Role.MEMBER
            other._history_user = user
            other.save(update_fields=["role"])
        current.role = Delegate.Role.HEAD
        current._history_user = user
        current.save(update_fields=["role"])
        _touch_trip(current.trip_id)
    return current


def reclassify_lesson(lesson, *, user):
    """Turn a reflection into a recommendation or back. A new recommendation is
    proposed and gets its first review date; a reflection has no adoption status."""
    with transaction.atomic():
        current = Lesson.objects.select_for_update().select_related("trip").get(pk=lesson.pk)
        if current.kind == Lesson.Kind.RECOMMENDATION:
            if current.adoption_status != Lesson.Adoption.PROPOSED:
                raise FollowUpError(
                    _(
                        "A decision on this recommendation is recorded (%(status)s). Set it "
                        "back to proposed on the recommendations page before calling it "
                        "a reflection."
                    )
                    % {"status": current.get_adoption_status_display()}
                )
            current.kind = Lesson.Kind.OBSERVATION
        else:
            current.kind = Lesson.Kind.RECOMMENDATION
            current.adoption_status = ""
            current.review_date = None
        current._history_user = user
        current.save()
        _touch_trip(current.trip_id)
    return current
