"""Defend the plan: a report for management, as an Excel workbook and a standalone HTML page.

The article asks the key account manager to use the company's resources as he
or she thinks right, and to *defend that use to top management* when asked.
:func:`management_report` gathers what such a defence needs from a plan and
the case behind it:

1. the decision in one paragraph;
2. the plan: groups by account, their cost split into cash, internal hours
   and technology, and their effect;
3. the rules compared: what each plain rule leaves on the table;
4. the scarce resources: the value of one more unit of each next to its cost;
5. the groups left out, each with the reason and what forcing it in would cost
   (the plan re-solved with the group committed);
6. staffing month by month and key-person risk (when the case has staff);
7. how sure we are: the plan re-solved over draws of the effect estimates
   (:func:`kamlearn.sensitivity`);
8. what changed against an earlier plan (:func:`kamlearn.compare_plans`), when given;
9. the assumptions (horizon, discount rate, what is illustrative).

:meth:`ManagementReport.to_excel` writes one sheet per part (openpyxl); text
from the user's data that starts with ``=``, ``+``, ``-`` or ``@`` is stored
as text with a quote prefix, so no spreadsheet program runs it as a formula.
:meth:`ManagementReport.to_html` writes one self-contained page: charts are
inline SVG, there are no scripts, and a Content-Security-Policy forbids any
request, so it opens offline.  Money is in MNOK (two decimals) or whole NOK,
with the unit in every header.

Adapters
--------
The report reads the engine through small functions that the lead can point
at newer APIs: :func:`_value_of_more` (the LP shadow prices), :func:`_value_of_block` (the value of
additional capacity, re-solved),
:func:`_forced_plan` (today: :func:`kamlearn.allocate` with ``commitments``),
:func:`_staffing` (today: :func:`kamlearn.assign_staff` on the plan's groups),
:func:`_key_people` (today: :func:`kamlearn.rank_key_people`) and
:func:`_horizon_years` (the company's planning horizon, ``Case.horizon_years``).

References
----------
McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757 (as retold in the article series "Sikre interne ressurser").

OWASP. CSV Injection (formula injection in spreadsheet exports).

Examples
--------
From Python (see :func:`management_report`)::

    report = kamlearn.management_report(kamlearn.allocate(case), draws=1000)
    report.to_excel("plan.xlsx")
    report.to_html("plan.html")

or from the command line: ``kamlearn plan my_company.xlsx --report plan.xlsx --html plan.html``.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn.errors import InfeasibleError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kamlearn.plan_diff import PlanDiff
    from kamlearn.sensitivity import Sensitivity

__all__ = ["ManagementReport", "management_report"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these could run as a formula in a spreadsheet program."""

_MNOK = "MNOK"


# ----------------------------------------------------------------------------- adapters (swap at merge)


def _value_of_more(plan: Any) -> pd.Series:
    """LP shadow price of each resource's capacity (NOK/unit): what one more unit is worth with groups taken in part."""
    return plan.shadow_prices.astype(float)


def _value_of_block(plan: Any) -> pd.DataFrame:
    """Value of additional capacity re-solved on the plan's policy (:meth:`kamlearn.Plan.marginal_values`)."""
    return plan.marginal_values()


def _forced_plan(plan: Any, initiative_id: str, commitments: Sequence[str]) -> Any:
    """The plan re-solved with one more group committed (raises InfeasibleError when it cannot fit)."""
    from kamlearn.allocate import allocate

    return allocate(plan.case, commitments=[*commitments, initiative_id])


def _staffing(plan: Any) -> Any | None:
    """Named people booked month by month on the plan's groups; None when the case has no staff."""
    from kamlearn.people import assign_staff

    if len(plan.case.staff) == 0:
        return None
    if getattr(plan, "staffing", None) is not None:  # a plan made to be staffed month by month carries its own
        return plan.staffing
    return assign_staff(plan.case, plan)


def _key_people(staffing: Any) -> pd.DataFrame:
    """Key-person risk: each person away for the year, ranked by the value lost."""
    from kamlearn.people import rank_key_people

    return rank_key_people(staffing)


def _over(case: Any) -> str:
    """How lifetime values are counted, in words: 'discounted over 5 years' or 'all future years, discounted'."""
    horizon = _horizon_years(case)
    return f"discounted over {horizon:g} years" if horizon else "all future years, discounted"


