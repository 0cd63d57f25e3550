"""score_parse: the parser's accuracy over the corpus of reports and expected documents."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.importing.scoring import corpus, score_corpus

REPORTS = Path(__file__).parent / "reports"


def test_the_corpus_is_read_without_a_single_miss():
    score = score_corpus(REPORTS)
    assert score.reports >= 30
    assert [(m.report, m.path, m.expected, m.found) for m in score.misses] == []
    assert score.accuracy == 100.0


def test_every_report_of_the_corpus_has_its_expected_document():
    reports = [p for p in REPORTS.iterdir() if p.suffix in (".txt", ".docx", ".pdf")]
    assert len(corpus(REPORTS)) == len(reports)


def test_command_prints_per_field_accuracy_and_lists_each_miss(tmp_path):
    shutil.copy(REPORTS / "r01_roc_nextline_labels.txt", tmp_path / "a.txt")
    expected = json.loads((REPORTS / "r01_roc_nextline_labels.json").read_text("utf-8"))
    expected["title"] = "別的標題"
    expected["travelers"][1]["unit"] = "稽核組"
    (tmp_path / "a.json").write_text(json.dumps(expected, ensure_ascii=False), "utf-8")
    out = StringIO()
    call_command("score_parse", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "1 reports" in text
    assert "title " in text and "0.0%" in text
    assert "travelers.unit" in text and "50.0%" in text
    assert "2 misses:" in text
    assert "a.txt travelers.1.unit" in text
    assert 'expected "稽核組"' in text and 'found    "通關業務組"' in text


def test_a_non_report_must_be_refused_with_the_expected_reason(tmp_path):
    (tmp_path / "n1.txt").write_text("本合約由甲乙雙方簽訂。", "utf-8")
    (tmp_path / "n1.json").write_text('{"refused": "不是出國報告"}', "utf-8")
    (tmp_path / "n2.txt").write_text("本合約由甲乙雙方簽訂。", "utf-8")
    (tmp_path / "n2.json").write_text('{"refused": "檔案是空的"}', "utf-8")
    shutil.copy(REPORTS / "r01_roc_nextline_labels.txt", tmp_path / "n3.txt")
    (tmp_path / "n3.json").write_text('{"refused": "不是出國報告"}', "utf-8")
    score = score_corpus(tmp_path)
    assert score.totals == {"refused": [1, 3]}
    assert [m.report for m in score.misses] == ["n2.txt", "n3.txt"]
    assert "此文字不是出國報告" in score.misses[0].found


def test_command_refuses_a_folder_without_expectations(tmp_path):
    (tmp_path / "a.txt").write_text("出國報告", "utf-8")
    with pytest.raises(CommandError):
        call_command("score_parse", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("score_parse", str(tmp_path / "missing"))
