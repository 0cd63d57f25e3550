"""Turn a trip document into records: the one way a report gets into the portal.

`import_document` runs in one transaction: it matches people, agencies, keywords
and meeting series to the records that exist (never duplicating them), creates the
trip and its child records in bulk or, for a report imported before, updates them
(follow-ups, lessons and attachments are merged so that what users recorded on them
stays: `merging.ChildPlan`), keeps the original file and its text with the trip, and
tells the search index after commit (`trips_changed`).
The admin import, the `import_report` command and the first-run bootstrap all go
through it.
"""

import datetime
import os
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from delegates.models import Agency, Person

from ..importing import ReportError, validate_document
from ..importing.acronyms import meeting_acronym, series_acronym
from ..importing.document import check_importable
from ..models import (
    AgendaItem,
    Attachment,
    Decision,
    Delegate,
    Destination,
    FollowUp,
    Keyword,
    Lesson,
    Meeting,
    MeetingSeries,
    MinuteBlock,
    Organisation,
    ReportSection,
    Trip,
)
from ..signals import trips_changed
from ..statistics.summary import counting_deferred, trip_counts_changed
from .exporting import counterpart, export_queryset, responsible_names, trip_to_document
from .import_review import correction_reason
from .merging import MERGED_KEYS, ChildPlan
from .plans import replace_itinerary
from .review import report_submitted

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# Organisations recognised in meeting titles, with the words that name them.
ORGANISATIONS = (
    ("APEC", "Asia-Pacific Economic Cooperation", "亞太經濟合作", ("APEC", "亞太經濟合作")),
    ("WCO", "World Customs Organization", "世界關務組織", ("WCO", "世界關務組織")),
    ("WTO", "World Trade Organization", "世界貿易組織", ("WTO", "世界貿易組織")),
)

# Trip-document text and the model field that stores it, to refuse what does not fit.
_LIMITS = {
    "title": Trip._meta.get_field("title").max_length,
    "plan_name": Trip._meta.get_field("plan_name").max_length,
    "system_id": Trip._meta.get_field("system_id").max_length,
    "agency": Agency._meta.get_field("name").max_length,
    "contact": Trip._meta.get_field("contact_name").max_length,
    "keywords": Keyword._meta.get_field("name").max_length,
    "travelers": Delegate._meta.get_field("title").max_length,
    "destinations": Destination._meta.get_field("city").max_length,
    "meetings": AgendaItem._meta.get_field("label").max_length,
    "follow_ups": FollowUp._meta.get_field("owner_text").max_length,
    "lessons": Lesson._meta.get_field("title").max_length,
    "attachments": Attachment._meta.get_field("title").max_length,
    "sections": ReportSection._meta.get_field("heading").max_length,
}


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    trip: Trip
    action: str
    document: dict
    counts: dict = field(default_factory=dict)
    previous_counts: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    new_agencies: list = field(default_factory=list)
    new_keywords: list = field(default_factory=list)
    # On an update: what happens to each follow-up, lesson and attachment (merging.Change).
    changes: list = field(default_factory=list)
    # Who answers for the follow-ups the import creates: (agency, person), each or None.
    responsible: tuple = (None, None)

    def kept(self):
        """Stored entries the new report no longer contains, kept for the work on them."""
        return [change for change in self.changes if change.action == "kept"]


def _agenda_count(items):
    return sum(1 + _agenda_count(item["items"]) for item in items)


def document_counts(doc) -> dict:
    """How many records of each kind a trip document holds."""
    meetings = doc["meetings"]
    return {
        "travelers": len(doc["travelers"]),
        "destinations": len(doc["destinations"]),
        "meetings": len(meetings),
        "agenda_items": sum(_agenda_count(m["agenda"]) for m in meetings),
        "minutes": sum(len(m["minutes"]) for m in meetings),
        "decisions": sum(len(m["decisions"]) for m in meetings),
        "follow_ups": len(doc["follow_ups"]),
        "lessons": len(doc["lessons"]),
        "attachments": len(doc["attachments"]),
        "sections": len(doc["sections"]),
        "keywords": len(doc["keywords"]),
    }


def _too_long(key, value, limit):
    if value and len(value) > limit:
        raise ReportError(
            _("This value is too long (at most %(limit)d characters): %(start)s…")
            % {"limit": limit, "start": value[:40]},
            field=key,
        )