def _horizon_years(case: Any) -> float | None:
    """The planning horizon of lifetime values in years, or None for no horizon (all future years)."""
    value = getattr(case, "horizon_years", None)
    return None if value is None else float(value)


# ----------------------------------------------------------------------------- small formatting helpers


def _mnok(value: float) -> float:
    """NOK to MNOK, rounded to two decimals (10,000 NOK), for a table cell."""
    return round(float(value) / 1e6, 2)


def _nok(value: float) -> float:
    """Whole NOK (no øre) for a table cell."""
    return float(round(float(value))) if math.isfinite(float(value)) else math.nan


def _mnok_text(value: float) -> str:
    return f"{value / 1e6:,.2f} MNOK"


def _is_embedded(case: Any) -> bool:
    from kamlearn.case import embedded_data_path

    source = getattr(case, "source", None)
    if source is None:
        return str(case.name) == "Fjordpak AS"
    try:
        return Path(source).resolve() == embedded_data_path().resolve()
    except OSError:
        return False


# ----------------------------------------------------------------------------- sections


def _plan_table(plan: Any) -> pd.DataFrame:
    """Chosen groups by account: cost split by kind of resource, internal hours, effect."""
    case = plan.case
    groups = plan.groups
    resources = case.resources
    kind = resources["kind"].astype(str)
    unit_cost = resources["cost_per_unit_nok"].astype(float)
    demand = groups[list(resources.index)].astype(float)
    cost = demand * unit_cost
    cash = cost.loc[:, kind == "financial"].sum(axis=1)
    human = kind == "human"
    hours_cost = cost.loc[:, human].sum(axis=1)
    hours = demand.loc[:, human].sum(axis=1)
    tech = cost.loc[:, kind == "technological"].sum(axis=1)
    accounts = plan.accounts
    value_created = accounts["value_created"]
    frame = pd.DataFrame({
        "Account": groups["account_id"].astype(str),
        "Account name": groups["account_name"].astype(str),
        "Group": groups.index.astype(str),
        "Project group": groups["name"].astype(str),
        "Cash (NOK)": cash.map(_nok),
        "Internal hours (hours)": hours.map(_nok),
        "Internal hours (NOK)": hours_cost.map(_nok),
        "Technology (NOK)": tech.map(_nok),
        "Total cost (NOK)": groups["cost_nok"].map(_nok),
        "Effect: value lost without it (MNOK)": groups["marginal_value"].map(_mnok),
        "Account retention after (share/year)": [round(float(accounts.at[a, "retention_after"]), 3)
                                                 for a in groups["account_id"]],
        "Account value created (MNOK)": [_mnok(value_created[a]) for a in groups["account_id"]],
    })
    order = frame["Account"].map(lambda a: -float(value_created[a]))
    return frame.assign(_o=order).sort_values(["_o", "Group"], kind="stable").drop(columns="_o").reset_index(drop=True)


def _rules_table(plan: Any, policies: Sequence[str]) -> pd.DataFrame:
    from kamlearn.allocate import compare

    wanted = list(dict.fromkeys(["optimal", *policies]))
    table = compare(plan.case, wanted)
    best = float(table["total_value"].to_numpy(dtype=float)[list(table.index).index("optimal")])
    frame = pd.DataFrame({
        "Rule": table.index.astype(str),
        "Value created (MNOK)": table["total_value"].map(_mnok).to_numpy(),
        "Share of the best plan (share)": table["share_of_optimal"].round(3).to_numpy(),
        "Left on the table (MNOK)": (best - table["total_value"]).map(_mnok).to_numpy(),
        "Groups": table["groups"].astype(int).to_numpy(),
        "Accounts": table["accounts"].astype(int).to_numpy(),
        "Resource cost (MNOK)": table["cost_nok"].map(_mnok).to_numpy(),
    })
    if plan.policy not in set(frame["Rule"]):
        frame.loc[len(frame)] = [plan.policy, _mnok(plan.total_value), round(plan.total_value / best, 3),
                                 _mnok(best - plan.total_value), len(plan.selected),
                                 int((plan.accounts["groups"] > 0).sum()), _mnok(plan.accounts["cost_nok"].sum())]
    return frame


