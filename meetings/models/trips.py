"""A trip: the journey, who went, where, and the report that came of it."""

import datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, connections, models
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency, Person
from portal.uploads import validate_upload

from ..concurrency import bump_version
from .base import Ordered, add_months, check_dates, end_not_before_start
from .names import KeywordQuerySet

REPORT_DUE_MONTHS = 3
# Reports whose register deadline passed longer ago than this are not counted down:
# reports imported from years back were mostly uploaded before the portal knew.
REGISTER_WATCH_DAYS = 365


class Keyword(models.Model):
    """A term of the shared keyword vocabulary (關鍵詞)."""

    name = models.CharField(_("keyword"), max_length=120, unique=True)

    objects = KeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def __str__(self):
        return self.name


def trip_visibility(user, path=""):
    """The condition on trips (reached through `path`, e.g. "trip__") that the user may
    see: open trips, plus restricted ones of the user's agency scope. None when the
    user sees every trip.

    Records hanging off a trip filter with it through their join instead of
    `trip_id IN (SELECT id FROM trip WHERE …)`, which SQLite evaluates by reading
    every visible trip first (0.3 s a changelist page at 100,000 trips).
    """
    if not user.is_authenticated:
        return models.Q(**{f"{path}pk__in": []})
    if is_portal_admin(user):
        return None
    return models.Q(**{f"{path}access": Trip.Access.OPEN}) | models.Q(
        **{f"{path}agency_id__in": agency_scope_ids(user)}
    )


# What a list of trips shows (the trip list, search results): `for_list`.
LIST_FIELDS = (
    "id",
    "title",
    "category",
    "start_date",
    "end_date",
    "report_date",
    "status",
    "access",
    "agency__name",
    "agency__short_name",
)


class TripQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Open trips, plus restricted ones of the user's agency scope."""
        if not user.is_authenticated:
            return self.none()
        condition = trip_visibility(user)
        return self if condition is None else self.filter(condition)

    def editable_by(self, user):
        from delegates.access import is_editor

        if is_portal_admin(user):
            return self
        if not is_editor(user):
            return self.none()
        return self.filter(agency_id__in=agency_scope_ids(user))

    def report_due(self, today):
        """Trips back home whose report has not been submitted yet."""
        return self.filter(
            end_date__lt=today, report_date__isnull=True, status__in=Trip.REPORT_OWED
        )

    def register_pending(self, today):
        """Trips back home whose report is not yet in the national register, with a
        deadline in the last REGISTER_WATCH_DAYS or ahead, the nearest deadline first."""
        return self.filter(
            end_date__lt=today,
            register_uploaded_on__isnull=True,
            report_due_date__gte=today - datetime.timedelta(days=REGISTER_WATCH_DAYS),
        ).order_by("report_due_date", "id")

    def for_list(self):
        return self.select_related("agency").only(*LIST_FIELDS)

    def start_dates(self, trip_ids):
        """{trip id: start date} of `trip_ids` (those this queryset holds), in one
        statement with one parameter: a search with too many matches sorts up to 1,000
        trips by date, and an `IN` list of 1,000 ids cost more to build than to run."""
        if not trip_ids:
            return {}
        from ..search.compiled import in_ids

        listed = in_ids(Trip, "id", connections[self.db].vendor, trip_ids)
        query = self.filter(listed).order_by().values_list("pk", "start_date").query
        # Read without the ORM's converters, which cost more than the query itself.
        with connections[self.db].cursor() as cursor:
            cursor.execute(*query.sql_with_params())
            return {
                pk: datetime.date.fromisoformat(day) if isinstance(day, str) else day
                for pk, day in cursor.fetchall()
            }


