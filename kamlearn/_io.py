"""Reading a case's tables from CSV files and Excel workbooks, and writing them back.

Everything is read as text first; ``kamlearn.case`` parses and validates it, so
a bad cell becomes a :class:`~kamlearn.CaseError` that names the file, the row
and the column, never a pandas traceback.  Messages and warnings are written in the
language in force (:mod:`kamlearn.i18n`); row numbers are the ones a person sees in the
spreadsheet program (the header's row counted, blank rows too).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from kamlearn._numbers import INVISIBLE, STRIP, Mark
from kamlearn.errors import CaseError, KamlearnWarning
from kamlearn.i18n import LazyText, _, lazy_gettext

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class FormulaCell:
    """A workbook cell holding a formula whose result was never saved (its value is unknown)."""

    formula: str


@dataclass(frozen=True)
class ErrorCell:
    """A workbook cell holding an error value such as ``#N/A`` or ``#DIV/0!``."""

    code: str


ERROR_MEANINGS: dict[str, LazyText] = {
    "#N/A": lazy_gettext("a value not available, often a lookup that found nothing"),
    "#DIV/0!": lazy_gettext("a division by zero"),
    "#VALUE!": lazy_gettext("a formula given the wrong kind of value"),
    "#REF!": lazy_gettext("a reference to a cell that was deleted"),
    "#NAME?": lazy_gettext("a formula with an unknown function or name"),
    "#NUM!": lazy_gettext("a number out of range"),
    "#NULL!": lazy_gettext("two ranges that do not meet"),
}
"""What each spreadsheet error value means, for messages."""


@dataclass(frozen=True)
class RawTable:
    """A table as read from its source, every cell still as the user wrote it."""

    frame: pd.DataFrame
    """Cells as objects (text from CSV; text, numbers, dates, :class:`FormulaCell`, :class:`ErrorCell` from
    a workbook; anything from a DataFrame)."""
    label: str
    """Where the table came from, for error messages ("accounts.csv", "sheet 'accounts' of case.xlsx")."""
    row_numbers: list[int]
    """The row number a person sees in the file or sheet for each row of ``frame``."""
    separator: str | None = None
    """The field separator of a CSV file (``","``, ``";"`` or a tab); None for a workbook or a DataFrame."""

    @property
    def default_decimal(self) -> Mark | None:
        """The decimal mark the source implies when its cells prove none (``;`` files use a decimal comma)."""
        return {",": ".", ";": ","}.get(self.separator or "")  # type: ignore[return-value]


def normalise_name(name: object) -> str:
    """A header or sheet name as compared: no white space or invisible characters around it, lower case."""
    return str(name).strip(STRIP).lower().replace(" ", "_").replace("-", "_")


def show_text(text: str) -> str:
    """Quote text for a message, naming invisible and unusual space characters instead of hiding them.

    >>> show_text("A01\u00a0")
    "'A01<no-break space>'"
    """
    out = []
    for char in str(text):
        if char in INVISIBLE or (char.isspace() and char != " ") or unicodedata.category(char) in ("Cc", "Cf"):
            name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
            out.append(f"<{name}>")
        else:
            out.append(char)
    return "'" + "".join(out).replace("'", "\\'") + "'"


def _decode(raw: bytes, label: str) -> str:
    if raw.startswith(b"PK\x03\x04"):
        raise CaseError(_(
            "{file}: this is not a CSV text file; it looks like an Excel workbook saved with a .csv "
            "name. Rename it to .xlsx, or save it from Excel as 'CSV UTF-8'."
        ).format(file=label))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CaseError(_("{file}: cannot read the text as UTF-16: {reason}.").format(
                file=label, reason=exc.reason)) from None
    if b"\x00" in raw[:4096]:
        if raw[:4096].count(b"\x00") * 3 > len(raw[:4096]):  # UTF-16 without a byte-order mark
            for encoding in ("utf-16-le", "utf-16-be"):
                try:
                    text = raw.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if text[:200].isprintable() or "\n" in text[:4096]:
                    return text
        raise CaseError(_(
            "{file}: this is not a CSV text file (it contains binary data). "
            "Expected comma-, semicolon- or tab-separated text."
        ).format(file=label))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        line = raw[:first_bad].count(b"\n") + 1
        raise CaseError(_(
            "{file}: cannot read the text: expected UTF-8 (or the Windows-1252 a Norwegian Excel uses), "
            "found byte {byte} on line {line}, which is neither. In Excel, use 'Save as' > 'CSV UTF-8'."
        ).format(file=label, byte=f"0x{raw[first_bad]:02x}", line=line)) from None
    warnings.warn(
        _("{file}: not UTF-8; read it as Windows-1252, the encoding a Norwegian Excel uses for "
          "'CSV (semicolon separated)'. Check that letters such as æ, ø and å look right.").format(file=label),
        KamlearnWarning,
        stacklevel=4,
    )
    return text


