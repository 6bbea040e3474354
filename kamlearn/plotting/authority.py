"""Plots for the authority simulation: value, speed and oversight against the KAM's delegated limit.

:func:`plot_authority_sweep` is the course notebooks' one-panel summary of a sweep of limits.  The authority
simulator app (:func:`kamlearn.widgets.authority_simulator`) draws two panels of its own, which it updates in
place on every move of a slider: :func:`plot_authority_value` (the value curve with the chosen and the best
limit) and :func:`plot_authority_speed` (decided at once against spending not reviewed), with
:func:`update_authority_value` and :func:`update_authority_speed`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import (
    get_ax,
    horizon_phrase,
    millions,
    remember,
    styled,
    styled_when_new,
    thousands,
)
from kamlearn.plotting.ticks import NumberFormatter, in_language

if TYPE_CHECKING:
    from kamlearn.authority import AuthorityResult, LimitSweep

__all__ = [
    "plot_authority_speed",
    "plot_authority_sweep",
    "plot_authority_value",
    "update_authority_speed",
    "update_authority_value",
]


_nok = thousands

_UNSTATED: Any = object()


@styled
def plot_authority_sweep(
    sweep: LimitSweep, ax: Axes | None = None, *, today: float | None = None, horizon_years: Any = _UNSTATED
) -> Axes:
    """Lifetime value and mean decision delay against the KAM's delegated limit.

    The course notebooks' summary of a sweep, in one panel.  The authority simulator app draws other
    pictures: :func:`plot_authority_value` (the value curve with a chosen limit as a point and the best
    as a star, axes fixed for the app's range of delays) and :func:`plot_authority_speed` (the share
    decided at once against spending not reviewed, which this plot does not show).

    The value (change against instant decisions with free review, MNOK) is on
    the left axis; the mean days a request waits for a decision on a second
    axis to the right; the best limit is marked.  Limits of 0 and infinity are
    left out of the log-scaled x axis (their numbers are in ``sweep.table``).

    Parameters
    ----------
    sweep
        The result of :func:`kamlearn.sweep_limits`.
    ax
        Axes to draw on; a new figure when None.
    today
        A limit to mark as today's (for example ``kamlearn.authority.DEFAULT_LIMIT_NOK``).
    horizon_years
        The horizon the lifetime values were discounted over (the case's ``horizon_years``; None for no
        end), stated in the value axis's label.  By default the sweep's own ``horizon_years`` when it
        carries one; else the label says the values are discounted over the case's horizon.

    Returns
    -------
    matplotlib.axes.Axes
        The value Axes (the delay line is on a twin Axes in ``ax.figure.axes``), with
        :func:`kamlearn.plotting.drawn` artists ``value`` (Line2D), ``wait`` (Line2D on the twin),
        ``twin`` (the twin Axes), ``best_line`` and ``today_line`` (Line2D or None).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import plot_authority_sweep
    >>> ax = plot_authority_sweep(kamlearn.sweep_limits(kamlearn.load_case(), years=20))
    >>> ax.get_xscale()
    'log'
    """
    ax = get_ax(ax)
    table = sweep.table
    limits = table.index.to_numpy(dtype=float)
    shown = (limits > 0) & np.isfinite(limits)
    x = limits[shown]
    value = table["value_change_nok"].to_numpy(dtype=float)[shown]
    delay = table["mean_delay_days"].to_numpy(dtype=float)[shown]
    if horizon_years is _UNSTATED:
        horizon_years = getattr(sweep, "horizon_years", _UNSTATED)
    horizon = (_("discounted over the case's horizon") if horizon_years is _UNSTATED
               else horizon_phrase(horizon_years))
    (value_line,) = ax.plot(x, value, color=palette.PLAN, marker="o", ms=3, lw=1.8,
                            label=_("Lifetime value change"))
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(in_language(_nok))
    ax.yaxis.set_major_formatter(in_language(millions))
    ax.set_xlabel(_("Delegated limit per request (NOK)"))
    # Translators: {horizon} is "discounted over 5 years" (or "discounted, no horizon").
    ax.set_ylabel(_("Lifetime value change, {horizon} (MNOK)").format(horizon=horizon), color=palette.PLAN)
    best = sweep.best_limit
    best_line = today_line = None
    if best > 0 and np.isfinite(best):
        best_line = ax.axvline(best, color=palette.BEST, ls="--", lw=1.2,
                               label=_("Best limit {amount}").format(amount=_format.nok(best)))
    if today is not None and today > 0 and np.isfinite(today):
        today_line = ax.axvline(today, color=palette.BASELINE, ls=":", lw=1.2,
                                label=_("Today {amount}").format(amount=_format.nok(today)))
    twin = ax.twinx()
    (wait_line,) = twin.plot(x, delay, color=palette.SECOND, lw=1.5, label=_("Mean wait (days)"))
    twin.set_ylabel(_("Mean wait for a decision (days)"), color=palette.SECOND)
    twin.set_ylim(bottom=0)
    twin.yaxis.set_major_formatter(NumberFormatter())
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = twin.get_legend_handles_labels()
    ax.legend(handles + more_handles, labels + more_labels, loc="lower right", frameon=False)
    ax.set_title(_("The authority to decide: speed against oversight"))
    return remember(ax, "authority_sweep", value=value_line, wait=wait_line, twin=twin, best_line=best_line,
                    today_line=today_line)


X_START = 1_000.0
"""The left end of the app panels' log axis (NOK); a limit below it (0: every request to management) is drawn here."""

