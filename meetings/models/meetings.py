"""The meetings of a trip, their agendas, minutes and decisions."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Ordered, check_dates, end_not_before_start
from .names import MeetingSeriesQuerySet, OrganisationQuerySet
from .trips import Trip


class Organisation(models.Model):
    """An international organisation that holds meetings (APEC, WCO, WTO…)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["acronym", "name"]

    def __str__(self):
        return self.acronym or self.name


class MeetingSeries(models.Model):
    """A recurring meeting (APEC SCCP), so the same meeting can be followed across years."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
    )

    objects = MeetingSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["name"]
        indexes = [
            # Matching imported meetings to a series by acronym.
            models.Index(fields=["acronym"], name="series_acronym_idx"),
        ]

    def __str__(self):
        if self.organisation_id and self.acronym:
            return f"{self.organisation} {self.acronym}"
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("meetings:series-detail", args=[self.pk])


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(trip__in=Trip.objects.visible_to(user))


class Meeting(Ordered):
    """One meeting attended during a trip."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")
        VIRTUAL = "virtual", _("Virtual")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    chairs = models.JSONField(_("chairs"), default=list, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["trip", "order", "id"]
        constraints = [
            end_not_before_start("meeting"),
            models.UniqueConstraint(fields=["trip", "order"], name="meeting_unique_order"),
        ]
        indexes = [
            # Series page: its meetings across years in date order.
            models.Index(fields=["series", "start_date"], name="meeting_series_start_idx"),
            # Meeting changelist, newest first: pages are read off the index instead of
            # sorting every meeting (0.8 s for a later page at 60,000 meetings).
            models.Index(fields=["-start_date", "-id"], name="meeting_start_idx"),
            # Statistics page, trips per series and organisation (figures.py,
            # _meetings_by_year): each trip's meetings without reading their rows.
            models.Index(fields=["trip", "series"], name="meeting_trip_series_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.pk])

    def clean(self):
        check_dates(self)


class AgendaItem(Ordered):
    """An agenda item (場次1, 4、, (1)); items nest under a parent item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    label = models.CharField(_("label"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            # Order is unique within the meeting, so the tree reads in one pass.
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_unique_order"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="agenda_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}".strip()


class MinuteBlock(Ordered):
    """A titled block of the minutes (紀要), optionally tied to an agenda item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes",
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("minutes block")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="minutes_unique_order"),
        ]

    def __str__(self):
        return self.title or (self.body[:40] + "…")


class Decision(Ordered):
    """A decision, adoption or endorsement of a meeting (主要決議/採認項目)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="decision_unique_order"),
        ]

    def __str__(self):
        return self.text[:60]
