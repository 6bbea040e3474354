"""The key-accounts and eight-groups pictures are drawn by kamlearn.plotting and the apps update those artists.

For each panel: the plot function returns the Axes with its named artists (their data are the result's
numbers), the update function changes the rendered picture and writes the new result's numbers, it refuses
another picture, and the app animates exactly the artists :func:`kamlearn.plotting.drawn` names (the same
objects), which a control's move changes.
"""

from __future__ import annotations

import io

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

import kamlearn
from kamlearn.groups import demand_against_capacity, team_outcome
from kamlearn.plotting import (
    drawn,
    palette,
    plot_abc_cut,
    plot_clv_against_retention,
    plot_demand_against_capacity,
    plot_team_costs,
    plot_team_value,
    update_abc_cut,
    update_demand_against_capacity,
    update_team_costs,
    update_team_value,
)
from kamlearn.plotting._common import smallest_font
from kamlearn.value import customer_lifetime_value
from kamlearn.widgets import eight_groups_app, key_accounts_app
from kamlearn.widgets.key_accounts import short_resource_name

matplotlib.use("Agg")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def _axes() -> Figure:
    return Figure(figsize=(6, 4), layout="constrained")


# --- the ABC cut (key-accounts app, left panel) ---------------------------------------------------------------


def test_plot_abc_cut_returns_its_named_artists_with_the_tables_numbers(course_case: kamlearn.Case) -> None:
    abc = kamlearn.abc_analysis(course_case, thresholds=(0.65, 0.95))
    ax = plot_abc_cut(abc, _axes().subplots(), cut=0.65)
    shown = drawn(ax)
    assert shown.kind == "abc_cut" and shown.ax_ is ax and shown.figure_ is ax.figure
    assert set(shown.artists) == {"bars", "cumulative", "cut", "twin", "title"}
    np.testing.assert_allclose(shown["bars"].values, abc["share"].to_numpy(dtype=float))
    assert shown["bars"].colors == [mcolors.to_hex(palette.class_color(c)) for c in abc["abc_class"]]
    np.testing.assert_allclose(shown["cumulative"].get_ydata(), abc["cumulative_share"].to_numpy(dtype=float))
    assert shown["cumulative"].axes is shown["twin"] and list(shown["cut"].get_ydata()) == [0.65, 0.65]
    assert shown["title"] is ax.title and ax.get_title() == "ABC analysis by yearly margin"
    assert ax.get_ylim()[1] == pytest.approx(float(abc["share"].max()) * 1.1)


def test_plot_abc_cut_alone_has_11_pt_text(course_case: kamlearn.Case) -> None:
    ax = plot_abc_cut(kamlearn.abc_analysis(course_case))
    assert smallest_font(ax.figure) >= palette.MIN_FONT_PT
    plt.close(ax.figure)


def test_update_abc_cut_changes_the_picture_and_writes_the_new_table(course_case: kamlearn.Case) -> None:
    ax = plot_abc_cut(kamlearn.abc_analysis(course_case), _axes().subplots())
    before = _png(ax.figure)
    by_revenue = kamlearn.abc_analysis(course_case, thresholds=(0.5, 0.95), by="yearly_revenue_nok")
    assert update_abc_cut(ax, by_revenue, 0.5) is ax
    shown = drawn(ax)
    np.testing.assert_allclose(shown["bars"].values, by_revenue["share"].to_numpy(dtype=float))
    np.testing.assert_allclose(shown["cumulative"].get_ydata(), by_revenue["cumulative_share"].to_numpy(dtype=float))
    assert list(shown["cut"].get_ydata()) == [0.5, 0.5]
    assert ax.get_title() == "ABC analysis by yearly revenue"
    assert _png(ax.figure) != before
    update_abc_cut(ax, by_revenue)  # no cut given: it stays
    assert list(shown["cut"].get_ydata()) == [0.5, 0.5]


def test_update_abc_cut_refuses_another_picture_or_table(course_case: kamlearn.Case) -> None:
    abc = kamlearn.abc_analysis(course_case)
    with pytest.raises(ValueError, match="ax: expected plot_abc_cut, found 'clv_against_retention'"):
        update_abc_cut(plot_clv_against_retention(1e6, ax=_axes().subplots()), abc)
    with pytest.raises(LookupError, match="ax: expected Axes drawn by a kamlearn plot function"):
        update_abc_cut(_axes().subplots(), abc)
    ax = plot_abc_cut(abc, _axes().subplots())
    with pytest.raises(ValueError, match="abc: expected 16 accounts, found 3"):
        update_abc_cut(ax, abc.iloc[:3])


# --- demand against capacity (key-accounts app, right panel) --------------------------------------------------


