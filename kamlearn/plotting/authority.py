"""Plot for the authority simulation: value and decision delay against the delegated limit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, horizon_phrase, millions, remember, styled, thousands
from kamlearn.plotting.ticks import NumberFormatter, in_language

if TYPE_CHECKING:
    from kamlearn.authority import LimitSweep

__all__ = ["plot_authority_sweep"]


_nok = thousands

_UNSTATED: Any = object()


@styled
def plot_authority_sweep(
    sweep: LimitSweep, ax: Axes | None = None, *, today: float | None = None, horizon_years: Any = _UNSTATED
) -> Axes:
    """Lifetime value and mean decision delay against the KAM's delegated limit.

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
