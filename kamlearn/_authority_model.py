"""The authority simulation's arithmetic behind :mod:`kamlearn.authority`: the random draws and one limit's outcome.

Private.  The model is written down in :mod:`kamlearn.authority`; the draws are made once per
simulation (common random numbers for every limit) and :func:`_evaluate` is numpy only, vectorised
over all requests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kamlearn.value import customer_lifetime_value

if TYPE_CHECKING:
    from kamlearn.authority import AuthorityParams
    from kamlearn.case import Case


# ----------------------------------------------------------------------------- random draws


@dataclass(frozen=True)
class _Draws:
    """The random part of a simulation, shared by every limit (common random numbers)."""

    account_ids: tuple[str, ...]
    retention: np.ndarray  # (A,) baseline retention
    margin: np.ndarray  # (A,) yearly margin, NOK
    rates: np.ndarray  # (A,) expected requests a year
    years: int
    cell: np.ndarray  # (n,) year * A + account, sorted
    sizes: np.ndarray  # (n,) NOK
    delays: np.ndarray  # (n,) days the request would wait if reviewed
    discount_rate: float
    horizon_years: float | None = None


def _draw(case: Case, params: AuthorityParams, seed: int | None, years: int) -> _Draws:
    rng = np.random.default_rng(seed)
    from kamlearn.authority import account_request_rates

    rates = account_request_rates(case, params)
    n_accounts = len(rates)
    counts = rng.poisson(np.broadcast_to(rates.to_numpy(), (years, n_accounts)))
    # Generator.poisson gives int64 everywhere; np.repeat needs the platform's index type (32 bits in Pyodide)
    cell = np.repeat(np.arange(years * n_accounts), counts.ravel().astype(np.intp))
    n = int(cell.size)
    sizes = rng.lognormal(math.log(params.request_median_nok), params.request_sigma, size=n)
    mean, shape = params.delay_mean_days, params.delay_shape
    delays = rng.gamma(shape, mean / shape, size=n) if mean > 0 else np.zeros(n)
    accounts = case.accounts
    return _Draws(
        account_ids=tuple(str(a) for a in accounts.index),
        retention=accounts["retention"].to_numpy(dtype=float),
        margin=case.yearly_margin().to_numpy(dtype=float),
        rates=rates.to_numpy(dtype=float),
        years=years,
        cell=cell,
        sizes=sizes,
        delays=delays,
        discount_rate=float(case.discount_rate),
        horizon_years=case.horizon_years,
    )


# ----------------------------------------------------------------------------- the model at one limit


def _evaluate(draws: _Draws, params: AuthorityParams, limit: float) -> tuple[dict[str, float], pd.DataFrame]:
    """Everything the model says at one limit, vectorised over requests (numpy only)."""
    n_accounts = len(draws.account_ids)
    cells = draws.years * n_accounts
    reviewed = draws.sizes > limit
    n = draws.sizes.size
    wait = np.where(reviewed, draws.delays, 0.0)
    weeks = np.bincount(draws.cell, weights=wait, minlength=cells) / 7.0
    escaped = np.bincount(draws.cell, weights=np.where(reviewed, 0.0, draws.sizes), minlength=cells)
    spending = np.bincount(draws.cell, weights=draws.sizes, minlength=cells)
    reviews = np.bincount(draws.cell, weights=reviewed.astype(float), minlength=cells)
    requests = np.bincount(draws.cell, minlength=cells).astype(float)

    shape = (draws.years, n_accounts)
    drop = np.minimum(params.max_retention_drop, params.retention_drop_per_week * weeks).reshape(shape)
    retention = np.maximum(draws.retention - drop, 0.0)
    oversight = params.review_trim_share * escaped.reshape(shape)
    review_cost = params.review_cost_nok * reviews.reshape(shape)
    margin = draws.margin - oversight - review_cost
    clv = customer_lifetime_value(margin, retention, draws.discount_rate, draws.horizon_years)
    clv_before = customer_lifetime_value(draws.margin, draws.retention, draws.discount_rate, draws.horizon_years)

    years = draws.years
    accounts = pd.DataFrame(
        {
            "requests_per_year": requests.reshape(shape).mean(axis=0),
            "reviews_per_year": reviews.reshape(shape).mean(axis=0),
            "weeks_waited_per_year": weeks.reshape(shape).mean(axis=0),
            "retention_before": draws.retention,
            "retention_after": retention.mean(axis=0),
            "margin_before_nok": draws.margin,
            "margin_after_nok": margin.mean(axis=0),
            "escaped_spending_nok": escaped.reshape(shape).mean(axis=0),
            "clv_before_nok": clv_before,
            "clv_after_nok": clv.mean(axis=0),
        },
        index=pd.Index(draws.account_ids, name="account_id", dtype="str"),
    )
    accounts["clv_change_nok"] = accounts["clv_after_nok"] - accounts["clv_before_nok"]
    n_reviewed = int(reviewed.sum())
    value = float(accounts["clv_after_nok"].sum())
    total_before = float(clv_before.sum())
    metrics = {
        "limit": limit,
        "requests_per_year": n / years,
        "share_decided_at_once": float(1.0 - n_reviewed / n) if n else 1.0,
        "mean_delay_days": float(wait.mean()) if n else 0.0,
        "mean_delay_reviewed_days": float(draws.delays[reviewed].mean()) if n_reviewed else float("nan"),
        "weeks_waited_per_year": float(weeks.sum() / years),
        "retention_before": float(draws.retention.mean()),
        "retention_after": float(retention.mean()),
        "spending_nok": float(spending.sum() / years),
        "escaped_spending_nok": float(escaped.sum() / years),
        "oversight_cost_nok": float(oversight.sum() / years),
        "review_cost_nok": float(review_cost.sum() / years),
        "clv_before_nok": total_before,
        "value_nok": value,
        "value_change_nok": value - total_before,
    }
    return metrics, accounts
