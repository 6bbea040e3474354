"""Plots for staffing: utilisation heatmap, Gantt chart of the groups, key-person ranking."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, millions, styled

if TYPE_CHECKING:
    from kamlearn.people import StaffingPlan

__all__ = ["plot_key_people", "plot_staffing_gantt", "plot_utilisation_heatmap"]

_STATUS_COLORS = {"on time": palette.PLAN, "delayed": palette.SECOND, "not staffed": palette.SCARCE}


def _shorten(text: str, width: int = 34) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@styled
def plot_utilisation_heatmap(staffing: StaffingPlan, ax: Axes | None = None, *, annotate: bool = True) -> Axes:
    """Month-by-person utilisation: hours booked over hours available.

    Months when a person is away (no hours) are grey.

    Parameters
    ----------
    staffing
        The result of :func:`kamlearn.assign_staff` (or a what-if's ``scenario``).
    ax
        Axes to draw on; a new figure when None.
    annotate
        Write the percentage in each cell.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import plot_utilisation_heatmap
    >>> case = kamlearn.load_case()
    >>> ax = plot_utilisation_heatmap(kamlearn.assign_staff(case, case.initiatives.index[:8]))
    >>> ax.get_xlabel()
    'Month'
    """
    ax = get_ax(ax, figsize=(8.0, 5.0))
    utilisation = staffing.utilisation
    values = np.ma.masked_invalid(utilisation.to_numpy(dtype=float))
    cmap = mpl.colormaps["YlOrRd"].with_extremes(bad="#d9d9d9")
    image = ax.imshow(values, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto")
    names = staffing.case.staff["name"]
    ax.set_yticks(np.arange(len(utilisation)), [f"{p} {names.get(p, '')}" for p in utilisation.index])
    ax.set_xticks(np.arange(utilisation.shape[1]), [str(m) for m in utilisation.columns])
    ax.set_xlabel("Month")
    if annotate:
        for (i, j), value in np.ndenumerate(utilisation.to_numpy(dtype=float)):
            text = "away" if np.isnan(value) else f"{value:.0%}"
            color = "white" if not np.isnan(value) and value > 0.75 else "black"
            ax.text(j, i, text, ha="center", va="center", color=color)
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
    colorbar.set_label("Utilisation")
    ax.set_title("Who is busy when: hours booked over hours available")
    return ax


@styled
def plot_staffing_gantt(staffing: StaffingPlan, ax: Axes | None = None) -> Axes:
    """Gantt chart of the project groups: start window and the months each group runs.

    Each row is a group in priority order.  The pale bar is the months the
    group could run (earliest start to latest start plus its duration); the
    solid bar is when it runs, blue on time, orange delayed; a group that
    cannot be staffed shows only its hatched window in red.

    Parameters
    ----------
    staffing
        The result of :func:`kamlearn.assign_staff`.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import plot_staffing_gantt
    >>> case = kamlearn.load_case()
    >>> ax = plot_staffing_gantt(kamlearn.assign_staff(case, case.initiatives.index[:8]))
    >>> len(ax.get_yticks())
    8
    """
    groups = staffing.groups
    ax = get_ax(ax, figsize=(9.0, max(3.0, 0.42 * len(groups) + 1.6)))
    horizon = staffing.available.shape[1]
    for row, (initiative_id, group) in enumerate(groups.iterrows()):
        y = len(groups) - 1 - row
        first = int(group["earliest_start_month"])
        window_end = min(int(group["latest_start_month"]) + int(group["duration_months"]) - 1, horizon)
        status = str(group["status"])
        window = {"color": "#e8e8e8"} if status != "not staffed" else {
            "facecolor": "none", "edgecolor": _STATUS_COLORS["not staffed"], "hatch": "///", "lw": 0.8}
        ax.broken_barh([(first - 0.5, window_end - first + 1)], (y - 0.38, 0.76), **window)
        if status != "not staffed":
            start, end = int(group["start_month"]), int(group["end_month"])
            ax.broken_barh([(start - 0.5, end - start + 1)], (y - 0.25, 0.5), color=_STATUS_COLORS[status])
            ax.text(end + 0.6, y, str(group["people"]), va="center", color=palette.BASELINE)
        del initiative_id
    labels = [f"{i}  {_shorten(str(n))}" for i, n in zip(groups.index, groups["name"], strict=True)]
    ax.set_yticks(np.arange(len(groups))[::-1], labels)
    ax.set_xlim(0.5, horizon + 3.5)
    ax.set_xticks(np.arange(1, horizon + 1))
    ax.set_xlabel("Month")
    if horizon > staffing.months:
        ax.axvline(staffing.months + 0.5, color=palette.BASELINE, ls=":", lw=1)
    handles = [
        Patch(color="#e8e8e8", label="Start window"),
        Patch(color=_STATUS_COLORS["on time"], label="On time"),
        Patch(color=_STATUS_COLORS["delayed"], label="Delayed"),
        Patch(facecolor="none", edgecolor=_STATUS_COLORS["not staffed"], hatch="///", label="Not staffed"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)
    ax.set_title("Project groups month by month (priority order, top first)")
    return ax


@styled
def plot_key_people(ranking: pd.DataFrame, ax: Axes | None = None, *, top: int | None = None) -> Axes:
    """Value lost when each person is away: the plan's key people.

    Parameters
    ----------
    ranking
        The result of :func:`kamlearn.rank_key_people`.
    ax
        Axes to draw on; a new figure when None.
    top
        Show only the first ``top`` people.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import plot_key_people
    >>> case = kamlearn.load_case()
    >>> ranking = kamlearn.rank_key_people(kamlearn.assign_staff(case, case.initiatives.index[:8]), (4, 6))
    >>> plot_key_people(ranking, top=5).get_xlabel()
    'Plan value lost (MNOK)'
    """
    ax = get_ax(ax)
    shown = ranking if top is None else ranking.head(top)
    y = np.arange(len(shown))[::-1]
    ax.barh(y, shown["value_lost_nok"].to_numpy(dtype=float), color=palette.SCARCE)
    ax.set_yticks(y, [f"{p} {n}" for p, n in zip(shown.index, shown["name"], strict=True)])
    for yi, (lost, delayed) in zip(y, zip(shown["groups_lost"], shown["groups_delayed"], strict=True), strict=True):
        ax.text(0, yi, f" {lost} lost, {delayed} delayed", va="center", color="white"
                if lost else "black")
    ax.xaxis.set_major_formatter(FuncFormatter(millions))
    ax.set_xlabel("Plan value lost (MNOK)")
    ax.set_title("Key-person risk: what is lost when one person is away")
    return ax
