"""Plots for the project groups (:mod:`kamlearn.groups`): what groups ask of the resources, and one account's team.

The key-accounts app draws :func:`plot_demand_against_capacity`; the eight-groups app draws
:func:`plot_team_costs` and :func:`plot_team_value`.

Each ``plot_*`` function takes a result of :mod:`kamlearn.groups`, draws on ``ax=None`` and returns the Axes,
with its artists kept for :func:`kamlearn.plotting.drawn`; each ``update_*`` function writes another result
of the same shape into those artists, so an app (:mod:`kamlearn.widgets`) redraws the picture in place
instead of drawing its own copy.  The bars are :class:`kamlearn.plotting._fast.LiveBars` (one collection a
series: the fast way to redraw them on every key press); in a notebook they draw like any bars.

Like every picture an app keeps alive, these functions are
:func:`~kamlearn.plotting._common.styled_when_new`: the house style on a new figure (a notebook); on an app's
Axes only the 11 pt minimum, so the app keeps its 12 pt titles.

These pictures live here, beside :mod:`kamlearn.groups` whose results they draw, rather than in
:mod:`kamlearn.plotting.value` (the ABC analysis and lifetime value of the value model).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kamlearn.i18n import _, get_language, lazy_gettext, ngettext
from kamlearn.plotting import palette
from kamlearn.plotting._common import drawn, get_ax, horizon_phrase, remember, styled_when_new
from kamlearn.plotting._fast import LiveBars
from kamlearn.plotting.ticks import NumberFormatter, PercentTicks, in_language, localise_digits

if TYPE_CHECKING:
    from kamlearn.groups import TeamOutcome

__all__ = [
    "plot_demand_against_capacity",
    "plot_team_costs",
    "plot_team_value",
    "short_resource_name",
    "update_demand_against_capacity",
    "update_team_costs",
    "update_team_value",
]

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


@styled_when_new
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



def _millions(value: float, _pos: int | None = None) -> str:
    """A tick label in MNOK (the unit is on the axis label): whole millions from 10, else one decimal."""
    return localise_digits(f"{value / 1e6:,.{0 if abs(value) >= 10e6 else 1}f}", get_language())


@styled_when_new
def plot_team_costs(outcome: TeamOutcome, ax: Axes | None = None) -> Axes:
    """Horizontal bars: the one-off cost of each of an account's project groups at its staffing, off groups grey.

    The eight-groups app's left panel.  The cost axis fits the outcome drawn (its largest cost plus 5 %), so
    an app draws the outcome with every group at the most staffing first and then writes each setting with
    :func:`update_team_costs`.  ``outcome.plot()`` (:meth:`kamlearn.groups.TeamOutcome.plot`) draws the same
    costs as a plain bar chart in NOK with the account in the title, for reading one outcome in a notebook;
    this picture keeps one scale for every staffing and greys the groups that are off.

    Parameters
    ----------
    outcome : kamlearn.groups.TeamOutcome
        The result of :func:`kamlearn.groups.team_outcome`: its ``groups`` table (``cost_nok``, one-off
        cost in NOK; ``active``), one bar per group, the first on top.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a :class:`~kamlearn.plotting._fast.LiveBars`,
        one bar per group in the table's order, its ``values`` the costs in NOK).

    See Also
    --------
    update_team_costs : write another staffing's outcome into this picture.

    References
    ----------
    McDonald, M., Millman, T. and Rogers, B. (1997). Key account management: theory, practice and
    challenges. *Journal of Marketing Management* 13(8), 737-757 (the customer team of project groups).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.groups import team_outcome
    >>> from kamlearn.plotting import drawn, plot_team_costs
    >>> outcome = team_outcome(kamlearn.load_case())
    >>> drawn(plot_team_costs(outcome))["bars"].values.tolist() == outcome.groups["cost_nok"].tolist()
    True
    """
    ax = get_ax(ax)
    ids = [str(g) for g in outcome.groups.index]
    positions = np.arange(len(ids))[::-1]
    bars = LiveBars(ax, positions, horizontal=True)
    ax.set_ylim(-0.6, len(ids) - 0.4)
    ax.set_yticks(positions, ids)
    ax.xaxis.set_major_formatter(in_language(_millions))
    ax.set_xlabel(_("Cost, one-off (MNOK)"))
    ax.set_title(_("Each group's cost at its staffing"))
    ax.set_xlim(0, float(outcome.groups["cost_nok"].max()) * 1.05 or 1.0)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    remember(ax, "team_costs", bars=bars)
    return update_team_costs(ax, outcome)


def update_team_costs(ax: Axes, outcome: TeamOutcome) -> Axes:
    """Write another outcome of the same account's groups into a :func:`plot_team_costs` picture.

    The bars' lengths and colours change in place (the plan colour for a group that is on, grey for one
    that is off); the axis stays as drawn.  Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_team_costs` returned.
    outcome : kamlearn.groups.TeamOutcome
        An outcome of the same account (its groups in the order drawn).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``outcome`` has another number of groups.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.groups import team_outcome
    >>> from kamlearn.plotting import drawn, plot_team_costs, update_team_costs
    >>> case = kamlearn.load_case()
    >>> ax = plot_team_costs(team_outcome(case))
    >>> fewer = team_outcome(case, active=["A01-G2"])
    >>> drawn(update_team_costs(ax, fewer))["bars"].values.tolist() == fewer.groups["cost_nok"].tolist()
    True
    """
    from kamlearn._checks import fail

    shown = drawn(ax)
    if shown.kind != "team_costs":
        raise fail("ax", "plot_team_costs", shown.kind)  # i18n: not text (a parameter and a function name)
    bars: LiveBars = shown["bars"]
    groups = outcome.groups
    if len(groups) != len(bars.positions):
        drawn_count = len(bars.positions)
        expected = ngettext("{n} group", "{n} groups", drawn_count).format(n=drawn_count)
        raise fail("outcome", expected, len(groups))  # i18n: not text (a parameter name)
    bars.set_values(groups["cost_nok"].to_numpy(dtype=float),
                    [palette.PLAN if bool(on) else palette.OFF for on in groups["active"]])
    return ax


@styled_when_new
def plot_team_value(outcome: TeamOutcome, ax: Axes | None = None) -> Axes:
    """Lifetime value against yearly retention at today's margin, with the account without and with the team.

    The eight-groups app's right panel: the curve (today's margin, retention 50-99 %), a point for the
    account without the team and one with it, and the break-even retention (today's plus the uplift that
    pays for the team).  The value axis fits the curve and the outcome drawn, so an app draws the outcome
    with the most staffing first and then writes each setting with :func:`update_team_value`.
    :func:`kamlearn.plotting.plot_clv_against_retention` draws the same curve for any margin from 0 to 99 %
    with named marks, to read the closed form in a notebook; this picture shows one team's effect.

    Parameters
    ----------
    outcome : kamlearn.groups.TeamOutcome
        The result of :func:`kamlearn.groups.team_outcome` (retention a year, lifetime values in NOK over its
        ``horizon_years`` at its ``discount_rate``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``curve`` (Line2D: lifetime value in NOK against
        retention, not updated), ``today`` and ``with_team`` (PathCollection, one point each at
        ``(retention, lifetime value)``) and ``break_even`` (the dashed vertical Line2D).

    See Also
    --------
    update_team_value : write another staffing's outcome into this picture.

    References
    ----------
    Gupta, S., Lehmann, D. R. and Stuart, J. A. (2004). Valuing customers. *Journal of Marketing
    Research* 41(1), 7-18 (lifetime value of a retained margin).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.groups import team_outcome
    >>> from kamlearn.plotting import drawn, plot_team_value
    >>> outcome = team_outcome(kamlearn.load_case())
    >>> point = drawn(plot_team_value(outcome))["with_team"].get_offsets()[0].tolist()
    >>> point == [outcome.retention_after, outcome.clv_after]
    True
    """
    from kamlearn.value import customer_lifetime_value

    ax = get_ax(ax)
    retention_grid = np.linspace(0.5, 0.99, 99)
    curve_values = customer_lifetime_value(outcome.margin_before, retention_grid, outcome.discount_rate,
                                           outcome.horizon_years)
    (curve,) = ax.plot(retention_grid, curve_values, color=palette.REFERENCE, lw=1.5, label=_("CLV, today's margin"))
    top = max(float(np.max(curve_values)), outcome.clv_after, outcome.clv_before, 1.0)
    ax.set_ylim(min(0.0, float(np.min(curve_values))), top * 1.08)
    ax.set_xlim(0.45, 1.0)  # the retention the curve covers, not 0-100 %
    today = ax.scatter([0.0], [0.0], s=60, color=palette.BASELINE, zorder=3, label=_("without team"))
    with_team = ax.scatter([0.0], [0.0], s=60, color=palette.PLAN, zorder=3, label=_("with team"))
    break_even = ax.axvline(0.5, color=palette.SECOND, ls="--", lw=1.5, label=_("break-even"))
    ax.xaxis.set_major_formatter(PercentTicks(1.0, decimals=0))
    ax.yaxis.set_major_formatter(in_language(_millions))
    ax.set_xlabel(_("Yearly retention"))
    ax.set_ylabel(_("Lifetime value (MNOK,\n{horizon})").format(horizon=horizon_phrase(outcome.horizon_years)))
    ax.set_title(_("Lifetime value"))
    ax.legend(loc="upper left", frameon=False, handlelength=1.2, borderaxespad=0.2)
    remember(ax, "team_value", curve=curve, today=today, with_team=with_team, break_even=break_even)
    return update_team_value(ax, outcome)


def update_team_value(ax: Axes, outcome: TeamOutcome) -> Axes:
    """Write another outcome of the same account into a :func:`plot_team_value` picture.

    The two points and the break-even line move in place; the curve (today's margin, which no team
    changes) and the axes stay as drawn.  Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_team_value` returned.
    outcome : kamlearn.groups.TeamOutcome
        An outcome of the account drawn.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.groups import team_outcome
    >>> from kamlearn.plotting import drawn, plot_team_value, update_team_value
    >>> case = kamlearn.load_case()
    >>> ax = plot_team_value(team_outcome(case))
    >>> none = team_outcome(case, active=[])
    >>> drawn(update_team_value(ax, none))["with_team"].get_offsets()[0].tolist() == [none.retention_after,
    ...                                                                               none.clv_after]
    True
    """
    from kamlearn._checks import fail

    shown = drawn(ax)
    if shown.kind != "team_value":
        raise fail("ax", "plot_team_value", shown.kind)  # i18n: not text (a parameter and a function name)
    shown["today"].set_offsets([[outcome.retention_before, outcome.clv_before]])
    shown["with_team"].set_offsets([[outcome.retention_after, outcome.clv_after]])
    line_at = min(outcome.retention_before + outcome.break_even_uplift, 1.0)
    shown["break_even"].set_xdata([line_at, line_at])
    return ax
