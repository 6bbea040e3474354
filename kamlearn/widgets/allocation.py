"""The allocation explorer: capacity sliders and a policy chooser, a live plan with utilisation and shadow prices.

Wiring only: every number shown comes from :func:`kamlearn.allocate` on
``case.with_capacity(...)``.  The figure is kept alive (see
:mod:`kamlearn.widgets._common`): its bars and labels are built once and only
their sizes and texts change on an update.

Examples
--------
>>> import kamlearn
>>> from kamlearn.widgets import allocation_explorer
>>> app = allocation_explorer()
>>> app.controls["capacity-kam_hours"].value = 600
>>> from kamlearn import allocate
>>> plan = allocate(kamlearn.load_case().with_capacity(kam_hours=600))
>>> app.values["total_value"] == plan.value_nok
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from kamlearn import _format
from kamlearn.i18n import _, lazy_gettext, pgettext
from kamlearn.plotting import drawn, palette
from kamlearn.plotting.allocation import (
    UTILISATION_AXIS_MAX,
    _plan_numbers,
    plot_account_value,
    plot_utilisation,
    update_account_value,
    update_utilisation,
)
from kamlearn.widgets._common import (
    NOMINAL_DPI,
    App,
    LiveFigure,
    MessageArea,
    horizon,
    label,
    side_by_side,
    slider_readout,
    tag,
)
from kamlearn.widgets.key_accounts import short_resource_name

if TYPE_CHECKING:
    from kamlearn.case import Case

__all__ = ["allocation_explorer", "capacity_label", "capacity_step", "format_price", "policy_name", "resource_name",
           "unit_name"]

APP = "allocation"
_UTILISATION_AXIS_MAX = UTILISATION_AXIS_MAX


def capacity_step(largest: float) -> float:
    """The step of a capacity slider whose range ends at ``largest``: 1 for small counts, about 1 % otherwise.

    Examples
    --------
    >>> capacity_step(4), capacity_step(2200), capacity_step(5_200_000)
    (1.0, 10.0, 10000.0)
    """
    if not math.isfinite(largest) or largest <= 0:
        return 1.0
    return float(max(1.0, 10.0 ** (math.floor(math.log10(largest)) - 2)))


def format_price(price: float, unit: str) -> str:
    """An LP shadow price as the explorer shows it (``'LP 1,234 NOK / hour'``); 0 reads "not scarce", NaN a dash.

    The number is written by :func:`kamlearn._format.per_unit` (the unit after the number).

    Examples
    --------
    >>> format_price(29561.85, "hours"), format_price(0.0, "NOK"), format_price(float("nan"), "hours")
    ('LP 29,562 NOK / hour', 'not scarce', '—')
    """
    if not math.isfinite(price):
        return "—"
    if price <= 1e-9:
        return _("not scarce")
    return _("LP {price}").format(price=_format.per_unit(price, unit))


def capacity_label(name: str, unit: str) -> str:
    """A capacity slider's label: the resource's name and its unit per year.

    Examples
    --------
    >>> capacity_label("Key account manager hours", "hours")
    'Key account manager hours, hours a year'
    """
    return _("{name}, {unit} a year").format(name=resource_name(name), unit=unit_name(unit))


_RESOURCE_NAMES = {  # the embedded case company's resources (data/resources.csv), by their English name
    "Project budget": lazy_gettext("Project budget"),
    "Integration platform capacity (parallel EDI/API projects)":
        lazy_gettext("Integration platform capacity (parallel EDI/API projects)"),
    "Customer portal licences": lazy_gettext("Customer portal licences"),
    "Key account manager hours": lazy_gettext("Key account manager hours"),
    "Logistics specialist hours": lazy_gettext("Logistics specialist hours"),
    "IT integration specialist hours": lazy_gettext("IT integration specialist hours"),
    "Product development hours": lazy_gettext("Product development hours"),
    "Finance and controlling hours": lazy_gettext("Finance and controlling hours"),
    "Customer service specialist hours": lazy_gettext("Customer service specialist hours"),
}

_UNIT_NAMES = {
    "hours": lazy_gettext("hours"),
    "NOK": lazy_gettext("NOK"),
    "slots": lazy_gettext("slots"),
    "licences": lazy_gettext("licences"),
}

_POLICY_NAMES = {
    "optimal": lazy_gettext("optimal"),
    "equal": lazy_gettext("equal"),
    "revenue": lazy_gettext("revenue"),
    "need": lazy_gettext("need"),
    "concentrate": lazy_gettext("concentrate"),
    "greedy": lazy_gettext("greedy"),
}


def resource_name(name: str) -> str:
    """A resource's name in the language in force (the case company's resources are known; others as given).

    Examples
    --------
    >>> resource_name("Key account manager hours"), resource_name("Night shifts")
    ('Key account manager hours', 'Night shifts')
    """
    known = _RESOURCE_NAMES.get(str(name))
    return str(known) if known is not None else str(name)


def unit_name(unit: str) -> str:
    """A resource's unit (plural) in the language in force; an unknown unit as given."""
    known = _UNIT_NAMES.get(str(unit))
    return str(known) if known is not None else str(unit)