NO_LIMIT_AT = 2_400_000.0
"""Where "no limit" (an infinite limit) is drawn on the app panels' log axis (NOK)."""


_SWEEP_SHOWN = "kamlearn_sweep_shown"
"""The attribute of an app panel's Axes that holds the sweep its curves show (written again only for another)."""


def on_axis(limit: float) -> float:
    """Where a limit is drawn on the app panels' log axis (NOK): below :data:`X_START` (0 included) at the left end.

    Examples
    --------
    >>> on_axis(0.0), on_axis(50_000), on_axis(float("inf"))
    (1000.0, 50000.0, 2400000.0)
    """
    return max(float(limit), X_START) if math.isfinite(limit) else NO_LIMIT_AT


def _curve(sweep: LimitSweep, column: str, *, percent: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The sweep's limits that have a place on a log axis (not 0, not "no limit") and one column (MNOK, or %)."""
    table = sweep.table
    x = table.index.to_numpy(dtype=float)
    shown = (x > 0) & np.isfinite(x)
    y = table[column].to_numpy(dtype=float)[shown]
    return x[shown], (y * 100 if percent else y / 1e6)


def _limit_axis(ax: Axes, x_end: float) -> None:
    """A log axis of limits labelled 1k / 10k / 100k / 1M as in the course's plot (no linear part, no kink)."""
    ax.set_xlim(X_START, x_end)
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10.0, numticks=6))
    ax.xaxis.set_major_formatter(FuncFormatter(thousands))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(_("Delegated limit (NOK per request)"))


def _x_end(sweep: LimitSweep, x_end: float | None) -> float:
    if x_end is not None:
        return float(x_end)
    x = sweep.table.index.to_numpy(dtype=float)
    finite = x[np.isfinite(x)]
    return max(float(finite.max(initial=0.0)), 2_000_000.0) * 1.2  # the sweep's default limits end at 2 million


def _grow(ax: Axes, low: float, high: float) -> None:
    """Widen an axis to show [low, high] (NaN ignored); it never shrinks, so an app's background is rarely redrawn."""
    old_low, old_high = (float(v) for v in ax.get_ylim())
    new = (float(np.nanmin([old_low, low])), float(np.nanmax([old_high, high])))
    if new != (old_low, old_high):
        ax.set_ylim(*new)