def _check_lengths(doc):
    for key in ("title", "plan_name", "system_id", "agency"):
        _too_long(key, doc[key], _LIMITS[key])
    for value in doc["contact"].values():
        _too_long("contact", value, _LIMITS["contact"])
    for value in doc["keywords"]:
        _too_long("keywords", value, _LIMITS["keywords"])
    for person in doc["travelers"]:
        for name in ("name", "title", "unit"):
            _too_long("travelers", person[name], _LIMITS["travelers"])
        _too_long("travelers", person["agency"], _LIMITS["agency"])
    for place in doc["destinations"]:
        _too_long("destinations", place["city"], _LIMITS["destinations"])
    for meeting in doc["meetings"]:
        for name, limit in (("title", 500), ("title_en", 500), ("acronym", 40), ("location", 200)):
            _too_long("meetings", meeting[name], limit)
        _check_agenda(meeting["agenda"])
        for block in meeting["minutes"]:
            _too_long("meetings", block["title"], 500)
    for item in doc["follow_ups"]:
        _too_long("follow_ups", item["owner"], _LIMITS["follow_ups"])
        _too_long("follow_ups", item.get("responsible_agency"), _LIMITS["agency"])
        _too_long("follow_ups", item.get("responsible_person"), _LIMITS["contact"])
    for item in doc["lessons"]:
        _too_long("lessons", item["title"], _LIMITS["lessons"])
    for item in doc["attachments"]:
        _too_long("attachments", item["title"], _LIMITS["attachments"])
    for item in doc["sections"]:
        _too_long("sections", item["heading"], _LIMITS["sections"])


def _check_agenda(items):
    for item in items:
        _too_long("meetings", item["label"], _LIMITS["meetings"])
        _too_long("meetings", item["title"], 500)
        _check_agenda(item["items"])


def create_agency(name):
    """A new agency, placed under the longest known agency whose name starts its own
    (財政部關務署臺北關 under 財政部關務署); known agencies without a parent whose
    names start with the new one's move under it."""
    prefixes = [name[:i] for i in range(2, len(name))]
    parent = Agency.objects.filter(name__in=prefixes).order_by(Length("name").desc()).first()
    agency = Agency.objects.create(name=name, parent=parent)
    Agency.objects.filter(parent__isnull=True, name__startswith=name).exclude(pk=agency.pk).update(
        parent=agency
    )
    return agency


def agency_named(name):
    """The agency of that name, created (and placed in the tree) when it is new."""
    return Agency.objects.filter(name=name).first() or create_agency(name)


def find_trip(doc):
    """The stored trip a document describes: by system id, else by title and start date."""
    if doc["system_id"]:
        trip = Trip.objects.filter(system_id=doc["system_id"]).first()
        if trip is not None:
            return trip
    if doc["title"]:
        return (
            Trip.objects.filter(title=doc["title"], start_date=doc["start_date"])
            .order_by("id")
            .first()
        )
    return None


@dataclass
class ImportOptions:
    """What the importing user decided beyond the document itself.

    - `access`: the trip's access (`Trip.Access`), set in the same transaction that
      creates the trip, so a restricted report is never visible to others; None
      keeps a stored trip's access (a new one is open).
    - `review_flags`: the flagged fields nobody corrected (`services.import_review`); the
      trip is marked "needs review" when there are any.  None leaves the mark alone.
    - `corrected`: the fields corrected in the preview, named in the trip's history.
    - `responsible_agency`, `responsible_person`: who of our side answers for the
      follow-ups this import creates; by default the trip's sending agency and the
      person named as its contact, when the portal knows them.
    """

    access: str | None = None
    review_flags: list | None = None
    corrected: list = field(default_factory=list)
    responsible_agency: Agency | None = None
    responsible_person: Person | None = None


