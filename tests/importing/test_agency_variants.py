"""Reports of other agencies and genres (r11–r15): study tour, negotiation, WCO meeting,
training course, and the 公務出國報告資訊網 summary sheet laid out as a table."""

from pathlib import Path

from meetings.importing import read_report
from meetings.importing.people import parse_person_line, rank_grade

REPORTS = Path(__file__).parent / "reports"


def parse(name):
    return read_report((REPORTS / name).read_bytes(), name)


def _people(doc):
    return [(t["name"], t["title"], t["unit"], t["agency"], t["rank"]) for t in doc["travelers"]]


def _lessons(doc):
    return [lesson["kind"] for lesson in doc["lessons"]]


def test_ministry_study_tour_with_an_itinerary_table_and_site_visits_only():
    doc = parse("r11_study_tour_itinerary_visits.txt")
    assert doc["title"] == "赴新加坡及馬來西亞考察自由貿易港區通關管理制度報告書"
    assert (doc["category"], doc["agency"]) == ("study_tour", "財政部")
    assert _people(doc) == [
        ("吳建宏", "專門委員", None, "財政部", None),
        ("蔡雅婷", "科長", None, "財政部", None),
    ]
    assert doc["destinations"] == [
        {"country": "SG", "city": None},
        {"country": "MY", "city": "吉隆坡"},
    ]
    assert (doc["start_date"], doc["end_date"], doc["report_date"]) == (
        "2023-03-13",
        "2023-03-17",
        "2023-05-10",
    )
    # Site visits and an itinerary are not meetings.
    assert doc["meetings"] == []
    assert doc["follow_ups"] == [] and doc["attachments"] == []
    assert [p["title"] for p in doc["purposes"]] == [
        "瞭解新加坡自由貿易區之海關監管模式。",
        "蒐集馬來西亞數位自由貿易區（DFTZ）推動經驗。",
    ]
    assert _lessons(doc) == ["observation", "observation", "recommendation", "recommendation"]
    assert doc["lessons"][2]["title"] == "研議導入港區電子帳冊制度"
    assert [s["heading"] for s in doc["sections"]] == [
        "壹、考察目的",
        "貳、考察行程",
        "參、參訪紀要",
        "肆、心得及建議",
    ]
    assert "3月14日\t新加坡" in doc["sections"][1]["body"]


def test_wto_negotiation_in_geneva_with_minutes_by_day():
    doc = parse("r12_wto_negotiation_geneva_daily.txt")
    assert doc["title"] == "出席世界貿易組織（WTO）電子商務聯合聲明倡議談判報告"
    assert (doc["category"], doc["agency"]) == ("negotiation", "經濟部國際貿易署")
    assert [t["name"] for t in doc["travelers"]] == ["林志遠", "許雅芳", "周家豪"]
    assert doc["destinations"] == [{"country": "CH", "city": "日內瓦"}]
    assert (doc["start_date"], doc["end_date"], doc["report_date"]) == (
        "2023-11-06",
        "2023-11-10",
        "2024-01-08",
    )
    [meeting] = doc["meetings"]
    assert meeting["title"] == "WTO 電子商務聯合聲明倡議談判回合"
    assert meeting["title_en"] == "JSI on E-commerce Negotiating Round"
    assert meeting["acronym"] == "JSI"
    assert meeting["location"] == "瑞士日內瓦 WTO 總部"
    assert len(meeting["chairs"]) == 3
    assert [a["title"] for a in meeting["agenda"]][:2] == ["電子傳輸關稅", "無紙化貿易"]
    # The minutes, a section of their own written day by day, belong to the one meeting.
    assert [block["title"] for block in meeting["minutes"]] == [
        "11月6日（星期一）",
        "11月7日（星期二）",
        "11月8日至11月10日",
    ]
    assert "印尼及印度仍持保留立場" in meeting["minutes"][0]["body"]
    assert [(f["owner"], f["due_date"]) for f in doc["follow_ups"]] == [
        ("經濟部國際貿易署", "2023-12-15"),  # 本署: the sending agency
        ("數位發展部", "2024-01-31"),  # 請數位發展部於…
    ]
    assert _lessons(doc) == ["observation", "recommendation"]
    assert doc["attachments"] == [
        {"number": 1, "title": "JSI 電子商務談判議程"},
        {"number": 2, "title": "共同召集人盤點報告"},
    ]
    assert [s["heading"] for s in doc["sections"]][1:3] == ["貳、談判過程", "參、會議紀要"]