def _sniff_separator(line: str) -> str:
    counts = {sep: line.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _is_blank_cell(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip(STRIP)


def _find_header(rows: list[list[Any]], expected: Sequence[str], label: str, in_file: bool) -> int:
    """The index of the header row: the first non-blank row; an error when a title sits above it.

    ``in_file`` is True for a CSV file (whose rows a person calls lines), False for a sheet (rows).
    """
    filled = [i for i, row in enumerate(rows) if not all(_is_blank_cell(v) for v in row)]
    if not filled:
        message = (_("{file}: the file has no header row (it is empty or holds only blank lines); expected the "
                     "column names on the first line.") if in_file else
                   _("{file}: the sheet has no header row (it is empty or holds only blank lines); expected the "
                     "column names on the first line."))
        raise CaseError(message.format(file=label))
    first = filled[0]
    wanted = set(expected)

    def known(row: list[Any]) -> int:
        return sum(1 for v in row if not _is_blank_cell(v) and normalise_name(v) in wanted)

    if known(rows[first]) == 0:
        for later in filled[1:10]:
            if known(rows[later]) >= 2:
                title = " ".join(str(v).strip(STRIP) for v in rows[first] if not _is_blank_cell(v))
                message = (_("{file}, line {line}: expected the header with the column names ({columns}, ...), "
                             "found {found}, which looks like a title; the header is on line {header}. Delete the "
                             "lines above the header.") if in_file else
                           _("{file}, row {line}: expected the header with the column names ({columns}, ...), "
                             "found {found}, which looks like a title; the header is on row {header}. Delete the "
                             "rows above the header."))
                raise CaseError(message.format(file=label, line=first + 1, columns=", ".join(expected[:4]),
                                               found=show_text(title), header=later + 1))
    return first


def _drop_unnamed_columns(
    header: list[str], body: list[list[Any]], row_numbers: list[int], label: str, name_of: Callable[[int], str]
) -> list[int]:
    """The positions of the columns to keep: a column with no header and no values is noise; with values, an error."""
    keep = []
    for j, name in enumerate(header):
        if name:
            keep.append(j)
            continue
        for row, number in zip(body, row_numbers, strict=True):
            if j < len(row) and not _is_blank_cell(row[j]):
                raise CaseError(_(
                    "{file}, row {row}, {column}: expected a column name in the header above this value, found "
                    "a column with no name holding {found}. Give the column a name (kamlearn keeps columns of "
                    "your own) or delete it."
                ).format(file=label, row=number, column=name_of(j), found=show_text(str(row[j]))))
    return keep


def read_csv_table(path: Path, expected: Sequence[str] = ()) -> RawTable:
    """Read one CSV file as text: comma-, semicolon- or tab-separated, in UTF-8, UTF-16 or Windows-1252.

    Blank lines (also before the header) are skipped, but row numbers keep
    counting them.  Columns with no header and no values (``;;;`` at the end of
    each line, as Excel leaves them) are dropped.  How numbers are written
    (decimal comma or point) is decided later, per column, by
    :mod:`kamlearn._numbers`.

    Parameters
    ----------
    path
        The CSV file.
    expected
        The table's column names, to tell a title line above the header from the header.
    """
    label = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError(_("{file}: cannot read the file: {reason}.").format(file=label, reason=exc.strerror)) from None
    text = _decode(raw, label)
    lines = text.splitlines()
    if not any(line.strip(STRIP) for line in lines):
        raise CaseError(_("{file}: the file is empty; expected a header row with the column names.").format(file=label))
    sep = _locate_csv_header(lines, tuple(expected), label)[1]
    fast = _read_csv_fast(text, sep, label, expected)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise CaseError(_("{file}: not a readable CSV file: {reason}.").format(file=label, reason=exc)) from None
    start = _find_header([list(r) for r in rows[:12]], tuple(expected), label, True)
    header = [h.strip(STRIP) for h in rows[start]]
    width = len(header)
    named = max((j + 1 for j, h in enumerate(header) if h), default=0)
    body: list[list[str]] = []
    numbers: list[int] = []
    for index, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip(STRIP) for cell in row):
            continue
        if len(row) > width and not any(cell.strip(STRIP) for cell in row[width:]):
            row = row[:width]  # trailing empty fields (";;;" as Excel leaves them)
        elif named <= len(row) < width:
            row = row + [""] * (width - len(row))  # fewer trailing empty fields than the header has
        if len(row) != width:
            hint = ""
            if sep == "," and len(row) > width:
                hint = " " + _(
                    "Is a number written with a decimal comma in a comma-separated file? "
                    "Use ';' as separator (as Norwegian Excel does) or a decimal point."
                )
            raise CaseError(_("{file}, row {row}: expected {width} fields as in the header, found {found}.").format(
                file=label, row=index, width=width, found=len(row)) + hint)
        body.append(row)
        numbers.append(index)
    return _csv_table(header, body, numbers, label, sep)


def _csv_table(header: list[str], body: list[list[str]], numbers: list[int], label: str, sep: str) -> RawTable:
    keep = _drop_unnamed_columns(header, body, numbers, label, lambda j: _("field {n}").format(n=j + 1))
    if len(keep) < len(header):
        header = [header[j] for j in keep]
        body = [[row[j] for j in keep] for row in body]
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    return RawTable(frame, label, numbers, separator=sep)


def _locate_csv_header(lines: list[str], expected: tuple[str, ...], label: str) -> tuple[int, str]:
    """The line of the header and the separator; an error when a title line sits above the header."""
    filled = list(itertools.islice((i for i, line in enumerate(lines) if line.strip(STRIP + ";,\t")), 12))
    if not filled:
        raise CaseError(_("{file}: the file has no header (only empty lines); expected the column names on the "
                          "first line.").format(file=label))
    first = filled[0]
    wanted = set(expected)

    def known(line: str) -> tuple[int, str]:
        return max(((sum(normalise_name(f.strip('"')) in wanted for f in line.split(sep)), sep)
                    for sep in ("\t", ";", ",")), key=lambda pair: pair[0])

    found, sep = known(lines[first])
    if found == 0 and wanted:
        for later in filled[1:10]:
            count = known(lines[later])[0]
            if count >= 2:
                raise CaseError(_(
                    "{file}, line {line}: expected the header with the column names ({columns}, ...), "
                    "found {found}, which looks like a title; the header is on line {header}. Delete the "
                    "lines above the header."
                ).format(file=label, line=first + 1, columns=", ".join(expected[:4]),
                         found=show_text(lines[first].strip(STRIP)), header=later + 1))
    return first, (sep if found else _sniff_separator(lines[first]))


def _read_csv_fast(text: str, sep: str, label: str, expected: Sequence[str]) -> RawTable | None:
    """The same table as the careful reader gives, through pandas' C parser; None for anything unusual."""
    if '"' in text or "\r" in text.replace("\r\n", "\n"):
        return None  # quoted fields may span lines: row numbers need the careful reader
    try:
        cells = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, na_filter=False,
                            skip_blank_lines=False, engine="c", quoting=csv.QUOTE_NONE)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    if cells.isna().to_numpy().any() or cells.empty:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(cells):
        return None
    start = _find_header(cells.iloc[:12].to_numpy().tolist(), tuple(expected), label, True)
    header = [str(h).strip(STRIP) for h in cells.iloc[start]]
    strip = STRIP + sep
    filled = np.array([bool(line.strip(strip)) for line in lines[start + 1:]], dtype=bool)
    body = cells.iloc[start + 1:].loc[filled]
    unnamed = [j for j, h in enumerate(header) if not h]
    for j in unnamed:
        if (body.iloc[:, j].str.strip(STRIP) != "").any():
            return None  # the careful reader names the cell
    keep = [j for j, h in enumerate(header) if h]
    frame = body.iloc[:, keep]
    frame.columns = [header[j] for j in keep]
    numbers = (body.index.to_numpy() + 1).tolist()
    return RawTable(frame.reset_index(drop=True), label, numbers, separator=sep)


