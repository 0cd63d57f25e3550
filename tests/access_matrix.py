"""The dataset and the rules behind the access-control matrix (tests/test_access_matrix.py).

Two trips of 關務署 (customs), one open and one restricted, each with the whole record
around it (meetings, agenda, minutes, decisions, follow-ups with evidence, lessons and
a recommendation, attachments and the original report with their files, a meeting
series, people), and two trips of the health ministry, one of them restricted.

Every text of the restricted customs trip carries a unique marker word; the matrix
asserts that none of them reaches a persona outside customs, on any page.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.utils import timezone

from delegates.access import VIEWERS
from delegates.models import Person
from meetings.models import (
    AgendaItem,
    Attachment,
    Decision,
    Delegate,
    Destination,
    FollowUp,
    FollowUpEvent,
    GlossaryTerm,
    Keyword,
    Lesson,
    Meeting,
    MeetingSeries,
    MinuteBlock,
    Organisation,
    PerDiemRate,
    ReminderLog,
    Trip,
)
from meetings.services.review import open_review_round

from .factories import make_trip, make_user

ANONYMOUS = "anonymous"
INSIDERS = ("viewer", "editor", "administrator")
OUTSIDERS = ("other_editor", "other_viewer")
PERSONAS = (ANONYMOUS, *INSIDERS, *OUTSIDERS)
RECORDS = ("open", "restricted")

# One word per kind of text of the restricted customs trip.
SECRET = {
    "title": "ZQXTITLE",
    "summary": "ZQXSUMMARY",
    "meeting": "ZQXMEETING",
    "agenda": "ZQXAGENDA",
    "minutes": "ZQXMINUTES",
    "decision": "ZQXDECISION",
    "follow_up": "ZQXFOLLOWUP",
    "owned_follow_up": "ZQXOWNEDBYOTHER",
    "event": "ZQXEVENTNOTE",
    "lesson": "ZQXLESSON",
    "recommendation": "ZQXRECOMMEND",
    "attachment": "ZQXATTACHMENT",
    "section": "ZQXSECTION",
    "external_person": "ZQXEXTERNAL",
    "file": "ZQXFILEBYTES",
}
# The restricted trip of the health ministry, hidden from customs (but not from the
# portal administrator).
OTHER_SECRET = {"title": "ZQYTITLE", "summary": "ZQYSUMMARY", "meeting": "ZQYMEETING"}

SOURCE_BYTES = {"open": b"%PDF-1.4 open report", "restricted": b"%PDF-1.4 ZQXFILEBYTES report"}
ATTACHMENT_BYTES = {"open": b"open agenda text", "restricted": b"ZQXFILEBYTES agenda text"}


@dataclass
class Record:
    """One trip and everything hanging off it."""

    trip: Trip
    meeting: Meeting
    follow_up: FollowUp  # owned by customs, the editor's agency
    event: FollowUpEvent
    recommendation: Lesson
    observation: Lesson
    attachment: Attachment
    external_person: Person
    extra: dict = field(default_factory=dict)


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _record(label, trip, series, marker, customs, staff, external):
    meeting = Meeting.objects.create(
        trip=trip,
        series=series,
        title=f"{marker['meeting']} 雙邊會談",
        acronym="SCCP",
        start_date=trip.start_date,
        end_date=trip.start_date,
        location="Lima",
    )
    item = AgendaItem.objects.create(meeting=meeting, label="1", title=f"{marker['agenda']} 議程")
    MinuteBlock.objects.create(
        meeting=meeting, agenda_item=item, title="紀要", body=f"{marker['minutes']} 紀要內容"
    )
    decision = Decision.objects.create(meeting=meeting, text=f"{marker['decision']} 決議")
    follow_up = FollowUp.objects.create(
        trip=trip,
        meeting=meeting,
        decision=decision,
        description=f"{marker['follow_up']} 提交會議結論",
        owner_agency=customs,
        due_date=_days(-3),
    )
    event = FollowUpEvent.objects.create(
        follow_up=follow_up, new_status="open", note=f"{marker['event']} 開始辦理"
    )
    event.file.save("evidence.txt", ContentFile(f"{marker['file']} evidence".encode()))
    observation = Lesson.objects.create(trip=trip, title=f"{marker['lesson']} 心得")
    recommendation = Lesson.objects.create(
        trip=trip,
        kind=Lesson.Kind.RECOMMENDATION,
        title=f"{marker['recommendation']} 建議",
        order=1,
    )
    attachment = Attachment.objects.create(trip=trip, number=1, title=f"{marker['attachment']}")
    attachment.file.save("agenda.txt", ContentFile(ATTACHMENT_BYTES[label]))
    trip.source_file.save("report.pdf", ContentFile(SOURCE_BYTES[label]))
    trip.sections.create(order=1, heading="壹、目的", body=f"{marker['section']} 內容")
    Destination.objects.create(trip=trip, country="PE", city="Lima")
    Delegate.objects.create(trip=trip, person=staff, role=Delegate.Role.HEAD)
    Delegate.objects.create(trip=trip, person=external, order=1)
    return Record(
        trip=trip,
        meeting=meeting,
        follow_up=follow_up,
        event=event,
        recommendation=recommendation,
        observation=observation,
        attachment=attachment,
        external_person=external,
    )


def build_world(customs, other_agency, users):
    """The whole dataset; `users` maps persona names to users (anonymous excluded)."""
    users = dict(users)
    users["other_viewer"] = make_user(
        "other_viewer", VIEWERS, agency=other_agency, person_name="趙他署", is_staff=True
    )
    organisation = Organisation.objects.create(name="Asia-Pacific Economic Cooperation")
    organisation.acronym = "APEC"
    organisation.save()
    series = MeetingSeries.objects.create(
        name="Sub-Committee on Customs Procedures", acronym="SCCP", organisation=organisation
    )
    keyword = Keyword.objects.create(name="海關合作")
    staff = Person.objects.create(name="王代表", agency=customs)
    open_marker = {k: f"OPEN{k.upper()}" for k in SECRET}

    open_trip = make_trip(
        customs,
        title="出席 APEC SCCP 會議報告 OPENTITLE",
        start=_days(-60),
        summary="OPENSUMMARY 摘要",
        report_date=_days(-10),
    )
    # Future trips, each in a year of its own (the admin's year filter is checked).
    year = timezone.localdate().year
    restricted_trip = make_trip(
        customs,
        title=f"機密雙邊會談報告 {SECRET['title']}",
        access=Trip.Access.RESTRICTED,
        start=datetime.date(year + 2, 6, 1),
        summary=f"{SECRET['summary']} 摘要",
    )
    open_external = Person.objects.create(name="OPENEXTERNAL 外賓")
    secret_external = Person.objects.create(name=f"{SECRET['external_person']} 密使")
    records = {
        "open": _record("open", open_trip, series, open_marker, customs, staff, open_external),
        "restricted": _record(
            "restricted", restricted_trip, series, SECRET, customs, staff, secret_external
        ),
    }
    for trip in (open_trip, restricted_trip):
        trip.keywords.add(keyword)

    # A follow-up of the restricted trip owned by a person of the other agency, who
    # still may not see the trip; and that person on the restricted delegation.
    other_person = Person.objects.get(user=users["other_editor"])
    records["restricted"].extra["owned_by_other"] = FollowUp.objects.create(
        trip=restricted_trip,
        description=f"{SECRET['owned_follow_up']} 回覆",
        owner_person=other_person,
        due_date=_days(5),
    )
    Delegate.objects.create(trip=restricted_trip, person=other_person, order=2)
    records["restricted"].extra["owned_by_external"] = FollowUp.objects.create(
        trip=restricted_trip,
        description=f"{SECRET['follow_up']} 外賓回覆",
        owner_person=secret_external,
        due_date=_days(9),
    )

    other_open = make_trip(other_agency, title="衛福部出席 WHO 會議報告", start=_days(-20))
    other_restricted = make_trip(
        other_agency,
        title=f"衛福部機密報告 {OTHER_SECRET['title']}",
        access=Trip.Access.RESTRICTED,
        start=datetime.date(year + 4, 6, 1),
        summary=f"{OTHER_SECRET['summary']}",
    )
    Meeting.objects.create(
        trip=other_restricted,
        series=series,
        title=f"{OTHER_SECRET['meeting']} WHO",
        start_date=other_restricted.start_date,
    )
    # After the restricted trip, to the same meeting and country: its briefing pack
    # lists earlier trips, and must leave out the restricted one for outsiders.
    later_open = make_trip(
        other_agency, title="衛福部出席 SCCP 後續會議報告", start=datetime.date(year + 3, 6, 1)
    )
    Destination.objects.create(trip=later_open, country="PE", city="Lima")
    Meeting.objects.create(
        trip=later_open, series=series, title="SCCP 後續", start_date=later_open.start_date
    )
    ReminderLog.objects.create(recipient=staff, date=_days(-1), follow_up_count=1)
    # A review round on each customs trip (its page names the trip), and a rate.
    for trip in (open_trip, restricted_trip):
        open_review_round(trip)
    PerDiemRate.objects.create(
        country="PE", daily_amount=200, currency="USD", effective_from=datetime.date(2024, 1, 1)
    )
    GlossaryTerm.objects.get_or_create(
        acronym="WCO", defaults={"name_zh": "世界關務組織", "name_en": "World Customs Organization"}
    )
    attempt = {"username": "viewer", "ip_address": "10.0.0.1", "user_agent": "matrix"}
    attempt.update(http_accept="*/*", path_info="/accounts/login/")
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    return SimpleNamespace(
        users=users,
        customs=customs,
        other_agency=other_agency,
        series=series,
        organisation=organisation,
        keyword=keyword,
        staff=staff,
        open=records["open"],
        restricted=records["restricted"],
        other_open=other_open,
        other_restricted=other_restricted,
        later_open=later_open,
        trips=[open_trip, restricted_trip, other_open, other_restricted, later_open],
    )


# The rules, written out independently of the querysets under test ----------------

CUSTOMS_PERSONAS = {"viewer", "editor", "administrator"}


def sees_trip(persona, trip):
    if persona == ANONYMOUS:
        return False
    if persona == "administrator" or trip.access == Trip.Access.OPEN:
        return True
    in_customs = trip.agency.short_name in ("關務署", "臺北關", "財政部")
    return in_customs == (persona in CUSTOMS_PERSONAS)


def hidden_years(world, persona):
    """Years in which only trips hidden from the persona start."""
    seen = {t.start_date.year for t in world.trips if sees_trip(persona, t)}
    return {t.start_date.year for t in world.trips} - seen


def secrets_hidden_from(persona):
    """The marker words a persona must never be shown."""
    if persona in OUTSIDERS:
        return list(SECRET.values())
    if persona in ("viewer", "editor"):
        return list(OTHER_SECRET.values())
    return []
