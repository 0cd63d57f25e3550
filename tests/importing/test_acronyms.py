"""Meeting acronyms: from the English or the Chinese title, with the session number."""

import pytest

from meetings.importing import parse_report
from meetings.importing.acronyms import meeting_acronym, series_acronym, session_number


@pytest.mark.parametrize(
    ("title", "title_en", "acronym", "series"),
    [
        ("SCCP 第1次會議", None, "SCCP1", "SCCP"),
        ("CTI 第1次會議", None, "CTI1", "CTI"),
        ("APEC SCCP 第十二次會議", None, "SCCP12", "SCCP"),
        ("WCO 政策委員會第 87 屆會議", None, "WCO87", None),
        ("2022年關務程序次級委員會第2次會議", "Second Meeting of the Sub-Committee (SCCP2)",
         "SCCP2", "SCCP"),
        ("第２４１屆政策委員會會議", "241st Session of the Policy Commission (PC241)",
         "PC241", "PC"),
        ("海關與企業對話", "The APEC Customs Business Dialogue(ACBD) 2022", "ACBD", "ACBD"),
        ("政策委員會", "PC 87th Session", "PC87", "PC"),
        ("2022年 APEC 關務程序次級委員會第二次會議", None, None, None),
        ("貿易便捷化委員會", "Committee on Trade Facilitation", None, None),
        ("", None, None, None),
    ],
)  # fmt: skip
def test_meeting_acronym(title, title_en, acronym, series):
    assert meeting_acronym(title, title_en) == acronym
    assert series_acronym(acronym) == series


def test_session_numbers():
    assert session_number("第 87 屆") == 87
    assert session_number("第二十一次會議") == 21
    assert session_number("第十次") == 10
    assert session_number("241st Session") == 241
    assert session_number("無屆次") is None


def test_the_parser_takes_the_acronym_from_a_chinese_title():
    doc = parse_report(
        "出國報告\n出國期間：113年5月6日至5月10日\n"
        "壹、會議議程\n一、會議一：CTI 第1次會議\n(一) 日期：5月6日\n"
        "二、會議二：WCO 政策委員會第 87 屆會議\n(一) 日期：5月8日\n"
    )
    assert [(m["title"], m["acronym"]) for m in doc["meetings"]] == [
        ("CTI 第1次會議", "CTI1"),
        ("WCO 政策委員會第 87 屆會議", "WCO87"),
    ]
