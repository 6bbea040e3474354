"""Horizontal bars of one column of a result's table: the picture of the small results' ``plot``."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, remember, styled
from kamlearn.plotting.ticks import NumberFormatter

__all__ = ["plot_bars"]


@styled
def plot_bars(values: pd.Series, ax: Axes | None = None, *, title: str, xlabel: str) -> Axes:
    """Horizontal bars of one column of a result's table, one bar per row, labelled with its unit.

    Used by the ``plot`` of :class:`kamlearn.EffortPlan`, :class:`kamlearn.ResponsePlan`,
    :class:`kamlearn.AuthorityResult`, :class:`kamlearn.TeamOutcome` and
    :class:`kamlearn.people.StaffingChange`.

    Parameters
    ----------
    values : pandas.Series
        One number per bar; the index names the bars (top to bottom in its order).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.
    title, xlabel : str
        The title and the value axis's label, with its unit, already in the language of the reader
        (the caller marks them for translation).

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a BarContainer, one bar per value, in order)
        and ``zero`` (the line at 0).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from kamlearn.plotting import drawn, plot_bars
    >>> ax = plot_bars(pd.Series([3.0, -1.0], index=["A01", "A02"]), title="Hours moved", xlabel="Hours a year")
    >>> [float(bar.get_width()) for bar in drawn(ax)["bars"]]
    [3.0, -1.0]
    """
    axes = get_ax(ax)
    labels = [str(i) for i in values.index]
    bars = axes.barh(labels, values.to_numpy(dtype=float), color=palette.PLAN)
    axes.invert_yaxis()
    zero = axes.axvline(0.0, color=palette.REFERENCE, linewidth=0.8)
    axes.xaxis.set_major_formatter(NumberFormatter())
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    return remember(axes, "bars", bars=bars, zero=zero)
