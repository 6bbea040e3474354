"""The tables of one company: accounts, resources, initiatives, demands and staff.

A :class:`Case` is built from a folder of CSV files, an Excel workbook with one
sheet per table, or pandas DataFrames.  It is validated when built and never
changes afterwards: what-if variants are new Cases made by methods such as
:meth:`Case.with_capacity`.

Examples
--------
>>> import kamlearn
>>> case = kamlearn.load_case()
>>> case
Case('Fjordpak AS': 16 accounts, 9 resources, 28 initiatives, 12 staff)
>>> bigger = case.with_capacity(kam_hours=1500)
>>> float(bigger.resources.loc["kam_hours", "capacity"])
1500.0
>>> float(case.resources.loc["kam_hours", "capacity"])
1100.0
"""

from __future__ import annotations

import datetime
import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kamlearn import _numbers
from kamlearn._io import (
    ERROR_MEANINGS,
    EXCEL_SUFFIXES,
    ErrorCell,
    FormulaCell,
    RawTable,
    normalise_name,
    read_csv_table,
    read_excel_tables,
    sheet_names_hint,
    show_text,
    write_atomically,
)
from kamlearn._numbers import INVISIBLE, STRIP, Mark
from kamlearn._schema import TABLES, Column, Table
from kamlearn.errors import CaseError

__all__ = ["Case", "embedded_data_path", "load_case"]

DEFAULT_NAME = "My company"
DEFAULT_DISCOUNT_RATE = 0.10
_CASE_TABLES = ("accounts", "resources", "initiatives", "demands", "staff")
_MAX_PROBLEMS = 50


def embedded_data_path() -> Path:
    """The folder holding the embedded case company's CSV files.

    Inside an installed wheel the data lives in ``kamlearn/_data``; in a
    source checkout it is the repository's ``data/`` folder.
    """
    packaged = Path(str(importlib_resources.files("kamlearn"))) / "_data"
    if (packaged / "accounts.csv").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


# ----------------------------------------------------------------------------- parsing

_NUMERIC_KINDS = ("number", "integer", "probability")


def _normalise_header(name: str) -> str:
    return normalise_name(name)


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, str) and value.strip(STRIP) == ""


def _is_real_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _parse_number(value: Any) -> float | None:
    """A Python value given in code (not a file) as a float, or None when it is not plainly a number."""
    if _is_real_number(value):
        return float(value)
    if isinstance(value, str) and _numbers.classify(value) in ("plain", "."):
        return _numbers.parse(value, ".")
    return None


def _describe(value: Any) -> str:
    """What a cell holds, in words, for a message: dates as dates, invisible characters by name."""
    if isinstance(value, FormulaCell):
        return (
            f"a formula with no saved result ({value.formula}); the program that last saved the workbook did "
            "not compute it. Open the workbook in Excel or LibreOffice and save it, so the result is stored"
        )
    if isinstance(value, ErrorCell):
        meaning = ERROR_MEANINGS.get(value.code.upper())
        return f"the error value {value.code}" + (f" ({meaning})" if meaning else "") + (
            "; fix the formula that gives it, or type the value"
        )
    if _is_blank(value):
        return "an empty cell"
    if isinstance(value, (datetime.datetime, pd.Timestamp)):
        shown = value.strftime("%Y-%m-%d") if (value.hour, value.minute, value.second) == (0, 0, 0) else (
            value.strftime("%Y-%m-%d %H:%M:%S"))
        return f"a date, {shown} (the cell is formatted as a date; format it as a number or as text)"
    if isinstance(value, datetime.date):
        return f"a date, {value.isoformat()} (the cell is formatted as a date; format it as a number or as text)"
    if isinstance(value, (datetime.time, datetime.timedelta, pd.Timedelta)):
        if isinstance(value, datetime.time):
            shown = value.strftime("%H:%M:%S")
        else:
            seconds = int(pd.Timedelta(value).total_seconds())
            shown = f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        return f"a duration, {shown} (the cell is formatted as a time; format it as a number)"
    if isinstance(value, (bool, np.bool_)):
        return f"the truth value {str(bool(value)).upper()}"
    if isinstance(value, str):
        return f"text {show_text(value)}"
    if _is_real_number(value):
        return _numbers.format_number(float(value))
    return f"{value!r}"


