"""Benchmark: the engine's default solve against PuLP + CBC and HiGHS on the same model, in the same run.

Every solver gets the same binary subset-choice model (one binary per account and undominated subset of its
groups, one "exactly one" row per account, one row per resource) and must prove the optimum (relative gap
1e-9).  Cases:

(a) mid-size synthetic cases (``kamlearn.synthetic_case``);
(b) knapsacks made the way Chu and Beasley (1998) describe: 100 items, m resources, weights uniform on
    0..1000, capacity = tightness x the sum of each resource's weights, profits correlated with the weights
    (``sum_r w_rj / m + 500 u``), tightness 0.25 / 0.5 / 0.75; posed as cases with one account and one group
    per item (``kamlearn.synthetic.knapsack_case``);
(c) 5,000 accounts x 8 groups x 6 resources at a certified 0.1 % gap (engine) against CBC at 0.1 %;
(d) the course case, one optimal re-solve per slider position (as ``bench_allocate.py``).

Prints each solve's seconds and the ratio engine / CBC (below 1: the engine is faster).  Timings are wall
time on whatever else the machine is doing: read the ratios, not the seconds.

The engine hands CBC the candidates reduced-cost fixing leaves, with knapsack-cover and probing cuts only
(``kamlearn.allocate._CBC_OPTIONS``); the CBC peer runs with CBC's default settings on the whole model.  Both
time limits are wall seconds.

Run: python bench/bench_engine.py [--quick] [--limit SECONDS] [--parts abcd]

References
----------
Chu, P. C. and Beasley, J. E. (1998). A genetic algorithm for the multidimensional knapsack problem.
*Journal of Heuristics* 4(1), 63-86.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pulp
from bench_allocate import course_case_timing  # the slider-path timing, measured one way for both benches

import kamlearn
from kamlearn.allocation._milp import _cbc
from kamlearn.allocation._model import _candidates_for, _core_for, _instance_for
from kamlearn.synthetic import knapsack_case, synthetic_case


def chu_beasley(n: int, m: int, tightness: float, seed: int) -> kamlearn.Case:
    rng = np.random.default_rng(seed)
    weights = rng.integers(0, 1001, (m, n)).astype(float)
    profits = np.floor(weights.sum(axis=0) / m + 500 * rng.random(n))
    return knapsack_case(profits, weights, np.floor(tightness * weights.sum(axis=1)),
                         name=f"Chu-Beasley {n}x{m} t={tightness} seed {seed}")


def model(case: kamlearn.Case):  # type: ignore[no-untyped-def]
    core = _core_for(case)
    inst = _instance_for(case, core, None, None, None)
    return inst, _candidates_for(inst, prune=True)


def cbc(case: kamlearn.Case, limit: float, gap: float = 1e-9) -> tuple[float, float, bool]:
    """PuLP + CBC (the binary in the PuLP wheel) on the whole model: seconds (build + solve), value, proven."""
    inst, cands = model(case)
    start = time.perf_counter()
    prob = pulp.LpProblem("bench", pulp.LpMaximize)
    x = [prob.add_variable(f"x{i}", 0, 1, cat=pulp.LpBinary) for i in range(len(cands.value))]
    prob += pulp.LpAffineExpression(list(zip(x, cands.value.tolist(), strict=True)))
    for a in range(cands.n_accounts):
        prob += pulp.LpAffineExpression([(v, 1) for v in x[cands.ptr[a]:cands.ptr[a + 1]]]) == 1
    for r in range(inst.core.n_resources):
        nz = np.flatnonzero(cands.weight[:, r] > 0)
        prob += pulp.LpAffineExpression([(x[i], float(cands.weight[i, r])) for i in nz]) <= float(inst.capacity[r])
    solver = _cbc(limit, warm_start=False, extra=("timeMode elapsed",))  # CBC's defaults, limit in wall seconds
    solver.optionsDict["gapRel"] = gap
    prob.solve(solver)
    return time.perf_counter() - start, float(pulp.value(prob.objective)), prob.sol_status == pulp.LpSolutionOptimal


def highs(case: kamlearn.Case, limit: float) -> tuple[float, float, bool]:
    """HiGHS (highspy, silent) on the whole model: seconds (build + solve), value, proven."""
    import highspy

    inst, cands = model(case)
    start = time.perf_counter()
    n, m, size = cands.n_accounts, inst.core.n_resources, len(cands.value)
    solver = highspy._core._Highs()  # the plain class prints no banner
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 1e-9)
    solver.setOptionValue("time_limit", float(limit))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = size, n + m
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cands.value, np.zeros(size), np.ones(size)
    lp.row_lower_ = np.concatenate([np.ones(n), np.full(m, -highspy.kHighsInf)])
    lp.row_upper_ = np.concatenate([np.ones(n), inst.capacity])
    rows = np.concatenate([cands.account[:, None], np.where(cands.weight != 0, n + np.arange(m)[None, :], -1)], axis=1)
    values = np.concatenate([np.ones((size, 1)), cands.weight], axis=1)
    present = rows >= 0
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(present.sum(axis=1))]).astype(np.int32)
    lp.a_matrix_.index_ = rows[present].astype(np.int32)
    lp.a_matrix_.value_ = values[present]
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * size
    solver.passModel(lp)
    solver.run()
    proven = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return time.perf_counter() - start, float(solver.getInfo().objective_function_value), proven


def engine(case: kamlearn.Case, limit: float, gap: float = 1e-4) -> tuple[float, kamlearn.Plan]:
    start = time.perf_counter()
    plan = kamlearn.allocate(case, time_limit=limit, gap_tolerance=gap)
    return time.perf_counter() - start, plan


def compare(label: str, case: kamlearn.Case, limit: float) -> float:
    model(case)  # the subset enumeration is cached per case: build it outside every timing
    ours, plan = engine(case, limit)
    theirs, value, proven = cbc(case, limit)
    other, other_value, other_proven = highs(case, limit)
    ratio = ours / theirs
    print(f"{label:<34} engine {ours:7.2f} s {plan.status:<10} ({plan.method:<6}) | CBC {theirs:7.2f} s "
          f"{'proven' if proven else 'limit '} | HiGHS {other:7.2f} s {'proven' if other_proven else 'limit '} | "
          f"engine/CBC {ratio:5.2f}; values {plan.value_nok:,.1f} / {value:,.1f} / {other_value:,.1f}", flush=True)
    return ratio


def main() -> None:
    quick = "--quick" in sys.argv
    limit = float(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 120.0
    parts = sys.argv[sys.argv.index("--parts") + 1] if "--parts" in sys.argv else "abcd"
    warm = synthetic_case(12, 2, 3, seed=0)  # imports (SciPy's LP, PuLP, highspy) happen once, outside every timing
    kamlearn.allocate(warm, method="milp")
    cbc(warm, 10)
    highs(warm, 10)
    if "d" in parts:
        median, p95 = course_case_timing()
        print(f"course case: optimal re-solve {median * 1e3:.1f} ms median, {p95 * 1e3:.1f} ms p95 (target < 10 ms)")
    if "a" in parts:
        print("(a) mid-size synthetic cases")
        ratios_a = [compare(f"{n} x {k} x {m} seed {s}", synthetic_case(n, k, m, seed=s, tightness=t), limit)
                    for n, k, m, s, t in ([(30, 2, 5, 1, 0.3), (40, 8, 6, 5, 0.3)] if quick else
                                          [(30, 2, 5, 1, 0.3), (20, 3, 5, 2, 0.3), (15, 4, 4, 1, 0.3),
                                           (40, 8, 6, 5, 0.3), (60, 4, 8, 2, 0.35), (100, 2, 10, 6, 0.3),
                                           (150, 3, 12, 3, 0.25), (300, 2, 15, 8, 0.4)])]
        print(f"median engine/CBC (a): {statistics.median(ratios_a):.2f} (target at most 1)")
    if "b" in parts:
        print("(b) Chu-Beasley knapsacks, 100 items")
        ratios_b = [compare(f"100 x {m}, tightness {t}", chu_beasley(100, m, t, seed=m), limit)
                    for m in ((5,) if quick else (5, 10, 30)) for t in (0.25, 0.5, 0.75)]
        print(f"median engine/CBC (b): {statistics.median(ratios_b):.2f} (target at most 1)")
    if not quick and "c" in parts:
        big = synthetic_case(5000, 8, 6, seed=0)
        model(big)
        ours, plan = engine(big, np.inf, gap=1e-3)
        theirs, _, _ = cbc(big, 3600, gap=1e-3)
        print(f"(c) 5,000 x 8 x 6 at 0.1 %: engine {ours:.2f} s, certified gap {plan.gap:.4%} ({plan.method}); "
              f"CBC {theirs:.2f} s; CBC/engine {theirs / ours:.0f}x (target at least 10x)")


if __name__ == "__main__":
    main()
