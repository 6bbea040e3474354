"""Plots of response curves and effort plans: one curve in hours, an account of an effort plan, hours per account.

Each ``plot_*`` function takes a result (a response curve, a :class:`kamlearn.effort.EffortPlan`), draws on
``ax=None`` and returns the Axes with its artists (:func:`kamlearn.plotting.drawn`); none of them fits or
solves a model.  The two pictures of an effort plan have an ``update_*`` function that writes another plan
into the artists already drawn, which is how :func:`kamlearn.widgets.response_calibrator` keeps its picture
alive: compute, update, redraw.

The curves are Little's ADBUDG curves, fitted through a manager's four judgements (Little 1970,
:func:`kamlearn.response.calibrate_adbudg`); the hours are spread by equal marginal returns
(:func:`kamlearn.response.allocate_effort`).

References
----------
.. [1] J. D. C. Little, "Models and managers: the concept of a decision calculus", *Management Science*
   16(8), B466-B485, 1970.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from matplotlib.axes import Axes

from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import drawn, get_ax, remember, styled, styled_when_new
from kamlearn.plotting._fast import LiveBars
from kamlearn.plotting.ticks import NumberFormatter

if TYPE_CHECKING:
    import pandas as pd

    from kamlearn.effort import EffortPlan

__all__ = [
    "plot_effort_hours",
    "plot_effort_response",
    "plot_response_curve",
    "update_effort_hours",
    "update_effort_response",
]

CURVE_POINTS = 121
"""How many points draw the curve of :func:`plot_effort_response` (from 0 to the right end of the axis)."""

ESTIMATES = ("zero", "today", "plus_50", "saturation")
"""The columns of a table of estimates (NOK a year), in the order of effort: none, today's, +50 %, saturation."""

F = TypeVar("F", bound=Callable[..., Any])


@styled
def plot_response_curve(
    curve: Any,
    ax: Axes | None = None,
    *,
    max_effort: float | None = None,
    points: dict[str, tuple[float, float]] | None = None,
    effort: float | None = None,
    label: str = "response",
) -> Axes:
    """One response curve (a scalar AdbudgCurve or ExponentialCurve) in its own units, with optional marked points.

    The curve alone, in hours and in the curve's own response unit, with named points: for a notebook that
    studies one curve.  :func:`plot_effort_response` draws an account of an effort plan instead, on a
    common index (today's hours = 1, today's margin = 100) with the manager's estimates and the plan's hours,
    and can be updated in place.

    Parameters
    ----------
    curve
        The curve; only its ``response`` is evaluated (no model is solved).
    max_effort
        Right end of the effort axis (default: four times ``effort`` or 100).
    points
        Named points to mark, e.g. the manager's calibration estimates
        ``{"today": (200, 100.0), "+50 %": (300, 115.0)}``.
    effort
        An effort to mark with a vertical line (e.g. the allocated hours).
    label
        The curve's name (for a legend the caller adds), in the reader's language.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``curve`` (Line2D), ``points`` (a list of
        ``(Line2D, Annotation)`` pairs in the order of ``points``), ``effort_line`` (Line2D or None) and
        ``saturation_line`` (the dotted line at the curve's saturation ``a``).
    """
    ax = get_ax(ax)
    right = max_effort if max_effort is not None else (4.0 * effort if effort else 100.0)
    x = np.linspace(0.0, right, 300)
    (line,) = ax.plot(x, np.asarray(curve.response(x), dtype=float), color=palette.PLAN, lw=2, label=label)
    marked = []
    for name, (px, py) in (points or {}).items():
        (dot,) = ax.plot([px], [py], "o", color=palette.CHOICE)
        marked.append((dot, ax.annotate(name, (px, py), textcoords="offset points", xytext=(5, -12))))
    effort_line = None
    if effort is not None:
        effort_line = ax.axvline(effort, color=palette.REFERENCE, ls="--", lw=1)
    saturation = ax.axhline(float(np.asarray(curve.a)), color=palette.REFERENCE, lw=0.8, ls=":")
    ax.xaxis.set_major_formatter(NumberFormatter())
    ax.yaxis.set_major_formatter(NumberFormatter())
    ax.set_xlabel(_("Effort (hours)"))
    ax.set_ylabel(_("Response"))
    ax.set_title(_("Response to effort"))
    return remember(ax, "response_curve", curve=line, points=marked, effort_line=effort_line,
                    saturation_line=saturation)


