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

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, millions, remember, styled
from kamlearn.plotting.ticks import NumberFormatter, PercentTicks, in_language

if TYPE_CHECKING:
    from kamlearn.allocation import Plan

__all__ = [
    "plot_allocation",
    "plot_capacity_sweep",
    "plot_policy_comparison",
    "plot_response_curve",
    "plot_utilisation",
    "update_utilisation",
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
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (one BarContainer per account row, top of the
        legend first) and ``capacity_line`` (the dashed 100 % line).
    """
    ax = get_ax(ax)
    usage = plan.usage
    capacity = plan.resources["capacity"].replace(0, np.nan)
    share = usage.div(capacity, axis=1).fillna(0.0)
    order = plan.accounts.loc[share.index, "value_created"].sort_values(ascending=False).index
    share = share.loc[order]
    if len(share) > max_accounts:
        top = share.iloc[:max_accounts]
        rest = share.iloc[max_accounts:].sum().rename(_("other accounts"))
        share = pd.concat([top, rest.to_frame().T])
    x = np.arange(share.shape[1])
    bottom = np.zeros(share.shape[1])
    colors = [_cycle(i) for i in range(len(share))]
    containers = []
    for (account, row), color in zip(share.iterrows(), colors, strict=True):
        containers.append(ax.bar(x, row.to_numpy(), bottom=bottom, label=str(account), color=color,
                                 edgecolor="white", linewidth=0.5))
        bottom += row.to_numpy()
    line = ax.axhline(1.0, color=palette.REFERENCE, lw=1, ls="--")
    names = plan.resources["name"] if "name" in plan.resources else pd.Series(share.columns, index=share.columns)
    ax.set_xticks(x, [_shorten(str(names.get(r, r)), 24) for r in share.columns], rotation=35, ha="right")
    ax.yaxis.set_major_formatter(PercentTicks(1.0))
    ax.set_ylabel(_("Share of capacity"))
    ax.set_title(_("Who uses the scarce resources ({policy})").format(policy=plan.policy))
    ax.legend(ncols=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return remember(ax, "allocation", bars=containers, capacity_line=line)


@styled
def plot_utilisation(plan: Plan, ax: Axes | None = None) -> Axes:
    """Utilisation of every resource, with its shadow price written on the bar.

    Scarce resources (a positive shadow price) are red (:data:`palette.SCARCE`); a resource that is
    full but has no price is not: full is not scarce.  The shadow prices are written in a column to the
    right of the dashed 100 % line, so the line never crosses a price.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a BarContainer, one bar per resource in the
        order of ``plan.resources``), ``prices`` (a list of Text, one per resource, same order) and
        ``capacity_line`` (the dashed 100 % line).
    """
    ax = get_ax(ax)
    res = plan.resources
    price = res["shadow_price"].to_numpy(dtype=float)
    colors = [palette.resource_color(p) for p in price]  # red = scarce (a price), not merely full
    y = np.arange(len(res))
    utilisation = res["utilisation"].to_numpy(dtype=float)
    bars = ax.barh(y, utilisation, color=colors)
    line = ax.axvline(1.0, color=palette.REFERENCE, lw=1, ls="--")
    right = max(1.0, float(np.nanmax(utilisation, initial=1.0)))
    prices = []
    for yi, (p, unit) in enumerate(zip(price, res["unit"], strict=True)):
        prices.append(ax.text(right + 0.03, yi, _price_label(p, str(unit)), va="center", ha="left",
                              color=palette.REFERENCE))
    names = res["name"] if "name" in res else pd.Series(res.index, index=res.index)
    ax.set_yticks(y, [_shorten(str(n)) for n in names])
    ax.invert_yaxis()
    ax.set_xlim(0, right + 0.5)
    ax.set_xticks(np.arange(0.0, right + 1e-9, 0.2))  # no ticks under the price column
    ax.xaxis.set_major_formatter(PercentTicks(1.0))
    ax.set_xlabel(_("Utilisation (used / capacity); text: shadow price"))
    ax.set_title(_("Resource use and shadow prices ({policy})").format(policy=plan.policy))
    return remember(ax, "utilisation", bars=bars, prices=prices, capacity_line=line)


def _price_label(price: float, unit: str) -> str:
    """The text beside a resource's bar: its shadow price per unit, "not scarce", or nothing when unknown."""
    if not np.isfinite(price):
        return ""
    return _format.per_unit(price, unit) if price > 0 else _("not scarce")


