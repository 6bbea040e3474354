"""Benchmark: the allocation engine against PuLP + CBC on the same binary subset-choice model.

The model given to CBC has one binary per (account, subset of its groups) that is not dominated by a
subset of itself (dominated subsets use more of every resource for no more value and can never be
needed), one "choose exactly one" row per account and one capacity row per resource: the within-account
interaction is enumerated, exactly as the engine sees it.  CBC runs with the same relative gap as the
engine's target (0.1 %).  Run: python bench/bench_allocate.py [n_accounts]
"""

from __future__ import annotations

import sys
import time
import tracemalloc

import numpy as np
import pulp

import kamlearn
from kamlearn.allocation._model import _all_candidates, _core_for, _instance_for
from kamlearn.synthetic import synthetic_case


def course_case_timing() -> tuple[float, float]:
    """Median and 95th percentile of one optimal solve of the course case, over 40 slider positions.

    The what-if cases are made before the clock starts: the figure is the solve alone.
    """
    case = kamlearn.load_case()
    kamlearn.allocate(case)
    variants = [case.with_capacity(kam_hours=float(c)) for c in np.linspace(900, 1500, 40)]
    times = []
    for variant in variants:
        start = time.perf_counter()
        kamlearn.allocate(variant)
        times.append(time.perf_counter() - start)
    return float(np.median(times)), float(np.percentile(times, 95))


def ours(case: kamlearn.Case, gap: float) -> tuple[kamlearn.Plan, float, float]:
    """Time one solve, then measure its memory in a second solve (tracemalloc slows numpy a lot)."""
    start = time.perf_counter()
    plan = kamlearn.allocate(case, gap_tolerance=gap)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    kamlearn.allocate(case, gap_tolerance=gap)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return plan, seconds, peak / 2**20


def cbc(case: kamlearn.Case, gap: float) -> tuple[float, float, float, int]:
    core = _core_for(case)
    inst = _instance_for(case, core, None, None, None)
    cands = _all_candidates(inst, prune=True)
    start = time.perf_counter()
    prob = pulp.LpProblem("subset_choice", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{i}", cat="Binary") for i in range(len(cands.value))]
    prob += pulp.lpSum(v * xi for v, xi in zip(cands.value.tolist(), x, strict=True))
    for a in range(cands.n_accounts):
        prob += pulp.lpSum(x[cands.ptr[a] : cands.ptr[a + 1]]) == 1
    for r in range(core.n_resources):
        nz = np.flatnonzero(cands.weight[:, r] > 0)
        prob += pulp.lpSum(cands.weight[i, r] * x[i] for i in nz) <= inst.capacity[r]
    build = time.perf_counter() - start
    start = time.perf_counter()
    prob.solve(pulp.PULP_CBC_CMD(msg=0, gapRel=gap))
    solve = time.perf_counter() - start
    return float(pulp.value(prob.objective)), build, solve, len(x)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    gap = 1e-3
    course = course_case_timing()
    case = synthetic_case(n, 8, 6, seed=0)
    _core_for(case)  # the subset enumeration is cached per case; build it outside both timings
    plan, seconds, peak = ours(case, gap)
    value, build, solve, binaries = cbc(case, gap)
    big = synthetic_case(50_000, 8, 6, seed=1) if "--big" in sys.argv else None
    print(f"course case: optimal solve {course[0] * 1e3:.1f} ms median, {course[1] * 1e3:.1f} ms p95 "
          f"(40 kam_hours capacities)")
    print(f"{n} accounts x 8 groups x 6 resources: engine {seconds:.2f} s, value {plan.value_nok:,.0f}, "
          f"certified gap {plan.gap:.4%}, status {plan.status}, tracemalloc peak {peak:.0f} MiB")
    print(f"PuLP+CBC on {binaries:,} binaries: build {build:.2f} s, solve {solve:.2f} s, value {value:,.0f}")
    if big is not None:
        plan50, s50, p50 = ours(big, gap)
        print(f"50,000 accounts: engine {s50:.1f} s, gap {plan50.gap:.4%}, peak {p50:.0f} MiB")
    print(f"speed ratio (PuLP build+solve) / engine: {(build + solve) / seconds:.1f}x; "
          f"solve only: {solve / seconds:.1f}x")


if __name__ == "__main__":
    main()
