"""Reading a case's tables: raw cells in, checked and typed frames out, every problem named.

Private, behind :func:`kamlearn.load_case` and :class:`kamlearn.Case` (which reads the files with
:mod:`kamlearn._io` and builds the Case).  Each table is checked against its schema
(:mod:`kamlearn._schema`): columns matched by name (with a hint for a near miss), numbers read in the
house's and the common spreadsheet formats (:mod:`kamlearn._numbers`), ranges, ids and the references
between tables.  Every problem is collected with its file (and sheet), row, column, what was expected
and what was found, and raised together as one :class:`kamlearn.CaseError`, in the language in force
(:mod:`kamlearn.i18n`; numbers found in a cell are shown exactly, with the language's decimal mark).
"""

from __future__ import annotations

import datetime
import difflib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kamlearn import _numbers
from kamlearn._io import ERROR_MEANINGS, ErrorCell, FormulaCell, RawTable, normalise_name, show_text
from kamlearn._numbers import INVISIBLE, STRIP, Mark
from kamlearn._schema import TABLES, Column, Table
from kamlearn.errors import CaseError
from kamlearn.i18n import _

_MAX_PROBLEMS = 50


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
        return _(
            "a formula with no saved result ({formula}); the program that last saved the workbook did "
            "not compute it. Open the workbook in Excel or LibreOffice and save it, so the result is stored"
        ).format(formula=value.formula)
    if isinstance(value, ErrorCell):
        meaning = ERROR_MEANINGS.get(value.code.upper())
        if meaning:
            return _("the error value {code} ({meaning}); fix the formula that gives it, or type the value").format(
                code=value.code, meaning=meaning)
        return _("the error value {code}; fix the formula that gives it, or type the value").format(code=value.code)
    if _is_blank(value):
        return _empty_cell()
    if isinstance(value, (datetime.datetime, pd.Timestamp)):
        shown = value.strftime("%Y-%m-%d") if (value.hour, value.minute, value.second) == (0, 0, 0) else (
            value.strftime("%Y-%m-%d %H:%M:%S"))
        return _date(shown)
    if isinstance(value, datetime.date):
        return _date(value.isoformat())
    if isinstance(value, (datetime.time, datetime.timedelta, pd.Timedelta)):
        if isinstance(value, datetime.time):
            shown = value.strftime("%H:%M:%S")
        else:
            seconds = int(pd.Timedelta(value).total_seconds())
            shown = f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        return _("a duration, {time} (the cell is formatted as a time; format it as a number)").format(time=shown)
    if isinstance(value, (bool, np.bool_)):
        # Translators: {value} is TRUE or FALSE as a spreadsheet shows it (SANN or USANN in a Norwegian Excel).
        return _("the truth value {value}").format(value=_truth(bool(value)))
    if isinstance(value, str):
        return _text(value)
    if _is_real_number(value):
        return _numbers.format_number(float(value))
    return f"{value!r}"


def _empty_cell() -> str:
    return _("an empty cell")


def _date(shown: str) -> str:
    return _("a date, {date} (the cell is formatted as a date; format it as a number or as text)").format(date=shown)


def _truth(value: bool) -> str:
    # Translators: the truth values as a spreadsheet program shows them.
    return _("TRUE") if value else _("FALSE")


def _text(value: str) -> str:
    # Translators: a text cell found where a number or an id was expected; {text} is the cell, quoted.
    return _("text {text}").format(text=show_text(value))


def _expected(column: Column, found: str) -> str:
    """``'expected <what the column holds>, found <found>.'`` in the language in force."""
    return _("expected {expected}, found {found}.").format(expected=column.expectation(), found=found)


