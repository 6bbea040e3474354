"""Tests of response curves, judgmental calibration and effort allocation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamlearn import AdbudgCurve, ExponentialCurve, InfeasibleError, allocate_effort, calibrate_adbudg


def test_adbudg_closed_values() -> None:
    curve = AdbudgCurve(a=100.0, b=20.0, c=1.0, d=50.0)
    assert float(curve(0.0)) == 20.0
    assert float(curve(50.0)) == pytest.approx(60.0)
    assert float(curve.marginal(0.0)) == pytest.approx(80.0 / 50.0)
    h = 1e-6
    assert float(curve.marginal(30.0)) == pytest.approx(float((curve(30.0 + h) - curve(30.0 - h)) / (2 * h)), rel=1e-6)


def test_exponential_marginal_is_derivative() -> None:
    curve = ExponentialCurve(a=100.0, b=20.0, k=0.05)
    h = 1e-6
    assert float(curve.marginal(10.0)) == pytest.approx(float((curve(10.0 + h) - curve(10.0 - h)) / (2 * h)), rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    zero=st.floats(0, 100),
    steps=st.lists(st.floats(0.5, 100), min_size=3, max_size=3),
    effort=st.floats(1, 1000),
)
def test_calibration_passes_through_the_four_estimates(zero: float, steps: list[float], effort: float) -> None:
    today, plus_50, saturation = zero + steps[0], zero + steps[0] + steps[1], zero + sum(steps)
    curve = calibrate_adbudg(zero, today, plus_50, saturation, effort)
    assert float(curve(0.0)) == pytest.approx(zero, abs=1e-9)
    assert float(curve(effort)) == pytest.approx(today, rel=1e-9)
    assert float(curve(1.5 * effort)) == pytest.approx(plus_50, rel=1e-9)
    # saturation is the limit: where x**c / d = 1e9 the curve is within 1e-9 of the way to it
    log_big = (np.log(float(curve.d)) + np.log(1e9)) / float(curve.c)
    if log_big < 700:
        big = float(np.exp(log_big))
        assert float(curve(big)) == pytest.approx(saturation, rel=1e-6)
    assert float(curve.a) == saturation and float(curve.b) == zero


def test_calibration_is_vectorised_and_rejects_bad_estimates() -> None:
    curve = calibrate_adbudg([0.0, 10.0], [50.0, 40.0], [60.0, 55.0], [80.0, 70.0], [100.0, 10.0])
    np.testing.assert_allclose(curve([100.0, 10.0]), [50.0, 40.0])
    with pytest.raises(ValueError, match="rise strictly"):
        calibrate_adbudg(10.0, 5.0, 20.0, 30.0, 1.0)
    with pytest.raises(ValueError, match="effort above 0"):
        calibrate_adbudg(0.0, 5.0, 20.0, 30.0, 0.0)


def random_curves(rng: np.random.Generator, n: int, kind: str) -> AdbudgCurve | ExponentialCurve:
    if kind == "exponential":
        return ExponentialCurve(a=rng.uniform(50, 150, n), b=rng.uniform(0, 40, n), k=rng.uniform(0.002, 0.05, n))
    return AdbudgCurve(a=rng.uniform(50, 150, n), b=rng.uniform(0, 40, n), c=rng.uniform(0.3, 1.0, n),
                       d=rng.uniform(2, 60, n))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), kind=st.sampled_from(["exponential", "adbudg"]),
       hours=st.floats(10, 5_000), cap=st.floats(20, 2_000))
def test_equal_marginal_returns_at_the_optimum(seed: int, kind: str, hours: float, cap: float) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    curves = random_curves(rng, n, kind)
    lower = rng.uniform(0, 5, n)
    result = allocate_effort(curves, hours + lower.sum(), lower, cap)
    lam = result.marginal_return
    inside = ~result.at_lower & ~result.at_upper
    assert result.total_hours <= hours + lower.sum() + 1e-6
    assert np.all(result.hours >= lower - 1e-12) and np.all(result.hours <= cap + 1e-9)
    np.testing.assert_allclose(result.marginal[inside], lam, rtol=1e-6)
    assert np.all(result.marginal[result.at_lower & ~result.at_upper] <= lam * (1 + 1e-6))
    assert np.all(result.marginal[result.at_upper & ~result.at_lower] >= lam * (1 - 1e-6))
    assert result.status == "optimal"
    # no feasible small move of hours between two accounts improves the total
    if inside.sum() >= 2:
        i, j = np.flatnonzero(inside)[:2]
        moved = result.hours.copy()
        step = 1e-3 * min(moved[i] - lower[i], 1.0)
        moved[i] -= step
        moved[j] += step
        assert float(curves.response(moved).sum()) <= result.total_response + 1e-9 * abs(result.total_response)


def test_against_a_general_optimiser() -> None:
    from scipy.optimize import minimize

    rng = np.random.default_rng(3)
    n = 8
    curves = random_curves(rng, n, "adbudg")
    total = 300.0
    result = allocate_effort(curves, total, 0.0, 200.0)
    res = minimize(lambda x: -curves.response(x).sum(), np.full(n, total / n), method="SLSQP",
                   bounds=[(0, 200)] * n, constraints=[{"type": "ineq", "fun": lambda x: total - x.sum()}])
    assert result.total_response >= -res.fun - 1e-6


def test_enough_hours_for_everyone() -> None:
    curves = ExponentialCurve(a=[100.0, 50.0], b=[0.0, 0.0], k=[0.1, 0.1])
    result = allocate_effort(curves, 1_000.0, 0.0, [10.0, 20.0])
    np.testing.assert_allclose(result.hours, [10.0, 20.0])
    assert result.marginal_return == 0.0


def test_lower_bounds_above_the_pool() -> None:
    curves = ExponentialCurve(a=[100.0, 50.0], b=[0.0, 0.0], k=[0.1, 0.1])
    with pytest.raises(InfeasibleError, match=r"lower bounds need 30.0 hours but the pool is 20.0"):
        allocate_effort(curves, 20.0, [10.0, 20.0])
    with pytest.raises(ValueError, match="0 <= lower <= upper"):
        allocate_effort(curves, 20.0, [10.0, 0.0], [5.0, 5.0])


def test_s_shaped_curves_report_a_bound() -> None:
    rng = np.random.default_rng(1)
    n = 50
    curves = AdbudgCurve(a=rng.uniform(50, 150, n), b=rng.uniform(0, 40, n), c=rng.uniform(1.5, 3, n),
                         d=rng.uniform(100, 5_000, n))
    result = allocate_effort(curves, 2_000.0, 0.0, 500.0)
    assert result.status == "within_gap"
    assert result.upper_bound >= result.total_response
    assert result.total_hours <= 2_000.0 + 1e-6
    frame = result.to_frame()
    assert list(frame.columns) == ["hours", "response", "marginal_return", "at_lower", "at_upper"]
