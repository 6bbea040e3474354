"""The tables of the management report: the plan, the rules, the resources, what is left out, staffing, how sure.

Each function reads a plan (and the results behind it) and returns one table whose headers carry the units;
cells that are amounts stay numbers (MNOK to two decimals, whole NOK), and only text goes through
:mod:`kamlearn._format`.  :mod:`kamlearn.management_report` puts them together.

Adapters
--------
The tables read the engine through small functions that the lead can point at newer APIs:
:func:`_value_of_more` (the LP shadow prices), :func:`_value_of_block` (the value of additional capacity,
re-solved), :func:`_forced_plan` (:func:`kamlearn.allocate` with ``commitments``), :func:`_staffing`
(:func:`kamlearn.assign_staff` on the plan's groups), :func:`_key_people` (:func:`kamlearn.rank_key_people`)
and :func:`_horizon_years` (the company's planning horizon, ``Case.horizon_years``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn._format import mnok
from kamlearn.allocation import allocate, compare
from kamlearn.errors import InfeasibleError
from kamlearn.i18n import _, pgettext

if TYPE_CHECKING:
    from kamlearn.plan_diff import PlanDiff
    from kamlearn.sensitivity import Sensitivity


# ----------------------------------------------------------------------------- adapters (swap at merge)


def _value_of_more(plan: Any) -> pd.Series:
    """LP shadow price of each resource's capacity (NOK/unit): what one more unit is worth with groups taken in part."""
    return plan.shadow_prices.astype(float)


def _value_of_block(plan: Any) -> pd.DataFrame:
    """Value of additional capacity re-solved on the plan's policy (:meth:`kamlearn.Plan.marginal_values`)."""
    return plan.marginal_values()


def _forced_plan(plan: Any, initiative_id: str, commitments: Sequence[str]) -> Any:
    """The plan re-solved with one more group committed (raises InfeasibleError when it cannot fit)."""
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
    """How lifetime values are counted, in words: :func:`kamlearn.value.horizon_label` of the case's horizon."""
    from kamlearn._lifetime import horizon_label

    return horizon_label(_horizon_years(case))


def _horizon_years(case: Any) -> float | None:
    """The planning horizon of lifetime values in years, or None for no horizon (all future years)."""
    value = getattr(case, "horizon_years", None)
    return None if value is None else float(value)


# ----------------------------------------------------------------------------- cell values (numbers, not text)


def _cell_mnok(value: float) -> float:
    """NOK to MNOK, rounded to two decimals (10,000 NOK): a number for a table cell (text goes through _format)."""
    return round(float(value) / 1e6, 2)


def _cell_nok(value: float) -> float:
    """Whole NOK (no øre): a number for a table cell (text goes through _format)."""
    return float(round(float(value))) if math.isfinite(float(value)) else math.nan


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
        "Cash (NOK)": cash.map(_cell_nok),
        "Internal hours (hours)": hours.map(_cell_nok),
        "Internal hours (NOK)": hours_cost.map(_cell_nok),
        "Technology (NOK)": tech.map(_cell_nok),
        "Total cost (NOK)": groups["cost_nok"].map(_cell_nok),
        "Effect: value lost without it (MNOK)": groups["marginal_value"].map(_cell_mnok),
        "Account retention after (share/year)": [round(float(accounts.at[a, "retention_after"]), 3)
                                                 for a in groups["account_id"]],
        "Account value created (MNOK)": [_cell_mnok(value_created[a]) for a in groups["account_id"]],
    })
    order = frame["Account"].map(lambda a: -float(value_created[a]))
    return frame.assign(_o=order).sort_values(["_o", "Group"], kind="stable").drop(columns="_o").reset_index(drop=True)


