"""Follow-up tasks: what must happen after the meeting, by whom and by when."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency, Person
from portal.uploads import validate_upload

from ..concurrency import bump_version
from .base import Ordered
from .meetings import Decision, Meeting
from .trips import Trip


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(trip__in=Trip.objects.visible_to(user))

    def editable_by(self, user):
        """Follow-ups owned by, or sent from, the editor's agency scope."""
        from delegates.access import is_editor

        if is_portal_admin(user):
            return self
        if not is_editor(user):
            return self.none()
        scope = agency_scope_ids(user)
        return self.filter(
            models.Q(owner_agency_id__in=scope)
            | models.Q(owner_person__agency_id__in=scope)
            | models.Q(trip__agency_id__in=scope)
        )

    def owned_by(self, user):
        """Follow-ups the user answers for: as the owner person, or through the
        owner agency being the user's own agency."""
        from delegates.access import user_agency

        if not user.is_authenticated:
            return self.none()
        mine = models.Q(owner_person__user=user)
        agency = user_agency(user)
        if agency is not None:
            mine |= models.Q(owner_agency=agency)
        return self.filter(mine)

    def of_agencies(self, agency_ids):
        """Follow-ups owned by, or coming from a trip of, one of these agencies."""
        return self.filter(
            models.Q(owner_agency_id__in=agency_ids)
            | models.Q(owner_person__agency_id__in=agency_ids)
            | models.Q(trip__agency_id__in=agency_ids)
        )

    def by_due_date(self):
        """Soonest due first; follow-ups without a due date last."""
        return self.order_by(models.F("due_date").asc(nulls_last=True), "id")

    def pending(self):
        return self.filter(status__in=FollowUp.PENDING)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.pending().filter(due_date__lt=today)

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.pending().filter(
            due_date__gte=today, due_date__lte=today + timezone.timedelta(days=days)
        )


class FollowUp(Ordered):
    """An action to be taken after a meeting (會後執行事項, 後續辦理, 待辦)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    PENDING = (Status.OPEN, Status.IN_PROGRESS)

    trip = models.ForeignKey(
        Trip, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("trip")
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    description = models.TextField(_("description"))
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        help_text=_("Who of our side answers for the follow-up (optional)."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        help_text=_("The agency of our side that answers for the follow-up."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    owner_text = models.CharField(
        _("counterpart"),
        max_length=200,
        blank=True,
        help_text=_("The party named in the report, as written, such as “APEC 秘書處”."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_file = models.FileField(
        _("evidence file"),
        upload_to="evidence/%Y/",
        blank=True,
        max_length=300,
        validators=[validate_upload],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Incremented by every save; edit forms refuse to save over a newer version.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="followup_done_has_completion_date",
            ),
        ]
        indexes = [
            # "My follow-ups" and overdue lists: pending ones by due date.
            models.Index(fields=["status", "due_date"], name="followup_status_due_idx"),
            # The search's "has open follow-ups" filter: the trips of pending ones
            # without scanning every follow-up.
            models.Index(fields=["status", "trip"], name="followup_status_trip_idx"),
            # Follow-up changelist in its default order (due date): no sort of every row.
            models.Index(fields=["due_date", "id"], name="followup_due_idx"),
            models.Index(fields=["owner_agency", "status"], name="followup_owner_agency_idx"),
            models.Index(fields=["owner_person", "status"], name="followup_owner_person_idx"),
            # Statistics page, follow-ups per year and agency (figures.py,
            # count_follow_ups): each trip's follow-ups without reading their rows.
            models.Index(
                fields=["trip", "status", "due_date", "completed_on"],
                name="followup_trip_status_idx",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def owner_display(self):
        """Who of our side answers for it: the responsible person, else the agency
        (never the counterpart, the other party the report names)."""
        if self.owner_person_id:
            return self.owner_person.name
        if self.owner_agency_id:
            return self.owner_agency.name
        return ""

    @property
    def is_overdue(self):
        return (
            self.status in self.PENDING
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    def clean(self):
        if self.status == self.Status.DONE and not self.completed_on:
            self.completed_on = timezone.localdate()
        if self.status != self.Status.DONE and self.completed_on and self.status in self.PENDING:
            raise ValidationError(
                {"completed_on": _("Only a finished follow-up has a completion date.")}
            )

    def save(self, *args, **kwargs):
        if self.status == self.Status.DONE and not self.completed_on:
            self.completed_on = timezone.localdate()
        bump_version(self, kwargs)
        super().save(*args, **kwargs)


class FollowUpEvent(models.Model):
    """One step in a follow-up's timeline: a status change with its note."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    old_status = models.CharField(
        _("previous status"), max_length=12, choices=FollowUp.Status.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=12, choices=FollowUp.Status.choices)
    note = models.TextField(_("note"))
    file = models.FileField(
        _("file"),
        upload_to="evidence/%Y/",
        blank=True,
        max_length=300,
        validators=[validate_upload],
    )

    class Meta:
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up timeline")
        ordering = ["follow_up", "at", "id"]

    def __str__(self):
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"
