"""Plots for the value model: the Pareto plot of an ABC analysis, where class A ends, and lifetime value."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from kamlearn import _format
from kamlearn.i18n import _, ngettext
from kamlearn.plotting import palette
from kamlearn.plotting._common import drawn, get_ax, horizon_phrase, millions, remember, styled, styled_when_new
from kamlearn.plotting._fast import LiveBars
from kamlearn.plotting.ticks import PercentTicks, in_language


@styled
def plot_pareto(abc: pd.DataFrame, ax: Axes | None = None, *, label_top: int = 5) -> Axes:
    """Pareto plot of an ABC analysis: bars per account coloured by class, cumulative share on a second axis.

    The picture of a table to read: each account's value in MNOK, the largest accounts named.  For the
    cut itself (where class A ends, on a share scale that two rankings share, redrawn as the cut moves),
    :func:`plot_abc_cut` draws the key-accounts app's picture.

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

    To read the closed form in a notebook.  The eight-groups app shows one team's effect on the same curve
    with :func:`kamlearn.plotting.plot_team_value` instead (retention 50-99 %, the account without and with
    the team, the break-even retention, updated in place as the team changes).

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


def _abc_heading(value_column: str) -> str:
    """The title of :func:`plot_abc_cut`: the ranking named when it is margin or revenue."""
    if value_column == "yearly_margin":
        return _("ABC analysis by yearly margin")
    if value_column == "yearly_revenue_nok":
        return _("ABC analysis by yearly revenue")
    return _("ABC analysis")


