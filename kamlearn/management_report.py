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

Where things are
----------------
This module builds the report (:func:`management_report`, the decision
paragraph and the assumptions); the tables and the small adapters that read
the engine are in :mod:`kamlearn._report_tables`, the workbook writer in
:mod:`kamlearn._report_workbook` and the HTML page in :mod:`kamlearn._report_html`.

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

import html
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kamlearn._checks import fail, positive_int
from kamlearn._format import count, mnok, number, per_unit, percent
from kamlearn._report_html import _figures, page
from kamlearn._report_tables import (
    _changes_table,
    _horizon_years,
    _is_embedded,
    _left_out_table,
    _over,
    _plan_table,
    _resources_table,
    _rules_table,
    _sensitivity_tables,
    _staffing,
    _staffing_tables,
    sheet_title,
)
from kamlearn._report_workbook import FORMULA_PREFIXES, safe_text, write_workbook
from kamlearn.i18n import _
from kamlearn.plan_diff import compare_plans
from kamlearn.sensitivity import sensitivity as run_sensitivity

if TYPE_CHECKING:
    from kamlearn.sensitivity import Sensitivity

__all__ = ["FORMULA_PREFIXES", "ManagementReport", "management_report", "safe_text"]


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
        parts = ", ".join(sheet_title(name) for name in self.tables)
        lines = [self.title, "", self.decision, "", _("Parts: {parts}").format(parts=parts), "", _("Assumptions:")]
        lines += [f"  - {a}" for a in self.assumptions]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ManagementReport({self.title!r}, parts={list(self.tables)})"

    def _repr_html_(self) -> str:
        parts = _("Parts: {parts}").format(parts=", ".join(sheet_title(name) for name in self.tables))
        return (f"<div class='kamlearn-report'><p><b>{html.escape(self.title)}</b></p><p>{html.escape(self.decision)}</p>"
                f"<p>{html.escape(parts)}</p></div>")

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
        target = _target(path, ".xlsx", overwrite)
        _atomic_write(target, lambda tmp: write_workbook(self, tmp))
        return target

    # -- HTML ---------------------------------------------------------------------

    def html(self) -> str:
        """The report as one self-contained HTML page (inline SVG charts, no scripts, no requests)."""
        return page(self)

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


def _target(path: str | os.PathLike[str], suffixes: str | tuple[str, ...], overwrite: bool) -> Path:
    target = Path(path).expanduser()
    allowed = (suffixes,) if isinstance(suffixes, str) else suffixes
    if target.suffix.lower() not in allowed:
        raise ValueError(_("{file}: expected a file name ending in {suffixes}, found {found}.").format(
            file=target, suffixes=_(" or ").join(allowed), found=repr(target.suffix or _("no extension"))))
    if target.exists() and not overwrite:
        raise FileExistsError(_("{file} exists; pass overwrite=True (or --overwrite) to replace it.").format(
            file=target))
    if not target.parent.is_dir():
        raise FileNotFoundError(_("{folder}: expected an existing folder to write {name} in.").format(
            folder=target.parent, name=target.name))
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
    text = _("{company}: staff {n} of {candidates} candidate project groups on {chosen} of {accounts} accounts. They "
             "use {total} of resources ({cash} cash, {hours} worth {hours_nok}, {tech} technology) and create {value} "
             "of customer lifetime value ({over}) after that one-off cost.").format(
        company=case.name, n=len(plan.selected), candidates=len(case.initiatives), chosen=n_accounts,
        accounts=len(accounts), total=mnok(total), cash=mnok(cash),
        hours=_("{hours} internal hours").format(hours=number(hours)),
        hours_nok=mnok(hours_nok), tech=mnok(tech), value=mnok(plan.value_nok), over=_over(case))
    if len(others):
        best_other = others.iloc[0]
        diff = round(plan.value_nok / 1e6 - float(best_other["Value created (MNOK)"]), 2)
        if diff == 0:
            text += _(" The best plain rule ('{rule}') does as well.").format(rule=best_other["Rule"])
        elif diff > 0:
            text += _(" That is {amount} more than the best plain rule ('{rule}').").format(
                amount=mnok(abs(diff) * 1e6), rule=best_other["Rule"])
        else:
            text += _(" That is {amount} less than the best plain rule ('{rule}').").format(
                amount=mnok(abs(diff) * 1e6), rule=best_other["Rule"])
    status = str(plan.status)
    if status == "optimal":
        text += _(" The plan is proven to be the best possible within the capacities.")
    elif status == "within_gap":
        text += _(" The plan is certified within {gap} of the best possible.").format(gap=percent(plan.gap, decimals=2))
    else:
        text += _(" The plan follows the rule '{rule}' (not optimised).").format(rule=plan.policy)
    column = "Value of the block, re-solved, per unit (NOK/unit)"
    priced = resources[resources[column].fillna(0) > 0]
    if len(priced):
        top = priced.sort_values("Block worth, times its price (times)", ascending=False).iloc[0]
        unit = str(top["Unit"])
        text += _(" The tightest bottleneck is {resource}: {block} more would be worth about {value} (plan re-solved, "
                  "value over the horizon) against a cost of {cost}.").format(
            resource=str(top["Name"]).lower(), block=number(round(float(top["Block of more capacity (unit)"])), unit),
            value=per_unit(round(float(top[column])), unit), cost=per_unit(float(top["Cost of one unit (NOK/unit)"]), unit))
    if staffing is not None and len(plan.selected):
        if staffing.unstaffed:
            text += _(" {n} chosen groups cannot be staffed in time by the named people ({value} at risk).").format(
                n=len(staffing.unstaffed), value=mnok(staffing.value_lost_nok))
        else:
            text += _(" Every chosen group can be staffed by the named people in its start window.")
    if result is not None:
        text += _(" Re-solved over {draws} of the effect estimates, today's plan is the best plan in {share} of them; "
                  "the expected regret of committing to it is {regret}.").format(
            draws=count(result.draws, "draw"), share=percent(result.share_today_optimal, decimals=0),
            regret=mnok(result.expected_regret))
    return text


