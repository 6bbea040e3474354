"""Reading a case's tables from CSV files and Excel workbooks, and writing them back.

Everything is read as text first; ``kamlearn.case`` parses and validates it, so
a bad cell becomes a :class:`~kamlearn.CaseError` that names the file, the row
and the column, never a pandas traceback.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kamlearn.errors import CaseError, KamlearnWarning

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class RawTable:
    """A table as read from its source, every cell still as the user wrote it."""

    frame: pd.DataFrame
    """Cells as objects (text from CSV; text or numbers from Excel or DataFrames)."""
    label: str
    """Where the table came from, for error messages ("accounts.csv", "sheet 'accounts' of case.xlsx")."""
    row_numbers: list[int]
    """The row number a person sees in the file or sheet for each row of ``frame``."""
    decimal_comma: bool = False
    """True when numbers were written with a decimal comma (a ';'-separated Norwegian Excel CSV)."""


def _decode(raw: bytes, label: str) -> str:
    if raw.startswith(b"PK\x03\x04"):
        raise CaseError(
            f"{label}: this is not a CSV text file; it looks like an Excel workbook saved with a .csv "
            "name. Rename it to .xlsx, or save it from Excel as 'CSV UTF-8'."
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CaseError(f"{label}: cannot read the text as UTF-16: {exc.reason}.") from None
    if b"\x00" in raw[:4096]:
        raise CaseError(
            f"{label}: this is not a CSV text file (it contains binary data). "
            "Expected comma- or semicolon-separated text."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        line = raw[:first_bad].count(b"\n") + 1
        raise CaseError(
            f"{label}: cannot read the text: expected UTF-8 (or the Windows-1252 a Norwegian Excel uses), "
            f"found byte 0x{raw[first_bad]:02x} on line {line}, which is neither. In Excel, use "
            "'Save as' > 'CSV UTF-8'."
        ) from None
    warnings.warn(
        f"{label}: not UTF-8; read it as Windows-1252, the encoding a Norwegian Excel uses for "
        "'CSV (semicolon separated)'. Check that letters such as æ, ø and å look right.",
        KamlearnWarning,
        stacklevel=4,
    )
    return text


def _sniff_separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def read_csv_table(path: Path) -> RawTable:
    """Read one CSV file as text, comma-, semicolon- or tab-separated.

    A semicolon-separated file (as a Norwegian Excel saves it) is read with a
    decimal comma.  Blank lines are skipped, but row numbers keep counting them.
    """
    label = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError(f"{label}: cannot read the file: {exc.strerror}.") from None
    text = _decode(raw, label)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CaseError(f"{label}: the file is empty; expected a header row with the column names.")
    sep = _sniff_separator(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise CaseError(f"{label}: not a readable CSV file: {exc}.") from None
    header = [h.strip() for h in rows[0]]
    body: list[list[str]] = []
    numbers: list[int] = []
    for index, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            hint = ""
            if sep == "," and len(row) > len(header):
                hint = (
                    " Is a number written with a decimal comma in a comma-separated file? "
                    "Use ';' as separator (as Norwegian Excel does) or a decimal point."
                )
            raise CaseError(
                f"{label}, row {index}: expected {len(header)} fields as in the header, found {len(row)}.{hint}"
            )
        body.append(row)
        numbers.append(index)
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    return RawTable(frame, label, numbers, decimal_comma=(sep == ";"))


def read_excel_tables(path: Path, names: list[str]) -> dict[str, RawTable]:
    """Read the sheets of a workbook that are named like the tables of a Case."""
    label = path.name
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, header=None, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise CaseError(
            f"{label}: not a readable Excel workbook (.xlsx): {type(exc).__name__}: {exc}"
        ) from None
    by_lower = {str(name).strip().lower(): name for name in sheets}
    tables: dict[str, RawTable] = {}
    for name in names:
        if name not in by_lower:
            continue
        sheet = sheets[by_lower[name]]
        sheet_label = f"{label}, sheet '{by_lower[name]}'"
        if sheet.empty:
            raise CaseError(f"{sheet_label}: the sheet is empty; expected a header row with the column names.")
        header = ["" if pd.isna(h) else str(h).strip() for h in sheet.iloc[0]]
        keep = [i for i, h in enumerate(header) if h]
        body = sheet.iloc[1:, keep]
        body.columns = [header[i] for i in keep]
        blank = body.map(lambda v: v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "")
        filled = ~blank.all(axis=1)
        body = body.loc[filled]
        row_numbers = [int(i) + 1 for i in body.index]
        tables[name] = RawTable(body.reset_index(drop=True), sheet_label, row_numbers)
    return tables


def sheet_names_hint(path: Path) -> list[str]:
    """The sheet names of a workbook (for error messages)."""
    try:
        return [str(s) for s in pd.ExcelFile(path, engine="openpyxl").sheet_names]
    except Exception:
        return []


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Give a temporary path beside ``target``; move it over ``target`` only when the block succeeds.

    A crash or an exception while writing leaves ``target`` as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` and then move ``tmp`` over ``target`` in one step."""
    with atomic_path(target) as tmp:
        write(tmp)