class _Problems:
    """Collects validation problems, each naming the place, the expectation and the finding."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, raw: RawTable, position: int | None, column: str | None, message: str) -> None:
        where = raw.label
        if position is not None:
            where += f", row {raw.row_numbers[position]}"
        if column is not None:
            where += f", column '{column}'"
        self.items.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise CaseError(self.items[:_MAX_PROBLEMS])


def _match_columns(raw: RawTable, table: Table, problems: _Problems) -> pd.DataFrame | None:
    """Rename the user's columns to the schema's names; report missing and misspelt ones."""
    frame = raw.frame
    given = [str(c) for c in frame.columns]
    normalised = {_normalise_header(c): c for c in given}
    rename: dict[str, str] = {}
    for column in table.columns:
        if column.name in normalised:
            rename[normalised[column.name]] = column.name
    missing = [c for c in table.columns if c.required and c.name not in normalised]
    unknown = [c for c in given if c not in rename]
    seen = [_normalise_header(c) for c in given]
    duplicated = sorted({c for c in seen if seen.count(c) > 1})
    for name in duplicated:
        spellings = [show_text(g) for g in given if _normalise_header(g) == name]
        problems.add(
            raw, None, name,
            f"the column appears more than once ({', '.join(spellings)}); expected each column once.",
        )
    for column in missing:
        close = difflib.get_close_matches(column.name, [_normalise_header(u) for u in unknown], n=1, cutoff=0.6)
        if close:
            original = next(u for u in unknown if _normalise_header(u) == close[0])
            problems.add(
                raw, None, column.name,
                f"missing column; found {show_text(original)} instead. Is it misspelt? Expected '{column.name}' "
                f"({column.description.rstrip('.')}).",
            )
        else:
            problems.add(
                raw, None, column.name,
                f"missing column; expected a column '{column.name}' ({column.description.rstrip('.')}). "
                f"Found columns: {', '.join(show_text(g) for g in given) or 'none'}.",
            )
    if missing or duplicated:
        return None
    if frame.empty:
        problems.add(raw, None, None, "the table has no rows; expected at least one row under the header.")
        return None
    return frame.rename(columns=rename)


def _range_ok(column: Column, numbers: np.ndarray) -> np.ndarray:
    """Which numbers satisfy the column's rules (vectorised twin of :func:`_check_range`)."""
    ok = np.isfinite(numbers)
    if column.kind == "probability":
        return ok & (numbers >= 0.0) & (numbers <= 1.0)
    if column.kind == "integer":
        ok &= np.floor(numbers) == numbers
    if column.minimum is not None:
        ok &= (numbers > column.minimum) if column.minimum_exclusive else (numbers >= column.minimum)
    if column.maximum is not None:
        ok &= numbers <= column.maximum
    return ok


@dataclass
class _NumberCells:
    """A number column taken apart: its distinct cells, what each is, and the decimal mark they prove."""

    numbers: np.ndarray | None
    """The whole column as floats when it holds only real numbers (a numeric dtype)."""
    codes: np.ndarray
    """For each row, the index of its cell in ``cells`` (-1 for a missing value)."""
    cells: list[Any]
    verdicts: list[str]
    """Per distinct cell: 'number', 'blank', 'other' (a date, a formula, ...) or a :data:`_numbers.Verdict`."""
    proven: str | None
    """'.' or ',' when the cells prove a decimal mark, 'conflict' when they prove both, None when neither."""


def _take_apart(series: pd.Series) -> _NumberCells:
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        return _NumberCells(numbers, np.empty(0, dtype=np.intp), [], [], None)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    cells = list(uniques.tolist() if hasattr(uniques, "tolist") else uniques)
    verdicts: list[str] = []
    for cell in cells:
        if _is_real_number(cell):
            verdicts.append("number")
        elif _is_blank(cell):
            verdicts.append("blank")
        elif isinstance(cell, str):
            verdicts.append(_numbers.classify(cell))
        else:
            verdicts.append("other")
    return _NumberCells(None, np.asarray(codes), cells, verdicts, _numbers.decide(set(verdicts)))  # type: ignore[arg-type]


def _first_row(raw: RawTable, cells: _NumberCells, index: int) -> int:
    return raw.row_numbers[int(np.argmax(cells.codes == index))]


