"""Rows for an XLSX sheet in which text stays text.

openpyxl stores a string that starts with "=" as a formula, and a spreadsheet program runs it when the file
is opened: a citizen named "=HYPERLINK(…)" would become a live link in an officer's tracking book. Every value
that is a string is written as a string cell, whatever it starts with; numbers and dates keep their type.
"""

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell


def row_cells(sheet, values: Iterable) -> list:
    """The cells of one row for `sheet.append()`, in a normal or a write-only workbook."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
