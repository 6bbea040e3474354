"""Plots for staffing: utilisation heatmap, Gantt chart of the groups, key-person ranking."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, millions, remember, styled
from kamlearn.plotting.ticks import PercentTicks, in_language

if TYPE_CHECKING:
    from kamlearn.people import StaffingPlan

__all__ = ["plot_key_people", "plot_staffing_gantt", "plot_utilisation_heatmap"]

_STATUS_COLORS = {"on time": palette.PLAN, "delayed": palette.SECOND, "not staffed": palette.SCARCE}
_WINDOW_COLOR = palette.OFF  # the months a group could run: "not chosen" in the palette


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
        Write the percentage in each cell (``85 %``, as :func:`kamlearn._format.percent` writes it).

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``image`` (the AxesImage: ``set_data`` takes a
        people x months array of shares), ``cells`` (a people x months list of lists of Text, empty when
        ``annotate`` is False) and ``colorbar``.

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
    utilisation = staffing.utilisation
    # each month's cell is 0.6 inch wide, room for "100 %" at 11 pt
    ax = get_ax(ax, figsize=(max(8.0, 2.9 + 0.6 * utilisation.shape[1]), 5.0))
    values = np.ma.masked_invalid(utilisation.to_numpy(dtype=float))
    cmap = mpl.colormaps["YlOrRd"].with_extremes(bad=palette.OFF)
    image = ax.imshow(values, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto")
    names = staffing.case.staff["name"]
    ax.set_yticks(np.arange(len(utilisation)), [f"{p} {names.get(p, '')}" for p in utilisation.index])
    ax.set_xticks(np.arange(utilisation.shape[1]), [str(m) for m in utilisation.columns])
    ax.set_xlabel(_("Month"))
    cells: list[list[object]] = [[] for _row in range(len(utilisation))]
    if annotate:
        for (i, j), value in np.ndenumerate(utilisation.to_numpy(dtype=float)):
            # Translators: a heatmap cell of a month when the person has no hours (on leave); short.
            text = _("away") if np.isnan(value) else _format.percent(value, decimals=0)
            color = palette.ON_COLOR if not np.isnan(value) and value > 0.6 else palette.REFERENCE
            cells[i].append(ax.text(j, i, text, ha="center", va="center", color=color))
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.ax.yaxis.set_major_formatter(PercentTicks(1.0))
    colorbar.set_label(_("Utilisation"))
    ax.set_title(_("Who is busy when: hours booked over hours available"))
    return remember(ax, "utilisation_heatmap", image=image, cells=cells, colorbar=colorbar)


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
        With :func:`kamlearn.plotting.drawn` artists ``windows`` and ``runs`` (dicts from the group's id
        to its PolyCollection; ``runs`` only for staffed groups) and ``people`` (the secondary y axis on
        the right whose tick labels name each row's people, bottom row first).

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
    ax = get_ax(ax, figsize=(10.5, max(3.0, 0.42 * len(groups) + 1.6)))
    horizon = staffing.available.shape[1]
    windows: dict[str, object] = {}
    runs: dict[str, object] = {}
    people: dict[str, str] = {}
    for row, (initiative_id, group) in enumerate(groups.iterrows()):
        y = len(groups) - 1 - row
        first = int(group["earliest_start_month"])
        window_end = min(int(group["latest_start_month"]) + int(group["duration_months"]) - 1, horizon)
        status = str(group["status"])
        window = {"color": _WINDOW_COLOR} if status != "not staffed" else {
            "facecolor": "none", "edgecolor": _STATUS_COLORS["not staffed"], "hatch": "///", "lw": 0.8}
        windows[str(initiative_id)] = ax.broken_barh([(first - 0.5, window_end - first + 1)], (y - 0.38, 0.76),
                                                     **window)
        if status != "not staffed":
            start, end = int(group["start_month"]), int(group["end_month"])
            runs[str(initiative_id)] = ax.broken_barh([(start - 0.5, end - start + 1)], (y - 0.25, 0.5),
                                                      color=_STATUS_COLORS[status])
        people[str(initiative_id)] = str(group["people"]) if status != "not staffed" else ""
    labels = [f"{i}  {_shorten(str(n), 28)}" for i, n in zip(groups.index, groups["name"], strict=True)]
    ax.set_yticks(np.arange(len(groups))[::-1], labels)
    ax.set_xlim(0.5, horizon + 0.5)
    # who runs each group: a column of labels on the right, which the layout makes room for
    column = ax.secondary_yaxis("right")
    column.set_yticks(np.arange(len(groups))[::-1], list(people.values()))
    column.tick_params(length=0, colors=palette.BASELINE)
    column.spines["right"].set_visible(False)
    ax.set_xticks(np.arange(1, horizon + 1))
    ax.set_xlabel(_("Month"))
    if horizon > staffing.months:
        ax.axvline(staffing.months + 0.5, color=palette.BASELINE, ls=":", lw=1)
    handles = [
        Patch(color=_WINDOW_COLOR, label=_("Start window")),
        Patch(color=_STATUS_COLORS["on time"], label=_("On time")),
        Patch(color=_STATUS_COLORS["delayed"], label=_("Delayed")),
        Patch(facecolor="none", edgecolor=_STATUS_COLORS["not staffed"], hatch="///", label=_("Not staffed")),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)
    ax.set_title(_("Project groups month by month (priority order, top first)"))
    return remember(ax, "staffing_gantt", windows=windows, runs=runs, people=column)


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
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a BarContainer, one bar per person shown,
        top first) and ``notes`` (a list of Text, "n lost, m delayed", same order).

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
    bars = ax.barh(y, shown["value_lost_nok"].to_numpy(dtype=float), color=palette.SCARCE)
    ax.set_yticks(y, [f"{p} {n}" for p, n in zip(shown.index, shown["name"], strict=True)])
    notes = []
    for yi, (lost, delayed) in zip(y, zip(shown["groups_lost"], shown["groups_delayed"], strict=True), strict=True):
        # Translators: on a bar of the key-person plot: how many project groups are lost and delayed.
        note = _("{lost} lost, {delayed} delayed").format(lost=_format.number(lost), delayed=_format.number(delayed))
        notes.append(ax.text(0, yi, " " + note, va="center", color=palette.ON_COLOR if lost else palette.REFERENCE))
    ax.xaxis.set_major_formatter(in_language(millions))
    ax.set_xlabel(_("Plan value lost (MNOK)"))
    ax.set_title(_("Key-person risk: what is lost when one person is away"))
    return remember(ax, "key_people", bars=bars, notes=notes)
