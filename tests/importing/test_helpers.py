"""Dates, countries, text clean-up and the trip document validator."""

import datetime

import pytest

from meetings.importing import SCHEMA, ReportError, empty_document, validate_document
from meetings.importing.countries import country_code, split_destinations
from meetings.importing.dates import parse_date, parse_range
from meetings.importing.normalize import clean_lines

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("111 年 8 月 22 日", D(2022, 8, 22)),
        ("民國114年08月27日", D(2025, 8, 27)),
        ("中華民國 113 年 1 月 5 日", D(2024, 1, 5)),
        ("90/11/18", D(2001, 11, 18)),
        ("2023年12月4日", D(2023, 12, 4)),
        ("2023/12/04", D(2023, 12, 4)),
        ("2023-12-04", D(2023, 12, 4)),
        ("2023.12.04", D(2023, 12, 4)),
        ("９０年１１月１８日", D(2001, 11, 18)),
        ("115年6月底前", D(2026, 6, 30)),
        ("113年2月底", D(2024, 2, 29)),
        ("電話 02-25505500", None),
        ("111年2月30日", None),
        ("2022 年", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("本年 10 月 7 日", 2022, D(2022, 10, 7)),
        ("10月7日", 2022, D(2022, 10, 7)),
        ("6月底前", 2026, D(2026, 6, 30)),
        ("10月7日", None, None),
    ],
)
def test_dates_without_a_year_take_the_trip_year(text, year, expected):
    assert parse_date(text, year) == expected


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("111 年 8 月 22 日至 8 月 26 日", None, D(2022, 8, 22), D(2022, 8, 26)),
        ("8 月 22 日至 26 日", 2022, D(2022, 8, 22), D(2022, 8, 26)),
        ("12月4日至12月7日", 2023, D(2023, 12, 4), D(2023, 12, 7)),
        ("111年8月22日至8月26日", None, D(2022, 8, 22), D(2022, 8, 26)),
        ("2023/10/02-2023/10/06", None, D(2023, 10, 2), D(2023, 10, 6)),
        ("112/09/18～112/09/22", None, D(2023, 9, 18), D(2023, 9, 22)),
        ("113年4月8日起至4月19日止", None, D(2024, 4, 8), D(2024, 4, 19)),
        ("2023年12月30日－1月3日", None, D(2023, 12, 30), D(2024, 1, 3)),
        ("2023/12/04 ~ 12/07", None, D(2023, 12, 4), D(2023, 12, 7)),
        ("本年8月23日", 2022, D(2022, 8, 23), D(2022, 8, 23)),
        ("無日期", 2022, None, None),
    ],
)
def test_parse_range(text, year, start, end):
    assert parse_range(text, year) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("泰國清邁", [{"country": "TH", "city": "清邁"}]),
        ("泰國", [{"country": "TH", "city": None}]),
        ("中國大陸上海", [{"country": "CN", "city": "上海"}]),
        ("日本東京、大阪", [{"country": "JP", "city": "東京"}, {"country": "JP", "city": "大阪"}]),
        ("美國及加拿大", [{"country": "US", "city": None}, {"country": "CA", "city": None}]),
        ("韓國和日本", [{"country": "KR", "city": None}, {"country": "JP", "city": None}]),
        ("比利時布魯塞爾，瑞士日內瓦", [{"country": "BE", "city": "布魯塞爾"},
                                         {"country": "CH", "city": "日內瓦"}]),
        ("祕魯利馬", [{"country": "PE", "city": "利馬"}]),
    ],
)  # fmt: skip
def test_split_destinations(text, expected):
    assert split_destinations(text) == expected


def test_country_codes():
    assert country_code("大陸") == "CN"
    assert country_code("南韓") == "KR"
    assert country_code("巴布亞紐幾內亞") == "PG"
    assert country_code("Atlantis") is None


def test_clean_lines_joins_breaks_and_drops_footers():
    text = (
        "本署為掌握國際海關資料模型發展趨勢，並與各國交換資料調和經驗，派員出\n"
        "席本次研討會。\n- 3 -\n\f第 4 頁\n第4頁/共26頁\n12\n"
        "The delegation attended the plenary session and the working\n"
        "group meeting.\n一、目的\n瞭解。"
    )
    assert clean_lines(text) == [
        "本署為掌握國際海關資料模型發展趨勢，並與各國交換資料調和經驗，派員出席本次研討會。",
        "",
        "The delegation attended the plenary session and the working group meeting.",
        "一、目的",
        "瞭解。",
    ]


def test_empty_document_and_validation():
    doc = empty_document()
    assert doc["schema"] == SCHEMA
    assert validate_document(doc) == doc


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("category", "holiday"),
        ("start_date", "2022/08/22"),
        ("report_date", "2022-02-30"),
        ("pages", "26"),
        ("has_attachments", "yes"),
        ("destinations", [{"country": "泰國", "city": None}]),
        ("follow_ups", [{"description": "x", "status": "later"}]),
        ("lessons", [{"title": "x", "kind": "joke"}]),
        ("travelers", "劉麗霞"),
        ("meetings", [{"title": "x", "start_date": "tomorrow"}]),
    ],
)
def test_validation_names_the_bad_field(key, value):
    doc = empty_document()
    doc[key] = value
    with pytest.raises(ReportError) as excinfo:
        validate_document(doc)
    assert excinfo.value.field == key


def test_validation_normalises():
    doc = empty_document()
    doc["destinations"] = [{"country": "th", "city": " 清邁 "}]
    doc["follow_ups"] = [{"description": "提交報告", "owner": None, "due_date": None}]
    out = validate_document(doc)
    assert out["destinations"] == [{"country": "TH", "city": "清邁"}]
    assert out["follow_ups"][0]["status"] == "open"


def test_validation_rejects_other_schemas():
    with pytest.raises(ReportError) as excinfo:
        validate_document({"schema": "trip-document/2"})
    assert excinfo.value.field == "schema"
    with pytest.raises(ReportError):
        validate_document([])
