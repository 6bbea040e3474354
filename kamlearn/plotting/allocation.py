"""Plots for the allocation engine: plans, utilisation with shadow prices, capacity sweeps, policies, response curves.

Each function takes a result (a Plan, a DataFrame from :func:`kamlearn.sweep_capacity`
or :func:`kamlearn.compare`, a response curve), draws on ``ax=None`` and returns the
Axes.  None of them solves a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from kamlearn import _format
from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, millions, styled

if TYPE_CHECKING:
    from kamlearn.allocation import Plan

__all__ = [
    "plot_allocation",
    "plot_capacity_sweep",
    "plot_policy_comparison",
    "plot_response_curve",
    "plot_utilisation",
]


@styled
def plot_allocation(plan: Plan, ax: Axes | None = None, *, max_accounts: int = 16) -> Axes:
    """Stacked bars: the share of each resource's capacity that each account's groups use.

    Parameters
    ----------
    plan
        The result of :func:`kamlearn.allocate`.
    ax
        Axes to draw on; a new figure when None.
    max_accounts
        Accounts beyond this many (by value created) are drawn together as "other accounts".

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = get_ax(ax)
    usage = plan.usage
    capacity = plan.resources["capacity"].replace(0, np.nan)
    share = usage.div(capacity, axis=1).fillna(0.0)
    order = plan.accounts.loc[share.index, "value_created"].sort_values(ascending=False).index
    share = share.loc[order]
    if len(share) > max_accounts:
        top = share.iloc[:max_accounts]
        rest = share.iloc[max_accounts:].sum().rename("other accounts")
        share = pd.concat([top, rest.to_frame().T])
    x = np.arange(share.shape[1])
    bottom = np.zeros(share.shape[1])
    colors = [_cycle(i) for i in range(len(share))]
    for (account, row), color in zip(share.iterrows(), colors, strict=True):
        ax.bar(x, row.to_numpy(), bottom=bottom, label=str(account), color=color, edgecolor="white", linewidth=0.5)
        bottom += row.to_numpy()
    ax.axhline(1.0, color=palette.REFERENCE, lw=1, ls="--")
    ax.set_xticks(x, list(share.columns), rotation=35, ha="right")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("Share of capacity")
    ax.set_title(f"Who uses the scarce resources ({plan.policy})")
    ax.legend(ncols=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


@styled
def plot_utilisation(plan: Plan, ax: Axes | None = None) -> Axes:
    """Utilisation of every resource, with its shadow price written on the bar.

    Scarce resources (a positive shadow price) are red (:data:`palette.SCARCE`); a resource that is
    full but has no price is not: full is not scarce.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = get_ax(ax)
    res = plan.resources
    price = res["shadow_price"].to_numpy(dtype=float)
    colors = [palette.resource_color(p) for p in price]  # red = scarce (a price), not merely full
    y = np.arange(len(res))
    ax.barh(y, res["utilisation"].to_numpy(dtype=float), color=colors)
    ax.axvline(1.0, color=palette.REFERENCE, lw=1, ls="--")
    for yi, (util, p, unit) in enumerate(zip(res["utilisation"], price, res["unit"], strict=True)):
        label = "" if not np.isfinite(p) else (_format.per_unit(p, str(unit)) if p > 0 else "not scarce")
        ax.text(min(util, 1.0) + 0.01, yi, label, va="center")
    ax.set_yticks(y, list(res.index))
    ax.invert_yaxis()
    ax.set_xlim(0, 1.45)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("Utilisation (used / capacity); text: shadow price")
    ax.set_title(f"Resource use and shadow prices ({plan.policy})")
    return ax


@styled
def plot_capacity_sweep(sweep: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Value created against one resource's capacity, from :func:`kamlearn.sweep_capacity`.

    Draws the value of whole groups (steps) and, when present, the LP relaxation
    (whose slope is the shadow price).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = get_ax(ax)
    ax.step(sweep["capacity"], sweep["total_value"], where="post", color=palette.PLAN, lw=2,
            label="Value of the plan (whole groups)")
    if "relaxation_value" in sweep and sweep["relaxation_value"].notna().any():
        ax.plot(sweep["capacity"], sweep["relaxation_value"], color=palette.SECOND, lw=1.2, ls="--",
                label="LP relaxation (slope = shadow price)")
    ax.yaxis.set_major_formatter(FuncFormatter(millions))
    ax.set_ylabel("Value created (MNOK)")
    ax.set_xlabel(f"Capacity of {sweep.attrs.get('resource_id', 'the resource')}")
    ax.set_title("Where does more capacity stop paying?")
    ax.legend(frameon=False)
    return ax


@styled
def plot_policy_comparison(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of value created per policy, from :func:`kamlearn.compare`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = get_ax(ax)
    values = table["total_value"].astype(float)
    y = np.arange(len(values))
    colors = [palette.BEST if p == "optimal" else palette.PLAN for p in values.index]
    ax.barh(y, values.to_numpy(), color=colors)
    if "share_of_optimal" in table and table["share_of_optimal"].notna().any():
        for yi, share in enumerate(table["share_of_optimal"]):
            ax.text(max(values.iloc[yi], 0.0), yi, f" {_format.percent(share, decimals=0)}", va="center")
    ax.set_yticks(y, list(values.index))
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(millions))
    ax.set_xlabel("Value created (MNOK)")
    ax.set_title("Rules of thumb against the optimal plan")
    return ax


@styled
def plot_response_curve(
    curve: Any,
    ax: Axes | None = None,
    *,
    max_effort: float | None = None,
    points: dict[str, tuple[float, float]] | None = None,
    effort: float | None = None,
    label: str = "response",
) -> Axes:
    """One response curve (a scalar AdbudgCurve or ExponentialCurve), with optional marked points.

    Parameters
    ----------
    curve
        The curve; only its ``response`` is evaluated (no model is solved).
    max_effort
        Right end of the effort axis (default: four times ``effort`` or 100).
    points
        Named points to mark, e.g. the manager's calibration estimates
        ``{"today": (200, 100.0), "+50 %": (300, 115.0)}``.
    effort
        An effort to mark with a vertical line (e.g. the allocated hours).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = get_ax(ax)
    right = max_effort if max_effort is not None else (4.0 * effort if effort else 100.0)
    x = np.linspace(0.0, right, 300)
    ax.plot(x, np.asarray(curve.response(x), dtype=float), color=palette.PLAN, lw=2, label=label)
    for name, (px, py) in (points or {}).items():
        ax.plot([px], [py], "o", color=palette.CHOICE)
        ax.annotate(name, (px, py), textcoords="offset points", xytext=(5, -12))
    if effort is not None:
        ax.axvline(effort, color=palette.REFERENCE, ls="--", lw=1)
    ax.axhline(float(np.asarray(curve.a)), color=palette.REFERENCE, lw=0.8, ls=":")
    ax.set_xlabel("Effort (hours)")
    ax.set_ylabel("Response")
    ax.set_title("Response to effort")
    return ax


def _cycle(i: int) -> str:
    return palette.SERIES[i % len(palette.SERIES)]
