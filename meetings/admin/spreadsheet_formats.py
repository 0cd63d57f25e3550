"""CSV and XLSX for django-import-export, written safe for spreadsheet programs.

django-import-export's own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` (4.x) only
deletes a leading "=" (changing the data, and leaving +, -, @, tab and carriage
return alone), so these formats use the portal's helper instead
(`portal.spreadsheets`): CSV cells are prefixed with an apostrophe, removed again on
import; XLSX cells are text cells with their exact value.
"""

import tablib
from import_export.formats import base_formats

from portal.spreadsheets import csv_cell, dataset_workbook, restore_csv_cell


def _mapped(dataset, function):
    rows = [[function(value) for value in row] for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_mapped(dataset, csv_cell), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _mapped(super().create_dataset(in_stream, **kwargs), restore_csv_cell)


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return dataset_workbook(dataset)
