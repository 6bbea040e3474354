"""A manager's estimates, the response curves they imply, and the KAM team's hours spread over the accounts.

The decision-calculus way (Little 1970; CALLPLAN, Lodish 1971; Syntex, Lodish et al.
1988): a manager who knows an account judges its response to effort at a few
levels, a curve is fitted through the judgements, and a model spreads the hours
so that the last hour on every account earns the same.  This module is the
glue the course needs between the case company and :mod:`kamlearn.response`:

* :func:`judged_estimates` gives illustrative estimates for the case company
  (a manager's four judgements per account), or checks your own table;
* :func:`plan_effort` calibrates an ADBUDG curve per account from the
  estimates (:func:`kamlearn.response.calibrate_adbudg`) and spreads the pool of
  hours with :func:`kamlearn.response.allocate_effort`, next to today's spread.

Examples
--------
>>> import kamlearn
>>> from kamlearn.effort import judged_estimates, plan_effort
>>> estimates = judged_estimates(kamlearn.load_case())
>>> list(estimates.columns)
['stage', 'today_hours', 'zero', 'today', 'plus_50', 'saturation']
>>> plan = plan_effort(estimates)
>>> bool(plan.total_response >= plan.total_response_today)
True

References
----------
Little, J. D. C. (1970). Models and managers: the concept of a decision
calculus. *Management Science* 16(8).

Lodish, L. M. (1971). CALLPLAN: an interactive salesman's call planning
system. *Management Science* 18(4).

Lodish, L. M., Curtis, E., Ness, M. and Simpson, M. K. (1988). Sales force
sizing and deployment using a decision calculus model at Syntex Laboratories.
*Interfaces* 18(1), 5-20.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn import _checks, _format
from kamlearn._fixed import fixed
from kamlearn._result import bar_plot, check_kind, html_of
from kamlearn.i18n import _
from kamlearn.response import status_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.case import Case
    from kamlearn.response import AdbudgCurve, ResponsePlan

__all__ = ["ESTIMATE_COLUMNS", "STAGE_JUDGEMENTS", "EffortPlan", "judged_estimates", "plan_effort"]

ESTIMATE_COLUMNS = ("today_hours", "zero", "today", "plus_50", "saturation")
"""The columns of an estimates table: today's hours and the four judged responses."""

STAGE_JUDGEMENTS: dict[str, tuple[float, float, float]] = {
    "Pre-KAM": (0.85, 1.035, 1.25),
    "Early-KAM": (0.82, 1.035, 1.20),
    "Mid-KAM": (0.80, 1.03, 1.15),
    "Partnership-KAM": (0.75, 1.02, 1.08),
    "Synergistic-KAM": (0.70, 1.012, 1.05),
}
"""Illustrative judgements by relationship stage: the yearly margin at zero effort, at 50 % more effort
and at saturation, as multiples of today's margin.  Early stages have more to win from more attention;
close partnerships lose more when attention stops, but have less left to win.  These numbers are
assumptions made for the course, not findings from a source."""


def judged_estimates(case: Case | None = None, *, resource: str = "kam_hours") -> pd.DataFrame:
    """Illustrative judged responses of the case company's accounts to the KAM team's hours.

    The response is the account's yearly margin (NOK).  Today's hours are the
    resource's capacity shared in proportion to revenue (the common rule of
    thumb); the four judgements are today's margin times the multiples in
    :data:`STAGE_JUDGEMENTS` for the account's stage.

    Parameters
    ----------
    case
        The company.  Leaving it out (None) still loads the course case, with a
        DeprecationWarning; pass it.
    resource
        The pool of hours being spread (its capacity is today's total).

    Returns
    -------
    DataFrame
        Index ``account_id``; columns ``stage``, ``today_hours`` and the four
        judged responses ``zero``, ``today``, ``plus_50``, ``saturation`` (NOK a year).
    """
    if case is None:
        from kamlearn.case import load_case

        warnings.warn(
            _("judged_estimates() without a case loads the course case; pass it: judged_estimates(kamlearn.load_case()). "
              "The default goes in the next release."),
            DeprecationWarning,
            stacklevel=2,
        )
        case = load_case()
    _checks.known_ids("resource", resource, case.resources.index, what=_("a resource id of the case"))
    accounts = case.accounts
    revenue = accounts["yearly_revenue_nok"].to_numpy(dtype=float)
    capacity = float(case.resources["capacity"].loc[resource])
    share = revenue / revenue.sum() if revenue.sum() > 0 else np.full(len(revenue), 1.0 / len(revenue))
    margin = case.yearly_margin().reindex(accounts.index).to_numpy(dtype=float)
    stages = accounts["stage"].astype(str)
    multiples = np.array([STAGE_JUDGEMENTS.get(s, STAGE_JUDGEMENTS["Mid-KAM"]) for s in stages])
    base = np.abs(margin)  # a loss-making account: judge the same relative swing around its size
    frame = pd.DataFrame(
        {
            "stage": stages.to_numpy(),
            "today_hours": capacity * share,
            "zero": margin + base * (multiples[:, 0] - 1.0),
            "today": margin,
            "plus_50": margin + base * (multiples[:, 1] - 1.0),
            "saturation": margin + base * (multiples[:, 2] - 1.0),
        },
        index=accounts.index,
    )
    frame["stage"] = frame["stage"].astype("str")
    return frame