def policy_name(policy: str) -> str:
    """A policy's name as the chooser shows it, in the language in force; an unknown name as given."""
    known = _POLICY_NAMES.get(str(policy))
    return str(known) if known is not None else str(policy)


def _resources_table(plan: Any) -> str:
    rows = []
    pad = "padding:1px 10px;"
    for rid, row in zip(plan.resources.index, plan.resources.to_dict("records"), strict=True):
        util = float(row["utilisation"])
        price = float(row["shadow_price"])
        # red means scarce (a positive shadow price) in every plot and app; a full resource without a price is not
        style = f";font-weight:bold;color:{palette.SCARCE}" if math.isfinite(price) and price > 0 else ""
        rows.append(
            f"<tr class='kamlearn-allocation-row-{html.escape(str(rid))}'>"
            f"<td style='{pad}'>{html.escape(resource_name(str(row['name'])))}</td>"
            f"<td style='{pad}text-align:right'>{_format.number(round(float(row['used'])))}</td>"
            f"<td style='{pad}text-align:right'>{_format.number(round(float(row['capacity'])))}</td>"
            f"<td style='{pad}'>{html.escape(unit_name(str(row['unit'])))}</td>"
            f"<td style='{pad}text-align:right{style}'>{_format.percent(util)}</td>"
            f"<td style='{pad}text-align:right'>{format_price(float(row['shadow_price']), str(row['unit']))}</td></tr>"
        )
    head = "".join(f"<th style='{pad}'>{html.escape(h)}</th>" for h in (
        # Translators: a short column header beside "Used" and "Capacity" (one word that fits a laptop's column)
        _("Resource"), _("Used"), _("Capacity"), _("Unit"), pgettext("short header", "Utilisation"),
        _("LP shadow price")))
    head = f"<tr>{head}</tr>"
    return f"<table class='kamlearn-table'>{head}{''.join(rows)}</table>"


def _value_of_more_table(plan: Any, horizon_years: float | None) -> str:
    """The value of additional capacity (``plan.marginal_values()``) as an HTML table, one row per resource."""
    table = plan.marginal_values()
    pad = "padding:1px 10px;"
    over = horizon(horizon_years) if horizon_years else _("lifetime, no horizon")
    head = "".join(f"<th style='{pad}'>{html.escape(h)}</th>" for h in (
        _("Resource"), _("Block of more capacity"), _("Value of the block ({horizon})").format(horizon=over),
        _("Block's cost (one-off)"), _("Verdict")))
    rows = []
    for rid, row in table.iterrows():
        rows.append(
            f"<tr class='kamlearn-allocation-more-{html.escape(str(rid))}'>"
            f"<td style='{pad}'>{html.escape(resource_name(str(row['name'])))}</td>"
            f"<td style='{pad}'>{html.escape(str(row['block_label']))}</td>"
            f"<td style='{pad}text-align:right'>{_format.mnok(float(row['gain_block_nok']))}</td>"
            f"<td style='{pad}text-align:right'>{_format.mnok(float(row['block_cost_nok']))}</td>"
            f"<td style='{pad}'>{html.escape(str(row['verdict']))}</td></tr>"
        )
    note = "<p>" + html.escape(_(
        "Each block is added to today's capacities and the plan re-solved with the same policy: this is what "
        "more of a resource is worth to the plan on screen (the LP shadow price above takes groups in part).")) + "</p>"
    return f"{note}<table class='kamlearn-table'><tr>{head}</tr>{''.join(rows)}</table>"