@styled_when_new
def plot_effort_response(
    plan: EffortPlan,
    ax: Axes | None = None,
    *,
    account: Any = None,
    estimates: pd.DataFrame | None = None,
    max_effort: float = 4.0,
) -> Axes:
    """The response curve of one account of an effort plan, on an index, with the estimates and the plan's hours.

    Effort is drawn as a multiple of the account's hours today (today = 1) and the yearly margin as an index
    (today's margin = 100), so that every account fits the same axes: the fitted ADBUDG curve, the four
    estimates it goes through (at no effort, today, +50 % and, at the right end, saturation), a dotted line
    at today's effort, a dashed line at the plan's hours and a dotted line at saturation, the account's id
    in the corner.  :func:`plot_response_curve` draws one curve in hours and its own units instead, for a
    notebook that studies a single curve.

    Parameters
    ----------
    plan : EffortPlan
        The result of :func:`kamlearn.effort.plan_effort` (its curves and hours a year).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.
    account : optional
        The account id to draw (an index label of ``plan.table``); the first account when None.
    estimates : pandas.DataFrame, optional
        The estimates the plan was made from (columns ``zero``, ``today``, ``plus_50``, ``saturation``, NOK
        a year), marked as they were typed; when None the marks are read off the fitted curve, which goes
        through them (the zero-effort margin ``b``, the margin today and at +50 %, the saturation ``a``).
    max_effort : float, default 4.0
        Right end of the effort axis at the start, in multiples of today's hours; the axis grows when the
        plan's hours need more.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``curve`` (Line2D of :data:`CURVE_POINTS` points),
        ``estimates`` (Line2D, the four estimates in the order of effort), ``today_line``, ``plan_line``
        and ``saturation_line`` (Line2D) and ``account_label`` (Text, the account's id).

    Raises
    ------
    ValueError
        If ``account`` is not an account of the plan.

    See Also
    --------
    update_effort_response : write another plan (or account) into this picture.

    References
    ----------
    .. [1] J. D. C. Little, "Models and managers: the concept of a decision calculus", *Management Science*
       16(8), B466-B485, 1970.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.effort import judged_estimates, plan_effort
    >>> from kamlearn.plotting import drawn, plot_effort_response
    >>> estimates = judged_estimates(kamlearn.load_case())
    >>> ax = plot_effort_response(plan_effort(estimates), account="A03", estimates=estimates)
    >>> drawn(ax)["account_label"].get_text(), ax.get_ylabel()
    ('A03', 'Yearly margin (today = 100)')
    """
    ax = get_ax(ax)
    (curve,) = ax.plot([], [], color=palette.PLAN, label=_("fitted curve"))
    (marks,) = ax.plot([], [], "o", color=palette.CHOICE, markersize=7, label=_("your estimates"))
    today_line = ax.axvline(1.0, color=palette.BASELINE, linestyle=":", label=_("today"))
    plan_line = ax.axvline(0.0, color=palette.BEST, linestyle="--", label=_("plan"))
    saturation_line = ax.axhline(0.0, color=palette.CHOICE, linewidth=0.8, linestyle=":")
    ax.set_xlabel(_("Effort (today's hours = 1)"))
    ax.set_ylabel(_("Yearly margin (today = 100)"))
    ax.set_title(_("Response of the account"))
    ax.legend(loc="lower right", frameon=False, handlelength=1.2, borderaxespad=0.2)
    ax.set_xlim(0.0, float(max_effort))
    ax.set_ylim(60.0, 130.0)
    account_label = ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top")
    remember(ax, "effort_response", curve=curve, estimates=marks, today_line=today_line, plan_line=plan_line,
             saturation_line=saturation_line, account_label=account_label)
    return update_effort_response(ax, plan, account=account, estimates=estimates)


