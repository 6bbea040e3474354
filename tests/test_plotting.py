"""The plot functions: one palette, one colour meaning, no text under 11 pt, readable axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

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
