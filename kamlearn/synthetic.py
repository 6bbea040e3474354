"""Where cases are made for benchmarks and tests: random plausible cases and knapsack problems as cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kamlearn._checks import shown
from kamlearn.allocation._model import MAX_GROUPS_PER_ACCOUNT
from kamlearn.i18n import _

__all__ = ["knapsack_case", "synthetic_case"]

if TYPE_CHECKING:

    from kamlearn.case import Case


def synthetic_case(
    n_accounts: int = 200,
    n_groups: int = 8,
    n_resources: int = 6,
    seed: int = 0,
    *,
    tightness: float = 0.35,
) -> Case:
    """A random but plausible case for benchmarks and tests: many accounts, a few resources.

    Every account gets ``n_groups`` candidate project groups; resource 0 is a
    budget in NOK, the others are hours of different skills.  Capacities are
    ``tightness`` times what all groups together would need, so every
    resource is scarce.  The same seed gives the same case.

    Parameters
    ----------
    n_accounts, n_groups, n_resources
        Size of the case (``n_groups <= 16``, ``n_resources >= 1``).
    seed
        Seed of the random numbers.
    tightness
        Capacity as a share of total demand (0 to 1).

    Returns
    -------
    Case

    Examples
    --------
    >>> case = synthetic_case(50, 4, 3, seed=1)
    >>> len(case.accounts), len(case.initiatives), len(case.resources)
    (50, 200, 3)
    """
    from kamlearn.case import Case

    if not 1 <= n_groups <= MAX_GROUPS_PER_ACCOUNT:
        raise ValueError(_("n_groups: expected 1 to {most}, found {found}.").format(
            most=MAX_GROUPS_PER_ACCOUNT, found=n_groups))
    if n_accounts < 1 or n_resources < 1:
        raise ValueError(_("n_accounts and n_resources: expected at least 1."))
    if not 0 < tightness <= 1:
        raise ValueError(_("tightness: expected a share above 0 and at most 1, found {found}.").format(
            found=shown(tightness)))
    rng = np.random.default_rng(seed)
    width = len(str(n_accounts))
    account_ids = np.array([f"S{i + 1:0{width}d}" for i in range(n_accounts)], dtype=object)
    revenue = np.round(np.exp(rng.normal(np.log(15e6), 0.9, n_accounts)), -3)
    gross_margin = rng.uniform(0.15, 0.35, n_accounts)
    cost_to_serve = np.round(revenue * rng.uniform(0.02, 0.08, n_accounts), -2)
    retention = rng.uniform(0.70, 0.95, n_accounts)
    share = rng.uniform(0.15, 0.70, n_accounts)
    accounts = pd.DataFrame({
        "account_id": account_ids,
        "name": [f"Synthetic customer {i + 1}" for i in range(n_accounts)],
        "yearly_revenue_nok": revenue,
        "gross_margin": gross_margin.round(3),
        "cost_to_serve_nok": cost_to_serve,
        "retention": retention.round(3),
        "stage": rng.choice(["Pre-KAM", "Early-KAM", "Mid-KAM", "Partnership-KAM"], n_accounts),
        "share_of_wallet": share.round(3),
    })
    resource_ids = ["budget"] + [f"hours_{r}" for r in range(1, n_resources)]
    unit_cost = np.concatenate([[1.0], rng.uniform(600, 1200, n_resources - 1).round(0)])
    n_init = n_accounts * n_groups
    owner = np.repeat(np.arange(n_accounts), n_groups)
    initiative_ids = np.array(
        [f"{account_ids[a]}-G{j + 1}" for a in range(n_accounts) for j in range(n_groups)], dtype=object)
    margin = np.maximum(revenue * gross_margin - cost_to_serve, 1e5)
    churn = rng.uniform(0.03, 0.20, n_init).round(3)
    cts_cut = np.where(rng.random(n_init) < 0.5, rng.uniform(0.0, 0.15, n_init), 0.0).round(3)
    sow_gain = np.where(rng.random(n_init) < 0.5, rng.uniform(0.0, 0.05, n_init), 0.0).round(3)
    initiatives = pd.DataFrame({
        "initiative_id": initiative_ids,
        "account_id": account_ids[owner],
        "name": [f"Project group {j + 1}" for _ in range(n_accounts) for j in range(n_groups)],
        "churn_reduction": churn,
        "cost_to_serve_reduction": cts_cut,
        "share_of_wallet_gain": sow_gain,
        "duration_months": rng.integers(3, 13, n_init),
        "earliest_start_month": np.ones(n_init, dtype=int),
        "latest_start_month": np.full(n_init, 6),
    })
    # what a group costs in NOK: a share of the account's yearly margin, split over budget and 1-3 skills
    total_cost = margin[owner] * rng.uniform(0.03, 0.30, n_init)
    use = np.zeros((n_init, n_resources))
    use[:, 0] = rng.uniform(0.2, 0.6, n_init)
    if n_resources > 1:
        k = rng.integers(1, min(3, n_resources - 1) + 1, n_init)
        for i in range(n_init):
            skills = rng.choice(np.arange(1, n_resources), size=k[i], replace=False)
            use[i, skills] = rng.uniform(0.5, 1.5, k[i])
    else:
        use[:, 0] = 1.0
    use /= use.sum(axis=1, keepdims=True)
    amount = total_cost[:, None] * use / unit_cost[None, :]
    amount = np.where(np.arange(n_resources)[None, :] == 0, np.round(amount, -3), np.round(amount, 0))
    rows, cols = np.nonzero(amount > 0)
    demands = pd.DataFrame({
        "initiative_id": initiative_ids[rows],
        "resource_id": np.asarray(resource_ids, dtype=object)[cols],
        "amount": amount[rows, cols],
    })
    capacity = np.floor(tightness * amount.sum(axis=0))
    resources = pd.DataFrame({
        "resource_id": resource_ids,
        "name": ["Project budget"] + [f"Specialist hours, skill {r}" for r in range(1, n_resources)],
        "kind": ["financial"] + ["human"] * (n_resources - 1),
        "unit": ["NOK"] + ["hours"] * (n_resources - 1),
        "capacity": capacity,
        "cost_per_unit_nok": unit_cost,
    })
    return Case.from_frames(accounts, resources, initiatives, demands,
                            name=f"Synthetic case ({n_accounts} accounts, seed {seed})")


def knapsack_case(
    profits: Sequence[float],
    weights: np.ndarray | Sequence[Sequence[float]],
    capacities: Sequence[float],
    *,
    name: str = "Knapsack case",
) -> Case:
    """A multidimensional knapsack problem posed as a case: one account and one group per item.

    Item ``j`` becomes account ``K{j}`` with one candidate project group whose
    value is exactly the item's profit in NOK (the group raises the share of
    wallet from 0.5 to 1, with gross margin 1, no cost to serve, retention 0.5
    and a discount rate of 0, so its lifetime value gain equals the yearly revenue
    ``profits[j]``; the resources cost nothing).  Constraint ``r`` becomes a
    resource ``c{r}`` with capacity ``capacities[r]`` and group ``j`` uses
    ``weights[r][j]`` of it.  The best plan of the case is the knapsack optimum,
    which makes public test sets with proven optima (OR-Library's ``mknap``
    files) tests of the engine.

    Parameters
    ----------
    profits
        Profit of each item (n,), positive.
    weights
        Weights, one row per constraint (m, n), non-negative.
    capacities
        Capacity of each constraint (m,), non-negative.
    name
        The case's name.

    Returns
    -------
    Case

    Raises
    ------
    ValueError
        When the shapes do not agree.

    References
    ----------
    Beasley, J. E. (1990). OR-Library: distributing test problems by electronic
    mail. *Journal of the Operational Research Society* 41(11), 1069-1072.

    Examples
    --------
    >>> case = knapsack_case([10, 7, 4], [[3, 2, 1], [1, 2, 2]], [4, 3])
    >>> from kamlearn import allocate
    >>> plan = allocate(case)
    >>> plan.selected, round(plan.value_nok, 6)
    (('K1-G', 'K3-G'), 14.0)
    """
    from kamlearn.case import Case

    profit = np.asarray(profits, dtype=float)
    weight = np.asarray(weights, dtype=float)
    capacity = np.asarray(capacities, dtype=float)
    n = len(profit)
    if weight.ndim != 2 or weight.shape != (len(capacity), n):
        raise ValueError(_("weights: expected shape ({rows}, {columns}) (constraints x items), found {found}.").format(
            rows=len(capacity), columns=n, found=weight.shape))
    account_ids = np.array([f"K{j + 1}" for j in range(n)], dtype=object)
    accounts = pd.DataFrame({
        "account_id": account_ids, "name": [f"Item {j + 1}" for j in range(n)], "yearly_revenue_nok": profit,
        "gross_margin": 1.0, "cost_to_serve_nok": 0.0, "retention": 0.5, "stage": "Mid-KAM", "share_of_wallet": 0.5,
    })
    resource_ids = np.array([f"c{r + 1}" for r in range(len(capacity))], dtype=object)
    resources = pd.DataFrame({
        "resource_id": resource_ids, "name": [f"Constraint {r + 1}" for r in range(len(capacity))],
        "kind": "technological", "unit": "units", "capacity": capacity, "cost_per_unit_nok": 0.0,
    })
    initiative_ids = np.array([f"{a}-G" for a in account_ids], dtype=object)
    initiatives = pd.DataFrame({
        "initiative_id": initiative_ids, "account_id": account_ids, "name": "Item",
        "churn_reduction": 0.0, "cost_to_serve_reduction": 0.0, "share_of_wallet_gain": 0.5,
        "duration_months": 12, "earliest_start_month": 1, "latest_start_month": 1,
    })
    rows, items = np.nonzero(weight > 0)
    demands = pd.DataFrame({
        "initiative_id": initiative_ids[items], "resource_id": resource_ids[rows], "amount": weight[rows, items],
    })
    return Case.from_frames(accounts, resources, initiatives, demands, name=name, discount_rate=0.0)