def update_effort_response(
    ax: Axes,
    plan: EffortPlan,
    *,
    account: Any = None,
    estimates: pd.DataFrame | None = None,
) -> Axes:
    """Write an account of another effort plan into a :func:`plot_effort_response` picture, without drawing anew.

    The curve, the estimates, the plan's and the saturation line and the account's id change in place.
    The axes only grow (to the plan's hours and the estimates, with 5 index points of room), never shrink,
    so a picture kept alive by an app rarely has to draw its background again; call
    ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_effort_response` returned.
    plan : EffortPlan
        The result of :func:`kamlearn.effort.plan_effort`.
    account : optional
        The account id to draw; the first account of ``plan.table`` when None.
    estimates : pandas.DataFrame, optional
        The estimates the plan was made from (NOK a year); read off the fitted curve when None.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``account`` is not an account of the plan.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.effort import judged_estimates, plan_effort
    >>> from kamlearn.plotting import drawn, plot_effort_response, update_effort_response
    >>> estimates = judged_estimates(kamlearn.load_case())
    >>> ax = plot_effort_response(plan_effort(estimates))
    >>> more = plan_effort(estimates, 2 * estimates["today_hours"].sum())
    >>> _ = update_effort_response(ax, more, account="A02")
    >>> row = more.table.loc["A02"]
    >>> bool(drawn(ax)["plan_line"].get_xdata()[0] == row["hours"] / row["today_hours"])
    True
    """
    from kamlearn._checks import fail
    from kamlearn.response import AdbudgCurve

    shown = drawn(ax)
    if shown.kind != "effort_response":
        raise fail("ax", "plot_effort_response", shown.kind)  # i18n: not text (a function name)
    ids = list(plan.table.index)
    aid = ids[0] if account is None else account
    if aid not in ids:
        raise ValueError(_("account: expected one of the estimates' accounts, found {found}.").format(
            found=repr(account)))
    position = ids.index(aid)
    row = plan.table.loc[aid]
    today_hours = float(row["today_hours"])
    a, b, c, d = (float(np.asarray(getattr(plan.curve, k), dtype=float)[position]) for k in "abcd")
    single = AdbudgCurve(a=a, b=b, c=c, d=d)
    if estimates is not None:
        judged = [float(estimates.loc[aid, column]) for column in ESTIMATES]
    else:
        judged = [b, float(single.response(today_hours)), float(single.response(1.5 * today_hours)), a]
    # an index (today's hours = 1, today's margin = 100), so that every account fits the same axes
    scale = abs(judged[1]) / 100.0 or 1.0
    x_end = max(1.1 * float(row["hours"]) / today_hours, float(ax.get_xlim()[1]))
    grid = np.linspace(0.0, x_end, CURVE_POINTS)
    shown["curve"].set_data(grid, single.response(grid * today_hours) / scale)
    shown["estimates"].set_data([0.0, 1.0, 1.5, grid[-1]], [value / scale for value in judged])
    shown["plan_line"].set_xdata([float(row["hours"]) / today_hours] * 2)
    shown["saturation_line"].set_ydata([judged[3] / scale] * 2)
    if shown["account_label"].get_text() != str(aid):
        shown["account_label"].set_text(str(aid))
    low, high = judged[0] / scale, judged[3] / scale
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    limits = ((0.0, max(float(x1), x_end)), (min(float(y0), low - 5.0), max(float(y1), high + 5.0)))
    if limits != ((float(x0), float(x1)), (float(y0), float(y1))):
        ax.set_xlim(*limits[0])
        ax.set_ylim(*limits[1])
    return ax


