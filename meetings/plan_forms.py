"""Forms of the trip plan pages: the plan, its itinerary and budget, the lifecycle
buttons, the per-diem estimate, the report upload and the review checklist."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency, Person
from portal.uploads import validate_upload

from .importing.countries import split_destinations
from .models import CostLine, ItinerarySegment, Trip


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    plan_name = forms.CharField(label=_("Plan name (計畫名稱)"), max_length=300)
    category = forms.ChoiceField(label=_("Category"), choices=Trip.Category.choices)
    agency = forms.ModelChoiceField(label=_("Sending agency"), queryset=Agency.objects.none())
    access = forms.ChoiceField(
        label=_("Access"), choices=Trip.Access.choices, initial=Trip.Access.OPEN
    )
    purposes = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One aim per line."),
    )
    destinations = forms.CharField(
        label=_("Destinations"),
        max_length=500,
        help_text=_("As on the summary sheet, e.g. 日本東京、泰國曼谷."),
    )
    start_date = forms.DateField(
        label=_("Departure"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Return"), widget=forms.DateInput(attrs={"type": "date"}))
    people = forms.ModelMultipleChoiceField(
        label=_("Proposed delegation"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("The first person chosen heads the delegation."),
    )
    meeting_titles = forms.CharField(
        label=_("Meetings to attend"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One meeting per line."),
    )
    budget_year = forms.IntegerField(
        label=_("Budget year (ROC)"), min_value=1, max_value=999, required=False
    )
    budget_line = forms.CharField(label=_("Budget line (預算科目)"), max_length=200, required=False)
    funding = forms.ChoiceField(
        label=_("Funding source"), choices=[("", "—"), *Trip.Funding.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.only("id", "name").order_by("name")
        people = Person.objects.only("id", "name").order_by("name")
        if not is_portal_admin(user):
            scope = agency_scope_ids(user)
            agencies = agencies.filter(pk__in=scope)
            people = people.filter(agency_id__in=scope)
        self.fields["agency"].queryset = agencies
        self.fields["people"].queryset = people

    @classmethod
    def initial_for(cls, trip):
        return {
            "version": trip.version,
            "plan_name": trip.plan_name,
            "category": trip.category,
            "agency": trip.agency_id,
            "access": trip.access,
            "purposes": "\n".join(
                p.get("title") or p.get("body") or "" if isinstance(p, dict) else str(p)
                for p in trip.purposes or []
            ),
            "destinations": "、".join(
                f"{d.country.name}{d.city}" for d in trip.destinations.order_by("order")
            ),
            "start_date": trip.start_date,
            "end_date": trip.end_date,
            "people": [d.person_id for d in trip.delegates.order_by("order", "id")],
            "meeting_titles": "\n".join(m.title for m in trip.meetings.order_by("order", "id")),
            "budget_year": trip.budget_year,
            "budget_line": trip.budget_line,
            "funding": trip.funding,
        }

    def clean_destinations(self):
        places = split_destinations(self.cleaned_data["destinations"])
        unknown = [p["city"] for p in places if not p["country"]]
        if unknown or not places:
            raise forms.ValidationError(
                _("Name each destination's country, e.g. 日本東京 (not recognised: %(places)s).")
                % {"places": "、".join(x for x in unknown if x) or "—"}
            )
        return [(p["country"], p["city"] or "") for p in places]

    def clean_meeting_titles(self):
        lines = self.cleaned_data["meeting_titles"].splitlines()
        titles = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        if any(len(title) > 500 for title in titles):
            raise forms.ValidationError(_("A meeting title is longer than 500 characters."))
        return titles

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class VersionForm(forms.Form):
    """What every state change carries: the trip's version the page was loaded with."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionForm):
    action = forms.CharField(max_length=20)
    comment = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PerDiemForm(VersionForm):
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate to TWD"),
        max_digits=12,
        decimal_places=4,
        min_value=0.0001,
        help_text=_("TWD for one unit of the rate's currency, e.g. 32.5 for USD."),
    )


class ReportUploadForm(VersionForm):
    file = forms.FileField(
        label=_("Report file (PDF, DOCX, ODT or TXT)"), validators=[validate_upload]
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class SegmentForm(forms.ModelForm):
    class Meta:
        model = ItinerarySegment
        fields = [
            "date", "origin", "destination", "transport", "departure_time", "departure_zone",
            "arrival_time", "arrival_zone", "hotel", "activity",
        ]  # fmt: skip
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "departure_time": forms.TimeInput(attrs={"type": "time"}),
            "arrival_time": forms.TimeInput(attrs={"type": "time"}),
            "activity": forms.Textarea(attrs={"rows": 2}),
        }


class CostLineForm(forms.ModelForm):
    class Meta:
        model = CostLine
        fields = [
            "traveller", "item", "note", "estimated_twd", "foreign_amount", "currency",
            "exchange_rate", "override_reason", "actual_twd",
        ]  # fmt: skip

    def __init__(self, *args, trip=None, travellers=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["traveller"]
        field.queryset = trip.delegates.all()
        # Rendered from one list for every row: the page's queries do not grow with rows.
        field.choices = [("", "—"), *travellers]


def child_formset(model, form, trip, data=None):
    """The itinerary or budget of a trip as an editable formset (3 empty rows)."""
    FormSet = forms.inlineformset_factory(Trip, model, form=form, extra=3, can_delete=True)
    kwargs = {}
    if form is CostLineForm:
        delegates = trip.delegates.select_related("person").order_by("order", "id")
        travellers = [(d.pk, d.person.name) for d in delegates]
        kwargs = {"form_kwargs": {"trip": trip, "travellers": travellers}}
    queryset = model.objects.filter(trip=trip)
    if model is CostLine:
        queryset = queryset.select_related("traveller__person")
    return FormSet(data, instance=trip, queryset=queryset, **kwargs)
