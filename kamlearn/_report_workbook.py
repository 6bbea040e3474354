"""The management report as an Excel workbook: one sheet per part, text never run as a formula.

Text from the user's data that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a return) is stored
as text with a quote prefix, so no spreadsheet program runs it as a formula (OWASP, CSV injection);
amounts stay numbers with a number format taken from the unit in their header.

References
----------
OWASP. CSV Injection (formula injection in spreadsheet exports).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn._report_tables import display_header, display_value, sheet_title
from kamlearn.i18n import pgettext

if TYPE_CHECKING:
    from kamlearn.management_report import ManagementReport

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these could run as a formula in a spreadsheet program."""


def write_workbook(report: ManagementReport, target: Path) -> None:
    """Write ``report`` to ``target`` (an ``.xlsx`` path): the decision and assumptions first, then a sheet a table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = pgettext("report part", "Decision")
    _put(sheet, 1, 1, report.title).font = Font(bold=True, size=14)
    cell = _put(sheet, 3, 1, report.decision)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=8)
    sheet.row_dimensions[3].height = 150
    sheet.column_dimensions["A"].width = 18
    _put(sheet, 5, 1, pgettext("report part", "Assumptions")).font = Font(bold=True)
    for i, line in enumerate(report.assumptions):
        _put(sheet, 6 + i, 1, line)
    for name, table in report.tables.items():
        title = sheet_title(name)
        ws = workbook.create_sheet(title[:31])
        _put(ws, 1, 1, title).font = Font(bold=True, size=12)
        _put(ws, 2, 1, report.notes.get(name, ""))
        _write_table(ws, table, first_row=4)
    workbook.save(target)


def safe_text(value: str) -> bool:
    """True when text could run as a formula in a spreadsheet (starts with = + - @, a tab or a return)."""
    return value.startswith(FORMULA_PREFIXES)


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store "=..." as a formula; force text
        if safe_text(value):
            cell.quotePrefix = True  # spreadsheet programs show it as typed text, never evaluate it
    elif value is None or (isinstance(value, float) and not math.isfinite(value)) or value is pd.NA:
        cell.value = None
    elif isinstance(value, (bool, np.bool_)):
        cell.value = bool(value)
    elif isinstance(value, (int, np.integer)):
        cell.value = int(value)
    else:
        cell.value = float(value)
    return cell


_FORMATS = {"(NOK)": "#,##0", "(NOK/unit)": "#,##0", "(MNOK)": "#,##0.00", "(share)": "0.0%",
            "(hours)": "#,##0", "(hours/year)": "#,##0", "(share/year)": "0.000"}


def _number_format(header: str) -> str | None:
    for unit, fmt in _FORMATS.items():
        if header.endswith(unit):
            return fmt
    return None


def _write_table(ws: Any, table: pd.DataFrame, first_row: int) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for j, header in enumerate(table.columns, start=1):
        shown = display_header(str(header))  # the key stays English (API); the header a person reads is translated
        _put(ws, first_row, j, shown).font = Font(bold=True)
        width = max([len(shown)] + [len(_plain(v)) for v in table.iloc[:, j - 1].tolist()])
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, width + 2))
    columns = [str(h) for h in table.columns]
    formats = [_number_format(h) for h in columns]
    for i, row in enumerate(table.itertuples(index=False), start=first_row + 1):
        for j, value in enumerate(row, start=1):
            cell = _put(ws, i, j, display_value(columns[j - 1], value))
            if formats[j - 1] and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = formats[j - 1]
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:,.2f}"
    return str(value)
