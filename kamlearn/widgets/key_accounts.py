"""The key-accounts app: which accounts are key (ABC analysis) and what their groups ask of the resources.

Wiring only: the classes come from :func:`kamlearn.abc_analysis`, the demand
against capacity from :func:`kamlearn.groups.demand_against_capacity`; the picture
is drawn by :func:`kamlearn.plotting.plot_abc_cut` and
:func:`kamlearn.plotting.plot_demand_against_capacity` and updated through the
artists they return (:func:`kamlearn.plotting.update_abc_cut`,
:func:`kamlearn.plotting.update_demand_against_capacity`).

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

from kamlearn import _format
from kamlearn.groups import demand_against_capacity
from kamlearn.i18n import _, lazy_gettext
from kamlearn.plotting import palette
from kamlearn.plotting._common import drawn
from kamlearn.plotting.groups import (
    plot_demand_against_capacity,
    short_resource_name,
    update_demand_against_capacity,
)
from kamlearn.plotting.value import plot_abc_cut, update_abc_cut
from kamlearn.value import abc_analysis
from kamlearn.widgets._common import (
    App,
    LiveFigure,
    MessageArea,
    label,
    side_by_side,
    slider_readout,
    tag,
)

__all__ = ["key_accounts_app", "short_resource_name"]

APP = "key-accounts"
CLASS_COLORS = palette.CLASS_COLORS
RANKINGS = {"yearly margin": "yearly_margin", "yearly revenue": "yearly_revenue_nok"}
"""The rankings by their value in the dropdown (English, stable for code and tests) -> the column ranked by."""
RANKING_LABELS = {"yearly margin": lazy_gettext("yearly margin"), "yearly revenue": lazy_gettext("yearly revenue")}
"""What the dropdown shows for each ranking, in the language in force."""


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

    # The picture is drawn by kamlearn.plotting and updated through the artists it returned (drawn(ax)).
    # Bars show each account's share of the total, so both rankings share one fixed scale (top_share) and
    # a change of ranking redraws only the animated artists; the demand axis fits every account's groups.
    top = max(float(t["share"].max()) for t in tables.values())
    plot_abc_cut(tables["yearly margin"], pareto_ax, top_share=top)
    plot_demand_against_capacity(everything, demand_ax)
    pareto, demand_shown = drawn(pareto_ax), drawn(demand_ax)
    title = pareto["title"]
    # the title names the ranking: static, drawn again (with the background) only when the ranking changes
    live.animate(pareto["bars"], pareto["cumulative"], pareto["cut"], demand_shown["bars"],
                 demand_shown["capacity_line"])

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
        heading = title.get_text()
        update_abc_cut(pareto_ax, now["abc"], a_cut)
        update_demand_against_capacity(demand_ax, now["demand"])
        if title.get_text() != heading:
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
