"""The plot functions: one palette, one colour meaning, no text under 11 pt, readable axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

import kamlearn
from kamlearn.plotting import palette
from kamlearn.plotting._common import smallest_font, thousands


@pytest.fixture(scope="module")
def case():
    return kamlearn.load_case()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _same(a, b) -> bool:
    return bool(np.allclose(mcolors.to_rgba(a), mcolors.to_rgba(b)))


def test_every_colour_has_one_meaning():
    colours = [palette.PLAN, palette.BASELINE, palette.OFF, palette.SCARCE, palette.CHOICE, palette.BEST,
               palette.SECOND, palette.REFERENCE]
    assert len({mcolors.to_hex(c) for c in colours}) == len(colours)
    assert set(palette.MEANINGS) == set(colours)


def test_pareto_legend_shows_three_class_colours(case):
    ax = kamlearn.plotting.plot_pareto(kamlearn.abc_analysis(case))
    legend = ax.get_legend()
    handles = {t.get_text(): h for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    assert set(handles) == {"Class A", "Class B", "Class C"}
    colours = {name: mcolors.to_hex(h.get_facecolor()) for name, h in handles.items()}
    assert len(set(colours.values())) == 3, colours
    for cls in "ABC":
        assert _same(colours[f"Class {cls}"], palette.class_color(cls))


def test_utilisation_red_means_a_shadow_price_not_full(case):
    plan = kamlearn.allocate(case)
    ax = plan.plot()
    prices = plan.resources["shadow_price"].to_numpy(dtype=float)
    bars = ax.patches[: len(prices)]
    for bar, price, util in zip(bars, prices, plan.resources["utilisation"], strict=True):
        expected = palette.SCARCE if np.isfinite(price) and price > 0 else palette.PLAN
        assert _same(bar.get_facecolor(), expected), (price, util)
    full_but_free = [(p, u) for p, u in zip(prices, plan.resources["utilisation"], strict=True) if u >= 0.999 and not p > 0]
    assert full_but_free, "the case has a full resource without a price (notebook 03: full is not scarce)"


def test_authority_axis_reads_1k_10k(case):
    ax = kamlearn.plotting.plot_authority_sweep(kamlearn.sweep_limits(case, years=20))
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert {"1k", "10k", "100k", "1M"} <= set(labels), labels
    assert ax.get_xscale() == "log"
    assert [thousands(v) for v in (1_000, 10_000, 250_000)] == ["1k", "10k", "250k"]


@pytest.mark.parametrize("name", ["pareto", "utilisation", "allocation", "authority", "gantt", "heatmap", "people"])
def test_no_text_under_11_pt(case, name):
    plotting = kamlearn.plotting
    if name == "pareto":
        ax = plotting.plot_pareto(kamlearn.abc_analysis(case))
    elif name == "utilisation":
        ax = plotting.plot_utilisation(kamlearn.allocate(case))
    elif name == "allocation":
        ax = plotting.plot_allocation(kamlearn.allocate(case))
    elif name == "authority":
        ax = plotting.plot_authority_sweep(kamlearn.sweep_limits(case, years=20))
    else:
        staffing = kamlearn.assign_staff(case, case.initiatives.index[:8])
        if name == "gantt":
            ax = plotting.plot_staffing_gantt(staffing)
        elif name == "heatmap":
            ax = plotting.plot_utilisation_heatmap(staffing)
        else:
            ax = plotting.plot_key_people(kamlearn.rank_key_people(staffing, (4, 6)), top=5)
    assert smallest_font(ax.figure) >= palette.MIN_FONT_PT


def test_plot_on_a_given_axes_is_raised_to_the_minimum(case):
    _, ax = plt.subplots()
    ax.tick_params(labelsize=6)
    kamlearn.plotting.plot_pareto(kamlearn.abc_analysis(case), ax=ax)
    assert smallest_font(ax.figure) >= palette.MIN_FONT_PT


def _png(figure) -> bytes:
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


def test_utilisation_prices_are_not_crossed_by_the_capacity_line(case):
    ax = kamlearn.plotting.plot_utilisation(kamlearn.allocate(case))
    shown = kamlearn.plotting.drawn(ax)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    line_x = ax.transData.transform((1.0, 0.0))[0]
    prices = [t for t in shown["prices"] if t.get_text()]
    assert len(prices) == len(ax.get_yticks())
    for text in prices:
        box = text.get_window_extent(renderer)
        assert box.x0 > line_x + 1, (text.get_text(), box.x0, line_x)  # right of the dashed 100 % line
        assert box.x1 <= ax.bbox.x1 + 0.5, text.get_text()  # and inside the axes
    assert shown["capacity_line"].get_xdata()[0] == 1.0


def test_heatmap_cells_are_written_as_percent(case):
    staffing = kamlearn.assign_staff(case, case.initiatives.index[:8])
    ax = kamlearn.plotting.plot_utilisation_heatmap(staffing)
    cells = [t for row in kamlearn.plotting.drawn(ax)["cells"] for t in row]
    assert len(cells) == staffing.utilisation.size
    texts = {t.get_text() for t in cells}
    assert all(re.fullmatch(r"\d+ %|away", t) for t in texts), texts
    assert "100 %" in texts and not any(t.endswith("%") and " " not in t for t in texts)
    ax.figure.canvas.draw()  # each percentage fits inside its cell
    renderer = ax.figure.canvas.get_renderer()
    cell_width = abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    assert max(t.get_window_extent(renderer).width for t in cells) < cell_width


def test_lifetime_value_plots_state_the_horizon(case):
    plotting = kamlearn.plotting
    assert "discounted over 5 years at 10 %" in plotting.plot_clv_against_retention(1e6, 0.1, horizon_years=5).get_ylabel()
    assert "discounted, no horizon" in plotting.plot_clv_against_retention(1e6, 0.1).get_ylabel()
    sweep = kamlearn.sweep_limits(case, [10_000, 50_000], years=3)
    assert "discounted over 5 years" in plotting.plot_authority_sweep(sweep, horizon_years=5.0).get_ylabel()
    assert sweep.horizon_years == case.horizon_years == 5  # the sweep keeps its case's horizon and its plot says it
    assert "discounted over 5 years" in plotting.plot_authority_sweep(sweep).get_ylabel()
    assert "discounted over 3 years" in plotting.plot_authority_sweep(sweep, horizon_years=3).get_ylabel()


def test_gantt_names_the_people_inside_the_figure(case):
    ax = kamlearn.plotting.plot_staffing_gantt(kamlearn.assign_staff(case, case.initiatives.index[:8]))
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    for text in figure.findobj(lambda a: hasattr(a, "get_window_extent") and hasattr(a, "get_text")):
        if text.get_visible() and str(text.get_text()).strip():
            box = text.get_window_extent(renderer)
            assert figure.bbox.x0 - 0.5 <= box.x0 and box.x1 <= figure.bbox.x1 + 0.5, text.get_text()
    people = [t.get_text() for t in kamlearn.plotting.drawn(ax)["people"].get_yticklabels()]
    assert any(p.startswith("P0") for p in people), people


def test_updating_the_returned_artists_changes_the_figure(case):
    plotting = kamlearn.plotting
    ax = plotting.plot_clv_against_retention(1e6, 0.1, horizon_years=5)
    shown = plotting.drawn(ax)
    assert shown.ax_ is ax and shown.figure_ is ax.figure and shown.kind == "clv_against_retention"
    before = _png(ax.figure)
    curve = shown["curve"]
    curve.set_ydata(np.asarray(curve.get_ydata()) * 0.5)
    assert _png(ax.figure) != before
    # an app's way: a new plan's utilisation written into the bars and labels drawn for the old one
    plan = kamlearn.allocate(case)
    ax = plan.plot()
    bars = plotting.drawn(ax)["bars"]
    before = _png(ax.figure)
    for bar in bars:
        bar.set_width(0.5)
    assert [b.get_width() for b in ax.patches[: len(bars)]] == [0.5] * len(bars)
    assert _png(ax.figure) != before


@pytest.mark.parametrize("name", ["pareto", "utilisation", "allocation", "authority", "gantt", "heatmap", "people",
                                  "clv", "policy", "sweep"])
def test_every_plot_returns_its_axes_with_its_artists_and_palette_colours(case, name):
    plotting = kamlearn.plotting
    plan = kamlearn.allocate(case)
    staffing = kamlearn.assign_staff(case, case.initiatives.index[:8])
    draw = {
        "pareto": lambda: plotting.plot_pareto(kamlearn.abc_analysis(case)),
        "utilisation": lambda: plotting.plot_utilisation(plan),
        "allocation": lambda: plotting.plot_allocation(plan),
        "authority": lambda: plotting.plot_authority_sweep(kamlearn.sweep_limits(case, [0, 10_000, 50_000], years=3),
                                                           today=10_000),
        "gantt": lambda: plotting.plot_staffing_gantt(staffing),
        "heatmap": lambda: plotting.plot_utilisation_heatmap(staffing),
        "people": lambda: plotting.plot_key_people(kamlearn.rank_key_people(staffing, (4, 6)), top=5),
        "clv": lambda: plotting.plot_clv_against_retention(1e6, marks={"today": 0.8}),
        "policy": lambda: plotting.plot_policy_comparison(kamlearn.compare(case, ["optimal", "equal"])),
        "sweep": lambda: plotting.plot_capacity_sweep(kamlearn.sweep_capacity(case, "it_hours", [500, 700])),
    }[name]
    _, given = plt.subplots()
    ax = plotting.drawn(draw()).ax_
    assert plotting.drawn(ax).artists
    allowed = {mcolors.to_hex(c) for c in (*palette.MEANINGS, *palette.CLASS_COLORS.values(), *palette.SERIES,
                                           palette.ON_COLOR)}
    used = set()
    for axes in ax.figure.axes:
        for line in axes.lines:
            used.add(mcolors.to_hex(line.get_color()))
        for patch in axes.patches:
            if patch.get_fill() and patch.get_facecolor()[3] > 0:
                used.add(mcolors.to_hex(patch.get_facecolor()))
        for collection in axes.collections:
            if type(collection).__name__ != "QuadMesh" and collection.get_paths():  # not a colour bar's scale
                used.update(mcolors.to_hex(c) for c in collection.get_facecolor() if c[3] > 0)
                used.update(mcolors.to_hex(c) for c in collection.get_edgecolor() if c[3] > 0)
    assert used or name == "heatmap"  # the heatmap's colours are a colour scale
    assert used <= allowed, used - allowed
    with pytest.raises(LookupError, match="ax: expected Axes drawn by a kamlearn plot function"):
        plotting.drawn(given)


def test_update_utilisation_writes_a_new_plan_into_the_same_bars(case):
    plotting = kamlearn.plotting
    ax = plotting.plot_utilisation(kamlearn.allocate(case))
    before = _png(ax.figure)
    patches = len(ax.patches)
    tighter = kamlearn.allocate(case.with_capacity(it_hours=300))
    assert plotting.update_utilisation(ax, tighter) is ax
    assert len(ax.patches) == patches  # the same bars, changed in place
    shown = plotting.drawn(ax)
    for bar, text, (_, row) in zip(shown["bars"], shown["prices"], tighter.resources.iterrows(), strict=True):
        assert bar.get_width() == pytest.approx(row["utilisation"])
        assert _same(bar.get_facecolor(), palette.resource_color(row["shadow_price"]))
        assert (text.get_text() == "not scarce") == (not row["shadow_price"] > 0)
    assert _png(ax.figure) != before
    with pytest.raises(ValueError, match="ax: expected a picture of plot_utilisation, found 'pareto'"):
        plotting.update_utilisation(plotting.plot_pareto(kamlearn.abc_analysis(case)), tighter)
