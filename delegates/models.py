"""Agencies (a tree: ministry › administration › branch) and the people who travel."""

from django.conf import settings
from django.db import connections, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgencyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agencies the user may see (the derived-names rule, meetings/models/names.py).

        An agency made by importing a report (its sending agency, a traveller's or a
        follow-up's agency) exists because of that trip: one used only by trips the
        user may not see is hidden too. An agency of the tree (one with branches), of
        a person with a log-in, or of the user's own scope stays visible.
        """
        from meetings.models import Delegate, FollowUp, Trip
        from meetings.models.names import derived_visibility

        from .access import agency_scope_ids

        condition = derived_visibility(
            user,
            [
                (Trip, "agency", ""),
                (Delegate, "agency", "trip__"),
                (FollowUp, "owner_agency", "trip__"),
            ],
        )
        if condition is None:
            return self
        if not user.is_authenticated:
            return self.none()
        branches = Agency.objects.filter(parent=models.OuterRef("pk"))
        staff = Person.objects.filter(agency=models.OuterRef("pk"), user__isnull=False)
        # The cheap conditions first: the OR stops at the first that holds, and the
        # top of the tree, which sends no trips itself, would otherwise have every
        # trip read (PostgreSQL scans the table for a value its statistics call common).
        return self.filter(
            models.Q(pk__in=agency_scope_ids(user))
            | models.Q(models.Exists(branches))
            | models.Q(models.Exists(staff))
            | condition
        )

    def descendant_ids(self, agency_id):
        """The ids of an agency and every agency below it in the tree, in one query
        (a recursive one: a query per level of the tree cost every page two or three;
        UNION, not UNION ALL, so that a loop in the tree ends too)."""
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE below(id) AS (SELECT id FROM {table} WHERE id = %s UNION "
                f"SELECT a.id FROM {table} a JOIN below b ON a.parent_id = b.id) "
                "SELECT id FROM below",
                [agency_id],
            )
            return {agency_id} | {row[0] for row in cursor.fetchall()}


class Agency(models.Model):
    """A government agency, placed in its hierarchy (財政部 › 財政部關務署 › 臺北關)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example 關務署.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="agency_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("delegates:agency-detail", args=[self.pk])

    def ancestors(self):
        """This agency's parents, nearest first (guards against cycles)."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    @property
    def path(self):
        return " › ".join(a.name for a in reversed([self, *self.ancestors()]))

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.pk and any(a.pk == self.pk for a in self.ancestors()):
            raise ValidationError({"parent": _("An agency cannot be placed under itself.")})


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """People a user may look up: the staff of every agency (the agency pages list
        them), and people outside any agency (foreign delegates, experts) only through
        a trip the user may see or a follow-up of one; such a person is known only by
        the trips they joined, so one who joined only restricted trips of another
        agency stays hidden."""
        from meetings.models import Delegate, FollowUp
        from meetings.models.trips import trip_visibility

        if not user.is_authenticated:
            return self.none()
        condition = trip_visibility(user, "trip__")
        if condition is None:
            return self
        joined = Delegate.objects.filter(condition, person=models.OuterRef("pk"))
        owns = FollowUp.objects.filter(condition, owner_person=models.OuterRef("pk"))
        return self.filter(
            models.Q(agency__isnull=False) | models.Exists(joined) | models.Exists(owns)
        )


class Person(models.Model):
    """Somebody who travels or answers for a report; optionally a portal user."""

    class RankGrade(models.TextChoices):
        SENIOR = "senior", _("Senior rank (簡任)")
        JUNIOR = "junior", _("Junior rank (薦任)")
        ELEMENTARY = "elementary", _("Elementary rank (委任)")
        OTHER = "other", _("Other")

    # "name" and "title" of a person need their own translations (姓名, 職稱), distinct
    # from the name and title of an agency or a meeting.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=100, blank=True)
    rank_grade = models.CharField(
        _("rank grade"), max_length=12, choices=RankGrade.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("The portal account of this person; gives the account its agency."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "agency"], name="person_unique_name_per_agency"
            ),
        ]
        indexes = [
            # Matching imported travellers by name.
            models.Index(fields=["name"], name="person_name_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.agency})" if self.agency_id else self.name

    def get_absolute_url(self):
        return reverse("delegates:person-detail", args=[self.pk])