def _assumptions(plan: Any, result: Any) -> list[str]:
    case = plan.case
    horizon = _horizon_years(case)
    over = (_("Lifetime value over a horizon of {years} years").format(years=number(horizon)) if horizon else
            _("Lifetime value with no horizon: margin x r / (1 + d - r), all future years counted"))
    lines = [
        _("Money in NOK; MNOK = million NOK, rounded to two decimals (10,000 NOK); no øre."),
        _("Value created = customer lifetime value after the project groups minus before, minus what the groups' "
          "resources cost (amount x internal cost per unit)."),
        _("{over}, discount rate d = {rate} a year, yearly margin received at the end of each year.").format(
            over=over, rate=percent(case.discount_rate, decimals=0)),
        _("Each group removes a share of the churn that is left, so groups on one account interact; effects are "
          "judgments (estimates) of the key account team."),
        _("Value of more of a resource: re-solved on the plan's policy for a realistic block (one person-month of "
          "hours, or 10 % more); the LP shadow price (groups taken in part) is shown beside it and used to name "
          "the scarce resources a left-out group needs."),
        _("Capacities are for the planning year (12 months); staffing books named people month by month."),
    ]
    if result is not None:
        lines += result.assumptions
    if _is_embedded(case):
        lines.append(_("{company} is a fictional company: every number in this report is illustrative.").format(
            company=case.name))
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
    if not all(a in dir(plan) for a in ("case", "selected", "value_nok", "groups", "resources")):
        raise fail("plan", _("a Plan from kamlearn.allocate"), type(plan).__name__, error=TypeError)  # i18n: not text
    draws = positive_int("draws", draws, minimum=0)
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
        "Plan": _("The chosen project groups by account. Cost for the planning year split into cash (budget), internal "
                  "hours (people, at their internal cost) and technology; effect = lifetime value (MNOK) the account's "
                  "plan loses without the group."),
        "Rules compared": _("Value created (MNOK, lifetime value after resource cost) by each rule, and what it leaves "
                            "on the table against the best plan."),
        "Scarce resources": _("Use against capacity in the planning year; the value of one more unit (shadow price, "
                              "NOK) next to what one unit costs (NOK)."),
        "Left out": _("Candidate groups not in the plan: why, and what forcing each one in would cost (the plan "
                      "re-solved with the group committed; MNOK of value created lost)."),
    }
    if staffing is not None:
        months, group_months, key = _staffing_tables(staffing)
        tables["Staffing by month"] = months
        tables["Staffing of groups"] = group_months
        tables["Key-person risk"] = key
        notes["Staffing by month"] = _("Hours booked for each person in each month of the planning year (hours).")
        notes["Staffing of groups"] = _("Start and end month of every chosen group and who works on it.")
        notes["Key-person risk"] = _("Each person away for the whole planning year in turn: value lost (MNOK of the "
                                     "plan's value created) and groups lost or delayed.")
    if result is not None:
        by_group, values = _sensitivity_tables(result)
        tables["How sure"] = by_group
        tables["Plan value over draws"] = values
        notes["How sure"] = _("Share of {draws} of the effect estimates in which each group is in the best plan.").format(
            draws=count(result.draws, "draw"))
        notes["Plan value over draws"] = _("Value created (MNOK, lifetime value after resource cost) over the draws: "
                                           "the best plan of each draw, today's plan, and the regret between them.")
    if diff is not None:
        tables["What changed"] = _changes_table(diff)
        notes["What changed"] = diff.summary().splitlines()[0]
    decision = _decision(plan, plan_table, rules, resources, result, staffing)
    heading = title or _("Use of internal resources for key accounts: {company}").format(company=case.name)
    return ManagementReport(
        plan=plan, title=heading, decision=decision, tables=tables, notes=notes,
        assumptions=_assumptions(plan, result), sensitivity=result, changes=diff, staffing=staffing,
        _figures=_figures(plan, rules, result, staffing),
    )
