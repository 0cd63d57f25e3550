"""Changing follow-ups and recommendations: status, owner, due date, adoption.

Each function runs in one transaction, refuses with `FollowUpError` (a message for
the user) and leaves an audit record: a `FollowUpEvent` in the follow-up's timeline,
and the simple-history entry with the user who made the change.
"""

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import FollowUp, FollowUpEvent, Lesson
from ..models.base import add_months
from ..models.lessons import REVIEW_INTERVAL_MONTHS


class FollowUpError(Exception):
    """A change refused for a reason the user can act on."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def version_of(obj) -> str:
    """What an edit form carries to notice that someone else saved meanwhile: the
    record's version (meetings/concurrency.py), the same one the admin checks."""
    return str(obj.version)


def _locked(follow_up):
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("owner_person__user")
        .get(pk=follow_up.pk)
    )


def change_status(follow_up, *, user, status, note, outcome="", evidence=None, version=None):
    """Move a follow-up to `status`, with a note; `done` needs an outcome."""
    note = (note or "").strip()
    outcome = (outcome or "").strip()
    if status not in FollowUp.Status.values:
        raise FollowUpError(_("Choose a valid status."))
    if not note:
        raise FollowUpError(_("Write a note saying what happened."))
    if status == FollowUp.Status.DONE and not outcome:
        raise FollowUpError(_("A finished follow-up needs its outcome."))
    with transaction.atomic():
        current = _locked(follow_up)
        if version is not None and version != version_of(current):
            raise FollowUpError(_("Someone else changed this follow-up; review and try again."))
        old_status = current.status
        current.status = status
        if status == FollowUp.Status.DONE:
            current.completed_on = current.completed_on or timezone.localdate()
            current.outcome = outcome
            if evidence:
                current.outcome_file = evidence
        elif status in FollowUp.PENDING:
            current.completed_on = None
        if outcome and status != FollowUp.Status.DONE:
            current.outcome = outcome
        current._history_user = user
        current.save()
        event = FollowUpEvent.objects.create(
            follow_up=current,
            user=user,
            old_status=old_status,
            new_status=status,
            note=note,
            file=current.outcome_file.name if evidence else "",
        )
        if old_status != status:
            _notify_owner(current, user, old_status)
    follow_up.refresh_from_db()
    return event


def record_admin_change(follow_up, *, user, old_status):
    """The timeline entry for a status set directly in the admin."""
    note = (
        _("Created in the administration.")
        if not old_status
        else _("Status changed in the administration.")
    )
    return FollowUpEvent.objects.create(
        follow_up=follow_up,
        user=user,
        old_status=old_status,
        new_status=follow_up.status,
        note=note,
    )


def _notify_owner(follow_up, user, old_status):
    """Tell the owner when someone else moved their follow-up (sent after commit)."""
    owner = follow_up.owner_person
    if owner is None or (owner.user_id and owner.user_id == getattr(user, "pk", None)):
        return
    address = owner.email or (owner.user.email if owner.user_id else "")
    if not address:
        return
    changed_by = (user.get_full_name() or user.get_username()) if user else "—"
    subject = _("Follow-up updated: %(text)s") % {"text": str(follow_up)[:60]}
    body = _("%(who)s changed the status of your follow-up “%(text)s” from %(old)s to %(new)s.") % {
        "who": changed_by,
        "text": follow_up.description,
        "old": FollowUp.Status(old_status).label if old_status else "—",
        "new": follow_up.get_status_display(),
    }
    transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def _record(follow_up, user, note, old_status=None):
    follow_up._history_user = user
    follow_up.save()
    return FollowUpEvent(
        follow_up=follow_up,
        user=user,
        old_status=old_status if old_status is not None else follow_up.status,
        new_status=follow_up.status,
        note=note,
    )


def _editable(queryset, user):
    return list(
        queryset.filter(pk__in=FollowUp.objects.editable_by(user).values("pk"))
        .select_for_update(of=("self",))
        .select_related("owner_person", "owner_agency")
    )


def mark_done(queryset, *, user, note=""):
    """Mark pending follow-ups done today; returns how many changed."""
    today = timezone.localdate()
    with transaction.atomic():
        events = []
        for follow_up in _editable(queryset.filter(status__in=FollowUp.PENDING), user):
            old_status = follow_up.status
            follow_up.status = FollowUp.Status.DONE
            follow_up.completed_on = today
            events.append(
                _record(follow_up, user, note or _("Marked done in bulk."), old_status=old_status)
            )
        FollowUpEvent.objects.bulk_create(events)
    return len(events)


def reassign(queryset, *, user, person=None, agency=None):
    """Give follow-ups a new owner: a person, an agency, or both."""
    if person is None and agency is None:
        raise FollowUpError(_("Choose a person or an agency as the new owner."))
    with transaction.atomic():
        events = []
        for follow_up in _editable(queryset, user):
            before = follow_up.owner_display or "—"
            follow_up.owner_person = person
            follow_up.owner_agency = (
                agency if agency is not None else getattr(person, "agency", None)
            )
            after = follow_up.owner_display
            note = _("Reassigned from %(before)s to %(after)s.") % {
                "before": before,
                "after": after,
            }
            events.append(_record(follow_up, user, note))
        FollowUpEvent.objects.bulk_create(events)
    return len(events)


def postpone(queryset, *, user, new_due_date=None, days=None):
    """Move due dates to `new_due_date`, or `days` later (from today when unset)."""
    if new_due_date is None and not days:
        raise FollowUpError(_("Give a new due date or a number of days."))
    today = timezone.localdate()
    with transaction.atomic():
        events = []
        for follow_up in _editable(queryset, user):
            before = follow_up.due_date
            if new_due_date is not None:
                follow_up.due_date = new_due_date
            else:
                follow_up.due_date = (before or today) + datetime.timedelta(days=days)
            note = _("Due date moved from %(before)s to %(after)s.") % {
                "before": before.isoformat() if before else "—",
                "after": follow_up.due_date.isoformat(),
            }
            events.append(_record(follow_up, user, note))
        FollowUpEvent.objects.bulk_create(events)
    return len(events)


def update_recommendation(lesson, *, user, status, note=""):
    """Record a decision on a recommendation; the next review is six months on
    while it is proposed or adopted, and none once it is settled."""
    if lesson.kind != Lesson.Kind.RECOMMENDATION:
        raise FollowUpError(_("Only a recommendation has an adoption status."))
    if status not in Lesson.Adoption.values:
        raise FollowUpError(_("Choose a valid adoption status."))
    with transaction.atomic():
        current = Lesson.objects.select_for_update().get(pk=lesson.pk)
        current.adoption_status = status
        note = (note or "").strip()
        if note:
            current.adoption_note = note
        if status in Lesson.UNDER_REVIEW:
            current.review_date = add_months(timezone.localdate(), REVIEW_INTERVAL_MONTHS)
        else:
            current.review_date = None
        current._history_user = user
        current.save()
    lesson.refresh_from_db()
    return lesson
