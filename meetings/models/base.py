"""Pieces shared by the meeting models."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def end_not_before_start(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(end_date__isnull=True)
        | models.Q(start_date__isnull=True)
        | models.Q(end_date__gte=models.F("start_date")),
        name=f"{prefix}_end_not_before_start",
    )


def check_dates(instance):
    """The Python side of `end_not_before_start`, for forms."""
    if instance.start_date and instance.end_date and instance.end_date < instance.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class Ordered(models.Model):
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
