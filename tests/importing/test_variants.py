"""Reports in other layouts (tests/importing/reports/), written for these tests."""

from pathlib import Path

import pytest

from meetings.importing import parse_report, read_report, validate_document

REPORTS = Path(__file__).parent / "reports"


def parse(name):
    return parse_report((REPORTS / name).read_text("utf-8"))


@pytest.mark.parametrize("path", sorted(REPORTS.glob("r*.txt")), ids=lambda p: p.name)
def test_every_variant_parses_and_validates(path):
    doc = read_report(path.read_bytes(), path.name)
    assert validate_document(doc) == doc
    assert doc["sections"] or doc["summary"]  # the 其他 category may file only a 提要


def test_roc_full_width_digits_and_labels_on_the_next_line():
    doc = parse("r01_roc_nextline_labels.txt")
    assert doc["title"] == "參加世界關務組織第２４１屆政策委員會會議報告"
    assert doc["category"] == "meeting"
    assert (doc["start_date"], doc["end_date"]) == ("2023-06-19", "2023-06-23")
    assert doc["report_date"] == "2023-08-01"
    assert doc["pages"] == 12
    assert doc["has_attachments"] is False
    assert doc["contact"] == {"name": "王大明", "title": None, "phone": "(02)2550-5500轉2101"}
    assert doc["travelers"] == [
        {
            "name": "王大明",
            "title": "科長",
            "unit": "稽核組",
            "agency": "財政部關務署",
            "rank": None,
        },
        {
            "name": "陳小華",
            "title": "專員",
            "unit": "通關業務組",
            "agency": "財政部關務署",
            "rank": None,
        },
    ]
    assert doc["destinations"] == [{"country": "BE", "city": "布魯塞爾"}]
    assert doc["keywords"] == ["世界關務組織", "政策委員會", "電子商務"]
    assert [s["heading"] for s in doc["sections"]] == [
        "一、目的", "二、過程", "三、心得", "四、建議事項", "五、後續辦理事項",
    ]  # fmt: skip
    assert doc["purposes"] == [
        {"title": None,
         "body": "瞭解世界關務組織最新政策方向，並蒐集各國海關推動電子商務管理之經驗，"
                 "作為我國精進相關制度之參考。"}
    ]  # fmt: skip


def test_meeting_inside_a_process_section_with_english_name_in_brackets():
    meeting = parse("r01_roc_nextline_labels.txt")["meetings"][0]
    assert meeting["title"] == "第２４１屆政策委員會會議"
    assert meeting["title_en"] == "241st Session of the Policy Commission (PC241)"
    assert meeting["acronym"] == "PC241"
    assert (meeting["start_date"], meeting["end_date"]) == ("2023-06-19", "2023-06-21")
    assert meeting["location"] == "比利時布魯塞爾WCO總部"
    assert meeting["chairs"] == ["Mr. Ian Saunders"]
    assert [(a["label"], a["title"]) for a in meeting["agenda"]] == [
        ("(1)", "開幕"), ("(2)", "電子商務架構標準"), ("(3)", "數位轉型"),
    ]  # fmt: skip
    assert meeting["decisions"] == [
        "通過電子商務架構標準修正草案。",
        "請秘書處於下次會議前提出數位轉型策略報告。",
    ]
    assert [m["title"] for m in meeting["minutes"]] == ["決議事項"]


def test_observations_recommendations_and_deadlines():
    doc = parse("r01_roc_nextline_labels.txt")
    assert [(lesson["title"], lesson["kind"]) for lesson in doc["lessons"]] == [
        ("各國重視跨境電商風險管理", "observation"),
        ("數位轉型為共同趨勢", "observation"),
        ("研議小額包裹預報資料制度", "recommendation"),
        ("持續參與WCO會議", "recommendation"),
    ]
    assert [(f["owner"], f["due_date"], f["status"]) for f in doc["follow_ups"]] == [
        ("通關業務組", "2026-06-30", "open"),
        ("WCO 秘書處", "2023-09-30", "open"),
        (None, None, "done"),
    ]


