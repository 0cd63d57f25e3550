"""Forms and filters of the follow-up and recommendation pages."""

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegates.models import Agency, Person
from portal.uploads import validate_upload

from .models import FollowUp, Lesson, MeetingSeries
from .models.names import names_seen_by


def owners_seen_by(request):
    """People who own a follow-up the user may see: the owner of a follow-up of
    another agency's restricted trip is not offered (the name would tell of it)."""
    if request is None:
        return Person.objects.none()
    owners = FollowUp.objects.visible_to(request.user).values("owner_person")
    return Person.objects.filter(pk__in=owners).only("id", "name")


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FollowUp.Status.choices, empty_label=_("Any status")
    )
    owner_person = django_filters.ModelChoiceFilter(
        label=_("Responsible person"),
        queryset=owners_seen_by,
        empty_label=_("Anyone"),
    )
    owner_agency = django_filters.ModelChoiceFilter(
        label=_("Responsible agency"),
        queryset=names_seen_by(Agency),
        empty_label=_("Any agency"),
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Meeting series"),
        field_name="meeting__series",
        queryset=names_seen_by(MeetingSeries, "organisation"),
        empty_label=_("Any series"),
    )
    due_after = django_filters.DateFilter(
        label=_("Due from"),
        field_name="due_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_before = django_filters.DateFilter(
        label=_("Due until"),
        field_name="due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(
        label=_("Mine only"), method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue(timezone.localdate())
        return queryset

    def filter_mine(self, queryset, name, value):
        if value:
            return queryset.owned_by(self.request.user)
        return queryset


class RecommendationFilter(django_filters.FilterSet):
    adoption_status = django_filters.ChoiceFilter(
        label=_("Adoption status"),
        choices=Lesson.Adoption.choices,
        empty_label=_("Any status"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        field_name="trip__agency",
        queryset=names_seen_by(Agency),
        empty_label=_("Any agency"),
    )
    review_before = django_filters.DateFilter(
        label=_("Review due by"),
        field_name="review_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Lesson
        fields = []


class StatusChangeForm(forms.Form):
    """A step in a follow-up's timeline. `version` is the follow-up's last save
    time when the form was shown, to refuse overwriting someone else's change."""

    status = forms.ChoiceField(label=_("New status"), choices=FollowUp.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: what happened, and why the status changes."),
        error_messages={"required": _("Write a note saying what happened.")},
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the follow-up is done."),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("Optional, up to 20 MB: PDF, DOCX, XLSX, an image or plain text."),
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == FollowUp.Status.DONE
            and not (cleaned.get("outcome") or "").strip()
        ):
            self.add_error("outcome", _("A finished follow-up needs its outcome."))
        return cleaned


class RecommendationStatusForm(forms.Form):
    adoption_status = forms.ChoiceField(label=_("Adoption status"), choices=Lesson.Adoption.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReassignForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("New owner (person)"),
        queryset=Person.objects.select_related("agency"),
        required=False,
    )
    agency = forms.ModelChoiceField(
        label=_("New owner (agency)"), queryset=Agency.objects.all(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # Not a person known only through another agency's restricted trips.
            people = self.fields["person"].queryset
            self.fields["person"].queryset = people.visible_to(user)
            self.fields["agency"].queryset = Agency.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("agency"):
            raise forms.ValidationError(_("Choose a person or an agency as the new owner."))
        return cleaned


class PostponeForm(forms.Form):
    new_due_date = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    days = forms.IntegerField(
        label=_("Or postpone by this many days"), required=False, min_value=1, max_value=3650
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("new_due_date") and not cleaned.get("days"):
            raise forms.ValidationError(_("Give a new due date or a number of days."))
        return cleaned


class ReminderLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of reminder e-mails"), choices=settings.LANGUAGES
    )
