"""The plots speak bokmål under ``language("nb")``: titles, axes, legends, notes and numbers (1 000, 0,5, 24 %)."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import kamlearn
from kamlearn import plotting
from kamlearn.i18n import language
from kamlearn.plotting._common import millions, thousands
from kamlearn.plotting.ticks import NumberFormatter, PercentTicks

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def staffing(course_case):
    return kamlearn.assign_staff(course_case, course_case.initiatives.index[:8])


def _ticks(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]


def _draw(ax) -> None:
    ax.figure.canvas.draw()


def _all_text(ax) -> list[str]:
    figure = ax.figure
    figure.canvas.draw()
    return [str(t.get_text()) for t in figure.findobj(lambda a: hasattr(a, "get_text")) if str(t.get_text()).strip()]


def test_pareto_in_bokmal_has_bokmal_words_and_decimal_commas(course_case):
    with language("nb"):
        ax = plotting.plot_pareto(kamlearn.abc_analysis(course_case))
        _draw(ax)
    assert ax.get_title() == "ABC-analyse: hvilke kunder som står for fortjenesten"
    assert ax.get_ylabel() == "Årlig dekningsbidrag (MNOK)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Klasse A", "Klasse B", "Klasse C"]
    values = _ticks(ax.yaxis)
    assert values and all(re.fullmatch(r"[−-]?\d+,\d", v) for v in values), values  # "2,0", not "2.0"
    twin = ax.figure.axes[1]
    assert twin.get_ylabel() == "Kumulativ andel"
    shares = _ticks(twin.yaxis)
    assert "40\u00a0%" in shares and all(s.endswith(NBSP + "%") for s in shares), shares


def test_pareto_in_english_is_unchanged(course_case):
    ax = plotting.plot_pareto(kamlearn.abc_analysis(course_case))
    _draw(ax)
    assert ax.get_title() == "ABC analysis: which accounts carry the profit"
    assert ax.get_ylabel() == "Yearly margin (MNOK)"
    assert all(re.fullmatch(r"[−-]?\d+\.\d", v) for v in _ticks(ax.yaxis))
    assert "40 %" in _ticks(ax.figure.axes[1].yaxis)


def test_a_plot_keeps_its_language_when_drawn_later(course_plan):
    with language("nb"):
        ax = plotting.plot_utilisation(course_plan)
    _draw(ax)  # outside the block: English is in force, the plot stays bokmål
    assert ax.get_title() == "Ressursbruk og skyggepriser (optimal)"
    assert ax.get_xlabel() == "Kapasitetsutnyttelse (brukt / kapasitet); tekst: skyggepris"
    assert "20\u00a0%" in _ticks(ax.xaxis)
    prices = [t.get_text() for t in plotting.drawn(ax)["prices"]]
    assert any(p.endswith(f"{NBSP}kr{NBSP}per{NBSP}time") for p in prices), prices
    assert "ikke knapp" in prices
    assert any(re.search(r"\d\u00a0\d{3}\u00a0kr", p) for p in prices), prices  # "13 366 kr per time"


def test_authority_sweep_in_bokmal_writes_limits_as_norwegian_numbers(course_case):
    with language("nb"):
        ax = plotting.plot_authority_sweep(kamlearn.sweep_limits(course_case, years=10), today=50_000,
                                           horizon_years=course_case.horizon_years)
        _draw(ax)
    limits = _ticks(ax.xaxis)
    assert {f"1{NBSP}000", f"10{NBSP}000", f"100{NBSP}000", f"1{NBSP}mill."} <= set(limits), limits
    assert ax.get_xlabel() == "Fullmaktsgrense per forespørsel (kr)"
    assert ax.get_ylabel() == "Endring i livstidsverdi, diskontert over 5\u00a0år (MNOK)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"I dag 50{NBSP}000{NBSP}kr" in legend, legend
    assert ax.get_title() == "Beslutningsmyndighet: fart mot kontroll"


def test_staffing_plots_in_bokmal(course_case, staffing):
    with language("nb"):
        heat = plotting.plot_utilisation_heatmap(staffing)
        gantt = plotting.plot_staffing_gantt(staffing)
        people = plotting.plot_key_people(kamlearn.rank_key_people(staffing, (4, 6)), top=5)
    assert heat.get_xlabel() == gantt.get_xlabel() == "Måned"
    assert heat.get_title().startswith("Hvem er opptatt når")
    cells = [t.get_text() for row in plotting.drawn(heat)["cells"] for t in row]
    assert cells and all(re.fullmatch(r"\d+\u00a0%|borte", c) for c in cells), set(cells)
    assert [t.get_text() for t in gantt.get_legend().get_texts()] == ["Startvindu", "I rute", "Forsinket",
                                                                      "Ikke bemannet"]
    assert people.get_xlabel() == "Tapt verdi i planen (MNOK)"
    notes = [t.get_text() for t in plotting.drawn(people)["notes"]]
    assert all(re.fullmatch(r" \d+ tapt, \d+ forsinket", n) for n in notes), notes


def test_clv_plot_in_bokmal_states_horizon_and_rate():
    with language("nb"):
        ax = plotting.plot_clv_against_retention(1.2e6, 0.10, horizon_years=5)
        _draw(ax)
    assert ax.get_ylabel() == "Livstidsverdi, diskontert over 5\u00a0år med 10\u00a0% (MNOK)"
    assert ax.get_xlabel() == "Årlig gjenkjøpsrate"
    assert all(re.fullmatch(r"[−-]?\d+,\d", v) for v in _ticks(ax.yaxis))


@pytest.mark.parametrize("name", ["allocation", "capacity_sweep", "policy", "response", "bars"])
def test_every_other_plot_has_a_bokmal_title_and_axis(course_case, course_plan, name):
    def draw():
        if name == "allocation":
            return plotting.plot_allocation(course_plan)
        if name == "capacity_sweep":
            return plotting.plot_capacity_sweep(kamlearn.sweep_capacity(course_case, "it_hours", [500, 700, 900]))
        if name == "policy":
            return plotting.plot_policy_comparison(kamlearn.compare(course_case, ["optimal", "equal"]))
        if name == "response":
            curve = kamlearn.AdbudgCurve(a=150.0, b=50.0, c=2.0, d=40_000.0)
            return plotting.plot_response_curve(curve, effort=200.0)
        import pandas as pd

        return plotting.plot_bars(pd.Series([1500.0, -250.5], index=["A01", "A02"]), title="T", xlabel="X")

    english = draw()
    with language("nb"):
        bokmål = draw()
    _draw(english)
    _draw(bokmål)
    if name != "bars":  # plot_bars draws the caller's (already translated) title
        assert bokmål.get_title() != english.get_title()
        axis_labels = (bokmål.get_xlabel(), bokmål.get_ylabel())
        assert axis_labels != (english.get_xlabel(), english.get_ylabel())
    numbers = [t for t in _ticks(bokmål.xaxis) + _ticks(bokmål.yaxis) if re.search(r"\d", t)]
    assert not any(re.search(r"\d[.,]\d{3}\b", t) and "." in t for t in numbers), numbers  # no "1,000.0"
    assert not any("." in t for t in numbers if re.fullmatch(r"[−\d\s\u00a0.,%]+", t)), numbers
    if name == "bars":
        assert f"1{NBSP}500" in _ticks(bokmål.xaxis) or f"1{NBSP}000" in _ticks(bokmål.xaxis), _ticks(bokmål.xaxis)


def test_tick_formatters_write_numbers_as_the_language_does():
    with language("nb"):
        number, share = NumberFormatter(), PercentTicks()
        assert millions(2_500_000) == "2,5"
        assert thousands(1_000) == f"1{NBSP}000"
    assert number.format_ticks([0.0, 0.5, 1.0]) == ["0,0", "0,5", "1,0"]
    assert number.format_ticks([0, 1000, 2000]) == ["0", f"1{NBSP}000", f"2{NBSP}000"]
    assert share.format_ticks([0.0, 0.24, 0.5]) == [f"0{NBSP}%", f"24{NBSP}%", f"50{NBSP}%"]
    assert NumberFormatter().format_ticks([0, 1000, 2000]) == ["0", "1,000", "2,000"]
    assert PercentTicks().format_ticks([0.0, 0.125]) == ["0.0 %", "12.5 %"]
    assert millions(2_500_000) == "2.5" and thousands(1_000) == "1k"