def _read_numbers(
    raw: RawTable, column: Column, cells: _NumberCells, fallback: Mark | None, problems: _Problems
) -> pd.Series | None:
    """Parse a number column with its decimal mark (see :mod:`kamlearn._numbers`); report every bad cell."""
    if cells.numbers is not None:
        numbers = cells.numbers
        bad_cell: dict[int, str] = {}
        blank_rows = np.isnan(numbers)
    else:
        values = np.full(len(cells.cells), np.nan)
        bad_cell = {}
        mark: Mark | None = None
        unknown = "nothing else in the column or the file shows which"
        if cells.proven == "conflict":  # cells that prove their own mark are read so; the rest cannot be
            shown = []
            for proven_mark in (",", "."):
                k = cells.verdicts.index(proven_mark)
                shown.append(f"{_numbers.describe_mark(proven_mark)} (row {_first_row(raw, cells, k)}: "
                             f"{show_text(cells.cells[k])})")
            unknown = f"the column has numbers with {shown[0]} and with {shown[1]}"
        else:
            mark = cells.proven if cells.proven in (".", ",") else fallback  # type: ignore[assignment]
        for k, (cell, verdict) in enumerate(zip(cells.cells, cells.verdicts, strict=True)):
            if verdict == "number":
                values[k] = float(cell)
            elif verdict == "blank":
                pass  # NaN: an empty cell, like a missing value
            elif verdict == "other":
                bad_cell[k] = _describe(cell) + "."
            elif verdict == "invalid" and cell.strip(STRIP).lower().lstrip("+-") in ("inf", "infinity", "nan"):
                bad_cell[k] = f"{show_text(cell)} (not finite)."
            elif verdict == "invalid":
                bad_cell[k] = f"text {show_text(cell)}.{_text_hint(cell, raw)}"
            elif verdict == "ambiguous" and mark is None:
                used: Mark = "." if "." in cell else ","
                as_group, as_decimal = _numbers.parse(cell, _numbers.other(used)), _numbers.parse(cell, used)
                bad_cell[k] = (
                    f"{show_text(cell)}, which is {_numbers.format_number(as_group or 0)} if '{used}' groups "
                    f"thousands or {_numbers.format_number(as_decimal or 0)} if '{used}' is the decimal mark, and "
                    f"{unknown}. Write it without thousands separators."
                )
            else:
                # a cell that proves its own mark is read with it; the others with the column's mark
                use: Mark = verdict if verdict in (".", ",") else (mark or ".")  # type: ignore[assignment]
                number = _numbers.parse(cell, use)
                if number is None:
                    bad_cell[k] = (
                        f"{show_text(cell)}, which is not a number: a decimal mark ('.' or ','), and "
                        "optionally thousands in groups of three separated by a space or the other mark."
                    )
                else:
                    values[k] = number
        codes = cells.codes
        # a column of blank cells only (an optional value left empty) has no distinct cells to index
        picked = values[np.maximum(codes, 0)] if len(values) else np.full(len(codes), np.nan)
        numbers = np.where(codes >= 0, picked, np.nan)
        blank_cells = [k for k, v in enumerate(cells.verdicts) if v == "blank"]
        blank_rows = (codes < 0) | np.isin(codes, blank_cells)
    # only a column of text cells has bad cells other than blanks
    bad_text = np.isin(cells.codes, list(bad_cell)) if bad_cell else np.zeros(len(numbers), dtype=bool)
    ok = ~blank_rows & ~bad_text & _range_ok(column, numbers)
    if column.allow_empty:  # an optional value: an empty cell means none (NaN)
        ok |= blank_rows
    if bool(ok.all()):
        if column.kind == "integer" and not blank_rows.any():
            return pd.Series(numbers.astype(np.int64), name=column.name)
        return pd.Series(numbers, name=column.name, dtype=float)
    for i in np.flatnonzero(~ok)[:_MAX_PROBLEMS]:
        if blank_rows[i]:
            message = f"expected {column.expectation()}, found an empty cell."
        elif cells.numbers is None and int(cells.codes[i]) in bad_cell:
            message = f"expected {column.expectation()}, found {bad_cell[int(cells.codes[i])]}"
        elif not math.isfinite(numbers[i]):
            shown = cells.cells[int(cells.codes[i])] if cells.numbers is None else numbers[i]
            message = f"expected {column.expectation()}, found {shown!r} (not finite)."
        else:
            message = _check_range(column, float(numbers[i])) or f"expected {column.expectation()}."
        problems.add(raw, int(i), column.name, message)
    return None


def _text_hint(cell: str, raw: RawTable) -> str:
    text = cell.strip(STRIP)
    if text.endswith("%"):
        return " Write shares as decimals (0.85 for 85 %)."
    if any(c in text for c in INVISIBLE) or any(c.isspace() and c != " " for c in text):
        return " Remove the invisible characters."
    return ""


def _text_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return str(value).strip(STRIP)


def _parse_text(raw: RawTable, frame: pd.DataFrame, column: Column, problems: _Problems) -> pd.Series | None:
    series = frame[column.name]
    if column.kind != "category":
        cells = series.tolist()
        if all(type(v) is str for v in cells):  # plain text: strip it in one fast pass
            stripped = [v.strip(STRIP) for v in cells]
            if column.allow_empty or all(stripped):
                return pd.Series(stripped, name=column.name, dtype="str")
    values = series.tolist()
    texts: list[str] = []
    ok = True
    canonical = {a.lower(): a for a in column.allowed}
    for i, value in enumerate(values):
        blank = _is_blank(value)
        if isinstance(value, (FormulaCell, ErrorCell)) or (
            column.kind != "text" and isinstance(value, (datetime.date, datetime.time, datetime.timedelta))
        ):
            problems.add(raw, i, column.name, f"expected {column.expectation()}, found {_describe(value)}.")
            ok = False
            texts.append("")
            continue
        text = "" if blank else _text_value(value)
        if blank and not column.allow_empty:
            problems.add(raw, i, column.name, f"expected {column.expectation()}, found an empty cell.")
            ok = False
        elif column.kind == "category" and not blank:
            if text.lower() not in canonical:
                close = difflib.get_close_matches(text, list(column.allowed), n=1, cutoff=0.5)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                problems.add(raw, i, column.name, f"expected {column.expectation()}, found {show_text(text)}.{hint}")
                ok = False
            else:
                text = canonical[text.lower()]
        texts.append(text)
    if not ok:
        return None
    return pd.Series(texts, name=column.name, dtype="str")


def _check_range(column: Column, number: float) -> str | None:
    shown = _numbers.format_number(number)
    if column.kind == "probability":
        if not 0.0 <= number <= 1.0:
            hint = (f" Did you give a percentage? Write {_numbers.format_number(number / 100)} for {shown} %."
                    if 1 < number <= 100 else "")
            return f"expected a probability between 0 and 1, found {shown}.{hint}"
        return None
    if column.kind == "integer" and not float(number).is_integer():
        nearest = round(number)
        hint = ""
        if abs(number - nearest) < 1e-6:
            hint = (f" It is a rounding error away from {nearest}, as a computed value can be: round it "
                    f"(=ROUND(...; 0) in a spreadsheet) or type {nearest}.")
        return f"expected {column.expectation()}, found {shown}.{hint}"
    low, high = column.minimum, column.maximum
    if low is not None and (number < low or (column.minimum_exclusive and number == low)):
        what = "negative" if number < 0 else "too small"
        return f"expected {column.expectation()}, found {shown} ({what})."
    if high is not None and number > high:
        return f"expected {column.expectation()}, found {shown}."
    return None


