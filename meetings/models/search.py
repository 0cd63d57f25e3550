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
        # One-letter codes: the kind is stored in each of the 1.8 million rows of a
        # 100,000-trip index, where the words cost 11 MB (migration 0018).
        TITLE = "t", _("Title")
        SUMMARY = "s", _("Summary")
        KEYWORDS = "k", _("Keywords")
        PURPOSE = "p", _("Purposes")
        SECTION = "r", _("Report section")
        MEETING = "m", _("Meeting")
        AGENDA = "a", _("Agenda item")
        MINUTES = "n", _("Minutes")
        DECISION = "d", _("Decision")
        FOLLOW_UP = "f", _("Follow-up")
        LESSON = "l", _("Lesson or recommendation")
        ATTACHMENT = "x", _("Attachment")
        DELEGATE = "g", _("Delegation")

    # No index on SQLite, where an entry's id names its trip (meetings.search.store
    # entry_id: a trip's entries are one id range) and the index cost 24 MB at
    # 100,000 trips. Entries are removed with their trip by the search receivers
    # (the engine's index must be told), so the cascade has nothing left to do.
    trip = models.ForeignKey(
        Trip, on_delete=models.DO_NOTHING, related_name="search_entries", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=500, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        # The id starts with the trip id: ordering by it groups a trip's entries.
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.location}".strip()
