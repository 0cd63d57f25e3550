"""Acronyms and their Chinese and English names, learnt from the reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .names import GlossaryTermQuerySet
from .trips import Trip


def term_key(text: str) -> str:
    from meetings.search.tokens import normalize

    return " ".join(normalize(text).split())


class GlossaryTerm(models.Model):
    """An acronym with its names, such as WCO = 世界關務組織 = World Customs Organization.

    Extracted from report texts like 世界關務組織(World Customs Organization, WCO);
    search expands a query for any of the three forms to all of them. Editors correct
    a term and mark it verified, after which extraction leaves it alone.
    """

    acronym = models.CharField(_("acronym"), max_length=30)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    source_trip = models.ForeignKey(
        Trip,
        verbose_name=_("found in trip"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked by an editor; report imports no longer change it."),
    )
    acronym_key = models.CharField(max_length=30, editable=False)
    zh_key = models.CharField(max_length=200, editable=False, blank=True)
    en_key = models.CharField(max_length=300, editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(fields=["acronym_key"], name="glossary_unique_acronym"),
        ]
        indexes = [
            # Query expansion: a query term looked up by its Chinese or English name.
            models.Index(fields=["zh_key"], name="glossary_zh_idx"),
            models.Index(fields=["en_key"], name="glossary_en_idx"),
        ]

    def __str__(self):
        return f"{self.acronym} {self.name_zh}".strip()

    def save(self, *args, **kwargs):
        self.acronym = self.acronym.strip()
        self.acronym_key = term_key(self.acronym)
        self.zh_key = term_key(self.name_zh)
        self.en_key = term_key(self.name_en)
        super().save(*args, **kwargs)

    @property
    def forms(self):
        """Every non-empty way of writing this term."""
        return [f for f in (self.acronym, self.name_zh, self.name_en) if f]
