"""The trip plan (出國計畫): creating and editing a plan, its itinerary, and its budget
with per-diem estimates from the rate table.

Every function runs in one transaction and refuses a stale edit (the trip's version
the form was loaded with); the plan is editable by its author and the editors of its
agency while it is a draft or returned, its budget's actual costs at any time.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import CostLine, Delegate, Destination, ItinerarySegment, Meeting, PerDiemRate, Trip
from ..statistics.summary import counting_deferred
from .lifecycle import PLAN_EDITABLE, LifecycleError, edits_for, locked_trip

S = Trip.Status


def require_editor(user, trip):
    if not edits_for(user, trip):
        raise LifecycleError(
            _("Only the author or an editor of the trip's agency may change this plan."),
            forbidden=True,
        )


def require_plan_editable(trip):
    if trip.status not in PLAN_EDITABLE:
        raise LifecycleError(
            _("The plan can be changed only while it is a draft or returned; it is “%(status)s”.")
            % {"status": trip.get_status_display()}
        )


def save_plan(trip, data, *, user, version=None):
    """Create (trip without pk) or update a plan from the plan form's cleaned data:
    the trip's fields, and `destinations` [(country, city)], `people` [Person],
    `meeting_titles` [str] replacing those of the plan."""
    fields = (
        "plan_name", "category", "agency", "access", "start_date", "end_date",
        "budget_year", "budget_line", "funding",
    )  # fmt: skip
    # The statistics counts of the trip: once, after its destinations are written.
    with transaction.atomic(), counting_deferred():
        creating = trip.pk is None
        if not creating:
            trip = locked_trip(trip, version)
            require_editor(user, trip)
            require_plan_editable(trip)
        for name in fields:
            setattr(trip, name, data[name])
        trip.title = data["plan_name"] if creating or not trip.report_date else trip.title
        # As the trip document holds them: untitled aims.
        lines = [line.strip() for line in data["purposes"].splitlines() if line.strip()]
        trip.purposes = [{"title": None, "body": line} for line in lines]
        trip.updated_by = user
        trip._history_user = user
        if creating:
            trip.created_by = user
            trip.status = S.DRAFT
        trip.save()
        _replace_plan_children(trip, data)
        if creating:
            trip.transitions.create(from_status="", to_status=S.DRAFT, user=user)
    return trip


def _replace_plan_children(trip, data):
    trip.destinations.all().delete()
    Destination.objects.bulk_create(
        Destination(trip=trip, country=country, city=city, order=i)
        for i, (country, city) in enumerate(dict.fromkeys(data["destinations"]))
    )
    wanted = list(data["people"])
    trip.delegates.exclude(person__in=wanted).delete()
    present = set(trip.delegates.values_list("person_id", flat=True))
    for i, person in enumerate(wanted):
        if person.pk not in present:
            Delegate.objects.create(
                trip=trip,
                person=person,
                order=i,
                role=Delegate.Role.HEAD if i == 0 else Delegate.Role.MEMBER,
            )
    titles = data["meeting_titles"]
    trip.meetings.exclude(title__in=titles).delete()
    present = set(trip.meetings.values_list("title", flat=True))
    for i, title in enumerate(titles):
        if title not in present:
            Meeting.objects.create(trip=trip, title=title, order=i)


def save_children(trip, formset, *, user, version, plan_only=True):
    """Save an itinerary or budget formset of the trip; refuses a stale page."""
    with transaction.atomic():
        current = locked_trip(trip, version)
        require_editor(user, current)
        if plan_only:
            require_plan_editable(current)
        formset.save()
        # The trip's version moves on: an older page of it is now stale.
        current.updated_by = user
        current._history_user = user
        current.save(update_fields=["updated_by", "updated_at"])
    return current


# Itinerary --------------------------------------------------------------------


def segment_entry(segment):
    """A stored segment as an `itinerary` entry of the trip document."""

    def time(value):
        return value.strftime("%H:%M") if value else None

    return {
        "date": segment.date.isoformat(),
        "origin": segment.origin or None,
        "destination": segment.destination or None,
        "transport": segment.transport or None,
        "departure_time": time(segment.departure_time),
        "departure_zone": segment.departure_zone or None,
        "arrival_time": time(segment.arrival_time),
        "arrival_zone": segment.arrival_zone or None,
        "hotel": segment.hotel or None,
        "activity": segment.activity or None,
    }


def replace_itinerary(trip, entries):
    """Put a document's itinerary in place of the stored one (inside the import)."""

    def time(value):
        return datetime.time.fromisoformat(value) if value else None

    trip.itinerary.all().delete()
    ItinerarySegment.objects.bulk_create(
        ItinerarySegment(
            trip=trip,
            order=i,
            date=datetime.date.fromisoformat(entry["date"]),
            origin=entry["origin"] or "",
            destination=entry["destination"] or "",
            transport=entry["transport"] or "",
            departure_time=time(entry["departure_time"]),
            departure_zone=entry["departure_zone"] or "",
            arrival_time=time(entry["arrival_time"]),
            arrival_zone=entry["arrival_zone"] or "",
            hotel=entry["hotel"] or "",
            activity=entry["activity"] or "",
        )
        for i, entry in enumerate(entries)
    )