def _checked(estimates: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(estimates, pd.DataFrame):
        raise TypeError(_("{name}: expected {expected}, found {found}.").format(
            name="estimates", expected=_("a DataFrame"), found=type(estimates).__name__))
    missing = [c for c in ESTIMATE_COLUMNS if c not in estimates.columns]
    if missing:
        raise ValueError(_("estimates: missing columns {columns}.").format(columns=", ".join(missing)))
    if len(estimates) == 0:
        raise ValueError(_("estimates: expected at least one account."))
    table = estimates[list(ESTIMATE_COLUMNS)].astype(float)
    bad = ~np.isfinite(table.to_numpy()).all(axis=1)
    if bad.any():
        raise ValueError(_("estimates: expected finite numbers; account {account} has a missing value.").format(
            account=table.index[bad][0]))
    if (table["today_hours"] <= 0).any():
        first = table.index[(table["today_hours"] <= 0).to_numpy()][0]
        raise ValueError(_("estimates: today's hours must be above 0; account {account} has {hours}.").format(
            account=first, hours=fixed(table.loc[first, "today_hours"], ",.1f")))
    rising = (table["zero"] < table["today"]) & (table["today"] < table["plus_50"]) & (
        table["plus_50"] < table["saturation"])
    if not rising.all():
        first = table.index[~rising.to_numpy()][0]
        row = table.loc[first]
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name=_("estimates for {account}").format(account=first),
            expected=_("zero < today < +50 % < saturation"),
            found=" / ".join(fixed(row[c], ",.0f") for c in ("zero", "today", "plus_50", "saturation"))))
    return table


