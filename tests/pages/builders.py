"""A trip with everything in it, sized at will, for the record pages' tests."""

import datetime

from delegates.models import Person
from meetings.models import (
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

from ..factories import make_trip


def full_trip(agency, size=1, **fields):
    """A trip with `size` of each: delegates, meetings (each with a nested agenda,
    minutes and decisions), follow-ups, lessons, attachments and sections."""
    trip = make_trip(
        agency,
        title=fields.pop("title", "出席 2022 年 APEC SCCP 第 2 次會議報告"),
        status=Trip.Status.PUBLISHED,
        report_date=datetime.date(2022, 11, 14),
        pages=26,
        system_id=fields.pop("system_id", None),
        plan_name="111 年度出席 APEC 會議",
        contact_name="柯佩君",
        contact_phone="02-25505500",
        summary="為了解國際最新關務趨勢",
        purposes=[{"title": "積極參與國際活動", "body": "促進區域經濟合作"}, "掌握國際脈動"],
        **fields,
    )
    organisation, _ = Organisation.objects.get_or_create(name="APEC", defaults={"acronym": "APEC"})
    series, _ = MeetingSeries.objects.get_or_create(
        name="Sub-Committee on Customs Procedures",
        defaults={"acronym": "SCCP", "organisation": organisation},
    )
    trip.keywords.add(*[Keyword.objects.get_or_create(name=f"關鍵詞{i}")[0] for i in range(size)])
    Destination.objects.create(trip=trip, country="TH", city="清邁")
    Destination.objects.create(trip=trip, country="JP", city="東京", order=1)
    for i in range(size):
        person = Person.objects.create(
            name=f"{trip.pk}團員{i}", agency=agency, unit="通關業務組", title=f"副組長{i}"
        )
        Delegate.objects.create(
            trip=trip, person=person, order=i, role="head" if i == 0 else "member"
        )
        meeting = Meeting.objects.create(
            trip=trip,
            order=i,
            series=series,
            title=f"關務程序次級委員會第 {i} 次會議",
            acronym=f"SCCP{i}",
            start_date=datetime.date(2022, 8, 24),
            end_date=datetime.date(2022, 8, 25),
            location="泰國清邁",
            chairs=["Mr. Chaiyut Kumkun"],
            format=Meeting.Format.HYBRID,
        )
        top = AgendaItem.objects.create(meeting=meeting, order=0, label="4、", title="策略計畫")
        sub = AgendaItem.objects.create(
            meeting=meeting, order=1, parent=top, label="(1)", title=f"疫情因應{i}"
        )
        AgendaItem.objects.create(
            meeting=meeting, order=2, parent=sub, label="a.", title=f"單一窗口互通{i}"
        )
        MinuteBlock.objects.create(
            meeting=meeting, order=0, agenda_item=sub, title="我國簡報", body=f"本署簡報{i}"
        )
        MinuteBlock.objects.create(meeting=meeting, order=1, title="其他", body=f"下次會議{i}")
        decision = Decision.objects.create(meeting=meeting, order=0, text=f"採認工作計畫{i}")
        FollowUp.objects.create(
            trip=trip,
            meeting=meeting,
            decision=decision,
            description=f"提交報告至 CTI {i}",
            owner_person=person,
            due_date=datetime.date(2022, 10, 7),
            status=FollowUp.Status.OPEN,
        )
        Lesson.objects.create(trip=trip, order=2 * i, title=f"掌握策略計畫要點{i}", body="…")
        Lesson.objects.create(
            trip=trip,
            order=2 * i + 1,
            kind=Lesson.Kind.RECOMMENDATION,
            title=f"培養國際關務人才{i}",
            body="…",
        )
        Attachment.objects.create(trip=trip, number=i + 1, title=f"ACBD Agenda {i}")
        ReportSection.objects.create(trip=trip, order=i, heading=f"第{i}節", body="內文")
    return trip