class _Problems:
    """Collects validation problems, each naming the place, the expectation and the finding."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, raw: RawTable, position: int | None, column: str | None, message: str) -> None:
        """Add ``message``, naming the source, the row as the file or sheet numbers it, and the column."""
        where = raw.label
        if position is not None:
            # Translators: {row} is the row number a person sees in the spreadsheet program (not grouped).
            where = _("{where}, row {row}").format(where=where, row=raw.row_numbers[position])
        if column is not None:
            where = _("{where}, column '{column}'").format(where=where, column=column)
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
            _("the column appears more than once ({spellings}); expected each column once.").format(
                spellings=", ".join(spellings)),
        )
    for column in missing:
        close = difflib.get_close_matches(column.name, [_normalise_header(u) for u in unknown], n=1, cutoff=0.6)
        if close:
            original = next(u for u in unknown if _normalise_header(u) == close[0])
            problems.add(
                raw, None, column.name,
                _("missing column; found {found} instead. Is it misspelt? Expected '{column}' ({meaning}).").format(
                    found=show_text(original), column=column.name, meaning=str(column.description).rstrip(".")),
            )
        else:
            problems.add(
                raw, None, column.name,
                _("missing column; expected a column '{column}' ({meaning}). Found columns: {found}.").format(
                    column=column.name, meaning=str(column.description).rstrip("."),
                    found=", ".join(show_text(g) for g in given) or _("none")),
            )
    if missing or duplicated:
        return None
    if frame.empty:
        problems.add(raw, None, None, _("the table has no rows; expected at least one row under the header."))
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
        unknown = _("nothing else in the column or the file shows which")
        if cells.proven == "conflict":  # cells that prove their own mark are read so; the rest cannot be
            shown = []
            for proven_mark in (",", "."):
                k = cells.verdicts.index(proven_mark)
                shown.append(_("{mark} (row {row}: {cell})").format(
                    mark=_numbers.describe_mark(proven_mark), row=_first_row(raw, cells, k),
                    cell=show_text(cells.cells[k])))
            unknown = _("the column has numbers with {first} and with {second}").format(first=shown[0], second=shown[1])
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
                bad_cell[k] = _("{cell} (not finite).").format(cell=show_text(cell))
            elif verdict == "invalid":
                bad_cell[k] = f"{_text(cell)}.{_text_hint(cell, raw)}"
            elif verdict == "ambiguous" and mark is None:
                used: Mark = "." if "." in cell else ","
                as_group, as_decimal = _numbers.parse(cell, _numbers.other(used)), _numbers.parse(cell, used)
                bad_cell[k] = _(
                    "{cell}, which is {as_group} if '{mark}' groups thousands or {as_decimal} if '{mark}' is the "
                    "decimal mark, and {unknown}. Write it without thousands separators."
                ).format(cell=show_text(cell), as_group=_numbers.format_number(as_group or 0), mark=used,
                         as_decimal=_numbers.format_number(as_decimal or 0), unknown=unknown)
            else:
                # a cell that proves its own mark is read with it; the others with the column's mark
                use: Mark = verdict if verdict in (".", ",") else (mark or ".")  # type: ignore[assignment]
                number = _numbers.parse(cell, use)
                if number is None:
                    bad_cell[k] = _(
                        "{cell}, which is not a number: a decimal mark ('.' or ','), and "
                        "optionally thousands in groups of three separated by a space or the other mark."
                    ).format(cell=show_text(cell))
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
            message = _expected(column, _empty_cell())
        elif cells.numbers is None and int(cells.codes[i]) in bad_cell:
            # the bad cell's text ends with its own full stop (and maybe a hint)
            message = _("expected {expected}, found {found}").format(
                expected=column.expectation(), found=bad_cell[int(cells.codes[i])])
        elif not math.isfinite(numbers[i]):
            shown = cells.cells[int(cells.codes[i])] if cells.numbers is None else numbers[i]
            message = _("expected {expected}, found {found} (not finite).").format(
                expected=column.expectation(), found=repr(shown))
        else:
            message = _check_range(column, float(numbers[i])) or _("expected {expected}.").format(
                expected=column.expectation())
        problems.add(raw, int(i), column.name, message)
    return None


def _text_hint(cell: str, raw: RawTable) -> str:
    text = cell.strip(STRIP)
    if text.endswith("%"):
        # Translators: a share typed as a percentage ("85 %") where a decimal is expected.
        return " " + _("Write shares as decimals (0.85 for 85 %).")
    if any(c in text for c in INVISIBLE) or any(c.isspace() and c != " " for c in text):
        return " " + _("Remove the invisible characters.")
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
            problems.add(raw, i, column.name, _expected(column, _describe(value)))
            ok = False
            texts.append("")
            continue
        text = "" if blank else _text_value(value)
        if blank and not column.allow_empty:
            problems.add(raw, i, column.name, _expected(column, _empty_cell()))
            ok = False
        elif column.kind == "category" and not blank:
            if text.lower() not in canonical:
                close = difflib.get_close_matches(text, list(column.allowed), n=1, cutoff=0.5)
                hint = " " + _("Did you mean {suggestion}?").format(suggestion=f"'{close[0]}'") if close else ""
                problems.add(raw, i, column.name, _expected(column, show_text(text)) + hint)
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
            hint = (" " + _("Did you give a percentage? Write {share} for {shown} %.").format(
                share=_numbers.format_number(number / 100), shown=shown) if 1 < number <= 100 else "")
            return _("expected a probability between 0 and 1, found {found}.").format(found=shown) + hint
        return None
    if column.kind == "integer" and not float(number).is_integer():
        nearest = round(number)
        hint = ""
        if abs(number - nearest) < 1e-6:
            # Translators: ROUND is the spreadsheet function (AVRUND in a Norwegian Excel).
            hint = " " + _("It is a rounding error away from {nearest}, as a computed value can be: round it "
                           "(=ROUND(...; 0) in a spreadsheet) or type {nearest}.").format(nearest=nearest)
        return _expected(column, shown) + hint
    low, high = column.minimum, column.maximum
    if low is not None and (number < low or (column.minimum_exclusive and number == low)):
        if number < 0:
            return _("expected {expected}, found {found} (negative).").format(expected=column.expectation(), found=shown)
        return _("expected {expected}, found {found} (too small).").format(expected=column.expectation(), found=shown)
    if high is not None and number > high:
        return _expected(column, shown)
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
                _("expected a unique id, found {found} more than once (rows {rows}).").format(
                    found=show_text(value), rows=rows),
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
            hint = " " + _("Did you mean {suggestion}?").format(suggestion=repr(close[0])) if close else ""
            problems.add(
                raws[table], int(i), column,
                _("expected an id from the {table} table, found {found}, which is not there.").format(
                    table=target, found=show_text(value)) + hint,
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
            _("expected a month at or after earliest_start_month ({earliest}), found {found}.").format(
                earliest=early_months[i], found=late_months[i]),
        )
    demands = tables["demands"]
    repeated = demands.duplicated(["initiative_id", "resource_id"], keep=False).to_numpy()
    pairs = list(zip(demands["initiative_id"][repeated], demands["resource_id"][repeated], strict=True))
    seen: dict[tuple[str, str], int] = {}
    for i, pair in zip(np.flatnonzero(repeated).tolist(), pairs, strict=True):
        if pair in seen:
            problems.add(
                raws["demands"], i, "resource_id",
                _("expected one row per initiative and resource, found {initiative} with {resource} again "
                  "(first on row {row}).").format(initiative=repr(pair[0]), resource=repr(pair[1]),
                                                  row=raws["demands"].row_numbers[seen[pair]]),
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
                    hint = " " + _("Did you mean {suggestion}?").format(suggestion=repr(close[0])) if close else ""
                    problems.add(
                        raws["staff"], i, "skills",
                        _("expected human resource ids ({ids}) separated by '|', found {found}.").format(
                            ids=", ".join(human), found=show_text(skill)) + hint,
                    )


def _raw_from_frame(name: str, frame: pd.DataFrame, id_column: str | None) -> RawTable:
    if not isinstance(frame, pd.DataFrame):
        raise CaseError(_("{table}: expected a pandas DataFrame, found {found}.").format(
            table=_table_label(name), found=type(frame).__name__))
    data = frame
    if id_column is not None and id_column not in data.columns and data.index.name == id_column:
        data = data.reset_index()
    return RawTable(data.reset_index(drop=True), _table_label(name), list(range(1, len(data) + 1)))


def _table_label(name: str) -> str:
    # Translators: a table given as a pandas DataFrame (not read from a file); {name} is its name.
    return _("table '{name}'").format(name=name)


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