@dataclass(frozen=True)
class EffortPlan:
    """Hours spread over the accounts by equal marginal returns, next to today's spread.

    Attributes
    ----------
    table : DataFrame
        Index ``account_id``: ``today_hours``, ``hours`` (the plan), ``change_hours``,
        ``response_today`` and ``response`` (NOK a year at today's and the planned
        hours, on the fitted curve), ``marginal_today`` and ``marginal`` (NOK per
        extra hour), ``c`` (curve shape: <= 1 concave, > 1 S-shaped).
    curve : AdbudgCurve
        The fitted curves, one per account.
    allocation : ResponsePlan
        The result of :func:`kamlearn.response.allocate_effort`.
    total_hours : float
        The pool of hours spread.
    marginal_return : float
        The common marginal return per hour at the optimum (NOK per hour).
    """

    table: pd.DataFrame
    curve: AdbudgCurve
    allocation: ResponsePlan
    total_hours: float
    marginal_return: float

    @property
    def total_response(self) -> float:
        """Total response (NOK a year) with the planned hours."""
        return float(self.table["response"].sum())

    @property
    def total_response_today(self) -> float:
        """Total response with today's hours (on the fitted curves)."""
        return float(self.table["response_today"].sum())

    @property
    def gain(self) -> float:
        """What the plan adds to today's spread, NOK a year (same total hours when the pool is today's)."""
        return self.total_response - self.total_response_today

    def summary(self) -> str:
        """A few lines: hours a year, the gain (yearly margin, MNOK a year), the common marginal return (NOK per hour)."""
        moved = float(self.table["change_hours"].clip(lower=0).sum())
        return "\n".join([
            _("Effort plan: {hours} hours over {accounts} accounts ({status})").format(
                hours=fixed(self.total_hours, ",.0f"), accounts=len(self.table), status=status_text(self.allocation.status)),
            _("  response today {today} MNOK a year -> planned {planned} MNOK ({gain} MNOK)").format(
                today=fixed(self.total_response_today / 1e6, ",.2f"), planned=fixed(self.total_response / 1e6, ",.2f"),
                gain=fixed(self.gain / 1e6, "+,.2f")),
            _("  hours moved between accounts: {hours}").format(hours=fixed(moved, ",.0f")),
            _("  marginal return of the last hour on every account with hours: {value} NOK").format(
                value=fixed(self.marginal_return, ",.0f")),
        ])

    def to_frame(self) -> pd.DataFrame:
        """The per-account table (a copy)."""
        return self.table.copy()

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.table, float_format=lambda v: f"{v:,.2f}")

    def plot(self, kind: Literal["change", "hours"] = "change", ax: Axes | None = None) -> Axes:
        """Hours per account: the change the plan makes to today's spread (``"change"``) or the planned hours."""
        check_kind(kind, ("change", "hours"))
        if kind == "change":
            return bar_plot(self.table["change_hours"], ax, title=_("Effort plan: hours moved between accounts"),
                            xlabel=_("Change in hours a year against today"))
        title = _("Effort plan: {hours} a year").format(hours=_format.number(self.total_hours, "hours"))
        return bar_plot(self.table["hours"], ax, title=title, xlabel=_("Planned hours a year"))

    def __repr__(self) -> str:
        return _("EffortPlan(hours={hours}, gain={gain} NOK, marginal_return={value} NOK/hour)").format(
            hours=fixed(self.total_hours, ",.0f"), gain=fixed(self.gain, ",.0f"), value=fixed(self.marginal_return, ",.0f"))


def plan_effort(
    estimates: pd.DataFrame,
    total_hours: float | None = None,
    *,
    lower: Any = 0.0,
    upper: Any = None,
) -> EffortPlan:
    """Calibrate a response curve per account from the estimates and spread the hours by equal marginal returns.

    Parameters
    ----------
    estimates
        A table like :func:`judged_estimates`: ``today_hours`` and the judged
        responses ``zero``, ``today``, ``plus_50``, ``saturation`` per account
        (strictly rising).
    total_hours
        The pool of hours; by default the sum of today's hours (the same team,
        spread differently).
    lower, upper
        Minimum and maximum hours per account (scalars or arrays, in the
        order of ``estimates``), as in Marketing Engineering's allocation model;
        by default 0 and the whole pool.

    Returns
    -------
    EffortPlan

    Raises
    ------
    ValueError
        When a column is missing, an estimate is not a number or the estimates
        of an account do not rise strictly, or the hours are negative.
    kamlearn.InfeasibleError
        When the minimum hours add up to more than the pool.
    """
    from kamlearn.response import allocate_effort, calibrate_adbudg

    table = _checked(estimates)
    pool = float(table["today_hours"].sum()) if total_hours is None else float(total_hours)
    if not math.isfinite(pool) or pool < 0:
        raise _checks.fail("total_hours", _("a number of hours of at least 0"), total_hours)  # i18n: not text (the name)
    curve = calibrate_adbudg(table["zero"].to_numpy(), table["today"].to_numpy(), table["plus_50"].to_numpy(),
                             table["saturation"].to_numpy(), today_effort=table["today_hours"].to_numpy())
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # the S-curve branch is evaluated for concave curves too
        allocation = allocate_effort(curve, pool, lower, pool if upper is None else upper, index=table.index)
    today_hours = table["today_hours"].to_numpy()
    hours = np.asarray(allocation.hours, dtype=float)
    with np.errstate(divide="ignore"):
        marginal_today = curve.marginal(today_hours)
    frame = pd.DataFrame(
        {
            "today_hours": today_hours,
            "hours": hours,
            "change_hours": hours - today_hours,
            "response_today": curve.response(today_hours),
            "response": np.asarray(allocation.response, dtype=float),
            "marginal_today": marginal_today,
            "marginal": np.asarray(allocation.marginal, dtype=float),
            "c": np.broadcast_to(np.asarray(curve.c, dtype=float), hours.shape),
        },
        index=table.index,
    )
    return EffortPlan(frame, curve, allocation, pool, float(allocation.marginal_return))
