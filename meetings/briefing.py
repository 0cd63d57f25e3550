"""The briefing pack before a trip: what earlier trips learned about the same
meeting series, organisations, countries and counterparts.

`gather(trip, user)` returns the pack as plain lists for the template, from a fixed
number of queries whatever the number of earlier trips (at most `EARLIER_TRIPS`, the
most recent first), all of them visible to the user.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .models import Delegate, FollowUp, Lesson, Meeting, Trip

EARLIER_TRIPS = 20


@dataclass
class Briefing:
    trip: Trip
    series: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    counterparts: list = field(default_factory=list)
    earlier_trips: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    open_follow_ups: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    lessons: list = field(default_factory=list)

    @property
    def has_subjects(self):
        return bool(self.series or self.organisations or self.countries or self.counterparts)


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _related_condition(briefing):
    condition = Q()
    if briefing.series:
        condition |= Q(meetings__series__in=[s.pk for s in briefing.series])
    if briefing.organisations:
        condition |= Q(meetings__series__organisation__in=[o.pk for o in briefing.organisations])
    if briefing.countries:
        condition |= Q(destinations__country__in=[c.code for c in briefing.countries])
    if briefing.counterparts:
        condition |= Q(follow_ups__owner_text__in=briefing.counterparts)
    return condition


def earlier_trips(trip, user, condition):
    earlier = Trip.objects.visible_to(user).exclude(pk=trip.pk)
    if trip.start_date:
        earlier = earlier.filter(start_date__lt=trip.start_date)
    related = Trip.objects.filter(condition).values("pk")
    return list(
        earlier.filter(pk__in=related)
        .select_related("agency")
        .prefetch_related(
            "destinations",
            Prefetch(
                "delegates",
                queryset=Delegate.objects.select_related("person", "agency").order_by(
                    "order", "id"
                ),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("series__organisation")
                .prefetch_related("decisions")
                .order_by("order", "id"),
            ),
            Prefetch("lessons", queryset=Lesson.objects.order_by("order", "id")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.pending()
                .select_related("owner_person", "owner_agency", "meeting")
                .by_due_date(),
                to_attr="open_follow_ups",
            ),
        )
        .order_by("-start_date", "-id")[:EARLIER_TRIPS]
    )


def gather(trip, user):
    """The pack for `trip` (prefetched with its meetings' series and organisations,
    destinations and follow-ups), as `user` may see it."""
    meetings = list(trip.meetings.all())
    briefing = Briefing(
        trip=trip,
        series=_unique(m.series for m in meetings if m.series_id),
        organisations=_unique(
            m.series.organisation for m in meetings if m.series_id and m.series.organisation_id
        ),
        countries=_unique(d.country for d in trip.destinations.all()),
        counterparts=_unique(
            f.owner_text.strip()
            for f in trip.follow_ups.all()
            if f.owner_text.strip() not in ("", "—", "-")
        ),
    )
    if not briefing.has_subjects:
        return briefing
    briefing.earlier_trips = earlier_trips(trip, user, _related_condition(briefing))
    for earlier in briefing.earlier_trips:
        for delegate in earlier.delegates.all():
            if delegate.role in (Delegate.Role.HEAD, Delegate.Role.CONTACT):
                briefing.contacts.append({"trip": earlier, "delegate": delegate})
        if earlier.contact_name:
            briefing.contacts.append({"trip": earlier, "name": earlier.contact_name})
        for meeting in earlier.meetings.all():
            decisions = list(meeting.decisions.all())
            if decisions:
                briefing.decisions.append({"meeting": meeting, "decisions": decisions})
        briefing.open_follow_ups += [(earlier, f) for f in earlier.open_follow_ups]
        for lesson in earlier.lessons.all():
            if lesson.kind == Lesson.Kind.RECOMMENDATION:
                briefing.recommendations.append((earlier, lesson))
            else:
                briefing.lessons.append((earlier, lesson))
    return briefing
