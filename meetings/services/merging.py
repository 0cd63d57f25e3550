"""Re-importing a report without losing what users recorded since the first import.

A changed report updates the trip's follow-ups, lessons and attachments in place: each
entry of the new report is matched to a stored record (follow-ups by their normalised
description, else by their position; lessons by title and text; attachments by number)
and only the report's text is updated on it, so follow-up progress (status, completion
date, outcome, evidence, timeline), lesson adoption (status, note, review date) and
uploaded attachment files stay.  A stored entry the new report no longer contains is
removed only when nobody worked on it; otherwise it is kept, after the report's
entries, and the preview says so.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..importing.normalize import fold
from ..models import Attachment, FollowUp, Lesson

NEW, UPDATED, SAME, REMOVED, KEPT = "new", "updated", "same", "removed", "kept"
MERGED_KEYS = ("follow_ups", "lessons", "attachments")
_NOISE_RE = re.compile(r"[\s\u3000，。、；：！？「」『』（）()\[\]【】,.;:!?'\"“”‘’\-–—_/]+")
_DECIDED = {Lesson.Adoption.ADOPTED, Lesson.Adoption.IMPLEMENTED, Lesson.Adoption.NOT_ADOPTED}


def normalised(text):
    """Text as compared when matching: folded, lower case, without spaces and punctuation."""
    return _NOISE_RE.sub("", fold(text or "")).lower()


@dataclass
class Change:
    """What a re-import does to one follow-up, lesson or attachment."""

    kind: str
    action: str
    text: str
    reason: str = ""

    def __str__(self):
        if self.reason:
            return f"{self.text} ({self.reason})"
        return self.text


def _match(existing, items, keys, by_position=False):
    """For each item, the stored record it continues (or None): one record per item,
    trying each (record key, item key) pair in turn, then the same position."""
    found = [None] * len(items)
    taken = set()
    for record_key, item_key in keys:
        index = {}
        for record in existing:
            key = record_key(record)
            if key and record.pk not in taken:
                index.setdefault(key, []).append(record)
        for i, item in enumerate(items):
            key = item_key(item) if found[i] is None else None
            free = [r for r in index.get(key, []) if r.pk not in taken] if key else []
            if free:
                found[i] = free[0]
                taken.add(free[0].pk)
    if by_position:
        for i in range(min(len(items), len(existing))):
            if found[i] is None and existing[i].pk not in taken:
                found[i] = existing[i]
                taken.add(existing[i].pk)
    return found, [r for r in existing if r.pk not in taken]


def follow_up_has_progress(follow_up):
    return bool(
        follow_up.status != FollowUp.Status.OPEN
        or follow_up.event_count
        or follow_up.outcome
        or follow_up.outcome_file
        or follow_up.completed_on
    )


def lesson_has_decision(lesson):
    return bool(lesson.adoption_status in _DECIDED or lesson.adoption_note or lesson.review_date)


class ChildPlan:
    """How a re-import updates a trip's follow-ups, lessons and attachments."""

    def __init__(self, trip, doc, owner_of, responsible_of):
        self.trip = trip
        self.doc = doc
        self.changes = []
        self._owner_of = owner_of
        self._responsible_of = responsible_of
        self._plan_follow_ups()
        self._plan_lessons()
        self._plan_attachments()

    @property
    def changed(self):
        return any(change.action != SAME for change in self.changes if change.action != KEPT)

    def changed_keys(self):
        return [
            key
            for key in MERGED_KEYS
            if any(c.kind == key and c.action not in (SAME, KEPT) for c in self.changes)
        ]

    def _note(self, kind, action, text, reason=""):
        self.changes.append(Change(kind, action, (text or "—")[:80], reason))

    # Follow-ups ----------------------------------------------------------

    def _plan_follow_ups(self):
        items = self.doc["follow_ups"]
        existing = list(
            self.trip.follow_ups.select_related("owner_person", "owner_agency")
            .annotate(event_count=Count("events"))
            .order_by("order", "id")
        )
        key = (lambda f: normalised(f.description), lambda i: normalised(i["description"]))
        self.follow_ups, orphans = _match(existing, items, [key], by_position=True)
        for item, record in zip(items, self.follow_ups, strict=True):
            if record is None:
                self._note("follow_ups", NEW, item["description"])
                continue
            stated = (record.description, self._owner_of(record), _iso(record.due_date))
            same = stated == (item["description"], item["owner"], item["due_date"])
            # The responsible agency and person are compared only where the document
            # states them (a JSON trip document); a report leaves them to the users.
            responsible = self._responsible_of(record)
            same = same and all(item[k] == v for k, v in responsible.items() if k in item)
            if not follow_up_has_progress(record):
                same = same and record.status == item["status"]
            self._note("follow_ups", SAME if same else UPDATED, item["description"])
        self.kept_follow_ups, self.removed_follow_ups = [], []
        for record in orphans:
            if follow_up_has_progress(record):
                self.kept_follow_ups.append(record)
                self._note("follow_ups", KEPT, record.description, _("kept: has progress"))
            else:
                self.removed_follow_ups.append(record)
                self._note("follow_ups", REMOVED, record.description)

    # Lessons ---------------------------------------------------------------

    def _plan_lessons(self):
        items = self.doc["lessons"]
        existing = list(self.trip.lessons.order_by("order", "id"))
        keys = [
            (
                lambda r: (normalised(r.title), normalised(r.body)),
                lambda i: (normalised(i["title"]), normalised(i["body"])),
            ),
            (lambda r: normalised(r.title), lambda i: normalised(i["title"])),
            (lambda r: normalised(r.body), lambda i: normalised(i["body"])),
        ]
        self.lessons, orphans = _match(existing, items, keys)
        for item, record in zip(items, self.lessons, strict=True):
            text = item["title"] or item["body"]
            if record is None:
                self._note("lessons", NEW, text)
                continue
            kind = item["kind"] or Lesson.Kind.OBSERVATION
            if lesson_has_decision(record):
                kind = record.kind if kind == Lesson.Kind.OBSERVATION else kind
            same = (record.title or None, record.body or None, record.kind) == (
                item["title"],
                item["body"],
                kind,
            )
            self._note("lessons", SAME if same else UPDATED, text)
        self.kept_lessons, self.removed_lessons = [], []
        for record in orphans:
            if lesson_has_decision(record):
                self.kept_lessons.append(record)
                self._note("lessons", KEPT, str(record), _("kept: adoption recorded"))
            else:
                self.removed_lessons.append(record)
                self._note("lessons", REMOVED, str(record))

    # Attachments -----------------------------------------------------------

    def _plan_attachments(self):
        numbered, used = [], set()
        for item in self.doc["attachments"]:
            number = item["number"]
            if number is None or number in used:
                # A list without numbers (or repeating one) is numbered in order.
                number = max(used, default=0) + 1
            used.add(number)
            numbered.append((number, item["title"] or ""))
        self.attachment_items = numbered
        stored = {a.number: a for a in self.trip.attachments.all()}
        self.attachments = [stored.get(number) for number, _title in numbered]
        for (number, title), record in zip(numbered, self.attachments, strict=True):
            if record is None:
                self._note("attachments", NEW, f"{number}. {title}")
            else:
                action = SAME if record.title == title else UPDATED
                self._note("attachments", action, f"{number}. {title}")
        self.kept_attachments, self.removed_attachments = [], []
        for number, record in sorted(stored.items()):
            if number in used:
                continue
            if record.file:
                self.kept_attachments.append(record)
                self._note("attachments", KEPT, str(record), _("kept: has a file"))
            else:
                self.removed_attachments.append(record)
                self._note("attachments", REMOVED, str(record))

    # Writing ---------------------------------------------------------------

    def apply(self, make_follow_up, set_owner, report_date, user):
        """Write the plan: update matched records, create new ones, remove untouched
        orphans, keep the others after the report's entries."""
        items = self.doc["follow_ups"]
        FollowUp.objects.filter(pk__in=[r.pk for r in self.removed_follow_ups]).delete()
        new, changed = [], []
        for i, (item, record) in enumerate(zip(items, self.follow_ups, strict=True)):
            if record is None:
                new.append(make_follow_up(i, item))
                continue
            record.order = i
            record.description = item["description"]
            record.due_date = _day(item["due_date"])
            set_owner(record, item)
            if not follow_up_has_progress(record):
                record.status = item["status"]
                if record.status == FollowUp.Status.DONE:
                    record.completed_on = report_date or timezone.localdate()
            changed.append(record)
        for j, record in enumerate(self.kept_follow_ups):
            record.order = len(items) + j
            changed.append(record)
        fields = ["order", "description", "due_date", "status", "completed_on"]
        fields += ["owner_person", "owner_agency", "owner_text"]
        if changed:
            bulk_update_with_history(changed, FollowUp, fields, default_user=user)
        bulk_create_with_history(new, FollowUp, default_user=user)

        lessons = self.doc["lessons"]
        Lesson.objects.filter(pk__in=[r.pk for r in self.removed_lessons]).delete()
        new, changed = [], []
        for i, (item, record) in enumerate(zip(lessons, self.lessons, strict=True)):
            kind = item["kind"] or Lesson.Kind.OBSERVATION
            if record is None:
                adoption = Lesson.Adoption.PROPOSED if kind == Lesson.Kind.RECOMMENDATION else ""
                new.append(
                    Lesson(
                        trip=self.trip,
                        order=i,
                        kind=kind,
                        title=item["title"] or "",
                        body=item["body"] or "",
                        adoption_status=adoption,
                    )
                )
                continue
            if lesson_has_decision(record) and kind == Lesson.Kind.OBSERVATION:
                kind = record.kind
            record.order, record.kind = i, kind
            record.title, record.body = item["title"] or "", item["body"] or ""
            if kind == Lesson.Kind.RECOMMENDATION and not record.adoption_status:
                record.adoption_status = Lesson.Adoption.PROPOSED
            elif kind == Lesson.Kind.OBSERVATION:
                record.adoption_status, record.review_date = "", None
            changed.append(record)
        for j, record in enumerate(self.kept_lessons):
            record.order = len(lessons) + j
            changed.append(record)
        fields = ["order", "kind", "title", "body", "adoption_status", "review_date"]
        if changed:
            bulk_update_with_history(changed, Lesson, fields, default_user=user)
        bulk_create_with_history(new, Lesson, default_user=user)

        Attachment.objects.filter(pk__in=[r.pk for r in self.removed_attachments]).delete()
        new, changed = [], []
        for (number, title), record in zip(self.attachment_items, self.attachments, strict=True):
            if record is None:
                new.append(Attachment(trip=self.trip, number=number, title=title))
            elif record.title != title:
                record.title = title
                changed.append(record)
        Attachment.objects.bulk_update(changed, ["title"])
        Attachment.objects.bulk_create(new)


def _iso(value):
    return value.isoformat() if value else None


def _day(value):
    return datetime.date.fromisoformat(value) if value else None
