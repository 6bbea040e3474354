"""Plots for the value model: the Pareto plot of an ABC analysis and lifetime value against retention."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter

from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, millions, styled


@styled
def plot_pareto(abc: pd.DataFrame, ax: Axes | None = None, *, label_top: int = 5) -> Axes:
    """Pareto plot of an ABC analysis: bars per account coloured by class, cumulative share on a second axis.

    Parameters
    ----------
    abc
        The result of :func:`kamlearn.abc_analysis`.
    ax
        Axes to draw on; a new figure when None.
    label_top
        How many of the largest accounts get their name on the x axis (the rest get their id).

    Returns
    -------
    matplotlib.axes.Axes
        The bar Axes (the cumulative line is on ``ax.right_ax``-style twin, reachable as ``ax.figure.axes``).
    """
    ax = get_ax(ax)
    value_column = abc.columns[1]
    values = abc[value_column].to_numpy(dtype=float)
    x = np.arange(len(abc))
    colors = [palette.class_color(c) for c in abc["abc_class"]]
    ax.bar(x, values, color=colors)
    labels = [
        (name if i < label_top else account_id)
        for i, (account_id, name) in enumerate(zip(abc.index, abc["name"], strict=True))
    ]
    ax.set_xticks(x, labels, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(FuncFormatter(millions))
    ax.set_ylabel("Yearly margin (MNOK)" if value_column == "yearly_margin" else f"{value_column} (MNOK)")
    twin = ax.twinx()
    twin.plot(x, abc["cumulative_share"].to_numpy(), color=palette.REFERENCE, marker="o", lw=1.5,
              label="Cumulative share")
    twin.yaxis.set_major_formatter(PercentFormatter(1.0))
    twin.set_ylim(0, 1.05)
    twin.set_ylabel("Cumulative share")
    # Patches, not empty bars: an empty bar container has no colour of its own, so its legend entry
    # came out in the first colour of the cycle (classes A, B and C all blue).
    handles = [Patch(color=palette.class_color(cls), label=f"Class {cls}") for cls in ("A", "B", "C")]
    ax.legend(handles=handles, loc="center right", frameon=False)
    ax.set_title("ABC analysis: which accounts carry the profit")
    return ax


@styled
def plot_clv_against_retention(
    margin: float,
    discount_rate: float = 0.10,
    ax: Axes | None = None,
    *,
    marks: dict[str, float] | None = None,
    horizon_years: float | None = None,
) -> Axes:
    """Lifetime value of a yearly margin as retention goes from 0 to 0.99.

    The curve is the closed form ``m r / (1 + d - r)``; ``marks`` labels
    points on it (for example ``{"today": 0.78, "with the team": 0.9}``).
    """
    from kamlearn.value import customer_lifetime_value

    ax = get_ax(ax)
    r = np.linspace(0.0, 0.99, 199)
    ax.plot(r, customer_lifetime_value(margin, r, discount_rate, horizon_years), color=palette.PLAN)
    for label, retention in (marks or {}).items():
        value = float(customer_lifetime_value(margin, retention, discount_rate, horizon_years))
        ax.scatter([retention], [value], color=palette.CHOICE, zorder=3)
        ax.annotate(label, (retention, value), textcoords="offset points", xytext=(-8, 8), ha="right")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(FuncFormatter(millions))
    ax.set_xlabel("Yearly retention probability")
    ax.set_ylabel("Lifetime value (MNOK)")
    ax.set_title("Lifetime value rises steeply as retention nears 100 %")
    return ax
