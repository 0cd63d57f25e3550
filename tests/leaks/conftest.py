"""A restricted trip of 關務署 whose names exist nowhere else (issue 10).

Its meeting brings a meeting series and an organisation of its own, it carries a
keyword no other trip has, and its text teaches the glossary an acronym: all of them
exist only because of that trip, so they must stay invisible to another agency.
"""

from types import SimpleNamespace

import pytest

from meetings.models import (
    FollowUp,
    GlossaryTerm,
    Keyword,
    Meeting,
    MeetingSeries,
    Organisation,
    Trip,
)

from ..factories import make_trip

MARK = {
    "series": "ZQXSERIES",
    "organisation": "ZQXORGANISATION",
    "keyword": "ZQXKEYWORD",
    "acronym": "ZQXG",
    "term_zh": "機密協定組織",
}


@pytest.fixture
def hidden(customs, other_agency):
    organisation = Organisation.objects.create(
        name=MARK["organisation"], acronym=MARK["organisation"]
    )
    series = MeetingSeries.objects.create(
        name=MARK["series"], acronym=MARK["series"], organisation=organisation
    )
    keyword = Keyword.objects.create(name=MARK["keyword"])
    trip = make_trip(
        customs,
        title="機密報告",
        access=Trip.Access.RESTRICTED,
        summary=f"本署出席{MARK['term_zh']}({MARK['acronym']})會議。",
    )
    trip.keywords.add(keyword)
    meeting = Meeting.objects.create(trip=trip, series=series, title="機密會議", acronym="ZQXS")
    follow_up = FollowUp.objects.create(trip=trip, meeting=meeting, description="機密待辦")
    # An open trip of the other agency that mentions the term's Chinese name only.
    mention = make_trip(other_agency, title=f"出席{MARK['term_zh']}研討會報告")
    shared = Keyword.objects.create(name="海關合作")
    trip.keywords.add(shared)
    open_trip = make_trip(customs, title="公開報告")
    open_trip.keywords.add(shared)
    return SimpleNamespace(
        organisation=organisation,
        series=series,
        keyword=keyword,
        shared_keyword=shared,
        trip=trip,
        meeting=meeting,
        follow_up=follow_up,
        term=GlossaryTerm.objects.get(acronym=MARK["acronym"]),
        mention=mention,
        open_trip=open_trip,
    )


# The words that must never reach another agency (the Chinese name of the term is
# also in an open trip's title, on purpose).
HIDDEN_WORDS = (MARK["series"], MARK["organisation"], MARK["keyword"], MARK["acronym"])


def marks_in(content):
    text = content.decode() if isinstance(content, bytes) else content
    return [word for word in HIDDEN_WORDS if word in text]
