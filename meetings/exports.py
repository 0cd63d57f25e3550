"""Spreadsheet exports for periodic reviews."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.spreadsheets import append_text_row, workbook_bytes
from portal.templatetags.roc import roc_date


def _dates(day):
    """ISO and ROC forms of a date, for the two columns of each date."""
    if day is None:
        return "", ""
    return day, roc_date(day)


def recommendations_workbook(lessons) -> bytes:
    """The recommendations with their adoption status and next review (建議事項採行情形)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Recommendations")[:31]
    headers = [
        _("Trip"),
        _("Sending agency"),
        _("Report date"),
        _("Report date (ROC)"),
        _("Recommendation"),
        _("Text"),
        _("Adoption status"),
        _("Adoption note"),
        _("Next review"),
        _("Next review (ROC)"),
    ]
    append_text_row(sheet, [str(h) for h in headers], bold=True)
    for lesson in lessons:
        trip = lesson.trip
        append_text_row(
            sheet,
            [
                trip.title,
                trip.agency.name if trip.agency_id else "",
                *_dates(trip.report_date),
                lesson.title,
                lesson.body,
                str(lesson.get_adoption_status_display()),
                lesson.adoption_note,
                *_dates(lesson.review_date),
            ],
        )
    for column, width in zip("ABCDEFGHIJ", [40, 20, 12, 20, 40, 60, 14, 40, 12, 20], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
