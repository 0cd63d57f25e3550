"""Text extraction: encodings, DOCX, PDF, and refusal of files that are not reports."""

import io
import os
import random
import zipfile
from pathlib import Path

import docx
import pytest

from meetings.importing import MAX_REPORT_BYTES, ReportError, extract_text, read_report

from .pdfbuild import build_pdf

SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_c82191a8b989691b.txt"
SAMPLE = "行政院及所屬各機關出國報告\n出國期間：113年5月6日至5月10日\n派赴國家：日本東京\n"


def message(excinfo):
    return str(excinfo.value)


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-be").join([b"\xfe\xff", b""]),
        SAMPLE.encode("cp950"),
        SAMPLE.encode("big5hkscs"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "cp950", "big5hkscs"],
)
def test_plain_text_encodings(data):
    text = extract_text(data, "report.txt")
    assert text.lstrip("\ufeff").replace("\r\n", "\n") == SAMPLE


def test_seed_reads_as_a_report():
    doc = read_report(SEED.read_bytes(), SEED.name)
    assert doc["start_date"] == "2022-08-22"


def _docx_bytes():
    document = docx.Document()
    document.add_paragraph("行政院及所屬各機關出國報告")
    document.add_paragraph("（出國類別：考察）")
    document.add_paragraph("赴新加坡考察智慧口岸報告")
    document.add_paragraph("出國人員：")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("姓名", "服務機關", "服務單位", "職稱"),
        ("林志豪", "財政部關務署", "查緝組", "科長"),
        ("何佳穎", "財政部關務署", "", "專員"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("出國期間：113年3月11日至3月15日")
    document.add_paragraph("出國地區：新加坡")
    document.add_paragraph("報告日期：113年4月30日")
    document.add_paragraph("壹、目的")
    document.add_paragraph("瞭解新加坡智慧口岸運作。")
    document.add_paragraph("貳、心得")
    document.add_paragraph("一、自動通關普及")
    document.add_paragraph("旅客自動通關比例高。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_with_a_traveller_table_in_document_order():
    data = _docx_bytes()
    text = extract_text(data, "report.docx")
    assert text.index("出國人員") < text.index("林志豪") < text.index("出國期間")
    assert "林志豪\t財政部關務署\t查緝組\t科長" in text
    doc = read_report(data, "whatever.bin.txt")
    assert doc["category"] == "study_tour"
    assert doc["travelers"] == [
        {
            "name": "林志豪",
            "title": "科長",
            "unit": "查緝組",
            "agency": "財政部關務署",
            "rank": None,
        },
        {"name": "何佳穎", "title": "專員", "unit": None, "agency": "財政部關務署", "rank": None},
    ]
    assert doc["destinations"] == [{"country": "SG", "city": None}]
    assert doc["lessons"] == [
        {"title": "自動通關普及", "body": "旅客自動通關比例高。", "kind": "observation"}
    ]


def test_pdf_with_a_text_layer_joins_pages_and_drops_footers():
    data = build_pdf(
        [
            ["行政院及所屬各機關出國報告", "出國期間：113年5月6日至5月10日", "派赴國家：日本東京"],
            ["壹、目的", "本署派員赴日本瞭解海關風險管理制度之最新發展，並蒐集各項",
             "實務作法。", "- 2 -"],
        ]
    )  # fmt: skip
    text = extract_text(data, "report.pdf")
    assert "\f" in text
    doc = read_report(data, "report.pdf")
    assert doc["destinations"] == [{"country": "JP", "city": "東京"}]
    assert doc["sections"] == [
        {
            "heading": "壹、目的",
            "body": "本署派員赴日本瞭解海關風險管理制度之最新發展，並蒐集各項實務作法。",
        }
    ]


def test_scanned_pdf_is_refused_with_an_ocr_hint():
    with pytest.raises(ReportError) as excinfo:
        extract_text(build_pdf([[], []], scanned=True), "scan.pdf")
    assert "scanned" in message(excinfo) and "OCR" in message(excinfo)


def test_pdf_detected_by_content_whatever_the_name():
    data = build_pdf([["行政院及所屬各機關出國報告", "報告日期：113年6月1日"]])
    assert read_report(data, "report.txt")["report_date"] == "2024-06-01"


def test_empty_file():
    with pytest.raises(ReportError) as excinfo:
        extract_text(b"", "report.txt")
    assert message(excinfo) == "The file is empty."


def test_file_over_the_size_limit():
    with pytest.raises(ReportError) as excinfo:
        extract_text(b"a" * (MAX_REPORT_BYTES + 1), "report.txt")
    assert "20 MB" in message(excinfo)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x00\x01\x02\x03" * 500,
        b"\x89PNG\r\n\x1a\n" + bytes(200),
    ],
)
def test_binary_garbage(data):
    with pytest.raises(ReportError) as excinfo:
        extract_text(data, "report.txt")
    assert "encoding" in message(excinfo)


def test_random_bytes():
    rng = random.Random(4)
    for _ in range(30):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
        with pytest.raises(ReportError):
            read_report(data, "random.txt")


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-16-le"])
def test_wide_unicode_without_bom_is_detected(encoding):
    assert extract_text(SAMPLE.encode(encoding), "report.txt").startswith("行政院")


@pytest.mark.parametrize("encoding", ["shift_jis", "euc-kr"])
def test_wrong_encoding_is_refused(encoding):
    with pytest.raises(ReportError):
        read_report(SAMPLE.encode(encoding), "report.txt")


def test_text_full_of_control_characters():
    data = ("出國報告\x01\x02\x03\x04\x05\x06" * 50).encode("utf-8")
    with pytest.raises(ReportError) as excinfo:
        extract_text(data, "report.txt")
    assert "wrong encoding" in message(excinfo)


@pytest.mark.parametrize("name", ["report.xlsx", "report", "report.json", "report.odt"])
def test_unknown_extensions(name):
    with pytest.raises(ReportError):
        extract_text(SAMPLE.encode("utf-8"), name)


def test_old_word_files_are_refused():
    with pytest.raises(ReportError) as excinfo:
        extract_text(b"\xd0\xcf\x11\xe0" + bytes(100), "report.doc")
    assert ".docx" in message(excinfo)


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReportError):
        extract_text(buffer.getvalue(), "report.docx")


def test_broken_docx_and_pdf():
    with pytest.raises(ReportError):
        extract_text(_docx_bytes()[:300], "report.docx")
    with pytest.raises(ReportError):
        extract_text(b"%PDF-1.4\n" + os.urandom(500), "report.pdf")
