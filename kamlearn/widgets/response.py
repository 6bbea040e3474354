"""The response calibrator: a manager's four estimates, the curve through them, and the hours it implies.

Wiring only: the curve comes from :func:`kamlearn.response.calibrate_adbudg`
(through :func:`kamlearn.effort.plan_effort`) and the hours from
:func:`kamlearn.response.allocate_effort`.  Pick an account, type the yearly
margin you expect at no effort, today, with 50 % more effort and at saturation;
the curve, every account's hours and the common marginal return update.

Examples
--------
>>> import kamlearn
>>> from kamlearn.effort import judged_estimates, plan_effort
>>> from kamlearn.widgets import response_calibrator
>>> case = kamlearn.load_case()
>>> app = response_calibrator(case)
>>> app.controls["account"].value = "A03"
>>> app.controls["saturation"].value = 14.0  # MNOK a year
>>> estimates = judged_estimates(case)
>>> estimates.loc["A03", "saturation"] = 14.0e6
>>> app.values["total_response"] == plan_effort(estimates).total_response
True
"""

from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np

from kamlearn import _format
from kamlearn.i18n import _, lazy_gettext
from kamlearn.plotting import palette
from kamlearn.widgets._common import (
    NOMINAL_DPI,
    App,
    LiveBars,
    LiveFigure,
    MessageArea,
    fixed,
    label,
    side_by_side,
    slider_readout,
    tag,
)

if TYPE_CHECKING:
    import pandas as pd

    from kamlearn.case import Case

__all__ = ["response_calibrator"]

APP = "response"
_ESTIMATES = (("zero", lazy_gettext("With no effort")), ("today", lazy_gettext("With today's effort")),
              ("plus_50", lazy_gettext("With 50 % more effort")),
              ("saturation", lazy_gettext("At saturation (any effort)")))
_CURVE_POINTS = 121
_X_RANGE = 4.0  # the curve is drawn from 0 to this many times today's hours


def _d_text(d: float) -> str:
    """The curve's ``d`` as the summary shows it: three significant digits, thousands grouped (``'1,230'``)."""
    return _format._digits(f"{d:,.3g}", _format._bokmål())


