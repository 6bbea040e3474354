"""Plots for the value model: the Pareto plot of an ABC analysis and lifetime value against retention."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, horizon_phrase, millions, remember, styled
from kamlearn.plotting.ticks import PercentTicks, in_language


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
        The bar Axes (the cumulative line is on ``ax.right_ax``-style twin, reachable as ``ax.figure.axes``),
        with :func:`kamlearn.plotting.drawn` artists ``bars`` (a BarContainer, one bar per account in the
        table's order), ``cumulative`` (Line2D on the twin) and ``twin`` (the twin Axes).
    """
    ax = get_ax(ax)
    value_column = abc.columns[1]
    values = abc[value_column].to_numpy(dtype=float)
    x = np.arange(len(abc))
    colors = [palette.class_color(c) for c in abc["abc_class"]]
    bars = ax.bar(x, values, color=colors)
    labels = [
        (name if i < label_top else account_id)
        for i, (account_id, name) in enumerate(zip(abc.index, abc["name"], strict=True))
    ]
    ax.set_xticks(x, labels, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(in_language(millions))
    ax.set_ylabel(_("Yearly margin (MNOK)") if value_column == "yearly_margin"
                  else _("{column} (MNOK)").format(column=value_column))
    twin = ax.twinx()
    (cumulative,) = twin.plot(x, abc["cumulative_share"].to_numpy(), color=palette.REFERENCE, marker="o", lw=1.5,
                              label=_("Cumulative share"))
    twin.yaxis.set_major_formatter(PercentTicks(1.0))
    twin.set_ylim(0, 1.05)
    twin.set_ylabel(_("Cumulative share"))
    # Patches, not empty bars: an empty bar container has no colour of its own, so its legend entry
    # came out in the first colour of the cycle (classes A, B and C all blue).
    handles = [Patch(color=palette.class_color(cls), label=_("Class {abc_class}").format(abc_class=cls))
               for cls in ("A", "B", "C")]
    ax.legend(handles=handles, loc="center right", frameon=False)
    ax.set_title(_("ABC analysis: which accounts carry the profit"))
    return remember(ax, "pareto", bars=bars, cumulative=cumulative, twin=twin)


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

    The curve is the closed form ``m r / (1 + d - r)`` (or its sum over ``horizon_years``); ``marks``
    labels points on it (for example ``{"today": 0.78, "with the team": 0.9}``).  The value axis states
    the discount rate and the horizon.

    Parameters
    ----------
    margin
        Yearly margin (NOK).
    discount_rate
        Yearly discount rate.
    ax
        Axes to draw on; a new figure when None.
    marks
        Named retention probabilities to mark, the names in the reader's language.
    horizon_years
        Planning horizon in years; None for no end.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``curve`` (Line2D) and ``marks`` (a list of
        ``(PathCollection, Annotation)`` pairs in the order of ``marks``).
    """
    from kamlearn.value import customer_lifetime_value

    ax = get_ax(ax)
    r = np.linspace(0.0, 0.99, 199)
    (curve,) = ax.plot(r, customer_lifetime_value(margin, r, discount_rate, horizon_years), color=palette.PLAN)
    marked = []
    for label, retention in (marks or {}).items():
        value = float(customer_lifetime_value(margin, retention, discount_rate, horizon_years))
        dot = ax.scatter([retention], [value], color=palette.CHOICE, zorder=3)
        marked.append((dot, ax.annotate(label, (retention, value), textcoords="offset points", xytext=(-8, 8),
                                        ha="right")))
    ax.xaxis.set_major_formatter(PercentTicks(1.0))
    ax.yaxis.set_major_formatter(in_language(millions))
    ax.set_xlabel(_("Yearly retention probability"))
    rate = float(discount_rate) * 100
    rate_text = _format.percent(discount_rate, decimals=0 if abs(rate - round(rate)) < 1e-9 else 1)
    # Translators: {rate} is a percentage ("10 %"), {horizon} "discounted over 5 years" or "discounted, no horizon".
    ax.set_ylabel(_("Lifetime value, {horizon} at {rate} (MNOK)").format(
        horizon=horizon_phrase(horizon_years), rate=rate_text))
    ax.set_title(_("Lifetime value rises steeply as retention nears 100 %"))
    return remember(ax, "clv_against_retention", curve=curve, marks=marked)
