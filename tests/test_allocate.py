"""Tests of the allocation engine: exact optimum, policies, constraints, shadow prices, sweeps."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kamlearn
from kamlearn import InfeasibleError, allocate, compare, sweep_capacity, synthetic_case
from kamlearn.allocation import POLICIES

matplotlib.use("Agg")

FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def case() -> kamlearn.Case:
    return kamlearn.load_case()


@pytest.fixture(scope="module")
def plan(case: kamlearn.Case) -> kamlearn.Plan:
    return allocate(case)


def small_case(seed: int, n_accounts: int = 4, n_groups: int = 3, n_resources: int = 2,
               tightness: float = 0.35) -> kamlearn.Case:
    return synthetic_case(n_accounts, n_groups, n_resources, seed=seed, tightness=tightness)


def brute_force(case: kamlearn.Case, commitments=(), forbidden=(), floors=None) -> float:
    """Best value over every combination of subsets of every account's groups."""
    initiatives = case.initiatives
    demand = case.demand_matrix()
    capacity = case.resources["capacity"]
    floor = pd.Series(floors or {}, dtype=float).reindex(capacity.index, fill_value=0.0)
    per_account = []
    for account_id, row in case.accounts.iterrows():
        groups = list(initiatives.index[initiatives["account_id"] == account_id])
        options = []
        for k in range(len(groups) + 1):
            for subset in itertools.combinations(groups, k):
                if any(c in groups and c not in subset for c in commitments):
                    continue
                if any(f in subset for f in forbidden):
                    continue
                out = kamlearn.account_outcome(row, initiatives.loc[list(subset)], case.discount_rate,
                                              case.horizon_years)
                cost = float(kamlearn.initiative_cost(case).loc[list(subset)].sum())
                use = demand.loc[list(subset)].sum().to_numpy()
                options.append((out["clv_gain"] - cost, use))
        per_account.append(options)
    best = -np.inf
    for combo in itertools.product(*per_account):
        use = sum(o[1] for o in combo)
        if np.all(use <= capacity.to_numpy() + 1e-9) and np.all(use >= floor.to_numpy() - 1e-9):
            best = max(best, sum(o[0] for o in combo))
    return best


# ----------------------------------------------------------------------------- the course case


def test_course_case_is_solved_to_proven_optimum(plan: kamlearn.Plan) -> None:
    assert plan.status == "optimal"
    assert plan.gap == 0.0
    assert plan.upper_bound == pytest.approx(plan.value_nok)
    assert plan.relaxation_value >= plan.value_nok
    # a reference optimum computed once with an independent MILP solver (scipy's milp, HiGHS) on the subset
    # model, every subset valued with account_outcome; 5-year horizon of data/company.csv
    assert plan.value_nok == pytest.approx(60_581_800.19, rel=1e-9)
    # without a horizon (the closed form), the reference computed with CBC
    assert kamlearn.allocate(plan.case.with_horizon(None)).value_nok == pytest.approx(117_774_500.38, rel=1e-9)


def test_plan_respects_every_capacity(plan: kamlearn.Plan) -> None:
    res = plan.resources
    assert (res["used"] <= res["capacity"] + 1e-9).all()
    assert set(res.columns) >= {"used", "capacity", "utilisation", "shadow_price"}


def test_plan_values_agree_with_account_outcome(case: kamlearn.Case, plan: kamlearn.Plan) -> None:
    cost = kamlearn.initiative_cost(case)
    total = 0.0
    for account_id, row in plan.accounts.iterrows():
        chosen = [g for g in plan.selected if case.initiatives.loc[g, "account_id"] == account_id]
        out = kamlearn.account_outcome(case.accounts.loc[account_id], case.initiatives.loc[chosen],
                                       case.discount_rate, case.horizon_years)
        value = out["clv_gain"] - float(cost.loc[chosen].sum())
        assert row["value_created"] == pytest.approx(value, rel=1e-9, abs=1e-3)
        assert row["retention_after"] == pytest.approx(out["retention_after"])
        assert row["clv_after"] == pytest.approx(out["clv_after"], rel=1e-9, abs=1e-3)
        total += value
    assert plan.value_nok == pytest.approx(total, rel=1e-9)


