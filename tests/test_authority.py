"""Tests for kamlearn.authority: the delegated-limit simulation against closed forms and invariants."""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kamlearn
from kamlearn.authority import (
    DEFAULT_LIMIT_NOK,
    AuthorityParameterError,
    AuthorityParams,
    account_request_rates,
    best_limit,
    simulate_authority,
    sweep_limits,
)

matplotlib.use("Agg")


def normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


@pytest.fixture(scope="module")
def case(course_case: kamlearn.Case) -> kamlearn.Case:
    return course_case


# ----------------------------------------------------------------------------- closed forms


def test_limit_above_every_request_gives_no_delay_and_baseline_retention(case: kamlearn.Case) -> None:
    params = AuthorityParams()
    result = simulate_authority(case, float("inf"), params, seed=5, years=50)
    m = result.metrics
    assert m["share_decided_at_once"] == 1.0
    assert m["mean_delay_days"] == 0.0
    assert math.isnan(m["mean_delay_reviewed_days"])
    assert m["review_cost_nok"] == 0.0
    np.testing.assert_allclose(result.accounts["retention_after"], case.accounts["retention"], rtol=1e-12)
    assert m["escaped_spending_nok"] == pytest.approx(m["spending_nok"], rel=1e-12)
    assert m["oversight_cost_nok"] == pytest.approx(params.review_trim_share * m["spending_nok"], rel=1e-12)
    # every account loses exactly what review would have trimmed, valued as a lifetime
    accounts = result.accounts
    multiple = kamlearn.clv_multiple(accounts["retention_before"], case.discount_rate, case.horizon_years)
    expected = -(params.review_trim_share * accounts["escaped_spending_nok"]) * multiple
    np.testing.assert_allclose(accounts["clv_change_nok"], expected, rtol=1e-9, atol=1e-3)


def test_limit_zero_sends_everything_to_management_and_waits_the_mean_delay(case: kamlearn.Case) -> None:
    params = AuthorityParams(delay_mean_days=12.0, delay_shape=1.0)  # exponential: sd = mean
    result = simulate_authority(case, 0.0, params, seed=11, years=400)
    n = result.metrics["requests_per_year"] * result.years
    standard_error = 12.0 / math.sqrt(n)
    assert result.share_decided_at_once == 0.0
    assert result.escaped_spending_nok == 0.0
    assert result.mean_delay_days == pytest.approx(12.0, abs=4 * standard_error)
    assert result.metrics["mean_delay_reviewed_days"] == result.mean_delay_days
    assert result.metrics["review_cost_nok"] == pytest.approx(params.review_cost_nok * n / result.years)


def test_retention_drop_matches_the_closed_form_when_the_cap_does_not_bind(case: kamlearn.Case) -> None:
    # E[weeks waited by account a] = lambda_a * mu / 7, so E[r'] = r - delta * lambda_a * mu / 7.
    params = AuthorityParams(delay_mean_days=10.0, delay_shape=1.0, retention_drop_per_week=0.0004,
                             max_retention_drop=1.0)
    result = simulate_authority(case, 0.0, params, seed=3, years=2000)
    rates = account_request_rates(case, params)
    expected = case.accounts["retention"] - params.retention_drop_per_week * rates * params.delay_mean_days / 7
    # weeks per account-year is a compound Poisson sum: variance lambda * E[D^2] / 49 = lambda * 2 mu^2 / 49
    sd = params.retention_drop_per_week * np.sqrt(rates * 2 * params.delay_mean_days**2 / 49) / math.sqrt(2000)
    assert (expected > 0).all()
    np.testing.assert_array_less(np.abs(result.accounts["retention_after"] - expected), 4 * sd + 1e-12)