@styled_when_new
def plot_effort_hours(plan: EffortPlan, ax: Axes | None = None) -> Axes:
    """Hours a year per account, today's and the plan's side by side (grey today, blue the plan).

    Hours, not shares: every change of the pool moves the plan's bars.  The bars are
    :class:`~kamlearn.plotting._fast.LiveBars` (one collection a series), to be updated fast by
    :func:`update_effort_hours`.  :meth:`kamlearn.effort.EffortPlan.plot` draws the planned hours alone
    (``kind="hours"``) or the change against today (``kind="change"``) as labelled horizontal bars, for a
    report.

    Parameters
    ----------
    plan : EffortPlan
        The result of :func:`kamlearn.effort.plan_effort`; its ``table`` gives ``today_hours`` and
        ``hours`` (hours a year) per account.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``today`` and ``plan`` (LiveBars, one bar per account
        in the order of ``plan.table``).  The y axis starts at 1.5 times the largest hours today.

    See Also
    --------
    update_effort_hours : write another plan of the same accounts into this picture.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.effort import judged_estimates, plan_effort
    >>> from kamlearn.plotting import drawn, plot_effort_hours
    >>> plan = plan_effort(judged_estimates(kamlearn.load_case()))
    >>> ax = plot_effort_hours(plan)
    >>> drawn(ax)["plan"].values.tolist() == plan.table["hours"].tolist()
    True
    """
    ax = get_ax(ax)
    ids = list(plan.table.index)
    x = np.arange(len(ids))
    today = LiveBars(ax, x - 0.2, width=0.4, color=palette.BASELINE, label=_("today"))
    planned = LiveBars(ax, x + 0.2, width=0.4, color=palette.PLAN, label=_("plan"))
    ax.set_xlim(-0.6, len(ids) - 0.4)
    ax.set_xticks(x, [str(a) for a in ids], rotation=90)
    ax.set_ylabel(_("Hours a year"))
    ax.set_title(_("Hours by account"))
    ax.set_ylim(0.0, float(plan.table["today_hours"].max()) * 1.5)
    ax.legend(loc="upper right", frameon=False, handlelength=1.0, borderaxespad=0.2)
    remember(ax, "effort_hours", today=today, plan=planned)
    return update_effort_hours(ax, plan)


def update_effort_hours(ax: Axes, plan: EffortPlan) -> Axes:
    """Write another plan of the same accounts into a :func:`plot_effort_hours` picture, without drawing anew.

    The bars change in place; the y axis grows (to 1.25 times 1.1 times the largest bar) when a plan
    outgrows it, and never shrinks.  Call ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_effort_hours` returned.
    plan : EffortPlan
        A plan of the same accounts, in the same order.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``plan`` has another number of accounts.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.effort import judged_estimates, plan_effort
    >>> from kamlearn.plotting import drawn, plot_effort_hours, update_effort_hours
    >>> estimates = judged_estimates(kamlearn.load_case())
    >>> ax = plot_effort_hours(plan_effort(estimates))
    >>> fewer = plan_effort(estimates, 500.0)
    >>> drawn(update_effort_hours(ax, fewer))["plan"].values.tolist() == fewer.table["hours"].tolist()
    True
    """
    from kamlearn._checks import fail

    shown = drawn(ax)
    if shown.kind != "effort_hours":
        raise fail("ax", "plot_effort_hours", shown.kind)  # i18n: not text (a function name)
    today = plan.table["today_hours"].to_numpy(dtype=float)
    hours = plan.table["hours"].to_numpy(dtype=float)
    shown["today"].set_values(today)  # raises for another number of accounts
    shown["plan"].set_values(hours)
    top = float(max(today.max(), hours.max())) * 1.1
    if top > ax.get_ylim()[1]:  # grows only
        ax.set_ylim(0.0, top * 1.25)
    return ax