def _user_cell(value: Any) -> Any:
    """A cell of a column of the user's own, as given (a formula as its text, an error value as its code)."""
    if isinstance(value, FormulaCell):
        return value.formula
    if isinstance(value, ErrorCell):
        return value.code
    return value


def _parse_table(raw: RawTable, table: Table, problems: _Problems) -> pd.DataFrame | None:
    frame = _match_columns(raw, table, problems)
    if frame is None:
        return None
    before = len(problems.items)
    number_columns = [c for c in table.columns if c.kind in _NUMERIC_KINDS and c.name in frame.columns]
    apart = {c.name: _take_apart(frame[c.name]) for c in number_columns}
    # a column that proves nothing takes the decimal mark the table's other columns prove, else the file's
    proven = {a.proven for a in apart.values() if a.proven in (".", ",")}
    fallback: Mark | None = proven.pop() if len(proven) == 1 else raw.default_decimal  # type: ignore[assignment]
    parsed: dict[str, pd.Series] = {}
    for column in table.columns:
        if column.name not in frame.columns:
            continue
        if column.kind in _NUMERIC_KINDS:
            series = _read_numbers(raw, column, apart[column.name], fallback, problems)
        else:
            series = _parse_text(raw, frame, column, problems)
        if series is not None:
            parsed[column.name] = series
    if len(problems.items) > before:
        return None
    out = pd.DataFrame(parsed)
    extras = [c for c in frame.columns if c not in table.column_names]
    for extra in extras:  # the user's own columns travel along untouched
        cells = frame[extra]
        if cells.dtype == object:
            cells = cells.map(_user_cell)
        out[extra] = cells.to_numpy()
    if table.id_column is not None:
        ids = out[table.id_column]
        duplicated = ids[ids.duplicated(keep=False)]
        for value in dict.fromkeys(duplicated):
            positions = [i for i, v in enumerate(ids) if v == value]
            rows = ", ".join(str(raw.row_numbers[p]) for p in positions)
            problems.add(
                raw, positions[1], table.id_column,
                f"expected a unique id, found {show_text(value)} more than once (rows {rows}).",
            )
    return out


def _check_references(
    tables: dict[str, pd.DataFrame], raws: dict[str, RawTable], problems: _Problems
) -> None:
    account_ids = set(tables["accounts"]["account_id"])
    resource_ids = set(tables["resources"]["resource_id"])
    initiative_ids = set(tables["initiatives"]["initiative_id"])

    def unknown(table: str, column: str, known: set[str], target: str) -> None:
        values = tables[table][column]
        bad = np.flatnonzero([v not in known for v in values.tolist()])
        for i in bad[:_MAX_PROBLEMS]:
            value = values.iloc[i]
            close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            problems.add(
                raws[table], int(i), column,
                f"expected an id from the {target} table, found {show_text(value)}, which is not there.{hint}",
            )

    unknown("initiatives", "account_id", account_ids, "accounts")
    unknown("demands", "initiative_id", initiative_ids, "initiatives")
    unknown("demands", "resource_id", resource_ids, "resources")
    initiatives = tables["initiatives"]
    early_months = initiatives["earliest_start_month"].to_numpy()
    late_months = initiatives["latest_start_month"].to_numpy()
    for i in np.flatnonzero(late_months < early_months)[:_MAX_PROBLEMS]:
        problems.add(
            raws["initiatives"], int(i), "latest_start_month",
            f"expected a month at or after earliest_start_month ({early_months[i]}), found {late_months[i]}.",
        )
    demands = tables["demands"]
    repeated = demands.duplicated(["initiative_id", "resource_id"], keep=False).to_numpy()
    pairs = list(zip(demands["initiative_id"][repeated], demands["resource_id"][repeated], strict=True))
    seen: dict[tuple[str, str], int] = {}
    for i, pair in zip(np.flatnonzero(repeated).tolist(), pairs, strict=True):
        if pair in seen:
            problems.add(
                raws["demands"], i, "resource_id",
                f"expected one row per initiative and resource, found {pair[0]!r} with {pair[1]!r} again "
                f"(first on row {raws['demands'].row_numbers[seen[pair]]}).",
            )
        else:
            seen[pair] = i
    staff = tables.get("staff")
    if staff is not None:
        kinds = dict(zip(tables["resources"]["resource_id"], tables["resources"]["kind"], strict=True))
        human = sorted(r for r, k in kinds.items() if k == "human")
        for i, skills in enumerate(staff["skills"]):
            for skill in (s.strip() for s in skills.split("|")):
                if kinds.get(skill) != "human":
                    close = difflib.get_close_matches(skill, human, n=1, cutoff=0.6)
                    hint = f" Did you mean {close[0]!r}?" if close else ""
                    problems.add(
                        raws["staff"], i, "skills",
                        f"expected human resource ids ({', '.join(human)}) separated by '|', found "
                        f"{show_text(skill)}.{hint}",
                    )