def _checked(ax: Axes, kind: str, function: str) -> Any:
    from kamlearn._checks import fail
    from kamlearn.plotting._common import drawn

    shown = drawn(ax)
    if shown.kind != kind:
        # the catalogue's wording for update_utilisation, with this function's name (no new text to translate)
        expected = _("a picture of plot_utilisation").replace("plot_utilisation", function)
        raise fail("ax", expected, shown.kind)  # i18n: not text (a parameter name)
    return shown


@styled_when_new
def plot_authority_value(
    sweep: LimitSweep, ax: Axes | None = None, *, result: AuthorityResult | None = None,
    horizon_years: Any = _UNSTATED, x_end: float | None = None,
) -> Axes:
    """Lifetime value change against the delegated limit, with a chosen limit and the best one marked.

    The authority simulator's left panel (:func:`kamlearn.widgets.authority_simulator`), kept alive by
    :func:`update_authority_value`.  Unlike the notebooks' :func:`plot_authority_sweep` (one static
    summary: value and mean wait, best and today's limit as lines), it shows the value in MNOK with a
    point on the curve for one simulated limit, a star at the best limit tried and a dotted marker
    at the chosen limit; limits of 0 and "no limit" are drawn at the axis's ends (:func:`on_axis`).

    Parameters
    ----------
    sweep
        The result of :func:`kamlearn.sweep_limits` (value change, NOK, against instant decisions with
        free review).  It also sets the value axis: from ``min(-1, 1.05 * lowest)`` MNOK to 0.05 MNOK.
    ax
        Axes to draw on; a new figure when None.
    result
        The limit chosen (:func:`kamlearn.simulate_authority`, same seed as the sweep); when None the
        point and the marker are left out until :func:`update_authority_value` gives one.
    horizon_years
        The horizon the lifetime values were discounted over (years; None for no end), stated in the
        value axis's label.  By default the sweep's own ``horizon_years``.
    x_end
        The right end of the limit axis (NOK); by default 1.2 times the largest finite limit of the
        sweep or 2 million, whichever is larger.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``curve`` (Line2D: limit, value change in MNOK),
        ``point`` (Line2D: the chosen limit), ``best`` (Line2D: the star) and ``marker`` (Line2D: the
        vertical line at the chosen limit).

    Notes
    -----
    :func:`~kamlearn.plotting._common.styled_when_new`: the house style on a new figure; on an Axes given (the
    app's), the rc settings in force with every text raised to at least 11 pt
    (:data:`kamlearn.plotting.palette.MIN_FONT_PT`), so the app keeps its 12 pt title.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_authority_value
    >>> case = kamlearn.load_case()
    >>> sweep = kamlearn.sweep_limits(case, years=20)
    >>> ax = plot_authority_value(sweep, result=kamlearn.simulate_authority(case, 50_000, years=20))
    >>> sorted(drawn(ax).artists)
    ['best', 'curve', 'marker', 'point']
    """
    ax = get_ax(ax)
    if horizon_years is _UNSTATED:
        horizon_years = sweep.horizon_years
    (curve,) = ax.plot(*_curve(sweep, "value_change_nok"), color=palette.PLAN, marker="o", markersize=3)
    (point,) = ax.plot([], [], "o", color=palette.CHOICE, markersize=9, label=_("your limit"))
    (best,) = ax.plot([], [], "*", color=palette.BEST, markersize=14, label=_("best limit"))
    marker = ax.axvline(X_START, color=palette.CHOICE, linestyle=":", linewidth=1.2, visible=False)
    # the horizon of the lifetime values, as the allocation explorer says it (issue 11)
    ax.set_ylabel(_("Lifetime value change (MNOK,\n{horizon})").format(horizon=horizon_phrase(horizon_years)))
    ax.set_title(_("Value against the limit"))
    ax.legend(loc="lower right", frameon=False, handlelength=1.0, borderaxespad=0.2)
    _limit_axis(ax, _x_end(sweep, x_end))
    lowest = float(np.nanmin(sweep.table["value_change_nok"])) / 1e6
    ax.set_ylim(min(-1.0, lowest * 1.05), 0.05)
    remember(ax, "authority_value", curve=curve, point=point, best=best, marker=marker)
    setattr(ax, _SWEEP_SHOWN, None)  # the new curve is written below
    _write_value(ax, curve, point, best, marker, sweep, result)
    return ax


