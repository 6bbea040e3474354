"""The response calibrator's picture comes from kamlearn.plotting: plot_effort_response / plot_effort_hours draw it,
update_effort_response / update_effort_hours write a new plan into their artists, and the app animates those artists."""

from __future__ import annotations

import io
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import kamlearn
from kamlearn.effort import EffortPlan, judged_estimates, plan_effort
from kamlearn.plotting import (
    drawn,
    palette,
    plot_effort_hours,
    plot_effort_response,
    plot_pareto,
    update_effort_hours,
    update_effort_response,
)
from kamlearn.plotting._common import smallest_font
from kamlearn.plotting._fast import LiveBars
from kamlearn.response import AdbudgCurve
from kamlearn.widgets import response_calibrator
from kamlearn.widgets.response import MOVING_CURVE, MOVING_HOURS

COLUMNS = ["zero", "today", "plus_50", "saturation"]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def estimates(course_case: kamlearn.Case) -> pd.DataFrame:
    return judged_estimates(course_case)


@pytest.fixture(scope="module")
def plan(estimates: pd.DataFrame) -> EffortPlan:
    return plan_effort(estimates)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _account_curve(plan: EffortPlan, account: str) -> AdbudgCurve:
    position = list(plan.table.index).index(account)
    return AdbudgCurve(**{k: float(np.asarray(getattr(plan.curve, k), dtype=float)[position]) for k in "abcd"})


def _assert_curve_shows(ax: Axes, plan: EffortPlan, account: str, estimates: pd.DataFrame) -> None:
    """The artists' data are the plan's and the estimates' numbers, on the index (today's hours = 1, margin = 100)."""
    shown = drawn(ax)
    row, judged = plan.table.loc[account], estimates.loc[account]
    scale = abs(judged["today"]) / 100.0
    x, y = (np.asarray(v, dtype=float) for v in shown["curve"].get_data())
    assert len(x) == 121 and x[0] == 0.0 and x[-1] == pytest.approx(ax.get_xlim()[1])
    np.testing.assert_allclose(y, _account_curve(plan, account).response(x * row["today_hours"]) / scale)
    mx, my = (np.asarray(v, dtype=float) for v in shown["estimates"].get_data())
    np.testing.assert_allclose(mx, [0.0, 1.0, 1.5, x[-1]])
    np.testing.assert_allclose(my, judged[COLUMNS].to_numpy(dtype=float) / scale)
    assert my[1] == pytest.approx(100.0)  # today's margin is the index's 100
    assert shown["plan_line"].get_xdata()[0] == pytest.approx(row["hours"] / row["today_hours"])
    assert shown["saturation_line"].get_ydata()[0] == pytest.approx(judged["saturation"] / scale)
    assert shown["account_label"].get_text() == account
    low, high = ax.get_ylim()
    assert low <= my[0] - 5.0 + 1e-9 and high >= my[-1] + 5.0 - 1e-9  # the estimates fit, with room


def test_plot_effort_response_returns_its_axes_with_its_named_artists(plan, estimates) -> None:
    ax = plot_effort_response(plan, account="A03", estimates=estimates)
    assert isinstance(ax, Axes)
    shown = drawn(ax)
    assert shown.kind == "effort_response" and shown.ax_ is ax and shown.figure_ is ax.figure
    assert set(shown.artists) == {"curve", "estimates", "today_line", "plan_line", "saturation_line", "account_label"}
    for name in ("curve", "estimates", "today_line", "plan_line", "saturation_line"):
        assert any(shown[name] is line for line in ax.lines), name
    assert any(shown["account_label"] is text for text in ax.texts)
    colours = {name: mcolors.to_hex(shown[name].get_color()) for name in shown.artists if name != "account_label"}
    assert colours == {"curve": palette.PLAN, "estimates": palette.CHOICE, "today_line": palette.BASELINE,
                       "plan_line": palette.BEST, "saturation_line": palette.CHOICE}
    assert shown["today_line"].get_xdata()[0] == 1.0
    assert ax.get_xlabel() == "Effort (today's hours = 1)" and ax.get_ylabel() == "Yearly margin (today = 100)"
    _assert_curve_shows(ax, plan, "A03", estimates)


