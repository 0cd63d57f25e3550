"""The filters of a trip queryset that test a related table, taken apart.

The search filters on destinations, meetings, delegates and follow-ups are each
`id IN (SELECT trip_id FROM <related table> WHERE …)` (filters.py). That form is
right for counting a filter's trips (SQLite builds the list once from the related
table's index) and wrong for two other uses, measured with EXPLAIN QUERY PLAN at
100,000 trips (README "Search at scale"):

- A full-text match checked its trip row first and the list second: the filter's
  list is checked before the trip now, which leaves the trip lookup (the access
  check) to the matches that passed it (`split`, used by engine._trip_condition).
- A page of filtered trips, newest first: SQLite read every trip of the list (7,700
  for a country) and sorted them, where walking the start-date index and probing
  the related table per trip stops after the page's rows (`correlated`).

Only conditions joined by AND at the top of the query are taken apart, so the
user's access condition, and any other condition, stays exactly where it was.
"""

from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.db.models.sql.query import Query
from django.db.models.sql.where import AND, WhereNode


class TripIds:
    """One related filter: the queryset of the trip ids it keeps."""

    def __init__(self, query):
        self.field = query.values_select[0]
        self.ids = query.model._default_manager.all()
        self.ids.query = query.clone()

    def count(self, bound):
        """How many rows the filter keeps, counted up to `bound`."""
        return self.ids[:bound].count()

    def listed(self):
        """SQL of the list of the filter's trip ids, with its parameters."""
        return self.ids.query.sql_with_params()

    def probed(self, trip_sql):
        """SQL that is true when the trip `trip_sql` passes the filter (correlated)."""
        probe = self.ids.filter(**{self.field: RawSQL(trip_sql, ())})
        sql, params = probe.query.sql_with_params()
        return f"EXISTS ({sql})", params

    def exists(self):
        """The filter as a correlated EXISTS on the outer trip."""
        return Exists(self.ids.filter(**{self.field: OuterRef("pk")}))


def _is_related(child, model):
    lhs = getattr(child, "lhs", None)
    rhs = getattr(child, "rhs", None)
    return (
        isinstance(child, In)
        and isinstance(rhs, Query)
        and len(rhs.values_select) == 1
        and getattr(lhs, "target", None) is model._meta.pk
        and getattr(lhs, "alias", None) == model._meta.db_table
    )


def split(trips):
    """`(related, rest)`: the related filters of `trips` (TripIds) and `trips` without
    them, so that `rest` AND every related filter keeps exactly the trips of `trips`."""
    where = trips.query.where
    if where.connector != AND or where.negated:
        return [], trips
    related, kept = [], []
    for child in where.children:
        if _is_related(child, trips.model):
            related.append(TripIds(child.rhs))
        else:
            kept.append(child)
    if not related:
        return [], trips
    rest = trips.all()
    rest.query.where = WhereNode(kept, AND)
    return related, rest


def correlated(trips):
    """`trips` with each related filter as a correlated EXISTS (the same trips)."""
    related, rest = split(trips)
    for filter_ in related:
        rest = rest.filter(filter_.exists())
    return rest