def update_utilisation(ax: Axes, plan: Plan) -> Axes:
    """Write another plan of the same resources into a :func:`plot_utilisation` picture, without drawing anew.

    The bars' lengths and colours, the price labels and the title change in place (for an app that
    re-solves on every move of a control); call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_utilisation` returned.
    plan : Plan
        A plan with the same resources in the same order.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``plan`` has other resources.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_utilisation, update_utilisation
    >>> case = kamlearn.load_case()
    >>> ax = plot_utilisation(kamlearn.allocate(case))
    >>> tighter = kamlearn.allocate(case.with_capacity(it_hours=300))
    >>> _ = update_utilisation(ax, tighter)
    >>> [float(bar.get_width()) for bar in drawn(ax)["bars"]] == tighter.resources["utilisation"].tolist()
    True
    """
    from kamlearn._checks import fail
    from kamlearn.plotting._common import drawn

    shown = drawn(ax)
    if shown.kind != "utilisation":
        raise fail("ax", _("a picture of plot_utilisation"), shown.kind)  # i18n: not text (a parameter name)
    res = plan.resources
    bars, prices = shown["bars"], shown["prices"]
    if len(res) != len(bars):
        raise fail("plan", _("a plan of the {n} resources drawn").format(n=len(bars)), len(res))  # i18n: not text
    for bar, text, util, p, unit in zip(bars, prices, res["utilisation"], res["shadow_price"], res["unit"],
                                        strict=True):
        bar.set_width(float(util))
        bar.set_color(palette.resource_color(float(p)))
        text.set_text(_price_label(float(p), str(unit)))
    ax.set_title(_("Resource use and shadow prices ({policy})").format(policy=plan.policy))
    return ax


@styled
def plot_capacity_sweep(sweep: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Value created against one resource's capacity, from :func:`kamlearn.sweep_capacity`.

    Draws the value of whole groups (steps) and, when present, the LP relaxation
    (whose slope is the shadow price).

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``steps`` (Line2D) and ``relaxation`` (Line2D, or
        None when the sweep has no LP relaxation).
    """
    ax = get_ax(ax)
    (steps,) = ax.step(sweep["capacity"], sweep["total_value"], where="post", color=palette.PLAN, lw=2,
                       label=_("Value of the plan (whole groups)"))
    relaxation = None
    if "relaxation_value" in sweep and sweep["relaxation_value"].notna().any():
        (relaxation,) = ax.plot(sweep["capacity"], sweep["relaxation_value"], color=palette.SECOND, lw=1.2,
                                ls="--", label=_("LP relaxation (slope = shadow price)"))
    ax.yaxis.set_major_formatter(in_language(millions))
    ax.xaxis.set_major_formatter(NumberFormatter())
    ax.set_ylabel(_("Value created (MNOK)"))
    resource = sweep.attrs.get("resource_id")
    ax.set_xlabel(_("Capacity of {resource}").format(resource=resource if resource else _("the resource")))
    ax.set_title(_("Where does more capacity stop paying?"))
    ax.legend(frameon=False)
    return remember(ax, "capacity_sweep", steps=steps, relaxation=relaxation)


@styled
def plot_policy_comparison(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of value created per policy, from :func:`kamlearn.compare`.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a BarContainer, one bar per policy in the
        table's order) and ``shares`` (a list of Text, the share of the optimum per bar; empty when the
        table has none).
    """
    ax = get_ax(ax)
    values = table["total_value"].astype(float)
    y = np.arange(len(values))
    colors = [palette.BEST if p == "optimal" else palette.PLAN for p in values.index]
    bars = ax.barh(y, values.to_numpy(), color=colors)
    shares = []
    if "share_of_optimal" in table and table["share_of_optimal"].notna().any():
        for yi, share in enumerate(table["share_of_optimal"]):
            shares.append(ax.text(max(values.iloc[yi], 0.0), yi, " " + _format.percent(share, decimals=0),
                                  va="center"))
    ax.set_yticks(y, list(values.index))
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(in_language(millions))
    ax.set_xlabel(_("Value created (MNOK)"))
    ax.set_title(_("Rules of thumb against the optimal plan"))
    return remember(ax, "policy_comparison", bars=bars, shares=shares)


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
    label
        The curve's name (for a legend the caller adds), in the reader's language.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``curve`` (Line2D), ``points`` (a list of
        ``(Line2D, Annotation)`` pairs in the order of ``points``), ``effort_line`` (Line2D or None) and
        ``saturation_line`` (the dotted line at the curve's saturation ``a``).
    """
    ax = get_ax(ax)
    right = max_effort if max_effort is not None else (4.0 * effort if effort else 100.0)
    x = np.linspace(0.0, right, 300)
    (line,) = ax.plot(x, np.asarray(curve.response(x), dtype=float), color=palette.PLAN, lw=2, label=label)
    marked = []
    for name, (px, py) in (points or {}).items():
        (dot,) = ax.plot([px], [py], "o", color=palette.CHOICE)
        marked.append((dot, ax.annotate(name, (px, py), textcoords="offset points", xytext=(5, -12))))
    effort_line = None
    if effort is not None:
        effort_line = ax.axvline(effort, color=palette.REFERENCE, ls="--", lw=1)
    saturation = ax.axhline(float(np.asarray(curve.a)), color=palette.REFERENCE, lw=0.8, ls=":")
    ax.xaxis.set_major_formatter(NumberFormatter())
    ax.yaxis.set_major_formatter(NumberFormatter())
    ax.set_xlabel(_("Effort (hours)"))
    ax.set_ylabel(_("Response"))
    ax.set_title(_("Response to effort"))
    return remember(ax, "response_curve", curve=line, points=marked, effort_line=effort_line,
                    saturation_line=saturation)


def _cycle(i: int) -> str:
    return palette.SERIES[i % len(palette.SERIES)]


def _shorten(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