def test_tick_boxes_traveller_table_and_itinerary():
    doc = parse("r02_tickbox_table_itinerary.txt")
    assert doc["category"] == "meeting"
    assert doc["has_attachments"] is True
    assert doc["pages"] == 18
    assert doc["agency"] == "財政部關務署臺中關"
    assert doc["contact"] == {"name": "林怡君", "title": "科員", "phone": "04-26565101#321"}
    assert doc["travelers"] == [
        {
            "name": "張志明",
            "title": "課長",
            "unit": "查驗課",
            "agency": "財政部關務署臺中關",
            "rank": "junior",
        },
        {
            "name": "李美玲",
            "title": "關務員",
            "unit": None,
            "agency": "財政部關務署臺中關",
            "rank": "elementary",
        },
        {
            "name": "黃國華",
            "title": "分析師",
            "unit": "關務資訊組",
            "agency": "財政部關務署",
            "rank": None,
        },
    ]
    assert doc["destinations"] == [
        {"country": "TH", "city": "曼谷"},
        {"country": "TH", "city": "清邁"},
    ]
    assert (doc["start_date"], doc["end_date"]) == ("2023-12-04", "2023-12-07")
    assert doc["report_date"] == "2024-01-15"
    # The itinerary's visits are not meetings; the agenda section is one meeting.
    assert len(doc["meetings"]) == 1
    agenda = doc["meetings"][0]["agenda"]
    assert [a["title"] for a in agenda] == ["開幕致詞", "智慧邊境技術應用", "綜合討論"]
    assert [i["label"] for i in agenda[1]["items"]] == ["(一)", "(二)"]
    assert [lesson["kind"] for lesson in doc["lessons"]] == ["observation", "recommendation"]
    assert doc["attachments"] == [
        {"number": 1, "title": "研討會議程"},
        {"number": 2, "title": "泰國海關簡報資料"},
    ]


def test_pdf_artefacts_footers_and_dotted_toc():
    doc = parse("r03_pdf_artefacts.txt")
    assert doc["title"] == "出席第十五屆海關資料模型國際研討會報告"
    assert (doc["start_date"], doc["end_date"]) == ("2023-09-18", "2023-09-22")
    assert doc["report_date"] == "2023-10-30"
    assert doc["travelers"] == [
        {
            "name": "吳建國",
            "title": "專門委員",
            "unit": None,
            "agency": "財政部關務署",
            "rank": None,
        }
    ]
    assert [s["heading"] for s in doc["sections"]] == ["壹、目的", "貳、會議過程", "參、心得及建議"]
    assert doc["purposes"][0]["body"] == (
        "本署為掌握國際海關資料模型發展趨勢，並與各國交換資料調和經驗，派員出席本次研討會，"
        "蒐集相關資訊以作為我國精進報單資料標準之參考。"
    )
    meeting = doc["meetings"][0]
    assert meeting["title"] == "第十五屆海關資料模型國際研討會"
    assert meeting["acronym"] == "ICDM15"
    assert meeting["location"] == "韓國首爾"
    assert meeting["minutes"][0]["body"] == (
        "1、各國海關報告資料模型導入現況，多數會員已完成3.x版轉換，並規劃於未來兩年導入4.0版。\n"
        "2、韓國分享其單一窗口資料調和經驗，強調跨機關資料元素對照之重要性。"
    )
    assert not any("第 3 頁" in s["body"] or "- 2 -" in s["body"] for s in doc["sections"])


def test_blank_summary_form_states_nothing():
    doc = parse("r04_blank_form.txt")
    assert doc["category"] is None
    assert doc["has_attachments"] is None
    assert doc["pages"] is None
    assert doc["report_date"] is None
    assert doc["contact"] == {"name": None, "title": None, "phone": None}
    assert doc["keywords"] == []
    assert doc["summary"] is None
    assert doc["travelers"] == [
        {"name": "趙子龍", "title": "科長", "unit": None, "agency": "財政部關務署", "rank": None},
        {"name": "錢多多", "title": "專員", "unit": None, "agency": "財政部關務署", "rank": None},
    ]
    assert (doc["start_date"], doc["end_date"]) == ("2024-04-08", "2024-04-19")
    assert doc["destinations"] == [
        {"country": "US", "city": "華盛頓特區"},
        {"country": "CA", "city": "渥太華"},
    ]
    assert doc["meetings"] == []


