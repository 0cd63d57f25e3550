"""Morning reminder mails: overdue and soon-due follow-ups to their owners, due
reports to each trip's contact, reports returned for revision to their authors.
One message per person per day at most."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from delegates.models import Person

from .models import Delegate, FollowUp, ReminderLog, ReminderPreference, ReportReview, Trip

SOON_DAYS = 7


def person_email(person):
    if person.email:
        return person.email
    if person.user_id and person.user.email:
        return person.user.email
    return ""


def person_language(person):
    """The language the person chose for reminders, else the portal's (zh-Hant)."""
    try:
        return person.reminder_preference.language
    except ReminderPreference.DoesNotExist:
        return settings.LANGUAGE_CODE


def _follow_ups_by_owner(today):
    due = (
        FollowUp.objects.pending()
        .filter(owner_person__isnull=False, due_date__lte=today + datetime.timedelta(SOON_DAYS))
        .select_related("trip", "owner_person__user", "owner_person__reminder_preference")
        .by_due_date()
    )
    grouped = defaultdict(list)
    for follow_up in due:
        grouped[follow_up.owner_person].append(follow_up)
    return grouped


def _trip_contact(trip, contacts, named):
    for delegate in contacts.get(trip.pk, []):
        if person_email(delegate.person):
            return delegate.person
    if trip.contact_name:
        for person in named.get(trip.contact_name, []):
            if person.agency_id == trip.agency_id and person_email(person):
                return person
        for person in named.get(trip.contact_name, []):
            if person_email(person):
                return person
    return None


def _reports_by_contact(today):
    trips = list(
        Trip.objects.report_due(today)
        .filter(report_due_date__lte=today + datetime.timedelta(SOON_DAYS))
        .order_by("report_due_date", "id")
    )
    contacts = defaultdict(list)
    for delegate in Delegate.objects.filter(
        trip__in=trips, role=Delegate.Role.CONTACT
    ).select_related("person__user", "person__reminder_preference"):
        contacts[delegate.trip_id].append(delegate)
    names = {trip.contact_name for trip in trips if trip.contact_name}
    named = defaultdict(list)
    for person in Person.objects.filter(name__in=names).select_related(
        "user", "reminder_preference"
    ):
        named[person.name].append(person)
    grouped = defaultdict(list)
    for trip in trips:
        contact = _trip_contact(trip, contacts, named)
        if contact is not None:
            trip.days_left = (trip.report_due_date - today).days
            grouped[contact].append(trip)
    return grouped


def _revisions_by_author(today):
    """Reports returned for revision (within REVISION_DAYS days), to their authors."""
    due = (
        ReportReview.objects.filter(trip=OuterRef("pk"))
        .order_by("-round")
        .values("revision_due")[:1]
    )
    trips = (
        Trip.objects.filter(status=Trip.Status.REPORT_RETURNED, created_by__isnull=False)
        .annotate(revision_due=Subquery(due))
        .order_by("revision_due", "id")
    )
    trips = list(trips)
    authors = {
        person.user_id: person
        for person in Person.objects.filter(
            user_id__in={t.created_by_id for t in trips}
        ).select_related("user", "reminder_preference")
    }
    grouped = defaultdict(list)
    for trip in trips:
        author = authors.get(trip.created_by_id)
        if author is not None and trip.revision_due is not None:
            trip.days_left = (trip.revision_due - today).days
            grouped[author].append(trip)
    return grouped


def send_reminders(today=None, base_url=""):
    """Send today's reminders; returns the number of messages sent."""
    today = today or timezone.localdate()
    follow_ups = _follow_ups_by_owner(today)
    reports = _reports_by_contact(today)
    revisions = _revisions_by_author(today)
    already = set(ReminderLog.objects.filter(date=today).values_list("recipient_id", flat=True))
    sent = 0
    for person in sorted(set(follow_ups) | set(reports) | set(revisions), key=lambda p: p.pk):
        address = person_email(person)
        if person.pk in already or not address:
            continue
        items = follow_ups.get(person, [])
        context = {
            "person": person,
            "overdue": [f for f in items if f.due_date < today],
            "soon": [f for f in items if f.due_date >= today],
            "reports": reports.get(person, []),
            "revisions": revisions.get(person, []),
            "today": today,
            "base_url": base_url.rstrip("/"),
        }
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    recipient=person,
                    date=today,
                    follow_up_count=len(items),
                    report_count=len(context["reports"]) + len(context["revisions"]),
                )
                with translation.override(person_language(person)):
                    subject = _("Reminder: %(count)s item(s) need your attention") % {
                        "count": len(items) + len(context["reports"]) + len(context["revisions"])
                    }
                    body = render_to_string("meetings/email/reminder.txt", context)
                send_mail(subject, body, None, [address])
        except IntegrityError:
            # Another run sent this person's reminder in the meantime.
            continue
        sent += 1
    return sent
