"""Judged estimates and the effort plan: curves through the estimates, equal marginal returns, checks at the door."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kamlearn
from kamlearn.effort import STAGE_JUDGEMENTS, judged_estimates, plan_effort
from kamlearn.errors import InfeasibleError


def test_judged_estimates_follow_the_documented_rule(course_case: kamlearn.Case) -> None:
    CASE = course_case
    estimates = judged_estimates(CASE)
    assert list(estimates.index) == list(CASE.accounts.index)
    assert estimates["today_hours"].sum() == pytest.approx(CASE.resources.loc["kam_hours", "capacity"])
    margin = CASE.yearly_margin()
    for aid, row in estimates.iterrows():
        zero, plus_50, saturation = STAGE_JUDGEMENTS[CASE.accounts.loc[aid, "stage"]]
        assert row["today"] == pytest.approx(margin[aid])
        assert row["zero"] == pytest.approx(margin[aid] * zero)
        assert row["plus_50"] == pytest.approx(margin[aid] * plus_50)
        assert row["saturation"] == pytest.approx(margin[aid] * saturation)
    shares = estimates["today_hours"] / estimates["today_hours"].sum()
    revenue = CASE.accounts["yearly_revenue_nok"]
    assert np.allclose(shares, revenue / revenue.sum())


def test_the_plan_uses_the_pool_with_equal_marginal_returns(course_case: kamlearn.Case) -> None:
    CASE = course_case
    plan = plan_effort(judged_estimates(CASE))
    assert plan.table["hours"].sum() == pytest.approx(plan.total_hours)
    inside = plan.table[plan.table["hours"] > 1e-9]
    assert np.allclose(inside["marginal"], plan.marginal_return, rtol=1e-6)
    assert plan.gain >= -1e-6
    assert "marginal return" in plan.summary()


def test_more_hours_never_lower_the_response(course_case: kamlearn.Case) -> None:
    CASE = course_case
    estimates = judged_estimates(CASE)
    totals = [plan_effort(estimates, hours).total_response for hours in (0.0, 300.0, 1100.0, 3000.0)]
    assert totals == sorted(totals)


def test_bounds_are_respected(course_case: kamlearn.Case) -> None:
    CASE = course_case
    estimates = judged_estimates(CASE)
    plan = plan_effort(estimates, lower=5.0, upper=200.0)
    assert (plan.table["hours"] >= 5.0 - 1e-9).all()
    assert (plan.table["hours"] <= 200.0 + 1e-9).all()
    with pytest.raises(InfeasibleError, match="lower bounds need"):
        plan_effort(estimates, 10.0, lower=5.0)


def test_bad_estimates_raise(course_case: kamlearn.Case) -> None:
    CASE = course_case
    estimates = judged_estimates(CASE)
    with pytest.raises(ValueError, match="missing columns plus_50"):
        plan_effort(estimates.drop(columns="plus_50"))
    wrong = estimates.copy()
    wrong.loc["A02", "zero"] = wrong.loc["A02", "saturation"]
    with pytest.raises(ValueError, match="estimates for A02: expected zero < today"):
        plan_effort(wrong)
    wrong = estimates.copy()
    wrong.loc["A03", "today_hours"] = 0.0
    with pytest.raises(ValueError, match="today's hours must be above 0; account A03"):
        plan_effort(wrong)
    with pytest.raises(ValueError, match="total_hours: expected"):
        plan_effort(estimates, -1.0)
    with pytest.raises(TypeError, match="estimates: expected a DataFrame"):
        plan_effort([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="resource: expected a resource id"):
        judged_estimates(CASE, resource="coffee")
    with pytest.raises(ValueError, match="at least one account"):
        plan_effort(pd.DataFrame(columns=["today_hours", "zero", "today", "plus_50", "saturation"]))