def _resources_table(plan: Any) -> pd.DataFrame:
    res = plan.resources
    info = plan.case.resources
    more = _value_of_more(plan)
    block = _value_of_block(plan)
    return pd.DataFrame({
        "Resource": res.index.astype(str),
        "Name": res["name"].astype(str).to_numpy(),
        "Unit": res["unit"].astype(str).to_numpy(),
        "Used (unit)": res["used"].round(2).to_numpy(),
        "Capacity (unit)": res["capacity"].round(2).to_numpy(),
        "Utilisation (share)": res["utilisation"].round(3).to_numpy(),
        "Cost of one unit (NOK/unit)": info["cost_per_unit_nok"].reindex(res.index).map(_nok).to_numpy(),
        "Block of more capacity (unit)": block["block"].reindex(res.index).round(2).to_numpy(),
        "Value of the block, re-solved, per unit (NOK/unit)":
            block["value_per_unit_nok"].reindex(res.index).map(_nok).to_numpy(),
        "Block worth, times its price (times)": block["times_cost"].reindex(res.index).round(1).to_numpy(),
        "Verdict": block["verdict"].reindex(res.index).astype(str).to_numpy(),
        "LP shadow price (NOK/unit)": more.reindex(res.index).map(_nok).to_numpy(),
    })