def _raw_from_frame(name: str, frame: pd.DataFrame, id_column: str | None) -> RawTable:
    if not isinstance(frame, pd.DataFrame):
        raise CaseError(f"table '{name}': expected a pandas DataFrame, found {type(frame).__name__}.")
    data = frame
    if id_column is not None and id_column not in data.columns and data.index.name == id_column:
        data = data.reset_index()
    return RawTable(data.reset_index(drop=True), f"table '{name}'", list(range(1, len(data) + 1)))


def _validate(raws: dict[str, RawTable]) -> dict[str, pd.DataFrame]:
    problems = _Problems()
    tables: dict[str, pd.DataFrame] = {}
    for name, raw in raws.items():
        if not TABLES[name].required and raw.frame.empty:
            continue  # an optional table with a header and no rows means "none"
        parsed = _parse_table(raw, TABLES[name], problems)
        if parsed is not None:
            tables[name] = parsed
    problems.raise_if_any()
    _check_references(tables, raws, problems)
    problems.raise_if_any()
    return tables


def _empty_staff() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": pd.Series([], dtype="str"),
            "role": pd.Series([], dtype="str"),
            "skills": pd.Series([], dtype="str"),
            "hours_per_month": pd.Series([], dtype=float),
            "cost_per_hour_nok": pd.Series([], dtype=float),
        },
        index=pd.Index([], name="person_id", dtype="str"),
    )


def _indexed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    id_column = TABLES[name].id_column
    if id_column is None:
        return frame.reset_index(drop=True)
    return frame.set_index(id_column)


# ----------------------------------------------------------------------------- the Case