def _rules_table(plan: Any, policies: Sequence[str]) -> pd.DataFrame:
    wanted = list(dict.fromkeys(["optimal", *policies]))
    table = compare(plan.case, wanted)
    best = float(table["total_value"].to_numpy(dtype=float)[list(table.index).index("optimal")])
    frame = pd.DataFrame({
        "Rule": table.index.astype(str),
        "Value created (MNOK)": table["total_value"].map(_cell_mnok).to_numpy(),
        "Share of the best plan (share)": table["share_of_optimal"].round(3).to_numpy(),
        "Left on the table (MNOK)": (best - table["total_value"]).map(_cell_mnok).to_numpy(),
        "Groups": table["groups"].astype(int).to_numpy(),
        "Accounts": table["accounts"].astype(int).to_numpy(),
        "Resource cost (MNOK)": table["cost_nok"].map(_cell_mnok).to_numpy(),
    })
    if plan.policy not in set(frame["Rule"]):
        frame.loc[len(frame)] = [plan.policy, _cell_mnok(plan.value_nok), round(plan.value_nok / best, 3),
                                 _cell_mnok(best - plan.value_nok), len(plan.selected),
                                 int((plan.accounts["groups"] > 0).sum()), _cell_mnok(plan.accounts["cost_nok"].sum())]
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
        "Cost of one unit (NOK/unit)": info["cost_per_unit_nok"].reindex(res.index).map(_cell_nok).to_numpy(),
        "Block of more capacity (unit)": block["block"].reindex(res.index).round(2).to_numpy(),
        "Value of the block, re-solved, per unit (NOK/unit)":
            block["value_per_unit_nok"].reindex(res.index).map(_cell_nok).to_numpy(),
        "Block worth, times its price (times)": block["times_cost"].reindex(res.index).round(1).to_numpy(),
        "Verdict": block["verdict"].reindex(res.index).astype(str).to_numpy(),
        "LP shadow price (NOK/unit)": more.reindex(res.index).map(_cell_nok).to_numpy(),
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
            forced_value: float = float(forced.value_nok)
            pushed = compare_plans(plan, forced).groups_out
        except InfeasibleError as error:
            forced_value, pushed = math.nan, ()
            reason = _("cannot fit at all: {error}").format(error=error)
        if math.isfinite(forced_value):
            if gain - cost <= 0:
                reason = _("creates less than it costs: {gain} of lifetime value for {cost} of resources").format(
                    gain=mnok(gain), cost=mnok(cost))
            elif scarce:
                reason = _("adds {net} after its cost, but needs scarce {resources} worth {worth} at their LP shadow "
                           "prices elsewhere").format(net=mnok(gain - cost), resources=", ".join(scarce),
                                                      worth=mnok(scarce_value))
            else:
                reason = _("adds {net} after its cost but does not fit with the chosen groups").format(
                    net=mnok(gain - cost))
            if pushed:
                reason += _("; forcing it in pushes out {groups}").format(groups=", ".join(pushed))
        rows.append({
            "Group": str(gid),
            "Account": account,
            "Project group": str(initiatives.at[gid, "name"]),
            "Resource cost (NOK)": _cell_nok(cost),
            "Value if forced in (MNOK)": _cell_mnok(forced_value) if math.isfinite(forced_value) else math.nan,
            "Cost of forcing it in (MNOK)": _cell_mnok(plan.value_nok - forced_value) if math.isfinite(forced_value)
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
        "Value lost if away all year (MNOK)": ranking["value_lost_nok"].map(_cell_mnok).to_numpy(),
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
        "Best plan of the draw (MNOK)": qs["optimal_plan_nok"].map(_cell_mnok).to_numpy(),
        "Today's plan (MNOK)": qs["todays_plan_nok"].map(_cell_mnok).to_numpy(),
        "Regret (MNOK)": qs["regret_nok"].map(_cell_mnok).to_numpy(),
    })
    mean = pd.DataFrame({"Quantile (share)": ["mean"],
                         "Best plan of the draw (MNOK)": [_cell_mnok(result.optimal_value.mean())],
                         "Today's plan (MNOK)": [_cell_mnok(result.today_value.mean())],
                         "Regret (MNOK)": [_cell_mnok(result.expected_regret)]})
    values = pd.concat([values.astype({"Quantile (share)": object}), mean], ignore_index=True)
    return table, values


def _changes_table(diff: PlanDiff) -> pd.DataFrame:
    groups = diff.groups
    return pd.DataFrame({
        "Group": groups.index.astype(str),
        "Account": groups["account_id"].to_numpy(),
        "Project group": groups["name"].to_numpy(),
        "Cost (NOK)": groups["cost_nok"].map(_cell_nok).to_numpy(),
        "Change": groups["change"].to_numpy(),
    })


# ----------------------------------------------------------------------------- what a person reads (rendering only)
#
# The tables' keys and column names are API (the notebooks index them: report.tables["Left out"]["Reason"]), so
# they stay English in both languages; the workbook and the HTML page show these translated names instead.


def sheet_titles() -> dict[str, str]:
    """The report's parts as a person reads them, in the language in force (key -> title; at most 31 characters)."""
    return {
        "Plan": pgettext("report part", "Plan"),
        "Rules compared": pgettext("report part", "Rules compared"),
        "Scarce resources": pgettext("report part", "Scarce resources"),
        "Left out": pgettext("report part", "Left out"),
        "Staffing by month": pgettext("report part", "Staffing by month"),
        "Staffing of groups": pgettext("report part", "Staffing of groups"),
        "Key-person risk": pgettext("report part", "Key-person risk"),
        "How sure": pgettext("report part", "How sure"),
        "Plan value over draws": pgettext("report part", "Plan value over draws"),
        "What changed": pgettext("report part", "What changed"),
    }


def sheet_title(name: str) -> str:
    """One part's title in the language in force (a part the catalogue does not know keeps its name)."""
    return sheet_titles().get(name, name)