def test_other_with_a_named_kind_and_a_space_aligned_table():
    doc = parse("r05_training_space_table.txt")
    assert doc["category"] == "training"
    assert doc["travelers"] == [
        {
            "name": "周文傑",
            "title": "稽核",
            "unit": "驗估處",
            "agency": "財政部關務署高雄關",
            "rank": "junior",
        },
        {
            "name": "鄭雅婷",
            "title": "關務員",
            "unit": None,
            "agency": "財政部關務署高雄關",
            "rank": "elementary",
        },
    ]
    assert (doc["start_date"], doc["end_date"]) == ("2025-08-27", "2025-09-05")
    assert doc["destinations"] == [{"country": "JP", "city": None}]
    assert doc["meetings"] == []
    assert [(lesson["title"], lesson["kind"]) for lesson in doc["lessons"]] == [
        ("日本海關估價審查重視事前諮詢", "observation"),
        ("案例教學效果良好", "observation"),
        ("推動關稅估價預先審核", "recommendation"),
    ]


def test_meetings_without_an_agenda_section_and_a_to_do_list():
    doc = parse("r06_two_meetings_followups.txt")
    assert doc["system_id"] == "C11201234"
    assert doc["plan_name"] == "參與APEC關務合作計畫"
    assert doc["category"] is None
    assert doc["has_attachments"] is False
    assert [m["title"] for m in doc["meetings"]] == ["SCCP 第1次會議", "CTI 第1次會議"]
    sccp = doc["meetings"][0]
    assert (sccp["start_date"], sccp["end_date"]) == ("2023-02-21", "2023-02-22")
    assert sccp["chairs"] == ["Ms. Jane Doe（美國海關）"]
    assert sccp["decisions"] == ["採認 2023 年 SCCP 工作計畫。", "通過主席之友名單。"]
    assert doc["meetings"][1]["start_date"] == "2023-02-23"
    assert [(f["owner"], f["due_date"], f["status"]) for f in doc["follow_ups"]] == [
        ("本署綜合規劃組", "2023-03-31", "open"),
        ("APEC 秘書處", None, "open"),
        (None, None, "in_progress"),
    ]
    assert [lesson["kind"] for lesson in doc["lessons"]] == ["recommendation", "observation"]


def test_big5_file_with_slash_dates():
    path = REPORTS / "r07_big5.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    doc = read_report(path.read_bytes(), path.name)
    assert doc["title"] == "赴香港參加亞太區智慧財產權邊境執法研習班報告"
    assert doc["category"] == "training"
    assert (doc["start_date"], doc["end_date"]) == ("2001-11-18", "2001-11-20")
    assert doc["report_date"] == "2001-12-05"
    assert doc["destinations"] == [{"country": "HK", "city": None}]
    assert doc["travelers"] == [
        {
            "name": "蔡淑芬",
            "title": "課長",
            "unit": None,
            "agency": "財政部關務署基隆關",
            "rank": None,
        }
    ]


def test_gregorian_dates_and_lesson_subsections():
    doc = parse("r08_gregorian_subsections.txt")
    assert doc["title"] == "出席 2023 年世界貿易組織貿易便捷化委員會會議報告"
    assert doc["category"] == "meeting"
    assert (doc["start_date"], doc["end_date"]) == ("2023-10-02", "2023-10-06")
    assert doc["report_date"] == "2023-11-20"
    assert doc["destinations"] == [{"country": "CH", "city": "日內瓦"}]
    assert doc["travelers"][1] == {
        "name": "Chen Mei-Ling",
        "title": "專員",
        "unit": "多邊貿易組",
        "agency": "經濟部國際貿易署",
        "rank": None,
    }
    meeting = doc["meetings"][0]
    assert meeting["title_en"] == "Committee on Trade Facilitation"
    assert meeting["acronym"] is None
    assert meeting["decisions"] == ["採認年度報告。"]
    assert [(lesson["title"], lesson["kind"]) for lesson in doc["lessons"]] == [
        ("開發中會員仍需技術協助", "observation"),
        ("單一窗口經驗受肯定", "observation"),
        ("持續提供技術協助資訊", "recommendation"),
    ]
    assert doc["attachments"] == [
        {"number": 1, "title": "會議議程"},
        {"number": 2, "title": "我國發言稿"},
    ]
    assert doc["has_attachments"] is True


