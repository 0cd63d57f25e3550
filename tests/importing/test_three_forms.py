"""The same report as plain text, as a Word document with real tables, and as a PDF
printed from that layout: the same facts come out of all three."""

import json
import shutil
from pathlib import Path

import pytest

from meetings.importing import read_report
from meetings.importing.extract import extract_text
from meetings.importing.scoring import Score, score_document

from .formbuild import CHROMIUM, blocks, build_docx, build_pdf

REPORTS = Path(__file__).parent / "reports"
# Reports whose 提要 and traveller list become Word tables (tab and space-aligned
# traveller tables, empty cells, 機關/單位 in one cell, tick boxes).
TABLED = (
    "r02_tickbox_table_itinerary",
    "r05_training_space_table",
    "r18_fda_padded_labels_tab_table",
    "r23_cga_training_cover_block_space_table",
    "r26_trade_research_space_table_sessions",
)


def _expected(name):
    return json.loads((REPORTS / f"{name}.json").read_text("utf-8"))


def _misses(name, doc):
    score = Score()
    score_document(score, name, _expected(name), doc)
    return [(m.path, m.expected, m.found) for m in score.misses]


@pytest.mark.parametrize("name", TABLED)
def test_the_layout_puts_the_summary_and_travellers_in_one_table(name):
    text = (REPORTS / f"{name}.txt").read_text("utf-8")
    tables = [block[1] for block in blocks(text) if block[0] == "table"]
    people = [row for rows in tables for row in rows if row[0] == "people"]
    assert any(row[1] and "出國人" in row[1] for row in people)
    assert sum(1 for row in people if row[1] is None) >= 1


@pytest.mark.parametrize("name", TABLED)
def test_docx_with_word_tables_gives_the_same_facts(name):
    text = (REPORTS / f"{name}.txt").read_text("utf-8")
    data = build_docx(text)
    extracted = extract_text(data, f"{name}.docx")
    assert "\t" in extracted  # the tables were read as tables
    assert _misses(name, read_report(data, f"{name}.docx")) == []


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian chromium to print PDF")
@pytest.mark.parametrize("name", TABLED)
def test_pdf_printed_from_the_layout_gives_the_same_facts(name):
    text = (REPORTS / f"{name}.txt").read_text("utf-8")
    data = build_pdf(text)
    assert data.startswith(b"%PDF")
    extracted = extract_text(data, f"{name}.pdf")
    assert "\t" in extracted  # the ruled table was read cell by cell
    assert not any(0x2F00 <= ord(ch) <= 0x2FDF for ch in extracted)  # no Kangxi radicals
    assert _misses(name, read_report(data, f"{name}.pdf")) == []