def test_plot_demand_against_capacity_returns_bars_of_the_ratios(course_case: kamlearn.Case) -> None:
    table = demand_against_capacity(course_case, ["A01", "A02"])
    ax = plot_demand_against_capacity(table, _axes().subplots())
    shown = drawn(ax)
    assert shown.kind == "demand_against_capacity" and set(shown.artists) == {"bars", "capacity_line"}
    np.testing.assert_allclose(shown["bars"].values, table["ratio"].to_numpy(dtype=float))
    assert shown["bars"].colors == [mcolors.to_hex(palette.SCARCE if r > 1 else palette.PLAN) for r in table["ratio"]]
    assert list(shown["capacity_line"].get_xdata()) == [1.0, 1.0]
    # the first resource on top, named in words
    labels = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    assert labels[len(table) - 1] == short_resource_name(str(table.index[0]))
    assert ax.get_xlim()[1] == pytest.approx(max(float(table["ratio"].max()), 1.0) * 1.1)
    assert ax.xaxis.get_major_formatter()(1.5, 0) == "1.5x"


def test_update_demand_against_capacity_changes_the_picture(course_case: kamlearn.Case) -> None:
    everything = demand_against_capacity(course_case)
    ax = plot_demand_against_capacity(everything, _axes().subplots())
    before = _png(ax.figure)
    few = demand_against_capacity(course_case, ["A03"])
    update_demand_against_capacity(ax, few)
    np.testing.assert_allclose(drawn(ax)["bars"].values, few["ratio"].to_numpy(dtype=float))
    assert ax.get_xlim()[1] == pytest.approx(float(everything["ratio"].max()) * 1.1)  # the axis stays put
    assert _png(ax.figure) != before
    with pytest.raises(ValueError, match="demand: expected 9 resources, found 2"):
        update_demand_against_capacity(ax, few.iloc[:2])
    with pytest.raises(ValueError, match="ax: expected plot_demand_against_capacity, found 'abc_cut'"):
        update_demand_against_capacity(plot_abc_cut(kamlearn.abc_analysis(course_case), _axes().subplots()), few)


def test_an_infinite_ratio_reaches_the_end_of_the_axis(course_case: kamlearn.Case) -> None:
    none = course_case.with_capacity(integration_slots=0)
    table = demand_against_capacity(none)
    ax = plot_demand_against_capacity(table, _axes().subplots())
    where = list(table.index).index("integration_slots")
    assert drawn(ax)["bars"].values[where] == pytest.approx(ax.get_xlim()[1])
    assert np.isfinite(ax.get_xlim()[1])


# --- the key-accounts app uses these artists -------------------------------------------------------------------


def test_key_accounts_app_animates_exactly_the_drawn_artists(course_case: kamlearn.Case) -> None:
    app = key_accounts_app(course_case)
    pareto_ax, demand_ax = app.live.axes
    pareto, demand = drawn(pareto_ax), drawn(demand_ax)
    expected = [pareto["bars"], pareto["cumulative"], pareto["cut"], demand["bars"], demand["capacity_line"]]
    animated = app.live._animated
    assert len(animated) == len(expected) and all(a is e for a, e in zip(animated, expected, strict=True))
    # the figure holds no second copy: one bar collection per panel, one line besides the cut on the twin
    assert list(pareto_ax.collections) == [pareto["bars"]]
    assert list(demand_ax.collections) == [demand["bars"]]

    bars_before = pareto["bars"].values.copy()
    ratios_before = demand["bars"].values.copy()
    picture = bytes(app.live.widget.value)
    app.controls["threshold"].value = 0.5
    assert list(pareto["cut"].get_ydata()) == [0.5, 0.5]
    key = list(app.result["abc"].index[app.result["abc"]["abc_class"] == "A"])
    np.testing.assert_allclose(demand["bars"].values, demand_against_capacity(course_case, key)["ratio"].to_numpy())
    assert not np.allclose(demand["bars"].values, ratios_before)
    assert bytes(app.live.widget.value) != picture

    app.controls["ranking"].value = "yearly revenue"
    np.testing.assert_allclose(pareto["bars"].values, app.result["abc"]["share"].to_numpy(dtype=float))
    assert not np.allclose(pareto["bars"].values, bars_before)
    assert pareto["title"].get_text() == "ABC analysis by yearly revenue"
    assert drawn(pareto_ax) is pareto  # updated in place, never drawn anew


# --- the eight-groups app: each group's cost, and lifetime value with and without the team ------------------------


