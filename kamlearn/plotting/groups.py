"""Plots for the project groups (:mod:`kamlearn.groups`): what groups ask of the resources, and one account's team.

Each ``plot_*`` function takes a result of :mod:`kamlearn.groups`, draws on ``ax=None`` and returns the Axes,
with its artists kept for :func:`kamlearn.plotting.drawn`; each ``update_*`` function writes another result
of the same shape into those artists, so an app (:mod:`kamlearn.widgets`) redraws the picture in place
instead of drawing its own copy.  The bars are :class:`kamlearn.plotting._fast.LiveBars` (one collection a
series: the fast way to redraw them on every key press); in a notebook they draw like any bars.

Unlike the other modules of :mod:`kamlearn.plotting`, these functions are not ``@styled``: the palette's rc
context would make their titles 12.5 pt where the apps that draw them show 12 pt.  Every text is still raised
to the 11 pt minimum (:func:`kamlearn.plotting._common.enforce_min_font`).

These pictures live here, beside :mod:`kamlearn.groups` whose results they draw, rather than in
:mod:`kamlearn.plotting.value` (the ABC analysis and lifetime value of the value model).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kamlearn.i18n import _, lazy_gettext, ngettext
from kamlearn.plotting import palette
from kamlearn.plotting._common import drawn, enforce_min_font, get_ax, remember
from kamlearn.plotting._fast import LiveBars
from kamlearn.plotting.ticks import NumberFormatter

__all__ = ["plot_demand_against_capacity", "short_resource_name", "update_demand_against_capacity"]

_RESOURCE_NAMES = {  # the embedded case company's resources (data/resources.csv) as short axis labels
    "budget": lazy_gettext("budget"),
    "integration_slots": lazy_gettext("integration slots"),
    "portal_licences": lazy_gettext("portal licences"),
    "kam_hours": lazy_gettext("KAM hours"),
    "logistics_hours": lazy_gettext("logistics hours"),
    "it_hours": lazy_gettext("IT hours"),
    "product_dev_hours": lazy_gettext("product dev hours"),
    "finance_hours": lazy_gettext("finance hours"),
    "customer_service_hours": lazy_gettext("customer service hours"),
}


def short_resource_name(resource_id: str) -> str:
    """A resource id as a short axis label: ``'customer_service_hours'`` -> ``'customer service hours'``.

    The resources of the case company are named in the language in force; any other id is shown with
    spaces for underscores.

    Examples
    --------
    >>> short_resource_name("customer_service_hours"), short_resource_name("my_own_resource")
    ('customer service hours', 'my own resource')
    """
    known = _RESOURCE_NAMES.get(str(resource_id))
    return str(known) if known is not None else str(resource_id).replace("_", " ")


def _times_ticks() -> FuncFormatter:
    """Tick labels of a ratio axis with one decimal and ``x`` (``'1.5x'``; ``'1,5x'`` in bokmål)."""
    number = NumberFormatter(decimals=1)
    return FuncFormatter(lambda value, pos: number(value, pos) + "x")  # i18n: not text (a multiple)


def plot_demand_against_capacity(demand: pd.DataFrame, ax: Axes | None = None, *, ratio_top: float | None = None,
                                 title: str | None = None) -> Axes:
    """Horizontal bars: what some accounts' candidate groups ask of each resource, as a multiple of its capacity.

    A bar beyond the capacity line (1.0x) is a resource those groups alone would overrun; it is drawn in the
    scarce colour, the others in the plan colour.  A demand on a resource with no capacity (an infinite
    ratio) reaches the end of the axis.

    Parameters
    ----------
    demand : pandas.DataFrame
        The result of :func:`kamlearn.groups.demand_against_capacity` (its ``ratio`` column: demand over
        the planning year / capacity over the same year, no unit); one bar per resource, the first on top.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.
    ratio_top : float, optional
        The largest ratio the axis must show (the axis ends 10 % beyond it, and never before 1.1x); by default
        the largest finite ratio of ``demand``.  An app that redraws other accounts' demand passes the
        largest ratio of every account (``demand_against_capacity(case)``), so the scale stays put.
    title : str, optional
        The title; by default it says the groups are the key accounts' (as in the key-accounts app).

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a :class:`~kamlearn.plotting._fast.LiveBars`,
        one bar per resource in the table's order, its ``values`` the ratios) and ``capacity_line`` (the
        Line2D at 1.0x).

    See Also
    --------
    update_demand_against_capacity : write another demand table into this picture.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.groups import demand_against_capacity
    >>> from kamlearn.plotting import drawn, plot_demand_against_capacity
    >>> table = demand_against_capacity(kamlearn.load_case(), ["A01"])
    >>> ax = plot_demand_against_capacity(table)
    >>> drawn(ax)["bars"].values.tolist() == table["ratio"].tolist()
    True
    """
    ax = get_ax(ax)
    resource_ids = [str(r) for r in demand.index]
    positions = np.arange(len(resource_ids))[::-1]
    bars = LiveBars(ax, positions, horizontal=True)
    ax.set_ylim(-0.6, len(resource_ids) - 0.4)
    ax.set_yticks(positions, [short_resource_name(r) for r in resource_ids])
    if ratio_top is None:
        ratio_top = float(demand["ratio"].replace(np.inf, np.nan).max())
    ax.set_xlim(0, max(float(ratio_top) if np.isfinite(ratio_top) else 1.0, 1.0) * 1.1)
    ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
    capacity_line = ax.axvline(1.0, color=palette.REFERENCE, lw=1.2)
    ax.xaxis.set_major_formatter(_times_ticks())
    ax.set_title(_("Key accounts' groups:\ndemand / capacity") if title is None else title)
    remember(ax, "demand_against_capacity", bars=bars, capacity_line=capacity_line)
    enforce_min_font(ax.figure)
    return update_demand_against_capacity(ax, demand)


def update_demand_against_capacity(ax: Axes, demand: pd.DataFrame) -> Axes:
    """Write another demand table of the same resources into a :func:`plot_demand_against_capacity` picture.

    The bars' lengths and colours change in place; the axis stays as drawn (an infinite ratio reaches its
    end).  Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_demand_against_capacity` returned.
    demand : pandas.DataFrame
        A result of :func:`kamlearn.groups.demand_against_capacity` with the resources drawn, in their order.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``demand`` has another number of resources.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.groups import demand_against_capacity
    >>> from kamlearn.plotting import drawn, plot_demand_against_capacity, update_demand_against_capacity
    >>> case = kamlearn.load_case()
    >>> ax = plot_demand_against_capacity(demand_against_capacity(case, ["A01"]))
    >>> two = demand_against_capacity(case, ["A01", "A02"])
    >>> drawn(update_demand_against_capacity(ax, two))["bars"].values.tolist() == two["ratio"].tolist()
    True
    """
    from kamlearn._checks import fail

    shown = drawn(ax)
    if shown.kind != "demand_against_capacity":
        raise fail("ax", "plot_demand_against_capacity", shown.kind)  # i18n: not text (a parameter and a function name)
    bars: LiveBars = shown["bars"]
    ratios = demand["ratio"].to_numpy(dtype=float)
    if len(ratios) != len(bars.positions):
        drawn_count = len(bars.positions)
        expected = ngettext("{n} resource", "{n} resources", drawn_count).format(n=drawn_count)
        raise fail("demand", expected, len(ratios))  # i18n: not text (a parameter name)
    end = ax.get_xlim()[1]
    bars.set_values(np.where(np.isfinite(ratios), ratios, end),
                    [palette.SCARCE if ratio > 1.0 else palette.PLAN for ratio in ratios])
    return ax

