"""Known trips for the statistics tests and the browser test, every figure worked out
by hand.

財政部 › 關務署 › 臺北關, and 衛福部 beside them:

- A, 關務署, open, 2022: meeting in Japan, APEC SCCP; reported 30 days after the return
  (on time); a follow-up finished 61 days after the return; a recommendation adopted.
- B, 臺北關, open, 2023: training in Belgium and France, WCO PC; reported 151 days after
  the return (late); a follow-up overdue.
- R, 關務署, restricted, 2023: meeting in Japan; no report, now overdue; a follow-up
  open without due date; a recommendation proposed.
- O, 衛福部, open, 2022: visit to the United States; reported after 10 days.
"""

import datetime
from types import SimpleNamespace

from delegates.models import Person
from meetings.models import (
    Delegate,
    Destination,
    FollowUp,
    Lesson,
    Meeting,
    MeetingSeries,
    Organisation,
    Trip,
)
from tests.factories import make_trip

D = datetime.date


def _delegate(trip, person, order=0):
    Delegate.objects.create(trip=trip, person=person, order=order)


def build_stats_world(customs, taipei_customs, other_agency):
    apec = Organisation.objects.create(name="Asia-Pacific Economic Cooperation", acronym="APEC")
    wco = Organisation.objects.create(name="World Customs Organization", acronym="WCO")
    sccp = MeetingSeries.objects.create(name="SCCP meetings", acronym="SCCP", organisation=apec)
    pc = MeetingSeries.objects.create(name="Policy Commission", acronym="PC", organisation=wco)
    senior = Person.objects.create(name="甲高階", agency=customs, rank_grade="senior")
    junior = Person.objects.create(name="乙薦任", agency=customs, rank_grade="junior")
    elementary = Person.objects.create(name="丙委任", agency=customs, rank_grade="elementary")
    unranked = Person.objects.create(name="丁無職等", agency=other_agency)

    a = make_trip(
        customs, "甲案 APEC", start=D(2022, 3, 1), end=D(2022, 3, 5), report_date=D(2022, 4, 4)
    )
    Destination.objects.create(trip=a, country="JP")
    _delegate(a, senior)
    _delegate(a, junior, 1)
    Meeting.objects.create(trip=a, series=sccp, title="SCCP 1", order=0)
    FollowUp.objects.create(
        trip=a, description="done", status="done", completed_on=D(2022, 5, 5), order=0
    )
    Lesson.objects.create(
        trip=a, kind="recommendation", adoption_status="adopted", body="r1", order=0
    )

    b = make_trip(
        taipei_customs,
        "乙案 WCO",
        start=D(2023, 1, 10),
        end=D(2023, 1, 14),
        report_date=D(2023, 6, 14),
        category=Trip.Category.TRAINING,
    )
    Destination.objects.create(trip=b, country="BE", order=0)
    Destination.objects.create(trip=b, country="FR", order=1)
    _delegate(b, senior)
    Meeting.objects.create(trip=b, series=pc, title="PC", order=0)
    FollowUp.objects.create(trip=b, description="late", due_date=D(2023, 2, 1), order=0)

    r = make_trip(
        customs,
        "丙案 限閱",
        access=Trip.Access.RESTRICTED,
        start=D(2023, 5, 1),
        end=D(2023, 5, 5),
    )
    Destination.objects.create(trip=r, country="JP")
    _delegate(r, elementary)
    FollowUp.objects.create(trip=r, description="open", order=0)
    Lesson.objects.create(trip=r, kind="recommendation", body="r2", order=0)

    o = make_trip(
        other_agency,
        "丁案 衛福部",
        start=D(2022, 7, 1),
        end=D(2022, 7, 3),
        report_date=D(2022, 7, 13),
        category=Trip.Category.VISIT,
    )
    Destination.objects.create(trip=o, country="US")
    _delegate(o, unranked)
    return SimpleNamespace(a=a, b=b, r=r, o=o, sccp=sccp, pc=pc, apec=apec, wco=wco)
