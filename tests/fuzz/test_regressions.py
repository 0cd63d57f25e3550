"""Regression tests for the crashes the fuzz tests found, one per fix."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.importing import ReportError, empty_document, parse_report, validate_document
from meetings.importing.structure import page_tail_start
from meetings.models import Trip
from meetings.services import import_document
from meetings.services.files import read_trip_files

from ..factories import make_trip


@pytest.mark.django_db
def test_trip_title_filter_with_hundreds_of_words(client_for, viewer, customs):
    """A pasted paragraph in the title filter once built a query SQLite refused
    ("Expression tree is too large"): a 500.  Only the first ten distinct words count."""
    make_trip(customs, title="出席 APEC SCCP 會議報告")
    make_trip(customs, title="WCO 政策委員會報告")
    client = client_for(viewer)
    repeated = " ".join(["APEC", "SCCP"] * 600)
    response = client.get(reverse("meetings:trip-list"), {"q": repeated})
    assert response.status_code == 200
    titles = [trip.title for trip in response.context["object_list"]]
    assert titles == ["出席 APEC SCCP 會議報告"]

    distinct = " ".join(["報告"] + [f"w{i}" for i in range(1200)])
    response = client.get(reverse("meetings:trip-list"), {"q": distinct})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []


SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_c82191a8b989691b.txt"
CONTROL = "\x00\x01\x08\x0b\x1b\x7f"


def _document_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _document_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _document_strings(item)


@pytest.mark.django_db
def test_report_with_nul_and_control_characters_imports_without_them(settings, tmp_path):
    """NUL bytes in a report reached the database, which PostgreSQL refuses (in text
    and in JSON columns): the import crashed.  Extraction now drops control characters."""
    settings.MEDIA_ROOT = tmp_path
    text = SEED.read_text(encoding="utf-8-sig")
    data = text.replace("會議", "會\x00議").replace("海關", "海\x1b關\x7f").encode()
    (entry,) = read_trip_files(data, "report.txt")
    assert entry.error is None
    assert not any(ch in entry.text for ch in CONTROL)
    assert not any(ch in s for s in _document_strings(entry.document) for ch in CONTROL)
    result = import_document(entry.document, source=entry.source, source_text=entry.text)
    trip = Trip.objects.get(pk=result.trip.pk)
    assert "\x00" not in trip.source_text
    assert "會議" in trip.title


def test_parse_report_drops_control_characters():
    text = SEED.read_text(encoding="utf-8-sig").replace("會議", "會\x00議\x0b")
    document = parse_report(text)
    assert not any(ch in s for s in _document_strings(document) for ch in CONTROL)


def test_trip_document_strings_lose_control_characters():
    document = dict(empty_document(), title="出席\x00會議\x1b報告", keywords=["海\x00關"])
    document["meetings"] = [{"title": "SCCP\x00", "chairs": ["王\x00小明"]}]
    clean = validate_document(document)
    assert clean["title"] == "出席會議報告"
    assert clean["keywords"] == ["海關"]
    assert clean["meetings"][0]["chairs"] == ["王小明"]


def test_trip_document_with_a_lone_surrogate_is_refused():
    """ "\\ud800" in a JSON trip document cannot be stored (not encodable as UTF-8)."""
    document = dict(empty_document(), title="出席會議\ud800報告")
    with pytest.raises(ReportError) as excinfo:
        validate_document(document)
    assert excinfo.value.field == "title"


@pytest.mark.django_db
def test_admin_json_upload_with_nul_and_surrogate_shows_a_message(client_for, superuser):
    client = client_for(superuser)
    url = reverse("admin:meetings_trip_import")
    document = dict(empty_document(), title="出席會議\ud800報告")
    data = json.dumps(document).encode()  # ASCII escapes: "\\ud800"
    response = client.post(url, {"format": "3", "import_file": SimpleUploadedFile("t.json", data)})
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "not valid text" in response.content.decode()
    assert Trip.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("壹、會議目的.....\t1", 6),
        ("壹、會議目的 3", 6),
        ("貳、議程……12", 4),
        ("參、心得．．．  7  ", 4),
        ("肆、建議.5", None),  # one dot is not a leader
        ("附件一\t", 3),
        ("附件一\tx", None),
        ("2022 年會議", None),
        ("第 1234", None),  # four digits are a year, not a page
        ("", None),
    ],
)
def test_page_tail_start(line, start):
    assert page_tail_start(line) == start


def test_table_of_contents_with_a_huge_blank_line_parses():
    """A line of 100,000 spaces in the table of contents made the page-number pattern
    backtrack for minutes (quadratic in the line length): the import hung.  The page
    number is now found by scanning from the end of the line."""
    text = SEED.read_text(encoding="utf-8-sig")
    expected = parse_report(text)
    for filler in (" ", "\u3000", ".."):
        damaged = text.replace("壹、會議目的", "壹、會議目的" + filler * 50_000, 1)
        document = parse_report(damaged.replace("目 錄\n", "目 錄\n" + filler * 100_000 + "\n"))
        assert document["title"] == expected["title"]
        assert len(document["meetings"]) == len(expected["meetings"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("blank-first-line.csv", "\ufeff\n出國人：\n\n王大明、陳小明\n".encode(), "4"),
        ("blank-first-line-with-title.csv", "\ntitle,agency\n出席會議報告,財政部\n".encode(), "4"),
        ("one-line.csv", "出席會議報告".encode(), "4"),
    ],
    ids=["blank-first-line", "blank-line-before-header", "one-line"],
)
def test_trip_list_without_a_header_row_is_refused(client_for, superuser, name, data, fmt):
    """A CSV whose first line is blank has no header row, and import-export read its
    rows without column names: a 500.  The import now stops at the missing title column."""
    client = client_for(superuser)
    response = client.post(
        reverse("admin:meetings_trip_import"),
        {"format": fmt, "import_file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "title" in response.content.decode()
    assert Trip.objects.count() == 0
