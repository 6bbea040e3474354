"""Plot for the authority simulation: value and decision delay against the delegated limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, millions, styled, thousands

if TYPE_CHECKING:
    from kamlearn.authority import LimitSweep

__all__ = ["plot_authority_sweep"]


_nok = thousands


@styled
def plot_authority_sweep(sweep: LimitSweep, ax: Axes | None = None, *, today: float | None = None) -> Axes:
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

    Returns
    -------
    matplotlib.axes.Axes
        The value Axes (the delay line is on a twin Axes in ``ax.figure.axes``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import plot_authority_sweep
    >>> ax = plot_authority_sweep(kamlearn.sweep_limits(years=20))
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
    ax.plot(x, value, color=palette.PLAN, marker="o", ms=3, lw=1.8, label="Lifetime value change")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_nok))
    ax.yaxis.set_major_formatter(FuncFormatter(millions))
    ax.set_xlabel("Delegated limit per request (NOK)")
    ax.set_ylabel("Lifetime value change (MNOK)", color=palette.PLAN)
    best = sweep.best_limit
    if best > 0 and np.isfinite(best):
        ax.axvline(best, color=palette.BEST, ls="--", lw=1.2, label=f"Best limit {_nok(best)} NOK")
    if today is not None and today > 0 and np.isfinite(today):
        ax.axvline(today, color=palette.BASELINE, ls=":", lw=1.2, label=f"Today {_nok(today)} NOK")
    twin = ax.twinx()
    twin.plot(x, delay, color=palette.SECOND, lw=1.5, label="Mean wait (days)")
    twin.set_ylabel("Mean wait for a decision (days)", color=palette.SECOND)
    twin.set_ylim(bottom=0)
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = twin.get_legend_handles_labels()
    ax.legend(handles + more_handles, labels + more_labels, loc="lower right", frameon=False)
    ax.set_title("The authority to decide: speed against oversight")
    return ax
