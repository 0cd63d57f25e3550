"""Before and after the journey: the plan's timeline, itinerary and budget, the
per-diem rate table, and the review of the report (出國報告審核)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .base import Ordered
from .trips import Delegate, Trip

MONEY = {"max_digits": 14, "decimal_places": 2}


class TripTransition(models.Model):
    """One step of a trip through its lifecycle: who moved it, when, and why."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("from"), max_length=20, choices=Trip.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Trip.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("trip transition")
        verbose_name_plural = _("trip timeline")
        ordering = ["trip", "at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ItinerarySegment(Ordered):
    """One leg or day of the itinerary (行程表), in local times."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="itinerary")
    date = models.DateField(_("date"))
    origin = models.CharField(_("from"), max_length=120, blank=True)
    destination = models.CharField(_("to"), max_length=120, blank=True)
    transport = models.CharField(
        _("means and number"), max_length=120, blank=True, help_text=_("e.g. flight BR 87.")
    )
    departure_time = models.TimeField(_("departure (local)"), null=True, blank=True)
    departure_zone = models.CharField(
        _("departure time zone"), max_length=64, blank=True, help_text=_("e.g. Asia/Taipei.")
    )
    arrival_time = models.TimeField(_("arrival (local)"), null=True, blank=True)
    arrival_zone = models.CharField(_("arrival time zone"), max_length=64, blank=True)
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    activity = models.TextField(_("programme of the day"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("itinerary segment")
        verbose_name_plural = _("itinerary")
        ordering = ["trip", "date", "order", "id"]

    def __str__(self):
        places = "–".join(p for p in (self.origin, self.destination) if p)
        return f"{self.date} {places}".strip()

    def clean(self):
        from zoneinfo import available_timezones

        zones = available_timezones()
        for name in ("departure_zone", "arrival_zone"):
            if getattr(self, name) and getattr(self, name) not in zones:
                raise ValidationError({name: _("Unknown time zone; write e.g. Asia/Taipei.")})


class PerDiemRate(models.Model):
    """A daily allowance (生活費日支數額) of the official table, as imported by an
    administrator. The portal ships none: amounts come only from the table."""

    country = CountryField(_("country"))
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("Empty for 'other cities'.")
    )
    daily_amount = models.DecimalField(_("daily amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    effective_from = models.DateField(_("effective from"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("per-diem rate")
        verbose_name_plural = _("per-diem rates")
        ordering = ["country", "city", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "city", "effective_from"], name="perdiem_unique_rate"
            ),
            models.CheckConstraint(
                condition=models.Q(daily_amount__gt=0), name="perdiem_amount_positive"
            ),
        ]

    def __str__(self):
        city = self.city or _("other cities")
        return f"{self.country.name} {city}: {self.daily_amount} {self.currency}"


class CostLine(models.Model):
    """One budget line of a traveller: estimated before, actual after the trip."""

    class Item(models.TextChoices):
        AIRFARE = "airfare", _("Airfare (機票)")
        LIVING = "living", _("Living allowance (生活費)")
        OFFICE = "office", _("Office expenses (辦公費)")
        INSURANCE = "insurance", _("Insurance (保險)")
        REGISTRATION = "registration", _("Registration fee (註冊費)")
        OTHER = "other", _("Other (其他)")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="cost_lines")
    traveller = models.ForeignKey(
        Delegate,
        verbose_name=_("traveller"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cost_lines",
    )
    item = models.CharField(_("item"), max_length=12, choices=Item.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    estimated_twd = models.DecimalField(_("estimate (TWD)"), **MONEY)
    foreign_amount = models.DecimalField(_("foreign amount"), null=True, blank=True, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    exchange_rate = models.DecimalField(
        _("exchange rate"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    # A per-diem line: days × the rate of the table, and what that came to.
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    per_diem_rate = models.ForeignKey(
        PerDiemRate,
        verbose_name=_("per-diem rate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_twd = models.DecimalField(
        _("computed (TWD)"), null=True, blank=True, editable=False, **MONEY
    )
    override_reason = models.CharField(_("reason for a changed amount"), max_length=300, blank=True)
    actual_twd = models.DecimalField(_("actual (TWD)"), null=True, blank=True, **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("budget")
        ordering = ["trip", "traveller", "item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_twd__gte=0), name="costline_estimate_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()} {self.estimated_twd}"

    @property
    def variance(self):
        if self.actual_twd is None:
            return None
        return self.actual_twd - self.estimated_twd

    @property
    def overridden(self):
        return self.computed_twd is not None and self.computed_twd != self.estimated_twd

    def clean(self):
        if self.foreign_amount is not None and not (self.exchange_rate and self.currency):
            raise ValidationError(
                {"exchange_rate": _("A foreign amount needs its currency and exchange rate.")}
            )
        if self.overridden and not self.override_reason.strip():
            raise ValidationError(
                {
                    "override_reason": _(
                        "The estimate differs from days × the per-diem rate: give the reason."
                    )
                }
            )


class ReportReview(models.Model):
    """One round of review of a submitted report (出國報告審核表)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    revision_due = models.DateField(_("revise by"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        ordering = ["trip", "round"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "round"], name="review_unique_round"),
        ]

    def __str__(self):
        return f"{self.trip} #{self.round}"


class ReviewItem(Ordered):
    """One line of the checklist: what the portal found, and what the reviewer says."""

    class Check(models.TextChoices):
        PURPOSE = "purpose", _("The report states its purpose (目的)")
        PROCESS = "process", _("The report states its process (過程)")
        REFLECTIONS = (
            "reflections",
            _("The report states reflections and recommendations (心得及建議)"),
        )
        SUMMARY_SHEET = "summary_sheet", _("The summary sheet (提要) is complete")
        SUMMARY_LENGTH = "summary_length", _("The summary is 200–300 characters long")
        KEYWORDS = "keywords", _("Keywords are given")
        ATTACHMENTS = "attachments", _("The attachments listed are attached")

    review = models.ForeignKey(ReportReview, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("item"), max_length=30, choices=Check.choices)
    auto_result = models.BooleanField(_("automatic check"), null=True)
    evidence = models.TextField(_("evidence"), blank=True)
    result = models.BooleanField(_("reviewer's result"), null=True)
    note = models.CharField(_("reviewer's note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["review", "order"]

    def __str__(self):
        return self.get_key_display()

    @property
    def overridden(self):
        return (
            self.result is not None
            and self.auto_result is not None
            and (self.result != self.auto_result)
        )


def budget_totals(lines):
    """(estimated, actual, variance) sums of cost lines; actual sums only known lines."""
    estimated = sum((line.estimated_twd for line in lines), Decimal("0"))
    actual_lines = [line for line in lines if line.actual_twd is not None]
    actual = sum((line.actual_twd for line in actual_lines), Decimal("0"))
    known = sum((line.estimated_twd for line in actual_lines), Decimal("0"))
    return estimated, (actual if actual_lines else None), (actual - known if actual_lines else None)
