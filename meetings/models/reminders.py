"""What the portal sends people outside the pages: reminder mails and calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegates.models import Person


def new_calendar_token():
    return secrets.token_urlsafe(32)


class ReminderLog(models.Model):
    """One reminder mail sent to a person on a day; at most one per person per day."""

    recipient = models.ForeignKey(
        Person,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminder_logs",
    )
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    follow_up_count = models.PositiveIntegerField(_("follow-ups mentioned"), default=0)
    report_count = models.PositiveIntegerField(_("reports mentioned"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-date", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "date"], name="reminderlog_one_per_person_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {self.date.isoformat()}"


class ReminderPreference(models.Model):
    """The language a person's reminder mails are written in."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    language = models.CharField(
        _("language of reminder mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        ordering = ["person"]

    def __str__(self):
        return f"{self.person}: {self.language}"


class CalendarToken(models.Model):
    """The secret part of a user's personal calendar feed URL; regenerating it
    invalidates every copy of the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)

    def regenerate(self):
        self.token = new_calendar_token()
        self.save(update_fields=["token", "created_at"])