def test_plan_tables_and_text(plan: kamlearn.Plan) -> None:
    assert list(plan.groups.index) == list(plan.selected)
    assert (plan.groups["account_id"].isin(plan.accounts.index)).all()
    frame = plan.to_frame()
    assert frame["selected"].sum() == len(plan.selected)
    assert "proven optimal" in plan.summary()
    assert "shadow_price" in plan._repr_html_() or "Resources" in plan._repr_html_()
    assert repr(plan).startswith("Plan(policy='optimal'")
    assert plan.shadow_prices.ge(0).all()


def test_plan_plots_return_axes(case: kamlearn.Case, plan: kamlearn.Plan) -> None:
    import matplotlib.pyplot as plt

    from kamlearn.plotting.allocation import (
        plot_allocation,
        plot_capacity_sweep,
        plot_policy_comparison,
        plot_response_curve,
        plot_utilisation,
    )

    assert plan.plot() is not None
    assert plot_allocation(plan).get_ylabel() == "Share of capacity"
    assert plot_utilisation(plan).get_xlim()[1] > 1
    sweep = sweep_capacity(case, "integration_slots", [1, 2, 3])
    assert plot_capacity_sweep(sweep).get_ylabel() == "Value created (MNOK)"
    assert plot_policy_comparison(compare(case, ["optimal", "equal"])) is not None
    curve = kamlearn.calibrate_adbudg(50.0, 100.0, 115.0, 130.0, 200.0)
    assert plot_response_curve(curve, points={"today": (200.0, 100.0)}, effort=200.0) is not None
    plt.close("all")


def test_nothing_is_printed_and_large_cases_get_a_certified_gap(
    case: kamlearn.Case, capfd: pytest.CaptureFixture[str]
) -> None:
    allocate(case.with_capacity(kam_hours=900))
    large = allocate(synthetic_case(1500, 8, 6, seed=3), gap_tolerance=1e-3)
    out, _ = capfd.readouterr()
    assert out == ""
    assert large.method == "lagrangian"
    assert large.gap <= 1e-3
    assert (large.resources["used"] <= large.resources["capacity"] + 1e-9).all()


@pytest.mark.parametrize("policy", [p for p in POLICIES if p != "optimal"])
def test_plain_policies_respect_capacity_and_lose_to_optimal(
    case: kamlearn.Case, plan: kamlearn.Plan, policy: str
) -> None:
    other = allocate(case, policy)
    assert other.status == "heuristic"
    assert (other.resources["used"] <= other.resources["capacity"] + 1e-9).all()
    assert other.value_nok <= plan.value_nok + 1e-6


def test_concentrate_gives_the_flagship_all_eight_groups(case: kamlearn.Case) -> None:
    plan = allocate(case.with_capacity({r: 1e9 for r in case.resources.index}), "concentrate")
    assert plan.accounts.loc["A01", "groups"] == 8


def test_user_policy(case: kamlearn.Case) -> None:
    def two_groups(c: kamlearn.Case) -> list[str]:
        return ["A01-G1", "A02-G2"]

    plan = allocate(case, two_groups)
    assert plan.selected == ("A01-G1", "A02-G2")
    assert plan.status == "user"
    with pytest.raises(ValueError, match=r"uses more than the capacity: .* integration_slots"):
        allocate(case, lambda c: ["A01-G1", "A02-G1", "A08-G1"])
    with pytest.raises(ValueError, match=r"leaves out committed groups: A03-G1"):
        allocate(case, two_groups, commitments=["A03-G1"])
    with pytest.raises(ValueError, match=r"expected initiative ids"):
        allocate(case, lambda c: ["nope"])


def test_unknown_policy_and_method(case: kamlearn.Case) -> None:
    with pytest.raises(ValueError, match="policy: expected one of 'optimal', 'equal'"):
        allocate(case, "random")
    with pytest.raises(ValueError, match="method: expected"):
        allocate(case, method="simplex")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- constraints


def test_commitments_and_forbidden_are_honoured(case: kamlearn.Case) -> None:
    plan = allocate(case, commitments=["A12-G1", "A06-G2"], forbidden=["A01-G4", "A02"])
    assert {"A12-G1", "A06-G2"} <= set(plan.selected)
    assert "A01-G4" not in plan.selected
    assert not any(g.startswith("A02") for g in plan.selected)
    assert plan.value_nok <= allocate(case).value_nok + 1e-6
    for policy in POLICIES[1:]:
        other = allocate(case, policy, commitments=["A12-G1"], forbidden=["A01-G4"])
        assert "A12-G1" in other.selected and "A01-G4" not in other.selected


