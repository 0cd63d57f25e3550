"""Export a trip as a trip document (``trip-document/1``), the inverse of the import."""

from django.db.models import Prefetch

from ..importing import SCHEMA
from ..models import AgendaItem, Meeting, Trip
from .plans import segment_entry


def _text(value):
    """Blank model text is "not stated" in a trip document."""
    return value or None


def _date(value):
    return value.isoformat() if value else None


def _agenda_tree(items):
    nodes = {
        item.pk: {"label": _text(item.label), "title": _text(item.title), "items": []}
        for item in items
    }
    roots = []
    for item in items:
        siblings = nodes[item.parent_id]["items"] if item.parent_id in nodes else roots
        siblings.append(nodes[item.pk])
    return roots


def _meeting(meeting):
    return {
        "title": _text(meeting.title),
        "title_en": _text(meeting.title_en),
        "start_date": _date(meeting.start_date),
        "end_date": _date(meeting.end_date),
        "location": _text(meeting.location),
        "chairs": list(meeting.chairs or []),
        "agenda": _agenda_tree(list(meeting.agenda_items.all())),
        "minutes": [
            {"title": _text(block.title), "body": _text(block.body)}
            for block in meeting.minutes.all()
        ],
        "acronym": _text(meeting.acronym),
        "decisions": [_text(decision.text) for decision in meeting.decisions.all()],
    }


def counterpart(follow_up):
    """The follow-up's owner as the report named it (the trip document's `owner`)."""
    return follow_up.owner_text or None


def responsible_names(follow_up):
    """The responsible agency and person of our side, by name (extra document keys)."""
    return {
        "responsible_agency": follow_up.owner_agency.name if follow_up.owner_agency_id else None,
        "responsible_person": follow_up.owner_person.name if follow_up.owner_person_id else None,
    }


def _follow_up(follow_up, trip):
    """A follow-up of the document.  Its responsible agency and person are written
    (as the extra keys `responsible_agency`, `responsible_person`) only where they are
    not what an import gives by default (the trip's sending agency, the person named
    as its contact), so that a parsed report exports as it was parsed."""
    item = {
        "description": follow_up.description,
        "owner": counterpart(follow_up),
        "due_date": _date(follow_up.due_date),
        "status": follow_up.status,
    }
    names = responsible_names(follow_up)
    if follow_up.owner_agency_id != trip.agency_id:
        item["responsible_agency"] = names["responsible_agency"]
    if follow_up.owner_person_id and names["responsible_person"] != (trip.contact_name or None):
        item["responsible_person"] = names["responsible_person"]
    return item


def export_queryset(queryset):
    """A trip queryset with everything `trip_to_document` reads, in few queries."""
    return queryset.select_related("agency").prefetch_related(
        "delegates__person",
        "delegates__agency",
        "destinations",
        "follow_ups__owner_person",
        "follow_ups__owner_agency",
        "lessons",
        "attachments",
        "sections",
        "itinerary",
        Prefetch(
            "meetings",
            queryset=Meeting.objects.order_by("order", "id").prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order")),
                "minutes",
                "decisions",
            ),
        ),
    )


def attach_keyword_names(trips):
    """Read the keywords of many trips in one query (`trip_to_document` uses them)."""
    trips = list(trips)
    names = {trip.pk: [] for trip in trips}
    links = Trip.keywords.through.objects.filter(trip_id__in=names).order_by("id")
    for trip_id, name in links.values_list("trip_id", "keyword__name"):
        names[trip_id].append(name)
    for trip in trips:
        trip.keyword_names = names[trip.pk]
    return trips


def _keywords(trip):
    if hasattr(trip, "keyword_names"):
        return list(trip.keyword_names)
    # The vocabulary is ordered by name; the report's order is the order in which
    # the import linked the keywords, kept by the ids of the link rows.
    through = Trip.keywords.through
    links = through.objects.filter(trip_id=trip.pk).order_by("id")
    return list(links.values_list("keyword__name", flat=True))


def trip_to_document(trip) -> dict:
    """The trip as a trip document: the keys of the specification in its order, then
    the keys the parser adds (system id, plan name, itinerary)."""
    follow_ups = sorted(trip.follow_ups.all(), key=lambda f: (f.order, f.pk))
    return {
        "schema": SCHEMA,
        "title": _text(trip.title),
        "category": _text(trip.category),
        "agency": trip.agency.name if trip.agency_id else None,
        "contact": {
            "name": _text(trip.contact_name),
            "title": _text(trip.contact_title),
            "phone": _text(trip.contact_phone),
        },
        "travelers": [
            {
                "name": delegate.person.name,
                "title": _text(delegate.title),
                "unit": _text(delegate.unit),
                "agency": delegate.agency.name if delegate.agency_id else None,
                "rank": _text(delegate.rank_grade),
            }
            for delegate in sorted(trip.delegates.all(), key=lambda d: (d.order, d.pk))
        ],
        "destinations": [
            {"country": _text(str(place.country.code or "")), "city": _text(place.city)}
            for place in sorted(trip.destinations.all(), key=lambda d: (d.order, d.pk))
        ],
        "start_date": _date(trip.start_date),
        "end_date": _date(trip.end_date),
        "report_date": _date(trip.report_date),
        "pages": trip.pages,
        "has_attachments": trip.has_attachments,
        "keywords": _keywords(trip),
        "summary": _text(trip.summary),
        "purposes": list(trip.purposes or []),
        "meetings": [_meeting(m) for m in trip.meetings.all()],
        "follow_ups": [_follow_up(f, trip) for f in follow_ups],
        "lessons": [
            {"title": _text(lesson.title), "body": _text(lesson.body), "kind": lesson.kind}
            for lesson in sorted(trip.lessons.all(), key=lambda x: (x.order, x.pk))
        ],
        "attachments": [
            {"number": a.number, "title": _text(a.title)}
            for a in sorted(trip.attachments.all(), key=lambda x: x.number)
        ],
        "sections": [
            {"heading": _text(s.heading), "body": _text(s.body)}
            for s in sorted(trip.sections.all(), key=lambda x: x.order)
        ],
        "system_id": trip.system_id or None,
        "plan_name": _text(trip.plan_name),
        "itinerary": [segment_entry(s) for s in trip.itinerary.all()],
    }


def trips_to_documents(queryset):
    return [trip_to_document(trip) for trip in export_queryset(queryset)]
