"""The engine at an analyst's scale: published knapsack optima, mid-size cases against a MILP, honest limits."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kamlearn
from kamlearn import allocate, synthetic_case
from kamlearn.allocation._milp import _cbc
from kamlearn.allocation._model import _candidates_for, _core_for, _instance_for
from kamlearn.synthetic import knapsack_case

MKNAP1 = Path(__file__).parent / "data" / "mknap1.txt"


def read_mknap(path: Path) -> list[tuple[list[float], list[list[float]], list[float], float]]:
    """OR-Library's mknap format: count, then per problem ``n m optimum``, profits, weights (m x n), capacities."""
    tokens = iter(path.read_text().split())
    problems = []
    for _ in range(int(next(tokens))):
        n, m, optimum = int(next(tokens)), int(next(tokens)), float(next(tokens))
        profits = [float(next(tokens)) for _ in range(n)]
        weights = [[float(next(tokens)) for _ in range(n)] for _ in range(m)]
        capacities = [float(next(tokens)) for _ in range(m)]
        problems.append((profits, weights, capacities, optimum))
    return problems


def cbc_optimum(case: kamlearn.Case) -> float:
    """The optimum of the same subset-choice model by plain CBC (PuLP), independent of the engine's search."""
    value, proven = cbc_reference(case, np.inf)
    assert proven
    return value


def cbc_reference(case: kamlearn.Case, limit: float) -> tuple[float, bool]:
    """Plain CBC (default settings, no start, no engine bounds) on every subset: its best value and if it proved it."""
    core = _core_for(case)
    inst = _instance_for(case, core, None, None, None)
    cands = _candidates_for(inst, prune=False)
    prob = pulp.LpProblem("reference", pulp.LpMaximize)
    x = [prob.add_variable(f"x{i}", 0, 1, cat=pulp.LpBinary) for i in range(len(cands.value))]
    prob += pulp.lpSum(v * xi for v, xi in zip(cands.value.tolist(), x, strict=True))
    for a in range(cands.n_accounts):
        prob += pulp.lpSum(x[cands.ptr[a] : cands.ptr[a + 1]]) == 1
    for r in range(core.n_resources):
        nz = np.flatnonzero(cands.weight[:, r] > 0)
        prob += pulp.lpSum(float(cands.weight[i, r]) * x[i] for i in nz) <= float(inst.capacity[r])
    prob.solve(_cbc(limit, warm_start=False, extra=("timeMode elapsed",)))  # the bundled CBC, on its own
    assert prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    return float(pulp.value(prob.objective)), prob.sol_status == pulp.LpSolutionOptimal


# ----------------------------------------------------------------------------- published optima


def test_mknap1_file_is_the_public_one() -> None:
    problems = read_mknap(MKNAP1)
    assert [(len(p), len(c), opt) for p, _, c, opt in problems] == [
        (6, 10, 3800.0), (10, 10, 8706.1), (15, 10, 4015.0), (20, 10, 6120.0), (28, 10, 12400.0),
        (39, 5, 10618.0), (50, 5, 16537.0)]


@pytest.mark.parametrize("index", range(7))
def test_mknap1_problems_are_proven_optimal_at_the_published_optimum(index: int) -> None:
    profits, weights, capacities, optimum = read_mknap(MKNAP1)[index]
    case = knapsack_case(profits, weights, capacities, name=f"mknap1 problem {index + 1}")
    plan = allocate(case)
    assert plan.status == "optimal"
    assert plan.stopped_by is None
    assert plan.value_nok == pytest.approx(optimum, rel=1e-9)
    assert plan.upper_bound == pytest.approx(optimum, rel=1e-9)
    # each group's value is the item's profit exactly: the chosen items' profits add up to the optimum
    chosen = [int(g.split("-")[0][1:]) - 1 for g in plan.selected]
    assert sum(profits[j] for j in chosen) == pytest.approx(optimum, rel=1e-12)
    use = np.asarray(weights)[:, chosen].sum(axis=1)
    assert np.all(use <= np.asarray(capacities) + 1e-9)


