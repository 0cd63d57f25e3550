"""Each parsing stage on its own (see meetings/importing/README.md)."""

import datetime

import pytest

from meetings.importing import lists, people
from meetings.importing.dates import cn_number, parse_date, parse_range
from meetings.importing.labels import find_labels
from meetings.importing.meetings import MeetingReader, _field_blocks, _line_agenda
from meetings.importing.normalize import clean_lines
from meetings.importing.structure import build_tree, section_kind, split_sections

D = datetime.date


# clean ----------------------------------------------------------------------


def test_clean_drops_footer_runs_and_form_feeds_and_rejoins_a_split_sentence():
    wrapped = "參與亞太區域情報聯絡中心年度會議，瞭解區域毒品及菸品走私趨勢，強化本關與"
    text = f"壹、目的\n{wrapped}\n- 3 -\n5\n6\n第 7 頁\n\f各國海關之情資交換。\n貳、過程\n"
    assert clean_lines(text) == ["壹、目的", wrapped + "各國海關之情資交換。", "貳、過程"]


# segment --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("壹、會議目的", "purposes"),
        ("第一章　緒論", "purposes"),
        ("參、心得與建議", "lessons"),
        ("參、結語", "lessons"),
        ("肆、後續辦理事項", "follow_ups"),
        ("貳、研習議程", "agenda"),
        ("貳、會議經過", "minutes"),
        ("伍、附錄", "attachments"),
        ("貳、行程", "itinerary"),
    ],
)
def test_section_kind_by_heading_words(title, kind):
    assert section_kind(title) == kind


def test_chapters_sections_and_items_nest():
    lines = ["第四章　心得與建議", "第一節　心得", "一、甲。", "第二節　建議", "一、乙。"]
    _front, sections = split_sections(lines)
    tree = build_tree(sections[0].lines)
    assert [c.title for c in tree.children] == ["心得", "建議"]
    assert [c.title for c in tree.children[1].children] == ["乙。"]


# fields ---------------------------------------------------------------------


def test_labels_padded_without_colon_and_value_on_next_line():
    lines = [
        "服務機關　法務部調查局",
        "頁數 42 含附件：□是■否",
        "出國期間",
        "111.10.03－111.10.07",
        "關　鍵　詞：洗錢防制",
    ]
    labels = find_labels(lines)
    assert labels["agency"] == [["法務部調查局"]]
    assert labels["pages"] == [["42"]]
    assert labels["period"] == [["111.10.03－111.10.07"]]
    assert labels["keywords"] == [["洗錢防制"]]


def test_a_table_header_with_a_label_word_is_not_a_label():
    assert "agency" not in find_labels(["姓名　　服務機關　　職稱"])


# dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("九十", 90),
        ("九十一", 91),
        ("一一一", 111),
        ("一百零一", 101),
        ("十八", 18),
        ("二十四", 24),
    ],
)
def test_chinese_numerals(text, number):
    assert cn_number(text) == number


def test_chinese_numeral_and_side_by_side_dates():
    assert parse_range("九十年十一月十八日至十一月二十四日") == (D(2001, 11, 18), D(2001, 11, 24))
    assert parse_date("中華民國一一一年十一月二十五日") == D(2022, 11, 25)
    assert parse_range("2023/11/06\t2023/11/10") == (D(2023, 11, 6), D(2023, 11, 10))
    assert parse_range("2023/11/06 共 5 日") == (D(2023, 11, 6), D(2023, 11, 6))


# people ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("財政部關務署通關業務組", ("財政部關務署", "通關業務組")),
        ("衛生福利部食品藥物管理署北區管理中心", ("衛生福利部食品藥物管理署", "北區管理中心")),
        ("通關業務組", (None, "通關業務組")),
        ("法務部調查局", (None, "法務部調查局")),
    ],
)
def test_organisation_split_into_agency_and_unit(text, split):
    assert people.split_organisation(text) == split


def test_agency_and_unit_in_one_table_cell():
    lines = [
        "姓名      機關/單位                    職稱",
        "江明輝    海洋委員會海巡署/艦隊分署    隊長",
    ]
    assert people.find_table(lines) == [
        {"name": "江明輝", "title": "隊長", "unit": "艦隊分署", "agency": "海洋委員會海巡署",
         "rank": None}
    ]  # fmt: skip


def test_travellers_get_the_sending_agency_and_its_short_form_is_written_out():
    found = [
        {"name": "甲", "title": None, "unit": None, "agency": None, "rank": None},
        {"name": "乙", "title": None, "unit": None, "agency": "關務署", "rank": None},
        {"name": "丙", "title": None, "unit": None, "agency": "經濟部國際貿易署", "rank": None},
    ]
    inferred = people.complete_agencies(found, "財政部關務署")
    assert [p["agency"] for p in found] == ["財政部關務署", "財政部關務署", "經濟部國際貿易署"]
    assert inferred == ["travelers.0.agency"]


# meetings -------------------------------------------------------------------


def test_field_lines_with_list_values_and_day_sessions():
    lines = ["會議名稱：第三屆會議", "日期：2019年10月15日", "議程：", "第一天　開幕", "場次1：甲",
             "第二天　閉幕", "場次2：乙", "決議：", "1.同意。"]  # fmt: skip
    blocks = dict(_field_blocks(lines))
    assert blocks["議程："] == ["第一天　開幕", "場次1：甲", "第二天　閉幕", "場次2：乙"]
    agenda = _line_agenda(blocks["議程："])
    assert [(a["label"], a["title"], [i["title"] for i in a["items"]]) for a in agenda] == [
        ("第一天", "開幕", ["甲"]), ("第二天", "閉幕", ["乙"]),
    ]  # fmt: skip


def test_a_meeting_told_in_prose_has_inferred_date_venue_and_chairs():
    _front, sections = split_sections(
        [
            "貳、會議過程",
            "一、第十屆執行會議",
            "本年10月16日至17日於CBP總部舉行，由Mr. Brown與本關謝組長共同主持。",
        ]  # fmt: skip
    )
    trees = [(sections[0], "minutes", build_tree(sections[0].lines))]
    (meeting,) = MeetingReader(2019).read({"title": None}, trees)
    assert (meeting["start_date"], meeting["end_date"]) == ("2019-10-16", "2019-10-17")
    assert meeting["location"] == "CBP總部"
    assert meeting["chairs"] == ["Mr. Brown", "本關謝組長"]
    assert meeting["_how"]["start_date"] == "inference"


# lists ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "title", "body", "kind"),
    [
        ("心得與建議", "掌握要點", "…我國均有成果，宜持續於 APEC 場域主動參與。", "recommendation"),
        ("心得與建議", "會議效率提升", "視訊與實體併行提高參與度。", "observation"),
        ("心得", "美方訓練以情境演練為主，學員須通過考核。", None, "observation"),
        ("心得", "我方應予建立單一聯繫窗口。", None, "recommendation"),
        ("建議事項", "持續參與", None, "recommendation"),
        ("心得與建議", "宜積極參與計畫提案", None, "recommendation"),
    ],
)
def test_lesson_kind_by_what_the_text_says(section, title, body, kind):
    assert lists.lesson_kind(section, title, body) == kind


def test_follow_ups_under_a_labelled_line_inside_an_item():
    tree = build_tree(
        ["1.拜會澳洲海關總署", "聽取簡報。", "後續追蹤事項：", "(1)由驗估處於本年12月底前研議。"]
    )
    (item,) = lists.labelled_follow_ups(tree.children[0], 2003)
    assert (item["owner"], item["due_date"]) == ("驗估處", "2003-12-31")