def test_infeasible_commitments_name_resource_and_numbers(case: kamlearn.Case) -> None:
    small = case.with_capacity(kam_hours=300)
    with pytest.raises(InfeasibleError, match=r"commitments need 340 kam_hours but capacity is 300 \(A01-G4 100"):
        allocate(small, commitments=["A01-G4", "A01-G8"])


def test_committed_and_forbidden(case: kamlearn.Case) -> None:
    with pytest.raises(InfeasibleError, match="A01-G1: committed and forbidden"):
        allocate(case, commitments=["A01-G1"], forbidden=["A01"])


def test_floor_above_capacity_and_unreachable(case: kamlearn.Case) -> None:
    with pytest.raises(InfeasibleError, match=r"floor of 1,200 kam_hours is above its capacity of 1,100"):
        allocate(case, resource_floors={"kam_hours": 1200})
    with pytest.raises(InfeasibleError, match=r"floor of 3 integration_slots is more than all allowed groups"):
        allocate(case.with_capacity(integration_slots=5), resource_floors={"integration_slots": 3},
                 forbidden=["A01-G1"])


def test_floor_that_conflicts_with_another_capacity(case: kamlearn.Case) -> None:
    tight = case.with_capacity(budget=300_000)
    with pytest.raises(InfeasibleError, match=r"the floor of 600 it_hours cannot be met: at most .* budget"):
        allocate(tight, resource_floors={"it_hours": 600})


def test_floors_are_met(case: kamlearn.Case) -> None:
    plan = allocate(case, resource_floors={"finance_hours": 320, "kam_hours": 700})
    assert plan.used["finance_hours"] >= 320 - 1e-9
    assert plan.used["kam_hours"] >= 700 - 1e-9
    assert plan.value_nok <= allocate(case).value_nok
    assert (plan.resources["used"] <= plan.resources["capacity"] + 1e-9).all()
    with pytest.warns(kamlearn.KamlearnWarning, match="misses the resource floors"):
        allocate(case, "need", resource_floors={"finance_hours": 320})


def test_bad_arguments(case: kamlearn.Case) -> None:
    with pytest.raises(ValueError, match="commitments: expected initiative ids"):
        allocate(case, commitments=["A99-G1"])
    with pytest.raises(ValueError, match="forbidden: expected initiative ids"):
        allocate(case, forbidden=["X"])
    with pytest.raises(ValueError, match="resource_floors: expected resource ids"):
        allocate(case, resource_floors={"coffee": 1})
    with pytest.raises(ValueError, match="resource_id: expected one of"):
        sweep_capacity(case, "coffee", [1])


# ----------------------------------------------------------------------------- brute force


@pytest.mark.parametrize("seed", range(6))
def test_optimum_equals_brute_force(seed: int) -> None:
    case = small_case(seed, tightness=0.3 + 0.05 * seed)
    plan = allocate(case)
    assert plan.status == "optimal"
    assert plan.value_nok == pytest.approx(brute_force(case), rel=1e-9, abs=1e-3)


def test_optimum_with_constraints_equals_brute_force() -> None:
    case = small_case(11, n_accounts=4, n_groups=3, n_resources=3, tightness=0.5)
    ids = list(case.initiatives.index)
    commitments, forbidden = [ids[0]], [ids[4], ids[7]]
    floors = {"budget": float(case.resources.loc["budget", "capacity"]) * 0.8}
    plan = allocate(case, commitments=commitments, forbidden=forbidden, resource_floors=floors)
    assert plan.value_nok == pytest.approx(brute_force(case, commitments, forbidden, floors), rel=1e-9, abs=1e-3)


def test_lagrangian_method_certifies_its_gap() -> None:
    case = small_case(5, n_accounts=8, n_groups=3, n_resources=3)
    exact = allocate(case, method="exact")
    lagrange = allocate(case, method="lagrangian", gap_tolerance=1e-3)
    assert exact.status == "optimal"
    assert lagrange.method == "lagrangian"
    assert lagrange.gap == pytest.approx((lagrange.upper_bound - lagrange.value_nok) / lagrange.upper_bound)
    assert lagrange.value_nok <= exact.value_nok + 1e-6
    assert exact.value_nok <= lagrange.upper_bound + 1e-6
    assert (lagrange.resources["used"] <= lagrange.resources["capacity"] + 1e-9).all()
    assert (lagrange.shadow_prices >= 0).all()