def _headers() -> dict[str, str]:
    return {
        "Account": pgettext("report header", "Account"),
        "Account name": pgettext("report header", "Account name"),
        "Group": pgettext("report header", "Group"),
        "Project group": pgettext("report header", "Project group"),
        "Cash (NOK)": pgettext("report header", "Cash (NOK)"),
        "Internal hours (hours)": pgettext("report header", "Internal hours (hours)"),
        "Internal hours (NOK)": pgettext("report header", "Internal hours (NOK)"),
        "Technology (NOK)": pgettext("report header", "Technology (NOK)"),
        "Total cost (NOK)": pgettext("report header", "Total cost (NOK)"),
        "Effect: value lost without it (MNOK)": pgettext("report header", "Effect: value lost without it (MNOK)"),
        "Account retention after (share/year)": pgettext("report header", "Account retention after (share/year)"),
        "Account value created (MNOK)": pgettext("report header", "Account value created (MNOK)"),
        "Rule": pgettext("report header", "Rule"),
        "Value created (MNOK)": pgettext("report header", "Value created (MNOK)"),
        "Share of the best plan (share)": pgettext("report header", "Share of the best plan (share)"),
        "Left on the table (MNOK)": pgettext("report header", "Left on the table (MNOK)"),
        "Groups": pgettext("report header", "Groups"),
        "Accounts": pgettext("report header", "Accounts"),
        "Resource cost (MNOK)": pgettext("report header", "Resource cost (MNOK)"),
        "Resource": pgettext("report header", "Resource"),
        "Name": pgettext("report header", "Name"),
        "Unit": pgettext("report header", "Unit"),
        "Used (unit)": pgettext("report header", "Used (unit)"),
        "Capacity (unit)": pgettext("report header", "Capacity (unit)"),
        "Utilisation (share)": pgettext("report header", "Utilisation (share)"),
        "Cost of one unit (NOK/unit)": pgettext("report header", "Cost of one unit (NOK/unit)"),
        "Block of more capacity (unit)": pgettext("report header", "Block of more capacity (unit)"),
        "Value of the block, re-solved, per unit (NOK/unit)":
            pgettext("report header", "Value of the block, re-solved, per unit (NOK/unit)"),
        "Block worth, times its price (times)": pgettext("report header", "Block worth, times its price (times)"),
        "Verdict": pgettext("report header", "Verdict"),
        "LP shadow price (NOK/unit)": pgettext("report header", "LP shadow price (NOK/unit)"),
        "Resource cost (NOK)": pgettext("report header", "Resource cost (NOK)"),
        "Value if forced in (MNOK)": pgettext("report header", "Value if forced in (MNOK)"),
        "Cost of forcing it in (MNOK)": pgettext("report header", "Cost of forcing it in (MNOK)"),
        "Reason": pgettext("report header", "Reason"),
        "Person": pgettext("report header", "Person"),
        "Booked in the year (hours)": pgettext("report header", "Booked in the year (hours)"),
        "Available in the year (hours)": pgettext("report header", "Available in the year (hours)"),
        "Start month": pgettext("report header", "Start month"),
        "End month": pgettext("report header", "End month"),
        "Status": pgettext("report header", "Status"),
        "People": pgettext("report header", "People"),
        "Rank": pgettext("report header", "Rank"),
        "Booked (hours/year)": pgettext("report header", "Booked (hours/year)"),
        "Value lost if away all year (MNOK)": pgettext("report header", "Value lost if away all year (MNOK)"),
        "Groups lost": pgettext("report header", "Groups lost"),
        "Groups delayed": pgettext("report header", "Groups delayed"),
        "In today's plan": pgettext("report header", "In today's plan"),
        "Share of draws in the best plan (share)": pgettext("report header", "Share of draws in the best plan (share)"),
        "Quantile (share)": pgettext("report header", "Quantile (share)"),
        "Best plan of the draw (MNOK)": pgettext("report header", "Best plan of the draw (MNOK)"),
        "Today's plan (MNOK)": pgettext("report header", "Today's plan (MNOK)"),
        "Regret (MNOK)": pgettext("report header", "Regret (MNOK)"),
        "Cost (NOK)": pgettext("report header", "Cost (NOK)"),
        "Change": pgettext("report header", "Change"),
    }


def display_header(column: str) -> str:
    """A table's column name as the workbook and the HTML page show it, in the language in force.

    Examples
    --------
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     display_header("Reason"), display_header("Month 3 (hours)")
    ('Begrunnelse', 'Måned 3 (timer)')
    >>> display_header("Cost of forcing it in (MNOK)")
    'Cost of forcing it in (MNOK)'
    """
    if column.startswith("Month ") and column.endswith(" (hours)"):
        month = column[len("Month "):-len(" (hours)")]
        return _("Month {month} (hours)").format(month=month)
    return _headers().get(column, column)


def display_value(column: str, value: Any) -> Any:
    """A cell as a person reads it: the yes/no of a table in the language in force; anything else as it is."""
    if column == "In today's plan" and value in ("yes", "no"):
        return _("yes") if value == "yes" else _("no")
    return value