def import_document(doc, *, user=None, source=None, source_text="", dry_run=False, options=None):
    """Create or update the trip a trip document describes.

    `source` is the original file as a ``(filename, bytes)`` pair, kept with the
    trip with `source_text`, its extracted text.  With `dry_run` everything runs
    and is rolled back: the result says what would happen.  `options`
    (ImportOptions) carries the importing user's choices.  Raises ReportError.
    """
    doc = check_importable(validate_document(doc))
    _check_lengths(doc)
    user = user if user is not None and user.is_authenticated else None
    stored_name = None
    try:
        # The statistics counts of the trip are counted once, at the end.
        with transaction.atomic(), counting_deferred():
            result = _Importer(doc, user, options or ImportOptions()).run()
            if result.action != UNCHANGED:
                if dry_run:
                    transaction.set_rollback(True)
                else:
                    stored_name = _store_source(result.trip, source, source_text)
                    trip_counts_changed(result.trip.pk)
                    trip_ids = [result.trip.pk]
                    transaction.on_commit(
                        lambda: trips_changed.send(sender=Trip, trip_ids=trip_ids)
                    )
    except BaseException:
        if stored_name:
            Trip._meta.get_field("source_file").storage.delete(stored_name)
        raise
    if not dry_run and result.action != UNCHANGED:
        report_submitted(result.trip, user)  # the status moves and a review opens
    return result


def _store_source(trip, source, source_text):
    fields = []
    if source_text:
        trip.source_text = source_text
        fields.append("source_text")
    name = None
    if source is not None:
        filename, data = source
        trip.source_file.save(os.path.basename(filename) or "report", ContentFile(data), save=False)
        name = trip.source_file.name
        fields.append("source_file")
    if fields:
        Trip.objects.filter(pk=trip.pk).update(**{f: getattr(trip, f) for f in fields})
    return name


