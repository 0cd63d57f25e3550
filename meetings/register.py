"""Exports for the national register of trip reports (公務出國報告資訊網).

The register asks, for each report, for the fields of the 提要 in the order of its
form; these exports give them as CSV and XLSX rows, and as a ZIP holding the report
files with the same rows, so that an officer can upload a month's reports in one
sitting.  Rows are built from the trip document (services/exporting.py), the same
source as the Word report's 提要 table, so the two never disagree.
"""

import csv
import io
import posixpath
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import csv_cell
from portal.templatetags.roc import roc_date

from .models import Trip
from .models.trips import REGISTER_WATCH_DAYS
from .services.exporting import attach_keyword_names, export_queryset, trip_to_document
from .services.report_docx import category_word, document_to_docx, place_text

# More trips than this in one download is a mistake (a missing filter), not a month.
MAX_ROWS = 2000
MAX_ZIP_TRIPS = 200
RANK_NAMES = {"senior": "簡任", "junior": "薦任", "elementary": "委任", "other": "其他"}

# The register's fields in the order of its form, then what the portal adds.
COLUMNS = [
    gettext_lazy("System id (系統識別號)"),
    gettext_lazy("Related project (相關專案)"),
    gettext_lazy("Plan name (計畫名稱)"),
    gettext_lazy("Report title (報告名稱)"),
    gettext_lazy("Organising agency (主辦機關)"),
    gettext_lazy("Contact person (聯絡人)"),
    gettext_lazy("Contact phone (電話)"),
    gettext_lazy("Travellers (出國人員)"),
    gettext_lazy("Category (出國類別)"),
    gettext_lazy("Departure (出國期間起)"),
    gettext_lazy("Return (出國期間迄)"),
    gettext_lazy("Destinations (出國地區)"),
    gettext_lazy("Report date (報告日期)"),
    gettext_lazy("Subject classification (主題分類)"),
    gettext_lazy("Policy classification (施政分類)"),
    gettext_lazy("Keywords (關鍵詞)"),
    gettext_lazy("Pages (頁數)"),
    gettext_lazy("Has attachments (含附件)"),
    gettext_lazy("Summary (內容摘要)"),
    gettext_lazy("Upload due (上傳期限)"),
    gettext_lazy("Uploaded to the register on"),
    gettext_lazy("Report file in this archive"),
]
WIDTHS = [14, 20, 30, 50, 20, 14, 18, 50, 10, 20, 20, 20, 20, 16, 16, 30, 8, 10, 60, 20, 20, 30]


def register_days_left(trip, today):
    """Days until the register deadline (negative when late); None when the report is
    uploaded, the trip is not back yet, or the deadline is past REGISTER_WATCH_DAYS
    (the rule of `Trip.objects.register_pending`)."""
    if trip.register_uploaded_on or not trip.report_due_date:
        return None
    if not trip.end_date or trip.end_date >= today:
        return None
    days = (trip.report_due_date - today).days
    return days if days >= -REGISTER_WATCH_DAYS else None


def _day(value):
    return roc_date(value) if value else ""


def _traveller(person):
    parts = [
        person["name"],
        person["agency"],
        person["unit"],
        person["title"],
        RANK_NAMES.get(person.get("rank") or ""),
    ]
    return " ".join(part for part in parts if part)


def _yes_no(value):
    return {True: "是", False: "否"}.get(value, "")


def register_row(trip, doc, filename=""):
    """One trip's row, in the order of COLUMNS."""
    contact = doc["contact"]
    return [
        trip.system_id or "",
        trip.related_project,
        trip.plan_name,
        trip.title,
        doc["agency"] or "",
        " ".join(p for p in (contact["name"], contact["title"]) if p),
        contact["phone"] or "",
        "；".join(_traveller(p) for p in doc["travelers"]),
        category_word(trip.category),
        _day(trip.start_date),
        _day(trip.end_date),
        place_text(doc),
        _day(trip.report_date),
        trip.subject_class,
        trip.policy_class,
        "、".join(doc["keywords"]),
        trip.pages if trip.pages is not None else "",
        _yes_no(trip.has_attachments),
        trip.summary,
        _day(trip.report_due_date),
        _day(trip.register_uploaded_on),
        filename,
    ]


def register_trips(queryset):
    """The trips of `queryset` with everything a row and a Word report need, read in a
    fixed number of queries."""
    trips = list(export_queryset(queryset.order_by("start_date", "id"))[:MAX_ROWS])
    return attach_keyword_names(trips)


def _headers():
    return [str(header) for header in COLUMNS]


def rows_csv(rows) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Register")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([csv_cell(cell) for cell in row])
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def register_rows(trips):
    return [register_row(trip, trip_to_document(trip)) for trip in trips]


def _report_file(trip, doc, index):
    """The report to upload: the stored original, or the Word report generated from the
    record when there is none. Returns ``(name in the archive, bytes)``."""
    stem = f"{index:03d}_{trip.system_id or f'trip-{trip.pk}'}"
    stored = trip.source_file
    if stored and stored.storage.exists(stored.name):
        with stored.open("rb") as handle:
            data = handle.read()
        extension = posixpath.splitext(stored.name)[1].lower() or ".bin"
        return f"{stem}{extension}", data
    return f"{stem}.docx", document_to_docx(doc, classification=classification(trip))


def classification(trip):
    """The register's classification rows of a trip, for the Word report's 提要."""
    return [
        ("相關專案", trip.related_project),
        ("主題分類", trip.subject_class),
        ("施政分類", trip.policy_class),
    ]


def register_zip(trips) -> bytes:
    """The report files of `trips`, with the register rows naming each file."""
    buffer = io.BytesIO()
    rows = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, trip in enumerate(trips, 1):
            doc = trip_to_document(trip)
            name, data = _report_file(trip, doc, index)
            archive.writestr(f"reports/{name}", data)
            rows.append(register_row(trip, doc, f"reports/{name}"))
        archive.writestr("register.csv", rows_csv(rows))
        archive.writestr("register.xlsx", rows_xlsx(rows))
    return buffer.getvalue()


def trip_docx(trip) -> bytes:
    """The Word report of one trip read through `register_trips`."""
    return document_to_docx(trip_to_document(trip), classification=classification(trip))


__all__ = [
    "MAX_ROWS",
    "MAX_ZIP_TRIPS",
    "Trip",
    "register_rows",
    "register_trips",
    "register_zip",
    "rows_csv",
    "rows_xlsx",
    "trip_docx",
]