def _new_sweep(ax: Axes, sweep: LimitSweep) -> bool:
    """Whether ``sweep`` is not the one ``ax`` shows (and note it as shown): pandas work is skipped on a limit move."""
    if getattr(ax, _SWEEP_SHOWN, None) is sweep:
        return False
    setattr(ax, _SWEEP_SHOWN, sweep)
    return True


def _write_value(ax: Axes, curve: Any, point: Any, best: Any, marker: Any, sweep: LimitSweep,
                 result: AuthorityResult | None) -> None:
    if _new_sweep(ax, sweep):
        curve.set_data(*_curve(sweep, "value_change_nok"))
        best_change = float(sweep.best["value_change_nok"]) / 1e6
        best.set_data([on_axis(float(sweep.best_limit))], [best_change])
        _grow(ax, float(np.nanmin(sweep.table["value_change_nok"])) / 1e6 * 1.05, 0.0)
    if result is None:
        return
    at, change = on_axis(float(result.limit)), float(result.metrics["value_change_nok"]) / 1e6
    point.set_data([at], [change])
    marker.set_xdata([at, at])
    marker.set_visible(True)
    _grow(ax, change * 1.05, 0.0)


def update_authority_value(ax: Axes, sweep: LimitSweep, result: AuthorityResult) -> Axes:
    """Write another sweep and chosen limit into a :func:`plot_authority_value` picture, without drawing anew.

    The curve, the star, the point and the marker move; the value axis widens when a number falls
    outside it (never shrinks).  A sweep already shown (the same object; a sweep is not changed in place)
    is not written again, so a move of the limit alone costs no table work.
    Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_authority_value` returned.
    sweep : LimitSweep
        The limits tried (:func:`kamlearn.sweep_limits`); value change in NOK, drawn in MNOK.
    result : AuthorityResult
        The chosen limit (:func:`kamlearn.simulate_authority`).

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
    >>> from kamlearn.plotting import drawn, plot_authority_value, update_authority_value
    >>> case = kamlearn.load_case()
    >>> sweep = kamlearn.sweep_limits(case, years=20)
    >>> ax = plot_authority_value(sweep)
    >>> _ = update_authority_value(ax, sweep, kamlearn.simulate_authority(case, 100_000, years=20))
    >>> list(drawn(ax)["point"].get_xdata())
    [100000.0]
    """
    shown = _checked(ax, "authority_value", "plot_authority_value")
    _write_value(ax, shown["curve"], shown["point"], shown["best"], shown["marker"], sweep, result)
    return ax


