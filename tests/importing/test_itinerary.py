"""The itinerary (行程表) of a report: parsed into segments, validated, round-tripped."""

from pathlib import Path

import pytest

from meetings.importing import ReportError, parse_report, validate_document
from meetings.importing.itinerary import parse_itinerary, validate_itinerary

REPORTS = Path(__file__).parent / "reports"


def itinerary_of(name):
    return parse_report((REPORTS / name).read_text("utf-8"))["itinerary"]


def days(entries):
    return [(e["date"], e["origin"], e["destination"], e["activity"]) for e in entries]


def test_numbered_list_items_with_a_colon():
    assert days(itinerary_of("r02_tickbox_table_itinerary.txt")) == [
        ("2023-12-04", None, None, "搭機抵達曼谷。"),
        ("2023-12-05", None, None, "參加東協海關智慧邊境研討會。"),
        ("2023-12-06", None, None, "參訪清邁海關查驗站及拜會清邁海關關長。"),
        ("2023-12-07", None, None, "返國。"),
    ]


def test_table_rows_with_places_and_a_header_row():
    assert days(itinerary_of("r11_study_tour_itinerary_visits.txt")) == [
        ("2023-03-13", "臺北", "新加坡", "啟程"),
        ("2023-03-14", None, "新加坡", "參訪新加坡關稅局及樟宜機場自由貿易區"),
        ("2023-03-15", None, "新加坡", "參訪 PSA 港務集團貨櫃碼頭"),
        ("2023-03-16", None, "吉隆坡", "拜會馬來西亞皇家關稅局"),
        ("2023-03-17", "吉隆坡", "臺北", "返程"),
    ]


def test_plain_lines_under_a_chapter_heading():
    assert days(itinerary_of("r09_old_summary_sheet_chapters.txt")) == [
        ("2014-03-10", "臺北", "新加坡", None),
        ("2014-03-11", None, None, "拜會新加坡海事及港務管理局"),
        ("2014-03-12", None, None, "參訪巴西班讓貨櫃碼頭"),
        ("2014-03-14", "新加坡", "臺北", None),
    ]


def test_a_report_without_an_itinerary_section_states_none():
    assert itinerary_of("r12_wto_negotiation_geneva_daily.txt") == []


def test_a_trip_over_new_year_puts_january_in_the_next_year():
    doc = {
        "start_date": "2023-12-30",
        "sections": [{"heading": "貳、行程", "body": "12月30日 臺北－東京\n1月2日：返國"}],
    }
    assert [e["date"] for e in parse_itinerary(doc)] == ["2023-12-30", "2024-01-02"]


def test_a_wrapped_line_continues_the_day_and_undated_lines_alone_are_no_day():
    doc = {
        "start_date": "2023-05-01",
        "sections": [
            {"heading": "貳、考察行程", "body": "說明如下\n5月1日 拜會海關\n並參訪港區"},
            {"heading": "參、會議議程", "body": "5月2日 開幕"},
        ],
    }
    assert days(parse_itinerary(doc)) == [("2023-05-01", None, None, "拜會海關 並參訪港區")]


def test_dates_without_a_known_year_are_left_out():
    doc = {"start_date": None, "sections": [{"heading": "行程", "body": "5月1日 出發"}]}
    assert parse_itinerary(doc) == []


ENTRY = {
    "date": "2024-05-01",
    "origin": "臺北",
    "destination": "東京",
    "transport": "BR 198",
    "departure_time": "08:50",
    "departure_zone": "Asia/Taipei",
    "arrival_time": "13:05",
    "arrival_zone": "Asia/Tokyo",
    "hotel": "Hotel",
    "activity": "報到",
}


def test_a_full_entry_validates_unchanged():
    assert validate_itinerary([ENTRY]) == [ENTRY]
    assert validate_itinerary(None) == []


@pytest.mark.parametrize(
    "bad",
    [
        "not a list",
        ["not an object"],
        [dict(ENTRY, date=None)],
        [dict(ENTRY, date="2024-02-30")],
        [dict(ENTRY, departure_time="8:50 am")],
        [dict(ENTRY, arrival_zone="Mars/Olympus")],
        [dict(ENTRY, hotel=5)],
    ],
)
def test_malformed_itineraries_are_refused_with_the_field(bad):
    with pytest.raises(ReportError) as caught:
        validate_itinerary(bad)
    assert caught.value.field == "itinerary"


def test_the_document_carries_the_itinerary_key():
    doc = parse_report((REPORTS / "r11_study_tour_itinerary_visits.txt").read_text("utf-8"))
    assert validate_document(doc) == doc
    assert len(doc["itinerary"]) == 5