@styled_when_new
def plot_abc_cut(abc: pd.DataFrame, ax: Axes | None = None, *, cut: float = 0.80,
                 top_share: float | None = None) -> Axes:
    """Where class A ends: each account's share of the total by rank, the cumulative share, and the cut.

    Bars (coloured by class) show each account's share of the total, largest first; the line on the right
    axis is the cumulative share, and the dashed line the cumulative share that ends class A (the
    ``thresholds[0]`` of :func:`kamlearn.abc_analysis`).  The key-accounts app draws its left panel with
    this function and moves the cut with :func:`update_abc_cut`.  Unlike :func:`plot_pareto` (values in
    MNOK, accounts named: a table to read), the bars are shares on a fixed scale and the accounts are
    ranks, so another ranking or cut redraws only the bars and lines.

    Parameters
    ----------
    abc : pandas.DataFrame
        The result of :func:`kamlearn.abc_analysis` (its ``share``, ``cumulative_share`` and ``abc_class``
        columns; shares of the yearly total, no unit), one bar per account in the table's order.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.
    cut : float, default 0.80
        The cumulative share that ends class A (the A threshold the table was made with).
    top_share : float, optional
        The largest share the axis must show (it ends 10 % above); by default the table's largest share.
        An app that shows several rankings passes the largest share of all of them, so the scale stays put.

    Returns
    -------
    matplotlib.axes.Axes
        The bar Axes, with :func:`kamlearn.plotting.drawn` artists ``bars`` (a
        :class:`~kamlearn.plotting._fast.LiveBars`, its ``values`` the shares), ``cumulative`` (Line2D on
        the twin, the cumulative shares), ``cut`` (the dashed Line2D on the twin at ``cut``), ``twin`` (the
        right-hand Axes, 0-105 %) and ``title`` (the title Text, which names the ranking).

    Notes
    -----
    :func:`~kamlearn.plotting._common.styled_when_new`: the house style on a new figure (as
    :func:`plot_pareto`); on the key-accounts app's Axes only the 11 pt minimum, so the app keeps its 12 pt title.

    See Also
    --------
    update_abc_cut : write another ABC table and cut into this picture.
    plot_pareto : the same analysis as values in MNOK with the accounts named.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. *Publications of the American
    Statistical Association* 9(70), 209-219 (the cumulative-share curve).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_abc_cut
    >>> abc = kamlearn.abc_analysis(kamlearn.load_case(), thresholds=(0.6, 0.95))
    >>> shown = drawn(plot_abc_cut(abc, cut=0.6))
    >>> shown["bars"].values.tolist() == abc["share"].tolist(), shown["title"].get_text()
    (True, 'ABC analysis by yearly margin')
    """
    ax = get_ax(ax)
    n = len(abc)
    ranks = np.arange(1, n + 1)
    bars = LiveBars(ax, ranks, color=palette.class_color("C"))
    top = float(abc["share"].max()) if top_share is None else float(top_share)
    ax.set_ylim(0, top * 1.1)
    ax.set_xlim(0.4, n + 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_formatter(PercentTicks(1.0, decimals=0))
    ax.set_ylabel(_("Share of the total"))
    ax.set_xlabel(_("Account rank, largest first"))
    title = ax.set_title(_abc_heading(str(abc.columns[1])))
    twin = ax.twinx()
    twin.set_ylim(0, 1.05)
    twin.yaxis.set_major_formatter(PercentTicks(1.0, decimals=0))
    (cumulative,) = twin.plot(ranks, np.zeros(n), color=palette.REFERENCE, marker="o", ms=3, lw=1.2)
    cut_line = twin.axhline(cut, color=palette.CHOICE, ls="--", lw=1.5)
    ax.legend(handles=[*(Patch(color=palette.class_color(cls), label=_("class {name}").format(name=cls))
                         for cls in "ABC"),
                       Line2D([], [], color=palette.REFERENCE, marker="o", ms=3, label=_("cumulative\n(right axis)"))],
              loc="center right", frameon=False, handlelength=1.0, borderaxespad=0.2)
    remember(ax, "abc_cut", bars=bars, cumulative=cumulative, cut=cut_line, twin=twin, title=title)
    return update_abc_cut(ax, abc, cut)


def update_abc_cut(ax: Axes, abc: pd.DataFrame, cut: float | None = None) -> Axes:
    """Write another ABC table (another ranking or cut, the same accounts) into a :func:`plot_abc_cut` picture.

    The bars' lengths and colours, the cumulative line, the cut and the title change in place; the axes stay
    as drawn.  Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.  The title names the ranking: an
    app that saved the static part of the figure compares ``drawn(ax)["title"].get_text()`` before and
    after, and draws the whole figure again when it changed.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_abc_cut` returned.
    abc : pandas.DataFrame
        A result of :func:`kamlearn.abc_analysis` with as many accounts as the one drawn.
    cut : float, optional
        The cumulative share that ends class A; the cut stays where it is when None.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``abc`` has another number of accounts.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_abc_cut, update_abc_cut
    >>> case = kamlearn.load_case()
    >>> ax = plot_abc_cut(kamlearn.abc_analysis(case))
    >>> by_revenue = kamlearn.abc_analysis(case, thresholds=(0.5, 0.95), by="yearly_revenue_nok")
    >>> shown = drawn(update_abc_cut(ax, by_revenue, 0.5))
    >>> shown["cumulative"].get_ydata().tolist() == by_revenue["cumulative_share"].tolist()
    True
    >>> list(shown["cut"].get_ydata()), shown["title"].get_text()
    ([0.5, 0.5], 'ABC analysis by yearly revenue')
    """
    from kamlearn._checks import fail

    shown = drawn(ax)
    if shown.kind != "abc_cut":
        raise fail("ax", "plot_abc_cut", shown.kind)  # i18n: not text (a parameter and a function name)
    bars: LiveBars = shown["bars"]
    if len(abc) != len(bars.positions):
        drawn_count = len(bars.positions)
        expected = ngettext("{n} account", "{n} accounts", drawn_count).format(n=drawn_count)
        raise fail("abc", expected, len(abc))  # i18n: not text (a parameter name)
    bars.set_values(abc["share"].to_numpy(dtype=float), [palette.class_color(str(c)) for c in abc["abc_class"]])
    shown["cumulative"].set_ydata(abc["cumulative_share"].to_numpy(dtype=float))
    if cut is not None:
        shown["cut"].set_ydata([cut, cut])
    heading = _abc_heading(str(abc.columns[1]))
    if shown["title"].get_text() != heading:
        shown["title"].set_text(heading)
    return ax
