"""Spreadsheet cells that a spreadsheet program will not run as a formula.

A cell starting with = + - @ (or a tab or carriage return, which some programs
skip before looking for one) is read by Excel and LibreOffice as a formula, so a
report title such as ``=HYPERLINK(…)`` would run on the officer's machine.  Such a
value gets a leading apostrophe, which the programs show as text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as it may go into a CSV or XLSX cell; non-text values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