def test_without_estimates_the_marks_are_read_off_the_curve_that_goes_through_them(plan, estimates) -> None:
    with_table = drawn(plot_effort_response(plan, account="A05", estimates=estimates))["estimates"].get_ydata()
    from_curve = drawn(plot_effort_response(plan, account="A05"))["estimates"].get_ydata()
    np.testing.assert_allclose(from_curve, with_table, rtol=1e-6)
    assert drawn(plot_effort_response(plan))["account_label"].get_text() == plan.table.index[0]


def test_update_effort_response_changes_the_picture_and_writes_the_plan(plan, estimates) -> None:
    ax = plot_effort_response(plan, account="A03", estimates=estimates)
    before, artists = _png(ax.figure), dict(drawn(ax).artists)
    edited = estimates.copy()
    edited.loc["A03", "saturation"] *= 1.3
    bigger = plan_effort(edited, 2.0 * float(estimates["today_hours"].sum()))
    assert update_effort_response(ax, bigger, account="A03", estimates=edited) is ax
    assert dict(drawn(ax).artists) == artists  # the same artists, changed in place
    assert len(ax.lines) == 5 and len(ax.texts) == 1
    _assert_curve_shows(ax, bigger, "A03", edited)
    assert _png(ax.figure) != before
    update_effort_response(ax, bigger, account="A16", estimates=edited)
    _assert_curve_shows(ax, bigger, "A16", edited)


def test_the_curve_panel_grows_and_never_shrinks(plan, estimates) -> None:
    ax = plot_effort_response(plan, account="A01", estimates=estimates)
    start = (ax.get_xlim(), ax.get_ylim())
    assert start[0] == (0.0, 4.0)
    pool = float(estimates["today_hours"].sum())
    for aid in plan.table.index:  # every account, every hour on it: some go past four times today's hours
        lower = pd.Series(0.0, index=plan.table.index)
        lower[aid] = pool
        update_effort_response(ax, plan_effort(estimates, pool, lower=lower), account=aid, estimates=estimates)
    grown = (ax.get_xlim(), ax.get_ylim())
    assert grown[0][1] > start[0][1]
    update_effort_response(ax, plan, account="A01", estimates=estimates)
    assert (ax.get_xlim(), ax.get_ylim()) == grown
    _assert_curve_shows(ax, plan, "A01", estimates)


def test_plot_effort_hours_returns_live_bars_of_the_plan(plan) -> None:
    ax = plot_effort_hours(plan)
    shown = drawn(ax)
    assert shown.kind == "effort_hours" and set(shown.artists) == {"today", "plan"}
    for name, column, colour in (("today", "today_hours", palette.BASELINE), ("plan", "hours", palette.PLAN)):
        bars = shown[name]
        assert isinstance(bars, LiveBars) and any(bars is c for c in ax.collections)
        assert bars.values.tolist() == plan.table[column].tolist()
        assert set(bars.colors) == {colour}
    assert [t.get_text() for t in ax.get_xticklabels()] == list(plan.table.index)
    assert ax.get_ylabel() == "Hours a year"
    assert ax.get_ylim()[1] >= 1.1 * float(plan.table[["today_hours", "hours"]].to_numpy().max())


def test_update_effort_hours_changes_the_picture_and_writes_the_plan(plan, estimates) -> None:
    ax = plot_effort_hours(plan)
    before, top = _png(ax.figure), ax.get_ylim()[1]
    pool = float(estimates["today_hours"].sum())
    for hours in (0.5 * pool, 2.0 * pool):
        other = plan_effort(estimates, hours)
        assert update_effort_hours(ax, other) is ax
        assert drawn(ax)["plan"].values.tolist() == other.table["hours"].tolist()
        assert drawn(ax)["today"].values.tolist() == other.table["today_hours"].tolist()
        assert ax.get_ylim()[1] >= 1.1 * float(other.table["hours"].max())
        assert _png(ax.figure) != before
    assert ax.get_ylim()[1] >= top  # grows only
    update_effort_hours(ax, plan)
    assert ax.get_ylim()[1] >= 1.1 * float(plan_effort(estimates, 2.0 * pool).table["hours"].max())


