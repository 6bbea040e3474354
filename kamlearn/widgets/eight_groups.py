"""The eight-groups app: switch a key account's project groups on and off, change their staffing.

Wiring only: every number comes from :func:`kamlearn.groups.team_outcome`
(cost, retention, lifetime value, break-even, stage); the staffing model is
documented in :mod:`kamlearn.groups`.

Controls (CSS class ``kamlearn-eight-groups-<control>``)
    ``active-<group id>``  Checkbox: the group is on.
    ``staffing-<group id>``  IntSlider, per cent of the planned staffing (50-150).
    ``reset``  Button: every group on at 100 %.

Outputs
    ``summary`` (HTML table), ``message`` (errors and warnings), ``figure``
    (the group costs and the lifetime value curve, a PNG redrawn in place).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from kamlearn import _format
from kamlearn.groups import STAFFING_RANGE, TeamOutcome, account_groups, flagship_account, team_outcome
from kamlearn.plotting import palette
from kamlearn.value import customer_lifetime_value, horizon_label
from kamlearn.widgets._common import (
    App,
    LiveBars,
    LiveFigure,
    MessageArea,
    label,
    side_by_side,
    tag,
)

__all__ = ["eight_groups_app"]

APP = "eight-groups"
_ON, _OFF = palette.PLAN, palette.OFF


def _millions(value: float, _pos: Any = None) -> str:
    return f"{value / 1e6:,.0f}" if abs(value) >= 10e6 else f"{value / 1e6:,.1f}"


def _summary_html(out: TeamOutcome) -> str:
    rows = [
        ("Team cost (one-off, internal hours and cash)", "", _format.mnok(out.cost)),
        ("Retention", _format.percent(out.retention_before), _format.percent(out.retention_after)),
        ("Share of wallet", _format.percent(out.share_of_wallet_before), _format.percent(out.share_of_wallet_after)),
        ("Margin per year", _format.mnok(out.margin_before), _format.mnok(out.margin_after)),
        (f"Lifetime value (CLV, {horizon_label(out.horizon_years)})", _format.mnok(out.clv_before),
         _format.mnok(out.clv_after)),
        ("CLV gain minus team cost", "", _format.mnok(out.net_value, signed=True)),
        ("Retention uplift: delivered / break-even", "",
         f"{_format.percent(out.retention_uplift, signed=True)} / {_format.percent(out.break_even_uplift)}"),
        ("If the alternative is losing the customer", "", _format.mnok(out.value_if_lost, signed=True)),
        ("Relationship stage", out.stage_before, out.stage_after),
    ]
    body = "".join(
        f"<tr><td style='padding:1px 8px'>{label}</td><td style='padding:1px 8px;text-align:right'>{before}</td>"
        f"<td style='padding:1px 8px;text-align:right'><b>{after}</b></td></tr>"
        for label, before, after in rows
    )
    return (
        f"<table class='kamlearn-eight-groups-table'><tr><th></th><th>without team</th><th>with team</th></tr>"
        f"{body}</table>"
    )


def eight_groups_app(case: Any = None, account_id: str | None = None, *, scale: float | None = None) -> App:
    """An app to switch one key account's project groups on and off and change their staffing.

    Shows live the team's cost, retention, share of wallet, lifetime value,
    the net value, the break-even retention uplift against the uplift the team
    delivers, the value if the alternative is losing the customer, and the
    relationship stage; plus a plot of each group's cost and of lifetime value
    against retention.

    Parameters
    ----------
    case
        A :class:`kamlearn.Case`; the embedded case company when None.
    account_id
        The account; the flagship (the account with the most groups) when None.
    scale
        Device pixels rendered per CSS pixel (see :class:`~kamlearn.widgets._common.LiveFigure`).

    Returns
    -------
    App
        An ipywidgets VBox.  ``app.controls`` maps ``"active-<id>"``,
        ``"staffing-<id>"`` and ``"reset"`` to the controls, ``app.values``
        holds the numbers shown (floats), ``app.result`` the
        :class:`kamlearn.groups.TeamOutcome` shown, ``app.message`` the
        message area.  No control setting raises; errors are shown.

    Raises
    ------
    KeyError, ValueError
        When the account does not exist or has no project groups (when the
        app is built, not when a control moves).

    References
    ----------
    McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
    theory, practice and challenges. *Journal of Marketing Management* 13(8), 737-757.

    Examples
    --------
    >>> app = eight_groups_app()
    >>> app.controls["active-A01-G1"].value = False
    >>> app.values["cost"] < eight_groups_app().values["cost"]
    True
    """
    if case is None:
        from kamlearn.case import load_case

        case = load_case()
    account_id = flagship_account(case) if account_id is None else account_id
    groups = account_groups(case, account_id)
    ids = [str(g) for g in groups.index]
    names = {str(g): str(n) for g, n in groups["name"].items()}
    low, high = (round(x * 100) for x in STAFFING_RANGE)

    controls: dict[str, widgets.Widget] = {}
    cells: list[widgets.Widget] = [
        widgets.HTML("<b>On</b>"), widgets.HTML("<b>Project group</b>"),
        tag(widgets.HTML("<b>Staffing, % of plan</b>"), APP, "staffing label"),
    ]
    for group in ids:
        checkbox = tag(
            widgets.Checkbox(value=True, indent=False, description="", description_allow_html=False,
                             tooltip=f"{group} {names[group]}: on or off", layout=widgets.Layout(width="28px")),
            APP, f"active-{group}",
        )
        slider = tag(
            widgets.IntSlider(value=100, min=low, max=high, step=10, readout_format="d", continuous_update=True,
                              description="", tooltip=f"{group}: staffing in % of the planned staffing",
                              layout=widgets.Layout(width="170px")),
            APP, f"staffing-{group}",
        )
        controls[f"active-{group}"] = checkbox
        controls[f"staffing-{group}"] = slider
        cells += [checkbox, label(f"{group} {names[group]}", app=APP, control=f"name {group}"), slider]
    grid = widgets.GridBox(cells, layout=widgets.Layout(grid_template_columns="28px minmax(0, 1fr) 170px",
                                                        grid_gap="0 8px", align_items="center", width="100%"))
    reset = tag(widgets.Button(description="All on at 100 %", layout=widgets.Layout(width="auto")), APP, "reset")
    controls["reset"] = reset

    message = MessageArea(APP)
    summary = tag(widgets.HTML(), APP, "summary")
    live = LiveFigure(APP, figsize=(7.6, 3.5), ncols=2, scale=scale)
    cost_ax, clv_ax = live.axes

    # Artists built once; updates change their data.
    positions = np.arange(len(ids))[::-1]
    bars = LiveBars(cost_ax, positions, horizontal=True)
    cost_ax.set_ylim(-0.6, len(ids) - 0.4)
    cost_ax.set_yticks(positions, ids)
    cost_ax.xaxis.set_major_formatter(FuncFormatter(_millions))
    cost_ax.set_xlabel("Cost, one-off (MNOK)")
    cost_ax.set_title("Each group's cost at its staffing")
    most = team_outcome(case, account_id, staffing=dict.fromkeys(ids, STAFFING_RANGE[1]))
    cost_ax.set_xlim(0, float(most.groups["cost_nok"].max()) * 1.05 or 1.0)
    cost_ax.xaxis.set_major_locator(MaxNLocator(4))

    # The curve (today's margin) and the axis limits do not depend on the settings: drawn once.
    retention_grid = np.linspace(0.5, 0.99, 99)
    curve_values = customer_lifetime_value(most.margin_before, retention_grid, most.discount_rate,
                                           most.horizon_years)
    clv_ax.plot(retention_grid, curve_values, color=palette.REFERENCE, lw=1.5, label="CLV, today's margin")
    top = max(float(np.max(curve_values)), most.clv_after, most.clv_before, 1.0)
    clv_ax.set_ylim(min(0.0, float(np.min(curve_values))), top * 1.08)
    clv_ax.set_xlim(0.45, 1.0)  # the retention the curve covers, not 0-100 %
    today = clv_ax.scatter([0.0], [0.0], s=60, color=palette.BASELINE, zorder=3, label="without team")
    with_team = clv_ax.scatter([0.0], [0.0], s=60, color=palette.PLAN, zorder=3, label="with team")
    break_even = clv_ax.axvline(0.5, color=palette.SECOND, ls="--", lw=1.5, label="break-even")
    clv_ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    clv_ax.yaxis.set_major_formatter(FuncFormatter(_millions))
    clv_ax.set_xlabel("Yearly retention")
    clv_ax.set_ylabel("Lifetime value (MNOK)")
    clv_ax.set_title("Lifetime value")
    clv_ax.legend(loc="upper left", frameon=False, handlelength=1.2, borderaxespad=0.2)
    # the team's cost is in the table beside the picture: text is the slowest artist to redraw
    live.animate(bars, today, with_team, break_even)

    title = tag(widgets.HTML(f"<b>Customer team on {html.escape(account_id)} {html.escape(most.account_name)}</b>"),
                APP, "title")
    app = App(
        APP,
        [side_by_side([title, grid, reset], [live.widget, message, summary], app=APP)],
        controls=controls,
        outputs={"summary": summary, "figure": live.widget},
        message=message,
        live=live,
    )

    def settings() -> tuple[dict[str, float], list[str]]:
        staffing = {g: controls[f"staffing-{g}"].value / 100.0 for g in ids}
        active = [g for g in ids if controls[f"active-{g}"].value]
        return staffing, active

    def draw(out: TeamOutcome) -> None:
        costs = {str(g): float(v) for g, v in out.groups["cost_nok"].items()}
        active = {str(g): bool(v) for g, v in out.groups["active"].items()}
        bars.set_values([costs[g] for g in ids], [_ON if active[g] else _OFF for g in ids])
        today.set_offsets([[out.retention_before, out.clv_before]])
        with_team.set_offsets([[out.retention_after, out.clv_after]])
        line_at = min(out.retention_before + out.break_even_uplift, 1.0)
        break_even.set_xdata([line_at, line_at])
        live.redraw()

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> TeamOutcome:
        staffing, active = settings()
        for group in ids:
            controls[f"staffing-{group}"].disabled = group not in active
        out = team_outcome(case, account_id, staffing=staffing, active=active)
        app.result = out
        app.values = {
            "cost": out.cost,
            "retention_before": out.retention_before,
            "retention_after": out.retention_after,
            "share_of_wallet_after": out.share_of_wallet_after,
            "clv_before": out.clv_before,
            "clv_after": out.clv_after,
            "clv_gain": out.clv_gain,
            "net_value": out.net_value,
            "retention_uplift": out.retention_uplift,
            "break_even_uplift": out.break_even_uplift,
            "value_if_lost": out.value_if_lost,
            "active_groups": float(len(active)),
        }
        summary.value = _summary_html(out)
        if out.margin_before <= 0:
            message.warning(f"{account_id} has no positive yearly margin today, so no retention uplift pays "
                            "for the team (break-even n/a).")
        elif not np.isfinite(out.break_even_uplift):
            message.warning("Even keeping the customer for certain would not pay for this team (break-even n/a).")
        draw(out)
        return out

    @message.guard
    def reset_all(_button: Any = None) -> None:
        with app.hold_trait_notifications():
            for group in ids:
                controls[f"active-{group}"].unobserve(update, names="value")
                controls[f"staffing-{group}"].unobserve(update, names="value")
                controls[f"active-{group}"].value = True
                controls[f"staffing-{group}"].value = 100
                controls[f"active-{group}"].observe(update, names="value")
                controls[f"staffing-{group}"].observe(update, names="value")
        update()

    for group in ids:
        controls[f"active-{group}"].observe(update, names="value")
        controls[f"staffing-{group}"].observe(update, names="value")
    reset.on_click(reset_all)
    app.update = update
    update()
    return app
