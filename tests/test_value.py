"""Tests for kamlearn.value against closed forms and with hypothesis properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamlearn
from kamlearn import (
    abc_analysis,
    account_outcome,
    break_even_retention_uplift,
    clv_multiple,
    customer_lifetime_value,
    initiative_cost,
    retention_after,
)

retentions = st.floats(min_value=0.0, max_value=0.99)
rates = st.floats(min_value=0.0, max_value=0.5)
margins = st.floats(min_value=1e3, max_value=1e9)


def test_clv_multiple_closed_form() -> None:
    assert clv_multiple(0.8, 0.10) == pytest.approx(2.6667, abs=1e-4)
    assert customer_lifetime_value(1_000_000, 0.8, 0.10) == pytest.approx(8 / 3 * 1e6)


def test_clv_equals_explicit_discounted_sum() -> None:
    m, r, d = 2.5e6, 0.85, 0.08
    years = np.arange(1, 2000)
    explicit = float(np.sum(m * r**years / (1 + d) ** years))
    assert customer_lifetime_value(m, r, d) == pytest.approx(explicit, rel=1e-9)


def test_clv_is_vectorised_over_series() -> None:
    margin = pd.Series([1e6, 2e6], index=["a", "b"])
    retention = pd.Series([0.8, 0.9], index=["a", "b"])
    out = customer_lifetime_value(margin, retention, 0.1)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b"]
    assert out["b"] == pytest.approx(2e6 * 0.9 / 0.2)


@pytest.mark.parametrize(("retention", "rate"), [(1.2, 0.1), (-0.1, 0.1), (0.5, -0.2), (np.nan, 0.1)])
def test_clv_rejects_bad_parameters(retention: float, rate: float) -> None:
    with pytest.raises(ValueError, match=r"(retention|discount_rate): expected"):
        customer_lifetime_value(1e6, retention, rate)


@given(margins, retentions, retentions, rates)
def test_clv_rises_with_retention(m: float, r1: float, r2: float, d: float) -> None:
    low, high = sorted((r1, r2))
    assert customer_lifetime_value(m, high, d) >= customer_lifetime_value(m, low, d) - 1e-6


@given(margins, retentions, rates, rates)
def test_clv_falls_with_discount_rate(m: float, r: float, d1: float, d2: float) -> None:
    low, high = sorted((d1, d2))
    assert customer_lifetime_value(m, r, high) <= customer_lifetime_value(m, r, low) + 1e-6


def test_retention_after_removes_fractions_of_remaining_churn() -> None:
    assert retention_after(0.8, [0.5]) == pytest.approx(0.9)
    assert retention_after(0.8, [0.5, 0.5]) == pytest.approx(0.95)
    assert retention_after(0.8, []) == pytest.approx(0.8)


@given(retentions, st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_each_extra_group_changes_retention_less(r: float, effects: list[float]) -> None:
    """Diminishing returns: the k-th identical group adds no more retention than the (k-1)-th."""
    e = effects[0]
    gains = np.diff([float(retention_after(r, [e] * k)) for k in range(len(effects) + 2)])
    assert np.all(np.diff(gains) <= 1e-12)


def test_account_outcome_of_nothing_changes_nothing() -> None:
    case = kamlearn.load_case()
    empty = case.initiatives.iloc[0:0]
    out = account_outcome(case.accounts.loc["A01"], empty, case.discount_rate)
    assert out["clv_gain"] == pytest.approx(0.0)
    assert out["clv_before"] == pytest.approx(customer_lifetime_value(case.yearly_margin()["A01"], 0.78, 0.1))


def test_account_outcome_of_all_eight_groups() -> None:
    case = kamlearn.load_case()
    groups = case.initiatives[case.initiatives["account_id"] == "A01"]
    out = account_outcome(case.accounts.loc["A01"], groups, case.discount_rate)
    churn_left = np.prod(1 - groups["churn_reduction"].to_numpy())
    assert out["retention_after"] == pytest.approx(1 - 0.22 * churn_left)
    share = min(1.0, 0.45 + groups["share_of_wallet_gain"].sum())
    assert out["revenue_after"] == pytest.approx(118e6 * share / 0.45)
    assert out["clv_gain"] > initiative_cost(case)[groups.index].sum()  # the eight groups pay off


def test_break_even_uplift_closed_form() -> None:
    u = break_even_retention_uplift(1_000_000, 0.8, 500_000, 0.10)
    gain = customer_lifetime_value(1e6, 0.8 + u, 0.1) - customer_lifetime_value(1e6, 0.8, 0.1)
    assert gain == pytest.approx(500_000)


@given(margins, st.floats(0.0, 0.95), st.floats(0.0, 1e8), rates)
def test_break_even_uplift_breaks_even(m: float, r: float, investment: float, d: float) -> None:
    u = break_even_retention_uplift(m, r, investment, d)
    if np.isinf(u):
        assert customer_lifetime_value(m, 1.0, max(d, 1e-9)) - customer_lifetime_value(m, r, d) < investment * (1 + 1e-9)
        return
    assert u >= -1e-12
    gain = customer_lifetime_value(m, r + u, d) - customer_lifetime_value(m, r, d)
    assert gain == pytest.approx(investment, rel=1e-6, abs=1e-3)


def test_break_even_impossible_is_infinite() -> None:
    assert np.isinf(break_even_retention_uplift(1_000, 0.5, 1e9, 0.1))
    assert np.isinf(break_even_retention_uplift(-5.0, 0.5, 1.0, 0.1))


def test_break_even_rejects_negative_investment() -> None:
    with pytest.raises(ValueError, match="investment"):
        break_even_retention_uplift(1e6, 0.8, -1.0)


def test_abc_analysis_classes_and_order() -> None:
    abc = abc_analysis(kamlearn.load_case())
    assert abc["yearly_margin"].is_monotonic_decreasing
    assert abc["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    a = abc[abc["abc_class"] == "A"]
    assert a["cumulative_share"].max() <= 0.80 + 1e-9
    assert list(abc["abc_class"]) == sorted(abc["abc_class"])


def test_abc_analysis_by_revenue_and_thresholds() -> None:
    case = kamlearn.load_case()
    tight = abc_analysis(case, thresholds=(0.3, 0.6), by="yearly_revenue_nok")
    assert (tight["abc_class"] == "A").sum() == 1  # the first account is always A
    with pytest.raises(ValueError, match="thresholds"):
        abc_analysis(case, thresholds=(0.9, 0.5))
    with pytest.raises(ValueError, match="by: expected"):
        abc_analysis(case, by="nonsense")


def test_initiative_cost_is_amount_times_unit_cost() -> None:
    case = kamlearn.load_case()
    cost = initiative_cost(case)
    demands = case.demands
    unit = case.resources["cost_per_unit_nok"]
    mine = demands[demands.initiative_id == "A01-G1"]
    expected = sum(row.amount * unit[row.resource_id] for row in mine.itertuples())
    assert cost["A01-G1"] == pytest.approx(expected)


# ----------------------------------------------------------------------------- planning horizon


def test_horizon_multiple_matches_the_sum_of_discounted_years() -> None:
    r, d = 0.8, 0.10
    for h in (1, 3, 5, 12):
        by_hand = sum((r / (1 + d)) ** t for t in range(1, h + 1))
        assert kamlearn.clv_multiple(r, d, horizon_years=h) == pytest.approx(by_hand, rel=1e-12)
    # the analytic value of domain.md: 2.12 yearly margins over five years
    assert round(kamlearn.clv_multiple(r, d, horizon_years=5), 2) == 2.12
    # a long horizon tends to the closed form; no horizon is the closed form
    assert kamlearn.clv_multiple(r, d, horizon_years=400) == pytest.approx(kamlearn.clv_multiple(r, d), rel=1e-12)
    assert kamlearn.clv_multiple(r, d, horizon_years=None) == kamlearn.clv_multiple(r, d)
    # retention 1 and no discounting: H years of margin
    assert kamlearn.clv_multiple(1.0, 0.0, horizon_years=3) == pytest.approx(3.0)


def test_horizon_keeps_series_shape_and_checks_its_input() -> None:
    retention = pd.Series([0.5, 0.8, 0.95], index=["a", "b", "c"])
    out = kamlearn.customer_lifetime_value(1_000.0, retention, 0.1, horizon_years=5)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b", "c"]
    assert out.is_monotonic_increasing
    for bad in (0, -2, "five"):
        with pytest.raises(ValueError, match="horizon_years: expected a number of years above 0"):
            kamlearn.clv_multiple(0.8, 0.1, horizon_years=bad)


@pytest.mark.parametrize("horizon", [1, 3, 5, 10])
def test_break_even_with_a_horizon_pays_exactly_for_the_investment(horizon: int) -> None:
    m, r, d, investment = 2_000_000.0, 0.75, 0.08, 900_000.0
    u = kamlearn.break_even_retention_uplift(m, r, investment, d, horizon_years=horizon)
    if np.isinf(u):
        top = kamlearn.customer_lifetime_value(m, 1.0, d, horizon) - kamlearn.customer_lifetime_value(m, r, d, horizon)
        assert top < investment
    else:
        gain = (kamlearn.customer_lifetime_value(m, r + u, d, horizon)
                - kamlearn.customer_lifetime_value(m, r, d, horizon))
        assert gain == pytest.approx(investment, rel=1e-9)
    # a shorter horizon needs a larger uplift than the closed form
    assert u > kamlearn.break_even_retention_uplift(m, r, investment, d)


def test_case_horizon_is_read_from_the_company_table_and_used_everywhere() -> None:
    case = kamlearn.load_case()
    assert case.horizon_years == 5.0
    unlimited = case.with_horizon(None)
    assert unlimited.horizon_years is None
    a01 = case.accounts.loc["A01"]
    margin = float(case.yearly_margin().loc["A01"])
    groups = case.initiatives[case.initiatives["account_id"] == "A01"]
    out = kamlearn.account_outcome(a01, groups, case.discount_rate, case.horizon_years)
    assert out["clv_before"] == pytest.approx(kamlearn.customer_lifetime_value(margin, 0.78, 0.10, 5))
    team = kamlearn.team_outcome(case, "A01")
    assert team.clv_after == pytest.approx(out["clv_after"])
    assert kamlearn.team_outcome(unlimited, "A01").clv_after > team.clv_after
    # the allocation engine values with the same horizon
    assert kamlearn.allocate(unlimited).value_nok > kamlearn.allocate(case).value_nok


def test_blank_horizon_in_the_company_file_is_the_closed_form(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(kamlearn.case.embedded_data_path(), tmp_path / "case")
    (tmp_path / "case" / "company.csv").write_text("name,discount_rate,currency,horizon_years\nX AS,0.1,NOK,\n")
    assert kamlearn.load_case(tmp_path / "case").horizon_years is None
    (tmp_path / "case" / "company.csv").write_text("name,discount_rate,currency,horizon_years\nX AS,0.1,NOK,-3\n")
    with pytest.raises(kamlearn.CaseError, match="horizon_years"):
        kamlearn.load_case(tmp_path / "case")
