"""The search page: what it finds, where, and how it shows it."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from meetings.models import AgendaItem, Meeting, MinuteBlock, Trip

from ..factories import make_trip
from .helpers import found, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "q", ["單一窗口", "綠色經濟", "Single Window", "WCO", "海關", "窗口", "SCCP2", "劉麗霞"]
)
def test_finds_the_report(client_for, viewer, report, q):
    response = search(client_for(viewer), q)
    assert response.status_code == 200
    assert found(response) == [report]


def test_a_term_that_is_nowhere_finds_nothing(client_for, viewer, report):
    response = search(client_for(viewer), "量子通關")
    assert found(response) == []
    assert response.context["count"] == 0
    assert "量子通關" in response.content.decode()


def test_the_search_box_is_labelled_and_keeps_the_query(client_for, viewer, report):
    html = search(client_for(viewer), "單一窗口").content.decode()
    assert '<label for="id_q">' in html
    assert 'value="單一窗口"' in html


def test_results_show_where_the_match_is(client_for, viewer, report, settings):
    # Locations are indexed in the portal's language (the suite's is English).
    with translation.override(settings.LANGUAGE_CODE):
        agenda = gettext("Agenda")
    response = search(client_for(viewer), "可預測性")
    matches = response.context["rows"][0]["matches"]
    assert matches[0]["location"] == f"SCCP2 › {agenda} 4 › (3)"
    assert f"SCCP2 › {agenda} 4 › (3)" in response.content.decode()


def test_minutes_location_names_meeting_agenda_and_block(client_for, viewer, report):
    response = search(client_for(viewer), "跨境資料交換")
    [match] = response.context["rows"][0]["matches"]
    assert match["location"].startswith("SCCP2 › ")
    assert match["location"].endswith("(3) › 單一窗口")


def test_snippets_mark_matches_and_escape_everything_else(client_for, viewer, report):
    html = search(client_for(viewer), "跨境資料交換").content.decode()
    assert "<mark>跨境資料交換</mark>" in html
    assert "&lt;b&gt;粗體&lt;/b&gt;" in html
    assert "<b>粗體</b>" not in html


def test_a_phrase_needs_its_words_together(client_for, viewer, report, customs):
    apart = make_trip(customs, title="Single use plastics and the window of opportunity")
    client = client_for(viewer)
    assert found(search(client, '"single window"')) == [report]
    assert set(found(search(client, "single window"))) == {report, apart}


def test_chinese_terms_need_their_characters_in_order(client_for, viewer, report):
    client = client_for(viewer)
    assert found(search(client, "單一窗")) == [report]
    assert found(search(client, "窗口單一")) == []


def test_words_in_one_passage_rank_before_words_spread_over_the_trip(client_for, viewer, customs):
    spread = make_trip(customs, title="海關年度報告")
    spread.lessons.create(body="建議研究綠色經濟")
    together = make_trip(customs, title="其他", summary="海關推動綠色經濟")
    assert found(search(client_for(viewer), "海關 綠色經濟")) == [together, spread]


def test_several_terms_must_all_match(client_for, viewer, report, customs):
    make_trip(customs, title="海關通關時間研究")
    client = client_for(viewer)
    assert found(search(client, "海關 綠色經濟")) == [report]
    assert found(search(client, "海關 量子")) == []


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "AND", "-", "()", '單一窗口"', "a OR", "'; DROP TABLE x; --", "^"]
)
def test_syntax_characters_are_harmless(client_for, viewer, report, q):
    response = search(client_for(viewer), q)
    assert response.status_code == 200


def test_operators_are_searched_as_words(client_for, viewer, report, customs):
    near = make_trip(customs, title="Warehouses NEAR the border AND the port")
    client = client_for(viewer)
    assert found(search(client, "NEAR(")) == [near]
    assert found(search(client, "AND")) == [near]
    assert found(search(client, "海關 -綠色經濟")) == [report]


def test_full_width_and_half_width_match(client_for, viewer, report):
    client = client_for(viewer)
    assert found(search(client, "ＡＰＥＣ")) == [report]
    assert found(search(client, "ｓｉｎｇｌｅ　ｗｉｎｄｏｗ")) == [report]
    assert found(search(client, "sccp2")) == [report]


def test_results_are_ranked_by_relevance(client_for, viewer, customs):
    passing = make_trip(customs, title="年度報告", summary="其中提及綠色經濟一次。")
    central = make_trip(customs, title="綠色經濟研討會報告", summary="綠色經濟與海關。")
    assert found(search(client_for(viewer), "綠色經濟")) == [central, passing]


def test_results_are_paginated_with_the_query_kept(client_for, viewer, customs):
    for i in range(25):
        make_trip(customs, title=f"單一窗口研究 {i}")
    client = client_for(viewer)
    first = search(client, "單一窗口")
    assert first.context["count"] == 25
    assert len(found(first)) == 20
    html = first.content.decode()
    assert "25" in html
    assert "?q=%E5%96%AE%E4%B8%80%E7%AA%97%E5%8F%A3&amp;page=2" in html
    second = client.get(reverse("meetings:search"), {"q": "單一窗口", "page": 2})
    assert len(found(second)) == 5


def test_the_page_without_a_query_shows_only_the_form(client_for, viewer, report):
    response = client_for(viewer).get(reverse("meetings:search"))
    assert response.status_code == 200
    assert "rows" not in response.context


def test_anonymous_visitors_are_sent_to_login(client, report):
    response = search(client, "海關")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_only_answers_get(client_for, viewer):
    assert client_for(viewer).post(reverse("meetings:search"), {"q": "海關"}).status_code == 405


def test_links_go_to_the_trip(client_for, viewer, report):
    html = search(client_for(viewer), "單一窗口").content.decode()
    assert f"/{report.pk}/" in html


def test_query_count_does_not_grow_with_results(
    client_for, viewer, customs, django_assert_max_num_queries
):
    client = client_for(viewer)
    make_trip(customs, title="單一窗口 A", summary="單一窗口")
    search(client, "單一窗口")
    with django_assert_max_num_queries(12):
        search(client, "單一窗口")
    for i in range(30):
        trip = make_trip(customs, title=f"單一窗口 {i}", summary="單一窗口摘要")
        trip.lessons.create(body="單一窗口心得")
    with django_assert_max_num_queries(12):
        response = search(client, "單一窗口")
    assert len(found(response)) == 20


def test_trip_listing_by_filters_alone_is_by_date(client_for, viewer, customs):
    old = make_trip(customs, title="舊", start=__import__("datetime").date(2019, 1, 1))
    new = make_trip(customs, title="新", start=__import__("datetime").date(2023, 1, 1))
    response = search(client_for(viewer), category=Trip.Category.MEETING)
    assert found(response) == [new, old]


def test_too_many_matches_are_listed_by_date_and_the_page_says_so(
    client_for, viewer, customs, monkeypatch
):
    import datetime

    from meetings.search import engine

    ranked = make_trip(
        customs,
        title="綠色經濟研討會",
        summary="綠色經濟專題。",
        start=datetime.date(2021, 5, 1),
    )
    newest = make_trip(
        customs, title="年度報告", summary="提及綠色經濟。", start=datetime.date(2023, 5, 1)
    )
    client = client_for(viewer)
    # Every match fits under the cap: ranked by relevance, no notice.
    response = search(client, "綠色經濟")
    assert found(response) == [ranked, newest]
    assert not response.context["capped"]
    assert "listed by date" not in response.content.decode()
    # The cap is reached (three pieces match): the trips found are listed newest first
    # and the page says that they are not ranked.
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    response = search(client, "綠色經濟")
    assert response.context["capped"]
    assert found(response) == [newest, ranked]
    assert "too many to rank by relevance: the newest are listed by date" in (
        response.content.decode()
    )


def test_agenda_and_minutes_locations_cost_the_same_queries_for_any_number_of_results(
    client_for, viewer, customs, settings, django_assert_max_num_queries
):
    # Their locations are built for the page's entries (two queries), not stored.
    with translation.override(settings.LANGUAGE_CODE):
        agenda = gettext("Agenda")

    def trip_with_minutes(number):
        trip = make_trip(customs, title=f"會議報告 {number}")
        meeting = Meeting.objects.create(trip=trip, order=1, title="會議", acronym=f"M{number}")
        item = AgendaItem.objects.create(meeting=meeting, order=1, label="1、", title="量子通關")
        MinuteBlock.objects.create(meeting=meeting, order=1, agenda_item=item, body="量子通關")

    client = client_for(viewer)
    trip_with_minutes(0)
    search(client, "量子通關")
    with django_assert_max_num_queries(15) as one:
        response = search(client, "量子通關")
    [row] = response.context["rows"]
    assert [m["location"] for m in row["matches"]] == [f"M0 › {agenda} 1"] * 2
    for number in range(1, 25):
        trip_with_minutes(number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = search(client, "量子通關")
    assert len(found(response)) == 20
    locations = {m["location"] for row in response.context["rows"] for m in row["matches"]}
    assert f"M24 › {agenda} 1" in locations
