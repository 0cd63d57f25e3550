"""The statistics page's figures added up in advance, and kept in step with the records.

Counting 100,000 trips and their records takes SQLite seconds; the page instead adds up
`StatisticsCount` rows, each the count of one figure for one group of trips (a year,
an agency, a category and an access), so the filters on years, agency and category
and the access rule (`restricted` rows count only for the agencies that may see them)
still apply. Rows of the families "country" and "series" repeat the figures for the
group's trips to one country or to meetings of one series, for those two filters.

Any save or delete of a counted record counts the groups of its trip again, in the
same transaction (`count_trips_again`); bulk imports do it when they send
`trips_changed`; `python manage.py rebuild_statistics` counts everything again.
`StatisticsTrip` remembers the group each trip was counted in, so a trip that moves
(another year, agency…) or is deleted leaves its old group too.
"""

import datetime
import itertools
import operator
import zlib
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_migrate, post_save

from ..models import (
    CostLine,
    Delegate,
    Destination,
    FollowUp,
    Lesson,
    Meeting,
    MeetingSeries,
    StatisticsCount,
    StatisticsTrip,
    Trip,
)
from ..signals import trips_changed
from .regions import region_codes

ALL, COUNTRY, SERIES = "", "country", "series"
GROUP_FIELDS = ("year", "agency_id", "category", "restricted")
TRIP_FIELDS = (
    "id",
    "start_date",
    "end_date",
    "agency_id",
    "category",
    "access",
    "report_date",
    "report_due_date",
    "status",
)
# Trips counted per query when everything is counted again.
CHUNK = 2000
# Groups matched per query (SQLite limits the depth of an expression).
GROUPS_PER_QUERY = 100
VALUES = ("n", "on_time", "late", "estimate", "actual")
# The first key of the PostgreSQL advisory locks of the statistics counts.
LOCK_SPACE = 1207


def group_of(trip):
    """(year, agency, category, restricted) of a trip given as a dict of TRIP_FIELDS."""
    start = trip["start_date"]
    return (
        start.year if start else None,
        trip["agency_id"],
        trip["category"],
        trip["access"] != Trip.Access.OPEN,
    )


def region_of(country):
    if not _REGIONS:
        # The first region listing a country wins, as in the live query's CASE.
        for key, codes in reversed(region_codes().items()):
            _REGIONS.update(dict.fromkeys(codes, key))
    return _REGIONS.get(country, "")


_REGIONS = {}


def _owed_from(trip):
    """The day from which the trip's report is overdue (both the return and the due
    date past), when the trip still owes its report."""
    end, due = trip["end_date"], trip["report_due_date"]
    if trip["report_date"] is None and trip["status"] in Trip.REPORT_OWED and end and due:
        return max(end, due)
    return None


def signature(trip):
    """What a trip's own figures depend on: a save that leaves it unchanged (and
    moves no record) changes no count."""
    dates = (trip["end_date"], trip["report_date"], trip["report_due_date"], _owed_from(trip))
    return "|".join(str(value) for value in (*group_of(trip), *dates))


def _plus(a, b):
    if a is None:
        return b
    return a if b is None else a + b


class Tallies:
    """StatisticsCount rows being added up, by their full key."""

    def __init__(self):
        self.rows = defaultdict(lambda: [0, 0, 0, None, None])

    def add(self, families, group, figure, key="", person=None, days=None, due=None, **values):
        for family, family_key in families:
            row = self.rows[(family, family_key, *group, figure, key, person, days, due)]
            row[0] += values.get("n", 1)
            row[1] += values.get("on_time", 0)
            row[2] += values.get("late", 0)
            row[3] = _plus(row[3], values.get("estimate"))
            row[4] = _plus(row[4], values.get("actual"))

    COLUMNS = ("family", "family_key", *GROUP_FIELDS, "figure", "key", "person_id", "days", "due")

    def write(self):
        """Insert the rows (plain INSERTs: building a model instance for each of
        hundreds of thousands of rows costs more than the database does)."""
        ops = connection.ops
        money = StatisticsCount._meta.get_field("estimate")

        def amount(value):
            return ops.adapt_decimalfield_value(value, money.max_digits, money.decimal_places)

        _insert(
            StatisticsCount,
            (*self.COLUMNS, *VALUES),
            (
                (
                    *key[:-1],
                    ops.adapt_datefield_value(key[-1]),
                    *values[:3],
                    amount(values[3]),
                    amount(values[4]),
                )
                for key, values in self.rows.items()
            ),
        )


def _insert(model, columns, rows, batch=5000):
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(rows, batch)):
            cursor.executemany(sql, chunk)


def _by_trip(queryset, ids, *fields):
    found = defaultdict(list)
    for row in queryset.filter(trip_id__in=ids).order_by().values("trip_id", *fields):
        found[row["trip_id"]].append(row)
    return found


