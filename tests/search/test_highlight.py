"""What a search result highlights and how its filters read.

A glossary expansion (WCO → 世界關務組織) highlights the whole expanded name, never
its fragments (組織, 世界) nor a longer name containing part of it (Oceania Customs
Organization); a snippet does not repeat the label shown beside it; the drop-downs
say 所有國家 / 所有類別 as on the trip list."""

import re

import pytest

from meetings.models import GlossaryTerm, Meeting, MinuteBlock
from meetings.search.query import parse
from meetings.search.snippets import snippet

from ..factories import make_trip
from .helpers import search

pytestmark = pytest.mark.django_db

TEXT = (
    "本署出席世界關務組織年會，也與大洋洲關務組織（Oceania Customs Organization）"
    "交流；World Customs Organization 秘書處說明組織調整，世界各國踴躍參與。"
)


@pytest.fixture
def wco():
    return GlossaryTerm.objects.create(
        acronym="WCO", name_zh="世界關務組織", name_en="World Customs Organization", verified=True
    )


def marks(html):
    return re.findall(r"<mark>(.*?)</mark>", str(html))


def test_expansion_marks_whole_names_only(wco):
    query = parse("WCO").expand([wco])
    assert marks(snippet(TEXT, query)) == ["世界關務組織", "World Customs Organization"]


def test_a_typed_word_is_marked_where_it_occurs():
    assert marks(snippet(TEXT, parse("組織"))) == ["組織", "組織", "組織"]
    assert marks(snippet("海關與關務", parse("關"))) == ["關", "關"]


def test_search_page_marks_the_expanded_name(client_for, viewer, customs, wco):
    make_trip(customs, title="年會報告", summary=TEXT)
    html = search(client_for(viewer), "WCO").content.decode()
    found = marks(html)
    assert "世界關務組織" in found
    assert not {"組織", "世界", "關務組織", "Customs Organization", "Organization"} & set(found)


def test_snippet_does_not_repeat_the_label_beside_it(client_for, viewer, customs):
    trip = make_trip(customs, title="研習報告")
    meeting = Meeting.objects.create(trip=trip, title="研討會", acronym="WS")
    MinuteBlock.objects.create(meeting=meeting, title="場次2", body="討論跨境電商的申報")
    response = search(client_for(viewer), "跨境電商")
    [match] = response.context["rows"][0]["matches"]
    assert match["location"].endswith("場次2")
    assert not str(match["snippet"]).startswith("場次2")
    text = re.sub(r"<[^>]+>|\s+", " ", response.content.decode())
    assert not re.search(r"場次2\s+場次2", text)


def test_filters_say_all_countries_and_all_categories(chinese_ui, client_for, viewer):
    html = search(client_for(viewer), "").content.decode()
    for name, label in (("country", "所有國家"), ("category", "所有類別")):
        select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        assert re.match(rf'\s*<option value="">{label}</option>', select)
        assert select.count('value=""') == 1
    assert "---------" not in html