def test_retention_never_drops_more_than_the_cap(case: kamlearn.Case) -> None:
    params = AuthorityParams(retention_drop_per_week=0.05, max_retention_drop=0.02)
    result = simulate_authority(case, 0.0, params, seed=1, years=30)
    drop = result.accounts["retention_before"] - result.accounts["retention_after"]
    assert float(drop.max()) == pytest.approx(0.02)
    assert (drop <= 0.02 + 1e-12).all()


@pytest.mark.parametrize("limit", [5_000.0, 20_000.0, 120_000.0])
def test_share_decided_at_once_and_escaped_spending_match_the_lognormal(case: kamlearn.Case, limit: float) -> None:
    params = AuthorityParams(request_median_nok=20_000.0, request_sigma=0.8)
    result = simulate_authority(case, limit, params, seed=7, years=500)
    z = (math.log(limit) - math.log(params.request_median_nok)) / params.request_sigma
    share = normal_cdf(z)
    n = result.metrics["requests_per_year"] * result.years
    assert result.share_decided_at_once == pytest.approx(share, abs=4 * math.sqrt(share * (1 - share) / n))
    # E[S; S <= L] = median * exp(sigma^2 / 2) * Phi(z - sigma), times the requests a year
    sigma = params.request_sigma
    per_request = params.request_median_nok * math.exp(sigma**2 / 2) * normal_cdf(z - sigma)
    expected = float(account_request_rates(case, params).sum()) * per_request
    assert result.escaped_spending_nok == pytest.approx(expected, rel=0.03)


def test_request_rates_add_up_and_follow_revenue(case: kamlearn.Case) -> None:
    rates = account_request_rates(case)
    assert float(rates.sum()) == pytest.approx(15.0 * 16)
    revenue = case.accounts["yearly_revenue_nok"]
    np.testing.assert_allclose(rates / rates.sum(), revenue / revenue.sum())
    equal = account_request_rates(case, AuthorityParams(arrivals_by="equal"))
    np.testing.assert_allclose(equal, 15.0)


# ----------------------------------------------------------------------------- reproducibility


def test_same_seed_same_numbers(case: kamlearn.Case) -> None:
    first = simulate_authority(case, 40_000, seed=123, years=30)
    second = simulate_authority(case, 40_000, seed=123, years=30)
    assert first.metrics == second.metrics
    pd.testing.assert_frame_equal(first.accounts, second.accounts)
    pd.testing.assert_frame_equal(first.requests, second.requests)
    other = simulate_authority(case, 40_000, seed=124, years=30)
    assert other.metrics["value_nok"] != first.metrics["value_nok"]


def test_sweep_uses_the_same_requests_as_single_runs(case: kamlearn.Case) -> None:
    limits = [0.0, 10_000.0, 50_000.0, float("inf")]
    sweep = sweep_limits(case, limits, seed=9, years=40)
    assert list(sweep.table.index) == limits
    for limit in limits:
        single = simulate_authority(case, limit, seed=9, years=40)
        row = sweep.table.loc[limit]
        for key in ("value_nok", "mean_delay_days", "escaped_spending_nok", "retention_after"):
            assert row[key] == pytest.approx(single.metrics[key], rel=1e-12)


def test_sweep_is_monotone_in_the_limit(case: kamlearn.Case) -> None:
    sweep = sweep_limits(case, seed=2, years=40)
    table = sweep.table
    assert table.index.is_monotonic_increasing
    assert (np.diff(table["mean_delay_days"]) <= 1e-12).all()
    assert (np.diff(table["share_decided_at_once"]) >= 0).all()
    assert (np.diff(table["escaped_spending_nok"]) >= 0).all()
    assert (np.diff(table["retention_after"]) >= -1e-12).all()
    assert sweep.best_limit == float(table["value_nok"].idxmax())
    assert sweep.best["value_nok"] == table["value_nok"].max()


def test_the_best_limit_of_the_case_company_is_between_the_extremes(case: kamlearn.Case) -> None:
    sweep = sweep_limits(case, seed=0, years=100)
    best = sweep.best_limit
    assert 0 < best < sweep.table.index.max()
    assert sweep.best["value_nok"] > sweep.table.loc[0.0, "value_nok"]
    assert best_limit(case, seed=0, years=100) == best


