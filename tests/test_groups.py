"""Tests for kamlearn.groups: the customer team on one key account."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamlearn
from kamlearn.groups import (
    DEVELOPMENT_STAGES,
    STAFFING_ELASTICITY,
    account_groups,
    contact_functions,
    flagship_account,
    group_contributions,
    staffed_initiatives,
    stage_after,
    team_outcome,
)

GROUPS = [f"A01-G{i}" for i in range(1, 9)]


def test_flagship_is_the_account_with_eight_groups(course_case: kamlearn.Case) -> None:
    CASE = course_case
    assert flagship_account(CASE) == "A01"
    assert list(account_groups(CASE, "A01").index) == GROUPS


def test_full_team_matches_account_outcome_and_initiative_cost(course_case: kamlearn.Case) -> None:
    CASE = course_case
    out = team_outcome(CASE, "A01")
    expected = kamlearn.account_outcome(CASE.accounts.loc["A01"], CASE.initiatives.loc[GROUPS], CASE.discount_rate,
                                        CASE.horizon_years)
    assert out.retention_after == pytest.approx(expected["retention_after"])
    assert out.clv_after == pytest.approx(expected["clv_after"])
    assert out.clv_gain == pytest.approx(expected["clv_gain"])
    assert out.cost == pytest.approx(float(kamlearn.initiative_cost(CASE).loc[GROUPS].sum()))
    assert out.net_value == pytest.approx(out.clv_gain - out.cost)
    assert out.value_if_lost == pytest.approx(out.clv_after - out.cost)
    assert out.pays_off


def test_no_team_changes_nothing(course_case: kamlearn.Case) -> None:
    CASE = course_case
    out = team_outcome(CASE, "A01", active=[])
    assert out.cost == 0.0
    assert out.retention_after == out.retention_before
    assert out.clv_gain == 0.0
    assert out.break_even_uplift == 0.0
    assert out.stage_after == out.stage_before == "Mid-KAM"
    assert not out.groups["active"].any()


def test_break_even_uplift_pays_exactly_for_the_team(course_case: kamlearn.Case) -> None:
    CASE = course_case
    out = team_outcome(CASE, "A01", active=GROUPS[:3])
    r, u, d, m = out.retention_before, out.break_even_uplift, out.discount_rate, out.margin_before
    h = out.horizon_years
    assert h == CASE.horizon_years
    gain = kamlearn.customer_lifetime_value(m, r + u, d, h) - kamlearn.customer_lifetime_value(m, r, d, h)
    assert gain == pytest.approx(out.cost, rel=1e-9)


def test_staffing_scales_cost_linearly_and_effect_by_the_square_root(course_case: kamlearn.Case) -> None:
    CASE = course_case
    planned = team_outcome(CASE, "A01", active=["A01-G1"])
    half = team_outcome(CASE, "A01", active=["A01-G1"], staffing={"A01-G1": 0.5})
    assert half.cost == pytest.approx(planned.cost / 2)
    base = float(CASE.initiatives.loc["A01-G1", "churn_reduction"])
    assert float(half.groups.loc["A01-G1", "churn_reduction"]) == pytest.approx(base * 0.5**STAFFING_ELASTICITY)
    assert half.retention_after < planned.retention_after


def test_staffing_zero_switches_a_group_off(course_case: kamlearn.Case) -> None:
    CASE = course_case
    off = team_outcome(CASE, "A01", staffing={"A01-G4": 0.0})
    assert not bool(off.groups.loc["A01-G4", "active"])
    seven = team_outcome(CASE, "A01", active=[g for g in GROUPS if g != "A01-G4"])
    assert off.clv_after == pytest.approx(seven.clv_after)


def test_reductions_are_capped_at_one(course_case: kamlearn.Case) -> None:
    CASE = course_case
    scaled = staffed_initiatives(CASE.initiatives.loc[["A01-G5"]], {"A01-G5": 1000.0}, elasticity=1.0)
    assert float(scaled.loc["A01-G5", "churn_reduction"]) == 1.0


def test_retention_gain_shrinks_as_groups_are_added(course_case: kamlearn.Case) -> None:
    CASE = course_case
    table = group_contributions(CASE, "A01")
    assert (table["retention_gain_last"] < table["retention_gain_alone"]).all()
    assert (table["cost_nok"] > 0).all()
    assert list(table.index) == GROUPS


def test_contact_functions_and_stage_rule(course_case: kamlearn.Case) -> None:
    CASE = course_case
    assert contact_functions(CASE, []) == ()
    assert contact_functions(CASE, ["A01-G8"]) == ("kam_hours", "finance_hours")
    assert stage_after("Early-KAM", ["kam_hours"], 0.3) == "Early-KAM"
    assert stage_after("Pre-KAM", ["kam_hours"], 0.3) == "Early-KAM"
    assert stage_after("Early-KAM", ["kam_hours", "it_hours"], 0.3) == "Mid-KAM"
    assert stage_after("Mid-KAM", ["kam_hours", "it_hours", "logistics_hours", "finance_hours"], 0.3) == "Partnership-KAM"
    five = ["it_hours", "logistics_hours", "finance_hours", "product_dev_hours", "customer_service_hours"]
    assert stage_after("Mid-KAM", five, 0.6) == "Synergistic-KAM"
    assert stage_after("Mid-KAM", five, 0.59) == "Partnership-KAM"
    assert stage_after("Synergistic-KAM", ["kam_hours"], 0.1) == "Synergistic-KAM"
    assert stage_after("Uncoupling-KAM", five, 0.9) == "Uncoupling-KAM"
    assert team_outcome(CASE, "A01").stage_after == "Synergistic-KAM"


def test_summary_and_frame(course_case: kamlearn.Case) -> None:
    CASE = course_case
    out = team_outcome(CASE, "A01")
    text = out.summary()
    assert "A01 Nordlys Dagligvare AS" in text and "8 of 8 groups" in text and "pays off" in text
    frame = out.to_frame()
    assert list(frame.columns) == ["without_team", "with_team"]
    assert frame.loc["team_cost_nok", "with_team"] == pytest.approx(out.cost)


def test_bad_inputs_raise_clear_errors(course_case: kamlearn.Case) -> None:
    CASE = course_case
    with pytest.raises(KeyError, match="'A99' is not an account"):
        team_outcome(CASE, "A99")
    with pytest.raises(KeyError, match="A02-G1 is not a project group"):
        team_outcome(CASE, "A01", staffing={"A02-G1": 1.0})
    with pytest.raises(KeyError, match="A02-G1 is not a project group"):
        team_outcome(CASE, "A01", active=["A02-G1"])
    with pytest.raises(ValueError, match="staffing of A01-G2: expected a level of at least 0"):
        team_outcome(CASE, "A01", staffing={"A01-G2": -0.5})
    with pytest.raises(ValueError, match="found nan"):
        team_outcome(CASE, "A01", staffing={"A01-G2": float("nan")})
    with pytest.raises(ValueError, match="elasticity"):
        staffed_initiatives(CASE.initiatives.loc[GROUPS], elasticity=-1)
    with pytest.raises(ValueError, match="stage: expected one of"):
        stage_after("Late-KAM", [], 0.5)
    accounts = CASE.accounts
    initiatives = CASE.initiatives[CASE.initiatives["account_id"] != "A16"]
    demands = CASE.demands[CASE.demands["initiative_id"].isin(initiatives.index)]
    small = CASE.with_tables(accounts=accounts, initiatives=initiatives, demands=demands)
    with pytest.raises(ValueError, match="'A16' has no candidate project groups"):
        team_outcome(small, "A16")


def test_works_on_another_account_of_the_case(course_case: kamlearn.Case) -> None:
    CASE = course_case
    other = CASE.initiatives["account_id"].iloc[-1]
    out = team_outcome(CASE, other)
    assert out.account_id == other
    assert len(out.groups) == int((CASE.initiatives["account_id"] == other).sum())


@settings(max_examples=30, deadline=None)
@given(levels=st.lists(st.floats(min_value=0.0, max_value=2.0), min_size=8, max_size=8))
def test_more_staffing_never_lowers_retention_and_cost_is_linear(levels: list[float], course_case: kamlearn.Case) -> None:
    CASE = course_case
    staffing = dict(zip(GROUPS, levels, strict=True))
    out = team_outcome(CASE, "A01", staffing=staffing)
    unit = kamlearn.initiative_cost(CASE).loc[GROUPS]
    assert out.cost == pytest.approx(float((unit * pd.Series(staffing)).sum()), rel=1e-9, abs=1e-6)
    more = team_outcome(CASE, "A01", staffing={g: s * 1.1 for g, s in staffing.items()})
    assert more.retention_after >= out.retention_after - 1e-12
    assert 0.0 <= out.retention_after <= 1.0


def test_every_subset_of_three_groups_brute_force_matches_account_outcome(course_case: kamlearn.Case) -> None:
    CASE = course_case
    for subset in itertools.islice(itertools.combinations(GROUPS, 3), 0, None, 7):
        out = team_outcome(CASE, "A01", active=list(subset))
        expected = kamlearn.account_outcome(CASE.accounts.loc["A01"], CASE.initiatives.loc[list(subset)],
                                            CASE.discount_rate, CASE.horizon_years)
        assert out.clv_after == pytest.approx(expected["clv_after"])
        assert np.isfinite(out.break_even_uplift)


def test_development_stages_in_order() -> None:
    assert DEVELOPMENT_STAGES == ("Pre-KAM", "Early-KAM", "Mid-KAM", "Partnership-KAM", "Synergistic-KAM")