def tally(trips, tallies):
    """Add the figures of `trips` (dicts of TRIP_FIELDS) to `tallies`. Each figure
    counts what the live query of meetings/statistics/figures.py counts."""
    ids = [t["id"] for t in trips]
    places = _by_trip(Destination.objects, ids, "country")
    delegates = _by_trip(Delegate.objects, ids, "rank_grade", "person_id")
    meetings = _by_trip(Meeting.objects, ids, "series_id", "series__organisation_id")
    follow_ups = _by_trip(FollowUp.objects, ids, "status", "completed_on", "due_date")
    recommendations = _by_trip(
        Lesson.objects.filter(kind=Lesson.Kind.RECOMMENDATION), ids, "adoption_status"
    )
    costs = _by_trip(CostLine.objects, ids, "estimated_twd", "actual_twd", "traveller_id")
    for trip in trips:
        pk, group, end = trip["id"], group_of(trip), trip["end_date"]
        countries = {p["country"] for p in places[pk]}
        series = {m["series_id"] for m in meetings[pk]}
        families = [(ALL, "")]
        families += [(COUNTRY, c) for c in sorted(countries) if c]
        families += [(SERIES, str(s)) for s in sorted(series - {None})]
        add = tally_trip(tallies, families, group)
        report, due = trip["report_date"], trip["report_due_date"]
        add(
            "trips",
            days=(report - end).days if report and end else None,
            due=_owed_from(trip),
            on_time=int(bool(report and due and report <= due)),
            late=int(bool(report and due and report > due)),
        )
        for f in follow_ups[pk]:
            done = f["status"] == FollowUp.Status.DONE and f["completed_on"] and end
            pending = f["status"] in FollowUp.PENDING
            add(
                "follow_ups",
                f["status"],
                days=(f["completed_on"] - end).days if done else None,
                due=f["due_date"] if pending else None,
            )
        for country in countries:
            add("countries", country)
        for region in {region_of(c) for c in countries}:
            add("regions", region)
        for organisation in {m["series__organisation_id"] for m in meetings[pk]}:
            add("organisations", _key(organisation))
        for s in series:
            add("series", _key(s))
        for d in delegates[pk]:
            add("people", d["rank_grade"], person=d["person_id"])
        for r in recommendations[pk]:
            add("recommendations", r["adoption_status"])
        lines = costs[pk]
        if lines:
            estimate = reduce(_plus, (c["estimated_twd"] for c in lines), None)
            actual = reduce(_plus, (c["actual_twd"] for c in lines), None)
            travellers = len({c["traveller_id"] for c in lines} - {None})
            add("costs", n=travellers, estimate=estimate, actual=actual)
            # The cost lines joined to the destinations: a trip's whole cost for each
            # of its destinations (twice for a country listed twice).
            listed = defaultdict(int)
            for p in places[pk]:
                listed[p["country"]] += 1
            for country, times in listed.items():
                add(
                    "cost_countries",
                    country,
                    n=travellers,
                    estimate=None if estimate is None else estimate * times,
                    actual=None if actual is None else actual * times,
                )


def tally_trip(tallies, families, group):
    def add(figure, key="", **extra):
        tallies.add(families, group, figure, key, **extra)

    return add


def _key(pk):
    return "" if pk is None else str(pk)


def _group_condition(groups):
    """Q matching the rows (of StatisticsCount or StatisticsTrip) of these groups."""
    conditions = []
    for year, agency, category, restricted in groups:
        conditions.append(
            Q(
                year__isnull=year is None,
                agency_id__isnull=agency is None,
                category=category,
                restricted=restricted,
            )
            & Q(**({"year": year} if year is not None else {}))
            & Q(**({"agency_id": agency} if agency is not None else {}))
        )
    return reduce(operator.or_, conditions)


def _trips_of(groups):
    """Q matching the trips of these groups."""
    conditions = []
    for year, agency, category, restricted in groups:
        if year is None:
            when = Q(start_date__isnull=True)
        else:
            when = Q(
                start_date__gte=datetime.date(year, 1, 1),
                start_date__lt=datetime.date(year + 1, 1, 1),
            )
        access = Q(access=Trip.Access.OPEN)
        conditions.append(
            when
            & (Q(agency__isnull=True) if agency is None else Q(agency_id=agency))
            & Q(category=category)
            & (~access if restricted else access)
        )
    return reduce(operator.or_, conditions)


def _remember(trips):
    _insert(
        StatisticsTrip,
        ("trip_id", *GROUP_FIELDS, "signature"),
        ((t["id"], *group_of(t), signature(t)) for t in trips),
    )