def test_plot_team_costs_returns_bars_of_the_costs(course_case: kamlearn.Case) -> None:
    outcome = team_outcome(course_case, active=["A01-G1", "A01-G3"])
    ax = plot_team_costs(outcome, _axes().subplots())
    shown = drawn(ax)
    assert shown.kind == "team_costs" and set(shown.artists) == {"bars"}
    np.testing.assert_allclose(shown["bars"].values, outcome.groups["cost_nok"].to_numpy(dtype=float))
    assert shown["bars"].colors == [mcolors.to_hex(palette.PLAN if on else palette.OFF)
                                    for on in outcome.groups["active"]]
    assert shown["bars"].colors.count(mcolors.to_hex(palette.PLAN)) == 2
    assert ax.get_xlim()[1] == pytest.approx(float(outcome.groups["cost_nok"].max()) * 1.05)
    assert ax.get_xlabel() == "Cost, one-off (MNOK)"
    assert ax.xaxis.get_major_formatter()(2_500_000, 0) == "2.5"
    assert ax.xaxis.get_major_formatter()(12_000_000, 0) == "12"


def test_update_team_costs_changes_the_picture(course_case: kamlearn.Case) -> None:
    ax = plot_team_costs(team_outcome(course_case), _axes().subplots())
    before = _png(ax.figure)
    half = team_outcome(course_case, staffing={"A01-G2": 0.5}, active=["A01-G2", "A01-G4"])
    update_team_costs(ax, half)
    np.testing.assert_allclose(drawn(ax)["bars"].values, half.groups["cost_nok"].to_numpy(dtype=float))
    assert _png(ax.figure) != before
    other = team_outcome(course_case, "A02")
    with pytest.raises(ValueError, match=f"outcome: expected 8 groups, found {len(other.groups)}"):
        update_team_costs(ax, other)
    with pytest.raises(ValueError, match="ax: expected plot_team_costs, found 'team_value'"):
        update_team_costs(plot_team_value(half, _axes().subplots()), half)


def test_plot_team_value_shows_the_outcome_on_the_curve(course_case: kamlearn.Case) -> None:
    outcome = team_outcome(course_case)
    ax = plot_team_value(outcome, _axes().subplots())
    shown = drawn(ax)
    assert shown.kind == "team_value" and set(shown.artists) == {"curve", "today", "with_team", "break_even"}
    x = shown["curve"].get_xdata()
    np.testing.assert_allclose(shown["curve"].get_ydata(), customer_lifetime_value(
        outcome.margin_before, x, outcome.discount_rate, outcome.horizon_years))
    assert shown["today"].get_offsets()[0].tolist() == [outcome.retention_before, outcome.clv_before]
    assert shown["with_team"].get_offsets()[0].tolist() == [outcome.retention_after, outcome.clv_after]
    line_at = min(outcome.retention_before + outcome.break_even_uplift, 1.0)
    assert list(shown["break_even"].get_xdata()) == [line_at, line_at]
    assert "discounted over" in ax.get_ylabel() and "MNOK" in ax.get_ylabel()
    assert smallest_font(ax.figure) >= palette.MIN_FONT_PT


def test_update_team_value_moves_the_points_and_the_break_even(course_case: kamlearn.Case) -> None:
    ax = plot_team_value(team_outcome(course_case), _axes().subplots())
    before = _png(ax.figure)
    fewer = team_outcome(course_case, active=["A01-G5"])
    update_team_value(ax, fewer)
    shown = drawn(ax)
    assert shown["with_team"].get_offsets()[0].tolist() == [fewer.retention_after, fewer.clv_after]
    line_at = min(fewer.retention_before + fewer.break_even_uplift, 1.0)
    assert list(shown["break_even"].get_xdata()) == [line_at, line_at]
    assert _png(ax.figure) != before
    with pytest.raises(ValueError, match="ax: expected plot_team_value, found 'team_costs'"):
        update_team_value(plot_team_costs(fewer, _axes().subplots()), fewer)


def test_eight_groups_app_animates_exactly_the_drawn_artists(course_case: kamlearn.Case) -> None:
    app = eight_groups_app(course_case)
    cost_ax, value_ax = app.live.axes
    costs, value = drawn(cost_ax), drawn(value_ax)
    expected = [costs["bars"], value["today"], value["with_team"], value["break_even"]]
    animated = app.live._animated
    assert len(animated) == len(expected) and all(a is e for a, e in zip(animated, expected, strict=True))
    assert list(cost_ax.collections) == [costs["bars"]] and list(value_ax.lines) == [value["curve"],
                                                                                     value["break_even"]]
    bars_before = costs["bars"].values.copy()
    point_before = value["with_team"].get_offsets()[0].tolist()
    picture = bytes(app.live.widget.value)
    app.controls["staffing-A01-G3"].value = 150
    app.controls["active-A01-G1"].value = False
    out = app.result
    np.testing.assert_allclose(costs["bars"].values, out.groups["cost_nok"].to_numpy(dtype=float))
    assert not np.allclose(costs["bars"].values, bars_before)
    assert costs["bars"].colors[0] == mcolors.to_hex(palette.OFF)
    assert value["with_team"].get_offsets()[0].tolist() == [out.retention_after, out.clv_after] != point_before
    assert bytes(app.live.widget.value) != picture
    assert drawn(cost_ax) is costs and drawn(value_ax) is value  # updated in place, never drawn anew
