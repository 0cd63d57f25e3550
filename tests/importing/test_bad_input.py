"""parse_report never fails with anything but ReportError."""

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.importing import ReportError, parse_report, validate_document

SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_c82191a8b989691b.txt"
SEED_TEXT = SEED.read_text("utf-8")


def test_text_that_is_not_a_trip_report():
    with pytest.raises(ReportError) as excinfo:
        parse_report("今天天氣很好，我們去公園散步。\nThe quick brown fox.")
    assert "not a trip report" in str(excinfo.value)


@pytest.mark.parametrize("text", ["", "   \n\f\n", "出國"])
def test_nearly_empty_text(text):
    with pytest.raises(ReportError):
        parse_report(text)


def test_not_a_string():
    with pytest.raises(ReportError):
        parse_report(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("cut", [60, 400, 1500, 3000, 9000, 30000])
def test_truncated_report_parses_partially(cut):
    doc = parse_report(SEED_TEXT[:cut])
    assert validate_document(doc) == doc


def test_truncated_in_the_middle_of_a_date():
    doc = parse_report("行政院及所屬各機關出國報告\n出國期間：111 年 8 月 22 日至 8")
    assert doc["start_date"] == "2022-08-22"


PIECES = st.sampled_from(
    [
        "出國報告", "出國人：", "出國期間：", "111 年 8 月 22 日至", "26 日", "壹、", "一、",
        "(一)", "（１）", "1、", "- ", "附件1 ", "目 錄", ".....", "\t", "\n", "\f", "　", "：",
        "■是□否",
        "出國類別：其他（", "泰國清邁、", "本年 10 月 7 日", "115年6月底前", "心得與建議", "議程",
        "會議紀要", "日期：", "主席：", "會後執行事項", "(ABC)", "第 3 頁", "- 3 -", "姓名\t職稱",
    ]
)  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=60))
def test_fuzz_only_report_errors(parts):
    try:
        doc = parse_report("".join(parts))
    except ReportError:
        return
    assert validate_document(doc) == doc


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED_TEXT)), st.text(max_size=30))
def test_fuzz_corrupted_seed(position, insert):
    text = SEED_TEXT[:position] + insert + SEED_TEXT[position + len(insert) :]
    try:
        doc = parse_report(text)
    except ReportError:
        return
    assert validate_document(doc) == doc


def test_pathological_lines_are_fast():
    import time

    text = "出國報告\n" + ("一" * 5000) + "\n" + ("(" * 3000) + "\n" + ("1、" * 3000) + "\n"
    text += ("." * 10000) + "\n" + ("111年" * 2000) + "\n" + ("　" * 5000 + "x") + "\n"
    start = time.perf_counter()
    with contextlib.suppress(ReportError):
        parse_report(text)
    assert time.perf_counter() - start < 1.0


_SHEET_PIECES = st.sampled_from(
    ["系統識別號", "報告名稱", "出國人員", "姓名", "職稱", "官職等", "簡任第十職等", "\t",
     "\t\t", "：", "出國類別", "■開會", "內容摘要", "王小明", "／", "第 87 屆", "SCCP",
     "場次2：", "(一)", "\n", "\f", "請", "於", "本署"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SHEET_PIECES, max_size=80))
def test_table_form_sheets_and_labels_in_any_order(pieces):
    text = "出國報告\n" + "".join(pieces)
    with contextlib.suppress(ReportError):
        doc = parse_report(text)
        assert validate_document(doc) == doc


def test_a_huge_table_row_is_read_in_linear_time():
    row = (
        "出國人員\t姓名\t職稱\n" + "王小明\t科長\n" * 5000 + "內容摘要\t" + "\t".join(["文"] * 5000)
    )
    doc = parse_report("出國報告\n" + row)
    assert len(doc["travelers"]) >= 1
