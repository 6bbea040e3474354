"""The authority simulator's two panels as plot functions: named artists, updates in place, the app animating them.

Issue 13 point 5: :func:`kamlearn.plotting.plot_authority_value` and :func:`plot_authority_speed` draw the
panels, :func:`update_authority_value` and :func:`update_authority_speed` write a new sweep and limit into
the artists they returned, and :func:`kamlearn.widgets.authority_simulator` animates exactly those artists.
"""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

import kamlearn
from kamlearn import plotting
from kamlearn.plotting import palette
from kamlearn.plotting._common import smallest_font
from kamlearn.plotting.authority import NO_LIMIT_AT, X_START
from kamlearn.widgets import authority_simulator

YEARS = 20  # fewer simulated years keep the tests fast; the drawing is the same


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sweep(course_case) -> kamlearn.LimitSweep:
    return kamlearn.sweep_limits(course_case, seed=0, years=YEARS)


@pytest.fixture(scope="module")
def slow_sweep(course_case) -> kamlearn.LimitSweep:
    return kamlearn.sweep_limits(course_case, params=kamlearn.AuthorityParams(delay_mean_days=45.0), seed=0,
                                 years=YEARS)


def _result(case, limit: float, delay: float | None = None) -> kamlearn.AuthorityResult:
    params = kamlearn.AuthorityParams() if delay is None else kamlearn.AuthorityParams(delay_mean_days=delay)
    return kamlearn.simulate_authority(case, limit, params, seed=0, years=YEARS)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _shown_limits(sweep: kamlearn.LimitSweep) -> tuple[np.ndarray, np.ndarray]:
    x = sweep.table.index.to_numpy(dtype=float)
    keep = (x > 0) & np.isfinite(x)
    return x[keep], keep


def _assert_value_panel_shows(ax: Axes, sweep: kamlearn.LimitSweep, result: kamlearn.AuthorityResult) -> None:
    shown = plotting.drawn(ax)
    x, keep = _shown_limits(sweep)
    np.testing.assert_array_equal(shown["curve"].get_xdata(), x)
    np.testing.assert_allclose(shown["curve"].get_ydata(), sweep.table["value_change_nok"].to_numpy()[keep] / 1e6)
    at = X_START if result.limit < X_START else (NO_LIMIT_AT if math.isinf(result.limit) else result.limit)
    assert list(shown["point"].get_xdata()) == [at]
    assert list(shown["point"].get_ydata()) == pytest.approx([result.value_change_nok / 1e6])
    assert list(shown["marker"].get_xdata()) == [at, at] and shown["marker"].get_visible()
    assert list(shown["best"].get_xdata()) == [max(sweep.best_limit, X_START)]
    assert list(shown["best"].get_ydata()) == pytest.approx([float(sweep.best["value_change_nok"]) / 1e6])
    low, high = ax.get_ylim()
    assert low <= min(np.nanmin(shown["curve"].get_ydata()), result.value_change_nok / 1e6) and high >= 0


def _assert_speed_panel_shows(ax: Axes, sweep: kamlearn.LimitSweep, result: kamlearn.AuthorityResult) -> None:
    shown = plotting.drawn(ax)
    x, keep = _shown_limits(sweep)
    np.testing.assert_array_equal(shown["share"].get_xdata(), x)
    np.testing.assert_allclose(shown["share"].get_ydata(), sweep.table["share_decided_at_once"].to_numpy()[keep] * 100)
    np.testing.assert_array_equal(shown["spending"].get_xdata(), x)
    np.testing.assert_allclose(shown["spending"].get_ydata(),
                               sweep.table["escaped_spending_nok"].to_numpy()[keep] / 1e6)
    assert shown["spending"].axes is shown["twin"] and shown["twin"] in ax.figure.axes
    at = max(result.limit, X_START) if math.isfinite(result.limit) else NO_LIMIT_AT
    assert list(shown["marker"].get_xdata()) == [at, at] and shown["marker"].get_visible()
    assert shown["twin"].get_ylim()[1] >= np.nanmax(shown["spending"].get_ydata())