def test_updates_refuse_another_picture_another_plan_or_account(course_case, plan, estimates) -> None:
    curve_ax, hours_ax = plot_effort_response(plan), plot_effort_hours(plan)
    with pytest.raises(ValueError, match="ax: expected plot_effort_response, found 'effort_hours'"):
        update_effort_response(hours_ax, plan)
    with pytest.raises(ValueError, match="ax: expected plot_effort_hours, found 'pareto'"):
        update_effort_hours(plot_pareto(kamlearn.abc_analysis(course_case)), plan)
    with pytest.raises(LookupError, match="ax: expected Axes drawn by a kamlearn plot function"):
        update_effort_hours(plt.subplots()[1], plan)
    with pytest.raises(ValueError, match="account: expected one of the estimates' accounts, found 'Z99'"):
        update_effort_response(curve_ax, plan, account="Z99")
    two = plan_effort(estimates.iloc[:2])
    with pytest.raises(ValueError, match="values: expected 16 bars"):
        update_effort_hours(hours_ax, two)


def test_a_notebook_picture_has_the_house_type(plan, estimates) -> None:
    for ax in (plot_effort_response(plan, estimates=estimates), plot_effort_hours(plan)):
        assert ax.title.get_fontsize() == palette.TITLE_FONT_PT
        assert smallest_font(ax.figure) >= palette.MIN_FONT_PT
    _, given = plt.subplots()
    plot_effort_hours(plan, given)
    assert smallest_font(given.figure) >= palette.MIN_FONT_PT


def test_the_app_animates_exactly_the_artists_the_plot_functions_drew(course_case) -> None:
    app = response_calibrator(course_case)
    ax_curve, ax_hours = app.live.axes
    curve, hours = drawn(ax_curve), drawn(ax_hours)
    assert (curve.kind, hours.kind) == ("effort_response", "effort_hours")
    expected = [curve[name] for name in MOVING_CURVE] + [hours[name] for name in MOVING_HOURS]
    assert len(app.live._animated) == len(expected)
    assert all(a is b for a, b in zip(app.live._animated, expected, strict=True))
    assert all(artist.get_animated() for artist in expected)
    assert not curve["account_label"].get_animated() and not curve["today_line"].get_animated()
    _assert_curve_shows(ax_curve, app.result, app.controls["account"].value, app.estimates)

    plan_bars, plan_line = hours["plan"], curve["plan_line"]
    bars_before, line_before = plan_bars.values.copy(), float(plan_line.get_xdata()[0])
    picture = bytes(app.live.widget.value)
    slider = app.controls["hours"]
    slider.value = slider.value + 20 * slider.step
    assert drawn(ax_hours)["plan"] is plan_bars and drawn(ax_curve)["plan_line"] is plan_line  # no copies
    assert plan_bars.values.tolist() == app.result.table["hours"].tolist()
    assert not np.array_equal(plan_bars.values, bars_before)
    assert float(plan_line.get_xdata()[0]) != line_before
    _assert_curve_shows(ax_curve, app.result, app.controls["account"].value, app.estimates)
    assert bytes(app.live.widget.value) != picture

    curve_before = np.asarray(curve["curve"].get_ydata(), dtype=float).copy()
    app.controls["account"].value = "A09"
    assert curve["account_label"].get_text() == "A09"
    assert not np.array_equal(np.asarray(curve["curve"].get_ydata(), dtype=float), curve_before)
    _assert_curve_shows(ax_curve, app.result, "A09", app.estimates)
    app.controls["saturation"].value = app.controls["saturation"].value * 1.2
    _assert_curve_shows(ax_curve, app.result, "A09", app.estimates)


def test_plot_response_curve_stays_importable_from_the_allocation_plots() -> None:
    from kamlearn.plotting import allocation, plot_response_curve, response

    assert plot_response_curve is response.plot_response_curve
    assert callable(allocation.plot_response_curve)
    ax = plot_response_curve(AdbudgCurve(a=100.0, b=20.0, c=1.0, d=50.0), effort=40.0)
    assert drawn(ax).kind == "response_curve" and ax.get_xlabel() == "Effort (hours)"