# ----------------------------------------------------------------------------- properties


capacity_factors = st.lists(st.floats(0.0, 1.5), min_size=3, max_size=3)


@FAST
@given(seed=st.integers(0, 50), factors=capacity_factors)
def test_every_policy_stays_within_capacity_and_below_optimal(seed: int, factors: list[float]) -> None:
    case = small_case(seed, n_accounts=5, n_groups=3, n_resources=3)
    case = case.with_capacity(
        {r: float(c) * f for (r, c), f in zip(case.resources["capacity"].items(), factors, strict=True)})
    best = allocate(case)
    for policy in POLICIES:
        plan = allocate(case, policy)
        assert (plan.used <= case.resources["capacity"] + 1e-6).all()
        assert plan.value_nok <= best.value_nok + 1e-6


@FAST
@given(seed=st.integers(0, 50), resource=st.integers(0, 2), extra=st.floats(0.0, 2.0))
def test_more_capacity_never_lowers_the_optimum(seed: int, resource: int, extra: float) -> None:
    case = small_case(seed, n_accounts=5, n_groups=3, n_resources=3)
    rid = case.resources.index[resource]
    more = case.with_capacity({rid: float(case.resources.loc[rid, "capacity"]) * (1 + extra)})
    assert allocate(more).value_nok >= allocate(case).value_nok - 1e-6
    assert allocate(more).relaxation_value >= allocate(case).relaxation_value - 1e-6


@FAST
@given(seed=st.integers(0, 50), resource=st.integers(0, 2))
def test_shadow_prices_match_finite_differences_of_the_lp(seed: int, resource: int) -> None:
    """The shadow price is a supergradient of the LP relaxation value: forward <= price <= backward."""
    case = small_case(seed, n_accounts=5, n_groups=3, n_resources=3)
    plan = allocate(case)
    assert (plan.shadow_prices >= 0).all()
    rid = case.resources.index[resource]
    capacity = float(case.resources.loc[rid, "capacity"])
    price = float(plan.shadow_prices[rid])
    h = max(capacity * 1e-4, 1e-6)
    up = allocate(case.with_capacity({rid: capacity + h})).relaxation_value
    forward = (up - plan.relaxation_value) / h
    scale = max(1.0, abs(price), plan.relaxation_value / max(capacity, 1.0)) * 1e-5
    assert forward <= price + scale
    if capacity > h:
        down = allocate(case.with_capacity({rid: capacity - h})).relaxation_value
        backward = (plan.relaxation_value - down) / h
        assert price <= backward + scale
    if plan.used[rid] < capacity * (1 - 1e-6) and price > 0:
        # a positive price belongs to a capacity the LP uses up
        assert plan.relaxation_value > plan.value_nok


def test_shadow_price_is_zero_for_a_resource_in_surplus(case: kamlearn.Case) -> None:
    plan = allocate(case.with_capacity(finance_hours=10_000))
    assert plan.shadow_prices["finance_hours"] == 0.0


# ----------------------------------------------------------------------------- sweeps and comparisons


def test_sweep_capacity(case: kamlearn.Case) -> None:
    sweep = sweep_capacity(case, "kam_hours", [400, 800, 1100, 1600])
    assert list(sweep.columns) == ["capacity", "total_value", "relaxation_value", "shadow_price", "used",
                                   "groups", "status"]
    assert sweep["total_value"].is_monotonic_increasing
    assert (sweep["relaxation_value"] >= sweep["total_value"] - 1e-6).all()
    assert (sweep["used"] <= sweep["capacity"] + 1e-9).all()


def test_compare(case: kamlearn.Case) -> None:
    table = compare(case)
    assert list(table.index) == list(POLICIES)
    assert table.loc["optimal", "share_of_optimal"] == 1.0
    assert (table["share_of_optimal"] <= 1 + 1e-12).all()


def test_synthetic_case_is_reproducible() -> None:
    a, b = synthetic_case(30, 5, 4, seed=7), synthetic_case(30, 5, 4, seed=7)
    pd.testing.assert_frame_equal(a.demands, b.demands)
    assert len(a.initiatives) == 150
    with pytest.raises(ValueError, match="n_groups: expected 1 to 16"):
        synthetic_case(3, 17, 2)