def test_knapsack_case_checks_shapes() -> None:
    with pytest.raises(ValueError, match=r"weights: expected shape \(2, 3\)"):
        knapsack_case([1, 2, 3], [[1, 2], [3, 4]], [5, 5])


# ----------------------------------------------------------------------------- mid-size cases against a MILP


@pytest.mark.parametrize(
    ("n_accounts", "n_groups", "n_resources", "seed", "tightness"),
    [(30, 2, 5, 1, 0.3), (50, 3, 6, 13, 0.7), (6, 8, 4, 3, 0.3)],
)
def test_mid_size_cases_are_proven_optimal_and_agree_with_cbc(
    n_accounts: int, n_groups: int, n_resources: int, seed: int, tightness: float
) -> None:
    case = synthetic_case(n_accounts, n_groups, n_resources, seed=seed, tightness=tightness)
    plan = allocate(case)
    assert plan.status == "optimal"
    assert plan.method in ("exact", "milp")
    assert plan.value_nok == pytest.approx(cbc_optimum(case), rel=1e-7)
    assert (plan.resources["used"] <= plan.resources["capacity"] + 1e-9).all()


@pytest.mark.parametrize(
    ("n_accounts", "n_groups", "n_resources", "seed", "tightness"),
    [(40, 6, 6, 21, 0.5), (120, 4, 10, 22, 0.7), (300, 2, 15, 23, 0.85)],
)
def test_random_mid_size_cases_are_bracketed_by_a_milp(
    n_accounts: int, n_groups: int, n_resources: int, seed: int, tightness: float
) -> None:
    """30-300 accounts, 2-8 groups, 5-15 resources, a few seconds each (CI has two cores).

    Whatever either solver reaches in its time, the engine's certified bound is above every plan CBC
    finds on its own, and its plan is feasible and no better than a proven optimum; when the engine
    says optimal, CBC finds nothing better; when it stops, it says the time limit stopped it.
    """
    case = synthetic_case(n_accounts, n_groups, n_resources, seed=seed, tightness=tightness)
    plan = allocate(case, time_limit=3.0)
    reference, proven = cbc_reference(case, 3.0)
    tolerance = 1e-7 * abs(reference)
    assert (plan.resources["used"] <= plan.resources["capacity"] + 1e-9).all()
    assert plan.value_nok <= plan.upper_bound
    assert reference <= plan.upper_bound + tolerance
    if proven:
        assert plan.value_nok <= reference + tolerance
    if plan.status == "optimal":
        assert plan.stopped_by is None
        assert reference <= plan.value_nok + tolerance
        if proven:
            assert plan.value_nok == pytest.approx(reference, rel=1e-7)
    else:
        assert plan.stopped_by == "time_limit"
        assert plan.upper_bound <= plan.relaxation_value * (1 + 1e-9)


def test_a_case_neither_solver_proves_says_the_time_limit_stopped_it() -> None:
    """150 x 3 x 12: neither the engine nor CBC alone proves it in 60 s (bench/bench_engine.py)."""
    case = synthetic_case(150, 3, 12, seed=3, tightness=0.25)
    plan = allocate(case, time_limit=2.0)
    assert plan.status == "within_gap"
    assert plan.stopped_by == "time_limit"
    assert plan.value_nok < plan.upper_bound <= plan.relaxation_value * (1 + 1e-9)
    assert plan.gap == pytest.approx((plan.upper_bound - plan.value_nok) / plan.upper_bound)
    assert 0 < plan.gap < 0.05  # the certified gap is a few per cent at most, not a vacuous bound
    assert "stopped by the time limit" in plan.summary()


def test_cbc_stopped_in_preprocessing_proves_nothing() -> None:
    """CBC 2.10 stopped by its time limit inside preprocessing reports "infeasible"; that is no proof."""
    from kamlearn.allocation._milp import _milp

    case = synthetic_case(150, 3, 12, seed=3, tightness=0.25)  # a plan exists: every account can take nothing
    inst = _instance_for(case, _core_for(case), None, None, None)
    result = _milp(inst, _candidates_for(inst, prune=True), 0.01)
    assert result.proven is False or result.choice is not None
    if result.choice is None:
        assert result.stopped_by == "time_limit"
        assert result.bound >= allocate(case, "greedy").value_nok  # a bound above a known plan, if any


