"""The statistics page's figures, added up in advance (see meetings/statistics/summary.py).

One row holds how many records of one kind (`figure`) the trips of one group have:
the trips of one year, agency, category and access (restricted or not), with the
figure's own key (a country, a status, a series…). Rows of the `family` "" count every
trip of the group; rows of family "country" count only the group's trips to the
country `family_key`, and rows of family "series" only its trips to meetings of the
series `family_key`, so the page's country and series filters are answered too.
"""

from django.db import models

from .plans import MONEY

SUM = {**MONEY, "max_digits": 18}


class StatisticsCount(models.Model):
    family = models.CharField(max_length=8, blank=True)
    family_key = models.CharField(max_length=20, blank=True)
    # The group: the trips' year (of the start date), agency, category and access.
    year = models.IntegerField(null=True)
    agency_id = models.IntegerField(null=True)
    category = models.CharField(max_length=20, blank=True)
    restricted = models.BooleanField()
    figure = models.CharField(max_length=16)
    key = models.CharField(max_length=40, blank=True)
    person_id = models.IntegerField(null=True)
    # Days from the return to the report, or to the completion of a follow-up.
    days = models.IntegerField(null=True)
    # From this day on, the report (or the pending follow-up) is overdue.
    due = models.DateField(null=True)
    n = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    estimate = models.DecimalField(null=True, **SUM)
    actual = models.DecimalField(null=True, **SUM)

    class Meta:
        indexes = [
            # The page reads each figure of one family from this covering index.
            models.Index(
                fields=[
                    "family",
                    "family_key",
                    "figure",
                    "year",
                    "agency_id",
                    "category",
                    "restricted",
                    "key",
                    "person_id",
                    "days",
                    "due",
                    "n",
                    "on_time",
                    "late",
                ],
                name="statistics_count_idx",
            ),
            models.Index(
                fields=["year", "agency_id", "category", "restricted"], name="statistics_group_idx"
            ),
        ]

    def __str__(self):
        return f"{self.figure} {self.year} {self.agency_id} {self.key}: {self.n}"


class StatisticsTrip(models.Model):
    """The group each trip was last counted in, so that a trip that moved to another
    year, agency, category or access (or was deleted) is taken out of its old group."""

    trip_id = models.IntegerField(primary_key=True)
    year = models.IntegerField(null=True)
    agency_id = models.IntegerField(null=True)
    category = models.CharField(max_length=20, blank=True)
    restricted = models.BooleanField()
    # What the trip's own figures were counted from (see summary.signature): a save
    # that changes none of it (a title, a summary…) counts nothing again.
    signature = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["year", "agency_id", "category", "restricted"],
                name="statistics_trip_group_idx",
            ),
        ]

    def __str__(self):
        return f"{self.trip_id}: {self.year} {self.agency_id} {self.category}"