def test_old_summary_sheet_with_chapters_and_a_single_space_table():
    doc = parse("r09_old_summary_sheet_chapters.txt")
    assert doc["system_id"] == "C10300456"
    assert doc["plan_name"] == "觀摩新加坡港口管理"
    assert doc["title"] == "新加坡港埠通關作業考察報告"
    assert doc["agency"] == "交通部航港局"
    assert doc["category"] == "study_tour"
    assert doc["pages"] == 24
    assert (doc["start_date"], doc["end_date"]) == ("2014-03-10", "2014-03-14")
    assert doc["report_date"] == "2014-05-20"
    assert doc["keywords"] == ["港口管理", "通關"]
    assert doc["summary"] == (
        "本局派員赴新加坡考察港埠通關作業，參訪海事及港務管理局，瞭解其港口資訊系統整合經驗。"
    )
    assert doc["travelers"] == [
        {
            "name": "陳建志",
            "title": "科長",
            "unit": "港務組",
            "agency": "交通部航港局",
            "rank": "junior",
        },
        {
            "name": "王淑惠",
            "title": "技正",
            "unit": "企劃組",
            "agency": "交通部航港局",
            "rank": "junior",
        },
    ]
    assert doc["destinations"] == [{"country": "SG", "city": None}]
    assert [s["heading"] for s in doc["sections"]] == [
        "第一章 前言", "第二章 考察行程", "第三章 考察紀要", "第四章 結論與建議",
    ]  # fmt: skip
    assert doc["purposes"][0]["title"] is None
    assert doc["meetings"] == []
    assert [(lesson["title"], lesson["kind"]) for lesson in doc["lessons"]] == [
        ("港口資訊系統整合為提升效率關鍵", "observation"),
        ("建議推動船舶申報單一窗口", "recommendation"),
    ]


def test_name_before_title_and_a_follow_up_section():
    doc = parse("r10_name_title_cover.txt")
    assert doc["category"] == "visit"
    assert doc["travelers"] == [
        {"name": "黃志偉", "title": "副署長", "unit": None, "agency": "財政部關務署", "rank": None},
        {"name": "林佳慧", "title": "秘書", "unit": None, "agency": "財政部關務署", "rank": None},
    ]
    assert doc["destinations"] == [{"country": "VN", "city": "河內"}]
    assert doc["summary"] == "本署副署長率團訪問越南海關總局，就雙邊關務合作交換意見。"
    assert doc["meetings"] == []
    assert doc["follow_ups"] == [
        {
            "description": "由本署稽核組研擬AEO相互承認行動計畫，2024年12月31日前陳報。",
            "owner": "本署稽核組",
            "due_date": "2024-12-31",
            "status": "open",
        },
        {
            "description": "提供越方電子商務管理簡報資料。",
            "owner": None,
            "due_date": None,
            "status": "open",
        },
    ]
    assert doc["lessons"] == [{"title": None, "body": "雙方互動良好。", "kind": "observation"}]


def test_table_of_contents_without_a_title_or_leaders():
    text = (
        "行政院及所屬各機關出國報告\n出國期間：113年5月6日（星期一）至5月10日（星期五）\n\n"
        "壹、目的 1\n貳、心得 2\n\n壹、目的\n瞭解制度。\n貳、心得\n收穫良多。\n"
    )
    doc = parse_report(text)
    assert (doc["start_date"], doc["end_date"]) == ("2024-05-06", "2024-05-10")
    assert doc["sections"] == [
        {"heading": "壹、目的", "body": "瞭解制度。"},
        {"heading": "貳、心得", "body": "收穫良多。"},
    ]


@pytest.mark.parametrize("path", sorted(REPORTS.glob("n*.txt")), ids=lambda p: p.name)
def test_non_reports_are_refused_with_a_reason_in_zh_hant(path):
    from django.utils import translation

    from meetings.importing import ReportError

    with pytest.raises(ReportError) as refused:
        read_report(path.read_bytes(), path.name)
    with translation.override("zh-hant"):
        assert str(refused.value).startswith("此文字不是出國報告")