def test_a_stopped_search_keeps_the_lp_bound() -> None:
    """A mid-size case CBC cannot prove in a moment: the plan is honest about where it stopped."""
    case = synthetic_case(200, 2, 15, seed=4, tightness=0.4)  # CBC needs minutes to close its last 0.6 %
    plan = allocate(case, time_limit=1.0)
    assert plan.value_nok <= plan.upper_bound <= plan.relaxation_value + 1e-9 * plan.relaxation_value
    if plan.status != "optimal":
        assert plan.stopped_by == "time_limit"
        assert "stopped by the time limit" in plan.summary()


def test_every_method_agrees_on_a_small_case() -> None:
    case = synthetic_case(8, 3, 3, seed=5, tightness=0.35)
    exact, milp = allocate(case, method="exact"), allocate(case, method="milp")
    assert exact.status == milp.status == "optimal"
    assert exact.value_nok == pytest.approx(milp.value_nok, rel=1e-9)
    lagrange = allocate(case, method="lagrangian", gap_tolerance=1e-3)
    assert lagrange.value_nok <= exact.value_nok + 1e-6 <= lagrange.upper_bound + 2e-6


# ----------------------------------------------------------------------------- honest limits


def test_the_bound_is_never_looser_than_the_lp_and_never_below_the_optimum() -> None:
    profits, weights, capacities, optimum = read_mknap(MKNAP1)[6]  # 50 items
    case = knapsack_case(profits, weights, capacities)
    stopped = allocate(case, method="exact", time_limit=0.05)
    assert stopped.value_nok <= optimum + 1e-9 <= stopped.upper_bound + 1e-9
    if stopped.status != "optimal":
        assert stopped.stopped_by in ("time_limit", "state_limit")
        assert stopped.upper_bound <= stopped.relaxation_value + 1e-9 * optimum
        assert stopped.gap == pytest.approx((stopped.upper_bound - stopped.value_nok) / stopped.upper_bound)
        assert "stopped by" in stopped.summary()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(limit=st.sampled_from([0.05, 0.2, 0.5]), method=st.sampled_from(["auto", "exact", "milp", "lagrangian"]))
def test_time_limit_is_honoured_by_every_method(limit: float, method: str) -> None:
    """A property, not a figure: the solve stops within the limit plus a slack for setting up and wrapping up."""
    rng = np.random.default_rng(0)
    n, m = 100, 5  # a Chu-Beasley-like knapsack: CBC needs seconds to prove it, the exact search far longer
    weights = rng.integers(0, 1001, (m, n)).astype(float)
    profits = np.floor(weights.sum(axis=0) / m + 500 * rng.random(n))
    case = knapsack_case(profits, weights, np.floor(0.5 * weights.sum(axis=1)))
    allocate(case, method="lagrangian", max_iterations=1)  # the case's tables are built outside the clock
    start = time.perf_counter()
    plan = allocate(case, method=method, time_limit=limit)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    assert seconds <= 2 * limit + 3.0  # CBC is a separate process: starting and reading it back takes time
    assert plan.value_nok <= plan.upper_bound + 1e-9
    assert (plan.resources["used"] <= plan.resources["capacity"] + 1e-9).all()
    if plan.status != "optimal":
        assert plan.stopped_by in ("time_limit", "state_limit", "iteration_limit", "gap_tolerance", "dual_converged")


def test_nothing_is_printed_by_the_solvers(capfd: pytest.CaptureFixture[str]) -> None:
    profits, weights, capacities, _ = read_mknap(MKNAP1)[5]
    allocate(knapsack_case(profits, weights, capacities), method="milp")
    allocate(synthetic_case(40, 4, 6, seed=1))
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_unknown_method_names_the_choices() -> None:
    with pytest.raises(ValueError, match="method: expected 'auto', 'exact', 'milp' or 'lagrangian'"):
        allocate(synthetic_case(5, 2, 2), method="simplex")  # type: ignore[arg-type]
