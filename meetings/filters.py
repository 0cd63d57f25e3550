"""Filters of the trip list: everything a reader narrows the list by, kept in the URL.

The querysets handed in are already limited to what the user may see; the choices
offered (countries) come from visible trips only, so a restricted trip of another
agency does not even show through a country name.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from delegates.models import Agency

from .models import Destination, FollowUp, Meeting, MeetingSeries, Trip
from .models.names import names_seen_by
from .models.trips import countries_visited

# Years below this are ROC years (民國 111 年 is 2022).
ROC_OFFSET = 1911
# Words of the title filter that count: each is one condition, and a pasted paragraph
# of hundreds of words would build a query the database refuses (SQLite stops at an
# expression depth of 1000).
MAX_TITLE_WORDS = 10


def to_ad_year(year):
    """A year as typed by a reader: 111 (ROC) or 2022 (AD) both mean 2022."""
    return year + ROC_OFFSET if year < ROC_OFFSET else year


class TripFilter(django_filters.FilterSet):
    SORT_NEWEST = "newest"
    SORT_OLDEST = "oldest"

    q = django_filters.CharFilter(
        label=_("Title contains"), method="filter_text", widget=forms.TextInput({"type": "search"})
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Trip.Category.choices, empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Trip.Status.choices, empty_label=_("All statuses")
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        min_value=1,
        max_value=9998,
        help_text=_("AD or ROC year: 2022 or 111."),
        widget=forms.NumberInput({"aria-describedby": "id_year-help"}),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=names_seen_by(Agency),
        method="filter_agency",
        empty_label=_("All agencies"),
        help_text=_("Includes the agencies below it."),
        widget=forms.Select({"aria-describedby": "id_agency-help"}),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", empty_label=_("All countries")
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Meeting series"),
        queryset=names_seen_by(MeetingSeries, "organisation"),
        method="filter_series",
        empty_label=_("All meeting series"),
    )
    open_follow_ups = django_filters.ChoiceFilter(
        label=_("Open follow-ups"),
        method="filter_open_follow_ups",
        choices=[("yes", _("With open follow-ups")), ("no", _("Without open follow-ups"))],
        empty_label=_("Any"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by date"),
        method="sort_by_date",
        choices=[(SORT_NEWEST, _("Newest first")), (SORT_OLDEST, _("Oldest first"))],
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Trip
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["country"].extra["choices"] = sorted(
            ((code, countries.name(code)) for code in self.used_countries() if code),
            key=lambda c: c[1],
        )

    def used_countries(self):
        return countries_visited(self.queryset)

    def filter_text(self, queryset, name, value):
        # Repeated words add nothing; words past the first ten are ignored.
        words = list(dict.fromkeys(value.split()))[:MAX_TITLE_WORDS]
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word)
        return queryset.filter(condition)

    def filter_year(self, queryset, name, value):
        year = to_ad_year(int(value))
        # A date range (rather than __year) lets the start-date index serve the filter.
        return queryset.filter(
            start_date__gte=datetime.date(year, 1, 1), start_date__lt=datetime.date(year + 1, 1, 1)
        )

    def filter_agency(self, queryset, name, value):
        return queryset.filter(agency_id__in=Agency.objects.descendant_ids(value.pk))

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=Destination.objects.filter(country=value).values("trip_id"))

    def filter_series(self, queryset, name, value):
        return queryset.filter(pk__in=Meeting.objects.filter(series=value).values("trip_id"))

    def filter_open_follow_ups(self, queryset, name, value):
        pending = FollowUp.objects.pending().values("trip_id")
        if value == "yes":
            return queryset.filter(pk__in=pending)
        return queryset.exclude(pk__in=pending)

    def sort_by_date(self, queryset, name, value):
        if value == self.SORT_OLDEST:
            return queryset.order_by("start_date", "id")
        return queryset.order_by("-start_date", "-id")


class YearRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and to_ad_year(first) > to_ad_year(last):
            raise forms.ValidationError(_("The first year is after the last year."))
        return data


class StatisticsFilter(TripFilter):
    """The trip list's filters as the statistics page uses them: a range of years
    instead of one, and no title search, status, follow-up or sort filters."""

    q = status = year = open_follow_ups = sort = None
    year_from = django_filters.NumberFilter(
        label=_("From year"),
        method="filter_year_from",
        min_value=1,
        max_value=9998,
        help_text=_("AD or ROC year: 2022 or 111."),
        widget=forms.NumberInput({"aria-describedby": "id_year_from-help"}),
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), method="filter_year_to", min_value=1, max_value=9998
    )

    class Meta(TripFilter.Meta):
        form = YearRangeForm

    def __init__(self, *args, countries=None, **kwargs):
        self.countries = countries
        super().__init__(*args, **kwargs)
        # The years first, as on a report's cover.
        for name in ("year_to", "year_from"):
            self.filters = {name: self.filters.pop(name), **self.filters}

    def used_countries(self):
        """`countries(build)` gives the page's kept list, when it has one."""
        if self.countries is None:
            return super().used_countries()
        return self.countries(lambda: list(super(StatisticsFilter, self).used_countries()))

    # Date ranges (rather than __year) let the start-date indexes serve the filters.
    def filter_year_from(self, queryset, name, value):
        return queryset.filter(start_date__gte=datetime.date(to_ad_year(int(value)), 1, 1))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(start_date__lt=datetime.date(to_ad_year(int(value)) + 1, 1, 1))
