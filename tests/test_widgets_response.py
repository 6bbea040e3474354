"""Headless tests of the response calibrator: type estimates, compare what it shows with kamlearn."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pytest

import kamlearn
from kamlearn._format import mnok as format_nok
from kamlearn.effort import judged_estimates, plan_effort
from kamlearn.response import calibrate_adbudg
from kamlearn.widgets import response_calibrator
from kamlearn.widgets._common import css_class

COLUMNS = ["zero", "today", "plus_50", "saturation"]


@pytest.fixture()
def app(course_case) -> widgets.VBox:
    return response_calibrator(course_case)


def assert_shows(app: widgets.VBox) -> None:
    estimates = app.estimates
    plan = plan_effort(estimates, app.controls["hours"].value)
    aid = app.controls["account"].value
    row = estimates.loc[aid]
    curve = calibrate_adbudg(row["zero"], row["today"], row["plus_50"], row["saturation"],
                             today_effort=row["today_hours"])
    assert app.values["c"] == pytest.approx(float(curve.c))
    assert app.values["d"] == pytest.approx(float(curve.d))
    assert app.values["hours"] == pytest.approx(plan.table.loc[aid, "hours"])
    assert app.values["total_response"] == pytest.approx(plan.total_response)
    assert app.values["gain"] == pytest.approx(plan.gain)
    assert app.values["marginal_return"] == pytest.approx(plan.marginal_return)
    for other in estimates.index:
        assert app.values[f"hours-{other}"] == pytest.approx(plan.table.loc[other, "hours"])
    html = app.outputs["summary"].value
    assert format_nok(plan.total_response) in html
    assert f"{plan.marginal_return:,.0f} NOK" in html
    for column in COLUMNS:
        assert app.controls[column].value * 1e6 == pytest.approx(row[column])
    assert app.message.level in ("", "warning")


def test_defaults_show_the_case_estimates(app: widgets.VBox, course_case) -> None:
    assert set(app.controls) == {"account", *COLUMNS, "hours", "reset"}
    assert app.controls["account"].value == course_case.accounts.index[0]
    assert app.estimates.equals(judged_estimates(course_case))
    assert_shows(app)
    assert app.live.widget.format == "jpeg" and bytes(app.live.widget.value[:3]) == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.parametrize("account", ["A02", "A09", "A16"])
def test_account_chooser_fills_the_estimates(app: widgets.VBox, account: str) -> None:
    app.controls["account"].value = account
    assert_shows(app)


@pytest.mark.parametrize(("column", "factor"), [("zero", 0.9), ("today", 1.001), ("plus_50", 1.01), ("saturation", 1.2)])
def test_each_estimate(app: widgets.VBox, column: str, factor: float) -> None:
    app.controls["account"].value = "A03"
    before = app.live.renders
    app.controls[column].value = app.controls[column].value * factor
    assert_shows(app)
    assert app.estimates.loc["A03", column] == pytest.approx(app.controls[column].value * 1e6)
    assert app.live.renders == before + 1


def test_the_curve_goes_through_the_estimates(app: widgets.VBox) -> None:
    app.controls["account"].value = "A05"
    app.controls["plus_50"].value = app.controls["plus_50"].value * 1.005
    plan = app.result
    position = list(app.estimates.index).index("A05")
    row = app.estimates.loc["A05"]
    a, b, c, d = (np.asarray(getattr(plan.curve, k), dtype=float)[position] for k in "abcd")
    curve = kamlearn.response.AdbudgCurve(a=a, b=b, c=c, d=d)
    assert float(curve(0.0)) == pytest.approx(row["zero"])
    assert float(curve(row["today_hours"])) == pytest.approx(row["today"])
    assert float(curve(1.5 * row["today_hours"])) == pytest.approx(row["plus_50"])


def test_equal_marginal_returns_for_accounts_with_hours(app: widgets.VBox) -> None:
    table = app.result.table
    inside = table[(table["hours"] > 1e-6) & (table["hours"] < app.controls["hours"].value)]
    assert np.allclose(inside["marginal"], app.values["marginal_return"], rtol=1e-6)


def test_pool_slider(app: widgets.VBox) -> None:
    for pool in (0.0, 500.0, app.controls["hours"].max):
        app.controls["hours"].value = pool
        assert_shows(app)
    assert app.values["total_response"] > app.values["total_response_today"]


def test_estimates_that_do_not_rise_show_a_message(app: widgets.VBox, course_case) -> None:
    shown = dict(app.values)
    app.controls["zero"].value = app.controls["saturation"].value + 1
    assert app.message.level == "error"
    assert "expected no effort < today < +50 % < saturation (MNOK a year)" in app.message.text
    # the same unit as the boxes: MNOK with two decimals, never the NOK the model works in
    assert f"{app.controls['zero'].value:,.2f}" in app.message.text and app.message.text.endswith("MNOK.")
    assert app.values == shown
    app.controls["reset"].click()
    assert app.message.level == ""
    assert app.estimates.equals(judged_estimates(course_case))
    assert_shows(app)


def test_an_s_shaped_curve_warns(app: widgets.VBox) -> None:
    app.controls["zero"].value = app.controls["today"].value * 0.78
    app.controls["saturation"].value = app.controls["plus_50"].value * 1.02
    assert app.values["c"] > 1
    assert app.message.level == "warning"
    assert_shows(app)


def test_nan_never_raises(app: widgets.VBox) -> None:
    app.controls["today"].value = float("nan")
    assert app.message.level == "error"


def test_every_control_has_its_css_class(app: widgets.VBox) -> None:
    for name, control in app.controls.items():
        assert css_class("response", name) in control._dom_classes
    assert "kamlearn-response" in app._dom_classes


def test_an_analysts_own_estimates(course_case) -> None:
    import pandas as pd

    own = pd.DataFrame({"today_hours": [100.0, 50.0], "zero": [1.0e6, 2.0e6], "today": [2.0e6, 2.5e6],
                        "plus_50": [2.3e6, 2.6e6], "saturation": [2.8e6, 2.8e6]}, index=["K1", "K2"])
    app = response_calibrator(course_case, estimates=own, account="K2")
    assert app.controls["account"].value == "K2"
    assert app.values["total_response"] == pytest.approx(plan_effort(own).total_response)
    with pytest.raises(ValueError, match="account: expected one of"):
        response_calibrator(course_case, estimates=own, account="A01")