def _sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    """The cells of a sheet, with error values as :class:`ErrorCell` and unsaved formulas as :class:`FormulaCell`."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [
            [ErrorCell(str(c.value)) if c.data_type == "e" else c.value for c in row]
            for row in book[sheet].iter_rows()
        ]
    finally:
        book.close()
    if not any(v is None for row in rows for v in row):
        return rows
    # an empty value may be a formula whose result was never saved: look at the formulas themselves
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for i, row in enumerate(book[sheet].iter_rows(values_only=True)):
            if i >= len(rows):
                break
            for j, value in enumerate(row):
                if j < len(rows[i]) and rows[i][j] is None and value is not None:
                    formula = value if isinstance(value, str) else getattr(value, "text", str(value))
                    rows[i][j] = FormulaCell(str(formula))
    finally:
        book.close()
    return rows


def read_excel_tables(path: Path, names: list[str], expected: Mapping[str, Sequence[str]]) -> dict[str, RawTable]:
    """Read the sheets of a workbook that are named like the tables of a Case.

    Sheet names are compared without case, white space or invisible
    characters; two sheets that match the same table are an error.  Cells
    keep what they hold: numbers, text, dates, durations, error values
    (:class:`ErrorCell`) and formulas whose result was never saved
    (:class:`FormulaCell`).
    """
    label = path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet_names = list(book.sheetnames)
        book.close()
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise CaseError(_("{file}: not a readable Excel workbook (.xlsx): {reason}").format(
            file=label, reason=f"{type(exc).__name__}: {exc}")) from None
    by_name: dict[str, str] = {}
    for sheet in sheet_names:
        key = normalise_name(sheet)
        if key in names and key in by_name:
            raise CaseError(_(
                "{file}: expected one sheet per table, found two sheets for '{table}': {first} and {second} "
                "(they differ only in spaces, case or invisible characters). Delete or rename one of them."
            ).format(file=label, table=key, first=show_text(by_name[key]), second=show_text(sheet)))
        by_name[key] = sheet
    tables: dict[str, RawTable] = {}
    for name in names:
        if name not in by_name:
            continue
        sheet = by_name[name]
        shown = f"'{sheet}'" if sheet == sheet.strip() else show_text(sheet)
        # Translators: where a table came from in a workbook; {sheet} is the sheet's name in quotes.
        sheet_label = _("{file}, sheet {sheet}").format(file=label, sheet=shown)
        rows = _sheet_rows(path, sheet)
        if not rows:
            raise CaseError(_("{file}: the sheet is empty; expected a header row with the column names.").format(
                file=sheet_label))
        start = _find_header(rows[:12], tuple(expected.get(name, ())), sheet_label, False)
        header = ["" if _is_blank_cell(h) else str(h).strip(STRIP) for h in rows[start]]
        header += [""] * (max(len(r) for r in rows) - len(header))
        body: list[list[Any]] = []
        row_numbers: list[int] = []
        width = len(header)
        for index, row in enumerate(rows[start + 1:], start=start + 2):
            cells = list(row) + [None] * (width - len(row))
            if all(_is_blank_cell(v) for v in row):
                continue  # a blank row; a row of unsaved formulas or error values is kept
            body.append(cells)
            row_numbers.append(index)
        keep = _drop_unnamed_columns(header, body, row_numbers, sheet_label,
                                     lambda j: _("column {letter}").format(letter=get_column_letter(j + 1)))
        columns = [header[j] for j in keep]
        frame = pd.DataFrame([[row[j] for j in keep] for row in body], columns=columns, dtype=object)
        tables[name] = RawTable(frame, sheet_label, row_numbers)
    return tables


def sheet_names_hint(path: Path) -> list[str]:
    """The sheet names of a workbook (for error messages)."""
    try:
        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return [str(s) for s in book.sheetnames]
        finally:
            book.close()
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
