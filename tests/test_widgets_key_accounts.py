"""Headless tests of the key-accounts app: set each control, compare what it shows with kamlearn."""

from __future__ import annotations

import numpy as np
import pytest

import kamlearn
from kamlearn._format import percent as format_percent
from kamlearn.groups import demand_against_capacity
from kamlearn.widgets import key_accounts_app
from kamlearn.widgets.key_accounts import RANKINGS, b_threshold


@pytest.fixture(scope="module")
def app(course_case):  # type: ignore[no-untyped-def]
    return key_accounts_app(course_case)


@pytest.mark.parametrize("ranking", list(RANKINGS))
@pytest.mark.parametrize("threshold", [0.5, 0.65, 0.8, 0.95])
def test_every_setting_shows_what_kamlearn_computes(app, ranking: str, threshold: float, course_case) -> None:  # type: ignore[no-untyped-def]
    before = app.live.renders
    app.controls["ranking"].value = ranking
    app.controls["threshold"].value = threshold
    abc = kamlearn.abc_analysis(course_case, thresholds=(threshold, b_threshold(threshold)), by=RANKINGS[ranking])
    key = list(abc.index[abc["abc_class"] == "A"])
    demand = demand_against_capacity(course_case, key)
    assert app.values["key_accounts"] == len(key)
    assert app.values["key_share"] == pytest.approx(float(abc.loc[key, "share"].sum()))
    assert app.values["groups"] == int(course_case.initiatives["account_id"].isin(key).sum())
    for resource, ratio in demand["ratio"].items():
        assert app.values[f"ratio-{resource}"] == pytest.approx(float(ratio))
    html = app.outputs["summary"].value
    assert format_percent(app.values["key_share"]) in html and ", ".join(key) in html
    assert app.live.renders > before
    assert app.message.level == ""


def test_slider_clamps_and_never_raises(app) -> None:  # type: ignore[no-untyped-def]
    app.controls["threshold"].value = 5.0
    assert app.controls["threshold"].value == pytest.approx(0.95)
    app.controls["threshold"].value = 0.8


def test_a_model_error_shows_a_message(monkeypatch: pytest.MonkeyPatch, course_case) -> None:
    app = key_accounts_app(course_case)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("thresholds: expected 0 < A < B <= 1.")

    monkeypatch.setattr("kamlearn.widgets.key_accounts.abc_analysis", broken)
    app.controls["threshold"].value = 0.6
    assert app.message.level == "error" and "thresholds" in app.message.text


def test_css_classes(app) -> None:  # type: ignore[no-untyped-def]
    assert "kamlearn-key-accounts" in app._dom_classes
    assert "kamlearn-key-accounts-threshold" in app.controls["threshold"]._dom_classes
    assert "kamlearn-key-accounts-ranking" in app.controls["ranking"]._dom_classes


def test_b_threshold() -> None:
    assert b_threshold(0.8) == 0.95
    assert b_threshold(0.95) == pytest.approx(0.975)


def test_demand_against_capacity(course_case) -> None:
    table = demand_against_capacity(course_case)
    assert list(table.index) == list(course_case.resources.index)
    np.testing.assert_allclose(table["demand"], course_case.demand_matrix().sum())
    np.testing.assert_allclose(table["ratio"], table["demand"] / table["capacity"])
    assert (table["short"] == (table["demand"] - table["capacity"]).clip(lower=0)).all()
    only = demand_against_capacity(course_case, ["A01"])
    groups = course_case.initiatives.index[course_case.initiatives["account_id"] == "A01"]
    np.testing.assert_allclose(only["demand"], course_case.demand_matrix().loc[groups].sum())
    with pytest.raises(KeyError, match="A99 is not an account"):
        demand_against_capacity(course_case, ["A99"])
    none = course_case.with_capacity(integration_slots=0)
    assert np.isinf(demand_against_capacity(none).loc["integration_slots", "ratio"])