def test_extreme_settings_push_the_best_limit_to_the_ends(case: kamlearn.Case) -> None:
    limits = [0.0, 10_000.0, 100_000.0, float("inf")]
    no_goodwill_cost = AuthorityParams(retention_drop_per_week=0.0, review_cost_nok=0.0)
    assert best_limit(case, limits, no_goodwill_cost, years=20) == 0.0
    no_oversight_value = AuthorityParams(review_trim_share=0.0)
    assert best_limit(case, limits, no_oversight_value, years=20) == float("inf")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limit=st.floats(0, 1e7),
    median=st.floats(100, 1e6),
    sigma=st.floats(0, 2),
    drop=st.floats(0, 0.01),
    cap=st.floats(0, 0.2),
    trim=st.floats(0, 1),
    seed=st.integers(0, 2**32),
)
def test_waiting_and_lost_oversight_never_create_value(
    case: kamlearn.Case, limit: float, median: float, sigma: float, drop: float, cap: float, trim: float, seed: int
) -> None:
    params = AuthorityParams(request_median_nok=median, request_sigma=sigma, retention_drop_per_week=drop,
                             max_retention_drop=cap, review_trim_share=trim)
    result = simulate_authority(case, limit, params, seed=seed, years=3)
    accounts = result.accounts
    assert (accounts["retention_after"] <= accounts["retention_before"] + 1e-12).all()
    assert (accounts["retention_after"] >= accounts["retention_before"] - cap - 1e-12).all()
    assert (accounts["clv_change_nok"] <= 1e-6).all()  # every case account has a positive margin
    assert 0.0 <= result.share_decided_at_once <= 1.0
    assert result.escaped_spending_nok <= result.metrics["spending_nok"] + 1e-6


# ----------------------------------------------------------------------------- results and display


def test_result_tables_and_text(case: kamlearn.Case) -> None:
    result = simulate_authority(case, DEFAULT_LIMIT_NOK, seed=4, years=10)
    requests = result.requests
    assert list(requests.columns) == ["year", "account_id", "size_nok", "reviewed", "delay_days"]
    assert len(requests) == round(result.metrics["requests_per_year"] * 10)
    assert (requests["reviewed"] == (requests["size_nok"] > DEFAULT_LIMIT_NOK)).all()
    assert (requests.loc[~requests["reviewed"], "delay_days"] == 0).all()
    assert set(requests["account_id"]) <= set(case.accounts.index)
    assert result.to_frame().index.name == "account_id"
    assert "Delegated limit: 50,000 NOK" in result.summary()
    assert "<table" in result._repr_html_()
    assert "AuthorityResult(limit=50,000 NOK" in repr(result)
    sweep = sweep_limits(case, [0, 1e4], years=5)
    assert "Best delegated limit" in sweep.summary()
    assert "<table" in sweep._repr_html_()
    assert sweep.to_frame().index.name == "limit_nok"


def test_plot_authority_sweep_returns_the_axes(case: kamlearn.Case) -> None:
    import matplotlib.pyplot as plt

    from kamlearn.plotting.authority import plot_authority_sweep

    sweep = sweep_limits(case, [0, 1_000, 10_000, 100_000, float("inf")], years=10)
    _, ax = plt.subplots()
    out = plot_authority_sweep(sweep, ax=ax, today=DEFAULT_LIMIT_NOK)
    assert out is ax
    assert ax.get_xscale() == "log"
    assert len(ax.lines[0].get_xdata()) == 3  # 0 and inf are left off the log axis
    assert sweep.plot().get_xlabel() == "Delegated limit per request (NOK)"
    plt.close("all")


