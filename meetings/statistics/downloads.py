"""The statistics tables as CSV and XLSX files: the numbers of the page, cell for cell."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import csv_cell as formula_safe


def table_cells(table):
    """The header row and the data rows of a table."""
    yield [formula_safe(str(table.label_column)), *(formula_safe(str(c)) for c in table.columns)]
    for row in table.rows:
        yield [formula_safe(row.label), *(formula_safe(v) for v in row.values)]


def csv_bytes(table):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cells in table_cells(table):
        writer.writerow(["" if v is None else v for v in cells])
    # With a byte-order mark, Excel opens the Chinese text as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def workbook_bytes(tables):
    """One sheet per table."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([formula_safe(str(table.title))])
        sheet["A1"].font = Font(bold=True)
        for cells in table_cells(table):
            sheet.append(cells)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