def test_wco_policy_commission_in_brussels_with_decisions():
    doc = parse("r13_wco_pc_brussels_decisions.txt")
    assert doc["title"] == "出席世界關務組織第 88 屆政策委員會及第 141/142 屆理事會報告"
    assert (doc["category"], doc["agency"]) == ("meeting", "財政部關務署")
    assert _people(doc) == [
        ("陳美華", "副署長", None, "財政部關務署", None),
        ("王文傑", "科長", "國際事務組", "財政部關務署", None),
        ("張佩珊", "稽核", "國際事務組", "財政部關務署", None),
    ]
    # Only the country is stated: no city is guessed from the meeting's place.
    assert doc["destinations"] == [{"country": "BE", "city": None}]
    assert (doc["start_date"], doc["end_date"]) == ("2023-06-19", "2023-06-24")
    policy, council = doc["meetings"]
    assert policy["title"] == "WCO 政策委員會第 88 屆會議"
    assert policy["title_en"] == "88th Session of the Policy Commission"
    assert policy["acronym"] == "WCO88"
    assert (policy["start_date"], policy["end_date"]) == ("2023-06-19", "2023-06-21")
    assert policy["decisions"] == [
        "採認議程。",
        "通過 2023/2024 年度優先工作計畫。",
        "同意將海關數位轉型列為下屆理事會主題。",
    ]
    assert len(policy["agenda"]) == 4
    assert council["title"] == "WCO 理事會第 141/142 屆會議"
    assert council["decisions"] == ["選出新任秘書長。"]
    assert _lessons(doc) == ["observation", "recommendation"]
    assert [a["number"] for a in doc["attachments"]] == [1, 2]


def test_training_course_in_japan_with_numbered_recommendations():
    doc = parse("r14_training_japan_courses.txt")
    assert doc["title"] == "赴日本參加亞太地區海關風險管理研習課程報告"
    assert (doc["category"], doc["agency"]) == ("training", "財政部關務署高雄關")
    assert doc["contact"] == {"name": "鄭家瑋", "title": None, "phone": "07-5612311分機2205"}
    # 林俊傑／財政部關務署高雄關／驗估處／稽核: name first, slashes between.
    assert _people(doc) == [("林俊傑", "稽核", "驗估處", "財政部關務署高雄關", None)]
    assert doc["destinations"] == [{"country": "JP", "city": "東京"}]
    assert (doc["start_date"], doc["end_date"], doc["report_date"]) == (
        "2024-02-19",
        "2024-03-01",
        "2024-04-12",
    )
    assert (doc["pages"], doc["has_attachments"]) == (22, False)
    assert doc["keywords"] == ["風險管理", "研習", "日本海關"]
    assert doc["meetings"] == []  # a course is not a meeting
    assert _lessons(doc) == ["observation", "observation", "recommendation", "recommendation"]
    assert doc["lessons"][2] == {
        "title": "建議強化旅客資料預報系統之分析功能",
        "body": "宜參考日本海關作法，建立旅客風險評分模型。",
        "kind": "recommendation",
    }
    assert [s["heading"] for s in doc["sections"]] == [
        "壹、研習目的",
        "貳、研習過程",
        "參、心得",
        "肆、建議事項",
    ]


def test_summary_sheet_laid_out_as_a_table():
    doc = parse("r15_summary_table_sheet.txt")
    assert doc["system_id"] == "C11203712"
    assert doc["plan_name"] == "112年度參加亞太經濟合作（APEC）會議"
    assert doc["title"] == "出席 2023 年 APEC 貿易暨投資委員會（CTI）第 3 次會議報告"
    assert (doc["category"], doc["agency"]) == ("meeting", "財政部關務署")
    assert doc["contact"] == {"name": "黃淑芬", "title": None, "phone": "02-25505500#2263"}
    assert _people(doc) == [
        ("謝明哲", "組長", "關務業務組", "財政部關務署", "senior"),
        ("劉怡君", "科長", "關務業務組", "財政部關務署", "junior"),
        ("蔡宗翰", "辦事員", "國際事務組", "財政部關務署", "elementary"),
    ]
    assert doc["destinations"] == [{"country": "US", "city": "西雅圖"}]
    assert (doc["start_date"], doc["end_date"], doc["report_date"]) == (
        "2023-08-14",
        "2023-08-18",
        "2023-10-02",
    )
    assert doc["keywords"] == ["APEC", "CTI", "貿易便捷化"]
    assert doc["summary"].split("\n") == [
        "本次會議於美國西雅圖舉行，我國代表團由本署謝組長率團與會。",
        "會議討論貿易便捷化、數位貿易及供應鏈韌性等議題，並採認年度報告草案。",
        "本署於會中分享我國關港貿單一窗口推動經驗，獲各經濟體肯定。",
    ]
    [meeting] = doc["meetings"]
    assert (meeting["title"], meeting["acronym"]) == ("CTI 第3次會議", "CTI3")
    assert (meeting["start_date"], meeting["end_date"]) == ("2023-08-15", "2023-08-16")
    assert [(f["owner"], f["due_date"]) for f in doc["follow_ups"]] == [
        ("財政部關務署", "2023-09-30")
    ]
    assert _lessons(doc) == ["observation", "recommendation"]
    assert [a["title"] for a in doc["attachments"]] == ["CTI3 議程", "本署簡報"]
    assert doc["sections"][0]["heading"] == "壹、會議目的"


