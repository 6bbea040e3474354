"""Finding a case's tables on disk: a folder of CSV files or a workbook, and the company's own row.

Private, behind :func:`kamlearn.load_case`: it says what is missing (a file, a sheet, the path itself) in
the language in force (:mod:`kamlearn.i18n`), reads each table raw with :mod:`kamlearn._io`, and checks
the company's settings (name, discount rate, horizon).  Building and validating the :class:`kamlearn.Case`
stays in :mod:`kamlearn.case`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from kamlearn._case_tables import _parse_number, _parse_table, _Problems
from kamlearn._io import EXCEL_SUFFIXES, RawTable, read_csv_table, read_excel_tables, sheet_names_hint
from kamlearn._schema import TABLES
from kamlearn.errors import CaseError
from kamlearn.i18n import _, ngettext

DEFAULT_NAME = "My company"
DEFAULT_DISCOUNT_RATE = 0.10


def check_rate(rate: Any) -> float:
    """A discount rate from 0 to 1 (a number, or text such as ``'0.1'``), else a CaseError."""
    number = _parse_number(rate)
    if number is None or not math.isfinite(number) or not 0 <= number <= 1:
        raise CaseError(rate_message(rate))
    return number


def rate_message(rate: Any) -> str:
    """The message for a wrong discount rate."""
    return _("discount_rate: expected a number between 0 and 1, found {found}.").format(found=repr(rate))


def check_horizon(years: Any) -> float | None:
    """A planning horizon in years (``None``: no horizon), checked by :func:`kamlearn.value.check_horizon`."""
    from kamlearn.value import check_horizon as check

    try:
        return check(years)
    except ValueError as error:
        raise CaseError(str(error)) from None


def company_settings(raw: RawTable | None) -> tuple[str, float, float | None]:
    """The company's name, discount rate and horizon from its one-row table (defaults when there is none)."""
    if raw is None or raw.frame.empty:
        return DEFAULT_NAME, DEFAULT_DISCOUNT_RATE, None
    problems = _Problems()
    parsed = _parse_table(raw, TABLES["company"], problems)
    problems.raise_if_any()
    assert parsed is not None
    if len(parsed) != 1:
        raise CaseError(_("{file}: expected exactly one row (the company), found {found}.").format(
            file=raw.label, found=len(parsed)))
    horizon = parsed["horizon_years"].iloc[0] if "horizon_years" in parsed.columns else None
    return str(parsed["name"].iloc[0]), float(parsed["discount_rate"].iloc[0]), check_horizon(horizon)


def read_folder(folder: Path) -> dict[str, RawTable]:
    """Every table of a folder of CSV files (``accounts.csv`` ...), raw; a CaseError names the missing ones."""
    raws: dict[str, RawTable] = {}
    missing: list[str] = []
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for name, table in TABLES.items():
        path = present.get(f"{name}.csv")
        if path is None:
            if table.required:
                missing.append(f"{name}.csv")
            continue
        raws[name] = read_csv_table(path, table.column_names)
    if missing:
        found = ", ".join(sorted(present)) or _("no files")
        raise CaseError(_(
            "{folder}: missing {files}; expected one CSV file per table (accounts, resources, initiatives, "
            "demands; staff and company optional). Found: {found}."
        ).format(folder=folder, files=", ".join(missing), found=found))
    return raws


def read_workbook(path: Path) -> dict[str, RawTable]:
    """Every table of a workbook (one sheet per table), raw; a CaseError names the missing sheets."""
    raws = read_excel_tables(path, list(TABLES), {n: t.column_names for n, t in TABLES.items()})
    missing = [n for n, t in TABLES.items() if t.required and n not in raws]
    if missing:
        sheets = ", ".join(repr(s) for s in sheet_names_hint(path)) or _("none")
        raise CaseError(ngettext(
            "{file}: missing sheet(s) {missing}; expected one sheet per table named accounts, resources, "
            "initiatives, demands (staff and company optional). Found sheets: {sheets}.",
            "{file}: missing sheet(s) {missing}; expected one sheet per table named accounts, resources, "
            "initiatives, demands (staff and company optional). Found sheets: {sheets}.",
            len(missing),
        ).format(file=path.name, missing=", ".join(repr(m) for m in missing), sheets=sheets))
    return raws


def check_source(target: Path) -> str:
    """What ``target`` is (``'folder'`` or ``'workbook'``), or a CaseError saying what a case is instead."""
    if not target.exists():
        raise CaseError(_("{path}: no such file or folder; expected a folder of CSV files or an .xlsx workbook.")
                        .format(path=target))
    if target.is_dir():
        return "folder"
    if target.suffix.lower() in EXCEL_SUFFIXES:
        return "workbook"
    if target.suffix.lower() == ".csv":
        raise CaseError(_(
            "{file}: a case is a folder of CSV files (one per table), not one CSV file; pass the folder {folder} "
            "instead."
        ).format(file=target.name, folder=repr(str(target.parent))))
    if not target.suffix:
        raise CaseError(_("{file}: expected a folder of CSV files or an Excel workbook (.xlsx), found a file with "
                          "no extension.").format(file=target.name))
    raise CaseError(_("{file}: expected a folder of CSV files or an Excel workbook (.xlsx), found a {suffix} file.")
                    .format(file=target.name, suffix=target.suffix))
