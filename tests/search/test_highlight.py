"""What a search result highlights and how its filters read.

A glossary expansion (WCO → 世界關務組織) highlights the whole expanded name, never
its fragments (組織, 世界) nor a longer name containing part of it (Oceania Customs
Organization); a snippet does not repeat the label shown beside it; the drop-downs
say 所有國家 / 所有類別 as on the trip list."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.models import GlossaryTerm, Meeting, MinuteBlock
from meetings.search.query import Phrase, parse
from meetings.search.snippets import WHOLE, snippet
from meetings.search.tokens import tokenize

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


def whole_text_snippet(text, query, location=""):
    """The snippet as it was written before it read only the window around the first
    match: every match of the whole text (`match_spans`), then the same excerpt."""
    from meetings.search.snippets import excerpt, whole_text_window, without_location

    text = without_location(text, location)
    return excerpt(text, *whole_text_window(text, query))


# Few distinct characters so that matches are frequent, adjacent and overlapping;
# full-width and case forms, a character that lower-cases to two (İ), a combining
# mark (so the text normalises to another length), spaces, punctuation and markup.
ALPHABET = "海關關務單一窗口組織ＡＢabAB İ\u0301 ,.<&\n"


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_the_snippet_of_the_window_is_the_snippet_of_the_whole_text(data):
    word = st.text(alphabet=ALPHABET, min_size=1, max_size=6)
    words = data.draw(st.lists(word, min_size=1, max_size=3))
    expansion = data.draw(st.text(alphabet=ALPHABET, max_size=8))
    query = parse(" ".join(f'"{w}"' for w in words))
    if not query:
        return
    if tokenize(expansion):
        # A glossary expansion: an alternative phrase of another length.
        query.clauses[0].alternatives.append(Phrase(tuple(tokenize(expansion))))
    # A text made of the query's words and other bits, long enough that matches fall
    # before, across and after the window's edges.
    bits = st.one_of(st.sampled_from([*words, expansion]), st.text(alphabet=ALPHABET, max_size=5))
    text = "".join(data.draw(st.lists(bits, max_size=150)))
    assert snippet(text, query) == whole_text_snippet(text, query)
    # Past `WHOLE` characters the text is read up to the window only.
    longer = text * (1 + WHOLE // max(len(text), 1))
    assert snippet(longer, query) == whole_text_snippet(longer, query)


@pytest.mark.parametrize(
    "words,expansion",
    [("海關關務", ""), ("海關", ""), ('"ab ab ab"', ""), ("單一窗口 關", ""), ("海關關務", "關關")],
)
def test_matches_at_every_distance_from_the_windows_edges_are_marked_as_before(words, expansion):
    # A second match placed at each position around the end of the window (150
    # characters from the first match's start less 40), with fillers of one term
    # (a word) and of many (CJK bigrams), and a first match far from the start; an
    # expansion that ends before the longer phrase it is part of.
    query = parse(words)
    if expansion:
        query.clauses[0].alternatives.append(Phrase(tuple(tokenize(expansion))))
    phrase = words.replace('"', "")
    for filler in ("a", "組"):
        for lead in (0, 60):
            for gap in range(100, 160):
                # Past `WHOLE` characters: read up to the window, not whole.
                text = filler * lead + phrase + filler * gap + phrase + filler * 3 + phrase
                text += filler * WHOLE
                assert snippet(text, query) == whole_text_snippet(text, query), (filler, lead, gap)