def test_rank_grades():
    assert rank_grade("簡任第十二職等") == "senior"
    assert rank_grade("薦任第九職等") == "junior"
    assert rank_grade("委任第三職等") == "elementary"
    assert rank_grade("第十職等") == "senior"
    assert rank_grade("第7職等") == "junior"
    assert rank_grade("約聘") == "other"
    assert rank_grade("") is rank_grade(None) is None
    person = parse_person_line("財政部關務署 稽核組 科長 王大明 薦任第九職等 w@example.gov.tw")
    assert (person["name"], person["rank"]) == ("王大明", "junior")


SHEET_KEYS = (
    "system_id",
    "plan_name",
    "title",
    "category",
    "agency",
    "contact",
    "travelers",
    "destinations",
    "start_date",
    "end_date",
    "report_date",
    "keywords",
    "summary",
    "meetings",
    "follow_ups",
    "lessons",
    "attachments",
)


def _table_docx(lines):
    """The r15 summary sheet as a Word table (one row a line, cells at the tabs), then
    the body as paragraphs: how such sheets reach the portal as .docx."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(lines[0])
    sheet = [line for line in lines[1:] if "\t" in line]
    width = max(line.count("\t") + 1 for line in sheet)
    table = document.add_table(rows=len(sheet), cols=width)
    for row, line in zip(table.rows, sheet, strict=True):
        for cell, value in zip(row.cells, line.split("\t"), strict=False):
            cell.text = value
    body = lines[lines.index(sheet[-1]) + 1 :]
    for line in body:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_summary_table_sheet_from_a_word_document_parses_as_the_text():
    text_doc = parse("r15_summary_table_sheet.txt")
    lines = (REPORTS / "r15_summary_table_sheet.txt").read_text(encoding="utf-8").split("\n")
    doc = read_report(_table_docx(lines), "r15.docx")
    for key in SHEET_KEYS:
        assert doc[key] == text_doc[key], key


def test_classic_summary_form_with_slashed_labels():
    doc = parse("r16_classic_form_slashed_labels.txt")
    assert doc["title"] == "赴韓國參加 2023 年 WCO 亞太區域海關首長會議報告"
    # 出國計畫主辦機關/聯絡人/電話 over 財政部關務署/王小明/02-…
    assert doc["agency"] == "財政部關務署"
    assert doc["contact"] == {"name": "王小明", "title": None, "phone": "02-25505500#1234"}
    # 出國人員姓名/服務機關/單位/職稱/電話 over one slashed line per traveller.
    assert _people(doc) == [
        ("陳大文", "科長", "稽核組", "財政部關務署", None),
        ("林小美", "專員", "業務一組", "財政部關務署臺北關", None),
    ]
    assert (doc["pages"], doc["has_attachments"]) == (30, True)  # 頁數 30 含附件：■是
    assert doc["category"] == "meeting"  # ■5其他（開會）
    assert doc["destinations"] == [{"country": "KR", "city": "首爾"}]
    assert (doc["start_date"], doc["end_date"], doc["report_date"]) == (
        "2023-05-01",
        "2023-05-05",
        "2023-07-20",
    )
    # The form's instruction （二百至三百字） is not part of the summary.
    assert doc["summary"].startswith("本署派員赴韓國首爾")
    [meeting] = doc["meetings"]
    assert meeting["title"] == "第 32 屆 WCO 亞太區域海關首長會議"
    assert meeting["acronym"] == "RHCAC32"
    assert _lessons(doc) == ["recommendation"]
    headings = [s["heading"] for s in doc["sections"]]
    assert headings == ["壹、會議目的", "貳、會議經過", "參、心得與建議"]
