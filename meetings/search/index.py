"""Keep the SearchEntry rows of each trip in step with its records.

A trip is always reindexed whole: its rows are deleted and rebuilt from the trip,
its meetings, agendas, minutes, decisions, follow-ups, lessons, attachments and
delegation, and the acronyms of its texts are added to the glossary.
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import AgendaItem, Meeting, SearchEntry, Trip
from . import glossary
from .tokens import token_string

Kind = SearchEntry.Kind
SEP = " › "


def _join(*parts):
    return "\n".join(p for p in parts if p)


def meeting_label(meeting):
    return meeting.acronym or meeting.title


def _agenda_path(item, by_id):
    labels, seen = [], set()
    while item is not None and item.pk not in seen:
        seen.add(item.pk)
        # "4、" reads as "4" inside a path such as SCCP2 › 議程 4 › (3).
        labels.append(item.label.rstrip("、.．:：, ") or item.title[:30])
        item = by_id.get(item.parent_id)
    labels.reverse()
    if labels:
        labels[0] = f"{_('Agenda')} {labels[0]}"
    return SEP.join(labels)


def pieces_for_trip(trip):
    """(kind, object id, location, text) for every searchable piece of a prefetched trip."""
    yield Kind.TITLE, trip.pk, "", _join(trip.title, trip.plan_name)
    if trip.summary:
        yield Kind.SUMMARY, trip.pk, "", trip.summary
    keywords = [k.name for k in trip.keywords.all()]
    if keywords:
        yield Kind.KEYWORDS, trip.pk, "", "、".join(keywords)
    purposes = [str(p) for p in (trip.purposes or []) if p]
    if purposes:
        yield Kind.PURPOSE, trip.pk, "", "\n".join(purposes)
    for section in trip.sections.all():
        yield Kind.SECTION, section.pk, section.heading, _join(section.heading, section.body)
    for meeting in trip.meetings.all():
        label = meeting_label(meeting)
        series = meeting.series.name if meeting.series_id else ""
        yield (
            Kind.MEETING,
            meeting.pk,
            label,
            _join(meeting.title, meeting.title_en, meeting.acronym, meeting.location, series),
        )
        items = list(meeting.agenda_items.all())
        by_id = {item.pk: item for item in items}
        for item in items:
            path = _agenda_path(item, by_id)
            yield Kind.AGENDA, item.pk, SEP.join([label, path]), _join(item.label, item.title)
        for block in meeting.minutes.all():
            parts = [label]
            if block.agenda_item_id in by_id:
                parts.append(_agenda_path(by_id[block.agenda_item_id], by_id))
            if block.title:
                parts.append(block.title)
            yield Kind.MINUTES, block.pk, SEP.join(parts), _join(block.title, block.body)
        for decision in meeting.decisions.all():
            yield Kind.DECISION, decision.pk, label, decision.text
    for follow_up in trip.follow_ups.all():
        yield (
            Kind.FOLLOW_UP,
            follow_up.pk,
            "",
            _join(follow_up.description, follow_up.outcome, follow_up.owner_text),
        )
    for lesson in trip.lessons.all():
        yield (
            Kind.LESSON,
            lesson.pk,
            lesson.get_kind_display(),
            _join(lesson.title, lesson.body, lesson.adoption_note),
        )
    for attachment in trip.attachments.all():
        yield Kind.ATTACHMENT, attachment.pk, str(attachment.number), attachment.title
    people = [
        _join(d.person.name, d.person.name_en, d.unit, d.title).replace("\n", " ")
        for d in trip.delegates.all()
    ]
    if people:
        yield Kind.DELEGATE, trip.pk, "", "\n".join(people)


def trips_for_indexing(trip_ids):
    return Trip.objects.filter(pk__in=trip_ids).prefetch_related(
        "keywords",
        "sections",
        Prefetch(
            "meetings",
            queryset=Meeting.objects.select_related("series").prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order")),
                "minutes",
                "decisions",
            ),
        ),
        "follow_ups",
        "lessons",
        "attachments",
        "delegates__person",
    )


def reindex_trips(trip_ids, learn_glossary=True):
    """Rebuild the entries of these trips (ids of deleted trips are simply dropped)."""
    trip_ids = list({int(i) for i in trip_ids})
    if not trip_ids:
        return 0
    rows, acronyms = [], {}
    # Labels are stored in the portal's language, as the reports are written in it.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        SearchEntry.objects.filter(trip_id__in=trip_ids).delete()
        for trip in trips_for_indexing(trip_ids):
            texts = []
            for kind, object_id, location, text in pieces_for_trip(trip):
                if not text.strip():
                    continue
                texts.append(text)
                rows.append(
                    SearchEntry(
                        trip_id=trip.pk,
                        kind=kind,
                        object_id=object_id,
                        location=location[:500],
                        text=text,
                        tokens=token_string(text),
                    )
                )
            if learn_glossary:
                for acronym, (zh, en) in glossary.extract(texts).items():
                    known = acronyms.get(acronym)
                    if known is None or (not known[1] and en):
                        acronyms[acronym] = (zh, en, known[2] if known else trip.pk)
        SearchEntry.objects.bulk_create(rows, batch_size=500)
        glossary.learn(acronyms)
    return len(rows)


def rebuild(chunk=500, progress=None):
    """Reindex every trip, `chunk` at a time; `progress(done, total)` after each chunk."""
    ids = list(Trip.objects.order_by("pk").values_list("pk", flat=True))
    SearchEntry.objects.all().delete()
    entries = 0
    for start in range(0, len(ids), chunk):
        entries += reindex_trips(ids[start : start + chunk])
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    optimize()
    return entries


def optimize():
    """Merge the FTS5 index segments after a full rebuild, for faster queries."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO meetings_search_fts(meetings_search_fts) VALUES ('optimize')"
            )
