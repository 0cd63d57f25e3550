"""A trip shaped like the first real report (APEC ACBD and SCCP2, Chiang Mai, 2022)."""

import datetime

import pytest

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
)

from ..factories import make_trip


@pytest.fixture
def apec(db):
    return Organisation.objects.create(
        name="Asia-Pacific Economic Cooperation", acronym="APEC", name_zh="亞太經濟合作"
    )


@pytest.fixture
def sccp(apec):
    return MeetingSeries.objects.create(
        name="Sub-Committee on Customs Procedures", acronym="SCCP", organisation=apec
    )


@pytest.fixture
def report(customs, sccp):
    """The seed report as records: title, summary, keywords, SCCP2 agenda 4 › (3)…"""
    trip = make_trip(
        customs,
        title="出席 2022 年亞太經濟合作(APEC)海關與企業對話(ACBD)及關務程序次級委員會"
        "(SCCP)第 2 次會議報告",
        start=datetime.date(2022, 8, 22),
        summary="本署派員出席 2022 年泰國主辦亞太經濟合作(APEC)海關與企業對話(ACBD)"
        "「海關及綠色經濟：提升經濟發展及環境永續」，簡報我國關港貿單一窗口之建置、服務、"
        "能力建構及跨機關協作等成果。",
        purposes=["積極參與國際活動，促進區域經濟合作", "分享我國關務現代化措施"],
    )
    for name in ("APEC", "Single Window", "Green Economy", "單一窗口", "綠色經濟"):
        trip.keywords.add(Keyword.objects.get_or_create(name=name)[0])
    Destination.objects.create(trip=trip, country="TH", city="清邁")
    person = Person.objects.create(name="劉麗霞", agency=customs)
    Delegate.objects.create(trip=trip, person=person, role=Delegate.Role.HEAD)
    ReportSection.objects.create(
        trip=trip,
        order=1,
        heading="壹、會議目的",
        body="我國為亞太經濟合作(Asia Pacific Economic Cooperation, APEC)正式成員，"
        "本署每年派員參與關務程序次級委員會(Sub-Committee on Customs Procedures, SCCP)。",
    )
    meeting = Meeting.objects.create(
        trip=trip,
        series=sccp,
        order=1,
        title="關務程序次級委員會第 2 次會議",
        title_en="Second Meeting of the Sub-Committee on Customs Procedures",
        acronym="SCCP2",
        start_date=datetime.date(2022, 8, 24),
    )
    item4 = AgendaItem.objects.create(meeting=meeting, order=4, label="4、", title="SCCP 優先事項")
    item43 = AgendaItem.objects.create(
        meeting=meeting,
        order=7,
        parent=item4,
        label="(3)",
        title="提升 APEC 區域供應鏈可預測性及連結性",
    )
    MinuteBlock.objects.create(
        meeting=meeting,
        order=1,
        agenda_item=item43,
        title="單一窗口",
        body="我方簡報關港貿單一窗口(Single Window)之建置與跨境資料交換成果 <b>粗體</b>。",
    )
    Decision.objects.create(meeting=meeting, order=1, text="會議採認 SCCP 2023 年工作計畫。")
    FollowUp.objects.create(
        trip=trip, meeting=meeting, description="持續參與 APEC 單一窗口能力建構計畫"
    )
    Lesson.objects.create(
        trip=trip,
        kind=Lesson.Kind.RECOMMENDATION,
        title="持續推動綠色經濟",
        body="建議持續關注世界關務組織(World Customs Organization, WCO)綠色海關議題。",
    )
    Attachment.objects.create(trip=trip, number=1, title="SCCP2 會議議程")
    return trip
