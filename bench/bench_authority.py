"""Benchmark: the vectorised authority simulation against a plain Python loop of the same model.

About 100,000 customer requests (417 simulated years of the case company) at
the default delegated limit.  Two peers, measured in the same run:

* ``loop``: the whole model in plain Python (``random`` module draws, one
  request at a time).  Its numbers differ from numpy's draws, so its results
  are compared with the vectorised ones within Monte Carlo error.
* ``loop on the same draws``: the decision rule, waiting and lifetime values
  in plain Python over numpy's draws; it must give the vectorised numbers to
  rounding, which checks that both implement the same model.

Run: ``python bench/bench_authority.py``.  The ratios are printed on the last lines.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from typing import Any

import kamlearn
from kamlearn.authority import AuthorityParams, _draw, _Draws, _evaluate, account_request_rates

TARGET_REQUESTS = 100_000
LIMIT = 50_000.0
SEED = 2024


def _clv(margin: float, retention: float, discount_rate: float) -> float:
    return margin * retention / (1.0 + discount_rate - retention)


def _model_loop(
    account_requests: list[list[list[tuple[float, float]]]],
    retention: list[float],
    margin: list[float],
    params: AuthorityParams,
    limit: float,
    discount_rate: float,
) -> dict[str, float]:
    """The model for requests grouped as [year][account] -> [(size, delay)], one request at a time."""
    years = len(account_requests)
    n = reviewed = 0
    wait_total = escaped_total = 0.0
    value = retention_total = 0.0
    clv_sum = [0.0] * len(retention)
    for year in account_requests:
        for a, requests in enumerate(year):
            weeks = escaped = 0.0
            reviews = 0
            for size, delay in requests:
                n += 1
                if size > limit:
                    reviews += 1
                    weeks += delay / 7.0
                    wait_total += delay
                else:
                    escaped += size
            reviewed += reviews
            escaped_total += escaped
            drop = min(params.max_retention_drop, params.retention_drop_per_week * weeks)
            r = max(retention[a] - drop, 0.0)
            m = margin[a] - params.review_trim_share * escaped - params.review_cost_nok * reviews
            clv_sum[a] += _clv(m, r, discount_rate)
            retention_total += r
    value = sum(c / years for c in clv_sum)
    return {
        "share_decided_at_once": 1.0 - reviewed / n,
        "mean_delay_days": wait_total / n,
        "retention_after": retention_total / (years * len(retention)),
        "escaped_spending_nok": escaped_total / years,
        "value_nok": value,
        "requests": float(n),
    }


def _poisson(rnd: random.Random, rate: float) -> int:
    """Knuth's multiplication method (fine for the rates here, well under 700)."""
    threshold = math.exp(-rate)
    k, p = 0, rnd.random()
    while p > threshold:
        k += 1
        p *= rnd.random()
    return k


def loop_simulation(
    case: kamlearn.Case, params: AuthorityParams, limit: float, seed: int, years: int
) -> dict[str, float]:
    """The whole simulation in plain Python: draws with the ``random`` module, then the model."""
    rnd = random.Random(seed)
    rates = account_request_rates(case, params).tolist()
    accounts = case.accounts
    retention = accounts["retention"].astype(float).tolist()
    margin = case.yearly_margin().astype(float).tolist()
    mu, sigma = math.log(params.request_median_nok), params.request_sigma
    shape = params.delay_shape
    scale = params.delay_mean_days / shape
    grouped = []
    for _ in range(years):
        year = []
        for rate in rates:
            count = _poisson(rnd, rate)
            year.append([(rnd.lognormvariate(mu, sigma), rnd.gammavariate(shape, scale)) for _ in range(count)])
        grouped.append(year)
    return _model_loop(grouped, retention, margin, params, limit, float(case.discount_rate))


def loop_on_draws(draws: _Draws, params: AuthorityParams, limit: float) -> dict[str, float]:
    """The model in plain Python over the vectorised simulation's own draws."""
    n_accounts = len(draws.account_ids)
    grouped: list[list[list[tuple[float, float]]]] = [[[] for _ in range(n_accounts)] for _ in range(draws.years)]
    for cell, size, delay in zip(draws.cell.tolist(), draws.sizes.tolist(), draws.delays.tolist(), strict=True):
        grouped[cell // n_accounts][cell % n_accounts].append((size, delay))
    return _model_loop(grouped, draws.retention.tolist(), draws.margin.tolist(), params, limit, draws.discount_rate)


def best_time(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    case = kamlearn.load_case()
    params = AuthorityParams()
    per_year = float(account_request_rates(case, params).sum())
    years = math.ceil(TARGET_REQUESTS / per_year)

    vector_time, vector = best_time(lambda: kamlearn.simulate_authority(case, LIMIT, params, seed=SEED, years=years), 5)
    loop_time, loop = best_time(lambda: loop_simulation(case, params, LIMIT, SEED, years), 3)

    draws = _draw(case, params, SEED, years)
    model_vector_time, (metrics, _) = best_time(lambda: _evaluate(draws, params, LIMIT), 5)
    model_loop_time, same = best_time(lambda: loop_on_draws(draws, params, LIMIT), 3)

    keys = ["share_decided_at_once", "mean_delay_days", "retention_after", "escaped_spending_nok", "value_nok"]
    for key in keys:
        if not math.isclose(same[key], metrics[key], rel_tol=1e-9, abs_tol=1e-9):
            raise SystemExit(f"the loop on the same draws disagrees on {key}: {same[key]!r} vs {metrics[key]!r}")

    n = int(vector.metrics["requests_per_year"] * years)
    print(f"case {case.name}, limit {LIMIT:,.0f} NOK, {years} simulated years, {n:,} requests"
          f" (loop: {int(loop['requests']):,})")
    print(f"{'':24}{'vectorised':>20}{'plain loop':>20}")
    for key in keys:
        print(f"{key:24}{vector.metrics[key]:>20,.4f}{loop[key]:>20,.4f}")
    print("the loop on the vectorised draws gives the same numbers (rel. 1e-9): yes")
    print(f"model only (same draws): vectorised {model_vector_time * 1e3:.1f} ms, loop {model_loop_time * 1e3:.1f} ms,"
          f" ratio {model_loop_time / model_vector_time:.0f}x")
    print(f"whole simulation: vectorised {vector_time * 1e3:.1f} ms, plain Python loop {loop_time * 1e3:.1f} ms")
    print(f"speed-up of the vectorised simulation over the plain loop: {loop_time / vector_time:.0f}x")


if __name__ == "__main__":
    main()
