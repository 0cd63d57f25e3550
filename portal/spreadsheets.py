"""Cells that open safely in a spreadsheet program: the one helper for every CSV and
XLSX the portal writes.

A cell beginning with =, +, -, @, a tab or a carriage return is read as a formula by
Excel and LibreOffice (CSV injection, OWASP), so a report title such as
`=HYPERLINK("http://…")` would run when the export is opened. CSV cells get a
leading apostrophe (`'=…`), which the programs show as text, and which
`restore_csv_cell` removes again on import; XLSX cells are written as text cells,
never as formulas, so their value stays exact. JSON exports are not touched.
"""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def csv_cell(value):
    """A CSV cell that no spreadsheet program runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def restore_csv_cell(value):
    """The text of a CSV cell written by `csv_cell`."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def append_text_row(sheet, values, bold=False):
    """Append a row to an openpyxl sheet; text is stored as text cells.

    openpyxl stores any string beginning with "=" as a live formula; here every
    string cell is typed as a string (its value unchanged), and characters a
    workbook cannot hold (control characters) become U+FFFD.
    """
    cleaned = [
        ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", v) if isinstance(v, str) else v
        for v in values
    ]
    sheet.append(cleaned)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)


def workbook_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dataset_workbook(dataset):
    """A tablib dataset (import-export's exports) as XLSX bytes with text cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = (dataset.title or "Sheet1")[:31]
    if dataset.headers:
        append_text_row(sheet, [str(h) for h in dataset.headers], bold=True)
        sheet.freeze_panes = "A2"
    for row in dataset:
        append_text_row(sheet, list(row))
    return workbook_bytes(book)
