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

import difflib
import math
from collections.abc import Mapping
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kamlearn import _format
from kamlearn._case_files import (
    DEFAULT_DISCOUNT_RATE,
    DEFAULT_NAME,
    check_horizon,
    check_rate,
    check_source,
    company_settings,
    rate_message,
    read_folder,
    read_workbook,
)
from kamlearn._case_tables import _empty_staff, _indexed, _parse_number, _raw_from_frame, _validate
from kamlearn._io import EXCEL_SUFFIXES, RawTable, write_atomically
from kamlearn._schema import TABLES
from kamlearn.errors import CaseError
from kamlearn.i18n import _, get_language, ngettext, pgettext

__all__ = ["Case", "embedded_data_path", "load_case"]

_CASE_TABLES = ("accounts", "resources", "initiatives", "demands", "staff")


def embedded_data_path() -> Path:
    """The folder holding the embedded case company's CSV files.

    Inside an installed wheel the data lives in ``kamlearn/_data``; in a
    source checkout it is the repository's ``data/`` folder.
    """
    packaged = Path(str(importlib_resources.files("kamlearn"))) / "_data"
    if (packaged / "accounts.csv").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


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
            raise CaseError(rate_message(discount_rate))
        indexed = {n: _indexed(n, t) for n, t in tables.items()}
        if "staff" not in indexed:
            indexed["staff"] = _empty_staff()
        object.__setattr__(self, "_tables", indexed)
        object.__setattr__(self, "_name", str(name))
        object.__setattr__(self, "_discount_rate", float(discount_rate))
        object.__setattr__(self, "_horizon_years", check_horizon(horizon_years))
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
        raise AttributeError(_(
            "a Case is immutable; cannot set {key}. Make a new Case with with_capacity() or with_tables()."
        ).format(key=repr(key)))

    def __delattr__(self, key: str) -> None:
        raise AttributeError(_("a Case is immutable."))

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
                hint = " " + _("Did you mean {suggestion}?").format(suggestion=repr(close[0])) if close else ""
                raise CaseError(_("with_capacity: expected a resource id ({ids}), found {found}.").format(
                    ids=", ".join(resources.index), found=repr(resource_id)) + hint)
            number = _parse_number(value)
            if number is None or not math.isfinite(number) or number < 0:
                raise CaseError(_("with_capacity, resource {resource}: expected a capacity of at least 0, found "
                                  "{found}.").format(resource=repr(resource_id), found=repr(value)))
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
            raise CaseError(_("with_tables: expected tables among {tables}, found {found}.").format(
                tables=", ".join(_CASE_TABLES), found=", ".join(sorted(unknown))))
        current = {n: self._tables[n] for n in _CASE_TABLES}
        current.update(tables)
        staff = current["staff"] if len(current["staff"]) or "staff" in tables else None
        return Case(
            current["accounts"], current["resources"], current["initiatives"], current["demands"], staff,
            name=self._name, discount_rate=self._discount_rate, horizon_years=self._horizon_years,
        )

    def with_discount_rate(self, discount_rate: float) -> Case:
        """A new Case with another yearly discount rate."""
        return Case._trusted(dict(self._tables), name=self._name, discount_rate=check_rate(discount_rate),
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
                             source=None, horizon_years=check_horizon(horizon_years))

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
            raise FileExistsError(_("{path} is where this case was loaded from; pass overwrite=True to replace it.")
                                  .format(path=target))

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
            raise ValueError(_("sep: expected ',' or ';', found {found}.").format(found=repr(sep)))
        folder = Path(path)
        self._check_target(folder, overwrite)
        frames = self.to_frames()
        targets = {name: folder / f"{name}.csv" for name in frames}
        if not overwrite:
            existing = [str(p) for p in targets.values() if p.exists()]
            if existing:
                raise FileExistsError(_("would overwrite {files}; pass overwrite=True or choose another folder.")
                                      .format(files=", ".join(existing)))
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
            raise ValueError(_("{file}: expected a workbook name ending in .xlsx, found {found}.").format(
                file=target.name, found=repr(target.suffix)))
        self._check_target(target, overwrite)
        if target.exists() and not overwrite:
            raise FileExistsError(_("would overwrite {file}; pass overwrite=True or choose another name.").format(
                file=target))
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
        n = {name: len(t[name]) for name in ("accounts", "resources", "initiatives", "staff")}
        if get_language() == "en":  # as it always read (the numbers ungrouped, the plural even for 1)
            return (f"{n['accounts']} accounts, {n['resources']} resources, {n['initiatives']} initiatives, "
                    f"{n['staff']} staff")
        shown = {name: _format.number(count) for name, count in n.items()}
        return ", ".join((
            ngettext("{n} account", "{n} accounts", n["accounts"]).format(n=shown["accounts"]),
            ngettext("{n} resource", "{n} resources", n["resources"]).format(n=shown["resources"]),
            ngettext("{n} initiative", "{n} initiatives", n["initiatives"]).format(n=shown["initiatives"]),
            ngettext("{n} staff", "{n} staff", n["staff"]).format(n=shown["staff"]),
        ))

    def __repr__(self) -> str:
        return f"Case({self._name!r}: {self._counts()})"

    def _repr_html_(self) -> str:
        resources = self._tables["resources"][["kind", "unit", "capacity"]]
        if get_language() == "en":  # as it always read
            rate, table = f"{self._discount_rate:.0%}", resources.to_html(float_format=lambda v: f"{v:,.0f}")
        else:  # the headers of the shown table translated (the frame's own columns stay as they are)
            rate = _format.percent(self._discount_rate, decimals=0)
            shown = resources.rename(columns={"kind": pgettext("resource column", "kind"),
                                              "unit": pgettext("resource column", "unit"),
                                              "capacity": pgettext("resource column", "capacity")})
            table = shown.to_html(float_format=_format.number)
        about = _("{counts}; discount rate {rate}").format(counts=self._counts(), rate=rate)
        return f"<div><strong>{self._name}</strong>: {about}{table}</div>"


def _build(raws: dict[str, RawTable], source: str) -> Case:
    name, rate, horizon = company_settings(raws.pop("company", None))
    tables = _validate(raws)
    case = Case.__new__(Case)
    case._set(tables, name=name, discount_rate=rate, source=source, horizon_years=horizon)
    return case


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
            _EMBEDDED["embedded"] = _build(read_folder(folder), str(folder))
        return _EMBEDDED["embedded"]
    target = Path(path)
    if check_source(target) == "folder":
        return _build(read_folder(target), str(target))
    return _build(read_workbook(target), str(target))


_EMBEDDED: dict[str, Case] = {}

