"""The key-accounts app: which accounts are key (ABC analysis) and what their groups ask of the resources.

Wiring only: the classes come from :func:`kamlearn.abc_analysis`, the demand
against capacity from :func:`kamlearn.groups.demand_against_capacity`.

Controls (CSS class ``kamlearn-key-accounts-<control>``)
    ``threshold``  FloatSlider: the cumulative share of the total that ends class A.
    ``ranking``  Dropdown: rank by yearly margin or by yearly revenue.

Outputs
    ``summary`` (HTML), ``message``, ``figure`` (Pareto bars and cumulative
    share; demand of the key accounts' groups as a multiple of capacity).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from kamlearn import _format
from kamlearn.groups import demand_against_capacity
from kamlearn.i18n import _, lazy_gettext
from kamlearn.plotting import palette
from kamlearn.value import abc_analysis
from kamlearn.widgets._common import (
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

__all__ = ["key_accounts_app"]

APP = "key-accounts"
CLASS_COLORS = palette.CLASS_COLORS
RANKINGS = {"yearly margin": "yearly_margin", "yearly revenue": "yearly_revenue_nok"}
"""The rankings by their value in the dropdown (English, stable for code and tests) -> the column ranked by."""
RANKING_LABELS = {"yearly margin": lazy_gettext("yearly margin"), "yearly revenue": lazy_gettext("yearly revenue")}
"""What the dropdown shows for each ranking, in the language in force."""


_RESOURCE_NAMES = {  # the embedded case company's resources (data/resources.csv) as short axis labels
    "budget": lazy_gettext("budget"),
    "integration_slots": lazy_gettext("integration slots"),
    "portal_licences": lazy_gettext("portal licences"),
    "kam_hours": lazy_gettext("KAM hours"),
    "logistics_hours": lazy_gettext("logistics hours"),
    "it_hours": lazy_gettext("IT hours"),
    "product_dev_hours": lazy_gettext("product dev hours"),
    "finance_hours": lazy_gettext("finance hours"),
    "customer_service_hours": lazy_gettext("customer service hours"),
}


def short_resource_name(resource_id: str) -> str:
    """A resource id as a short axis label: ``'customer_service_hours'`` -> ``'customer service hours'``.

    The resources of the case company are named in the language in force; any other id is shown with
    spaces for underscores.

    Examples
    --------
    >>> short_resource_name("customer_service_hours"), short_resource_name("my_own_resource")
    ('customer service hours', 'my own resource')
    """
    known = _RESOURCE_NAMES.get(str(resource_id))
    return str(known) if known is not None else str(resource_id).replace("_", " ")


def b_threshold(a_threshold: float) -> float:
    """The cut-off of class B used with a class-A cut-off: 0.95, or halfway to 1 when A ends later."""
    return max(0.95, a_threshold + (1.0 - a_threshold) / 2)


def key_accounts_app(case: Any = None, *, scale: float | None = None) -> App:
    """An app to choose the key accounts with an ABC analysis and see what their project groups demand.

    Parameters
    ----------
    case
        A :class:`kamlearn.Case`; the embedded case company when None.
    scale
        Device pixels rendered per CSS pixel (see :class:`~kamlearn.widgets._common.LiveFigure`).

    Returns
    -------
    App
        ``app.controls`` has ``"threshold"`` and ``"ranking"``; ``app.values``
        holds ``key_accounts`` (count), ``key_share`` (their share of the
        total), ``groups`` (their candidate groups) and ``ratio-<resource_id>``
        (their groups' demand / capacity); ``app.result`` is a dict with the
        ``abc`` table and the ``demand`` table shown.

    Examples
    --------
    >>> app = key_accounts_app()
    >>> int(app.values["key_accounts"])
    4
    >>> app.controls["threshold"].value = 0.5
    >>> int(app.values["key_accounts"])
    1
    """
    if case is None:
        from kamlearn.case import load_case

        case = load_case()
    accounts = case.accounts
    n = len(accounts)
    tables = {key: abc_analysis(case, by=column) for key, column in RANKINGS.items()}
    everything = demand_against_capacity(case)
    resource_ids = [str(r) for r in everything.index]

    threshold = tag(widgets.FloatSlider(value=0.80, min=0.50, max=0.95, step=0.05, description="",
                                        readout_format=".0%", continuous_update=True,
                                        layout=widgets.Layout(width="100%")), APP, "threshold")
    ranking = tag(widgets.Dropdown(options=[(str(RANKING_LABELS[k]), k) for k in RANKINGS], value="yearly margin", description="",
                                   layout=widgets.Layout(width="100%")), APP, "ranking")
    controls: dict[str, widgets.Widget] = {"threshold": threshold, "ranking": ranking}
    message = MessageArea(APP)
    summary = tag(widgets.HTML(), APP, "summary")
    live = LiveFigure(APP, figsize=(7.6, 3.6), ncols=2, scale=scale, gridspec_kw={"width_ratios": [1.0, 1.05]})
    pareto_ax, demand_ax = live.axes

    ranks = np.arange(1, n + 1)
    bars = LiveBars(pareto_ax, ranks, color=palette.class_color("C"))
    # Bars show each account's share of the total, so both rankings share one fixed scale and a
    # change of ranking redraws only the animated artists.
    top = max(float(t["share"].max()) for t in tables.values())
    pareto_ax.set_ylim(0, top * 1.1)
    pareto_ax.set_xlim(0.4, n + 0.6)
    pareto_ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    pareto_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    pareto_ax.set_ylabel(_("Share of the total"))
    pareto_ax.set_xlabel(_("Account rank, largest first"))
    title = pareto_ax.set_title(_("ABC analysis"))
    twin = pareto_ax.twinx()
    twin.set_ylim(0, 1.05)
    twin.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    cumulative, = twin.plot(ranks, np.zeros(n), color=palette.REFERENCE, marker="o", ms=3, lw=1.2)
    cut = twin.axhline(0.8, color=palette.CHOICE, ls="--", lw=1.5)
    pareto_ax.legend(handles=[*(Patch(color=palette.class_color(cls), label=_("class {name}").format(name=cls))
                                for cls in "ABC"),
                              Line2D([], [], color=palette.REFERENCE, marker="o", ms=3,
                                     label=_("cumulative\n(right axis)"))],
                     loc="center right", frameon=False, handlelength=1.0, borderaxespad=0.2)

    positions = np.arange(len(resource_ids))[::-1]
    ratio_bars = LiveBars(demand_ax, positions, horizontal=True)
    demand_ax.set_ylim(-0.6, len(resource_ids) - 0.4)
    demand_ax.set_yticks(positions, [short_resource_name(r) for r in resource_ids])
    finite = everything["ratio"].replace(np.inf, np.nan).max()
    demand_ax.set_xlim(0, max(float(finite) if np.isfinite(finite) else 1.0, 1.0) * 1.1)
    demand_ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
    capacity_line = demand_ax.axvline(1.0, color=palette.REFERENCE, lw=1.2)
    demand_ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fixed(v, 1) + "x"))
    demand_ax.set_title(_("Key accounts' groups:\ndemand / capacity"))
    # the title names the ranking: static, drawn again (with the background) only when the ranking changes
    live.animate(bars, cumulative, cut, ratio_bars, capacity_line)

    app = App(APP, [side_by_side(
        [label(_("Class A (the key accounts) ends at this cumulative share of the total, %"), app=APP,
               control="threshold"),
               slider_readout(threshold, lambda share: _format.percent(share, decimals=0)),
         label(_("Rank the accounts by (NOK a year)"), app=APP, control="ranking"), ranking, message, summary],
        [live.widget], app=APP)],
        controls=controls, outputs={"summary": summary, "figure": live.widget}, message=message, live=live)

    states: dict[tuple[float, str], dict[str, Any]] = {}

    def state(a_cut: float, column: str) -> dict[str, Any]:
        """The model's answer at one slider position and ranking (at most 10 x 2 of them): computed once each."""
        key = (a_cut, column)
        if key not in states:
            abc = abc_analysis(case, thresholds=(a_cut, b_threshold(a_cut)), by=column)
            is_a = (abc["abc_class"] == "A").to_numpy()
            key_ids = [str(a) for a in abc.index[is_a]]
            demand = demand_against_capacity(case, key_ids)
            ratios = {str(r): float(v) for r, v in demand["ratio"].items()}
            states[key] = {
                "abc": abc, "demand": demand, "key": key_ids, "ratios": ratios,
                "groups": int(case.initiatives["account_id"].isin(key_ids).sum()),
                "key_share": float(abc["share"].to_numpy(dtype=float)[is_a].sum()),
                "shares": abc["share"].to_numpy(dtype=float),
                "cumulative": abc["cumulative_share"].to_numpy(dtype=float),
                "colors": [palette.class_color(str(c)) for c in abc["abc_class"]],
            }
        return states[key]

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> None:
        a_cut = round(float(threshold.value), 6)
        column = RANKINGS[str(ranking.value)]
        now = state(a_cut, column)
        key, ratios, groups = now["key"], now["ratios"], now["groups"]
        margin = column == "yearly_margin"
        # the picture first (its message leaves at once), then the texts
        bars.set_values(now["shares"], now["colors"])
        cumulative.set_ydata(now["cumulative"])
        cut.set_ydata([a_cut, a_cut])
        ratio_values = [ratios[r] if np.isfinite(ratios[r]) else demand_ax.get_xlim()[1] for r in resource_ids]
        ratio_bars.set_values(ratio_values, [palette.SCARCE if ratios[r] > 1.0 else palette.PLAN for r in resource_ids])
        heading = _("ABC analysis by yearly margin") if margin else _("ABC analysis by yearly revenue")
        if title.get_text() != heading:
            title.set_text(heading)
            live.invalidate()
        live.redraw(key=(a_cut, column))
        over = [r for r in resource_ids if ratios[r] > 1.0]
        app.result = {"abc": now["abc"], "demand": now["demand"]}
        app.values = {"key_accounts": float(len(key)), "key_share": now["key_share"], "groups": float(groups)}
        app.values.update({f"ratio-{r}": ratios[r] for r in resource_ids})
        fill = {"count": len(key), "accounts": ", ".join(key), "share": _format.percent(now["key_share"]),
                "groups": groups}
        if margin:
            text = _("<b>{count}</b> key accounts (class A: {accounts}) bring <b>{share}</b> of the yearly margin; "
                     "they have <b>{groups}</b> candidate project groups. ").format(**fill)
        else:
            text = _("<b>{count}</b> key accounts (class A: {accounts}) bring <b>{share}</b> of the yearly revenue; "
                     "they have <b>{groups}</b> candidate project groups. ").format(**fill)
        if over:
            text += _("Their groups alone ask for more than the company has of <b>{over}</b> of {total} resources: "
                      "{names}.").format(over=len(over), total=len(resource_ids),
                                         names=", ".join(short_resource_name(r) for r in over))
        else:
            text += _("Their groups fit within every resource's capacity.")
        summary.value = text
        if groups == 0:
            message.info(_("The key accounts have no candidate project groups in this case."))
        prepare_neighbours(a_cut, column)

    def prepare_neighbours(a_cut: float, column: str) -> None:
        """Compute the answers one slider step either side, after the picture and texts have left.

        The next key press then finds its answer ready (a first visit cost two model calls, about
        two thirds of an update).  A neighbour the model cannot answer is left for its own visit,
        which shows the error.
        """
        step = float(threshold.step)
        for near in (a_cut - step, a_cut + step):
            near = round(near, 6)
            if threshold.min - 1e-9 <= near <= threshold.max + 1e-9 and (near, column) not in states:
                try:
                    state(near, column)
                except Exception:  # shown when the person moves there
                    states.pop((near, column), None)

    threshold.observe(update, names="value")
    ranking.observe(update, names="value")
    app.update = update
    update()
    return app
