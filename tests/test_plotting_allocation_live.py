"""Issue 13, point 5: the allocation explorer draws with kamlearn.plotting and updates the artists it returns.

``plot_utilisation(..., prices="on bars")`` and ``plot_account_value`` draw the explorer's two panels; their
``update_*`` functions write a re-solved plan into the artists :func:`kamlearn.plotting.drawn` names, and the
app animates exactly those artists.
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pytest

import kamlearn
from kamlearn import plotting
from kamlearn.plotting import palette
from kamlearn.plotting._fast import LiveBars, LiveText
from kamlearn.widgets import allocation_explorer

matplotlib.use("Agg")

CASE = kamlearn.load_case()


def _png(figure: matplotlib.figure.Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=60)
    return out.getvalue()


def test_the_on_bars_layout_writes_prices_on_scarce_bars_and_follows_a_new_plan() -> None:
    plan = kamlearn.allocate(CASE)
    ax = plotting.plot_utilisation(plan, prices="on bars")
    shown = plotting.drawn(ax)
    assert isinstance(shown["bars"], LiveBars) and all(isinstance(t, LiveText) for t in shown["prices"])
    res = plan.resources
    np.testing.assert_allclose(shown["bars"].values, np.minimum(res["utilisation"], plotting.allocation.UTILISATION_AXIS_MAX))
    for text, (_rid, row) in zip(shown["prices"], res.iterrows(), strict=True):
        priced = row["shadow_price"] > 0
        assert bool(text.get_text()) == priced  # a price on a scarce resource, nothing on the others
        if priced:
            assert text.get_text() == kamlearn.formatting.per_unit(row["shadow_price"], row["unit"])
    assert shown["bars"].colors == [matplotlib.colors.to_hex(palette.resource_color(p)) for p in res["shadow_price"]]
    before = _png(ax.figure)
    tighter = kamlearn.allocate(CASE.with_capacity(it_hours=200.0, kam_hours=400.0))
    assert plotting.update_utilisation(ax, tighter) is ax
    np.testing.assert_allclose(shown["bars"].values,
                               np.minimum(tighter.resources["utilisation"], plotting.allocation.UTILISATION_AXIS_MAX))
    assert _png(ax.figure) != before


def test_a_bar_past_the_axis_end_is_drawn_to_the_edge_and_a_price_that_does_not_fit_goes_beside_it() -> None:
    plan = kamlearn.allocate(CASE)
    ax = plotting.plot_utilisation(plan, prices="on bars", axis_max=1.0)
    assert plotting.drawn(ax)["bars"].values.max() <= 1.0
    names = [f"r{i}" for i in range(len(plan.resources))]
    ax = plotting.plot_utilisation(plan, prices="on bars", names=names)
    assert [t.get_text() for t in ax.get_yticklabels()] == names
    # on a narrow axis no price fits on its bar: each goes just right of its bar, dark, and the axis widens
    narrow = matplotlib.figure.Figure(figsize=(1.2, 3.0)).subplots()
    plotting.plot_utilisation(plan, narrow, prices="on bars")
    shown = plotting.drawn(narrow)
    priced = [(t, v) for t, v in zip(shown["prices"], shown["bars"].values, strict=True) if t.get_text()]
    assert priced and all(t.get_position()[0] == pytest.approx(v + 0.02) for t, v in priced)
    assert all(matplotlib.colors.same_color(t.get_color(), palette.REFERENCE) for t, _v in priced)
    assert narrow.get_xlim()[1] > plotting.allocation.UTILISATION_AXIS_MAX
    with pytest.raises(ValueError, match="names: expected 9 names, found 2"):
        plotting.plot_utilisation(plan, prices="on bars", names=["a", "b"])
    with pytest.raises(ValueError, match="prices: expected one of"):
        plotting.plot_utilisation(plan, prices="beside")  # type: ignore[arg-type]


def test_account_value_bars_are_the_plans_value_and_the_axis_follows_in_steps() -> None:
    plan = kamlearn.allocate(CASE)
    ax = plotting.plot_account_value(plan)
    bars = plotting.drawn(ax)["bars"]
    np.testing.assert_allclose(bars.values, plan.accounts["value_created"].to_numpy() / 1e6)
    top = ax.get_ylim()[1]
    assert top >= bars.values.max() and top in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0)
    assert "discounted over 5 years" in ax.get_ylabel()
    poorer = kamlearn.allocate(CASE.with_capacity(it_hours=0.0, logistics_hours=0.0))
    before = _png(ax.figure)
    assert plotting.update_account_value(ax, poorer) is ax
    np.testing.assert_allclose(bars.values, poorer.accounts["value_created"].to_numpy() / 1e6)
    assert _png(ax.figure) != before
    with pytest.raises(ValueError, match="ax: expected a picture of plot_account_value, found 'utilisation'"):
        plotting.update_account_value(plotting.plot_utilisation(plan), plan)


def test_the_explorer_animates_exactly_the_artists_the_plot_functions_returned() -> None:
    app = allocation_explorer(CASE)
    ax_res, ax_acc = app.live.axes
    res, acc = plotting.drawn(ax_res), plotting.drawn(ax_acc)
    assert (res.kind, acc.kind) == ("utilisation", "account_value")
    expected = [res["bars"], *res["prices"], acc["bars"]]
    assert len(app.live._animated) == len(expected)
    assert all(a is b for a, b in zip(app.live._animated, expected, strict=True))
    lengths = res["bars"].values.copy()
    app.controls["capacity-it_hours"].value = 200.0
    assert not np.array_equal(res["bars"].values, lengths)  # a slider move changed the returned artists
    plan = app.result
    np.testing.assert_allclose(acc["bars"].values, plan.accounts["value_created"].to_numpy() / 1e6)
