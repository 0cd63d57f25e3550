"""The figures of the statistics page, computed in the database.

`build_figures(trips, …)` takes the trips a user may see, already narrowed by the
page's filters, and answers a list of `Table`s: every chart draws one table and every
download writes the same tables, so the numbers shown, drawn and downloaded agree.

The number of queries is fixed (a dozen or so, whatever the number of trips): each
figure is a GROUP BY, and the few that need a median (days to report, days to finish
a follow-up) group by the number of days, so the database counts and Python only
walks the short distribution that comes back. Every query starts from `trips`, so a
restricted trip the user may not see is in no count.

The page usually gets the same rows from the counts kept in advance instead
(`SummedFigures` in summed.py overrides the `*_rows` methods); these live queries
answer when the counts cannot (a country and a series filter together) and are what
the tests compare the kept counts with.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from delegates.models import Agency, Person

from ..filters import ROC_OFFSET
from ..models import FollowUp, Lesson, MeetingSeries, Trip
from ..models.meetings import Organisation
from .regions import region_codes, region_label

# Charts of long lists (countries, series) draw the largest rows; the table has all.
CHART_ROWS = 15


@dataclass
class Row:
    label: str
    values: list
    url: str = ""


@dataclass
class Table:
    """One figure: a label column, value columns, and which columns the chart draws
    (several columns are drawn stacked)."""

    key: str
    title: str
    label_column: str
    columns: list
    rows: list
    chart: list = field(default_factory=lambda: [0])
    note: str = ""
    percent: bool = False
    # The last row is a total, left out of the chart so it does not dwarf the others.
    total_row: bool = False
    # The chart columns drawn side by side from the axis (estimate and actual) rather
    # than stacked.
    grouped: bool = False

    @property
    def chart_rows(self):
        return self.rows[:-1] if self.total_row else self.rows

    @property
    def wide(self):
        """Many columns: the table goes under its chart rather than beside it."""
        return len(self.columns) > 3


@dataclass
class RankedTable(Table):
    """A table whose chart draws its largest rows only."""

    @property
    def chart_rows(self):
        ordered = sorted(self.rows, key=lambda r: -sum(r.values[i] or 0 for i in self.chart))
        return ordered[:CHART_ROWS]


def year_label(year):
    if year is None:
        return _("No date")
    return _("ROC %(roc)s (%(ad)s)") % {"roc": year - ROC_OFFSET, "ad": year}


def median(histogram):
    """The median of a distribution given as {value: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(k):
        seen = 0
        for value, count in ordered:
            seen += count
            if k < seen:
                return value

    if total % 2:
        return nth(total // 2)
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


class Year(Func):
    """The year of a date. On SQLite, Django's ExtractYear calls a Python function for
    every row; SQLite keeps dates as ISO text, whose first four characters are the year."""

    function = "EXTRACT"
    template = "EXTRACT(YEAR FROM %(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(substr(%(expressions)s, 1, 4) AS INTEGER)"
        )


class DaysBetween(Func):
    """Whole days from one date to a later one, as an integer in the database (a date
    difference is a Python function per row on SQLite, and an interval on PostgreSQL)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class AgencyTree:
    """The agencies as a tree, to add up a figure of an agency and everything below."""

    def __init__(self):
        self.agencies = {a["id"]: a for a in Agency.objects.values("id", "name", "parent_id")}
        self.children = defaultdict(list)
        for agency in sorted(self.agencies.values(), key=lambda a: a["name"]):
            if agency["parent_id"] in self.agencies:
                self.children[agency["parent_id"]].append(agency["id"])

    def roots(self):
        return [
            a["id"]
            for a in sorted(self.agencies.values(), key=lambda a: a["name"])
            if a["parent_id"] not in self.agencies
        ]

    def subtree(self, agency_id):
        ids, frontier = {agency_id}, [agency_id]
        while frontier:
            for child in self.children[frontier.pop()]:
                if child not in ids:
                    ids.add(child)
                    frontier.append(child)
        return ids

    def name(self, agency_id):
        return self.agencies[agency_id]["name"]


@dataclass
class Tally:
    """Counts and day distributions of one year or one agency."""

    counts: Counter = field(default_factory=Counter)
    report_days: Counter = field(default_factory=Counter)
    completion_days: Counter = field(default_factory=Counter)

    def add(self, other):
        self.counts.update(other.counts)
        self.report_days.update(other.report_days)
        self.completion_days.update(other.completion_days)


def _sum(tallies, keys):
    total = Tally()
    for key in keys:
        if key in tallies:
            total.add(tallies[key])
    return total


class Figures:
    """Every figure of the page for one set of trips."""

    def __init__(self, trips, today, selected_agency=None, link=None):
        self.trips = trips.order_by()
        self.today = today
        self.selected = selected_agency
        self.link = link or (lambda agency_id: "")
        self.by_year = defaultdict(Tally)
        self.by_agency = defaultdict(Tally)
        self.categories = Counter()

    # Queries -----------------------------------------------------------------------

    def joined(self, relation):
        """The trips joined to their records of a relation (trips without any left out).

        Every figure of related records is read from the trip side: SQLite walks the
        trips through a covering index and looks up each trip's rows in the related
        table's (trip, …) index, where `trip_id IN (SELECT …)` from the related side
        built the list of visible trips again for each query (0.3–0.5 s each at
        100,000 trips)."""
        return self.trips.filter(**{f"{relation}__isnull": False})

    def _tally(self, row, counts, days, distribution, how_many):
        """Add a row's counts to its year and its agency, and its days to a distribution."""
        for tallies, key in ((self.by_year, row["year"]), (self.by_agency, row["agency_id"])):
            tally = tallies[key]
            tally.counts.update(counts)
            if days is not None:
                getattr(tally, distribution)[days] += how_many

    def trip_rows(self):
        """One query: trips per year, agency and category, with their reports counted
        and the days from return to report as a distribution."""
        overdue = Trip.objects.report_due(self.today).filter(report_due_date__lt=self.today)
        return (
            self.trips.annotate(
                year=Year("start_date"), days=DaysBetween("report_date", "end_date")
            )
            .values("year", "agency_id", "category", "days")
            .annotate(
                trips=Count("id"),
                on_time=Count("id", filter=Q(report_date__lte=F("report_due_date"))),
                late=Count("id", filter=Q(report_date__gt=F("report_due_date"))),
                overdue=Count("id", filter=Q(pk__in=overdue.values("pk"))),
            )
        )

    def count_trips(self):
        for row in self.trip_rows():
            counts = Counter({k: row[k] for k in ("trips", "on_time", "late", "overdue")})
            counts[f"category:{row['category']}"] = row["trips"]
            self.categories[row["category"]] += row["trips"]
            self._tally(row, counts, row["days"], "report_days", row["trips"])

    def follow_up_rows(self):
        """One query: follow-ups per year and agency of their trip and status, with the
        days from the return to the completion of finished ones as a distribution."""
        overdue = FollowUp.objects.overdue(self.today)
        done_days = Case(
            When(
                follow_ups__status=FollowUp.Status.DONE,
                then=DaysBetween("follow_ups__completed_on", "end_date"),
            ),
            output_field=IntegerField(),
        )
        return (
            self.joined("follow_ups")
            .annotate(year=Year("start_date"), fu_status=F("follow_ups__status"), days=done_days)
            .values("year", "agency_id", "fu_status", "days")
            .annotate(
                n=Count("follow_ups__id"),
                overdue=Count("follow_ups__id", filter=Q(follow_ups__in=overdue.values("pk"))),
            )
        )

    def count_follow_ups(self):
        for row in self.follow_up_rows():
            counts = Counter({"fu_opened": row["n"], "fu_overdue": row["overdue"]})
            counts[f"fu_{row['fu_status']}"] += row["n"]
            self._tally(row, counts, row["days"], "completion_days", row["n"])

    # Tables ------------------------------------------------------------------------

    def year_keys(self):
        years = sorted(y for y in self.by_year if y is not None)
        return years + ([None] if None in self.by_year else [])

    def agency_rows(self, tree):
        """(label, agency ids added up, drill-down agency) for each row of the agency
        tables: the top of the tree, or the chosen agency's own trips and its branches."""
        if self.selected is None:
            rows = [(tree.name(a), tree.subtree(a), a) for a in tree.roots()]
            rows.append((_("No agency"), {None}, None))
        else:
            own = _("%(agency)s (its own trips)") % {"agency": tree.name(self.selected)}
            rows = [(own, {self.selected}, None)]
            rows += [(tree.name(a), tree.subtree(a), a) for a in tree.children[self.selected]]
        tallies = [(label, _sum(self.by_agency, ids), target) for label, ids, target in rows]
        return [row for row in tallies if row[1].counts["trips"]]

    def trips_by_year(self):
        categories = [c for c in Trip.Category if self.categories[c.value]]
        if self.categories[""]:
            categories.append(None)
        columns = [str(c.label) if c else _("No category") for c in categories]
        rows = []
        for year in self.year_keys():
            counts = self.by_year[year].counts
            values = [counts[f"category:{c.value if c else ''}"] for c in categories]
            rows.append(Row(year_label(year), [*values, counts["trips"]]))
        return Table(
            "years",
            _("Trips per year, by category"),
            _("Year"),
            [*columns, _("Total")],
            rows,
            chart=list(range(len(columns))),
        )

    def trips_by_agency(self, tree):
        rows = [
            Row(label, [tally.counts["trips"]], self.link(target) if target else "")
            for label, tally, target in self.agency_rows(tree)
        ]
        return Table(
            "agencies",
            _("Trips per agency"),
            _("Agency"),
            [_("Trips")],
            rows,
            note=_("An agency's figures include the agencies below it; follow a name to see them."),
        )

    def country_rows(self):
        return (
            self.joined("destinations")
            .annotate(country=F("destinations__country"))
            .values("country")
            .annotate(n=Count("id", distinct=True))
        )

    def trips_by_country(self):
        rows = self.country_rows()
        found = sorted(((countries.name(r["country"]), r["n"]) for r in rows), key=lambda r: r[0])
        return RankedTable(
            "countries",
            _("Trips per country"),
            _("Country"),
            [_("Trips")],
            [Row(name, [n]) for name, n in found],
            note=_(
                "A trip to several countries counts once for each. The chart shows the %(n)s "
                "countries with most trips."
            )
            % {"n": CHART_ROWS},
        )

    def region_rows(self):
        region = Case(
            *(
                When(destinations__country__in=codes, then=Value(key))
                for key, codes in region_codes().items()
            ),
            default=Value(""),
            output_field=CharField(),
        )
        return (
            self.joined("destinations")
            .annotate(region=region)
            .values("region")
            .annotate(n=Count("id", distinct=True))
        )

    def trips_by_region(self):
        found = {r["region"]: r["n"] for r in self.region_rows()}
        return Table(
            "regions",
            _("Trips per region"),
            _("Region"),
            [_("Trips")],
            [Row(str(region_label(key)), [found[key]]) for key in region_codes() if key in found],
            note=_("A trip to several regions counts once for each."),
        )

    MEETING_GROUPS = {
        "organisations": "meetings__series__organisation_id",
        "series": "meetings__series_id",
    }

    def _meetings_by_year(self, figure):
        """Rows of (group: an organisation or a series, year, trips)."""
        return (
            self.joined("meetings")
            .annotate(group=F(self.MEETING_GROUPS[figure]), year=Year("start_date"))
            .values("group", "year")
            .annotate(n=Count("id", distinct=True))
        )

    def organisations_by_year(self):
        names = {o.pk: str(o) for o in Organisation.objects.all()}
        counts = defaultdict(Counter)
        for row in self._meetings_by_year("organisations"):
            counts[row["year"]][row["group"]] += row["n"]
        present = sorted(
            {o for c in counts.values() for o in c}, key=lambda o: (o is None, names.get(o, ""))
        )
        columns = [names[o] if o is not None else _("No organisation") for o in present]
        years = sorted(y for y in counts if y is not None) + ([None] if None in counts else [])
        rows = [Row(year_label(y), [counts[y][o] for o in present]) for y in years]
        return Table(
            "organisations",
            _("Trips to the meetings of each organisation, per year"),
            _("Year"),
            columns,
            rows,
            chart=list(range(len(columns))),
            note=_("A trip to meetings of several organisations counts once for each."),
        )

    def series_by_year(self):
        names = {s.pk: str(s) for s in MeetingSeries.objects.select_related("organisation")}
        counts = defaultdict(Counter)
        for row in self._meetings_by_year("series"):
            counts[row["group"]][row["year"]] += row["n"]
        years = sorted({y for c in counts.values() for y in c if y is not None})
        ordered = sorted(counts, key=lambda s: (s is None, names.get(s, "")))
        rows = [
            Row(
                names[s] if s is not None else _("No series"),
                [*(counts[s][y] for y in years), sum(counts[s].values())],
            )
            for s in ordered
        ]
        return RankedTable(
            "series",
            _("Trips per meeting series and year"),
            _("Meeting series"),
            [*(year_label(y) for y in years), _("Total")],
            rows,
            chart=[len(years)],
            note=_("The chart shows the total of each series; the table shows every year."),
        )

    def people_rows(self):
        """(rows of rank_grade, people and places; the same for all grades together)."""
        delegates = self.joined("delegates")
        counted = {
            "people": Count("delegates__person_id", distinct=True),
            "places": Count("delegates__id"),
        }
        rows = list(
            delegates.annotate(rank_grade=F("delegates__rank_grade"))
            .values("rank_grade")
            .annotate(**counted)
        )
        return rows, delegates.aggregate(**counted)

    def people(self):
        rows, total = self.people_rows()
        grades = {r["rank_grade"]: r for r in rows}
        out = []
        for value, label in [*Person.RankGrade.choices, ("", _("Rank grade not recorded"))]:
            if value in grades:
                row = grades[value]
                out.append(Row(str(label), self._people_values(row)))
        out.append(Row(_("All staff"), self._people_values(total)))
        return Table(
            "people",
            _("Staff who travelled, by rank grade"),
            _("Rank grade"),
            [_("People"), _("Trips taken"), _("Trips per person")],
            out,
            note=_("A person counts once in each rank grade held when travelling."),
            total_row=True,
        )

    @staticmethod
    def _people_values(row):
        per_person = round(row["places"] / row["people"], 2) if row["people"] else None
        return [row["people"], row["places"], per_person]

    def _timeliness_values(self, tally):
        c = tally.counts
        due = c["on_time"] + c["late"] + c["overdue"]
        return [
            due,
            c["on_time"],
            c["late"],
            c["overdue"],
            share(c["on_time"], due),
            median(tally.report_days),
        ]

    def timeliness_columns(self):
        return [
            _("Reports due"),
            _("On time"),
            _("Late"),
            _("Overdue now"),
            _("Share on time (%)"),
            _("Median days to report"),
        ]

    def timeliness_by_year(self):
        rows = [
            Row(year_label(y), self._timeliness_values(self.by_year[y])) for y in self.year_keys()
        ]
        return Table(
            "timeliness-years",
            _("Reports submitted on time, per year"),
            _("Year"),
            self.timeliness_columns(),
            rows,
            chart=[4],
            percent=True,
            note=_(
                "On time: submitted by the due date, three months after the return unless "
                "another date was set. Days to report count from the return date."
            ),
        )

    def timeliness_by_agency(self, tree):
        rows = [
            Row(label, self._timeliness_values(tally), self.link(target) if target else "")
            for label, tally, target in self.agency_rows(tree)
        ]
        return Table(
            "timeliness-agencies",
            _("Reports submitted on time, per agency"),
            _("Agency"),
            self.timeliness_columns(),
            rows,
            chart=[4],
            percent=True,
        )

    def _follow_up_values(self, tally):
        c = tally.counts
        pending = c["fu_open"] + c["fu_in_progress"]
        return [
            c["fu_opened"],
            c["fu_done"],
            c["fu_dropped"],
            pending - c["fu_overdue"],
            c["fu_overdue"],
            median(tally.completion_days),
        ]

    def follow_up_columns(self):
        return [
            _("Opened"),
            _("Completed"),
            _("Dropped"),
            _("Pending, not overdue"),
            _("Overdue"),
            _("Median days to complete"),
        ]

    def follow_ups_by_year(self):
        rows = [
            Row(year_label(y), self._follow_up_values(self.by_year[y])) for y in self.year_keys()
        ]
        return Table(
            "follow-ups-years",
            _("Follow-ups per year"),
            _("Year"),
            self.follow_up_columns(),
            rows,
            chart=[1, 2, 3, 4],
            note=_(
                "Follow-ups count in the year of their trip; days to complete count from "
                "the return date."
            ),
        )

    def follow_ups_by_agency(self, tree):
        rows = [
            Row(label, self._follow_up_values(tally), self.link(target) if target else "")
            for label, tally, target in self.agency_rows(tree)
        ]
        return Table(
            "follow-ups-agencies",
            _("Follow-ups per agency of the trip"),
            _("Agency"),
            self.follow_up_columns(),
            rows,
            chart=[1, 2, 3, 4],
        )

    def recommendation_rows(self):
        return (
            self.trips.filter(lessons__kind=Lesson.Kind.RECOMMENDATION)
            .annotate(adoption_status=F("lessons__adoption_status"))
            .values("adoption_status")
            .annotate(n=Count("lessons__id"))
        )

    def recommendations(self):
        found = {r["adoption_status"]: r["n"] for r in self.recommendation_rows()}
        return Table(
            "recommendations",
            _("Recommendations by adoption status"),
            _("Adoption status"),
            [_("Recommendations")],
            [
                Row(str(label), [found[value]])
                for value, label in Lesson.Adoption.choices
                if value in found
            ],
        )

    # Costs (the trip budgets: one cost line per traveller and item) ------------------

    COST_SUMS = {
        "estimate": Sum("cost_lines__estimated_twd"),
        "actual": Sum("cost_lines__actual_twd"),
        "travellers": Count("cost_lines__traveller_id", distinct=True),
    }

    @staticmethod
    def _cost_values(row):
        estimate, actual = (_twd(row[k]) for k in ("estimate", "actual"))
        travellers = row["travellers"]
        return [
            estimate,
            actual,
            travellers,
            round(estimate / travellers) if travellers and estimate is not None else None,
            round(actual / travellers) if travellers and actual is not None else None,
        ]

    def cost_columns(self):
        return [
            _("Estimate (TWD)"),
            _("Actual (TWD)"),
            _("Travellers"),
            _("Estimate per traveller (TWD)"),
            _("Actual per traveller (TWD)"),
        ]

    def cost_year_rows(self):
        return (
            self.joined("cost_lines")
            .annotate(year=Year("start_date"))
            .values("year")
            .annotate(**self.COST_SUMS)
        )

    def costs_by_year(self):
        found = {r["year"]: r for r in self.cost_year_rows()}
        years = sorted(y for y in found if y is not None) + ([None] if None in found else [])
        return Table(
            "costs-years",
            _("Cost per year and per traveller, estimate and actual"),
            _("Year"),
            self.cost_columns(),
            [Row(year_label(y), self._cost_values(found[y])) for y in years],
            chart=[0, 1],
            grouped=True,
            note=_(
                "From the trip budgets. The actual cost counts the lines settled so far; "
                "travellers are the delegation members with a cost line."
            ),
        )

    def cost_country_rows(self):
        return (
            self.joined("cost_lines")
            .filter(destinations__isnull=False)
            .annotate(country=F("destinations__country"))
            .values("country")
            .annotate(**self.COST_SUMS)
        )

    def costs_by_country(self):
        found = sorted(
            ((countries.name(r["country"]), r) for r in self.cost_country_rows()),
            key=lambda pair: pair[0],
        )
        return RankedTable(
            "costs-countries",
            _("Cost per country, estimate and actual"),
            _("Country"),
            self.cost_columns(),
            [Row(name, self._cost_values(r)) for name, r in found],
            chart=[0, 1],
            grouped=True,
            note=_("A trip to several countries counts its whole cost for each."),
        )


def _twd(amount):
    """A sum of money as whole New Taiwan dollars (None when there is nothing to add)."""
    return None if amount is None else int(amount.quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Section:
    title: str
    tables: list


def build_figures(trips, today, selected_agency=None, link=None, counts=None):
    """Every table of the statistics page, in sections in page order: added up from
    `counts` (the StatisticsCount rows of the visible trips and the filters, see
    summed.py) when given, else counted from `trips`."""
    if counts is not None:
        from .summed import SummedFigures

        figures = SummedFigures(counts, today, selected_agency, link)
    else:
        figures = Figures(trips, today, selected_agency, link)
    figures.count_trips()
    figures.count_follow_ups()
    tree = AgencyTree()
    return [
        Section(
            _("Trips"),
            [
                figures.trips_by_year(),
                figures.trips_by_agency(tree),
                figures.trips_by_country(),
                figures.trips_by_region(),
                figures.organisations_by_year(),
                figures.series_by_year(),
            ],
        ),
        Section(_("People"), [figures.people()]),
        Section(
            _("Timeliness of reports"),
            [figures.timeliness_by_year(), figures.timeliness_by_agency(tree)],
        ),
        Section(_("Costs"), [figures.costs_by_year(), figures.costs_by_country()]),
        Section(
            pgettext("statistics", "Results"),
            [
                figures.follow_ups_by_year(),
                figures.follow_ups_by_agency(tree),
                figures.recommendations(),
            ],
        ),
    ]