@styled_when_new
def plot_authority_speed(
    sweep: LimitSweep, ax: Axes | None = None, *, result: AuthorityResult | None = None, x_end: float | None = None,
) -> Axes:
    """Speed against oversight: the share of requests decided at once, and the spending no one reviews.

    The authority simulator's right panel (:func:`kamlearn.widgets.authority_simulator`), kept alive by
    :func:`update_authority_speed`.  The notebooks' :func:`plot_authority_sweep` shows the mean wait
    instead, next to the value; this panel shows what a higher limit trades: speed (left axis, %) for
    spending without management's review (twin axis, MNOK a year).

    Parameters
    ----------
    sweep
        The result of :func:`kamlearn.sweep_limits`.  It also sets the spending axis: from 0 to
        ``max(1, 1.1 * highest)`` MNOK a year; the share axis runs from 0 to 105 %.
    ax
        Axes to draw on; a new figure when None.
    result
        The limit chosen, marked by a dotted line; when None the marker is left out until
        :func:`update_authority_speed` gives one.
    x_end
        The right end of the limit axis (NOK), as in :func:`plot_authority_value`.

    Returns
    -------
    matplotlib.axes.Axes
        The share Axes, with :func:`kamlearn.plotting.drawn` artists ``share`` (Line2D: limit, % decided
        at once), ``spending`` (Line2D on the twin: MNOK a year not reviewed), ``twin`` (the twin Axes)
        and ``marker`` (Line2D: the vertical line at the chosen limit).

    Notes
    -----
    :func:`~kamlearn.plotting._common.styled_when_new`: the house style on a new figure; on an Axes given (the
    app's), the rc settings in force with every text raised to at least 11 pt
    (:data:`kamlearn.plotting.palette.MIN_FONT_PT`), so the app keeps its 12 pt title.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_authority_speed
    >>> ax = plot_authority_speed(kamlearn.sweep_limits(kamlearn.load_case(), years=20))
    >>> drawn(ax)["twin"].get_ylabel()
    'Not reviewed (MNOK a year)'
    """
    ax = get_ax(ax)
    (share,) = ax.plot(*_curve(sweep, "share_decided_at_once", percent=True), color=palette.PLAN,
                       label=_("decided at once (%)"))
    twin = ax.twinx()
    (spending,) = twin.plot(*_curve(sweep, "escaped_spending_nok"), color=palette.SECOND,
                            label=_("spending without review (MNOK)"))
    marker = ax.axvline(X_START, color=palette.CHOICE, linestyle=":", linewidth=1.2, visible=False)
    ax.set_ylabel(_("Decided at once (%)"), color=palette.PLAN)
    twin.set_ylabel(_("Not reviewed (MNOK a year)"), color=palette.SECOND)
    ax.set_title(_("Speed against oversight"))
    _limit_axis(ax, _x_end(sweep, x_end))
    ax.set_ylim(0.0, 105.0)
    twin.set_ylim(0.0, max(1.0, float(np.nanmax(sweep.table["escaped_spending_nok"])) / 1e6 * 1.1))
    remember(ax, "authority_speed", share=share, spending=spending, twin=twin, marker=marker)
    _write_speed(share, spending, twin, marker, sweep, result)
    return ax


def _write_speed(share: Any, spending: Any, twin: Axes, marker: Any, sweep: LimitSweep,
                 result: AuthorityResult | None) -> None:
    if _new_sweep(twin, sweep):
        share.set_data(*_curve(sweep, "share_decided_at_once", percent=True))
        spending.set_data(*_curve(sweep, "escaped_spending_nok"))
        _grow(twin, 0.0, float(np.nanmax(sweep.table["escaped_spending_nok"])) / 1e6 * 1.05)
    if result is not None:
        at = on_axis(float(result.limit))
        marker.set_xdata([at, at])
        marker.set_visible(True)


def update_authority_speed(ax: Axes, sweep: LimitSweep, result: AuthorityResult) -> Axes:
    """Write another sweep and chosen limit into a :func:`plot_authority_speed` picture, without drawing anew.

    Both lines and the marker move; the spending axis widens when the spending exceeds it (never
    shrinks).  A sweep already shown (the same object) is not written again.
    Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_authority_speed` returned.
    sweep : LimitSweep
        The limits tried (:func:`kamlearn.sweep_limits`): share decided at once (drawn in %) and spending
        without review (NOK a year, drawn in MNOK).
    result : AuthorityResult
        The chosen limit (:func:`kamlearn.simulate_authority`).

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
    >>> from kamlearn.plotting import drawn, plot_authority_speed, update_authority_speed
    >>> case = kamlearn.load_case()
    >>> sweep = kamlearn.sweep_limits(case, years=20)
    >>> ax = update_authority_speed(plot_authority_speed(sweep), sweep, kamlearn.simulate_authority(case, 0, years=20))
    >>> drawn(ax)["marker"].get_xdata()[0]
    1000.0
    """
    shown = _checked(ax, "authority_speed", "plot_authority_speed")
    _write_speed(shown["share"], shown["spending"], shown["twin"], shown["marker"], sweep, result)
    return ax
