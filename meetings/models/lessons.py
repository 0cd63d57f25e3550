"""What a delegation learned (心得) and recommended (建議)."""

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..signals import trips_changed
from .base import Ordered, add_months
from .trips import Trip

REVIEW_INTERVAL_MONTHS = 6


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(trip__in=Trip.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(trip__in=Trip.objects.editable_by(user))

    def recommendations(self):
        return self.filter(kind=Lesson.Kind.RECOMMENDATION)

    def awaiting_decision(self):
        return self.recommendations().filter(adoption_status=Lesson.Adoption.PROPOSED)

    def fill_review_dates(self):
        """Give unsettled recommendations written in bulk (where `save` did not run)
        their first review date; returns how many were filled."""
        missing = list(self.under_review().filter(review_date__isnull=True).select_related("trip"))
        for lesson in missing:
            lesson.review_date = add_months(lesson.review_start(), REVIEW_INTERVAL_MONTHS)
        return self.model.objects.bulk_update(missing, ["review_date"], batch_size=500)

    def under_review(self):
        """Recommendations not settled yet: proposed or adopted."""
        return self.recommendations().filter(adoption_status__in=Lesson.UNDER_REVIEW)


class Lesson(Ordered):
    """An observation or a recommendation of the report."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation (心得)")
        RECOMMENDATION = "recommendation", _("Recommendation (建議)")

    class Adoption(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    UNDER_REVIEW = (Adoption.PROPOSED, Adoption.ADOPTED)

    trip = models.ForeignKey(
        Trip, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("trip")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.OBSERVATION
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    adoption_status = models.CharField(
        _("adoption status"), max_length=12, choices=Adoption.choices, blank=True
    )
    adoption_note = models.TextField(_("adoption note"), blank=True)
    review_date = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("Recommendations are reviewed every six months until settled."),
    )

    history = HistoricalRecords()
    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons and recommendations")
        ordering = ["trip", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="recommendation") | models.Q(adoption_status=""),
                name="lesson_only_recommendations_adopted",
            ),
        ]
        indexes = [
            # Recommendations page: by status and review date.
            models.Index(
                fields=["kind", "adoption_status", "review_date"], name="lesson_adoption_idx"
            ),
            # Statistics page, recommendations by adoption status (figures.py).
            models.Index(
                fields=["trip", "kind", "adoption_status"], name="lesson_trip_adoption_idx"
            ),
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def save(self, *args, **kwargs):
        if self.kind == self.Kind.RECOMMENDATION and not self.adoption_status:
            self.adoption_status = self.Adoption.PROPOSED
        if self.kind == self.Kind.OBSERVATION:
            self.adoption_status = ""
        if self.adoption_status in self.UNDER_REVIEW and self.review_date is None:
            self.review_date = add_months(self.review_start(), REVIEW_INTERVAL_MONTHS)
        elif self.adoption_status not in self.UNDER_REVIEW:
            self.review_date = None
        super().save(*args, **kwargs)

    def review_start(self):
        """The first review counts from the report date, else from today."""
        report_date = self.trip.report_date if self.trip_id else None
        return report_date or timezone.localdate()


@receiver(trips_changed)
def fill_review_dates_after_bulk_write(sender, trip_ids=(), **kwargs):
    Lesson.objects.filter(trip_id__in=trip_ids).fill_review_dates()
