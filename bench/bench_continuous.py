"""Benchmark: spreading hours over accounts (equal marginal returns) against scipy's SLSQP.

Run: python bench/bench_continuous.py   (prints figures and ratios on its last lines)
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import minimize

from kamlearn import AdbudgCurve, ExponentialCurve, allocate_effort


def curves(n: int, seed: int = 0) -> AdbudgCurve:
    rng = np.random.default_rng(seed)
    return AdbudgCurve(a=rng.uniform(50, 150, n), b=rng.uniform(0, 40, n), c=rng.uniform(0.4, 1.0, n),
                       d=rng.uniform(5, 50, n))


def main() -> None:
    n, hours = 500, 500 * 100.0
    c = curves(n)
    start = time.perf_counter()
    for _ in range(20):
        ours = allocate_effort(c, hours, 0.0, 1000.0)
    ours_s = (time.perf_counter() - start) / 20
    start = time.perf_counter()
    res = minimize(lambda x: -c.response(x).sum(), np.full(n, hours / n), jac=lambda x: -c.marginal(x),
                   method="SLSQP", bounds=[(0, 1000)] * n,
                   constraints=[{"type": "ineq", "fun": lambda x: hours - x.sum(), "jac": lambda x: -np.ones(n)}],
                   options={"maxiter": 500})
    slsqp_s = time.perf_counter() - start
    big = 1_000_000
    rng = np.random.default_rng(1)
    cb = curves(big, 1)
    eb = ExponentialCurve(a=rng.uniform(50, 150, big), b=rng.uniform(0, 40, big), k=rng.uniform(0.002, 0.02, big))
    start = time.perf_counter()
    allocate_effort(cb, big * 100.0, 0.0, 1000.0)
    big_adbudg = time.perf_counter() - start
    start = time.perf_counter()
    allocate_effort(eb, big * 100.0, 0.0, 1000.0)
    big_exp = time.perf_counter() - start
    print(f"500 accounts: allocate_effort {ours_s * 1e3:.2f} ms, objective {ours.total_response:,.4f}")
    print(f"500 accounts: SLSQP {slsqp_s:.2f} s, objective {-res.fun:,.4f}, converged={res.success}")
    print(f"objective difference (ours - SLSQP): {ours.total_response + res.fun:+.6f}")
    print(f"1,000,000 accounts: ADBUDG {big_adbudg:.2f} s, exponential {big_exp:.2f} s")
    print(f"speed ratio SLSQP / allocate_effort on 500 accounts: {slsqp_s / ours_s:,.0f}x")


if __name__ == "__main__":
    main()