def allocation_explorer(
    case: Case | None = None,
    *,
    policies: Sequence[str] | None = None,
    policy: str = "optimal",
    resources: Sequence[str] | None = None,
    figsize: tuple[float, float] = (7.6, 3.9),
    dpi: float = NOMINAL_DPI,
    scale: float | None = None,
) -> App:
    """An app: choose a policy and move each resource's capacity; see the plan, utilisation and shadow prices live.

    Parameters
    ----------
    case
        The company; the embedded case company (Fjordpak AS) when None.
    policies
        The policies in the chooser (default: every named policy of
        :data:`kamlearn.allocate.POLICIES`).  When "optimal" is among them and
        another policy is chosen, the app also shows what that policy leaves on
        the table against the optimum.
    policy
        The policy chosen at the start.
    resources
        The resources that get a capacity slider (default: all).
    figsize, dpi, scale
        Size of the figure (inches), CSS pixels per inch on the page, and
        device pixels rendered per CSS pixel (see :class:`~kamlearn.widgets._common.LiveFigure`).

    Returns
    -------
    App
        One widget.  ``app.controls``: ``"policy"``, ``"capacity-<resource_id>"``
        and ``"reset"``; ``app.values``: ``total_value``, ``groups``,
        ``accounts``, ``gap``, and per resource ``used-<id>``,
        ``capacity-<id>``, ``utilisation-<id>`` and ``shadow_price-<id>``;
        with a plain rule also ``optimal_value`` and ``left_on_table``.
        ``app.result`` is the Plan shown.

    Notes
    -----
    Slider ranges run from 0 to twice the capacity or the total demand,
    whichever is larger.  A setting the engine cannot use (for example an
    infeasible commitment on your own case) shows a message and keeps the last
    plan on screen.
    """
    from kamlearn.allocation import POLICIES, allocate

    if case is None:
        from kamlearn.case import load_case

        case = load_case()
    names = list(POLICIES if policies is None else policies)
    if not names:
        raise ValueError(_("policies: expected at least one policy."))
    if policy not in names:
        raise ValueError(_("policy: expected one of {expected}, found {found}.").format(
            expected=", ".join(names), found=repr(policy)))
    table = case.resources
    chosen = list(table.index if resources is None else resources)
    unknown = [r for r in chosen if r not in table.index]
    if unknown:
        raise ValueError(_("resources: expected resource ids of the case, found {found}.").format(
            found=", ".join(map(repr, unknown))))
    demand = case.demand_matrix().sum()
    message = MessageArea(APP)

    # --- controls ---------------------------------------------------------------------------
    policy_box = tag(widgets.Dropdown(options=[(policy_name(n), n) for n in names], value=policy, description="",
                                      layout=widgets.Layout(width="100%")), APP, "policy")
    controls: dict[str, widgets.Widget] = {"policy": policy_box}
    sliders = []
    slider_rows: list[widgets.Widget] = []
    for rid in chosen:
        capacity = float(table["capacity"].loc[rid])
        largest = max(2.0 * capacity, float(demand.get(rid, 0.0)), 1.0)
        step = capacity_step(largest)
        largest = math.ceil(largest / step) * step
        slider = widgets.FloatSlider(
            value=capacity, min=0.0, max=largest, step=step, description="",
            continuous_update=False, readout_format=",.0f", layout=widgets.Layout(width="215px"),
            tooltip=f"{resource_name(str(table.at[rid, 'name']))} ({rid!s})",
        )
        tag(slider, APP, f"capacity {rid}")
        controls[f"capacity-{rid}"] = slider
        sliders.append(slider)
        slider_rows += [label(capacity_label(str(table.at[rid, "name"]), str(table.at[rid, "unit"])), app=APP,
                              control=f"capacity {rid}"), slider_readout(slider, _format.number)]
    # name (wrapping) beside its slider, so nine capacities and the picture fit on a 768-pixel-high screen
    capacity_grid = widgets.GridBox(slider_rows, layout=widgets.Layout(
        grid_template_columns="minmax(0, 1fr) 215px", grid_gap="0 6px", align_items="center", width="100%"))
    capacity_grid.add_class("kamlearn-capacities")  # the projector look puts each name above its slider
    reset = tag(widgets.Button(description=_("Reset capacities"), icon="undo", layout=widgets.Layout(width="auto")),
                APP, "reset")
    controls["reset"] = reset
    # the value of more capacity re-solves the plan once or twice per resource: on a button, not on every slider move
    value_of_more = tag(widgets.Button(description=_("Value of more capacity"), icon="plus",
                                       layout=widgets.Layout(width="auto")), APP, "value-of-more")
    controls["value-of-more"] = value_of_more

    # --- outputs ----------------------------------------------------------------------------
    summary = tag(widgets.HTML(), APP, "summary")
    resources_html = tag(widgets.HTML(), APP, "resources")
    more_html = tag(widgets.HTML(), APP, "value-of-more-table")
    live = LiveFigure(APP, figsize=figsize, dpi=dpi, scale=scale, ncols=2, gridspec_kw={"width_ratios": [1.3, 1.0]})
    ax_res, ax_acc = live.axes
    rids = list(table.index)

    optimal_plans: dict[tuple[tuple[str, float], ...], Any] = {}  # the optimum per capacities: switching rules is instant

    def optimal_for(key: tuple[tuple[str, float], ...], what_if: Any) -> Any:
        if key not in optimal_plans:
            if len(optimal_plans) >= 32:
                optimal_plans.pop(next(iter(optimal_plans)))
            optimal_plans[key] = allocate(what_if, "optimal")
        return optimal_plans[key]

    # the picture is drawn by kamlearn.plotting (the explorer's layout of plot_utilisation, and
    # plot_account_value); each update writes the new plan into the artists they return
    start_key = tuple(sorted((rid, float(table["capacity"].loc[rid])) for rid in chosen))
    first = optimal_for(start_key, case.with_capacity({})) if policy == "optimal" else allocate(case, policy)
    plot_utilisation(first, ax_res, prices="on bars", names=[short_resource_name(r) for r in rids],
                     axis_max=_UTILISATION_AXIS_MAX)
    plot_account_value(first, ax_acc, horizon_years=case.horizon_years)
    res_drawn, acc_drawn = drawn(ax_res), drawn(ax_acc)
    live.animate(res_drawn["bars"], *res_drawn["prices"], acc_drawn["bars"])

    app = App(APP, [side_by_side(
        [label(_("Policy: how the project groups are chosen"), app=APP, control="policy"), policy_box,
         widgets.HTML("<b>" + html.escape(_("Capacity of each resource")) + "</b>"),
         capacity_grid, reset, value_of_more],
        [live.widget, message, summary, resources_html, more_html], app=APP)],
        controls=controls, outputs={"summary": summary, "resources": resources_html, "value_of_more": more_html,
                                    "figure": live.widget},
        message=message, live=live)

    def draw(plan: Any, key: Any) -> None:
        live.freeze_layout()  # the axes' size in pixels is known from here on
        limits = (ax_res.get_xlim(), ax_acc.get_ylim())
        update_utilisation(ax_res, plan)
        update_account_value(ax_acc, plan)
        if (ax_res.get_xlim(), ax_acc.get_ylim()) != limits:
            live.invalidate()  # an axis changed: draw the background again
        live.redraw(key=key)

    holding = [False]  # True while the reset button moves every slider: one update at the end

    def prepare_next_step(capacities: dict[str, float], change: Any) -> None:
        """Solve one slider step further the way the person is moving, after the picture and texts are made.

        A person moves a slider step by step in one direction; the next key press then finds its optimal plan
        and shadow prices ready, and only the picture is left to draw.  Only the optimal policy is prepared
        (the rules are quick without it); a step the model cannot solve is left for its own visit, which
        shows the error.
        """
        if str(policy_box.value) != "optimal" or not isinstance(change, dict) or change.get("owner") not in sliders:
            return
        slider = change["owner"]
        moved = chosen[sliders.index(slider)]
        step = float(change["new"]) - float(change["old"])
        ahead = float(change["new"]) + step
        if step == 0 or not float(slider.min) <= ahead <= float(slider.max):
            return
        key = tuple(sorted({**capacities, moved: ahead}.items()))
        if key in optimal_plans:
            return
        what_if = case.with_capacity({rid: value for rid, value in key
                                      if value != float(table["capacity"].loc[rid])})
        try:
            _plan_numbers(optimal_for(key, what_if))  # the LP's prices are kept on the plan
        except Exception:  # shown when the person gets there
            optimal_plans.pop(key, None)

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> None:
        if holding[0]:
            return
        capacities = {rid: float(s.value) for rid, s in zip(chosen, sliders, strict=True)}
        # only the capacities moved away from the case's (a what-if of every resource costs more to build)
        what_if = case.with_capacity({rid: value for rid, value in capacities.items()
                                      if value != float(table["capacity"].loc[rid])})
        name = str(policy_box.value)
        key = tuple(sorted(capacities.items()))
        plan = optimal_for(key, what_if) if name == "optimal" else allocate(what_if, name)
        draw(plan, (name, key))  # the picture first: its message leaves before the texts are even computed
        values: dict[str, float] = {
            "total_value": float(plan.value_nok),
            "groups": float(len(plan.selected)),
            "accounts": float((plan.accounts["groups"] > 0).sum()),
            "gap": float(plan.gap),
        }
        columns = ("used", "capacity", "utilisation", "shadow_price")
        for column, series in plan.resources[list(columns)].items():
            for rid, number in series.items():
                values[f"{column}-{rid}"] = float(number)
        extra = ""
        if name != "optimal" and "optimal" in names:
            best = optimal_for(key, what_if)
            values["optimal_value"] = float(best.value_nok)
            values["left_on_table"] = float(best.value_nok - plan.value_nok)
            extra = "<br>" + _("Against the optimal plan ({optimal}) the rule '{policy}' leaves <b>{left}</b> on the "
                               "table.").format(optimal=_format.mnok(best.value_nok),
                                                policy=html.escape(policy_name(name)),
                                                left=_format.mnok(values["left_on_table"]))
        if plan.status == "optimal":
            status = _("proven optimal")
        elif plan.status == "within_gap":
            status = _("within {gap} of the optimum").format(gap=_format.percent(plan.gap, decimals=2))
        else:
            status = _("a plain rule: it does not price resources")
        summary.value = "<div style='font-size:1.15em'>" + _(
            "Policy <b>{policy}</b> ({status}): value created <b>{value}</b> ({horizon}, after the groups' one-off "
            "cost) with <b>{groups}</b> project groups on <b>{accounts}</b> accounts.").format(
            policy=html.escape(policy_name(name)), status=status, value=_format.mnok(plan.value_nok),
            horizon=horizon(case.horizon_years), groups=len(plan.selected), accounts=int(values["accounts"])
        ) + f"{extra}</div>"
        resources_html.value = _resources_table(plan)
        more_html.value = ""  # a new plan: the value of more capacity belongs to the old one
        if len(plan.selected) == 0:
            message.info(_("No project group fits within these capacities (or none creates value)."))
        app.values = values
        app.result = plan
        prepare_next_step(capacities, _change)

    def on_reset(_button: Any = None) -> None:
        holding[0] = True
        try:
            for rid, slider in zip(chosen, sliders, strict=True):
                slider.value = float(table["capacity"].loc[rid])
        finally:
            holding[0] = False
        update()

    policy_box.observe(update, names="value")
    for slider in sliders:
        slider.observe(update, names="value")
    reset.on_click(on_reset)

    @message.guard
    def on_value_of_more(_button: Any = None) -> None:
        if app.result is not None:
            more_html.value = _value_of_more_table(app.result, case.horizon_years)

    value_of_more.on_click(on_value_of_more)
    app.update = update
    update()
    return app
