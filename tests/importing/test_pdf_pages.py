"""A report read from a PDF parses as its text does, whatever falls on a page break."""

import json
from pathlib import Path

from meetings.importing import parse_report, read_report

from .pdfbuild import build_pdf

SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_c82191a8b989691b.txt"
HEAD = ["行政院及所屬各機關出國報告", "出國期間：113年5月6日至5月10日", "派赴國家：日本東京"]
LONG = "本署派員赴日本瞭解海關風險管理制度之最新發展，並蒐集各國海關之實務作法以供參考及"


def _pages(lines, per_page=60):
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


def _body(pages):
    doc = read_report(build_pdf(pages), "report.pdf")
    return doc["sections"][0]["body"].split("\n")


def test_a_new_page_starting_with_an_agenda_label_is_not_joined():
    pages = [
        [*HEAD, "壹、會議議程", "場次1：促進貿易與投資，同時將對環境不利影響降至最低"],
        ["場次2：國際組織和海關支持實現綠色經濟之作為", "- 2 -"],
    ]
    assert _body(pages) == [
        "場次1：促進貿易與投資，同時將對環境不利影響降至最低",
        "場次2：國際組織和海關支持實現綠色經濟之作為",
    ]


def test_headings_labels_bullets_and_rows_on_a_new_page_are_not_joined():
    starts = [
        "二、會議紀要",
        "(一) 日期：本年8月23日",
        "地點：泰國清邁",
        "- 與會代表",
        "議題 3：電子商務",
        "Session 2: Trade facilitation",
        "姓名 職稱 服務機關",
    ]
    for start in starts:
        body = _body([[*HEAD, "壹、會議經過", LONG], [start, "內容。"]])
        assert body[0] == LONG, start
        assert body[1].startswith(start), start


def test_a_sentence_running_over_a_page_break_is_joined_as_within_a_page():
    body = _body([[*HEAD, "壹、目的", LONG], ["- 1 -"], ["實務作法。"]])
    assert body == [LONG + "實務作法。"]
    # A short line ending a page is not joined, as within a page.
    body = _body([[*HEAD, "壹、目的", "緣起"], ["本署派員赴日本。"]])
    assert body == ["緣起", "本署派員赴日本。"]


def test_the_seed_read_from_a_pdf_of_60_lines_a_page_parses_as_its_text():
    text = SEED.read_text(encoding="utf-8")
    expected = parse_report(text)
    doc = read_report(build_pdf(_pages(text.split("\n"))), "seed.pdf")
    # The one inherent difference: a PDF text layer has no blank lines, so the text's
    # paragraph break after "(2) 日本簡報「…」概念文件，" (a numbered line ending in a comma)
    # cannot be seen, and the sentence that follows is joined onto it.
    gap = ("概念文件，\n目標為", "概念文件，目標為")
    assert json.dumps(doc["meetings"], ensure_ascii=False) == json.dumps(
        expected["meetings"], ensure_ascii=False
    ).replace(json.dumps(gap[0], ensure_ascii=False)[1:-1], gap[1])
    for meeting in doc["meetings"]:
        assert [a["label"] for a in meeting["agenda"]]
    for key in ("title", "category", "agency", "travelers", "destinations", "start_date",
                "end_date", "report_date", "keywords", "follow_ups", "lessons",
                "attachments", "purposes", "contact"):  # fmt: skip
        assert doc[key] == expected[key], key
    assert [s["heading"] for s in doc["sections"]] == [s["heading"] for s in expected["sections"]]
    for got, want in zip(doc["sections"], expected["sections"], strict=True):
        if got["body"] != want["body"]:
            assert got["heading"] == "參、會議紀要"
            joined = want["body"].replace(*gap)
            assert got["body"] == joined
