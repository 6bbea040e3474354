"""Benchmark: the sensitivity Monte Carlo (1,000 re-solves of the course case) against one solve.

Peers measured in the same run, so the ratios hold on a loaded machine:

* one optimal solve of the course case (``kamlearn.allocate``, median of 30);
* one draw through the public API (``Case.with_tables`` + ``allocate``), the route the engine adapter
  avoids, median of 20.

Each figure is given as wall-clock time and as this process's CPU time (``time.process_time``): on a
machine shared with other work the CPU time is the steadier of the two, and the ratios are the figures
to compare across runs.

Then one solve of a larger synthetic case tells how long a Monte Carlo would take at that size, and so
where it would need more than one machine.  Run: python bench/bench_sensitivity.py [draws]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import kamlearn
from kamlearn.sensitivity import _draw, _Resolver, effect_ranges, sensitivity

TARGET_SECONDS = 10.0


def median_seconds(function: object, repeats: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``repeats`` calls."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()  # type: ignore[operator]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main(draws: int = 1000) -> None:
    case = kamlearn.load_case()
    plan = kamlearn.allocate(case)
    single, single_cpu = median_seconds(lambda: kamlearn.allocate(case), 30)

    resolver = _Resolver(plan, None, None)
    effects = _draw(effect_ranges(case), 20, 99, "triangular")
    it = iter(range(20))
    public, public_cpu = median_seconds(lambda: resolver.public(effects[next(it)]), 20)

    start, start_cpu = time.perf_counter(), time.process_time()
    result = sensitivity(plan, draws=draws, seed=0, progress=False)
    total, total_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    per_draw, per_draw_cpu = total / draws, total_cpu / draws
    single_after, single_after_cpu = median_seconds(lambda: kamlearn.allocate(case), 30)  # the load may change
    single, single_cpu = min(single, single_after), min(single_cpu, single_after_cpu)

    print(f"course case: {len(case.accounts)} accounts, {len(case.initiatives)} candidate groups, "
          f"{len(case.resources)} resources; machine load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print("                                       wall clock        CPU time")
    print(f"one optimal solve (peer)             {single * 1e3:8.1f} ms      {single_cpu * 1e3:8.1f} ms "
          "(median of 30, before and after)")
    print(f"one draw through the public API      {public * 1e3:8.1f} ms      {public_cpu * 1e3:8.1f} ms (median of 20)")
    print(f"sensitivity, {draws:,} draws              {total:8.2f} s       {total_cpu:8.2f} s")
    print(f"  one draw                           {per_draw * 1e3:8.1f} ms      {per_draw_cpu * 1e3:8.1f} ms")
    print(f"  ratio: one draw / one solve         {per_draw / single:8.2f}          {per_draw_cpu / single_cpu:8.2f}")
    print(f"  ratio: public route / one draw      {public / per_draw:8.2f}          {public_cpu / per_draw_cpu:8.2f}")
    print(f"  against the target of {TARGET_SECONDS:.0f} s           {total / TARGET_SECONDS:8.2f} x "
          f"({'met' if total <= TARGET_SECONDS else 'NOT met'} on the wall clock, "
          f"{'met' if total_cpu <= TARGET_SECONDS else 'NOT met'} in CPU time)")
    print(f"  expected regret {result.expected_regret / 1e6:.2f} MNOK, today's plan best in "
          f"{result.share_today_optimal:.0%} of the draws")

    big = kamlearn.synthetic_case(2000, 8, 6, seed=1)
    start = time.perf_counter()
    kamlearn.allocate(big)
    big_solve = time.perf_counter() - start
    hours = big_solve * draws / 3600
    print(f"one solve of a synthetic case of 2,000 accounts x 8 groups x 6 resources: {big_solve:.2f} s, so "
          f"{draws:,} draws would take about {hours:.2f} h on one core")
    print("Where one machine stops: the draws are independent, so a run of many draws of a case of thousands of "
          "accounts splits into chunks of seeds; dask.distributed (client.map over seed chunks, one "
          "sensitivity(..., seed=s) per chunk, results concatenated) would carry it across machines.")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
