"""The eight-groups app: switch a key account's project groups on and off, change their staffing.

Wiring only: every number comes from :func:`kamlearn.groups.team_outcome`
(cost, retention, lifetime value, break-even, stage); the staffing model is
documented in :mod:`kamlearn.groups`.  The picture is drawn by
:func:`kamlearn.plotting.plot_team_costs` and :func:`kamlearn.plotting.plot_team_value`
and updated through the artists they return
(:func:`kamlearn.plotting.update_team_costs`, :func:`kamlearn.plotting.update_team_value`).

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

from kamlearn import _format
from kamlearn._fixed import fixed as fixed_format
from kamlearn.groups import STAFFING_RANGE, TeamOutcome, account_groups, flagship_account, team_outcome
from kamlearn.i18n import _, lazy_gettext
from kamlearn.plotting._common import drawn
from kamlearn.plotting.groups import plot_team_costs, plot_team_value, update_team_costs, update_team_value
from kamlearn.widgets._common import (
    App,
    LiveFigure,
    MessageArea,
    horizon,
    label,
    side_by_side,
    tag,
)

__all__ = ["eight_groups_app"]

APP = "eight-groups"

_GROUP_NAMES = {  # the project groups of the embedded case company (data/initiatives.csv), by their English name
    "Information flow (EDI and shared forecasts)": lazy_gettext("Information flow (EDI and shared forecasts)"),
    "Cost-saving measures": lazy_gettext("Cost-saving measures"),
    "Logistics and delivery reliability": lazy_gettext("Logistics and delivery reliability"),
    "Joint product development": lazy_gettext("Joint product development"),
    "Quality and complaint handling": lazy_gettext("Quality and complaint handling"),
    "Sustainable packaging": lazy_gettext("Sustainable packaging"),
    "Customer service and order handling": lazy_gettext("Customer service and order handling"),
    "Executive relationship and joint strategy": lazy_gettext("Executive relationship and joint strategy"),
}


def group_name(name: str) -> str:
    """A project group's name in the language in force (the case company's groups are known; others as given)."""
    known = _GROUP_NAMES.get(str(name))
    return str(known) if known is not None else str(name)


def _points(share: float, *, signed: bool = False) -> str:
    """A change of a share in percentage points: 0.132 -> ``'+13.2 pp'`` (bokmål ``'+13,2 %-poeng'``), not ``'%'``."""
    if not np.isfinite(share):
        return _format.missing()  # no break-even: the account creates no margin
    # Translators: percentage points, the difference of two percentages; {amount} is the number (13.2).
    return _("{amount} pp").format(amount=fixed_format(share * 100, "+.1f" if signed else ".1f"))


def _summary_html(out: TeamOutcome) -> str:
    rows = [
        (_("Team cost (one-off, internal hours and cash)"), "", _format.mnok(out.cost)),
        (_("Retention"), _format.percent(out.retention_before), _format.percent(out.retention_after)),
        (_("Share of wallet"), _format.percent(out.share_of_wallet_before),
         _format.percent(out.share_of_wallet_after)),
        (_("Margin per year"), _format.mnok(out.margin_before), _format.mnok(out.margin_after)),
        (_("Lifetime value (CLV, {horizon})").format(horizon=horizon(out.horizon_years)),
         _format.mnok(out.clv_before), _format.mnok(out.clv_after)),
        (_("CLV gain minus team cost"), "", _format.mnok(out.net_value, signed=True)),
        (_("Retention uplift: delivered / break-even"), "",
         f"{_points(out.retention_uplift, signed=True)} / {_points(out.break_even_uplift)}"),
        (_("If the alternative is losing the customer"), "", _format.mnok(out.value_if_lost, signed=True)),
        (_("Relationship stage"), out.stage_before, out.stage_after),  # stage names stay English (GLOSSARY)
    ]
    body = "".join(
        f"<tr><td style='padding:1px 8px'>{html.escape(label)}</td><td style='padding:1px 8px;text-align:right'>{before}</td>"
        f"<td style='padding:1px 8px;text-align:right'><b>{after}</b></td></tr>"
        for label, before, after in rows
    )
    return (
        f"<table class='kamlearn-eight-groups-table'><tr><th></th><th>{html.escape(_('without team'))}</th>"
        f"<th>{html.escape(_('with team'))}</th></tr>{body}</table>"
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
    names = {str(g): group_name(str(n)) for g, n in groups["name"].items()}
    low, high = (round(x * 100) for x in STAFFING_RANGE)

    controls: dict[str, widgets.Widget] = {}
    cells: list[widgets.Widget] = [
        widgets.HTML("<b>" + html.escape(_("On")) + "</b>"),
        widgets.HTML("<b>" + html.escape(_("Project group")) + "</b>"),
        # Translators: {unit} is the percent sign (kept out of the text, which gettext would read as a format)
        tag(widgets.HTML("<b>" + html.escape(_("Staffing, {unit} of plan").format(unit="%")) + "</b>"), APP,
            "staffing label"),
    ]
    for group in ids:
        checkbox = tag(
            widgets.Checkbox(value=True, indent=False, description="", description_allow_html=False,
                             tooltip=_("{group} {name}: on or off").format(group=group, name=names[group]),
                             layout=widgets.Layout(width="28px")),
            APP, f"active-{group}",
        )
        slider = tag(
            widgets.IntSlider(value=100, min=low, max=high, step=10, readout_format="d", continuous_update=True,
                              description="",
                              tooltip=_("{group}: staffing in {unit} of the planned staffing").format(
                                  group=group, unit="%"),
                              layout=widgets.Layout(width="170px")),
            APP, f"staffing-{group}",
        )
        controls[f"active-{group}"] = checkbox
        controls[f"staffing-{group}"] = slider
        cells += [checkbox, label(f"{group} {names[group]}", app=APP, control=f"name {group}"), slider]
    grid = widgets.GridBox(cells, layout=widgets.Layout(grid_template_columns="28px minmax(0, 1fr) 170px",
                                                        grid_gap="0 8px", align_items="center", width="100%"))
    reset = tag(widgets.Button(description=_("All on at {percent}").format(percent=_format.percent(1.0, decimals=0)),
                               layout=widgets.Layout(width="auto")), APP, "reset")
    controls["reset"] = reset

    message = MessageArea(APP)
    summary = tag(widgets.HTML(), APP, "summary")
    live = LiveFigure(APP, figsize=(7.6, 3.5), ncols=2, scale=scale)
    cost_ax, clv_ax = live.axes

    # The picture is drawn by kamlearn.plotting and updated through the artists it returned (drawn(ax)).
    # Drawn first with every group at the most staffing, so the cost axis and the value axis fit every
    # setting; the curve (today's margin) and the axes do not depend on the settings: drawn once.
    most = team_outcome(case, account_id, staffing=dict.fromkeys(ids, STAFFING_RANGE[1]))
    plot_team_costs(most, cost_ax)
    plot_team_value(most, clv_ax)
    costs_shown, value_shown = drawn(cost_ax), drawn(clv_ax)
    # the team's cost is in the table beside the picture: text is the slowest artist to redraw
    live.animate(costs_shown["bars"], value_shown["today"], value_shown["with_team"], value_shown["break_even"])

    title = tag(widgets.HTML("<b>" + html.escape(_("Customer team on {account} {name}").format(
        account=account_id, name=most.account_name)) + "</b>"),
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

    def draw(out: TeamOutcome, key: Any = None) -> None:
        update_team_costs(cost_ax, out)
        update_team_value(clv_ax, out)
        live.redraw(key=key)  # a setting seen before shows its kept picture at once

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
            message.warning(_("{account} has no positive yearly margin today, so no retention uplift pays "
                              "for the team (break-even {missing}).").format(account=account_id,
                                                                          missing=_format.missing()))
        elif not np.isfinite(out.break_even_uplift):
            message.warning(_("Even keeping the customer for certain would not pay for this team "
                              "(break-even {missing}).").format(missing=_format.missing()))
        draw(out, key=(tuple(sorted(staffing.items())), tuple(active)))
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
