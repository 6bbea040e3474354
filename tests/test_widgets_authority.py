"""Headless tests of the authority simulator: set each control, compare what it shows with kamlearn."""

from __future__ import annotations

import math

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kamlearn
from kamlearn._format import mnok as format_nok
from kamlearn._format import percent as format_percent
from kamlearn.authority import DEFAULT_LIMIT_NOK
from kamlearn.widgets import authority_simulator
from kamlearn.widgets._common import css_class
from kamlearn.widgets.authority import format_limit

YEARS = 40  # fewer simulated years than the default keeps the tests fast; the wiring is the same


@pytest.fixture(scope="module")
def app(course_case) -> widgets.VBox:
    return authority_simulator(course_case, years=YEARS)


def expected(app: widgets.VBox, course_case) -> tuple[kamlearn.AuthorityResult, kamlearn.LimitSweep]:
    params = kamlearn.AuthorityParams(delay_mean_days=app.controls["delay"].value)
    limit = app.controls["limit"].value
    return (kamlearn.simulate_authority(course_case, limit, params, seed=0, years=YEARS),
            kamlearn.sweep_limits(course_case, params=params, seed=0, years=YEARS))


def assert_shows(app: widgets.VBox, course_case) -> None:
    result, sweep = expected(app, course_case)
    for key, value in result.metrics.items():
        if math.isnan(value):
            assert math.isnan(app.values[key])
        else:
            assert app.values[key] == pytest.approx(value, rel=1e-12, abs=1e-9), key
    assert app.values["best_limit"] == sweep.best_limit
    assert app.values["best_value_change_nok"] == pytest.approx(float(sweep.best["value_change_nok"]))
    html = app.outputs["summary"].value
    for text in (format_limit(result.limit), format_percent(result.share_decided_at_once),
                 f"{result.mean_delay_days:.1f} days", f"{result.retention_after:.3f}",
                 format_nok(result.escaped_spending_nok), format_nok(result.value_change_nok, signed=True),
                 format_limit(sweep.best_limit)):
        assert text in html, text
    assert app.message.level == ""
    assert app.result.limit == result.limit


def test_defaults_show_todays_limit(app: widgets.VBox, course_case) -> None:
    assert set(app.controls) == {"limit", "delay"}
    assert app.controls["limit"].value == DEFAULT_LIMIT_NOK
    assert app.controls["delay"].value == kamlearn.AuthorityParams().delay_mean_days
    assert_shows(app, course_case)
    assert app.live.widget.format == "jpeg" and bytes(app.live.widget.value[:3]) == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.parametrize("limit", [0.0, 20_000.0, 125_000.0, 500_000.0])
def test_limit_slider(app: widgets.VBox, limit: float, course_case) -> None:
    before = app.live.renders
    app.controls["limit"].value = limit
    assert_shows(app, course_case)
    assert app.live.renders == before + 1


@pytest.mark.parametrize("days", [0.0, 3.0, 25.0, 60.0])
def test_delay_slider(app: widgets.VBox, days: float, course_case) -> None:
    app.controls["delay"].value = days
    assert_shows(app, course_case)


def test_a_longer_delay_never_lowers_the_best_limit_shown(app: widgets.VBox) -> None:
    best = []
    for days in (2.0, 10.0, 40.0):
        app.controls["delay"].value = days
        best.append(app.values["best_limit"])
    assert best == sorted(best)


def test_every_control_has_its_css_class(app: widgets.VBox) -> None:
    for name, control in app.controls.items():
        assert css_class("authority", name) in control._dom_classes
    assert "kamlearn-authority" in app._dom_classes
    assert "kamlearn-authority-message" in app.message._dom_classes


def test_a_bad_setting_shows_a_message_and_keeps_the_last_result(app: widgets.VBox, course_case) -> None:
    app.controls["limit"].value = 30_000.0
    shown = dict(app.values)
    app.controls["limit"].value = float("nan")  # a value no slider should send: must not raise
    assert app.message.level == "error"
    assert "limit" in app.message.text
    assert app.values == shown
    app.controls["limit"].value = 40_000.0
    assert app.message.level == ""
    assert_shows(app, course_case)


def test_other_params_are_kept(app: widgets.VBox, course_case) -> None:
    params = kamlearn.AuthorityParams(requests_per_account=5.0, review_trim_share=0.4)
    own = authority_simulator(course_case, params=params, limit=80_000, years=YEARS)
    result = kamlearn.simulate_authority(course_case, 80_000, params, seed=0, years=YEARS)
    assert own.values["value_nok"] == pytest.approx(result.value_nok)
    assert own.values["requests_per_year"] == pytest.approx(result.metrics["requests_per_year"])


def test_works_on_an_analysts_own_case() -> None:
    from kamlearn.synthetic import synthetic_case

    own_case = synthetic_case(12, 3, 2, seed=4)
    own = authority_simulator(own_case, years=10, seed=3)
    result = kamlearn.simulate_authority(own_case, DEFAULT_LIMIT_NOK, seed=3, years=10)
    assert own.values["value_nok"] == pytest.approx(result.value_nok)
    assert own.message.level == ""


def test_bad_arguments_raise_before_the_app_exists(course_case) -> None:
    with pytest.raises(ValueError, match="params: expected an AuthorityParams"):
        authority_simulator(course_case, params={"delay_mean_days": 3})  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.floats(-1e6, 2e6), days=st.floats(-10, 100))
def test_no_slider_value_raises(app: widgets.VBox, limit: float, days: float) -> None:
    app.controls["limit"].value = limit  # the slider clamps to its range
    app.controls["delay"].value = days
    assert app.message.level == ""
    assert 0.0 <= app.values["share_decided_at_once"] <= 1.0