def _left_out_table(plan: Any, commitments: Sequence[str]) -> pd.DataFrame:
    from kamlearn.plan_diff import compare_plans
    from kamlearn.value import account_outcome

    case = plan.case
    initiatives = case.initiatives
    chosen = set(plan.selected)
    prices = _value_of_more(plan)
    demand = case.demand_matrix()
    unit_cost = case.resources["cost_per_unit_nok"].astype(float)
    rows = []
    for gid in initiatives.index:
        if gid in chosen:
            continue
        account = str(initiatives.at[gid, "account_id"])
        on_account = [g for g in plan.selected if initiatives.at[g, "account_id"] == account]
        base = account_outcome(case.accounts.loc[account], initiatives.loc[on_account], case.discount_rate,
                               case.horizon_years)
        more = account_outcome(case.accounts.loc[account], initiatives.loc[[*on_account, gid]], case.discount_rate,
                               case.horizon_years)
        gain = float(more["clv_after"] - base["clv_after"])
        cost = float((demand.loc[gid] * unit_cost).sum())
        scarce = [r for r in demand.columns if demand.at[gid, r] > 0 and float(prices.get(r, 0.0) or 0.0) > 0]
        scarce_value = float(sum(demand.at[gid, r] * prices[r] for r in scarce))
        try:
            forced = _forced_plan(plan, gid, commitments)
            forced_value: float = float(forced.total_value)
            pushed = compare_plans(plan, forced).groups_out
        except InfeasibleError as error:
            forced_value, pushed = math.nan, ()
            reason = f"cannot fit at all: {error}"
        if math.isfinite(forced_value):
            if gain - cost <= 0:
                reason = (f"creates less than it costs: {_mnok_text(gain)} of lifetime value for "
                          f"{_mnok_text(cost)} of resources")
            elif scarce:
                reason = (f"adds {_mnok_text(gain - cost)} after its cost, but needs scarce "
                          f"{', '.join(scarce)} worth {_mnok_text(scarce_value)} at their LP shadow prices elsewhere")
            else:
                reason = f"adds {_mnok_text(gain - cost)} after its cost but does not fit with the chosen groups"
            if pushed:
                reason += f"; forcing it in pushes out {', '.join(pushed)}"
        rows.append({
            "Group": str(gid),
            "Account": account,
            "Project group": str(initiatives.at[gid, "name"]),
            "Resource cost (NOK)": _nok(cost),
            "Value if forced in (MNOK)": _mnok(forced_value) if math.isfinite(forced_value) else math.nan,
            "Cost of forcing it in (MNOK)": _mnok(plan.total_value - forced_value) if math.isfinite(forced_value)
            else math.nan,
            "Reason": reason,
        })
    columns = ["Group", "Account", "Project group", "Resource cost (NOK)", "Value if forced in (MNOK)",
               "Cost of forcing it in (MNOK)", "Reason"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("Cost of forcing it in (MNOK)", kind="stable", na_position="last").reset_index(drop=True)


def _staffing_tables(staffing: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(hours by person and month, the groups' months and status, key-person risk)."""
    staff = staffing.case.staff
    hours = staffing.hours.round(0)
    months = hours.copy()
    months.columns = [f"Month {m} (hours)" for m in hours.columns]
    months.insert(0, "Name", staff.loc[hours.index, "name"].astype(str).to_numpy())
    months.insert(0, "Person", hours.index.astype(str))
    months["Booked in the year (hours)"] = hours.sum(axis=1).to_numpy()
    months["Available in the year (hours)"] = staffing.available.sum(axis=1).reindex(hours.index).round(0).to_numpy()
    groups = staffing.groups
    group_table = pd.DataFrame({
        "Group": groups.index.astype(str),
        "Account": groups["account_id"].astype(str).to_numpy(),
        "Start month": groups["start_month"].astype("Float64").to_numpy(),
        "End month": groups["end_month"].astype("Float64").to_numpy(),
        "Status": groups["status"].astype(str).to_numpy(),
        "People": groups["people"].astype(str).to_numpy(),
    })
    ranking = _key_people(staffing)
    key = pd.DataFrame({
        "Rank": ranking["rank"].astype(int).to_numpy(),
        "Person": ranking.index.astype(str),
        "Name": ranking["name"].astype(str).to_numpy(),
        "Booked (hours/year)": ranking["hours_booked"].round(0).to_numpy(),
        "Value lost if away all year (MNOK)": ranking["value_lost_nok"].map(_mnok).to_numpy(),
        "Groups lost": ranking["groups_lost"].astype(int).to_numpy(),
        "Groups delayed": ranking["groups_delayed"].astype(int).to_numpy(),
    })
    return months.reset_index(drop=True), group_table, key


def _sensitivity_tables(result: Sensitivity) -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = result.groups
    table = pd.DataFrame({
        "Group": groups.index.astype(str),
        "Account": groups["account_id"].to_numpy(),
        "Project group": groups["name"].to_numpy(),
        "In today's plan": np.where(groups["in_today"].to_numpy(), "yes", "no"),
        "Share of draws in the best plan (share)": groups["share_in_optimal"].round(3).to_numpy(),
    })
    qs = result.value_quantiles()
    values = pd.DataFrame({
        "Quantile (share)": qs.index.to_numpy(dtype=float),
        "Best plan of the draw (MNOK)": qs["optimal_plan_nok"].map(_mnok).to_numpy(),
        "Today's plan (MNOK)": qs["todays_plan_nok"].map(_mnok).to_numpy(),
        "Regret (MNOK)": qs["regret_nok"].map(_mnok).to_numpy(),
    })
    mean = pd.DataFrame({"Quantile (share)": ["mean"],
                         "Best plan of the draw (MNOK)": [_mnok(result.optimal_value.mean())],
                         "Today's plan (MNOK)": [_mnok(result.today_value.mean())],
                         "Regret (MNOK)": [_mnok(result.expected_regret)]})
    values = pd.concat([values.astype({"Quantile (share)": object}), mean], ignore_index=True)
    return table, values


def _changes_table(diff: PlanDiff) -> pd.DataFrame:
    groups = diff.groups
    return pd.DataFrame({
        "Group": groups.index.astype(str),
        "Account": groups["account_id"].to_numpy(),
        "Project group": groups["name"].to_numpy(),
        "Cost (NOK)": groups["cost_nok"].map(_nok).to_numpy(),
        "Change": groups["change"].to_numpy(),
    })


# ----------------------------------------------------------------------------- the report


@dataclass(frozen=True, repr=False)
class ManagementReport:
    """Everything management needs to judge a resource plan, ready to write out.

    Attributes
    ----------
    plan : Plan
        The plan defended.
    title : str
        The heading.
    decision : str
        The decision in one paragraph.
    tables : dict of str to DataFrame
        The report's tables in order (sheet name -> table); headers carry the units.
    notes : dict of str to str
        One line under each table's heading (what it shows, its units and horizon).
    assumptions : list of str
        The assumptions, one per line.
    sensitivity : Sensitivity or None
        The Monte Carlo over the effect estimates (None when ``draws=0``).
    changes : PlanDiff or None
        What changed against an earlier plan, when one was given.
    staffing : StaffingPlan or None
        The staffing of the plan (None when the case has no staff).
    """

    plan: Any
    title: str
    decision: str
    tables: dict[str, pd.DataFrame]
    notes: dict[str, str]
    assumptions: list[str]
    sensitivity: Any = None
    changes: Any = None
    staffing: Any = None
    _figures: dict[str, str] = field(default_factory=dict)

    # -- text ---------------------------------------------------------------------

    def summary(self) -> str:
        """The decision, the tables' names and the assumptions, as plain text."""
        lines = [self.title, "", self.decision, "", "Parts: " + ", ".join(self.tables), "", "Assumptions:"]
        lines += [f"  - {a}" for a in self.assumptions]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ManagementReport({self.title!r}, parts={list(self.tables)})"

    def _repr_html_(self) -> str:
        return (f"<div class='kamlearn-report'><p><b>{html.escape(self.title)}</b></p><p>{html.escape(self.decision)}</p>"
                f"<p>Parts: {html.escape(', '.join(self.tables))}</p></div>")

    # -- Excel --------------------------------------------------------------------

    def to_excel(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the report as an Excel workbook, one sheet per part.

        Parameters
        ----------
        path
            The ``.xlsx`` file to write.
        overwrite
            Replace an existing file; without it an existing file raises.

        Returns
        -------
        Path
            The file written (written atomically: a failed write leaves no half file).

        Raises
        ------
        FileExistsError
            When the file exists and ``overwrite`` is False.
        ValueError
            When the name does not end in ``.xlsx``.
        """
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        target = _target(path, ".xlsx", overwrite)
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Decision"
        _put(sheet, 1, 1, self.title).font = Font(bold=True, size=14)
        cell = _put(sheet, 3, 1, self.decision)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=8)
        sheet.row_dimensions[3].height = 150
        sheet.column_dimensions["A"].width = 18
        _put(sheet, 5, 1, "Assumptions").font = Font(bold=True)
        for i, line in enumerate(self.assumptions):
            _put(sheet, 6 + i, 1, line)
        for name, table in self.tables.items():
            ws = workbook.create_sheet(name[:31])
            _put(ws, 1, 1, name).font = Font(bold=True, size=12)
            _put(ws, 2, 1, self.notes.get(name, ""))
            _write_table(ws, table, first_row=4)
        def write(tmp: Path) -> None:
            workbook.save(tmp)
        _atomic_write(target, write)
        return target

    # -- HTML ---------------------------------------------------------------------

    def html(self) -> str:
        """The report as one self-contained HTML page (inline SVG charts, no scripts, no requests)."""
        parts = [
            "<!DOCTYPE html>",
            "<html lang='en'><head><meta charset='utf-8'>",
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{html.escape(self.title)}</title>",
            f"<style>{_CSS}</style></head><body>",
            f"<h1>{html.escape(self.title)}</h1>",
            "<h2>The decision</h2>",
            f"<p class='decision'>{html.escape(self.decision)}</p>",
        ]
        for name, table in self.tables.items():
            parts.append(f"<h2>{html.escape(name)}</h2>")
            if self.notes.get(name):
                parts.append(f"<p class='note'>{html.escape(self.notes[name])}</p>")
            if name in self._figures:
                parts.append(f"<figure>{self._figures[name]}</figure>")
            parts.append(_html_table(table))
        parts.append("<h2>Assumptions</h2><ul>")
        parts += [f"<li>{html.escape(a)}</li>" for a in self.assumptions]
        parts.append("</ul></body></html>")
        return "\n".join(parts)

    def to_html(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write :meth:`html` to a ``.html`` file (UTF-8); never overwrites unless ``overwrite=True``.

        Raises
        ------
        FileExistsError
            When the file exists and ``overwrite`` is False.
        ValueError
            When the name does not end in ``.html`` or ``.htm``.
        """
        target = _target(path, (".html", ".htm"), overwrite)
        page = self.html()
        _atomic_write(target, lambda tmp: tmp.write_text(page, encoding="utf-8"))
        return target


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
    "color:#1d2731}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}"
    ".decision{font-size:1.05rem;line-height:1.5;background:#f3f6fa;padding:.8rem 1rem;border-left:4px solid #1b6ca8}"
    ".note{color:#555;font-size:.9rem}table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}"
    "th,td{border:1px solid #dde;padding:.25rem .5rem;vertical-align:top}th{background:#eef2f7;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:.5rem 0}img{max-width:100%;height:auto}"
)


def _target(path: str | os.PathLike[str], suffixes: str | tuple[str, ...], overwrite: bool) -> Path:
    target = Path(path).expanduser()
    allowed = (suffixes,) if isinstance(suffixes, str) else suffixes
    if target.suffix.lower() not in allowed:
        raise ValueError(f"{target}: expected a file name ending in {' or '.join(allowed)}, found "
                         f"{target.suffix or 'no extension'!r}.")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists; pass overwrite=True (or --overwrite) to replace it.")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{target.parent}: expected an existing folder to write {target.name} in.")
    return target


def _atomic_write(target: Path, write: Any) -> None:
    """Write to a temporary file beside the target, then move it into place."""
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp makes the file private; a report is an ordinary file
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


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
        _put(ws, first_row, j, str(header)).font = Font(bold=True)
        width = max([len(str(header))] + [len(_plain(v)) for v in table.iloc[:, j - 1].tolist()])
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, width + 2))
    formats = [_number_format(str(h)) for h in table.columns]
    for i, row in enumerate(table.itertuples(index=False), start=first_row + 1):
        for j, value in enumerate(row, start=1):
            cell = _put(ws, i, j, value)
            if formats[j - 1] and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = formats[j - 1]
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:,.2f}"
    return str(value)