class _Importer:
    def __init__(self, doc, user, options):
        self.doc = doc
        self.user = user
        self.options = options
        self.series_found = {}
        self.organisations = {}
        self.agencies = {}
        self.new_people = []
        self.new_agencies = []
        self.new_keywords = []

    def run(self):
        doc = self.doc
        counts = document_counts(doc)
        trip = find_trip(doc)
        plan = None
        if trip is not None:
            current = trip_to_document(export_queryset(Trip.objects.filter(pk=trip.pk)).get())
            plan = ChildPlan(trip, doc, counterpart, responsible_names)
            changed = [
                k
                for k in doc
                if k not in MERGED_KEYS
                and not (k == "travelers" and _same_travelers(doc[k], current[k]))
                and not (k == "itinerary" and not doc[k])  # a plan's own itinerary stays
                and doc[k] != current.get(k)
            ]
            if self.options.access and self.options.access != trip.access:
                changed.append("access")
            if not changed and not plan.changed:
                return ImportResult(
                    trip, UNCHANGED, doc, counts, document_counts(current), changes=plan.changes
                )
            previous = document_counts(current)
            changed += plan.changed_keys()
            self._delete_children(trip)
            action = UPDATE
        else:
            trip = Trip(created_by=self.user)
            previous, changed, action = {}, [], CREATE
        self._resolve_agencies()
        self._fill_trip(trip)
        if self.options.corrected:
            trip._change_reason = correction_reason(self.options.corrected)
        trip.save()
        self._create_children(trip, plan)
        return ImportResult(
            trip,
            action,
            doc,
            counts,
            previous,
            changed,
            self.new_people,
            self.new_agencies,
            self.new_keywords,
            plan.changes if plan else [],
            (self.default_agency, self.default_person),
        )

    # Matching ------------------------------------------------------------

    def _resolve_agencies(self):
        names = {
            self.doc["agency"],
            *(t["agency"] for t in self.doc["travelers"]),
            *(f.get("responsible_agency") for f in self.doc["follow_ups"]),
        } - {None}
        self.agencies = {a.name: a for a in Agency.objects.filter(name__in=names)}
        for name in sorted(names - set(self.agencies), key=len):
            self.agencies[name] = self._create_agency(name)

    def _create_agency(self, name):
        self.new_agencies.append(name)
        return create_agency(name)

    def _agency(self, name):
        return self.agencies.get(name) if name else None

    def _people(self, travelers):
        names = {t["name"] for t in travelers}
        known = list(Person.objects.filter(name__in=names))
        people, new = [], []
        for traveler in travelers:
            agency = self._agency(traveler["agency"])
            person = self._match_person(known, traveler["name"], agency)
            if person is None:
                person = Person(
                    name=traveler["name"],
                    agency=agency,
                    unit=traveler["unit"] or "",
                    title=traveler["title"] or "",
                )
                known.append(person)
                new.append(person)
                self.new_people.append(person.name)
            people.append(person)
        Person.objects.bulk_create(new)
        return people

    @staticmethod
    def _match_person(known, name, agency):
        agency_id = agency.pk if agency else None
        same_name = [p for p in known if p.name == name]
        exact = [p for p in same_name if p.agency_id == agency_id]
        if exact:
            return exact[0]
        if agency is None and len(same_name) == 1:
            return same_name[0]
        unplaced = [p for p in same_name if p.agency_id is None and p.pk]
        if agency is not None and len(unplaced) == 1:
            person = unplaced[0]
            person.agency = agency
            person.save(update_fields=["agency"])
            return person
        return None

    def _keywords(self):
        wanted = []
        seen = set()
        for name in self.doc["keywords"]:
            if name.lower() not in seen:
                seen.add(name.lower())
                wanted.append(name)
        found = {
            k.lname: k for k in Keyword.objects.annotate(lname=Lower("name")).filter(lname__in=seen)
        }
        for k in list(found.values()):
            found.setdefault(k.name.lower(), k)
        missing = [Keyword(name=n) for n in wanted if n.lower() not in found]
        for keyword in Keyword.objects.bulk_create(missing):
            found[keyword.name.lower()] = keyword
            self.new_keywords.append(keyword.name)
        return [found[n.lower()] for n in wanted]

    def _series(self, meeting):
        acronym = series_acronym(
            meeting["acronym"] or meeting_acronym(meeting["title"], meeting["title_en"])
        )
        if not acronym:
            return None
        organisation = self._organisation(
            " ".join(filter(None, [meeting["title"], meeting["title_en"]]))
        ) or self._organisation(self.doc["title"] or "")
        # Meetings of one series are looked up once (the preview's queries do not grow
        # with the meetings of a report).
        key = (acronym.lower(), organisation.pk if organisation else None)
        if key not in self.series_found:
            self.series_found[key] = self._find_series(acronym, organisation)
        return self.series_found[key]

    def _find_series(self, acronym, organisation):
        series = MeetingSeries.objects.filter(acronym__iexact=acronym)
        if organisation is not None:
            series = series.filter(organisation=organisation)
        found = series.order_by("id").first()
        if found is not None:
            return found
        name = f"{organisation.acronym} {acronym}" if organisation else acronym
        return MeetingSeries.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "organisation": organisation}
        )[0]

    def _organisation(self, text):
        for acronym, name, name_zh, words in ORGANISATIONS:
            if any(word in text for word in words):
                if acronym not in self.organisations:
                    found = Organisation.objects.filter(acronym__iexact=acronym).first()
                    if found is None:
                        found = Organisation.objects.get_or_create(
                            name=name, defaults={"acronym": acronym, "name_zh": name_zh}
                        )[0]
                    self.organisations[acronym] = found
                return self.organisations[acronym]
        return None

    # Writing -------------------------------------------------------------

    def _fill_trip(self, trip):
        doc = self.doc
        trip.title = doc["title"] or ""
        trip.category = doc["category"] or ""
        trip.agency = self._agency(doc["agency"])
        trip.system_id = doc["system_id"]
        trip.plan_name = doc["plan_name"] or ""
        trip.contact_name = doc["contact"]["name"] or ""
        trip.contact_title = doc["contact"]["title"] or ""
        trip.contact_phone = doc["contact"]["phone"] or ""
        trip.start_date = _day(doc["start_date"])
        trip.end_date = _day(doc["end_date"])
        trip.report_date = _day(doc["report_date"])
        trip.pages = doc["pages"]
        trip.has_attachments = doc["has_attachments"]
        trip.summary = doc["summary"] or ""
        trip.purposes = doc["purposes"]
        trip.updated_by = self.user
        if self.options.access:
            trip.access = self.options.access
        if self.options.review_flags is not None:
            trip.needs_review = bool(self.options.review_flags)
            trip.review_fields = list(self.options.review_flags)

    def _delete_children(self, trip):
        """Replace what only the report states; follow-ups, lessons and attachments are
        merged (merging.ChildPlan).  What users set on the replaced records is noted to
        be put back: a delegate's role and rank, a meeting's format, the meeting and
        decision a follow-up belongs to."""
        self.kept_delegates = {d.person_id: (d.role, d.rank_grade) for d in trip.delegates.all()}
        self.kept_formats = {m.title: m.format for m in trip.meetings.all() if m.format}
        self.follow_up_links = list(
            trip.follow_ups.filter(
                Q(meeting__isnull=False) | Q(decision__isnull=False)
            ).values_list("pk", "meeting__order", "decision__meeting__order", "decision__order")
        )
        trip.meetings.all().delete()
        trip.delegates.all().delete()
        trip.destinations.all().delete()
        trip.sections.all().delete()
        trip.keywords.clear()

    def _relink_follow_ups(self, meetings, decisions):
        for pk, meeting_order, decision_meeting, decision_order in self.follow_up_links:
            FollowUp.objects.filter(pk=pk).update(
                meeting=meetings.get(meeting_order),
                decision=decisions.get((decision_meeting, decision_order)),
            )

    def _create_children(self, trip, plan=None):
        doc = self.doc
        self._delegates(trip)
        places = []
        for place in doc["destinations"]:
            key = (place["country"] or "", place["city"] or "")
            if key not in {(p.country, p.city) for p in places}:
                places.append(
                    Destination(trip=trip, country=key[0], city=key[1], order=len(places))
                )
        Destination.objects.bulk_create(places)
        Trip.keywords.through.objects.bulk_create(
            [Trip.keywords.through(trip_id=trip.pk, keyword_id=k.pk) for k in self._keywords()]
        )
        meetings = self._meetings(trip)
        self._responsible_defaults(trip)
        if plan is not None:
            self._relink_follow_ups(*self._meeting_index)
            plan.apply(
                lambda i, item: self._make_follow_up(trip, i, item),
                self._set_owner,
                _day(doc["report_date"]),
                self.user,
            )
        else:
            self._follow_ups(trip)
            self._lessons(trip)
            self._attachments(trip)
        ReportSection.objects.bulk_create(
            ReportSection(trip=trip, order=i, heading=s["heading"] or "", body=s["body"] or "")
            for i, s in enumerate(doc["sections"])
        )
        if doc["itinerary"]:
            replace_itinerary(trip, doc["itinerary"])
        return meetings

    def _delegates(self, trip):
        travelers = self.doc["travelers"]
        people = self._people(travelers)
        delegates, seen = [], set()
        for traveler, person in zip(travelers, people, strict=True):
            if person.pk in seen:
                continue
            seen.add(person.pk)
            agency = self._agency(traveler["agency"])
            role, rank = getattr(self, "kept_delegates", {}).get(
                person.pk, (Delegate.Role.MEMBER, "")
            )
            delegates.append(
                Delegate(
                    trip=trip,
                    person=person,
                    order=len(delegates),
                    agency=agency,
                    unit=traveler["unit"] or "",
                    title=traveler["title"] or "",
                    role=role,
                    rank_grade=traveler.get("rank") or rank,
                )
            )
        bulk_create_with_history(delegates, Delegate, default_user=self.user)

    def _meetings(self, trip):
        source = self.doc["meetings"]
        meetings = [
            Meeting(
                trip=trip,
                order=i,
                series=self._series(m),
                title=m["title"] or "",
                title_en=m["title_en"] or "",
                acronym=m["acronym"] or "",
                start_date=_day(m["start_date"]),
                end_date=_day(m["end_date"]),
                location=m["location"] or "",
                chairs=m["chairs"],
            )
            for i, m in enumerate(source)
        ]
        formats = getattr(self, "kept_formats", {})
        for meeting in meetings:
            meeting.format = formats.get(meeting.title, "")
        meetings = bulk_create_with_history(meetings, Meeting, default_user=self.user)
        minutes, decisions, rows = [], [], []
        for meeting, data in zip(meetings, source, strict=True):
            first = len(rows)
            _agenda_rows(meeting, data["agenda"], rows)
            for order, (item, _parent, _depth) in enumerate(rows[first:]):
                item.order = order
            minutes.extend(
                MinuteBlock(meeting=meeting, order=i, title=b["title"] or "", body=b["body"] or "")
                for i, b in enumerate(data["minutes"])
            )
            decisions.extend(
                Decision(meeting=meeting, order=i, text=text or "")
                for i, text in enumerate(data["decisions"])
            )
        # Parents are written before their children: one bulk insert per depth.
        depth = 0
        while True:
            level = [(item, parent) for item, parent, d in rows if d == depth]
            if not level:
                break
            for item, parent in level:
                if parent is not None:
                    item.parent = rows[parent][0]
            AgendaItem.objects.bulk_create([item for item, _parent in level])
            depth += 1
        MinuteBlock.objects.bulk_create(minutes)
        decisions = Decision.objects.bulk_create(decisions)
        self._meeting_index = (
            {m.order: m for m in meetings},
            {(d.meeting.order, d.order): d for d in decisions},
        )
        return meetings

    def _responsible_defaults(self, trip):
        """Who answers for the follow-ups this import creates: the user's choice, else
        the trip's sending agency and the person named as its contact (the one person
        of that name in the agency).  People named in a document's
        `responsible_person` keys are looked up by name, in their agency first."""
        options = self.options
        self.default_agency = options.responsible_agency or trip.agency
        self.default_person = options.responsible_person
        names = {f.get("responsible_person") for f in self.doc["follow_ups"]} - {None}
        contact = trip.contact_name if options.responsible_person is None else ""
        self.people_named = {}
        for person in Person.objects.filter(name__in=names | ({contact} - {""})):
            self.people_named.setdefault(person.name, []).append(person)
        if contact and options.responsible_agency is None:
            self.default_person = self._person_named(contact, trip.agency_id)

    def _person_named(self, name, agency_id):
        same = self.people_named.get(name, [])
        in_agency = [p for p in same if p.agency_id == agency_id]
        found = in_agency if in_agency or agency_id else same
        return found[0] if len(found) == 1 else None

    def _set_owner(self, follow_up, item):
        """The counterpart as the report names it; the responsible agency and person
        where the document states them (a JSON trip document)."""
        follow_up.owner_text = item["owner"] or ""
        if "responsible_agency" in item:
            follow_up.owner_agency = self._agency(item["responsible_agency"])
        if "responsible_person" in item:
            name = item["responsible_person"]
            agency_id = follow_up.owner_agency.pk if follow_up.owner_agency else None
            follow_up.owner_person = self._person_named(name, agency_id) if name else None

    def _make_follow_up(self, trip, order, item):
        follow_up = FollowUp(
            trip=trip,
            order=order,
            description=item["description"],
            due_date=_day(item["due_date"]),
            status=item["status"],
            owner_agency=self.default_agency,
            owner_person=self.default_person,
        )
        self._set_owner(follow_up, item)
        if follow_up.status == FollowUp.Status.DONE:
            follow_up.completed_on = _day(self.doc["report_date"]) or timezone.localdate()
        return follow_up

    def _follow_ups(self, trip):
        follow_ups = [
            self._make_follow_up(trip, i, item) for i, item in enumerate(self.doc["follow_ups"])
        ]
        bulk_create_with_history(follow_ups, FollowUp, default_user=self.user)

    def _lessons(self, trip):
        bulk_create_with_history(
            [
                Lesson(
                    trip=trip,
                    order=i,
                    kind=item["kind"] or Lesson.Kind.OBSERVATION,
                    title=item["title"] or "",
                    body=item["body"] or "",
                    adoption_status=(
                        Lesson.Adoption.PROPOSED if item["kind"] == "recommendation" else ""
                    ),
                )
                for i, item in enumerate(self.doc["lessons"])
            ],
            Lesson,
            default_user=self.user,
        )

    def _attachments(self, trip):
        attachments, used = [], set()
        for item in self.doc["attachments"]:
            number = item["number"]
            if number is None or number in used:
                # A list without numbers (or repeating one) is numbered in order.
                number = max(used, default=0) + 1
            used.add(number)
            title = item["title"] or ""
            attachments.append(Attachment(trip=trip, number=number, title=title))
        Attachment.objects.bulk_create(attachments)


def _same_travelers(stated, stored):
    """The delegation as the report states it; a rank grade recorded on a delegate
    where the report states none is the user's, not a change."""
    if len(stated) != len(stored):
        return False
    return all(
        new == (old if new["rank"] else dict(old, rank=None))
        for new, old in zip(stated, stored, strict=True)
    )


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def _agenda_rows(meeting, items, rows, parent_index=None, depth=0):
    """The agenda tree flattened depth first: (item, index of its parent, depth).
    The flat position is the item's order, so the order reads as the tree does."""
    for data in items:
        item = AgendaItem(
            meeting=meeting, order=0, label=data["label"] or "", title=data["title"] or ""
        )
        rows.append((item, parent_index, depth))
        _agenda_rows(meeting, data["items"], rows, len(rows) - 1, depth + 1)
    return rows
