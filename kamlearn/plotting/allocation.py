"""Plots for the allocation engine: plans, utilisation with shadow prices, capacity sweeps, policies, response curves.

Each function takes a result (a Plan, a DataFrame from :func:`kamlearn.sweep_capacity`
or :func:`kamlearn.compare`, a response curve), draws on ``ax=None`` and returns the
Axes.  None of them solves a model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MultipleLocator

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import get_ax, horizon_phrase, millions, remember, styled, styled_when_new
from kamlearn.plotting._fast import LiveBars, LiveText
from kamlearn.plotting.response import plot_response_curve  # moved there; kept importable from here
from kamlearn.plotting.ticks import NumberFormatter, PercentTicks, in_language

if TYPE_CHECKING:
    from kamlearn.allocation import Plan

__all__ = [
    "UTILISATION_AXIS_MAX",
    "plot_account_value",
    "plot_allocation",
    "plot_capacity_sweep",
    "plot_policy_comparison",
    "plot_response_curve",
    "plot_utilisation",
    "update_account_value",
    "update_utilisation",
]

UTILISATION_AXIS_MAX = 1.25
"""Where the axis of ``plot_utilisation(..., prices="on bars")`` ends: a bar past it is drawn to the edge."""
_LABEL_PAD = 0.02  # between a bar's end (or the axis) and its price label, in utilisation units


@styled
def plot_allocation(plan: Plan, ax: Axes | None = None, *, max_accounts: int = 16) -> Axes:
    """Stacked bars: the share of each resource's capacity that each account's groups use.

    Parameters
    ----------
    plan
        The result of :func:`kamlearn.allocate`.
    ax
        Axes to draw on; a new figure when None.
    max_accounts
        Accounts beyond this many (by value created) are drawn together as "other accounts".

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (one BarContainer per account row, top of the
        legend first) and ``capacity_line`` (the dashed 100 % line).
    """
    ax = get_ax(ax)
    usage = plan.usage
    capacity = plan.resources["capacity"].replace(0, np.nan)
    share = usage.div(capacity, axis=1).fillna(0.0)
    order = plan.accounts.loc[share.index, "value_created"].sort_values(ascending=False).index
    share = share.loc[order]
    if len(share) > max_accounts:
        top = share.iloc[:max_accounts]
        rest = share.iloc[max_accounts:].sum().rename(_("other accounts"))
        share = pd.concat([top, rest.to_frame().T])
    x = np.arange(share.shape[1])
    bottom = np.zeros(share.shape[1])
    colors = [_cycle(i) for i in range(len(share))]
    containers = []
    for (account, row), color in zip(share.iterrows(), colors, strict=True):
        containers.append(ax.bar(x, row.to_numpy(), bottom=bottom, label=str(account), color=color,
                                 edgecolor="white", linewidth=0.5))
        bottom += row.to_numpy()
    line = ax.axhline(1.0, color=palette.REFERENCE, lw=1, ls="--")
    names = plan.resources["name"] if "name" in plan.resources else pd.Series(share.columns, index=share.columns)
    ax.set_xticks(x, [_shorten(str(names.get(r, r)), 24) for r in share.columns], rotation=35, ha="right")
    ax.yaxis.set_major_formatter(PercentTicks(1.0))
    ax.set_ylabel(_("Share of capacity"))
    ax.set_title(_("Who uses the scarce resources ({policy})").format(policy=plan.policy))
    ax.legend(ncols=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return remember(ax, "allocation", bars=containers, capacity_line=line)


def _plan_numbers(plan: Plan, resources: Sequence[str] | None = None,
                  accounts: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the pictures show of a plan: utilisation and LP shadow price per resource, value created per account.

    In the order of ``resources`` and ``accounts`` (ids; the plan's own order when None), read from the plan's
    arrays when it holds them in that order (as a case's plan does) rather than from its tables: building the
    two DataFrames took a fifth of an app's update (issue 11, profiled under load: 23 and 45 ms, the solve
    52 ms and its LP prices 91 ms). ``tests/test_widgets_picture_numbers.py`` checks that these are the
    tables' numbers for every policy.

    Returns
    -------
    utilisation, shadow_price : ndarray, shape (resources,)
        Used / capacity (``inf`` for use of a resource with no capacity) and NOK per unit (NaN for a plain rule).
    value_created : ndarray, shape (accounts,)
        NOK, over the case's horizon.
    """
    core = plan._inst.core
    resources = list(core.resource_ids) if resources is None else list(resources)
    accounts = list(core.account_ids) if accounts is None else list(accounts)
    if list(core.resource_ids) != resources or list(core.account_ids) != accounts:
        res, acc = plan.resources, plan.accounts  # another order: the tables, by id
        return (res["utilisation"].reindex(resources).to_numpy(dtype=float),
                res["shadow_price"].reindex(resources).to_numpy(dtype=float),
                acc["value_created"].reindex(accounts).to_numpy(dtype=float))
    used = plan.used.to_numpy(dtype=float)
    capacity = np.asarray(plan._inst.capacity, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        utilisation = np.where(capacity > 0, used / capacity, np.where(used > 0, np.inf, 0.0))
    return utilisation, np.asarray(plan._capacity_price, dtype=float), np.asarray(plan._account_value, dtype=float)


@styled
def plot_utilisation(plan: Plan, ax: Axes | None = None, *, prices: Literal["column", "on bars"] = "column",
                     names: Sequence[str] | None = None, axis_max: float = UTILISATION_AXIS_MAX) -> Axes:
    """Utilisation of every resource, with its shadow price written beside or on the bar.

    Scarce resources (a positive shadow price) are red (:data:`palette.SCARCE`); a resource that is
    full but has no price is not: full is not scarce.  Two layouts of the same picture:

    - ``prices="column"`` (the default, for notebooks and reports): the shadow prices, or "not scarce", are
      written in a column to the right of the dashed 100 % line, so the line never crosses a price; the axis
      reaches the largest utilisation.
    - ``prices="on bars"`` (the allocation explorer's, for a narrow panel that changes on every key press):
      the axis ends at ``axis_max``; a bar past it is drawn to the edge; each price is written on its bar in
      white where it fits, else just right of the bar, and the axis widens so every price fits; a resource
      without a price has no label. Bars and labels are :mod:`kamlearn.plotting._fast` artists, cheap to
      redraw (issue 11).

    :func:`update_utilisation` writes a re-solved plan into either layout.

    Parameters
    ----------
    plan : Plan
        The result of :func:`kamlearn.allocate`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    prices : {"column", "on bars"}, default "column"
        Where the shadow prices go (see above).
    names : sequence of str, optional
        The resources' names on the axis, in the plan's order; by default their names in the case
        (shortened to 30 characters).
    axis_max : float, default :data:`UTILISATION_AXIS_MAX`
        The end of the utilisation axis (1.0 = 100 %) of the ``"on bars"`` layout.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (``"column"``: a BarContainer, one bar per
        resource in the order of ``plan.resources``; ``"on bars"``: one :class:`~kamlearn.plotting._fast.LiveBars`),
        ``prices`` (a list of Text, one per resource, same order) and ``capacity_line`` (the dashed 100 % line).

    Raises
    ------
    ValueError
        For another ``prices``, or ``names`` of another length than the plan's resources.

    References
    ----------
    .. [1] Shadow prices of the LP relaxation: Dantzig, G. B. (1963), *Linear Programming and Extensions*,
       Princeton University Press, ch. 12.
    """
    from kamlearn._checks import fail, one_of

    one_of("prices", prices, ("column", "on bars"))
    ax = get_ax(ax)
    res = plan.resources
    shown_names = [_shorten(str(n)) for n in (res["name"] if "name" in res else res.index)] \
        if names is None else [str(n) for n in names]
    if len(shown_names) != len(res):
        raise fail("names", _("{n} names").format(n=len(res)), len(shown_names))  # i18n: not text (a parameter name)
    y = np.arange(len(res))
    if prices == "on bars":
        bars = LiveBars(ax, y, horizontal=True)
        labels = [LiveText.add(ax, _LABEL_PAD, float(yi), "", va="center", color=palette.ON_COLOR) for yi in y]
        ax.set_yticks(y, shown_names)
        ax.set_ylim(len(res) - 0.5, -0.5)  # the first resource on top
        line = ax.axvline(1.0, color=palette.REFERENCE, linestyle="--", linewidth=1)
        ax.set_xlim(0, float(axis_max))
        ax.xaxis.set_major_formatter(PercentTicks(1.0, decimals=0))
        ax.xaxis.set_major_locator(MultipleLocator(0.5))
        ax.set_xlabel(_("Used / capacity; text: LP shadow price"))
        ax.set_title(_("Utilisation; red = scarce"))
        remember(ax, "utilisation", bars=bars, prices=labels, capacity_line=line)
        ax.kamlearn_live = (float(axis_max), [str(u) for u in res["unit"]])  # type: ignore[attr-defined]
        return update_utilisation(ax, plan)
    price = res["shadow_price"].to_numpy(dtype=float)
    colors = [palette.resource_color(p) for p in price]  # red = scarce (a price), not merely full
    utilisation = res["utilisation"].to_numpy(dtype=float)
    column = ax.barh(y, utilisation, color=colors)
    line = ax.axvline(1.0, color=palette.REFERENCE, lw=1, ls="--")
    right = max(1.0, float(np.nanmax(utilisation, initial=1.0)))
    texts = []
    for yi, (p, unit) in enumerate(zip(price, res["unit"], strict=True)):
        texts.append(ax.text(right + 0.03, yi, _price_label(p, str(unit)), va="center", ha="left",
                             color=palette.REFERENCE))
    ax.set_yticks(y, shown_names)
    ax.invert_yaxis()
    ax.set_xlim(0, right + 0.5)
    ax.set_xticks(np.arange(0.0, right + 1e-9, 0.2))  # no ticks under the price column
    ax.xaxis.set_major_formatter(PercentTicks(1.0))
    ax.set_xlabel(_("Utilisation (used / capacity); text: shadow price"))
    ax.set_title(_("Resource use and shadow prices ({policy})").format(policy=plan.policy))
    return remember(ax, "utilisation", bars=column, prices=texts, capacity_line=line)


def _price_label(price: float, unit: str) -> str:
    """The text beside a resource's bar: its shadow price per unit, "not scarce", or nothing when unknown."""
    if not np.isfinite(price):
        return ""
    return _format.per_unit(price, unit) if price > 0 else _("not scarce")


def update_utilisation(ax: Axes, plan: Plan) -> Axes:
    """Write another plan of the same resources into a :func:`plot_utilisation` picture, without drawing anew.

    The bars' lengths and colours and the price labels change in place (for an app that re-solves on every
    move of a control), in either layout: in ``"column"`` the title names the plan's policy; in ``"on bars"``
    each price moves onto its bar or beside it and the axis widens when a price needs the room (compare
    ``ax.get_xlim()`` before and after to know whether the static part changed). Call
    ``ax.figure.canvas.draw_idle()`` (or re-render) after.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes :func:`plot_utilisation` returned.
    plan : Plan
        A plan with the same resources in the same order.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``plan`` has other resources.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_utilisation, update_utilisation
    >>> case = kamlearn.load_case()
    >>> ax = plot_utilisation(kamlearn.allocate(case))
    >>> tighter = kamlearn.allocate(case.with_capacity(it_hours=300))
    >>> _ = update_utilisation(ax, tighter)
    >>> [float(bar.get_width()) for bar in drawn(ax)["bars"]] == tighter.resources["utilisation"].tolist()
    True
    """
    from kamlearn._checks import fail
    from kamlearn.plotting._common import drawn

    shown = drawn(ax)
    if shown.kind != "utilisation":
        raise fail("ax", _("a picture of plot_utilisation"), shown.kind)  # i18n: not text (a parameter name)
    bars, prices = shown["bars"], shown["prices"]
    if len(plan._inst.core.resource_ids) != len(prices):
        raise fail("plan", _("a plan of the {n} resources drawn").format(n=len(prices)),  # i18n: not text
                   len(plan._inst.core.resource_ids))
    if isinstance(bars, LiveBars):
        axis_max, units = ax.kamlearn_live  # type: ignore[attr-defined]
        util, price, _value = _plan_numbers(plan)
        lengths = np.where(np.isfinite(util), np.minimum(util, axis_max), axis_max)
        bars.set_values(lengths, [palette.resource_color(p) for p in price])  # red = scarce (priced)
        texts = [_format.per_unit(p, unit) if math.isfinite(p) and p > 0 else ""
                 for p, unit in zip(price, units, strict=True)]
        _place_on_bars(ax, prices, lengths, texts, axis_max)
        return ax
    res = plan.resources
    for bar, text, util, p, unit in zip(bars, prices, res["utilisation"], res["shadow_price"], res["unit"],
                                        strict=True):
        bar.set_width(float(util))
        bar.set_color(palette.resource_color(float(p)))
        text.set_text(_price_label(float(p), str(unit)))
    ax.set_title(_("Resource use and shadow prices ({policy})").format(policy=plan.policy))
    return ax


def _renderer(ax: Axes) -> Any:
    canvas = ax.figure.canvas
    get = getattr(canvas, "get_renderer", None)
    return get() if get is not None else ax.figure._get_renderer()  # type: ignore[union-attr]


def _place_on_bars(ax: Axes, labels: list[LiveText], lengths: np.ndarray, texts: list[str], axis_max: float) -> None:
    """Each price on its bar when it fits there, else right of the bar; the axis widens so every label fits."""
    renderer = _renderer(ax)
    widths = [labels[0]._measure(renderer, t)[0] if t else 0.0 for t in texts]  # device pixels, measured once
    pixels = float(ax.bbox.width)
    right = float(axis_max)
    inside = [True] * len(texts)
    for _step in range(3):  # a wider axis makes the labels shorter in data units: settle in a step or two
        per_pixel = right / pixels  # data units per device pixel
        inside = [w * per_pixel + 2 * _LABEL_PAD <= bar for w, bar in zip(widths, lengths, strict=True)]
        needed = max([bar + _LABEL_PAD + w * per_pixel + _LABEL_PAD
                      for w, bar, fits in zip(widths, lengths, inside, strict=True) if w and not fits], default=0.0)
        if needed <= right:
            break
        right = math.ceil(needed / 0.25) * 0.25
    for label, text, bar, fits in zip(labels, texts, lengths, inside, strict=True):
        label.set_text(text)
        label.set_x(_LABEL_PAD if fits else bar + _LABEL_PAD)
        label.set_color(palette.ON_COLOR if fits else palette.REFERENCE)
    if right != float(ax.get_xlim()[1]):
        ax.set_xlim(0.0, right)


def _nice_ceiling(value: float) -> float:
    """The axis end above ``value``: 1, 2 or 5 times a power of ten (at least 1), so the axis rarely moves."""
    if value <= 1.0:
        return 1.0 if value >= 0 else 0.0
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if value <= factor * power:
            return float(factor * power)
    return float(10.0 * power)


def _nice_floor(value: float) -> float:
    return 0.0 if value >= 0 else -_nice_ceiling(-value)


@styled_when_new
def plot_account_value(plan: Plan, ax: Axes | None = None, *, horizon_years: float | None = None) -> Axes:
    """The value a plan creates at each account, in MNOK over the case's horizon: one bar per account.

    The bars are one :class:`~kamlearn.plotting._fast.LiveBars` (cheap to redraw), so an app that re-solves
    on every key press writes each new plan in with :func:`update_account_value`. The value axis ends at 1,
    2 or 5 times a power of ten above the largest bar, so it moves only when a plan outgrows or shrinks past
    a step.

    Parameters
    ----------
    plan : Plan
        The result of :func:`kamlearn.allocate`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    horizon_years : float, optional
        The horizon the lifetime values are discounted over, for the axis label; by default the plan's case's.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a LiveBars, one bar per account in the order of
        ``plan.accounts``) and ``zero_line``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_account_value
    >>> plan = kamlearn.allocate(kamlearn.load_case())
    >>> ax = plot_account_value(plan)
    >>> bool(abs(drawn(ax)["bars"].values.sum() - plan.value_nok / 1e6) < 1e-6)
    True
    """
    ax = get_ax(ax)
    core = plan._inst.core
    accounts = [str(a) for a in core.account_ids]
    x = np.arange(len(accounts))
    bars = LiveBars(ax, x)
    ax.set_xticks(x, accounts, rotation=90)
    ax.set_xlim(-0.6, len(accounts) - 0.4)
    years = core.horizon_years if horizon_years is None else horizon_years
    ax.set_ylabel(_("Value created (MNOK,\n{horizon})").format(horizon=horizon_phrase(years)))
    ax.set_title(_("Value created by account"))
    line = ax.axhline(0.0, color=palette.REFERENCE, linewidth=0.8)
    ax.set_ylim(0.0, 1.0)
    remember(ax, "account_value", bars=bars, zero_line=line)
    return update_account_value(ax, plan)


def update_account_value(ax: Axes, plan: Plan) -> Axes:
    """Write another plan of the same accounts into a :func:`plot_account_value` picture.

    The bars change in place; the value axis changes only when the plan outgrows or shrinks past a step
    (compare ``ax.get_ylim()`` before and after to know whether the static part changed).

    Raises
    ------
    LookupError
        If ``ax`` holds no kamlearn plot.
    ValueError
        If ``ax`` holds another plot, or ``plan`` has other accounts.
    """
    from kamlearn._checks import fail
    from kamlearn.plotting._common import drawn

    shown = drawn(ax)
    if shown.kind != "account_value":
        raise fail("ax", _("a picture of plot_account_value"), shown.kind)  # i18n: not text (a parameter name)
    bars = shown["bars"]
    _util, _price, value = _plan_numbers(plan)
    if len(value) != len(bars.positions):
        raise fail("plan", _("a plan of the {n} accounts drawn").format(n=len(bars.positions)),  # i18n: not text
                   len(value))
    value = value / 1e6
    bars.set_values(value)
    limits = (_nice_floor(float(np.nanmin(value, initial=0.0))), _nice_ceiling(float(np.nanmax(value, initial=0.0)) * 1.05))
    if limits != tuple(float(v) for v in ax.get_ylim()):
        ax.set_ylim(*limits)
    return ax


@styled
def plot_capacity_sweep(sweep: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Value created against one resource's capacity, from :func:`kamlearn.sweep_capacity`.

    Draws the value of whole groups (steps) and, when present, the LP relaxation
    (whose slope is the shadow price).

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``steps`` (Line2D) and ``relaxation`` (Line2D, or
        None when the sweep has no LP relaxation).
    """
    ax = get_ax(ax)
    (steps,) = ax.step(sweep["capacity"], sweep["total_value"], where="post", color=palette.PLAN, lw=2,
                       label=_("Value of the plan (whole groups)"))
    relaxation = None
    if "relaxation_value" in sweep and sweep["relaxation_value"].notna().any():
        (relaxation,) = ax.plot(sweep["capacity"], sweep["relaxation_value"], color=palette.SECOND, lw=1.2,
                                ls="--", label=_("LP relaxation (slope = shadow price)"))
    ax.yaxis.set_major_formatter(in_language(millions))
    ax.xaxis.set_major_formatter(NumberFormatter())
    ax.set_ylabel(_("Value created (MNOK)"))
    resource = sweep.attrs.get("resource_id")
    ax.set_xlabel(_("Capacity of {resource}").format(resource=resource if resource else _("the resource")))
    ax.set_title(_("Where does more capacity stop paying?"))
    ax.legend(frameon=False)
    return remember(ax, "capacity_sweep", steps=steps, relaxation=relaxation)


@styled
def plot_policy_comparison(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of value created per policy, from :func:`kamlearn.compare`.

    Returns
    -------
    matplotlib.axes.Axes
        With :func:`kamlearn.plotting.drawn` artists ``bars`` (a BarContainer, one bar per policy in the
        table's order) and ``shares`` (a list of Text, the share of the optimum per bar; empty when the
        table has none).
    """
    ax = get_ax(ax)
    values = table["total_value"].astype(float)
    y = np.arange(len(values))
    colors = [palette.BEST if p == "optimal" else palette.PLAN for p in values.index]
    bars = ax.barh(y, values.to_numpy(), color=colors)
    shares = []
    if "share_of_optimal" in table and table["share_of_optimal"].notna().any():
        for yi, share in enumerate(table["share_of_optimal"]):
            shares.append(ax.text(max(values.iloc[yi], 0.0), yi, " " + _format.percent(share, decimals=0),
                                  va="center"))
    ax.set_yticks(y, list(values.index))
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(in_language(millions))
    ax.set_xlabel(_("Value created (MNOK)"))
    ax.set_title(_("Rules of thumb against the optimal plan"))
    return remember(ax, "policy_comparison", bars=bars, shares=shares)


def _cycle(i: int) -> str:
    return palette.SERIES[i % len(palette.SERIES)]


def _shorten(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