class Case:
    """The validated tables of one company; immutable.

    Parameters
    ----------
    accounts, resources, initiatives, demands : pandas.DataFrame
        The tables described in the data dictionary (``data/README.md``).  The
        id column may be a column or the index.
    staff : pandas.DataFrame, optional
        Named people with skills, hours and cost; empty when not given.
    name : str
        The company's name.
    discount_rate : float
        Yearly discount rate for lifetime values (0.10 = 10 %).
    horizon_years : float, optional
        Planning horizon of lifetime values in years; ``None`` for an unlimited future.
    source : str, optional
        Where the data came from (a folder or a workbook); set by :func:`load_case`.

    Raises
    ------
    CaseError
        When any table is malformed; the message names the table, the row, the
        column, what was expected and what was found.

    Notes
    -----
    Every table property returns a copy, so changing it never changes the
    Case.  Use :meth:`with_capacity` or :meth:`with_tables` for what-if
    variants.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> list(case.resources.index[:3])
    ['budget', 'integration_slots', 'portal_licences']
    """

    __slots__ = ("__weakref__", "_cache", "_discount_rate", "_horizon_years", "_name", "_source", "_tables")

    _tables: dict[str, pd.DataFrame]
    _name: str
    _discount_rate: float
    _horizon_years: float | None
    _source: str | None
    _cache: dict[str, Any]

    def __init__(
        self,
        accounts: pd.DataFrame,
        resources: pd.DataFrame,
        initiatives: pd.DataFrame,
        demands: pd.DataFrame,
        staff: pd.DataFrame | None = None,
        *,
        name: str = DEFAULT_NAME,
        discount_rate: float = DEFAULT_DISCOUNT_RATE,
        source: str | None = None,
        horizon_years: float | None = None,
    ) -> None:
        frames = {"accounts": accounts, "resources": resources, "initiatives": initiatives, "demands": demands}
        if staff is not None:
            frames["staff"] = staff
        raws = {n: _raw_from_frame(n, f, TABLES[n].id_column) for n, f in frames.items()}
        tables = _validate(raws)
        self._set(tables, name=name, discount_rate=discount_rate, source=source, horizon_years=horizon_years)

    def _set(self, tables: dict[str, pd.DataFrame], *, name: str, discount_rate: float, source: str | None,
             horizon_years: float | None = None) -> None:
        if not isinstance(discount_rate, (int, float)) or not 0 <= float(discount_rate) <= 1:
            raise CaseError(f"discount_rate: expected a number between 0 and 1, found {discount_rate!r}.")
        indexed = {n: _indexed(n, t) for n, t in tables.items()}
        if "staff" not in indexed:
            indexed["staff"] = _empty_staff()
        object.__setattr__(self, "_tables", indexed)
        object.__setattr__(self, "_name", str(name))
        object.__setattr__(self, "_discount_rate", float(discount_rate))
        object.__setattr__(self, "_horizon_years", _check_horizon(horizon_years))
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_cache", {})

    @classmethod
    def _trusted(
        cls, tables: dict[str, pd.DataFrame], *, name: str, discount_rate: float, source: str | None,
        horizon_years: float | None = None,
    ) -> Case:
        """Build a Case from tables that are already validated and indexed (internal)."""
        case = cls.__new__(cls)
        object.__setattr__(case, "_tables", tables)
        object.__setattr__(case, "_name", name)
        object.__setattr__(case, "_discount_rate", discount_rate)
        object.__setattr__(case, "_horizon_years", horizon_years)
        object.__setattr__(case, "_source", source)
        object.__setattr__(case, "_cache", {})
        return case

    @classmethod
    def from_frames(
        cls,
        accounts: pd.DataFrame,
        resources: pd.DataFrame,
        initiatives: pd.DataFrame,
        demands: pd.DataFrame,
        staff: pd.DataFrame | None = None,
        *,
        name: str = DEFAULT_NAME,
        discount_rate: float = DEFAULT_DISCOUNT_RATE,
    ) -> Case:
        """Build a validated Case from pandas DataFrames (same columns as the CSV files).

        Examples
        --------
        >>> import kamlearn
        >>> case = kamlearn.load_case()
        >>> copy = kamlearn.Case.from_frames(case.accounts, case.resources, case.initiatives, case.demands)
        >>> len(copy.accounts)
        16
        """
        return cls(accounts, resources, initiatives, demands, staff, name=name, discount_rate=discount_rate)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(
            f"a Case is immutable; cannot set {key!r}. Make a new Case with with_capacity() or with_tables()."
        )

    def __delattr__(self, key: str) -> None:
        raise AttributeError("a Case is immutable.")

    # -- tables ------------------------------------------------------------------

    def _table(self, name: str) -> pd.DataFrame:
        return self._tables[name].copy(deep=False)

    @property
    def accounts(self) -> pd.DataFrame:
        """The customer accounts, indexed by ``account_id``."""
        return self._table("accounts")

    @property
    def resources(self) -> pd.DataFrame:
        """The resources with capacity and unit cost, indexed by ``resource_id``."""
        return self._table("resources")

    @property
    def initiatives(self) -> pd.DataFrame:
        """The candidate project groups and their effects, indexed by ``initiative_id``."""
        return self._table("initiatives")

    @property
    def demands(self) -> pd.DataFrame:
        """How much of each resource each initiative needs (long format)."""
        return self._table("demands")

    @property
    def staff(self) -> pd.DataFrame:
        """Named people with skills, hours and cost, indexed by ``person_id`` (may be empty)."""
        return self._table("staff")

    @property
    def name(self) -> str:
        """The company's name."""
        return self._name

    @property
    def discount_rate(self) -> float:
        """Yearly discount rate used for lifetime values."""
        return self._discount_rate

    @property
    def horizon_years(self) -> float | None:
        """Planning horizon of lifetime values in years (``None``: an unlimited future)."""
        return self._horizon_years

    @property
    def source(self) -> str | None:
        """The folder or workbook the Case was loaded from, if any."""
        return self._source

    # -- derived views -------------------------------------------------------------

    def demand_matrix(self) -> pd.DataFrame:
        """Demand of every initiative (rows) for every resource (columns), 0 where none.

        Examples
        --------
        >>> import kamlearn
        >>> m = kamlearn.load_case().demand_matrix()
        >>> m.shape
        (28, 9)
        """
        if "demand_matrix" not in self._cache:
            demands = self._tables["demands"]
            initiatives = self._tables["initiatives"].index
            resources = self._tables["resources"].index
            rows = initiatives.get_indexer(pd.Index(demands["initiative_id"]))
            columns = resources.get_indexer(pd.Index(demands["resource_id"]))
            flat = rows * len(resources) + columns
            values = np.bincount(
                flat, weights=demands["amount"].to_numpy(dtype=float), minlength=len(initiatives) * len(resources)
            ).reshape(len(initiatives), len(resources))
            matrix = pd.DataFrame(values, index=initiatives.copy(), columns=resources.copy())
            matrix.index.name = "initiative_id"
            matrix.columns.name = "resource_id"
            self._cache["demand_matrix"] = matrix
        return self._cache["demand_matrix"].copy()

    def skill_matrix(self) -> pd.DataFrame:
        """Which person (rows) can work as which human resource (columns)."""
        staff = self._tables["staff"]
        human = self._tables["resources"].index[self._tables["resources"]["kind"] == "human"]
        data = {r: [r in {s.strip() for s in skills.split("|")} for skills in staff["skills"]] for r in human}
        return pd.DataFrame(data, index=staff.index, columns=human, dtype=bool)

    def yearly_margin(self) -> pd.Series:
        """Yearly margin of each account: revenue x gross margin - cost to serve (NOK/year)."""
        a = self._tables["accounts"]
        margin = a["yearly_revenue_nok"] * a["gross_margin"] - a["cost_to_serve_nok"]
        return margin.rename("yearly_margin_nok")

    # -- what-if variants ------------------------------------------------------------

    def with_capacity(self, capacities: Mapping[str, float] | None = None, /, **more: float) -> Case:
        """A new Case with some resource capacities changed.

        Parameters
        ----------
        capacities
            Mapping of resource id to new capacity; keywords work too.

        Raises
        ------
        CaseError
            For an unknown resource or a capacity that is negative or not a finite number.

        Examples
        --------
        >>> import kamlearn
        >>> case = kamlearn.load_case().with_capacity({"it_hours": 900})
        >>> float(case.resources.loc["it_hours", "capacity"])
        900.0
        """
        changes = dict(capacities or {}, **more)
        resources = self._tables["resources"]
        for resource_id, value in changes.items():
            if resource_id not in resources.index:
                close = difflib.get_close_matches(str(resource_id), list(resources.index), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise CaseError(
                    f"with_capacity: expected a resource id ({', '.join(resources.index)}), "
                    f"found {resource_id!r}.{hint}"
                )
            number = _parse_number(value)
            if number is None or not math.isfinite(number) or number < 0:
                raise CaseError(
                    f"with_capacity, resource {resource_id!r}: expected a capacity of at least 0, found {value!r}."
                )
        if not changes:
            return self
        new_resources = resources.copy()
        for resource_id, value in changes.items():
            new_resources.loc[resource_id, "capacity"] = float(value)
        tables = dict(self._tables, resources=new_resources)
        case = Case._trusted(tables, name=self._name, discount_rate=self._discount_rate, source=None,
                             horizon_years=self._horizon_years)
        if "demand_matrix" in self._cache:
            case._cache["demand_matrix"] = self._cache["demand_matrix"]
        return case

    def with_tables(self, **tables: pd.DataFrame) -> Case:
        """A new, validated Case with some tables replaced.

        Examples
        --------
        >>> import kamlearn
        >>> case = kamlearn.load_case()
        >>> accounts = case.accounts
        >>> accounts.loc["A01", "retention"] = 0.7
        >>> float(case.with_tables(accounts=accounts).accounts.loc["A01", "retention"])
        0.7
        """
        unknown = set(tables) - set(_CASE_TABLES)
        if unknown:
            raise CaseError(
                f"with_tables: expected tables among {', '.join(_CASE_TABLES)}, found {', '.join(sorted(unknown))}."
            )
        current = {n: self._tables[n] for n in _CASE_TABLES}
        current.update(tables)
        staff = current["staff"] if len(current["staff"]) or "staff" in tables else None
        return Case(
            current["accounts"], current["resources"], current["initiatives"], current["demands"], staff,
            name=self._name, discount_rate=self._discount_rate, horizon_years=self._horizon_years,
        )

    def with_discount_rate(self, discount_rate: float) -> Case:
        """A new Case with another yearly discount rate."""
        return Case._trusted(dict(self._tables), name=self._name, discount_rate=_check_rate(discount_rate),
                             source=None, horizon_years=self._horizon_years)

    def with_horizon(self, horizon_years: float | None) -> Case:
        """A new Case whose lifetime values run over ``horizon_years`` years (``None``: no horizon).

        Examples
        --------
        >>> import kamlearn
        >>> kamlearn.load_case().with_horizon(3).horizon_years
        3.0
        """
        return Case._trusted(dict(self._tables), name=self._name, discount_rate=self._discount_rate,
                             source=None, horizon_years=_check_horizon(horizon_years))

    # -- writing out -----------------------------------------------------------------

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame with its id as a column, as in the files."""
        frames = {n: self._tables[n].reset_index() if TABLES[n].id_column else self._tables[n].copy()
                  for n in _CASE_TABLES}
        frames["company"] = pd.DataFrame(
            {"name": [self._name], "discount_rate": [self._discount_rate], "currency": ["NOK"],
             "horizon_years": [self._horizon_years]}
        )
        return frames

    def _check_target(self, target: Path, overwrite: bool) -> None:
        if overwrite:
            return
        if self._source is not None and target.resolve() == Path(self._source).resolve():
            raise FileExistsError(
                f"{target} is where this case was loaded from; pass overwrite=True to replace it."
            )

    def to_csv_folder(self, path: str | Path, *, overwrite: bool = False, sep: str = ",") -> Path:
        """Write every table as a CSV file in a folder, each file written atomically.

        Parameters
        ----------
        path
            The folder; created when missing.
        overwrite
            Replace files that already exist (never done unless asked).
        sep
            ``","`` (decimal point, the default) or ``";"`` (decimal comma, as a Norwegian Excel reads it).

        Returns
        -------
        pathlib.Path
            The folder written.

        Raises
        ------
        FileExistsError
            When a file would be replaced and ``overwrite`` is False.
        """
        if sep not in (",", ";"):
            raise ValueError(f"sep: expected ',' or ';', found {sep!r}.")
        folder = Path(path)
        self._check_target(folder, overwrite)
        frames = self.to_frames()
        targets = {name: folder / f"{name}.csv" for name in frames}
        if not overwrite:
            existing = [str(p) for p in targets.values() if p.exists()]
            if existing:
                raise FileExistsError(
                    f"would overwrite {', '.join(existing)}; pass overwrite=True or choose another folder."
                )
        decimal = "," if sep == ";" else "."
        for name, frame in frames.items():

            def write(tmp: Path, table: pd.DataFrame = frame) -> None:
                table.to_csv(tmp, index=False, sep=sep, decimal=decimal, encoding="utf-8")

            write_atomically(targets[name], write)
        return folder

    def to_excel(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write every table as a sheet of one workbook, atomically.

        Raises
        ------
        FileExistsError
            When the workbook exists and ``overwrite`` is False.
        """
        target = Path(path)
        if target.suffix.lower() not in EXCEL_SUFFIXES:
            raise ValueError(f"{target.name}: expected a workbook name ending in .xlsx, found {target.suffix!r}.")
        self._check_target(target, overwrite)
        if target.exists() and not overwrite:
            raise FileExistsError(f"would overwrite {target}; pass overwrite=True or choose another name.")
        frames = self.to_frames()

        def write(tmp: Path) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, frame in frames.items():
                    frame.to_excel(writer, sheet_name=name, index=False)

        write_atomically(target, write)
        return target

    # -- display -----------------------------------------------------------------------

    def _counts(self) -> str:
        t = self._tables
        return (
            f"{len(t['accounts'])} accounts, {len(t['resources'])} resources, "
            f"{len(t['initiatives'])} initiatives, {len(t['staff'])} staff"
        )

    def __repr__(self) -> str:
        return f"Case({self._name!r}: {self._counts()})"

    def _repr_html_(self) -> str:
        resources = self._tables["resources"][["kind", "unit", "capacity"]]
        return (
            f"<div><strong>{self._name}</strong>: {self._counts()}; discount rate {self._discount_rate:.0%}"
            f"{resources.to_html(float_format=lambda v: f'{v:,.0f}')}</div>"
        )


def _check_rate(rate: Any) -> float:
    number = _parse_number(rate)
    if number is None or not math.isfinite(number) or not 0 <= number <= 1:
        raise CaseError(f"discount_rate: expected a number between 0 and 1, found {rate!r}.")
    return number


def _check_horizon(years: Any) -> float | None:
    from kamlearn.value import check_horizon

    try:
        return check_horizon(years)
    except ValueError as error:
        raise CaseError(str(error)) from None


def _company_settings(raw: RawTable | None) -> tuple[str, float, float | None]:
    if raw is None or raw.frame.empty:
        return DEFAULT_NAME, DEFAULT_DISCOUNT_RATE, None
    problems = _Problems()
    parsed = _parse_table(raw, TABLES["company"], problems)
    problems.raise_if_any()
    assert parsed is not None
    if len(parsed) != 1:
        raise CaseError(f"{raw.label}: expected exactly one row (the company), found {len(parsed)}.")
    horizon = parsed["horizon_years"].iloc[0] if "horizon_years" in parsed.columns else None
    return str(parsed["name"].iloc[0]), float(parsed["discount_rate"].iloc[0]), _check_horizon(horizon)


def _build(raws: dict[str, RawTable], source: str) -> Case:
    name, rate, horizon = _company_settings(raws.pop("company", None))
    tables = _validate(raws)
    case = Case.__new__(Case)
    case._set(tables, name=name, discount_rate=rate, source=source, horizon_years=horizon)
    return case


def _load_folder(folder: Path) -> Case:
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
        found = ", ".join(sorted(present)) or "no files"
        raise CaseError(
            f"{folder}: missing {', '.join(missing)}; expected one CSV file per table "
            f"(accounts, resources, initiatives, demands; staff and company optional). Found: {found}."
        )
    return _build(raws, str(folder))


def _load_workbook(path: Path) -> Case:
    raws = read_excel_tables(path, list(TABLES), {n: t.column_names for n, t in TABLES.items()})
    missing = [n for n, t in TABLES.items() if t.required and n not in raws]
    if missing:
        sheets = ", ".join(repr(s) for s in sheet_names_hint(path)) or "none"
        raise CaseError(
            f"{path.name}: missing sheet(s) {', '.join(repr(m) for m in missing)}; expected one sheet per table "
            f"named accounts, resources, initiatives, demands (staff and company optional). Found sheets: {sheets}."
        )
    return _build(raws, str(path))


def load_case(path: str | Path | None = None) -> Case:
    """Load a company's case: the embedded case company, a folder of CSV files, or a workbook.

    Parameters
    ----------
    path
        ``None`` for the embedded case company (Fjordpak AS); a folder with
        ``accounts.csv``, ``resources.csv``, ``initiatives.csv``, ``demands.csv``
        (and optionally ``staff.csv`` and ``company.csv``); or an Excel
        workbook (.xlsx) with one sheet per table, same columns.  CSV files may
        be comma-separated with a decimal point, or semicolon-separated with a
        decimal comma as a Norwegian Excel saves them; UTF-8, or Windows-1252
        (read with a warning).

    Returns
    -------
    Case
        The validated, immutable case.

    Raises
    ------
    CaseError
        When a file is missing, unreadable or holds bad data; the message
        names the file (and sheet), the row, the column, what was expected
        and what was found.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> case.accounts.loc["A01", "name"]
    'Nordlys Dagligvare AS'
    """
    if path is None:
        folder = embedded_data_path()
        if "embedded" not in _EMBEDDED:
            _EMBEDDED["embedded"] = _load_folder(folder)
        return _EMBEDDED["embedded"]
    target = Path(path)
    if not target.exists():
        raise CaseError(f"{target}: no such file or folder; expected a folder of CSV files or an .xlsx workbook.")
    if target.is_dir():
        return _load_folder(target)
    if target.suffix.lower() in EXCEL_SUFFIXES:
        return _load_workbook(target)
    if target.suffix.lower() == ".csv":
        raise CaseError(
            f"{target.name}: a case is a folder of CSV files (one per table), not one CSV file; "
            f"pass the folder {str(target.parent)!r} instead."
        )
    raise CaseError(
        f"{target.name}: expected a folder of CSV files or an Excel workbook (.xlsx), "
        f"found a {target.suffix or 'extensionless'} file."
    )


_EMBEDDED: dict[str, Case] = {}

