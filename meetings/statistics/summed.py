"""The statistics page's figures added up from the counts kept in advance (summary.py).

`visible_counts(user, filters)` picks the StatisticsCount rows of the trips the user
may see and the page's filters; `SummedFigures` adds them up into the same rows the
live queries of figures.py give, so the tables, charts and downloads are the same.
"""

from django.db.models import Count, Q, Sum

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency

from ..filters import to_ad_year
from ..models import StatisticsCount
from .figures import Figures
from .summary import ALL, COUNTRY, SERIES


def visible_counts(user, filters):
    """The counts of the trips `user` may see, narrowed by the page's filters (the
    cleaned data of StatisticsFilter); None when the counts cannot answer (a country
    and a series chosen together: the page then counts the trips themselves)."""
    country, series = filters.get("country"), filters.get("series")
    if country and series:
        return None
    if country:
        counts = StatisticsCount.objects.filter(family=COUNTRY, family_key=country)
    elif series:
        counts = StatisticsCount.objects.filter(family=SERIES, family_key=str(series.pk))
    else:
        counts = StatisticsCount.objects.filter(family=ALL, family_key="")
    if not user.is_authenticated:
        return counts.none()
    if not is_portal_admin(user):
        # As Trip.objects.visible_to: open trips, and restricted ones of the scope.
        counts = counts.filter(Q(restricted=False) | Q(agency_id__in=agency_scope_ids(user)))
    if filters.get("year_from") is not None:
        counts = counts.filter(year__gte=to_ad_year(int(filters["year_from"])))
    if filters.get("year_to") is not None:
        counts = counts.filter(year__lte=to_ad_year(int(filters["year_to"])))
    if filters.get("agency"):
        counts = counts.filter(agency_id__in=Agency.objects.descendant_ids(filters["agency"].pk))
    if filters.get("category"):
        counts = counts.filter(category=filters["category"])
    return counts


def used_countries(user):
    """The countries of the trips `user` may see (the country filter's choices), as
    `TripFilter.used_countries` gives them."""
    counts = visible_counts(user, {}).filter(figure="countries")
    return list(counts.order_by().values_list("key", flat=True).distinct())


def _pk(key):
    return int(key) if key else None


class SummedFigures(Figures):
    """Figures whose rows come from StatisticsCount rows instead of the trips."""

    def __init__(self, counts, today, selected_agency=None, link=None):
        super().__init__(counts, today, selected_agency, link)
        self.counts = counts.order_by()

    def of(self, figure):
        return self.counts.filter(figure=figure)

    def trip_rows(self):
        return (
            self.of("trips")
            .values("year", "agency_id", "category", "days")
            .annotate(
                trips=Sum("n"),
                on_time=Sum("on_time"),
                late=Sum("late"),
                overdue=self._overdue(),
            )
        )

    def _overdue(self):
        return Sum("n", filter=Q(due__lt=self.today), default=0)

    def follow_up_rows(self):
        rows = (
            self.of("follow_ups")
            .values("year", "agency_id", "key", "days")
            .annotate(records=Sum("n"), overdue=self._overdue())
        )
        return [{**row, "n": row["records"], "fu_status": row["key"]} for row in rows]

    def _by_key(self, figure, name, **sums):
        rows = self.of(figure).values("key").annotate(**(sums or {"records": Sum("n")}))
        return [{**row, name: row["key"], "n": row.get("records")} for row in rows]

    def country_rows(self):
        return self._by_key("countries", "country")

    def region_rows(self):
        return self._by_key("regions", "region")

    def _meetings_by_year(self, figure):
        rows = self.of(figure).values("key", "year").annotate(records=Sum("n"))
        return [{**row, "n": row["records"], "group": _pk(row["key"])} for row in rows]

    def people_rows(self):
        counted = {"people": Count("person_id", distinct=True), "places": Sum("n", default=0)}
        rows = self._by_key("people", "rank_grade", **counted)
        return rows, self.of("people").aggregate(**counted)

    def recommendation_rows(self):
        return self._by_key("recommendations", "adoption_status")

    COST_SUMS = {"estimate": Sum("estimate"), "actual": Sum("actual"), "travellers": Sum("n")}

    def cost_year_rows(self):
        return self.of("costs").values("year").annotate(**self.COST_SUMS)

    def cost_country_rows(self):
        return self._by_key("cost_countries", "country", **self.COST_SUMS)