class Trip(models.Model):
    """One delegation's journey to one or more international meetings (出國報告)."""

    class Category(models.TextChoices):
        STUDY_TOUR = "study_tour", _("Study tour (考察)")
        INSPECTION = "inspection", _("Inspection (視察)")
        VISIT = "visit", _("Visit (訪問)")
        MEETING = "meeting", _("Meeting (開會)")
        NEGOTIATION = "negotiation", _("Negotiation (談判)")
        ADVANCED_STUDY = "advanced_study", _("Advanced study (進修)")
        RESEARCH = "research", _("Research (研究)")
        TRAINING = "training", _("Training (研習)")
        OTHER = "other", _("Other (其他)")

    class Access(models.TextChoices):
        OPEN = "open", _("Open to all staff")
        RESTRICTED = "restricted", _("Restricted to the sending agency")

    class Status(models.TextChoices):
        # The lifecycle (meetings/services/lifecycle.py moves a trip between them).
        DRAFT = "draft", _("Plan drafted")
        SUBMITTED = "submitted", _("Plan submitted")
        RETURNED = "returned", _("Plan returned")
        APPROVED = "approved", _("Approved")
        TRAVELLING = "travelling", _("Travelling")
        REPORT_DUE = "report_due", _("Report due")
        REPORT_SUBMITTED = "report_submitted", _("Report submitted")
        UNDER_REVIEW = "under_review", _("Report under review")
        REPORT_RETURNED = "report_returned", _("Report returned for revision")
        PUBLISHED = "published", _("Published")

    # The states in which a trip back home still owes its report.
    REPORT_OWED = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.APPROVED,
        Status.TRAVELLING,
        Status.REPORT_DUE,
    )

    class Funding(models.TextChoices):
        OWN = "own", _("Own budget")
        HOST = "host", _("Host-funded")
        SHARED = "shared", _("Shared")

    system_id = models.CharField(
        _("system id"),
        max_length=40,
        null=True,
        blank=True,
        help_text=_("系統識別號 of the national report register, when it has one."),
    )
    plan_name = models.CharField(_("plan name"), max_length=300, blank=True)
    # The classification the national register (公務出國報告資訊網) asks for beside the
    # 提要: free text, because the register's code lists change and are not shipped.
    related_project = models.CharField(
        _("related project"),
        max_length=300,
        blank=True,
        help_text=_("相關專案 of the register: the project the trip belongs to, if any."),
    )
    subject_class = models.CharField(
        _("subject classification"),
        max_length=100,
        blank=True,
        help_text=_("主題分類 of the register, as the register lists it."),
    )
    policy_class = models.CharField(
        _("policy classification"),
        max_length=100,
        blank=True,
        help_text=_("施政分類 of the register, as the register lists it."),
    )
    register_uploaded_on = models.DateField(
        _("uploaded to the register on"),
        null=True,
        blank=True,
        help_text=_(
            "When the report was uploaded to the national register; due three months "
            "after the return."
        ),
    )
    title = models.CharField(_("report title"), max_length=500)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("sending agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_title = models.CharField(_("contact title"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    report_date = models.DateField(_("report date"), null=True, blank=True)
    report_due_date = models.DateField(
        _("report due date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for three months after the return date (the national rule)."),
    )
    report_due_overridden = models.BooleanField(default=False, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    has_attachments = models.BooleanField(
        _("has attachments"),
        null=True,
        blank=True,
        help_text=_("Empty when the report does not say."),
    )
    summary = models.TextField(_("summary"), blank=True)
    purposes = models.JSONField(
        _("purposes"), default=list, blank=True, help_text=_("The aims of the trip (目的).")
    )
    keywords = models.ManyToManyField(
        Keyword, verbose_name=_("keywords"), blank=True, related_name="trips"
    )
    access = models.CharField(
        _("access"), max_length=12, choices=Access.choices, default=Access.OPEN
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The plan (出國計畫): its budget and who pays.
    budget_year = models.PositiveSmallIntegerField(
        _("budget year (ROC)"), null=True, blank=True, help_text=_("e.g. 115 for 2026.")
    )
    budget_line = models.CharField(_("budget line (預算科目)"), max_length=200, blank=True)
    funding = models.CharField(
        _("funding source"), max_length=10, choices=Funding.choices, blank=True
    )
    source_file = models.FileField(
        _("original report file"),
        upload_to="reports/%Y/",
        blank=True,
        max_length=300,
        validators=[validate_upload],
    )
    source_text = models.TextField(_("extracted text"), blank=True)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_(
            "Set by the import when fields it was unsure of were left as read; cleared "
            "when an editor marks the trip reviewed."
        ),
    )
    review_fields = models.JSONField(
        _("fields to check"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The fields the import was unsure of and nobody corrected."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Incremented by every save; edit forms refuse to save over a newer version.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["source_text"])
    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system_id"],
                condition=models.Q(system_id__isnull=False),
                name="trip_unique_system_id",
            ),
            end_not_before_start("trip"),
        ]
        indexes = [
            # Trip lists and the admin changelist: newest first. The access and agency
            # columns let SQLite test `visible_to` on the index alone, so a deep page
            # of the trip list (OFFSET 12,475) skips the rows before it without
            # reading them (12 ms → 2 ms at 100,000 trips).
            models.Index(fields=["-start_date", "-id", "access", "agency"], name="trip_start_idx"),
            # Filters by agency (and access checks) combined with date order.
            models.Index(fields=["agency", "-start_date"], name="trip_agency_start_idx"),
            # The trip list's count of the trips a user may see (`visible_to`: access
            # open or agency in scope), alone or semi-joined to a country's or a
            # series' trips: an index-only scan of a narrow index instead of reading
            # the whole trip table (PostgreSQL: 49 ms → 13 ms, with a country
            # 90 ms → 22 ms at 100,000 trips).
            models.Index(fields=["access", "agency", "id"], name="trip_visibility_idx"),
            # Reports due: trips back home without a report date.
            models.Index(fields=["report_due_date"], name="trip_report_due_idx"),
            # The search's access check of a filter's trips (engine._trip_condition)
            # and the trip filters of the search page (years, category), read from
            # this small index, not from the trip rows (SQLite, 100,000 trips: the
            # bounded count of a country's trips 24 ms → 8 ms; the count of the trips
            # of a country since a year 17 ms → 8 ms).
            models.Index(
                fields=["id", "access", "agency", "start_date", "category"],
                name="trip_filter_check_idx",
            ),
            # The dashboard's reports not yet in the national register.
            models.Index(
                fields=["report_due_date"],
                condition=models.Q(register_uploaded_on__isnull=True),
                name="trip_register_pending_idx",
            ),
            # Recognising a re-imported report without a system id.
            models.Index(fields=["title", "start_date"], name="trip_title_start_idx"),
            # Statistics page (meetings/statistics/figures.py, count_trips and every
            # figure read from the trip side): trips grouped by year, agency, category
            # and report dates, read from this covering index instead of the wide rows.
            models.Index(
                fields=[
                    "start_date",
                    "access",
                    "agency",
                    "category",
                    "end_date",
                    "report_date",
                    "report_due_date",
                    "status",
                ],
                name="trip_statistics_idx",
            ),
            # Dashboard and admin filter: trips of an agency still to be reviewed.
            models.Index(
                fields=["agency"],
                condition=models.Q(needs_review=True),
                name="trip_needs_review_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.system_id == "":
            self.system_id = None
        computed = self.computed_report_due_date()
        if self.report_due_date and self.report_due_date != computed:
            self.report_due_overridden = True
        if not self.report_due_date or not self.report_due_overridden:
            self.report_due_date = computed
            self.report_due_overridden = False
        bump_version(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:trip-detail", args=[self.pk])

    def clean(self):
        check_dates(self)
        uploaded = self.register_uploaded_on
        if uploaded and self.end_date and uploaded < self.end_date:
            raise ValidationError(
                {"register_uploaded_on": _("A report cannot be uploaded before the return.")}
            )
        if self.system_id == "":
            self.system_id = None

    def computed_report_due_date(self):
        return add_months(self.end_date, REPORT_DUE_MONTHS) if self.end_date else None

    @property
    def roc_year(self):
        return self.start_date.year - 1911 if self.start_date else None


class Destination(Ordered):
    """A country and city the trip went to (派赴國家, 出國地區)."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="destinations")
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["trip", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "country", "city"], name="destination_unique_place_per_trip"
            ),
        ]
        indexes = [
            # Search filter by country.
            models.Index(fields=["country", "trip"], name="destination_country_idx"),
        ]

    def __str__(self):
        return f"{self.country.name} {self.city}".strip()


def countries_visited(trips):
    """The distinct country codes of the destinations of `trips` (a Trip queryset), in
    code order: what the country drop-downs offer.

    `SELECT DISTINCT country … WHERE trip_id IN (trips)` joins every destination to
    every trip (170 ms on PostgreSQL, 45 ms on SQLite at 100,000 trips). This walks
    destination_country_idx instead, one seek per country (a loose index scan as a
    recursive query): the first code after the previous one that has a destination
    on one of `trips`. About 1 ms on both engines, growing with the number of
    countries, not of trips.
    """
    on_trips = Exists(trips.order_by().filter(pk=OuterRef("trip_id")))
    first = Destination.objects.filter(on_trips).order_by("country").values("country")[:1]
    following = (
        Destination.objects.filter(on_trips, country__gt=RawSQL("visited.country", ()))
        .order_by("country")
        .values("country")[:1]
    )
    try:
        first_sql, first_params = first.query.sql_with_params()
        following_sql, following_params = following.query.sql_with_params()
    except EmptyResultSet:  # `trips` is none() or filtered on an empty list
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE visited(country) AS ("
            f"SELECT * FROM ({first_sql}) AS first_country "
            f"UNION ALL SELECT ({following_sql}) FROM visited WHERE visited.country IS NOT NULL"
            ") SELECT country FROM visited WHERE country IS NOT NULL",
            (*first_params, *following_params),
        )
        return [country for (country,) in cursor.fetchall()]


class Delegate(Ordered):
    """A person's membership of a trip's delegation, with their position at the time."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        MEMBER = "member", _("Member")
        CONTACT = "contact", _("Contact")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="delegations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency at the time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.CharField(_("unit at the time"), max_length=100, blank=True)
    title = models.CharField(_("title at the time"), max_length=100, blank=True)
    rank_grade = models.CharField(
        _("rank grade at the time"), max_length=12, choices=Person.RankGrade.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation")
        ordering = ["trip", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "person"], name="delegate_unique_person"),
        ]
        indexes = [
            # Person page: every trip a person joined.
            models.Index(fields=["person", "trip"], name="delegate_person_idx"),
            # Statistics page, people by rank grade (figures.py, people).
            models.Index(fields=["trip", "rank_grade", "person"], name="delegate_trip_grade_idx"),
        ]

    def __str__(self):
        return f"{self.person.name} – {self.get_role_display()}"

    def save(self, *args, **kwargs):
        # A new membership starts from the person's current position.
        if self._state.adding and self.person_id:
            person = self.person
            self.agency_id = self.agency_id or person.agency_id
            self.unit = self.unit or person.unit
            self.title = self.title or person.title
            self.rank_grade = self.rank_grade or person.rank_grade
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """A numbered attachment of the report (附件), optionally with its file."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(
        _("file"),
        upload_to="attachments/%Y/",
        blank=True,
        max_length=300,
        validators=[validate_upload],
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["trip", "number"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "number"], name="attachment_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.file and self.file.size > settings.MAX_UPLOAD_BYTES:
            raise ValidationError({"file": _("The file is larger than 20 MB.")})


class ReportSection(Ordered):
    """A top-level section of the report body, kept whole so nothing is ever lost."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["trip", "order"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "order"], name="section_unique_order"),
        ]

    def __str__(self):
        return self.heading
