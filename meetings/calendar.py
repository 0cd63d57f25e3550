"""A user's personal iCalendar feed: their trips, those trips' meetings, and the
due dates of the follow-ups they own.

Only records the user may see go in: the feed is built with the same
`visible_to` rules as the pages.
"""

import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from delegates.access import agency_scope_ids

from .models import FollowUp, ItinerarySegment, Meeting, Trip

# How far back the feed reaches; calendars need the recent past, not the archive.
FEED_PAST_DAYS = 400


def _all_day(event, start, end=None):
    event.add("dtstart", start)
    event.add("dtend", (end or start) + datetime.timedelta(days=1))


def _local(day, time, zone):
    try:
        return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(zone or settings.TIME_ZONE))
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def segment_event(segment, stamp, domain):
    """One itinerary segment: timed in its local time zones when the times are known
    (an arrival before the departure, in absolute time, is on the next day)."""
    event = Event()
    event.add("uid", f"itinerary-{segment.pk}@{domain}")
    event.add("dtstamp", stamp)
    places = " – ".join(p for p in (segment.origin, segment.destination) if p)
    title = " ".join(p for p in (places, segment.transport) if p) or segment.activity[:80]
    event.add("summary", f"{segment.trip.title}: {title}" if title else segment.trip.title)
    if segment.departure_time:
        start = _local(segment.date, segment.departure_time, segment.departure_zone)
        event.add("dtstart", start)
        if segment.arrival_time:
            end = _local(segment.date, segment.arrival_time, segment.arrival_zone)
            if end <= start:
                end = _local(
                    segment.date + datetime.timedelta(days=1),
                    segment.arrival_time,
                    segment.arrival_zone,
                )
            event.add("dtend", end)
    else:
        _all_day(event, segment.date)
    description = "\n".join(x for x in (segment.activity, segment.hotel) if x)
    if description:
        event.add("description", description)
    if segment.hotel:
        event.add("location", segment.hotel)
    event.add("categories", [str(_("Itinerary"))])
    return event


def _user_trips(user, since):
    return (
        Trip.objects.visible_to(user)
        .filter(
            Q(delegates__person__user=user) | Q(agency_id__in=agency_scope_ids(user)),
            start_date__isnull=False,
        )
        .filter(Q(end_date__gte=since) | Q(end_date__isnull=True, start_date__gte=since))
    )


def build_feed(user) -> bytes:
    today = timezone.localdate()
    since = today - datetime.timedelta(days=FEED_PAST_DAYS)
    stamp = timezone.now()
    domain = "portal.invalid"
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//International Meeting Portal//Calendar feed//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", str(_("International Meeting Portal")))

        trip_ids = list(_user_trips(user, since).values_list("pk", flat=True).distinct())
        for trip in Trip.objects.filter(pk__in=trip_ids).order_by("start_date", "id"):
            event = Event()
            event.add("uid", f"trip-{trip.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("summary", trip.title)
            _all_day(event, trip.start_date, trip.end_date)
            event.add("categories", [str(_("Trip"))])
            calendar.add_component(event)

        meetings = Meeting.objects.filter(trip_id__in=trip_ids, start_date__isnull=False)
        for meeting in meetings.order_by("start_date", "id"):
            event = Event()
            event.add("uid", f"meeting-{meeting.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("summary", meeting.title)
            if meeting.location:
                event.add("location", meeting.location)
            _all_day(event, meeting.start_date, meeting.end_date)
            event.add("categories", [str(_("Meeting"))])
            calendar.add_component(event)

        segments = ItinerarySegment.objects.filter(trip_id__in=trip_ids).select_related("trip")
        for segment in segments.order_by("date", "order", "id"):
            calendar.add_component(segment_event(segment, stamp, domain))

        follow_ups = (
            FollowUp.objects.visible_to(user)
            .owned_by(user)
            .pending()
            .filter(due_date__isnull=False, due_date__gte=since)
            .by_due_date()
        )
        for follow_up in follow_ups:
            event = Event()
            event.add("uid", f"followup-{follow_up.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("summary", _("Follow-up due: %(text)s") % {"text": str(follow_up)})
            event.add("description", follow_up.description)
            _all_day(event, follow_up.due_date)
            event.add("categories", [str(_("Follow-up"))])
            calendar.add_component(event)
    return calendar.to_ical()