# ----------------------------------------------------------------------------- bad parameters


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("requests_per_account", -1.0, r"requests_per_account: expected a number of at least 0, found -1"),
        ("requests_per_account", float("nan"), r"requests_per_account: expected a finite number, found nan"),
        ("arrivals_by", "size", r"arrivals_by: expected one of 'revenue', 'equal', found 'size'"),
        ("request_median_nok", 0.0, r"request_median_nok: expected a number above 0, found 0"),
        ("request_sigma", -0.5, r"request_sigma: expected a number of at least 0, found -0.5"),
        ("delay_mean_days", -3, r"delay_mean_days: expected a number of at least 0, found -3"),
        ("delay_shape", 0.0, r"delay_shape: expected a number above 0, found 0"),
        ("retention_drop_per_week", 1.5, r"retention_drop_per_week: expected a number from 0 to 1, found 1.5"),
        ("max_retention_drop", -0.1, r"max_retention_drop: expected a number from 0 to 1, found -0.1"),
        ("review_trim_share", 2.0, r"review_trim_share: expected a number from 0 to 1, found 2.0"),
        ("review_cost_nok", -100.0, r"review_cost_nok: expected a number of at least 0, found -100"),
        ("review_cost_nok", "cheap", r"review_cost_nok: expected a number, found 'cheap'"),
    ],
)
def test_bad_parameters_raise_with_name_and_value(field: str, value: object, match: str) -> None:
    with pytest.raises(AuthorityParameterError, match=match):
        AuthorityParams(**{field: value})  # type: ignore[arg-type]


def test_parameter_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="delay_shape"):
        AuthorityParams(delay_shape=-1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"limit": -1.0}, r"limit: expected a number of NOK of at least 0 \(inf for no limit\), found -1.0"),
        ({"limit": float("nan")}, r"limit: expected a number of NOK of at least 0"),
        ({"years": 0}, r"years: expected a whole number of at least 1, found 0"),
        ({"years": 2.5}, r"years: expected a whole number of at least 1, found 2.5"),
        ({"seed": -4}, r"seed: expected None or a whole number of at least 0, found -4"),
        ({"params": {"delay_mean_days": 3}}, r"params: expected an AuthorityParams, found 'dict'"),
    ],
)
def test_bad_simulation_inputs_raise(case: kamlearn.Case, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(AuthorityParameterError, match=match):
        simulate_authority(case, **kwargs)  # type: ignore[arg-type]


def test_bad_limits_in_a_sweep_raise(case: kamlearn.Case) -> None:
    with pytest.raises(AuthorityParameterError, match=r"limit: .* found -5"):
        sweep_limits(case, [0, -5])
    with pytest.raises(AuthorityParameterError, match=r"limits: expected at least one limit"):
        sweep_limits(case, [])


def test_params_are_frozen_and_listed() -> None:
    params = AuthorityParams()
    with pytest.raises(AttributeError):
        params.delay_mean_days = 3.0  # type: ignore[misc]
    listed = params.to_series()
    assert listed["delay_mean_days"] == 10.0
    assert len(listed) == 10


def test_authority_parameter_error_lives_in_errors() -> None:
    from kamlearn import errors

    assert AuthorityParameterError is errors.AuthorityParameterError is kamlearn.AuthorityParameterError
    assert issubclass(AuthorityParameterError, ValueError)


@pytest.mark.parametrize("function", [simulate_authority, sweep_limits, kamlearn.best_limit])
def test_leaving_out_the_case_is_deprecated(case: kamlearn.Case, function: Any) -> None:
    with pytest.warns(DeprecationWarning, match=rf"{function.__name__}\(\) without a case loads the course case"):
        loaded = function(limits=[0.0], years=2) if function is not simulate_authority else function(years=2)
    passed = function(case, limits=[0.0], years=2) if function is not simulate_authority else function(case, years=2)
    if function is simulate_authority:
        assert loaded.metrics == passed.metrics
    elif function is sweep_limits:
        pd.testing.assert_frame_equal(loaded.table, passed.table)
    else:
        assert loaded == passed