def _html_cell(header: str, value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return "<td class='n'>-</td>"
    if isinstance(value, (bool, np.bool_)):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if header.endswith("(share)"):
            text = f"{v:.1%}"
        elif header.endswith("(MNOK)"):
            text = f"{v:,.2f}"
        elif header.endswith("(share/year)"):
            text = f"{v:.3f}"
        elif abs(v - round(v)) < 1e-9 or abs(v) >= 100:
            text = f"{v:,.0f}"
        else:
            text = f"{v:,.2f}"
        return f"<td class='n'>{text}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def _html_table(table: pd.DataFrame) -> str:
    headers = [str(h) for h in table.columns]
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    rows = ["<tr>" + "".join(_html_cell(h, v) for h, v in zip(headers, row, strict=True)) + "</tr>"
            for row in table.itertuples(index=False)]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _svg(fig: Figure, alt: str) -> str:
    """A figure as an ``<img>`` holding its SVG as a base64 data URL (text as paths, no metadata, fixed ids)."""
    import matplotlib as mpl

    buffer = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "kamlearn", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='{html.escape(alt)}' src='data:image/svg+xml;base64,{data}'>"


def _figures(report_plan: Any, rules: pd.DataFrame, result: Any, staffing: Any) -> dict[str, str]:
    from matplotlib.figure import Figure

    from kamlearn.plotting.allocation import plot_utilisation

    figures: dict[str, str] = {}
    fig = Figure(figsize=(8, 4))
    plot_utilisation(report_plan, ax=fig.subplots())
    figures["Scarce resources"] = _svg(fig, "Scarce resources: chart")
    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    ax.barh(rules["Rule"][::-1], rules["Value created (MNOK)"][::-1], color="#1b6ca8")
    ax.set_xlabel("value created (MNOK, lifetime value after resource cost)")
    ax.set_title("The rules compared")
    figures["Rules compared"] = _svg(fig, "Rules compared: chart")
    if result is not None:
        fig = Figure(figsize=(8, 3.6))
        result.plot(ax=fig.subplots())
        figures["How sure"] = _svg(fig, "How sure: chart")
    if staffing is not None:
        fig = Figure(figsize=(8, 4.5))
        staffing.plot("heatmap", ax=fig.subplots())
        figures["Staffing by month"] = _svg(fig, "Staffing by month: chart")
    return figures


# ----------------------------------------------------------------------------- building it


def _decision(plan: Any, plan_table: pd.DataFrame, rules: pd.DataFrame, resources: pd.DataFrame,
              result: Any, staffing: Any) -> str:
    case = plan.case
    accounts = plan.accounts
    n_accounts = int((accounts["groups"] > 0).sum())
    cash = float(plan_table["Cash (NOK)"].sum())
    hours_nok = float(plan_table["Internal hours (NOK)"].sum())
    hours = float(plan_table["Internal hours (hours)"].sum())
    tech = float(plan_table["Technology (NOK)"].sum())
    total = float(plan_table["Total cost (NOK)"].sum())
    others = rules[rules["Rule"] != plan.policy].sort_values("Value created (MNOK)", ascending=False)
    text = (
        f"{case.name}: staff {len(plan.selected)} of {len(case.initiatives)} candidate project groups on {n_accounts} "
        f"of {len(accounts)} accounts. They use {_mnok_text(total)} of resources ({_mnok_text(cash)} cash, "
        f"{hours:,.0f} internal hours worth {_mnok_text(hours_nok)}, {_mnok_text(tech)} technology) and create "
        f"{_mnok_text(plan.total_value)} of customer lifetime value ({_over(case)}) after that one-off cost."
    )
    if len(others):
        best_other = others.iloc[0]
        diff = round(plan.total_value / 1e6 - float(best_other["Value created (MNOK)"]), 2)
        if diff == 0:
            text += f" The best plain rule ('{best_other['Rule']}') does as well."
        else:
            text += (f" That is {abs(diff):,.2f} MNOK {'more' if diff > 0 else 'less'} than the best plain rule "
                     f"('{best_other['Rule']}').")
    status = str(plan.status)
    text += {
        "optimal": " The plan is proven to be the best possible within the capacities.",
        "within_gap": f" The plan is certified within {plan.gap:.2%} of the best possible.",
    }.get(status, f" The plan follows the rule '{plan.policy}' (not optimised).")
    column = "Value of the block, re-solved, per unit (NOK/unit)"
    priced = resources[resources[column].fillna(0) > 0]
    if len(priced):
        top = priced.sort_values("Block worth, times its price (times)", ascending=False).iloc[0]
        text += (f" The tightest bottleneck is {str(top['Name']).lower()}: {top['Block of more capacity (unit)']:,.0f} "
                 f"{top['Unit']!s} more would be worth about {top[column]:,.0f} NOK per {str(top['Unit']).rstrip('s')} "
                 f"(plan re-solved, value over the horizon) against a cost of "
                 f"{top['Cost of one unit (NOK/unit)']:,.0f} NOK.")
    if staffing is not None and len(plan.selected):
        if staffing.unstaffed:
            text += (f" {len(staffing.unstaffed)} chosen groups cannot be staffed in time by the named people "
                     f"({_mnok_text(staffing.value_lost_nok)} at risk).")
        else:
            text += " Every chosen group can be staffed by the named people in its start window."
    if result is not None:
        text += (f" Re-solved over {result.draws:,} draws of the effect estimates, today's plan is the best plan in "
                 f"{result.share_today_optimal:.0%} of them; the expected regret of committing to it is "
                 f"{_mnok_text(result.expected_regret)}.")
    return text


def _assumptions(plan: Any, result: Any) -> list[str]:
    case = plan.case
    horizon = _horizon_years(case)
    lines = [
        "Money in NOK; MNOK = million NOK, rounded to two decimals (10,000 NOK); no øre.",
        "Value created = customer lifetime value after the project groups minus before, minus what the groups' "
        "resources cost (amount x internal cost per unit).",
        (f"Lifetime value over a horizon of {horizon:g} years" if horizon else
         "Lifetime value with no horizon: margin x r / (1 + d - r), all future years counted")
        + f", discount rate d = {case.discount_rate:.0%} a year, yearly margin received at the end of each year.",
        "Each group removes a share of the churn that is left, so groups on one account interact; effects are "
        "judgments (estimates) of the key account team.",
        "Value of more of a resource: re-solved on the plan's policy for a realistic block (one person-month of "
        "hours, or 10 % more); the LP shadow price (groups taken in part) is shown beside it and used to name "
        "the scarce resources a left-out group needs.",
        "Capacities are for the planning year (12 months); staffing books named people month by month.",
    ]
    if result is not None:
        lines += result.assumptions
    if _is_embedded(case):
        lines.append(f"{case.name} is a fictional company: every number in this report is illustrative.")
    return lines


def management_report(
    plan: Any,
    *,
    before: Any = None,
    policies: Iterable[str] = ("equal", "revenue", "need", "concentrate", "greedy"),
    draws: int = 1000,
    seed: int = 0,
    sensitivity: Sensitivity | None = None,
    commitments: Iterable[str] | None = None,
    progress: bool | None = None,
    title: str | None = None,
) -> ManagementReport:
    """Build the report for management from a plan and the case behind it.

    Parameters
    ----------
    plan
        The plan to defend (from :func:`kamlearn.allocate`); ``plan.case`` is the case.
    before
        Optional earlier plan (before an edit, or another policy): adds "What changed".
    policies
        The plain rules to compare against (the optimal plan is always included).
    draws, seed
        Monte Carlo draws of the effect estimates for "How sure" (``draws=0`` leaves it out).
    sensitivity
        A finished :func:`kamlearn.sensitivity` result to use instead of new draws.
    commitments
        Groups committed in the plan: kept when a left-out group is forced in.
    progress
        Progress bar for the draws (see :func:`kamlearn.sensitivity`).
    title
        The heading; by default "Use of internal resources for key accounts: <company>".

    Returns
    -------
    ManagementReport
        Write it with :meth:`~ManagementReport.to_excel` and :meth:`~ManagementReport.to_html`.

    Raises
    ------
    TypeError
        When ``plan`` (or ``before``) is not a Plan.
    ValueError
        For a negative ``draws``.

    Examples
    --------
    >>> import kamlearn
    >>> report = kamlearn.management_report(kamlearn.allocate(kamlearn.load_case()), draws=0)
    >>> list(report.tables)[:3]
    ['Plan', 'Rules compared', 'Scarce resources']
    >>> report.decision.startswith("Fjordpak AS:")
    True
    """
    from kamlearn.plan_diff import compare_plans
    from kamlearn.sensitivity import sensitivity as run_sensitivity

    if not all(a in dir(plan) for a in ("case", "selected", "total_value", "groups", "resources")):
        raise TypeError(f"plan: expected a Plan from kamlearn.allocate, found {type(plan).__name__}.")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 0:
        raise ValueError(f"draws: expected a whole number of at least 0, found {draws!r}.")
    committed = list(commitments or [])
    case = plan.case
    plan_table = _plan_table(plan)
    rules = _rules_table(plan, list(policies))
    resources = _resources_table(plan)
    left_out = _left_out_table(plan, committed)
    staffing = _staffing(plan)
    result = sensitivity
    if result is None and draws > 0:
        result = run_sensitivity(plan, draws=int(draws), seed=seed, commitments=committed or None, progress=progress)
    diff = compare_plans(before, plan) if before is not None else None

    tables: dict[str, pd.DataFrame] = {"Plan": plan_table, "Rules compared": rules, "Scarce resources": resources,
                                       "Left out": left_out}
    notes = {
        "Plan": "The chosen project groups by account. Cost for the planning year split into cash (budget), internal "
                "hours (people, at their internal cost) and technology; effect = lifetime value (MNOK) the account's "
                "plan loses without the group.",
        "Rules compared": "Value created (MNOK, lifetime value after resource cost) by each rule, and what it leaves on "
                          "the table against the best plan.",
        "Scarce resources": "Use against capacity in the planning year; the value of one more unit (shadow price, NOK) "
                            "next to what one unit costs (NOK).",
        "Left out": "Candidate groups not in the plan: why, and what forcing each one in would cost (the plan "
                    "re-solved with the group committed; MNOK of value created lost).",
    }
    if staffing is not None:
        months, group_months, key = _staffing_tables(staffing)
        tables["Staffing by month"] = months
        tables["Staffing of groups"] = group_months
        tables["Key-person risk"] = key
        notes["Staffing by month"] = "Hours booked for each person in each month of the planning year (hours)."
        notes["Staffing of groups"] = "Start and end month of every chosen group and who works on it."
        notes["Key-person risk"] = ("Each person away for the whole planning year in turn: value lost (MNOK of the "
                                    "plan's value created) and groups lost or delayed.")
    if result is not None:
        by_group, values = _sensitivity_tables(result)
        tables["How sure"] = by_group
        tables["Plan value over draws"] = values
        notes["How sure"] = (f"Share of {result.draws:,} draws of the effect estimates in which each group is in the "
                             "best plan.")
        notes["Plan value over draws"] = ("Value created (MNOK, lifetime value after resource cost) over the draws: "
                                          "the best plan of each draw, today's plan, and the regret between them.")
    if diff is not None:
        tables["What changed"] = _changes_table(diff)
        notes["What changed"] = diff.summary().splitlines()[0]
    decision = _decision(plan, plan_table, rules, resources, result, staffing)
    heading = title or f"Use of internal resources for key accounts: {case.name}"
    return ManagementReport(
        plan=plan, title=heading, decision=decision, tables=tables, notes=notes,
        assumptions=_assumptions(plan, result), sensitivity=result, changes=diff, staffing=staffing,
        _figures=_figures(plan, rules, result, staffing),
    )
