"""Spreadsheet exports for periodic reviews."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

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
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for lesson in lessons:
        trip = lesson.trip
        sheet.append(
            [
                trip.title,
                trip.agency.name if trip.agency_id else "",
                *_dates(trip.report_date),
                lesson.title,
                lesson.body,
                str(lesson.get_adoption_status_display()),
                lesson.adoption_note,
                *_dates(lesson.review_date),
            ]
        )
    for column, width in zip("ABCDEFGHIJ", [40, 20, 12, 20, 40, 60, 14, 40, 12, 20], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
