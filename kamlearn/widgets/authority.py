"""The authority simulator: the KAM's delegated limit and management's delay, live.

Wiring only: every number comes from :func:`kamlearn.simulate_authority` and
:func:`kamlearn.sweep_limits` (same seed, so the curve and the point agree).
Moving the limit re-simulates one limit; moving the delay re-runs the sweep
too, because the best limit depends on how long management takes.

Examples
--------
>>> import kamlearn
>>> from kamlearn.widgets import authority_simulator
>>> app = authority_simulator()
>>> app.controls["limit"].value = 100_000
>>> result = kamlearn.simulate_authority(kamlearn.load_case(), 100_000)
>>> app.values["value_nok"] == result.value_nok
True
"""

from __future__ import annotations

import dataclasses
import html
import math
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import thousands
from kamlearn.widgets._common import (
    NOMINAL_DPI,
    App,
    LiveFigure,
    MessageArea,
    fixed,
    horizon,
    label,
    side_by_side,
    slider_readout,
    tag,
)

if TYPE_CHECKING:
    from kamlearn.authority import AuthorityParams
    from kamlearn.case import Case

__all__ = ["authority_simulator", "format_limit"]

APP = "authority"
_X_START = 1_000.0  # the left end of the log axis (NOK); a limit of 0 is drawn here


def _on_axis(limit: float) -> float:
    """Where a limit is drawn on the log axis: limits below its left end (0 included) sit at the end."""
    return max(float(limit), _X_START) if math.isfinite(limit) else 2_400_000.0


def format_limit(limit: float) -> str:
    """A delegated limit as the simulator shows it: whole NOK (:func:`kamlearn._format.nok`), or "no limit".

    Examples
    --------
    >>> format_limit(50_000), format_limit(float("inf"))
    ('50,000 NOK', 'no limit')
    """
    return _("no limit") if math.isinf(limit) else _format.nok(limit)


