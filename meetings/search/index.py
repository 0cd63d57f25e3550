"""Keep the SearchEntry rows of each trip, and the engine's index of them, in step.

A trip is always reindexed whole: its rows are deleted and rebuilt from the trip,
its meetings, agendas, minutes, decisions, follow-ups, lessons, attachments and
delegation, and the acronyms of its texts are added to the glossary.

The records are read as plain rows (one query per table for a whole chunk of trips,
no model instances) and the entries written with `executemany`: building model
instances and prefetch caches was most of the rebuild's time. The engines keep no
copy of the index terms (see `.store`), so this module writes the index itself.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    Attachment,
    Decision,
    Delegate,
    FollowUp,
    Lesson,
    Meeting,
    MinuteBlock,
    ReportSection,
    SearchEntry,
    Trip,
)
from . import glossary, store
from .compiled import rows_with_ids

Kind = SearchEntry.Kind
SEP = " › "


def _join(*parts):
    return "\n".join(p for p in parts if p)


def meeting_label(meeting):
    return meeting.acronym or meeting.title


def _agenda_path(item, by_id, word):
    labels, seen = [], set()
    while item is not None and item.id not in seen:
        seen.add(item.id)
        # "4、" reads as "4" inside a path such as SCCP2 › 議程 4 › (3).
        labels.append(item.label.rstrip("、.．:：, ") or item.title[:30])
        item = by_id.get(item.parent_id)
    labels.reverse()
    if labels:
        labels[0] = f"{word} {labels[0]}"
    return SEP.join(labels)


def _rows(queryset, *fields):
    return queryset.values_list(*fields, named=True)


def _grouped(rows, key):
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


class TripRecords:
    """The searchable fields of a chunk of trips and their records, as plain rows."""

    def __init__(self, trip_ids):
        def of_trips(model, *fields, order=("order", "id")):
            rows = _rows(model.objects.filter(trip_id__in=trip_ids).order_by(*order), *fields)
            return _grouped(rows, "trip_id")

        def of_meetings(model, *fields):
            queryset = model.objects.filter(meeting__trip_id__in=trip_ids).order_by("order", "id")
            return _grouped(_rows(queryset, *fields), "meeting_id")

        self.trips = _rows(
            Trip.objects.filter(pk__in=trip_ids).order_by("pk"),
            "id",
            "title",
            "plan_name",
            "summary",
            "purposes",
        )
        self.keywords = _grouped(
            _rows(
                Trip.keywords.through.objects.filter(trip_id__in=trip_ids).order_by(
                    "keyword__name"
                ),
                "trip_id",
                "keyword__name",
            ),
            "trip_id",
        )
        self.sections = of_trips(ReportSection, "trip_id", "id", "heading", "body")
        self.meetings = of_trips(
            Meeting,
            "trip_id",
            "id",
            "title",
            "title_en",
            "acronym",
            "location",
            "series__name",
        )
        self.agenda = of_meetings(AgendaItem, "meeting_id", "id", "label", "title", "parent_id")
        self.minutes = of_meetings(
            MinuteBlock, "meeting_id", "id", "agenda_item_id", "title", "body"
        )
        self.decisions = of_meetings(Decision, "meeting_id", "id", "text")
        self.follow_ups = of_trips(
            FollowUp,
            "trip_id",
            "id",
            "description",
            "outcome",
            "owner_text",
            order=FollowUp._meta.ordering,
        )
        self.lessons = of_trips(Lesson, "trip_id", "id", "kind", "title", "body", "adoption_note")
        self.attachments = of_trips(
            Attachment, "trip_id", "id", "number", "title", order=("number", "id")
        )
        self.delegates = of_trips(
            Delegate,
            "trip_id",
            "unit",
            "title",
            "person__name",
            "person__name_en",
        )
        # Translated once per chunk rather than once per agenda item.
        self.lesson_kinds = {k: str(label) for k, label in Lesson.Kind.choices}
        self.agenda_word = _("Agenda")


def _minutes_location(label, block, by_id, word):
    parts = [label]
    if block.agenda_item_id in by_id:
        parts.append(_agenda_path(by_id[block.agenda_item_id], by_id, word))
    if block.title:
        parts.append(block.title)
    return SEP.join(parts)


def shown_locations(entries):
    """{entry id: location} for the agenda and minutes entries among `entries`
    (SearchEntry instances with `kind` and `object_id`), in at most three queries.

    Those locations (meeting › agenda path › block title) were 85 % of the stored
    ones, 16 MB at 100,000 trips: they are built here for the few entries a page
    shows, from the same records the index reads, in the portal's language.
    """
    agenda_ids = {e.object_id for e in entries if e.kind == Kind.AGENDA}
    minute_ids = {e.object_id for e in entries if e.kind == Kind.MINUTES}
    if not (agenda_ids or minute_ids):
        return {}
    label = ("meeting__acronym", "meeting__title")
    # Compiled once (`compiled.rows_with_ids`): building these three queries cost
    # more than running them.
    blocks = {
        b.id: b
        for b in rows_with_ids(
            "minute blocks",
            MinuteBlock,
            "id",
            minute_ids,
            lambda rows: rows.order_by().values_list(
                "id", "meeting_id", "agenda_item_id", "title", *label
            ),
        )
    }
    meeting_ids = {b.meeting_id for b in blocks.values()}
    # A list of ids, not an OR with a subquery: PostgreSQL answered that OR with a
    # scan of every agenda item (113 ms at 100,000 trips) instead of the index.
    meeting_ids |= {
        item.meeting_id
        for item in rows_with_ids(
            "agenda meetings",
            AgendaItem,
            "id",
            agenda_ids,
            lambda rows: rows.order_by().values_list("meeting_id"),
        )
    }
    items = rows_with_ids(
        "agenda items",
        AgendaItem,
        "meeting_id",
        meeting_ids,
        lambda rows: rows.order_by("order", "id").values_list(
            "id", "meeting_id", "label", "title", "parent_id", *label
        ),
    )
    labels = {
        row.meeting_id: row.meeting__acronym or row.meeting__title
        for row in [*items, *blocks.values()]
    }
    by_meeting = _grouped(items, "meeting_id")
    with translation.override(settings.LANGUAGE_CODE):
        word = _("Agenda")
    by_id = {item.id: item for item in items}
    found = {}
    for entry in entries:
        if entry.kind == Kind.AGENDA and entry.object_id in by_id:
            item = by_id[entry.object_id]
            meeting_items = {i.id: i for i in by_meeting[item.meeting_id]}
            path = _agenda_path(item, meeting_items, word)
            found[entry.pk] = SEP.join([labels[item.meeting_id], path])[:500]
        elif entry.kind == Kind.MINUTES and entry.object_id in blocks:
            block = blocks[entry.object_id]
            meeting_items = {i.id: i for i in by_meeting.get(block.meeting_id, ())}
            location = _minutes_location(labels[block.meeting_id], block, meeting_items, word)
            found[entry.pk] = location[:500]
    return found


def pieces_for_trip(trip, records):
    """(kind, object id, location, text) for every searchable piece of `trip` (a row
    of `records.trips`)."""
    yield Kind.TITLE, trip.id, "", _join(trip.title, trip.plan_name)
    if trip.summary:
        yield Kind.SUMMARY, trip.id, "", trip.summary
    keywords = [k.keyword__name for k in records.keywords.get(trip.id, ())]
    if keywords:
        yield Kind.KEYWORDS, trip.id, "", "、".join(keywords)
    purposes = [str(p) for p in (trip.purposes or []) if p]
    if purposes:
        yield Kind.PURPOSE, trip.id, "", "\n".join(purposes)
    for section in records.sections.get(trip.id, ()):
        yield Kind.SECTION, section.id, section.heading, _join(section.heading, section.body)
    for meeting in records.meetings.get(trip.id, ()):
        label = meeting_label(meeting)
        yield (
            Kind.MEETING,
            meeting.id,
            label,
            _join(
                meeting.title,
                meeting.title_en,
                meeting.acronym,
                meeting.location,
                meeting.series__name,
            ),
        )
        # Their locations are built when shown (`shown_locations`), not stored.
        for item in records.agenda.get(meeting.id, ()):
            yield Kind.AGENDA, item.id, "", _join(item.label, item.title)
        for block in records.minutes.get(meeting.id, ()):
            yield Kind.MINUTES, block.id, "", _join(block.title, block.body)
        for decision in records.decisions.get(meeting.id, ()):
            yield Kind.DECISION, decision.id, label, decision.text
    for follow_up in records.follow_ups.get(trip.id, ()):
        yield (
            Kind.FOLLOW_UP,
            follow_up.id,
            "",
            _join(follow_up.description, follow_up.outcome, follow_up.owner_text),
        )
    for lesson in records.lessons.get(trip.id, ()):
        yield (
            Kind.LESSON,
            lesson.id,
            records.lesson_kinds.get(lesson.kind, lesson.kind),
            _join(lesson.title, lesson.body, lesson.adoption_note),
        )
    for attachment in records.attachments.get(trip.id, ()):
        yield Kind.ATTACHMENT, attachment.id, str(attachment.number), attachment.title
    people = [
        _join(d.person__name, d.person__name_en, d.unit, d.title).replace("\n", " ")
        for d in records.delegates.get(trip.id, ())
    ]
    if people:
        yield Kind.DELEGATE, trip.id, "", "\n".join(people)


def _index_chunk(trip_ids, learn_glossary):
    """Write the entries of these trips (whose old entries are gone); their count and
    the UTF-8 size of their text."""
    records = TripRecords(trip_ids)
    rows, acronyms, size = [], {}, 0
    for trip in records.trips:
        texts = []
        for kind, object_id, location, text in pieces_for_trip(trip, records):
            if not text.strip():
                continue
            texts.append(text)
            size += len(text.encode())
            rows.append((trip.id, kind, object_id, location[:500], text))
        if learn_glossary:
            for acronym, (zh, en) in glossary.extract(texts).items():
                known = acronyms.get(acronym)
                if known is None or (not known[1] and en):
                    acronyms[acronym] = (zh, en, known[2] if known else trip.id)
    store.add(rows)
    glossary.learn(acronyms)
    return len(rows), size


def reindex_trips(trip_ids, learn_glossary=True):
    """Rebuild the entries of these trips (ids of deleted trips are simply dropped)."""
    trip_ids = sorted({int(i) for i in trip_ids})
    if not trip_ids:
        return 0
    # Labels are stored in the portal's language, as the reports are written in it.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        store.drop_trips(trip_ids)
        return _index_chunk(trip_ids, learn_glossary)[0]


def forget_trip(trip_id):
    """Remove a trip's entries and their index (before the trip is deleted)."""
    with transaction.atomic():
        store.drop_trips([trip_id])


def rebuild(chunk=1000, progress=None):
    """Reindex every trip in one transaction (searches see the old index until it
    commits), `chunk` trips at a time; `progress(done, total)` after each chunk.
    Returns the number of entries and the UTF-8 size of their text."""
    ids = list(Trip.objects.order_by("pk").values_list("pk", flat=True))
    entries = size = 0
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        store.drop_all()
        for start in range(0, len(ids), chunk):
            added, text = _index_chunk(ids[start : start + chunk], learn_glossary=True)
            entries, size = entries + added, size + text
            if progress:
                progress(min(start + chunk, len(ids)), len(ids))
        store.optimize()
    return entries, size