def test_value_panel_returns_its_axes_with_named_artists(course_case, sweep):
    result = _result(course_case, 50_000)
    ax = plotting.plot_authority_value(sweep, result=result, horizon_years=course_case.horizon_years)
    shown = plotting.drawn(ax)
    assert isinstance(ax, Axes) and shown.ax_ is ax and shown.figure_ is ax.figure
    assert shown.kind == "authority_value" and sorted(shown.artists) == ["best", "curve", "marker", "point"]
    assert all(artist in ax.lines for artist in shown.artists.values())
    _assert_value_panel_shows(ax, sweep, result)
    assert ax.get_xscale() == "log" and ax.get_xlim()[0] == X_START
    assert "discounted over 5 years" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["your limit", "best limit"]
    for name, colour in (("curve", palette.PLAN), ("point", palette.CHOICE), ("best", palette.BEST),
                         ("marker", palette.CHOICE)):
        assert mcolors.to_hex(shown[name].get_color()) == mcolors.to_hex(colour), name
    assert smallest_font(ax.figure) >= palette.MIN_FONT_PT


def test_value_panel_without_a_limit_leaves_the_point_and_marker_out(sweep):
    shown = plotting.drawn(plotting.plot_authority_value(sweep))
    assert len(shown["point"].get_xdata()) == 0 and not shown["marker"].get_visible()
    assert len(shown["best"].get_xdata()) == 1  # the best limit tried is known from the sweep alone


def test_speed_panel_returns_its_axes_with_named_artists(course_case, sweep):
    result = _result(course_case, 200_000)
    ax = plotting.plot_authority_speed(sweep, result=result)
    shown = plotting.drawn(ax)
    assert shown.ax_ is ax and shown.kind == "authority_speed"
    assert sorted(shown.artists) == ["marker", "share", "spending", "twin"]
    _assert_speed_panel_shows(ax, sweep, result)
    assert ax.get_ylim() == (0.0, 105.0)
    assert ax.get_ylabel() == "Decided at once (%)" and shown["twin"].get_ylabel() == "Not reviewed (MNOK a year)"
    assert mcolors.to_hex(shown["spending"].get_color()) == mcolors.to_hex(palette.SECOND)
    assert smallest_font(ax.figure) >= palette.MIN_FONT_PT


@pytest.mark.parametrize("limit", [0.0, 20_000.0, 500_000.0, math.inf])
def test_update_writes_the_new_numbers_and_changes_the_picture(course_case, sweep, slow_sweep, limit):
    figure, (ax_value, ax_speed) = plt.subplots(1, 2, figsize=(7.6, 3.6))
    plotting.plot_authority_value(sweep, ax_value, result=_result(course_case, 100_000))
    plotting.plot_authority_speed(sweep, ax_speed, result=_result(course_case, 100_000))
    before = _png(figure)
    lines = (len(ax_value.lines), len(ax_speed.lines))
    result = _result(course_case, limit, delay=45.0)
    assert plotting.update_authority_value(ax_value, slow_sweep, result) is ax_value
    assert plotting.update_authority_speed(ax_speed, slow_sweep, result) is ax_speed
    assert (len(ax_value.lines), len(ax_speed.lines)) == lines  # the same artists, changed in place
    _assert_value_panel_shows(ax_value, slow_sweep, result)
    _assert_speed_panel_shows(ax_speed, slow_sweep, result)
    assert _png(figure) != before


def test_update_widens_an_axis_and_never_shrinks_it(course_case, sweep, slow_sweep):
    ax = plotting.plot_authority_value(sweep)
    twin = plotting.drawn(speed := plotting.plot_authority_speed(sweep))["twin"]
    value_low, spend_high = ax.get_ylim()[0], twin.get_ylim()[1]
    lowest = float(np.nanmin(slow_sweep.table["value_change_nok"])) / 1e6
    plotting.update_authority_value(ax, slow_sweep, _result(course_case, 0.0, delay=45.0))
    plotting.update_authority_speed(speed, slow_sweep, _result(course_case, 0.0, delay=45.0))
    assert ax.get_ylim()[0] == pytest.approx(min(value_low, lowest * 1.05))
    assert lowest * 1.05 < value_low  # a slower management loses more: the axis had to widen
    wider = ax.get_ylim()
    plotting.update_authority_value(ax, sweep, _result(course_case, 50_000))
    assert ax.get_ylim() == wider
    assert twin.get_ylim()[1] >= spend_high