def authority_simulator(
    case: Case | None = None,
    *,
    params: AuthorityParams | None = None,
    limit: float | None = None,
    limit_max: float = 500_000.0,
    delay_max_days: float = 60.0,
    seed: int = 0,
    years: int = 200,
    figsize: tuple[float, float] = (7.6, 3.6),
    dpi: float = NOMINAL_DPI,
    scale: float | None = None,
) -> App:
    """An app: move the delegated limit and management's delay; see speed, oversight, retention and value.

    Parameters
    ----------
    case
        The company; the embedded case company when None.
    params
        The simulation's other settings (:class:`kamlearn.AuthorityParams`);
        the delay slider replaces ``delay_mean_days``.
    limit
        The limit at the start (default: the case company's limit today,
        :data:`kamlearn.authority.DEFAULT_LIMIT_NOK`).
    limit_max, delay_max_days
        The ends of the two sliders.
    seed, years
        Passed to the simulation (the same seed gives the same numbers).
    figsize, dpi, scale
        Size of the figure (inches), CSS pixels per inch on the page, and
        device pixels rendered per CSS pixel (see :class:`~kamlearn.widgets._common.LiveFigure`).

    Returns
    -------
    App
        One widget.  ``app.controls``: ``"limit"`` (NOK) and ``"delay"``
        (mean days a request waits for management).  ``app.values``: the
        :attr:`kamlearn.AuthorityResult.metrics` at the limit, plus
        ``best_limit`` and ``best_value_change_nok`` from the sweep.
        ``app.result`` is the :class:`kamlearn.AuthorityResult` shown.
    """
    from kamlearn.authority import DEFAULT_LIMIT_NOK, AuthorityParams, simulate_authority, sweep_limits

    if case is None:
        from kamlearn.case import load_case

        case = load_case()
    base = AuthorityParams() if params is None else params
    if not isinstance(base, AuthorityParams):
        raise ValueError(_("params: expected an AuthorityParams, found {found}.").format(found=type(base).__name__))
    start = DEFAULT_LIMIT_NOK if limit is None else float(limit)
    message = MessageArea(APP)

    limit_slider = tag(widgets.FloatSlider(
        value=min(start, limit_max), min=0.0, max=limit_max, step=max(1.0, limit_max / 100),
        description="", readout_format=",.0f", continuous_update=False, layout=widgets.Layout(width="100%"),
        tooltip=_("The KAM decides at once on requests up to this amount (NOK per request)"),
    ), APP, "limit")
    delay_slider = tag(widgets.FloatSlider(
        value=min(float(base.delay_mean_days), delay_max_days), min=0.0, max=delay_max_days, step=1.0,
        description="", readout_format=".0f", continuous_update=False, layout=widgets.Layout(width="100%"),
        tooltip=_("Mean days a larger request waits for management's decision"),
    ), APP, "delay")
    summary = tag(widgets.HTML(), APP, "summary")

    live = LiveFigure(APP, figsize=figsize, dpi=dpi, scale=scale, ncols=2)
    ax_value, ax_speed = live.axes
    (value_line,) = ax_value.plot([], [], color=palette.PLAN, marker="o", markersize=3)
    (value_point,) = ax_value.plot([], [], "o", color=palette.CHOICE, markersize=9, label=_("your limit"))
    (best_point,) = ax_value.plot([], [], "*", color=palette.BEST, markersize=14, label=_("best limit"))
    value_marker = ax_value.axvline(_X_START, color=palette.CHOICE, linestyle=":", linewidth=1.2)
    # the horizon of the lifetime values, as the allocation explorer says it (issue 11)
    ax_value.set_ylabel(_("Lifetime value change (MNOK,\n{horizon})").format(horizon=horizon(case.horizon_years)))
    ax_value.set_title(_("Value against the limit"))
    ax_value.legend(loc="lower right", frameon=False, handlelength=1.0, borderaxespad=0.2)
    (delay_line,) = ax_speed.plot([], [], color=palette.PLAN, label=_("decided at once (%)"))
    ax_spend = ax_speed.twinx()
    (spend_line,) = ax_spend.plot([], [], color=palette.SECOND, label=_("spending without review (MNOK)"))
    speed_marker = ax_speed.axvline(_X_START, color=palette.CHOICE, linestyle=":", linewidth=1.2)
    ax_speed.set_ylabel(_("Decided at once (%)"), color=palette.PLAN)
    ax_spend.set_ylabel(_("Not reviewed (MNOK a year)"), color=palette.SECOND)
    ax_speed.set_title(_("Speed against oversight"))
    x_end = max(limit_max, 2_000_000.0) * 1.2  # the sweep's default limits end at 2 million
    for ax in (ax_value, ax_speed):
        # a log axis labelled 1k / 10k / 100k / 1M as in the course's plot (no linear part, no kink); a
        # limit of 0 (every request to management) is drawn at the left edge
        ax.set_xlim(_X_START, x_end)
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10.0, numticks=6))
        ax.xaxis.set_major_formatter(FuncFormatter(thousands))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(_("Delegated limit (NOK per request)"))

    live.animate(value_line, delay_line, spend_line, value_point, best_point, value_marker, speed_marker)

    app = App(APP, [side_by_side(
        [label(_("Delegated limit: the KAM decides at once up to, NOK per request"), app=APP, control="limit"),
         slider_readout(limit_slider, _format.number),
         label(_("Management's delay: mean wait for a larger request, days"), app=APP, control="delay"),
         delay_slider, message, summary],
        [live.widget], app=APP)],
        controls={"limit": limit_slider, "delay": delay_slider},
        outputs={"summary": summary, "figure": live.widget}, message=message, live=live)
    state: dict[str, Any] = {"params": None, "sweep": None}
    # the value axis is set for the slowest management the slider allows, so moving the delay keeps it
    slowest = sweep_limits(case, params=dataclasses.replace(base, delay_mean_days=delay_max_days), seed=seed,
                           years=years)
    ax_value.set_ylim(min(-1.0, float(np.nanmin(slowest.table["value_change_nok"])) / 1e6 * 1.05), 0.05)
    ax_speed.set_ylim(0.0, 105.0)
    ax_spend.set_ylim(0.0, max(1.0, float(np.nanmax(slowest.table["escaped_spending_nok"])) / 1e6 * 1.1))

    def grow(ax: Any, low: float, high: float) -> None:
        """Widen an axis to show [low, high]; it never shrinks, so the background is rarely drawn again."""
        old_low, old_high = (float(v) for v in ax.get_ylim())
        new = (min(old_low, low), max(old_high, high))
        if new != (old_low, old_high):
            ax.set_ylim(*new)
            live.invalidate()

    sweeps: dict[AuthorityParams, Any] = {slowest.params: slowest}  # the sweep per delay, computed once each

    def refresh_sweep(params: AuthorityParams) -> Any:
        if state["params"] != params:
            if params not in sweeps:
                if len(sweeps) >= 64:
                    sweeps.pop(next(iter(sweeps)))
                sweeps[params] = sweep_limits(case, params=params, seed=seed, years=years)
            state["sweep"] = sweeps[params]
            state["params"] = params
            table = state["sweep"].table
            x = table.index.to_numpy(dtype=float)
            shown = (x > 0) & np.isfinite(x)  # 0 and "no limit" have no place on a log axis
            x = x[shown]
            value_line.set_data(x, table["value_change_nok"].to_numpy()[shown] / 1e6)
            delay_line.set_data(x, table["share_decided_at_once"].to_numpy()[shown] * 100)
            spend_line.set_data(x, table["escaped_spending_nok"].to_numpy()[shown] / 1e6)
            grow(ax_value, float(np.nanmin(table["value_change_nok"])) / 1e6 * 1.05, 0.0)
            grow(ax_spend, 0.0, float(np.nanmax(table["escaped_spending_nok"])) / 1e6 * 1.05)
        return state["sweep"]

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> None:
        params = dataclasses.replace(base, delay_mean_days=float(delay_slider.value))
        sweep = refresh_sweep(params)
        chosen = float(limit_slider.value)
        result = simulate_authority(case, chosen, params, seed=seed, years=years)
        metrics = result.metrics
        best = sweep.best
        values = {k: float(v) for k, v in metrics.items()}
        values["best_limit"] = float(sweep.best_limit)
        values["best_value_change_nok"] = float(best["value_change_nok"])
        at = _on_axis(chosen)
        value_point.set_data([at], [metrics["value_change_nok"] / 1e6])
        best_point.set_data([_on_axis(values["best_limit"])], [values["best_value_change_nok"] / 1e6])
        value_marker.set_xdata([at, at])
        speed_marker.set_xdata([at, at])
        grow(ax_value, metrics["value_change_nok"] / 1e6 * 1.05, 0.0)
        reviewed = metrics["mean_delay_reviewed_days"]
        wait = "" if not math.isfinite(reviewed) else " " + _("({days} for those sent to management)").format(
            days=fixed(reviewed, 1, "days"))
        gain = values["best_value_change_nok"] - metrics["value_change_nok"]
        over = horizon(case.horizon_years)
        summary.value = "<div style='font-size:1.15em'>" + _(
            "Limit <b>{limit}</b>: <b>{share}</b> of {requests} requests a year decided at once; mean wait "
            "<b>{wait}</b>{reviewed}.<br>"
            "Mean retention {before} → <b>{after}</b>; spending without review <b>{escaped}</b> a year "
            "(review would trim {trimmed}); management's review time {review} a year.<br>"
            "Lifetime value change <b>{change}</b> ({horizon}). Best limit tried: <b>{best}</b> "
            "({best_change}; {gain} against this limit).").format(
            limit=html.escape(format_limit(chosen)), share=_format.percent(metrics["share_decided_at_once"]),
            requests=fixed(metrics["requests_per_year"], 0), wait=fixed(metrics["mean_delay_days"], 1, "days"),
            reviewed=wait, before=fixed(metrics["retention_before"], 3), after=fixed(metrics["retention_after"], 3),
            escaped=_format.mnok(metrics["escaped_spending_nok"]), trimmed=_format.mnok(metrics["oversight_cost_nok"]),
            review=_format.mnok(metrics["review_cost_nok"]), horizon=over,
            change=_format.mnok(metrics["value_change_nok"], signed=True),
            best=html.escape(format_limit(values["best_limit"])),
            best_change=_format.mnok(values["best_value_change_nok"], signed=True),
            gain=_format.mnok(gain, signed=True)) + "</div>"
        app.values = values
        app.result = result
        live.redraw(key=(chosen, params.delay_mean_days))  # a setting seen before shows its kept picture at once

    limit_slider.observe(update, names="value")
    delay_slider.observe(update, names="value")
    app.update = update
    update()
    return app