# Budget -----------------------------------------------------------------------


def rate_for(country, city, day):
    """The per-diem rate in force on `day` for the city, else for the country's
    other cities; None when the table has none."""
    rates = PerDiemRate.objects.filter(country=country, effective_from__lte=day).order_by(
        "-effective_from"
    )
    rate = rates.filter(city=city).first() if city else None
    return rate or rates.filter(city="").first()


def trip_days(trip):
    """Days abroad, counting the day of departure and of return."""
    if not (trip.start_date and trip.end_date):
        return None
    return (trip.end_date - trip.start_date).days + 1


def estimate_per_diem(trip, *, user, version, exchange_rate):
    """A living-allowance line per traveller: days × the table's daily rate for the
    first destination, in TWD at `exchange_rate`. A line whose estimate was changed
    (with a reason) keeps that estimate; its computed amount is updated."""
    if exchange_rate is None or exchange_rate <= 0:
        raise LifecycleError(_("Give the exchange rate to TWD used for the estimate."))
    with transaction.atomic():
        current = locked_trip(trip, version)
        require_editor(user, current)
        days = trip_days(current)
        place = current.destinations.order_by("order", "id").first()
        travellers = list(current.delegates.select_related("person"))
        if not days or place is None or not travellers:
            raise LifecycleError(
                _("The per diem needs the trip's dates, a destination and the delegation.")
            )
        rate = rate_for(place.country, place.city, current.start_date)
        if rate is None:
            raise LifecycleError(
                _(
                    "The per-diem table has no rate for %(place)s on %(day)s: an administrator "
                    "imports the official table in the administration (per-diem rates)."
                )
                % {"place": place, "day": current.start_date.isoformat()}
            )
        foreign = rate.daily_amount * days
        computed = (foreign * exchange_rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        existing = {
            line.traveller_id: line
            for line in current.cost_lines.filter(item=CostLine.Item.LIVING, days__isnull=False)
        }
        for delegate in travellers:
            line = existing.get(delegate.pk) or CostLine(
                trip=current, traveller=delegate, item=CostLine.Item.LIVING
            )
            keep = line.pk is not None and line.overridden and line.override_reason
            line.days, line.per_diem_rate = days, rate
            line.foreign_amount, line.currency, line.exchange_rate = (
                foreign,
                rate.currency,
                (exchange_rate),
            )
            line.computed_twd = computed
            if not keep:
                line.estimated_twd = computed
                line.override_reason = ""
            line._history_user = user
            line.save()
        current.updated_by = user
        current.save(update_fields=["updated_by", "updated_at"])
    return rate, days, computed
