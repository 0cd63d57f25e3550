"""The search index: one row per searchable piece of a trip's records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .trips import Trip


class SearchEntry(models.Model):
    """A searchable piece of a trip (its title, a minutes block, a lesson…).

    The engines index the text's terms (see `meetings.search.tokens`) without keeping
    a copy of them: a contentless FTS5 table keyed by the entry's id on SQLite, a
    tsvector column with a GIN index on PostgreSQL (migrations 0010 and 0011). Rows
    and their index are written only by `meetings.search.index`, never by hand.
    """

    class Kind(models.TextChoices):
        TITLE = "title", _("Title")
        SUMMARY = "summary", _("Summary")
        KEYWORDS = "keywords", _("Keywords")
        PURPOSE = "purpose", _("Purposes")
        SECTION = "section", _("Report section")
        MEETING = "meeting", _("Meeting")
        AGENDA = "agenda", _("Agenda item")
        MINUTES = "minutes", _("Minutes")
        DECISION = "decision", _("Decision")
        FOLLOW_UP = "follow_up", _("Follow-up")
        LESSON = "lesson", _("Lesson or recommendation")
        ATTACHMENT = "attachment", _("Attachment")
        DELEGATE = "delegate", _("Delegation")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="search_entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=500, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["trip", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.location}".strip()
