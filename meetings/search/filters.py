"""The search page's form: the query, its filters and the sort order (all GET)."""

import copy
import functools
import html

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from delegates.models import Agency

from ..models import Delegate, Destination, FollowUp, Meeting, MeetingSeries, Organisation, Trip
from ..models.names import name_choices, names_seen_by

ROC_OFFSET = 1911


@functools.cache
def _countries_in(language):
    return [(code, str(name)) for code, name in countries]


def country_choices():
    """The country list, translated and sorted once per language rather than per request."""
    return _countries_in(get_language())


def _escaped(value):
    """`conditional_escape` without its SafeString per call (same text)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class QuickSelect(forms.Select):
    """A <select> rendered in Python: the country list has 250 options, and rendering
    each through the template engine cost more than the whole search. Fixed choice
    lists (`cached="name"`, a name of their own) keep their rendered options per
    language."""

    _rendered = {}

    def __init__(self, *args, cached=None, **kwargs):
        self.cached = cached
        super().__init__(*args, **kwargs)

    def options_html(self):
        key = (get_language(), self.cached) if self.cached else None
        if key in self._rendered:
            return self._rendered[key]
        # One escape per value and label, not format_html per option: the agency,
        # organisation and series lists are a few hundred options on every page.
        html = mark_safe(
            "".join(
                f'<option value="{_escaped(k)}">{_escaped(label)}</option>'
                for k, label in self.choices
            )
        )
        if key:
            self._rendered[key] = html
        return html

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = self.options_html()
        if value not in (None, ""):
            chosen = format_html('<option value="{}">', value)
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe(options))


def ad_year(value):
    """A year as typed: below 1911 it is a ROC year (111 → 2022)."""
    return value + ROC_OFFSET if value < ROC_OFFSET else value


class TripSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search for"),
        method="keep",
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "aria-describedby": "q-help"}
        ),
        help_text=_('Chinese or English. Several words: all of them. "Quotes": a phrase.'),
    )
    year_from = django_filters.NumberFilter(
        label=_("From year"),
        method="filter_year_from",
        help_text=_("AD (2022) or ROC (111)."),
        min_value=1,
        max_value=2999,
        widget=forms.NumberInput(attrs={"min": 1, "max": 2999}),
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"),
        method="filter_year_to",
        min_value=1,
        max_value=2999,
        widget=forms.NumberInput(attrs={"min": 1, "max": 2999}),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        empty_label=_("All countries"),
        method="filter_country",
        widget=QuickSelect(cached="country"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=Trip.Category.choices,
        empty_label=_("All categories"),
        widget=QuickSelect(cached="category"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=names_seen_by(Agency),
        empty_label=_("All agencies"),
        method="filter_agency",
        widget=QuickSelect,
        help_text=_("Includes the agencies below it."),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=names_seen_by(Organisation),
        empty_label=_("All organisations"),
        method="filter_organisation",
        widget=QuickSelect,
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Meeting series"),
        queryset=names_seen_by(MeetingSeries, "organisation"),
        empty_label=_("All meeting series"),
        method="filter_series",
        widget=QuickSelect,
    )
    person = django_filters.CharFilter(label=_("Delegate's name"), method="filter_person")
    open_follow_ups = django_filters.BooleanFilter(
        label=_("Has open follow-ups"),
        method="filter_open_follow_ups",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Date, newest first"))],
        empty_label=None,
        method="keep",
        widget=QuickSelect(cached="sort"),
    )

    class Meta:
        model = Trip
        fields = ["q", "year_from", "year_to", "country", "category", "agency"]

    # The drop-downs of derived names (meetings/models/names.py): their choices depend
    # on the request's user and are given to each form.
    NAME_LISTS = ("agency", "organisation", "series")

    @classmethod
    def _form_class(cls):
        """The form class, built once per process. django-filter builds it on every
        request, with its fields (and the country list's 250 choices), which cost more
        than the search of a rare word. Built without a request, its name lists are
        empty until `form` gives them the user's."""
        if "_built_form_class" not in cls.__dict__:
            fields = {name: f.field for name, f in copy.deepcopy(cls.base_filters).items()}
            cls._built_form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        return cls._built_form_class

    def get_form_class(self):
        return self._form_class()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            user = getattr(self.request, "user", None)
            for name in self.NAME_LISTS:
                field = form.fields[name]
                # The queryset checks a chosen name; the options are its rows, read
                # without building the queryset's SQL again (`name_choices`).
                field.queryset = self.filters[name].get_queryset(self.request)
                if user is not None:
                    source = self.filters[name].queryset
                    names = name_choices(source.model, user, *source.related)
                    head = [] if field.empty_label is None else [("", field.empty_label)]
                    if field.null_label is not None:
                        head.append((field.null_value, field.null_label))
                    field.widget.choices = [*head, *names]
        return self._form

    def fields_html(self):
        """The filters' fields (all but the query) with their labels, help and errors,
        as safe HTML: the markup the page's template wrote for them, in Python, where
        the template's loop cost about a millisecond of every search
        (`tests/search/test_filters_html.py` compares both)."""
        parts = []
        for field in self.form:
            if field.name == "q":
                continue
            label = f'<label for="{_escaped(field.id_for_label)}">{_escaped(field.label)}</label>'
            checkbox = field.name == "open_follow_ups"
            inner = f"{field} {label}" if checkbox else f"{label}{field}"
            help_text = field.help_text
            help_html = f'<p class="help">{_escaped(help_text)}</p>' if help_text else ""
            errors = "".join(f'<p class="field-error">{_escaped(e)}</p>' for e in field.errors)
            parts.append(
                f'\n      <div class="field{" field--checkbox" if checkbox else ""}">'
                f"\n        {inner}\n        {help_html}\n        {errors}\n      </div>"
            )
        return mark_safe("".join(parts))

    FILTERS = (
        "year_from",
        "year_to",
        "country",
        "category",
        "agency",
        "organisation",
        "series",
        "person",
        "open_follow_ups",
    )

    def keep(self, queryset, name, value):
        """`q` and `sort` are applied by the search engine, not as a trip filter."""
        return queryset

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(start_date__year__gte=ad_year(int(value)))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(start_date__year__lte=ad_year(int(value)))

    # Each related filter is `id IN (SELECT trip_id …)`: SQLite builds that list once
    # from the related table's index, where a correlated EXISTS probed it per trip
    # (56 ms against 21 ms for a country over 100,000 trips).
    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=Destination.objects.filter(country=value).values("trip_id"))

    def filter_agency(self, queryset, name, value):
        return queryset.filter(agency_id__in=Agency.objects.descendant_ids(value.pk))

    def filter_organisation(self, queryset, name, value):
        meetings = Meeting.objects.filter(series__organisation=value)
        return queryset.filter(pk__in=meetings.values("trip_id"))

    def filter_series(self, queryset, name, value):
        return queryset.filter(pk__in=Meeting.objects.filter(series=value).values("trip_id"))

    def filter_person(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        people = Delegate.objects.filter(person__name__icontains=value)
        return queryset.filter(pk__in=people.values("trip_id"))

    def filter_open_follow_ups(self, queryset, name, value):
        if not value:
            return queryset
        pending = FollowUp.objects.filter(status__in=FollowUp.PENDING)
        return queryset.filter(pk__in=pending.values("trip_id"))

    @property
    def has_filters(self):
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) not in (None, "", False) for name in self.FILTERS)

    def clean_q(self):
        return (self.form.cleaned_data.get("q") or "").strip() if self.form.is_valid() else ""

    @property
    def sort_by_date(self):
        return self.form.is_valid() and self.form.cleaned_data.get("sort") == "date"