def _lock(groups):
    """On PostgreSQL, wait for any other transaction counting one of these groups
    (otherwise both would delete the old rows and insert their own). SQLite lets one
    transaction write at a time anyway."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({zlib.crc32(repr(group).encode()) - 2**31 for group in groups})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, k) FROM unnest(%s::int[]) AS k ORDER BY k",
            [LOCK_SPACE, keys],
        )


def count_groups_again(groups):
    """Count these groups of trips again, in one transaction."""
    groups = sorted(set(groups), key=repr)
    with transaction.atomic():
        _lock(groups)
        for start in range(0, len(groups), GROUPS_PER_QUERY):
            chunk = groups[start : start + GROUPS_PER_QUERY]
            StatisticsCount.objects.filter(_group_condition(chunk)).delete()
            StatisticsTrip.objects.filter(_group_condition(chunk)).delete()
            trips = list(Trip.objects.filter(_trips_of(chunk)).order_by().values(*TRIP_FIELDS))
            tallies = Tallies()
            tally(trips, tallies)
            tallies.write()
            _remember(trips)


def count_trips_again(trip_ids):
    """Count again the groups these trips are in, and the groups they were in."""
    trip_ids = list(set(trip_ids) - {None})
    if not trip_ids:
        return
    groups = set(StatisticsTrip.objects.filter(trip_id__in=trip_ids).values_list(*GROUP_FIELDS))
    groups |= {group_of(t) for t in Trip.objects.filter(pk__in=trip_ids).values(*TRIP_FIELDS)}
    if groups:
        count_groups_again(groups)


def count_everything(progress=None):
    """Count every trip again (after a bulk load, or to repair). Returns the rows kept."""
    with transaction.atomic():
        StatisticsCount.objects.all().delete()
        StatisticsTrip.objects.all().delete()
        tallies = Tallies()
        trips = Trip.objects.order_by("pk").values(*TRIP_FIELDS)
        total, done, last = trips.count(), 0, 0
        while True:
            chunk = list(trips.filter(pk__gt=last)[:CHUNK])
            if not chunk:
                break
            tally(chunk, tallies)
            _remember(chunk)
            last, done = chunk[-1]["id"], done + len(chunk)
            if progress:
                progress(done, total)
        tallies.write()
    return len(tallies.rows)


# Keeping the counts in step ---------------------------------------------------------

# Records hanging off a trip: a change counts the trip's group again.
OF_A_TRIP = (Destination, Delegate, Meeting, FollowUp, Lesson, CostLine)
# Trips whose counting waits for the end of a `counting_deferred()` block.
_deferred = ContextVar("statistics_deferred", default=None)


@contextmanager
def counting_deferred():
    """Count the trips saved inside the block once, at its end (in the same
    transaction), rather than at each save: for services that save a trip and many
    records of it. Nothing is counted when the block's transaction is to be rolled
    back or raises."""
    if _deferred.get() is not None:
        yield
        return
    token = _deferred.set(set())
    try:
        yield
        waiting = _deferred.get()
    finally:
        _deferred.reset(token)
    if waiting and not (
        transaction.get_connection().in_atomic_block and transaction.get_rollback()
    ):
        count_trips_again(waiting)


def trip_counts_changed(trip_id):
    """A trip or its records changed: count its groups again, now or at the end of
    the `counting_deferred()` block. Services that write without save signals (an
    `update()`, a `bulk_create()`) call it themselves."""
    waiting = _deferred.get()
    if waiting is not None:
        waiting.add(trip_id)
    else:
        count_trips_again([trip_id])


def _trip_saved(sender, instance, created=False, **kwargs):
    if not created and _deferred.get() is None:
        kept = StatisticsTrip.objects.filter(trip_id=instance.pk).values("signature").first()
        now = Trip.objects.filter(pk=instance.pk).values(*TRIP_FIELDS).first()
        if kept and now and kept["signature"] == signature(now):
            return
    trip_counts_changed(instance.pk)


def _trip_deleted(sender, instance, **kwargs):
    trip_counts_changed(instance.pk)


def _record_changed(sender, instance, **kwargs):
    origin = kwargs.get("origin")
    # Records deleted with their trip: the trip's own delete counts its group again.
    if isinstance(origin, Trip) or (isinstance(origin, QuerySet) and origin.model is Trip):
        return
    trip_counts_changed(instance.trip_id)


def _series_changed(sender, instance, **kwargs):
    """A series moved to another organisation, or deleted: the groups with trips to
    its meetings."""
    groups = (
        StatisticsCount.objects.filter(family=ALL, figure="series", key=str(instance.pk))
        .values_list(*GROUP_FIELDS)
        .distinct()
    )
    found = set(groups)
    if found:
        count_groups_again(found)


def _bulk_written(sender, trip_ids=(), **kwargs):
    count_trips_again(trip_ids)


def _after_migrate(sender, app_config=None, using="default", **kwargs):
    """A database migrated with trips but no counts yet (the counts are new, or were
    emptied) is counted once."""
    if app_config is None or app_config.label != "meetings" or using != "default":
        return
    if Trip.objects.exists() and not StatisticsTrip.objects.exists():
        count_everything()


def connect():
    for name, signal in (("save", post_save), ("delete", post_delete)):
        receiver = _trip_saved if signal is post_save else _trip_deleted
        signal.connect(receiver, sender=Trip, dispatch_uid=f"summary-{name}-trip")
        signal.connect(_series_changed, sender=MeetingSeries, dispatch_uid=f"summary-{name}-s")
        for model in OF_A_TRIP:
            uid = f"summary-{name}-{model.__name__}"
            signal.connect(_record_changed, sender=model, dispatch_uid=uid)
    trips_changed.connect(_bulk_written, dispatch_uid="summary-bulk")
    post_migrate.connect(_after_migrate, dispatch_uid="summary-migrate")
