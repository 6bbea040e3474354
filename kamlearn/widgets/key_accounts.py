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
from kamlearn.plotting import palette
from kamlearn.value import abc_analysis
from kamlearn.widgets._common import App, LiveBars, LiveFigure, MessageArea, label, side_by_side, tag

__all__ = ["key_accounts_app"]

APP = "key-accounts"
CLASS_COLORS = palette.CLASS_COLORS
RANKINGS = {"yearly margin": "yearly_margin", "yearly revenue": "yearly_revenue_nok"}


def short_resource_name(resource_id: str) -> str:
    """A resource id as a short axis label: ``'customer_service_hours'`` -> ``'customer service hours'``."""
    return str(resource_id).replace("_", " ")


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
    ranking = tag(widgets.Dropdown(options=list(RANKINGS), value="yearly margin", description="",
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
    pareto_ax.set_ylabel("Share of the total")
    pareto_ax.set_xlabel("Account rank, largest first")
    title = pareto_ax.set_title("ABC analysis")
    twin = pareto_ax.twinx()
    twin.set_ylim(0, 1.05)
    twin.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    cumulative, = twin.plot(ranks, np.zeros(n), color=palette.REFERENCE, marker="o", ms=3, lw=1.2)
    cut = twin.axhline(0.8, color=palette.CHOICE, ls="--", lw=1.5)
    pareto_ax.legend(handles=[*(Patch(color=palette.class_color(cls), label=f"class {cls}") for cls in "ABC"),
                              Line2D([], [], color=palette.REFERENCE, marker="o", ms=3, label="cumulative\n(right axis)")],
                     loc="center right", frameon=False, handlelength=1.0, borderaxespad=0.2)

    positions = np.arange(len(resource_ids))[::-1]
    ratio_bars = LiveBars(demand_ax, positions, horizontal=True)
    demand_ax.set_ylim(-0.6, len(resource_ids) - 0.4)
    demand_ax.set_yticks(positions, [short_resource_name(r) for r in resource_ids])
    finite = everything["ratio"].replace(np.inf, np.nan).max()
    demand_ax.set_xlim(0, max(float(finite) if np.isfinite(finite) else 1.0, 1.0) * 1.1)
    demand_ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
    capacity_line = demand_ax.axvline(1.0, color=palette.REFERENCE, lw=1.2)
    demand_ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.1f}x"))
    demand_ax.set_title("Key accounts' groups:\ndemand / capacity")
    # the title names the ranking: static, drawn again (with the background) only when the ranking changes
    live.animate(bars, cumulative, cut, ratio_bars, capacity_line)

    app = App(APP, [side_by_side(
        [label("Class A (the key accounts) ends at this cumulative share of the total, %", app=APP,
               control="threshold"), threshold,
         label("Rank the accounts by (NOK a year)", app=APP, control="ranking"), ranking, message, summary],
        [live.widget], app=APP)],
        controls=controls, outputs={"summary": summary, "figure": live.widget}, message=message, live=live)

    @app.picture_first
    @message.guard
    def update(_change: Any = None) -> None:
        a_cut = float(threshold.value)
        column = RANKINGS[str(ranking.value)]
        abc = abc_analysis(case, thresholds=(a_cut, b_threshold(a_cut)), by=column)
        key = [str(a) for a in abc.index[abc["abc_class"] == "A"]]
        demand = demand_against_capacity(case, key)
        groups = int(case.initiatives["account_id"].isin(key).sum())
        key_share = float(abc.loc[abc["abc_class"] == "A", "share"].sum())
        ratios = {str(r): float(v) for r, v in demand["ratio"].items()}
        over = [r for r in resource_ids if ratios[r] > 1.0]
        app.result = {"abc": abc, "demand": demand}
        app.values = {"key_accounts": float(len(key)), "key_share": key_share, "groups": float(groups)}
        app.values.update({f"ratio-{r}": ratios[r] for r in resource_ids})
        what = "margin" if column == "yearly_margin" else "revenue"
        summary.value = (
            f"<b>{len(key)}</b> key accounts (class A: {', '.join(key)}) bring <b>{_format.percent(key_share)}</b> "
            f"of the yearly {what}; they have <b>{groups}</b> candidate project groups. "
            + (f"Their groups alone ask for more than the company has of <b>{len(over)}</b> of "
               f"{len(resource_ids)} resources: {', '.join(short_resource_name(r) for r in over)}." if over
               else "Their groups fit within every resource's capacity.")
        )
        if groups == 0:
            message.info("The key accounts have no candidate project groups in this case.")
        bars.set_values(abc["share"].to_numpy(dtype=float), [palette.class_color(str(c)) for c in abc["abc_class"]])
        cumulative.set_ydata(abc["cumulative_share"].to_numpy(dtype=float))
        cut.set_ydata([a_cut, a_cut])
        ratio_values = [ratios[r] if np.isfinite(ratios[r]) else demand_ax.get_xlim()[1] for r in resource_ids]
        ratio_bars.set_values(ratio_values, [palette.SCARCE if ratios[r] > 1.0 else palette.PLAN for r in resource_ids])
        if title.get_text() != f"ABC analysis by yearly {what}":
            title.set_text(f"ABC analysis by yearly {what}")
            live.invalidate()
        live.redraw()

    threshold.observe(update, names="value")
    ranking.observe(update, names="value")
    app.update = update
    update()
    return app
