"""The response calibrator: a manager's four estimates, the curve through them, and the hours it implies.

Wiring only: the curve comes from :func:`kamlearn.response.calibrate_adbudg`
(through :func:`kamlearn.effort.plan_effort`), the hours from
:func:`kamlearn.response.allocate_effort`, and the picture from
:func:`kamlearn.plotting.plot_effort_response` and :func:`kamlearn.plotting.plot_effort_hours`, whose
artists the app animates and updates with :func:`~kamlearn.plotting.update_effort_response` and
:func:`~kamlearn.plotting.update_effort_hours` (the app keeps the layout and the texts).  Pick an account, type the yearly
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
from kamlearn.plotting import drawn
from kamlearn.plotting.response import (
    plot_effort_hours,
    plot_effort_response,
    update_effort_hours,
    update_effort_response,
)
from kamlearn.widgets._common import (
    NOMINAL_DPI,
    App,
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
    from matplotlib.axes import Axes

    from kamlearn.case import Case

__all__ = ["response_calibrator"]

APP = "response"
_ESTIMATES = (("zero", lazy_gettext("With no effort")), ("today", lazy_gettext("With today's effort")),
              ("plus_50", lazy_gettext("With 50 % more effort")),
              ("saturation", lazy_gettext("At saturation (any effort)")))
_X_RANGE = 4.0  # the curve is drawn from 0 to this many times today's hours (at the start; the axis grows)
MOVING_CURVE = ("curve", "estimates", "plan_line", "saturation_line")
"""The artists of :func:`~kamlearn.plotting.plot_effort_response` the app animates (the rest is background)."""
MOVING_HOURS = ("today", "plan")
"""The artists of :func:`~kamlearn.plotting.plot_effort_hours` the app animates."""


def _static(*axes: Axes) -> tuple[Any, ...]:
    """What of these Axes is drawn into the saved background: their limits and texts (a change means drawing it anew)."""
    return tuple((ax.get_xlim(), ax.get_ylim(), tuple(text.get_text() for text in ax.texts)) for ax in axes)


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
    state: dict[str, Any] = {"estimates": original.copy(), "holding": False, "drawn": False}
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
    # the panels are drawn by kamlearn.plotting with the first plan (in the first update) and updated through
    # the artists they return; the hours panel shows hours, not shares: every move of the pool moves the
    # plan's bars (shares hardly changed, so the picture stayed the same on some presses)

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
        if not state["drawn"]:  # the first plan: draw both panels, animate the artists that move
            plot_effort_response(plan, ax_curve, account=aid, estimates=state["estimates"], max_effort=_X_RANGE)
            plot_effort_hours(plan, ax_hours)
            live.animate(*(drawn(ax_curve)[name] for name in MOVING_CURVE),
                         *(drawn(ax_hours)[name] for name in MOVING_HOURS))
            state["drawn"] = True
        else:  # write the plan into those artists; the account's id and the axes are background, drawn
            before = _static(ax_curve, ax_hours)  # again only when they change
            update_effort_response(ax_curve, plan, account=aid, estimates=state["estimates"])
            update_effort_hours(ax_hours, plan)
            if _static(ax_curve, ax_hours) != before:
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