def test_update_refuses_another_picture(course_case, sweep):
    result = _result(course_case, 50_000)
    value, speed = plotting.plot_authority_value(sweep), plotting.plot_authority_speed(sweep)
    with pytest.raises(ValueError, match="ax: expected a picture of plot_authority_value, found 'authority_speed'"):
        plotting.update_authority_value(speed, sweep, result)
    with pytest.raises(ValueError, match="ax: expected a picture of plot_authority_speed, found 'authority_value'"):
        plotting.update_authority_speed(value, sweep, result)
    from kamlearn.i18n import language

    with language("nb"), pytest.raises(ValueError, match="ax: forventet et bilde tegnet av plot_authority_speed"):
        plotting.update_authority_speed(value, sweep, result)
    _, bare = plt.subplots()
    with pytest.raises(LookupError, match="ax: expected Axes drawn by a kamlearn plot function"):
        plotting.update_authority_value(bare, sweep, result)


@pytest.fixture(scope="module")
def app(course_case):
    return authority_simulator(course_case, years=YEARS)


def test_the_app_animates_exactly_the_artists_the_plots_returned(app):
    ax_value, ax_speed = app.live.axes
    value, speed = plotting.drawn(ax_value), plotting.drawn(ax_speed)
    assert (value.kind, speed.kind) == ("authority_value", "authority_speed")
    expected = [value["curve"], speed["share"], speed["spending"], value["point"], value["best"], value["marker"],
                speed["marker"]]
    animated = app.live._animated
    assert len(animated) == len(expected) and all(a is b for a, b in zip(animated, expected, strict=True))
    assert all(artist.get_animated() for artist in expected)
    # nothing else on the figure moves: every other line is static (drawn once into the background)
    others = [line for ax in app.live.figure.axes for line in ax.lines if not any(line is e for e in expected)]
    assert not any(line.get_animated() for line in others)


def test_a_slider_move_changes_the_drawn_artists(app, course_case):
    ax_value, ax_speed = app.live.axes
    value, speed = plotting.drawn(ax_value), plotting.drawn(ax_speed)
    point = (list(value["point"].get_xdata()), list(value["point"].get_ydata()))
    marker = list(speed["marker"].get_xdata())
    app.controls["limit"].value = 20_000.0 if app.controls["limit"].value != 20_000.0 else 300_000.0
    assert (list(value["point"].get_xdata()), list(value["point"].get_ydata())) != point
    assert list(speed["marker"].get_xdata()) != marker
    params = kamlearn.AuthorityParams(delay_mean_days=app.controls["delay"].value)
    sweep = kamlearn.sweep_limits(course_case, params=params, seed=0, years=YEARS)
    _assert_value_panel_shows(ax_value, sweep, app.result)
    _assert_speed_panel_shows(ax_speed, sweep, app.result)
    curve = np.array(value["curve"].get_ydata())
    picture = bytes(app.live.widget.value)
    app.controls["delay"].value = 5.0 if app.controls["delay"].value != 5.0 else 30.0
    assert not np.array_equal(np.asarray(value["curve"].get_ydata()), curve)  # the sweep for the new delay
    params = kamlearn.AuthorityParams(delay_mean_days=app.controls["delay"].value)
    sweep = kamlearn.sweep_limits(course_case, params=params, seed=0, years=YEARS)
    _assert_value_panel_shows(ax_value, sweep, app.result)
    _assert_speed_panel_shows(ax_speed, sweep, app.result)
    assert bytes(app.live.widget.value) != picture