def response_calibrator(
    case: Case | None = None,
    *,
    estimates: pd.DataFrame | None = None,
    account: str | None = None,
    figsize: tuple[float, float] = (7.6, 3.6),
    dpi: float = NOMINAL_DPI,
    scale: float | None = None,
) -> App:
    """An app: enter four estimates for an account; see its response curve and the hours of every account.

    Parameters
    ----------
    case
        The company; the embedded case company when None.  Used for the
        default estimates (:func:`kamlearn.effort.judged_estimates`) and the
        account names.
    estimates
        Your own table of estimates (columns ``today_hours``, ``zero``,
        ``today``, ``plus_50``, ``saturation``, NOK a year); the case's
        illustrative estimates when None.  The app edits a copy.
    account
        The account shown first (default: the first).
    figsize, dpi, scale
        Size of the figure (inches), CSS pixels per inch on the page, and
        device pixels rendered per CSS pixel (see :class:`~kamlearn.widgets._common.LiveFigure`).

    Returns
    -------
    App
        ``app.controls``: ``"account"``, ``"zero"``, ``"today"``, ``"plus_50"``,
        ``"saturation"`` (MNOK a year), ``"hours"`` (the pool) and ``"reset"``.
        ``app.values``: ``c`` and ``d`` of the account's curve, its
        ``today_hours`` and ``hours``, ``total_response``,
        ``total_response_today``, ``gain``, ``marginal_return`` and
        ``hours-<account_id>`` for every account.  ``app.result`` is the
        :class:`kamlearn.effort.EffortPlan`; ``app.estimates`` the edited table.

    Notes
    -----
    Estimates that do not rise
    (zero < today < +50 % < saturation) show a message and keep the last result.
    """
    from kamlearn.effort import judged_estimates, plan_effort

    if case is None:
        from kamlearn.case import load_case

        case = load_case()
    if estimates is None:
        estimates = judged_estimates(case)
    original = estimates.copy()
    known = case.accounts["name"]
    names = {aid: (f"{aid} {known[aid]}" if aid in known.index else str(aid)) for aid in original.index}
    ids = list(original.index)
    first = ids[0] if account is None else account
    if first not in ids:
        raise ValueError(_("account: expected one of the estimates' accounts, found {found}.").format(
            found=repr(account)))
    state: dict[str, Any] = {"estimates": original.copy(), "holding": False}
    message = MessageArea(APP)

    chooser = tag(widgets.Dropdown(options=[(names[a], a) for a in ids], value=first, description="",
                                   layout=widgets.Layout(width="100%")), APP, "account")
    boxes = {}
    box_rows: list[widgets.Widget] = []
    for column, text in _ESTIMATES:
        boxes[column] = tag(widgets.FloatText(description="", step=0.1, continuous_update=False,
                                              layout=widgets.Layout(width="110px")), APP, column)
        box_rows.append(widgets.HBox([label(str(text), app=APP, control=column), boxes[column]],
                                     layout=widgets.Layout(width="100%", justify_content="space-between",
                                                           align_items="center")))
    pool = float(original["today_hours"].sum())
    hours = tag(widgets.FloatSlider(value=pool, min=0.0, max=2.0 * pool, step=max(1.0, round(pool / 200)),
                                    description="", readout_format=",.0f", continuous_update=False,
                                    layout=widgets.Layout(width="100%")), APP, "hours")
    reset = tag(widgets.Button(description=_("Reset estimates"), icon="undo", layout=widgets.Layout(width="auto")),
                APP, "reset")
    summary = tag(widgets.HTML(), APP, "summary")

    live = LiveFigure(APP, figsize=figsize, dpi=dpi, scale=scale, ncols=2, gridspec_kw={"width_ratios": [1.0, 1.2]})
    ax_curve, ax_hours = live.axes
    (curve_line,) = ax_curve.plot([], [], color=palette.PLAN, label=_("fitted curve"))
    (points,) = ax_curve.plot([], [], "o", color=palette.CHOICE, markersize=7, label=_("your estimates"))
    ax_curve.axvline(1.0, color=palette.BASELINE, linestyle=":", label=_("today"))
    plan_line = ax_curve.axvline(0.0, color=palette.BEST, linestyle="--", label=_("plan"))
    saturation_line = ax_curve.axhline(0.0, color=palette.CHOICE, linewidth=0.8, linestyle=":")
    ax_curve.set_xlabel(_("Effort (today's hours = 1)"))
    ax_curve.set_ylabel(_("Yearly margin (today = 100)"))
    ax_curve.set_title(_("Response of the account"))
    ax_curve.legend(loc="lower right", frameon=False, handlelength=1.2, borderaxespad=0.2)
    ax_curve.set_xlim(0.0, _X_RANGE)
    ax_curve.set_ylim(60.0, 130.0)
    curve_label = ax_curve.text(0.03, 0.97, "", transform=ax_curve.transAxes, va="top")
    x = np.arange(len(ids))
    bars_today = LiveBars(ax_hours, x - 0.2, width=0.4, color=palette.BASELINE, label=_("today"))
    bars_plan = LiveBars(ax_hours, x + 0.2, width=0.4, color=palette.PLAN, label=_("plan"))
    ax_hours.set_xlim(-0.6, len(ids) - 0.4)
    ax_hours.set_xticks(x, [str(a) for a in ids], rotation=90)
    ax_hours.set_ylabel(_("Hours a year"))
    ax_hours.set_title(_("Hours by account"))
    # hours, not shares: every move of the pool moves the plan's bars (shares hardly changed, so the
    # picture stayed the same on some presses); the axis grows (only) when a plan outgrows it
    ax_hours.set_ylim(0.0, float(original["today_hours"].max()) * 1.5)
    ax_hours.legend(loc="upper right", frameon=False, handlelength=1.0, borderaxespad=0.2)
    live.animate(curve_line, points, plan_line, saturation_line, bars_today, bars_plan)

    controls: dict[str, widgets.Widget] = {"account": chooser, **boxes, "hours": hours, "reset": reset}
    app = App(APP, [side_by_side(
        [label(_("Account"), app=APP, control="account"), chooser,
         widgets.HTML(_("<b>Yearly margin at each effort, MNOK a year</b> (the manager's judgement)")),
         *box_rows, label(_("Pool of hours to spread over the accounts, hours a year"), app=APP, control="hours"),
         slider_readout(hours, _format.number), reset],
        [live.widget, message, summary], app=APP)],
        controls=controls, outputs={"summary": summary, "figure": live.widget}, message=message, live=live)

    def fill_boxes() -> None:
        row = state["estimates"].loc[chooser.value]
        state["holding"] = True
        try:
            for column, _label in _ESTIMATES:
                boxes[column].value = round(float(row[column]) / 1e6, 6)
        finally:
            state["holding"] = False

    def draw(plan: Any, aid: str) -> None:
        # the curve is drawn as an index (today's hours = 1, today's margin = 100) so that every account
        # fits the same axes; they only grow, so the background is rarely drawn again
        position = ids.index(aid)
        row = plan.table.loc[aid]
        today_hours = float(row["today_hours"])
        judged = state["estimates"].loc[aid]
        scale = abs(float(judged["today"])) / 100.0 or 1.0
        x_end = max(_X_RANGE, 1.1 * float(row["hours"]) / today_hours, float(ax_curve.get_xlim()[1]))
        grid = np.linspace(0.0, x_end, _CURVE_POINTS)
        a, b, c, d = (float(np.asarray(getattr(plan.curve, k), dtype=float)[position]) for k in "abcd")
        from kamlearn.response import AdbudgCurve

        single = AdbudgCurve(a=a, b=b, c=c, d=d)
        curve_line.set_data(grid, single.response(grid * today_hours) / scale)
        points.set_data([0.0, 1.0, 1.5, grid[-1]],
                        [judged["zero"] / scale, judged["today"] / scale, judged["plus_50"] / scale,
                         judged["saturation"] / scale])
        plan_line.set_xdata([float(row["hours"]) / today_hours] * 2)
        saturation_line.set_ydata([judged["saturation"] / scale] * 2)
        if curve_label.get_text() != str(aid):  # static text: drawn into the background, once per account
            curve_label.set_text(str(aid))
            live.invalidate()
        low, high = float(judged["zero"]) / scale, float(judged["saturation"]) / scale
        (x0, x1), (y0, y1) = ax_curve.get_xlim(), ax_curve.get_ylim()
        limits = ((0.0, max(float(x1), x_end)), (min(float(y0), low - 5.0), max(float(y1), high + 5.0)))
        if limits != ((float(x0), float(x1)), (float(y0), float(y1))):
            ax_curve.set_xlim(*limits[0])
            ax_curve.set_ylim(*limits[1])
            live.invalidate()
        bars_today.set_values(plan.table["today_hours"].to_numpy(dtype=float))
        bars_plan.set_values(plan.table["hours"].to_numpy(dtype=float))
        top = float(max(plan.table["today_hours"].max(), plan.table["hours"].max())) * 1.1
        if top > ax_hours.get_ylim()[1]:  # grows only
            ax_hours.set_ylim(0.0, top * 1.25)
            live.invalidate()
        live.redraw()

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> None:
        if state["holding"]:
            return
        aid = chooser.value
        typed = [float(boxes[column].value) for column, _label in _ESTIMATES]
        if not all(low < high for low, high in itertools.pairwise(typed)):
            raise ValueError(  # in MNOK, the unit of the boxes
                _("estimates for {account}: expected no effort < today < +50 % < saturation (MNOK a year), found "
                  "{found} MNOK.").format(account=aid, found=" / ".join(fixed(v, 2) for v in typed))
            )
        edited = state["estimates"].copy()
        for column, _label in _ESTIMATES:
            edited.loc[aid, column] = float(boxes[column].value) * 1e6
        pool_hours = float(hours.value)
        plan = plan_effort(edited, pool_hours)
        state["estimates"] = edited
        app.estimates = edited  # type: ignore[attr-defined]
        row = plan.table.loc[aid]
        position = ids.index(aid)
        values = {
            "c": float(np.asarray(plan.curve.c, dtype=float)[position]),
            "d": float(np.asarray(plan.curve.d, dtype=float)[position]),
            "today_hours": float(row["today_hours"]),
            "hours": float(row["hours"]),
            "total_response": plan.total_response,
            "total_response_today": plan.total_response_today,
            "gain": plan.gain,
            "marginal_return": plan.marginal_return,
        }
        for other, value in plan.table["hours"].items():
            values[f"hours-{other}"] = float(value)
        shape = _("concave") if values["c"] <= 1 else _("S-shaped")
        summary.value = "<div style='font-size:1.15em'>" + _(
            "<b>{account}</b>: fitted curve c = {c} ({shape}), d = {d}. Hours today <b>{today}</b> → plan "
            "<b>{hours}</b>; marginal return there {marginal} per hour (today {marginal_today}).<br>"
            "All accounts, {total_hours}: margin {response_today} with today's spread, <b>{response}</b> with equal "
            "marginal returns ({gain} a year). The last hour on every account with hours earns <b>{last}</b>.").format(
            account=html.escape(names[aid]), c=fixed(values["c"], 2), shape=shape, d=_d_text(values["d"]),
            today=fixed(values["today_hours"], 0), hours=fixed(values["hours"], 0),
            marginal=fixed(row["marginal"], 0, "NOK"), marginal_today=fixed(row["marginal_today"], 0),
            total_hours=fixed(plan.total_hours, 0, "hours"), response_today=_format.mnok(plan.total_response_today),
            response=_format.mnok(plan.total_response), gain=_format.mnok(plan.gain, signed=True),
            last=fixed(plan.marginal_return, 0, "NOK")) + "</div>"
        if values["c"] > 1:
            message.warning(_("These estimates give an S-shaped curve: small effort does little until a threshold. "
                              "The plan then either gives the account real effort or none."))
        app.values = values
        app.result = plan
        draw(plan, aid)

    def on_account(_change: Any = None) -> None:
        fill_boxes()
        update()

    def on_reset(_button: Any = None) -> None:
        state["estimates"] = original.copy()
        state["holding"] = True
        hours.value = pool
        state["holding"] = False
        fill_boxes()
        update()

    chooser.observe(on_account, names="value")
    for box in boxes.values():
        box.observe(update, names="value")
    hours.observe(update, names="value")
    reset.on_click(on_reset)
    app.update = update
    app.estimates = original.copy()  # type: ignore[attr-defined]
    fill_boxes()
    update()
    return app
