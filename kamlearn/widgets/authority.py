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

from kamlearn import _format
from kamlearn.i18n import _
from kamlearn.plotting import drawn
from kamlearn.plotting.authority import (
    plot_authority_speed,
    plot_authority_value,
    update_authority_speed,
    update_authority_value,
)
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
    # the axes are set for the slowest management the delay slider allows, so moving the delay keeps them
    slowest = sweep_limits(case, params=dataclasses.replace(base, delay_mean_days=delay_max_days), seed=seed,
                           years=years)
    x_end = max(limit_max, 2_000_000.0) * 1.2  # the sweep's default limits end at 2 million
    value = drawn(plot_authority_value(slowest, ax_value, horizon_years=case.horizon_years, x_end=x_end))
    speed = drawn(plot_authority_speed(slowest, ax_speed, x_end=x_end))
    # drawn in this order on the kept background: curves first, then the point, the star and the markers
    live.animate(value["curve"], speed["share"], speed["spending"], value["point"], value["best"],
                 value["marker"], speed["marker"])
    scaled = (ax_value, ax_speed, speed["twin"])  # the axes an update may widen

    app = App(APP, [side_by_side(
        [label(_("Delegated limit: the KAM decides at once up to, NOK per request"), app=APP, control="limit"),
         slider_readout(limit_slider, _format.number),
         label(_("Management's delay: mean wait for a larger request, days"), app=APP, control="delay"),
         delay_slider, message, summary],
        [live.widget], app=APP)],
        controls={"limit": limit_slider, "delay": delay_slider},
        outputs={"summary": summary, "figure": live.widget}, message=message, live=live)
    sweeps: dict[AuthorityParams, Any] = {slowest.params: slowest}  # the sweep per delay, computed once each

    def sweep_for(params: AuthorityParams) -> Any:
        if params not in sweeps:
            if len(sweeps) >= 64:
                sweeps.pop(next(iter(sweeps)))
            sweeps[params] = sweep_limits(case, params=params, seed=seed, years=years)
        return sweeps[params]

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> None:
        params = dataclasses.replace(base, delay_mean_days=float(delay_slider.value))
        sweep = sweep_for(params)
        chosen = float(limit_slider.value)
        result = simulate_authority(case, chosen, params, seed=seed, years=years)
        metrics = result.metrics
        best = sweep.best
        values = {k: float(v) for k, v in metrics.items()}
        values["best_limit"] = float(sweep.best_limit)
        values["best_value_change_nok"] = float(best["value_change_nok"])
        limits = [ax.get_ylim() for ax in scaled]
        update_authority_value(ax_value, sweep, result)
        update_authority_speed(ax_speed, sweep, result)
        if [ax.get_ylim() for ax in scaled] != limits:  # an axis widened (never shrinks): draw the background anew
            live.invalidate()
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
