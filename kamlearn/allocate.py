"""Allocating scarce resources across key accounts and project groups, with the price of each resource.

The question of the article "Sikre interne ressurser": which project groups
should the company staff on which key accounts, given that budget,
technological capacity and the hours of people with the right knowledge are
scarce?  :func:`allocate` answers it with a :class:`Plan`.

The model
---------
Every account ``i`` has a few candidate project groups (initiatives).  A set
``S`` of groups on one account changes its retention, cost to serve and share
of wallet (see :func:`kamlearn.account_outcome`); its value is

    ``value_i(S) = CLV_after(S) - CLV_before - cost(S)``

where ``cost(S)`` is what the groups' resources cost (amount x cost per unit).
The value of a set is *not* the sum of its groups' values: each group removes a
fraction of the churn that is left, and lifetime value is convex in retention,
so the engine enumerates every subset of an account's groups (256 for the
eight-group flagship account).  The resources a set needs *are* additive.  The
optimal plan picks one subset per account to maximise total value with the
total use of every resource within its capacity: a multiple-choice,
multi-dimensional knapsack problem.

How it is solved
----------------
* **Exact** (``method="exact"``, the default for small cases such as the
  course case): a dynamic programme over accounts, one account per layer,
  keeps every partial plan that fits the capacities and could still beat the
  best plan known.  "Could still beat" is decided by Lagrangian bounds: for
  any resource prices ``pi >= 0``, a partial plan can at best add
  ``pi . (spare capacity) + sum over later accounts of max_S (v_S - pi . w_S)``.
  The bound used is the smallest over a *pool* of price vectors (the iterates
  of a subgradient method), which prunes far better than any single price
  vector; a quick beam pass first finds a good plan to prune against.  The
  course case solves to a proven optimum in milliseconds, with no LP solver.
* **Lagrangian** (``method="lagrangian"``, the default for large cases):
  prices per resource are adjusted by a stabilised cutting-plane method (the
  box-step method of Marsten, Hogan and Blankenship 1975) on the Lagrangian
  dual; at given prices each account simply picks its best subset.  A primal
  repair and greedy fill turn the priced choices into a feasible plan.  Every
  Lagrangian value is an upper bound, so the plan comes with a *certified*
  optimality gap ``(bound - value) / bound``.

Shadow prices
-------------
``plan.resources["shadow_price"]`` is the optimal dual price of each capacity
constraint in the LP relaxation of the subset-choice model (every account
chooses a mix of its subsets).  That relaxation's value ``V(C)`` is concave
and piecewise linear in the capacities, and the shadow price ``pi_r`` is a
supergradient: ``(V(C + h e_r) - V(C)) / h <= pi_r <= (V(C) - V(C - h e_r)) / h``
for every step ``h > 0``, with equality in the limit wherever ``V`` is smooth.
So it is the value of one more unit of the resource, it is never negative, and
it is zero for a resource that is not binding.  For the whole-group (integer)
plan, one more hour usually changes nothing until it lets a new group fit;
:func:`capacity_sweep` shows those steps.  With the Lagrangian method the
shadow prices are the best prices found, within the reported gap of the exact
LP prices.

References
----------
McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757 (the eight project groups, as retold in the article series).

Marsten, R. E., Hogan, W. W. and Blankenship, J. W. (1975). The BOXSTEP
method for large-scale optimization. *Operations Research* 23(3), 389-405.

Fisher, M. L. (1981). The Lagrangian relaxation method for solving integer
programming problems. *Management Science* 27(1), 1-18.

Kellerer, H., Pferschy, U. and Pisinger, D. (2004). *Knapsack Problems*.
Springer (multiple-choice knapsack, reduced-cost fixing).
"""

from __future__ import annotations

import heapq
import html
import math
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn.errors import InfeasibleError, KamlearnWarning
from kamlearn.value import customer_lifetime_value, horizon_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.case import Case

__all__ = [
    "POLICIES",
    "Plan",
    "allocate",
    "capacity_sweep",
    "compare",
    "synthetic_case",
]

POLICIES: tuple[str, ...] = ("optimal", "equal", "revenue", "need", "concentrate", "greedy")
"""The named allocation policies, the optimal one first."""

MAX_GROUPS_PER_ACCOUNT = 16
"""The engine enumerates every subset of an account's groups: at most 2**16 per account."""

_EXACT_MAX_CANDIDATES = 40_000  # the engine's own exact search is tried up to this many candidate subsets
_EXACT_MAX_ACCOUNTS = 40  # ... and this many accounts with a choice
_EXACT_TRY_STATES = 2_000  # partial plans per layer when "auto" tries the exact search first
_EXACT_TRY_SECONDS = 0.3  # ... and the seconds it may spend before branch and cut takes over
_MILP_MAX_CANDIDATES = 150_000  # "auto" proves with branch and cut up to this many subsets left after fixing
_CHUNK = 1 << 21  # elements of a (accounts x subsets) block evaluated at once

PolicyFunction = Callable[["Case"], Iterable[str]]
Method = Literal["auto", "exact", "milp", "lagrangian"]


# ============================================================================ the numpy core


@cache
def _bits(k: int) -> np.ndarray:
    """0/1 matrix (2**k, k): row s has a one in column j when bit j of s is set."""
    s = np.arange(1 << k)
    return ((s[:, None] >> np.arange(k)[None, :]) & 1).astype(float)


@dataclass(frozen=True)
class _Bucket:
    """Accounts with the same number ``k`` of candidate groups, with every subset's value.

    ``value[a, s]`` is the value of subset ``s`` (bit j = the account's j-th group) of
    account ``accounts[a]``; ``-inf`` marks a subset that constraints rule out.
    """

    k: int
    accounts: np.ndarray  # (nb,) account positions
    groups: np.ndarray  # (nb, k) initiative positions
    value: np.ndarray  # (nb, 2**k)
    demand: np.ndarray  # (nb, k, m)

    def with_value(self, value: np.ndarray) -> _Bucket:
        return _Bucket(self.k, self.accounts, self.groups, value, self.demand)


@dataclass(frozen=True)
class _Core:
    """Everything about a case that does not depend on capacities (cached per case content)."""

    account_ids: np.ndarray
    initiative_ids: np.ndarray
    resource_ids: np.ndarray
    initiative_account: np.ndarray  # (G,) account position of each initiative
    demand: np.ndarray  # (G, m)
    group_cost: np.ndarray  # (G,) NOK
    churn: np.ndarray  # (G,)
    cts_cut: np.ndarray  # (G,)
    sow_gain: np.ndarray  # (G,)
    revenue: np.ndarray  # (n,)
    gross_margin: np.ndarray
    cost_to_serve: np.ndarray
    retention: np.ndarray
    share: np.ndarray
    discount_rate: float
    clv_before: np.ndarray  # (n,)
    buckets: tuple[_Bucket, ...]
    bucket_of_account: np.ndarray  # (n,) bucket number
    row_of_account: np.ndarray  # (n,) row inside its bucket
    slot_of_initiative: np.ndarray  # (G,) bit position of the initiative inside its account
    horizon_years: float | None = None  # planning horizon of lifetime values (None: unlimited)

    @property
    def n_accounts(self) -> int:
        return len(self.account_ids)

    @property
    def n_resources(self) -> int:
        return len(self.resource_ids)


def _clv(margin: np.ndarray, retention: np.ndarray, discount_rate: float,
         horizon_years: float | None = None) -> np.ndarray:
    """Lifetime value on arrays: the one formula of :func:`kamlearn.customer_lifetime_value`."""
    return np.asarray(customer_lifetime_value(margin, retention, discount_rate, horizon_years), dtype=float)


def _subset_values(core_arrays: dict[str, np.ndarray], accounts: np.ndarray, groups: np.ndarray,
                   discount_rate: float, horizon_years: float | None = None) -> np.ndarray:
    """Value of every subset of the groups of each account: (nb, 2**k), vectorised.

    Same arithmetic as :func:`kamlearn.account_outcome`: churn and cost to serve
    multiply by ``1 - effect`` per group, share of wallet adds up to at most 1,
    revenue scales with the share of wallet.
    """
    a = core_arrays
    nb, k = groups.shape
    keep_churn = np.ones((nb, 1))
    keep_cost = np.ones((nb, 1))
    sow = np.zeros((nb, 1))
    cost = np.zeros((nb, 1))
    for j in range(k):
        g = groups[:, j : j + 1]
        keep_churn = np.concatenate([keep_churn, keep_churn * (1.0 - a["churn"][g])], axis=1)
        keep_cost = np.concatenate([keep_cost, keep_cost * (1.0 - a["cts_cut"][g])], axis=1)
        sow = np.concatenate([sow, sow + a["sow_gain"][g]], axis=1)
        cost = np.concatenate([cost, cost + a["group_cost"][g]], axis=1)
    r0 = a["retention"][accounts][:, None]
    s0 = a["share"][accounts][:, None]
    retention = 1.0 - (1.0 - r0) * keep_churn
    share = np.minimum(1.0, s0 + sow)
    revenue = a["revenue"][accounts][:, None] * share / s0
    margin = revenue * a["gross_margin"][accounts][:, None] - a["cost_to_serve"][accounts][:, None] * keep_cost
    value = _clv(margin, retention, discount_rate, horizon_years) - a["clv_before"][accounts][:, None] - cost
    value[:, 0] = 0.0  # the empty set changes nothing (exactly)
    return value


def _build_core(
    account_ids: np.ndarray,
    accounts: Mapping[str, np.ndarray],
    initiative_ids: np.ndarray,
    initiative_account: np.ndarray,
    effects: Mapping[str, np.ndarray],
    resource_ids: np.ndarray,
    demand: np.ndarray,
    unit_cost: np.ndarray,
    discount_rate: float,
    horizon_years: float | None = None,
) -> _Core:
    """Build the capacity-independent arrays and the subset enumeration."""
    n = len(account_ids)
    demand = np.asarray(demand, dtype=float).reshape(len(initiative_ids), len(resource_ids))
    arrays: dict[str, np.ndarray] = {
        "revenue": np.asarray(accounts["yearly_revenue_nok"], dtype=float),
        "gross_margin": np.asarray(accounts["gross_margin"], dtype=float),
        "cost_to_serve": np.asarray(accounts["cost_to_serve_nok"], dtype=float),
        "retention": np.asarray(accounts["retention"], dtype=float),
        "share": np.asarray(accounts["share_of_wallet"], dtype=float),
        "churn": np.asarray(effects["churn_reduction"], dtype=float),
        "cts_cut": np.asarray(effects["cost_to_serve_reduction"], dtype=float),
        "sow_gain": np.asarray(effects["share_of_wallet_gain"], dtype=float),
        "group_cost": demand @ np.asarray(unit_cost, dtype=float),
    }
    margin = arrays["revenue"] * arrays["gross_margin"] - arrays["cost_to_serve"]
    arrays["clv_before"] = _clv(margin, arrays["retention"], discount_rate, horizon_years)
    # np.intp, not np.int64: np.bincount and np.repeat only take arrays they can cast safely to the platform's
    # index type, which is 32 bits in Pyodide (WebAssembly); int64 fails there
    initiative_account = np.asarray(initiative_account, dtype=np.intp)
    counts = np.bincount(initiative_account, minlength=n)
    if counts.size and counts.max() > MAX_GROUPS_PER_ACCOUNT:
        worst = int(counts.argmax())
        raise ValueError(
            f"account {account_ids[worst]!r} has {int(counts[worst])} candidate project groups; the engine "
            f"enumerates every subset of an account's groups and supports at most {MAX_GROUPS_PER_ACCOUNT}."
        )
    order = np.argsort(initiative_account, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)])
    slot = np.empty(len(initiative_ids), dtype=np.int64)
    slot[order] = np.arange(len(order)) - np.repeat(starts[:-1], counts)
    buckets: list[_Bucket] = []
    bucket_of_account = np.empty(n, dtype=np.int64)
    row_of_account = np.empty(n, dtype=np.int64)
    for k in np.unique(counts):
        members = np.flatnonzero(counts == k)
        k = int(k)
        if k:
            groups = np.stack([order[starts[members] + j] for j in range(k)], axis=1)
        else:
            groups = np.zeros((len(members), 0), dtype=np.int64)
        values = _subset_values(arrays, members, groups, discount_rate, horizon_years)
        bucket_of_account[members] = len(buckets)
        row_of_account[members] = np.arange(len(members))
        buckets.append(_Bucket(k, members, groups, values, demand[groups]))
    return _Core(
        account_ids=np.asarray(account_ids, dtype=object),
        initiative_ids=np.asarray(initiative_ids, dtype=object),
        resource_ids=np.asarray(resource_ids, dtype=object),
        initiative_account=initiative_account,
        demand=demand,
        group_cost=arrays["group_cost"],
        churn=arrays["churn"],
        cts_cut=arrays["cts_cut"],
        sow_gain=arrays["sow_gain"],
        revenue=arrays["revenue"],
        gross_margin=arrays["gross_margin"],
        cost_to_serve=arrays["cost_to_serve"],
        retention=arrays["retention"],
        share=arrays["share"],
        discount_rate=float(discount_rate),
        clv_before=arrays["clv_before"],
        buckets=tuple(buckets),
        bucket_of_account=bucket_of_account,
        row_of_account=row_of_account,
        slot_of_initiative=slot,
        horizon_years=horizon_years,
    )


@dataclass(frozen=True)
class _Instance:
    """One problem to solve: the core, constraint-masked buckets, capacities and floors."""

    core: _Core
    buckets: tuple[_Bucket, ...]
    capacity: np.ndarray  # (m,)
    floor: np.ndarray  # (m,) zeros when no floors
    committed: np.ndarray  # (G,) bool
    forbidden: np.ndarray  # (G,) bool

    @property
    def has_floors(self) -> bool:
        return bool(np.any(self.floor > 0))


# ---------------------------------------------------------------------------- candidates


@dataclass
class _Cands:
    """Candidate subsets in compressed rows: account ``a`` owns ``ptr[a]:ptr[a+1]``."""

    ptr: np.ndarray  # (n+1,)
    account: np.ndarray  # (N,) account position
    mask: np.ndarray  # (N,) subset bitmask (bit j = the account's j-th group)
    value: np.ndarray  # (N,)
    weight: np.ndarray  # (N, m)

    @property
    def n_accounts(self) -> int:
        return len(self.ptr) - 1


def _undominated(value: np.ndarray, k: int) -> np.ndarray:
    """Subsets strictly better than every proper subset of themselves (others are dominated).

    Demands are non-negative, so a subset that is worth no more than one of its
    own subsets uses at least as much of every resource for no more value.
    """
    best = value.copy()  # best[s] = max value over subsets of s
    strict = np.full_like(value, -np.inf)  # max over proper subsets
    for j in range(k):
        bit = 1 << j
        idx = np.flatnonzero(np.arange(1 << k) & bit)
        strict[:, idx] = np.maximum(strict[:, idx], best[:, idx ^ bit])
        best[:, idx] = np.maximum(best[:, idx], best[:, idx ^ bit])
    keep = value > strict
    keep[:, 0] |= np.isfinite(value[:, 0])
    return keep  # type: ignore[no-any-return]


def _pack_candidates(n: int, parts_acc: list[np.ndarray], parts_mask: list[np.ndarray],
                     parts_val: list[np.ndarray], parts_w: list[np.ndarray]) -> _Cands:
    """Candidates gathered bucket by bucket, sorted by account into compressed rows."""
    account = np.concatenate(parts_acc)
    order = np.argsort(account, kind="stable")
    account = account[order]
    counts = np.bincount(account, minlength=n)
    return _Cands(
        ptr=np.concatenate([[0], np.cumsum(counts)]),
        account=account,
        mask=np.concatenate(parts_mask)[order].astype(np.int64),
        value=np.concatenate(parts_val)[order],
        weight=np.concatenate(parts_w)[order],
    )


def _all_candidates(inst: _Instance, prune: bool) -> _Cands:
    """Every allowed subset of every account (minus dominated ones when ``prune``)."""
    n = inst.core.n_accounts
    parts_acc, parts_mask, parts_val, parts_w = [], [], [], []
    for b in inst.buckets:
        keep = _undominated(b.value, b.k) if prune else np.isfinite(b.value)
        rows, subsets = np.nonzero(keep)
        parts_acc.append(b.accounts[rows])
        parts_mask.append(subsets)
        parts_val.append(b.value[rows, subsets])
        if b.k:
            parts_w.append(np.einsum("nk,nkm->nm", _bits(b.k)[subsets], b.demand[rows]))
        else:
            parts_w.append(np.zeros((len(rows), inst.core.n_resources)))
    return _pack_candidates(n, parts_acc, parts_mask, parts_val, parts_w)


def _top_candidates(inst: _Instance, price: np.ndarray, q: int) -> _Cands:
    """The ``q`` best subsets of every account at the given prices (for primal heuristics)."""
    n = inst.core.n_accounts
    parts_acc, parts_mask, parts_val, parts_w = [], [], [], []
    for b in inst.buckets:
        size = 1 << b.k
        take = min(q, size)
        step = max(1, _CHUNK // size)
        for lo in range(0, len(b.accounts), step):
            hi = min(lo + step, len(b.accounts))
            value = b.value[lo:hi]
            demand = b.demand[lo:hi]
            reduced = value - (demand @ price) @ _bits(b.k).T if b.k else value.copy()
            if take < size:
                top = np.argpartition(-reduced, take - 1, axis=1)[:, :take]
            else:
                top = np.broadcast_to(np.arange(size), (hi - lo, size))
            rows = np.repeat(np.arange(hi - lo), take)
            subsets = top.ravel()
            ok = np.isfinite(value[rows, subsets])
            rows, subsets = rows[ok], subsets[ok]
            parts_acc.append(b.accounts[lo:hi][rows])
            parts_mask.append(subsets)
            parts_val.append(value[rows, subsets])
            if b.k:
                parts_w.append(np.einsum("nk,nkm->nm", _bits(b.k)[subsets], demand[rows]))
            else:
                parts_w.append(np.zeros((len(rows), inst.core.n_resources)))
    return _pack_candidates(n, parts_acc, parts_mask, parts_val, parts_w)


def _segment_argmax(score: np.ndarray, cands: _Cands, tie: np.ndarray | None = None) -> np.ndarray:
    """Index of the best candidate of every account (ties: smallest ``tie``, then first)."""
    best = np.maximum.reduceat(score, cands.ptr[:-1])
    hit = score >= best[cands.account]
    if tie is not None:
        key = np.where(hit, tie, np.inf)
        low = np.minimum.reduceat(key, cands.ptr[:-1])
        hit &= key <= low[cands.account]
    index = np.where(hit, np.arange(len(score)), len(score))
    return np.minimum.reduceat(index, cands.ptr[:-1])  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------- Lagrangian


def _lagrangian(inst: _Instance, price: np.ndarray) -> tuple[float, np.ndarray]:
    """Lagrangian dual function and the total use of the priced choices.

    ``L(pi) = sum_i max_S (v_iS - pi . w_iS) + pi+ . C - pi- . F`` is an upper
    bound on the optimal value for any ``pi`` (``pi >= 0`` without floors).
    """
    total = _price_term(inst, price)
    use = np.zeros(inst.core.n_resources)
    for b in inst.buckets:
        if b.k == 0:
            total += float(np.sum(b.value[:, 0]))
            continue
        bits = _bits(b.k)
        step = max(1, _CHUNK // (1 << b.k))
        for lo in range(0, len(b.accounts), step):
            demand = b.demand[lo : lo + step]
            reduced = b.value[lo : lo + step] - (demand @ price) @ bits.T
            choice = reduced.argmax(axis=1)
            total += float(reduced[np.arange(len(choice)), choice].sum())
            use += np.einsum("nk,nkm->m", bits[choice], demand)
    return total, use


def _price_term(inst: _Instance, price: np.ndarray) -> float:
    return float(np.maximum(price, 0.0) @ inst.capacity + np.minimum(price, 0.0) @ inst.floor)


# ---------------------------------------------------------------------------- LP relaxation


@dataclass
class _LP:
    value: float
    price: np.ndarray  # net price per resource (capacity dual - floor dual)
    capacity_price: np.ndarray
    floor_price: np.ndarray
    x: np.ndarray  # (N,) fractional choice


def _solve_lp(inst: _Instance, cands: _Cands) -> _LP | None:
    """Solve the LP relaxation of the subset-choice model exactly (HiGHS, silent). None when infeasible."""
    from scipy import sparse
    from scipy.optimize import linprog

    m = inst.core.n_resources
    counts = np.diff(cands.ptr)
    free = counts > 1
    fixed_idx = cands.ptr[:-1][~free]
    fixed_use = cands.weight[fixed_idx].sum(axis=0)
    fixed_value = float(cands.value[fixed_idx].sum())
    col = np.flatnonzero(free[cands.account])
    x = np.zeros(len(cands.value))
    x[fixed_idx] = 1.0
    cap = inst.capacity - fixed_use
    floors = np.flatnonzero(inst.floor > 0)
    if col.size == 0:
        ok = np.all(cap >= -1e-9 * np.maximum(1, inst.capacity)) and np.all(
            fixed_use[floors] >= inst.floor[floors] - 1e-9 * np.maximum(1, inst.floor[floors]))
        if not ok:
            return None
        return _LP(fixed_value, np.zeros(m), np.zeros(m), np.zeros(m), x)
    weight = cands.weight[col]
    rows_eq = np.cumsum(free) - 1
    a_eq = sparse.csr_matrix(
        (np.ones(len(col)), (rows_eq[cands.account[col]], np.arange(len(col)))), shape=(int(free.sum()), len(col))
    )
    a_ub = sparse.csr_matrix(np.vstack([weight.T, -weight[:, floors].T]))
    b_ub = np.concatenate([cap, -(inst.floor[floors] - fixed_use[floors])])
    res = linprog(
        -cands.value[col], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.ones(a_eq.shape[0]),
        bounds=(0, None), method="highs",
    )
    if res.status == 2:
        return None
    if res.status != 0:  # pragma: no cover - numerical trouble in HiGHS
        raise RuntimeError(f"the LP relaxation failed: {res.message}")
    duals = -np.asarray(res.ineqlin.marginals)
    capacity_price = np.maximum(duals[:m], 0.0)
    floor_price = np.zeros(m)
    floor_price[floors] = np.maximum(duals[m:], 0.0)
    x[col] = np.clip(res.x, 0.0, 1.0)
    return _LP(-float(res.fun) + fixed_value, capacity_price - floor_price, capacity_price, floor_price, x)


# ---------------------------------------------------------------------------- primal heuristic


def _violation(use: np.ndarray, inst: _Instance, scale: np.ndarray) -> np.ndarray:
    over = np.maximum(use - inst.capacity, 0.0) + np.maximum(inst.floor - use, 0.0)
    return (over / scale).sum(axis=-1)  # type: ignore[no-any-return]


def _tol(inst: _Instance) -> np.ndarray:
    return 1e-9 * np.maximum(1.0, inst.capacity)


def _repair_and_fill(inst: _Instance, cands: _Cands, current: np.ndarray,
                     price: np.ndarray | None = None) -> np.ndarray:
    """Make a choice feasible (downgrade where over capacity) and then fill spare capacity greedily.

    ``current[a]`` is the chosen candidate index of account ``a``.  Works in
    passes: each pass finds every account's best single move, sorts the moves
    by merit and applies the longest prefix of them that still helps
    (vectorised with cumulative sums).
    """
    current = current.copy()
    scale = np.maximum(inst.capacity, 1e-9)
    eps = _tol(inst)
    use = cands.weight[current].sum(axis=0)
    for _ in range(100):  # repair: least value lost per unit of violation removed
        viol = float(_violation(use, inst, scale))
        if viol <= 1e-12:
            break
        dw = cands.weight - cands.weight[current[cands.account]]
        dv = cands.value - cands.value[current[cands.account]]
        gain = viol - _violation(use + dw, inst, scale)
        useful = gain > 1e-12
        if not useful.any():
            break
        loss = -dv if price is None else -(dv - dw @ price)  # value lost, at prices when given
        score = np.where(useful, loss / np.where(useful, gain, 1.0), np.inf)
        best = _segment_argmax(-score, cands)
        best = best[useful[best]]
        best = best[np.argsort(score[best], kind="stable")]
        path = use + np.cumsum(dw[best], axis=0)
        path_viol = _violation(path, inst, scale)
        stop = int(np.argmax(path_viol <= 1e-12)) if np.any(path_viol <= 1e-12) else int(path_viol.argmin())
        take = best[: stop + 1]
        current[cands.account[take]] = take
        use = cands.weight[current].sum(axis=0)
    for _ in range(100):  # fill: most value per share of capacity added
        dw = cands.weight - cands.weight[current[cands.account]]
        dv = cands.value - cands.value[current[cands.account]]
        after = use + dw
        fits = np.all(after <= inst.capacity + eps, axis=1)
        if inst.has_floors:
            fits &= np.all(after >= np.minimum(use, inst.floor) - eps, axis=1)
        good = fits & (dv > 1e-9 * (1.0 + np.abs(cands.value)))
        if not good.any():
            break
        extra = (np.maximum(dw, 0.0) / scale).sum(axis=1)
        score = np.where(good, dv / (extra + 1e-6), -np.inf)
        best = _segment_argmax(score, cands)
        best = best[good[best]]
        best = best[np.argsort(-score[best], kind="stable")]
        cap = (inst.capacity + eps).tolist()
        floor = np.minimum(use, inst.floor).tolist() if inst.has_floors else None
        running = use.tolist()
        moved = 0
        for c in best.tolist():  # sequential: take every move that still fits, in order of merit
            a = cands.account[c]
            delta = (cands.weight[c] - cands.weight[current[a]]).tolist()
            new = [u + d for u, d in zip(running, delta, strict=True)]
            if all(x <= y for x, y in zip(new, cap, strict=True)) and (
                floor is None or all(x >= y for x, y in zip(new, floor, strict=True))
            ):
                current[a], running, moved = c, new, moved + 1
        use = cands.weight[current].sum(axis=0)
        if not moved:
            break
    return current


def _is_feasible(use: np.ndarray, inst: _Instance) -> bool:
    eps = _tol(inst)
    return bool(np.all(use <= inst.capacity + eps) and np.all(use >= inst.floor - eps))


def _priced_choice(cands: _Cands, price: np.ndarray) -> np.ndarray:
    reduced = cands.value - cands.weight @ price
    return _segment_argmax(reduced, cands, tie=cands.weight.sum(axis=1))


# ---------------------------------------------------------------------------- exact search


def _dp_pass(
    cands: _Cands, segments: list[np.ndarray], fixed: np.ndarray, free: np.ndarray, cap: np.ndarray,
    low: np.ndarray, max_after: np.ndarray, has_floors: bool, max_states: int,
    pool: np.ndarray, incumbent: float, width: int | None, deadline: float = np.inf, give_up: bool = False,
) -> tuple[np.ndarray | None, float, bool, float, np.ndarray]:
    """One pass of :func:`_exact_dp`: exact when ``width`` is None, a beam search otherwise.

    Returns the best complete plan (candidate index per account), its value,
    whether the pass was complete and the largest bound of the partial plans
    it had to drop (at the state limit or the deadline): every plan better than
    the one returned descends from a dropped partial plan, so
    ``max(value, dropped)`` bounds the optimum when the pass is exact.  Last,
    which prices of the pool gave some partial plan its bound (only a few
    do; a re-solve keeps those).  With ``give_up`` the pass ends as soon as
    the frontier outgrows ``max_states`` (it can no longer be a proof, and a
    trial pass leaves the rest to branch and cut).

    The small products use ``np.einsum`` rather than ``@``: on matrices this
    small a multi-threaded BLAS spends more time waking threads than computing.
    """
    m = cap.size
    reduced = cands.value[None, :] - np.einsum("pm,nm->pn", pool, cands.weight)
    per_account = (
        np.stack([reduced[:, seg].max(axis=1) for seg in segments], axis=1) if segments else np.zeros((len(pool), 0))
    )
    suffix = np.concatenate([np.cumsum(per_account[:, ::-1], axis=1)[:, ::-1], np.zeros((len(pool), 1))], axis=1)
    order = np.argsort(suffix[:, 0] + np.einsum("pm,m->p", pool, cap), kind="stable")
    parts = [order[:4], order[4:]] if len(order) > 24 else [order]  # a large pool: strongest prices first
    use = cands.weight[fixed].sum(axis=0)[None, :]
    value = np.array([cands.value[fixed].sum()])
    parents: list[np.ndarray] = []  # per layer: the partial plan each state extends, and the candidate it adds
    picks: list[np.ndarray] = []
    floor_value = incumbent - 1e-9 * max(1.0, abs(incumbent)) if np.isfinite(incumbent) else -np.inf
    complete = True
    dropped = -np.inf
    bound = np.full(1, np.inf)
    useful = np.zeros(len(pool), dtype=bool)  # prices that gave some partial plan its bound
    for j, seg in enumerate(segments):
        if j and time.perf_counter() > deadline:  # the time limit: what is left of the frontier is dropped
            return None, -np.inf, False, max(dropped, float(bound.max()) if len(bound) else -np.inf), useful
        k = len(seg)
        n_prev = len(value)
        if give_up and n_prev * k > 16 * max_states:  # a trial: the layer alone would outgrow the limit
            return None, -np.inf, False, max(dropped, float(bound.max()) if len(bound) else np.inf), useful
        use = (use[:, None, :] + cands.weight[seg][None, :, :]).reshape(-1, m)
        value = (value[:, None] + cands.value[seg][None, :]).ravel()
        parent = np.repeat(np.arange(n_prev), k)
        pick = np.tile(seg, n_prev)
        ok = np.all(use <= cap, axis=1)
        if has_floors:
            ok &= np.all(use + max_after[j + 1] >= low, axis=1)
        use, value, parent, pick = use[ok], value[ok], parent[ok], pick[ok]
        bound = np.full(len(value), np.inf)
        for part in parts:  # the rest of the pool only prices what survives the strongest prices
            bounds = value[:, None] + np.einsum("nm,pm->np", cap - use, pool[part]) + suffix[part, j + 1]
            tightest = bounds.argmin(axis=1)
            part_bound = bounds[np.arange(len(tightest)), tightest]
            useful[part[tightest[part_bound < bound]]] = True
            bound = np.minimum(bound, part_bound)
            ok = bound >= floor_value
            use, value, parent, pick, bound = use[ok], value[ok], parent[ok], pick[ok], bound[ok]
        if width is not None and len(value) > width:
            keep = np.argpartition(-bound, width)[:width]
            use, value, parent, pick, bound = use[keep], value[keep], parent[keep], pick[keep], bound[keep]
        if len(value) > max_states:
            if give_up:
                return None, -np.inf, False, max(dropped, float(bound.max())), useful
            complete = False
            order_by_bound = np.argpartition(-bound, max_states)
            keep, drop = order_by_bound[:max_states], order_by_bound[max_states:]
            dropped = max(dropped, float(bound[drop].max()))
            use, value, parent, pick, bound = use[keep], value[keep], parent[keep], pick[keep], bound[keep]
        parents.append(parent)
        picks.append(pick)
        if not len(value):
            return None, -np.inf, complete, dropped, useful
    state = np.arange(len(value))
    if has_floors:
        state = np.flatnonzero(np.all(use >= low, axis=1))
    if not len(state):
        return None, -np.inf, complete, dropped, useful
    t = int(state[value[state].argmax()])
    best = float(value[t])
    choice = np.empty(cands.n_accounts, dtype=np.int64)
    choice[cands.account[fixed]] = fixed
    for j in range(len(segments) - 1, -1, -1):  # follow the chosen state back to the first layer
        choice[free[j]] = picks[j][t]
        t = int(parents[j][t])
    return choice, best, complete, dropped, useful


def _price_pool(inst: _Instance, cands: _Cands, target: float, iterations: int = 60) -> np.ndarray:
    """Price vectors from a Polyak subgradient method on the Lagrangian dual of the capacities.

    ``L(pi) = sum_i max_S (v_iS - pi . w_iS) + pi . C`` is an upper bound on the
    best plan's value for every ``pi >= 0`` (floors are left out, which only
    relaxes the problem further).  Every iterate is kept: no single price
    vector bounds every partial plan well, but the smallest bound over a
    varied pool does (see :func:`_exact_dp`).
    """
    m = inst.core.n_resources
    cap = inst.capacity
    price = np.zeros(m)
    pool = [price]
    best = np.inf
    step = 1.0
    stalled = 0
    for _ in range(iterations):
        reduced = cands.value - np.einsum("nm,m->n", cands.weight, price)
        choice = _segment_argmax(reduced, cands)
        bound = float(reduced[choice].sum() + np.dot(price, cap))
        if bound < best - 1e-9 * abs(best if np.isfinite(best) else 1.0):
            best, stalled = bound, 0
        else:
            stalled += 1
            if stalled >= 5:
                step, stalled = step / 2, 0
        slack = cap - cands.weight[choice].sum(axis=0)
        norm = float(np.dot(slack, slack))
        goal = target if np.isfinite(target) else best - 0.1 * abs(best)  # no plan known yet: aim 10 % lower
        if norm <= 0 or bound <= goal:
            break
        price = np.maximum(price - step * (bound - goal) / norm * slack, 0.0)
        pool.append(price)
    return np.array(pool)


@dataclass
class _DPResult:
    choice: np.ndarray | None  # candidate index per account
    value: float
    proven: bool
    bound: float  # a valid upper bound on the optimum (the value itself when proven)
    stopped_by: str | None  # None, "state_limit" or "time_limit"


def _exact_dp(
    inst: _Instance, cands: _Cands, max_states: int = 400_000, beam: int = 64, deadline: float = np.inf,
    give_up: bool = False,
) -> _DPResult:
    """Exact search over accounts, one layer at a time, pruned by a pool of Lagrangian bounds.

    A partial plan (the subsets chosen for the first ``j`` accounts, with value
    ``V`` and resource use ``U``) can at best reach
    ``V + pi . (C - U) + sum_{later accounts} max_S (v_S - pi . w_S)`` for any
    prices ``pi >= 0``; the smallest of these over a pool of price vectors
    (:func:`_price_pool`) is its bound.  Partial plans over capacity, or whose
    bound is below a known feasible plan (the incumbent), are dropped.  A quick
    first pass that keeps only the ``beam`` most promising partial plans per
    layer supplies the incumbent; the second pass is exact.  Everything is
    vectorised over the partial plans of a layer, so the course case (11
    accounts with a choice, 256 subsets on the flagship) solves in a few
    milliseconds.  A re-solve of the same case with other capacities (a widget's
    slider) reuses the last solve's prices (any prices >= 0 still bound) and
    tries the last plan as the incumbent.

    When the frontier grows past ``max_states`` (the partial plans with the
    best bounds are kept) or the clock passes ``deadline`` (checked once per
    layer), the search is no longer a proof; the bound it returns is then the
    smallest of the pool's root bound and the largest bound of a dropped
    partial plan (or the best plan found, when that is larger).  With
    ``give_up`` (a trial before branch and cut) the exact pass stops at the
    state limit instead of going on as a beam search; the quick pass's plan
    is then the result.
    """
    m = inst.core.n_resources
    cap = inst.capacity + _tol(inst)
    has_floors = inst.has_floors
    low = inst.floor - _tol(inst)
    segments, fixed, free, max_after = _layout(cands, m)
    args = (cands, segments, fixed, free, cap, low, max_after, has_floors, max_states)
    key = (id(inst.core), tuple(id(b) for b in inst.buckets), len(cands.value), has_floors)
    warm = _WARM.get(key)
    # a re-solve of the same case with other capacities (a slider move) starts from the last plan when
    # it still fits; otherwise a quick beam pass (priced with the last solve's prices) finds a plan
    first, first_value = None, -np.inf
    if warm is not None:
        last_choice = warm[2]
        use = cands.weight[last_choice].sum(axis=0)
        fits = len(last_choice) == cands.n_accounts and np.array_equal(
            cands.account[last_choice], np.arange(cands.n_accounts))  # one candidate of each account
        if fits and np.all(use <= cap) and (not has_floors or np.all(use >= low)):
            first, first_value = last_choice, float(cands.value[last_choice].sum())
    if first is None:
        quick_pool = warm[1] if warm is not None else _price_pool(inst, cands, target=-np.inf, iterations=15)
        first, first_value, _, _, _ = _dp_pass(*args, quick_pool, -np.inf, beam)
    incumbent = first_value if first is not None else -np.inf
    pool = _price_pool(inst, cands, target=incumbent, iterations=10 if warm is not None else 60)
    if warm is not None:  # any prices >= 0 give valid bounds, so the last solve's prices still help
        pool = np.vstack([pool, warm[1]])
    choice, value, complete, dropped, useful = _dp_pass(*args, pool, incumbent, None, deadline, give_up)
    # only a few prices ever give a partial plan its bound: the next re-solve starts from those
    kept = pool[useful] if useful.any() else pool[-20:]
    if choice is None or (first is not None and first_value > value):
        choice, value = first, first_value
    stopped_by = None if complete else ("time_limit" if time.perf_counter() > deadline else "state_limit")
    if complete:
        bound = value
    else:
        reduced = cands.value[None, :] - np.einsum("pm,nm->pn", pool, cands.weight)
        best_reduced = np.maximum.reduceat(reduced, cands.ptr[:-1], axis=1).sum(axis=1)
        root = float((best_reduced + np.einsum("pm,m->p", pool, inst.capacity)).min())
        bound = min(root, max(value, dropped))
    if choice is not None:
        if len(_WARM) >= 8 and key not in _WARM:
            _WARM.pop(next(iter(_WARM)))
        _WARM[key] = (inst.core, kept, choice)
    return _DPResult(choice, value, complete and choice is not None, bound, stopped_by)


_LAYOUTS: dict[int, tuple[_Cands, tuple[list[np.ndarray], np.ndarray, np.ndarray, np.ndarray]]] = {}


def _layout(cands: _Cands, m: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """Layers of the exact search (accounts with a choice, most candidates first), cached per candidate set."""
    hit = _LAYOUTS.get(id(cands))
    if hit is not None and hit[0] is cands:
        return hit[1]
    counts = np.diff(cands.ptr)
    free = np.flatnonzero(counts > 1)
    free = free[np.argsort(-counts[free], kind="stable")]
    fixed = cands.ptr[:-1][counts == 1]
    segments = [np.arange(cands.ptr[a], cands.ptr[a + 1]) for a in free]
    max_after = np.zeros((len(free) + 1, m))
    for j in range(len(free) - 1, -1, -1):
        max_after[j] = max_after[j + 1] + cands.weight[segments[j]].max(axis=0)
    if len(_LAYOUTS) >= 8:
        _LAYOUTS.pop(next(iter(_LAYOUTS)))
    _LAYOUTS[id(cands)] = (cands, (segments, fixed, free, max_after))
    return segments, fixed, free, max_after


_WARM: dict[tuple[int, tuple[int, ...], int, bool], tuple[_Core, np.ndarray, np.ndarray]] = {}
"""Last prices and choice per case structure (the core is kept so that its id stays unique)."""


# ---------------------------------------------------------------------------- branch and cut (HiGHS)


@dataclass
class _MilpResult:
    choice: np.ndarray | None  # candidate index per account (of the candidates solved)
    value: float
    bound: float  # upper bound on the best plan among the candidates solved
    proven: bool
    stopped_by: str | None  # None or "time_limit"


def _subset_cands(cands: _Cands, keep: np.ndarray) -> tuple[_Cands, np.ndarray]:
    """The candidates with ``keep`` set (every account keeps at least one), and their old indices."""
    index = np.flatnonzero(keep)
    account = cands.account[index]
    counts = np.bincount(account, minlength=cands.n_accounts)
    sub = _Cands(np.concatenate([[0], np.cumsum(counts)]), account, cands.mask[index], cands.value[index],
                 cands.weight[index])
    return sub, index


def _reduced_cost_fixing(inst: _Instance, cands: _Cands, capacity_price: np.ndarray, floor_price: np.ndarray,
                         incumbent: np.ndarray | None, incumbent_value: float) -> tuple[np.ndarray, float]:
    """Candidates that can still be part of a plan better than the incumbent, and the Lagrangian bound.

    At prices ``pi`` the Lagrangian bound is ``L = sum_i max_S (v_S - pi . w_S)
    + pi_cap . C - pi_floor . F``; forcing candidate ``S`` on its account lowers
    it by ``S``'s reduced-cost shortfall ``d_S = max_T (v_T - pi . w_T) - (v_S -
    pi . w_S)``.  So a candidate with ``L - d_S`` below the incumbent's value is
    in no better plan and can be left out of the search (Kellerer, Pferschy and
    Pisinger 2004, reduced-cost fixing).  The incumbent's own candidates are
    always kept.
    """
    price = capacity_price - floor_price
    reduced = cands.value - cands.weight @ price
    best = np.maximum.reduceat(reduced, cands.ptr[:-1])
    bound = float(best.sum() + capacity_price @ inst.capacity - floor_price @ inst.floor)
    if not np.isfinite(incumbent_value):
        return np.ones(len(cands.value), dtype=bool), bound
    margin = 1e-9 * max(1.0, abs(bound)) + 1e-7 * np.abs(cands.value)
    keep = bound - (best[cands.account] - reduced) >= incumbent_value - margin
    if incumbent is not None:
        keep[incumbent] = True
    return keep, bound


def _cbc(time_limit: float, warm_start: bool, extra: Sequence[str] = (), log_path: str | None = None) -> Any:
    """PuLP's command-line CBC (the binary that ships inside the PuLP wheel), silent.

    ``extra`` are further CBC command-line options (without the dash, e.g.
    ``"cuts off"``); ``log_path`` is a file that receives CBC's log instead of
    nothing (for :func:`_cbc_log_bound`).
    """
    import pulp

    options: dict[str, Any] = {"msg": False, "gapRel": 1e-9, "warmStart": warm_start}
    if extra:
        options["options"] = list(extra)
    if log_path is not None:
        options["logPath"] = log_path
    if np.isfinite(time_limit):
        options["timeLimit"] = max(float(time_limit), 0.05)
    with warnings.catch_warnings():  # PuLP 3.3 announces the name's move in PuLP 4 (pulp[cbc])
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        solver_class = getattr(pulp, "PULP_CBC_CMD", None) or pulp.COIN_CMD
        return solver_class(**options)


_CBC_OPTIONS: tuple[str, ...] = ("timeMode elapsed", "cuts off", "knapsack on", "probing on")
"""CBC for the subset-choice model: the time limit in wall seconds (CBC's default counts CPU seconds,
which on a busy machine overran a 3 s limit fivefold), knapsack-cover and probing cuts only (see :func:`_milp`)."""


def _cbc_log_bound(path: str) -> float:
    """CBC's own bound on a maximisation from its log ("Upper bound: ..."), or inf when it printed none.

    PuLP reads back CBC's plan but not its bound, so a search stopped by the
    time limit would otherwise report only the LP bound.  CBC prints the bound
    with three decimals; a relative 1e-7 is added for its LP tolerances.
    """
    import re

    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            found = re.findall(r"^Upper bound:\s*(\S+)", log.read(), flags=re.MULTILINE)
    except OSError:
        return np.inf
    try:
        bound = float(found[-1]) if found else np.inf
    except ValueError:
        return np.inf
    if not np.isfinite(bound):
        return np.inf
    return bound + 1e-7 * max(1.0, abs(bound)) + 1e-3


def _milp(inst: _Instance, cands: _Cands, time_limit: float) -> _MilpResult:
    """Branch and cut with CBC on the subset-choice model: silent, with a time limit.

    One binary per candidate subset, one "exactly one" row per account with a
    choice, one row per resource (capacity above, floor below).  The engine's
    incumbent reaches CBC through the candidates: the caller leaves out every
    subset that reduced-cost fixing shows cannot beat it.  It is not passed as
    a MIP start: on a 200-account case CBC 2.10 (PuLP 3.3) then reported a
    plan 0.0004 % short of the optimum as optimal, and took longer.  CBC stops
    at a relative gap of 1e-9 (a proof, up to rounding) or after
    ``time_limit`` seconds of wall time; PuLP does not pass CBC's own bound
    back, so it is read from CBC's log (:func:`_cbc_log_bound`; infinite when
    the log has none, and the caller then keeps the LP bound).  CBC runs with
    only its knapsack-cover and probing cuts (:data:`_CBC_OPTIONS`): on the
    mid-size synthetic cases and a Chu-Beasley knapsack this took 1.5-4.5
    times less CPU than CBC's default cuts (``bench/bench_engine.py``
    compares against the default).  CBC was chosen by measurement: on
    Chu-Beasley knapsacks of 100 items it proved optima that HiGHS 1.16 and
    OR-Tools CP-SAT 9.15 did not reach in 30 s (see ``bench/bench_engine.py``),
    and it ships inside the PuLP wheel for Windows, macOS and Linux.

    References
    ----------
    Forrest, J. and Lougee-Heimer, R. (2005). CBC user guide. In *Emerging
    theory, methods, and applications*, INFORMS, 257-277.
    """
    import os
    import tempfile

    import pulp

    counts = np.diff(cands.ptr)
    free = counts > 1
    fixed_idx = cands.ptr[:-1][~free]
    fixed_value = float(cands.value[fixed_idx].sum())
    fixed_use = cands.weight[fixed_idx].sum(axis=0)
    col = np.flatnonzero(free[cands.account])
    if col.size == 0:
        ok = _is_feasible(fixed_use, inst)
        return _MilpResult(fixed_idx.copy() if ok else None, fixed_value if ok else -np.inf,
                           fixed_value if ok else -np.inf, True, None)
    prob = pulp.LpProblem("kamlearn_plan", pulp.LpMaximize)
    if hasattr(prob, "add_variable"):  # PuLP 3.3 and later
        x = [prob.add_variable(f"x{i}", 0, 1, cat=pulp.LpBinary) for i in range(len(col))]
    else:  # pragma: no cover - older PuLP
        x = [pulp.LpVariable(f"x{i}", 0, 1, cat=pulp.LpBinary) for i in range(len(col))]
    prob.setObjective(pulp.LpAffineExpression(list(zip(x, cands.value[col].tolist(), strict=True))))
    position = np.empty(len(cands.value), dtype=np.int64)
    position[col] = np.arange(len(col))
    for a in np.flatnonzero(free):
        members = position[cands.ptr[a]:cands.ptr[a + 1]].tolist()
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression([(x[j], 1) for j in members]),
                                             pulp.LpConstraintEQ, f"one_{a}", 1))
    weight = cands.weight[col]
    for r in range(inst.core.n_resources):
        nz = np.flatnonzero(weight[:, r] != 0)
        if nz.size == 0:
            continue
        expr = pulp.LpAffineExpression([(x[j], w) for j, w in zip(nz.tolist(), weight[nz, r].tolist(), strict=True)])
        prob.addConstraint(pulp.LpConstraint(expr, pulp.LpConstraintLE, f"cap_{r}", float(inst.capacity[r] - fixed_use[r])))
        if inst.floor[r] > 0:
            expr = pulp.LpAffineExpression([(x[j], w) for j, w in zip(nz.tolist(), weight[nz, r].tolist(), strict=True)])
            prob.addConstraint(pulp.LpConstraint(expr, pulp.LpConstraintGE, f"floor_{r}", float(inst.floor[r] - fixed_use[r])))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kamlearn-cbc-") as folder:
        log_path = os.path.join(folder, "cbc.log")
        prob.solve(_cbc(time_limit, False, _CBC_OPTIONS, log_path))
        cbc_bound = _cbc_log_bound(log_path) + fixed_value
    found_status = prob.sol_status
    if found_status == pulp.LpSolutionInfeasible:
        if time.perf_counter() - started >= 0.9 * time_limit:
            # CBC 2.10 stopped by the time limit inside preprocessing says "infeasible": it proved nothing
            return _MilpResult(None, -np.inf, np.inf, False, "time_limit")
        return _MilpResult(None, -np.inf, -np.inf, True, None)
    choice = None
    value = -np.inf
    if found_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        level = np.zeros(len(cands.value))
        level[col] = np.array([v.varValue or 0.0 for v in x])
        level[fixed_idx] = 1.0
        found = _segment_argmax(level, cands)
        if _is_feasible(cands.weight[found].sum(axis=0), inst):
            choice, value = found, float(cands.value[found].sum())
    proven = found_status == pulp.LpSolutionOptimal and choice is not None
    return _MilpResult(choice, value, value if proven else max(cbc_bound, value), proven,
                       None if proven else "time_limit")


# ---------------------------------------------------------------------------- box-step dual


@dataclass
class _DualResult:
    price: np.ndarray
    bound: float
    choice_cands: _Cands | None
    choice: np.ndarray | None
    value: float
    iterations: int
    evaluations: int = 0
    history: list[tuple[float, float]] = field(default_factory=list)
    stopped_by: str = "iteration_limit"  # "gap_tolerance", "time_limit", "iteration_limit" or "dual_converged"


def _boxstep(inst: _Instance, gap_tolerance: float, max_iterations: int, q: int = 12,
             time_limit: float = np.inf) -> _DualResult:
    """Minimise the Lagrangian dual with a box-step cutting-plane method; keep the best primal plan.

    Prices are scaled so that ``p_r = pi_r * C_r / |L(0)|`` is the share of the
    value that resource ``r``'s capacity would be charged at that price.
    """
    from scipy.optimize import linprog

    start = time.perf_counter()
    m = inst.core.n_resources
    cap_scale = np.where(inst.capacity > 0, inst.capacity, np.maximum(inst.floor, 1.0))
    l0, use0 = _lagrangian(inst, np.zeros(m))
    value_scale = max(abs(l0), 1.0)
    scale = cap_scale / value_scale  # p = pi * scale
    lower = np.where(inst.floor > 0, -np.inf, 0.0)
    centre = np.zeros(m)
    centre_l = l0
    phi0 = l0  # at price zero the price term is zero
    cuts_phi: list[float] = [phi0]
    cuts_use: list[np.ndarray] = [use0]
    cuts_p: list[np.ndarray] = [centre * scale]
    radius = 0.5
    best_choice: np.ndarray | None = None
    best_cands: _Cands | None = None
    best_value = -np.inf
    history: list[tuple[float, float]] = []
    iterations = 0
    objective = np.concatenate([np.zeros(m), [1.0], np.ones(m)])
    a_z = np.vstack([
        np.hstack([np.diag(inst.capacity / scale), np.zeros((m, 1)), -np.eye(m)]),
        np.hstack([np.diag(inst.floor / scale), np.zeros((m, 1)), -np.eye(m)]),
    ])

    def primal(price: np.ndarray) -> None:
        nonlocal best_choice, best_cands, best_value
        cands = _top_candidates(inst, price, q)
        choice = _repair_and_fill(inst, cands, _priced_choice(cands, price), price)
        use = cands.weight[choice].sum(axis=0)
        if _is_feasible(use, inst):
            value = float(cands.value[choice].sum())
            if value > best_value:
                best_value, best_choice, best_cands = value, choice, cands

    primal(np.zeros(m))
    last_primal = l0
    stopped_by = "iteration_limit"
    for iterations in range(1, max_iterations + 1):  # noqa: B007
        gap = (centre_l - best_value) / max(abs(centre_l), 1e-9)
        history.append((centre_l, best_value))
        if gap <= gap_tolerance:
            stopped_by = "gap_tolerance"
            break
        if time.perf_counter() - start > time_limit:
            stopped_by = "time_limit"
            break
        # master LP over [p (m), theta, z (m)]: theta >= phi_j - (use_j / scale).(p - p_j), z_r >= price term
        slopes = np.array(cuts_use) / scale
        points = np.array(cuts_p)
        a_cut = np.hstack([-slopes, -np.ones((len(cuts_phi), 1)), np.zeros((len(cuts_phi), m))])
        b_cut = -np.array(cuts_phi) - (slopes * points).sum(axis=1)
        centre_p = centre * scale
        lo = np.maximum(centre_p - radius, lower)
        hi = centre_p + radius
        bounds = [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)] + [(None, None)] * (1 + m)
        res = linprog(objective, A_ub=np.vstack([a_cut, a_z]), b_ub=np.concatenate([b_cut, np.zeros(2 * m)]),
                      bounds=bounds, method="highs")
        if res.status != 0:  # pragma: no cover - defensive
            break
        p_new = res.x[:m]
        predicted = centre_l - float(res.fun)
        if last_primal != centre_l and predicted < 0.2 * (centre_l - best_value):
            primal(centre)  # the prices have settled: the gap is on the primal side
            last_primal = centre_l
            continue
        if predicted <= 1e-12 * value_scale:
            if np.all((p_new > lo + 1e-12) | (lo <= lower)) and np.all(p_new < hi - 1e-12):
                stopped_by = "dual_converged"
                break  # the model is flat around the centre: the centre is dual optimal
            radius *= 2.0
            continue
        price = p_new / scale
        l_new, use = _lagrangian(inst, price)
        cuts_phi.append(l_new - _price_term(inst, price))
        cuts_use.append(use)
        cuts_p.append(p_new.copy())
        if l_new <= centre_l - 0.1 * predicted:
            on_edge = bool(np.any(np.isclose(p_new, hi)) or np.any(np.isclose(p_new, lo) & (lo > lower)))
            if on_edge and l_new <= centre_l - 0.5 * predicted:
                radius *= 2.0
            centre, centre_l = price, l_new
            if not np.isfinite(best_value) or last_primal - centre_l >= 0.25 * (centre_l - best_value):
                primal(price)
                last_primal = centre_l
        else:
            radius = max(radius * 0.7, 1e-12)
    if last_primal != centre_l and time.perf_counter() - start <= time_limit:
        primal(centre)
    return _DualResult(centre, centre_l, best_cands, best_choice, best_value, iterations, len(cuts_phi), history,
                       stopped_by)


# ============================================================================ from a Case


_CORE_CACHE: dict[tuple[Any, ...], tuple[_Core, tuple[Any, ...]]] = {}
_CORE_CACHE_SIZE = 8


def _core_from_case(case: Case) -> _Core:
    accounts = case.accounts
    initiatives = case.initiatives
    resources = case.resources
    account_ids = accounts.index.to_numpy(dtype=object)
    position = pd.Index(account_ids).get_indexer(initiatives["account_id"])
    return _build_core(
        account_ids=account_ids,
        accounts={c: accounts[c].to_numpy(dtype=float) for c in (
            "yearly_revenue_nok", "gross_margin", "cost_to_serve_nok", "retention", "share_of_wallet")},
        initiative_ids=initiatives.index.to_numpy(dtype=object),
        initiative_account=position,
        effects={c: initiatives[c].to_numpy(dtype=float) for c in (
            "churn_reduction", "cost_to_serve_reduction", "share_of_wallet_gain")},
        resource_ids=resources.index.to_numpy(dtype=object),
        demand=case.demand_matrix().to_numpy(dtype=float),
        unit_cost=resources["cost_per_unit_nok"].to_numpy(dtype=float),
        discount_rate=case.discount_rate,
        horizon_years=getattr(case, "horizon_years", None),
    )


def _core_for(case: Case) -> _Core:
    """The capacity-independent model of a case, cached so that what-if capacities re-solve fast.

    ``Case.with_capacity`` shares the account, initiative and demand tables
    with the case it came from, so the cache is keyed on those tables'
    identity (they are never mutated) plus the unit costs and discount rate.
    """
    tables = getattr(case, "_tables", None)
    if not isinstance(tables, dict):
        return _core_from_case(case)
    resources = tables["resources"]
    refs = (tables["accounts"], tables["initiatives"], tables["demands"])
    key = (
        *(id(t) for t in refs),
        tuple(resources.index),
        tuple(resources["cost_per_unit_nok"].to_numpy(dtype=float).tolist()),
        case.discount_rate,
        getattr(case, "horizon_years", None),
    )
    hit = _CORE_CACHE.get(key)
    if hit is not None:
        return hit[0]
    core = _core_from_case(case)
    if len(_CORE_CACHE) >= _CORE_CACHE_SIZE:
        _CORE_CACHE.pop(next(iter(_CORE_CACHE)))
    _CORE_CACHE[key] = (core, refs)
    return core


def _fmt(x: float) -> str:
    """A number with thousands separators and no needless decimals (1,240 or 0.5)."""
    if not math.isfinite(x):
        return str(x)
    if abs(x - round(x)) < 1e-6 * max(1.0, abs(x)):
        return f"{round(x):,}"
    return f"{x:,.2f}"


def _ids(name: str, values: Iterable[str] | str | None, known: pd.Index, what: str) -> list[str]:
    if values is None:
        return []
    items = [values] if isinstance(values, str) else list(values)
    unknown = [v for v in items if v not in known]
    if unknown:
        raise ValueError(f"{name}: expected {what} ids of the case, found {', '.join(map(repr, unknown))}.")
    return list(dict.fromkeys(items))


def _instance_for(
    case: Case,
    core: _Core,
    commitments: Iterable[str] | None,
    forbidden: Iterable[str] | None,
    resource_floors: Mapping[str, float] | None,
) -> _Instance:
    """Capacities, floors and constraint masks; raises InfeasibleError for plain conflicts."""
    resources = case.resources
    capacity = resources["capacity"].to_numpy(dtype=float)
    if commitments is None and forbidden is None and resource_floors is None:  # the common case: a slider move
        none = np.zeros(len(core.initiative_ids), dtype=bool)
        return _Instance(core, core.buckets, capacity, np.zeros(len(capacity)), none, none.copy())
    rid = pd.Index(core.resource_ids)
    iid = pd.Index(core.initiative_ids)
    aid = pd.Index(core.account_ids)
    committed_ids = _ids("commitments", commitments, iid, "initiative")
    forbidden_items = [forbidden] if isinstance(forbidden, str) else list(forbidden or [])
    unknown = [f for f in forbidden_items if f not in iid and f not in aid]
    if unknown:
        raise ValueError(
            f"forbidden: expected initiative ids (or account ids, to forbid every group on an account), "
            f"found {', '.join(map(repr, unknown))}."
        )
    committed = np.zeros(len(iid), dtype=bool)
    committed[iid.get_indexer(committed_ids)] = True
    banned = np.zeros(len(iid), dtype=bool)
    for f in forbidden_items:
        if f in iid:
            banned[iid.get_loc(f)] = True
        else:
            banned[core.initiative_account == aid.get_loc(f)] = True
    both = committed & banned
    if both.any():
        names = ", ".join(core.initiative_ids[both])
        raise InfeasibleError(f"{names}: committed and forbidden at the same time.")
    floor = np.zeros(len(rid))
    for key, amount in (resource_floors or {}).items():
        if key not in rid:
            raise ValueError(f"resource_floors: expected resource ids of the case, found {key!r}.")
        amount = float(amount)
        if not math.isfinite(amount) or amount < 0:
            raise ValueError(f"resource_floors[{key!r}]: expected an amount of at least 0, found {amount!r}.")
        floor[rid.get_loc(key)] = amount
    # plain conflicts, with numbers
    units = resources["unit"].astype(str).to_numpy() if "unit" in resources else np.full(len(rid), "")
    need = core.demand[committed].sum(axis=0)
    problems = []
    for r in np.flatnonzero(need > capacity * (1 + 1e-12) + 1e-9):
        users = [f"{core.initiative_ids[g]} {_fmt(core.demand[g, r])}"
                 for g in np.flatnonzero(committed & (core.demand[:, r] > 0))]
        problems.append(
            f"commitments need {_fmt(need[r])} {rid[r]} but capacity is {_fmt(capacity[r])} "
            f"({', '.join(users)})"
        )
    for r in np.flatnonzero(floor > capacity * (1 + 1e-12) + 1e-9):
        problems.append(f"the floor of {_fmt(floor[r])} {rid[r]} is above its capacity of {_fmt(capacity[r])}")
    reachable = core.demand[~banned].sum(axis=0)
    for r in np.flatnonzero(floor > reachable * (1 + 1e-12) + 1e-9):
        problems.append(
            f"the floor of {_fmt(floor[r])} {rid[r]} is more than all allowed groups together use "
            f"({_fmt(reachable[r])} {units[r]})"
        )
    if problems:
        raise InfeasibleError("; ".join(problems) + ".")
    buckets = []
    for b in core.buckets:
        if b.k == 0 or not (committed[b.groups].any() or banned[b.groups].any()):
            buckets.append(b)
            continue
        weights = 1 << np.arange(b.k)
        need_bits = (committed[b.groups] * weights).sum(axis=1)
        ban_bits = (banned[b.groups] * weights).sum(axis=1)
        s = np.arange(1 << b.k)
        ok = ((s[None, :] & need_bits[:, None]) == need_bits[:, None]) & ((s[None, :] & ban_bits[:, None]) == 0)
        buckets.append(b.with_value(np.where(ok, b.value, -np.inf)))
    return _Instance(core, tuple(buckets), capacity, floor, committed, banned)


def _diagnose_floors(inst: _Instance) -> InfeasibleError:
    """Name the floors that cannot be reached within the capacities, with numbers."""
    from scipy import sparse
    from scipy.optimize import linprog

    cands = _all_candidates(inst, prune=False)
    core = inst.core
    messages = []
    free = np.diff(cands.ptr) > 1
    fixed_idx = cands.ptr[:-1][~free]
    col = np.flatnonzero(free[cands.account])
    rows_eq = np.cumsum(free) - 1
    a_eq = sparse.csr_matrix((np.ones(len(col)), (rows_eq[cands.account[col]], np.arange(len(col)))),
                             shape=(int(free.sum()), len(col)))
    fixed_use = cands.weight[fixed_idx].sum(axis=0)
    for r in np.flatnonzero(inst.floor > 0):
        if col.size:
            res = linprog(-cands.weight[col, r], A_ub=sparse.csr_matrix(cands.weight[col].T), b_ub=inst.capacity - fixed_use,
                          A_eq=a_eq, b_eq=np.ones(a_eq.shape[0]), bounds=(0, None), method="highs")
            most = fixed_use[r] - float(res.fun) if res.status == 0 else fixed_use[r]
            binding: list[int] = (
                np.flatnonzero(-np.asarray(res.ineqlin.marginals) > 1e-9).tolist() if res.status == 0 else []
            )
        else:
            most, binding = fixed_use[r], []
        if most < inst.floor[r] - 1e-6 * max(1.0, inst.floor[r]):
            limits = ", ".join(f"{core.resource_ids[b]} (capacity {_fmt(inst.capacity[b])})" for b in binding)
            messages.append(
                f"the floor of {_fmt(inst.floor[r])} {core.resource_ids[r]} cannot be met: at most "
                f"{_fmt(most)} can be used" + (f" within the capacity of {limits}" if limits else "")
            )
    if not messages:
        floors = ", ".join(f"{core.resource_ids[r]} >= {_fmt(inst.floor[r])}" for r in np.flatnonzero(inst.floor > 0))
        messages.append(f"the resource floors ({floors}) cannot all be met together within the capacities")
    if inst.committed.any():
        messages.append("commitments: " + ", ".join(core.initiative_ids[inst.committed]))
    return InfeasibleError("; ".join(messages) + ".")


# ============================================================================ plain policies


def _masks_value(core: _Core, buckets: Sequence[_Bucket], masks: np.ndarray) -> np.ndarray:
    """Value of the chosen subset of every account (n,)."""
    out = np.zeros(core.n_accounts)
    for b in buckets:
        out[b.accounts] = b.value[np.arange(len(b.accounts)), masks[b.accounts]]
    return out


def _group_value(inst: _Instance, masks: np.ndarray, account: int) -> Callable[[int], float]:
    b = inst.buckets[inst.core.bucket_of_account[account]]
    row = inst.core.row_of_account[account]
    return lambda mask: float(b.value[row, mask])


def _take_in_order(inst: _Instance, sequence: Iterable[int], masks: np.ndarray | None = None,
                   use: np.ndarray | None = None, account_limit: np.ndarray | None = None) -> np.ndarray:
    """Add groups in the given order whenever they fit every capacity (and an optional per-account limit)."""
    core = inst.core
    masks = _committed_masks(inst) if masks is None else masks
    use = core.demand[inst.committed].sum(axis=0) if use is None else use
    limit = inst.capacity + _tol(inst)
    account_use = np.zeros((core.n_accounts, core.n_resources)) if account_limit is not None else None
    for g in sequence:
        a = core.initiative_account[g]
        bit = 1 << int(core.slot_of_initiative[g])
        if inst.forbidden[g] or masks[a] & bit:
            continue
        new_use = use + core.demand[g]
        if np.any(new_use > limit):
            continue
        if account_use is not None and account_limit is not None:
            if np.any(account_use[a] + core.demand[g] > account_limit[a] + _tol(inst)):
                continue
            account_use[a] += core.demand[g]
        masks[a] |= bit
        use = new_use
    return masks


def _committed_masks(inst: _Instance) -> np.ndarray:
    core = inst.core
    masks = np.zeros(core.n_accounts, dtype=np.int64)
    for g in np.flatnonzero(inst.committed):
        masks[core.initiative_account[g]] |= 1 << int(core.slot_of_initiative[g])
    return masks


def _policy_equal(inst: _Instance) -> np.ndarray:
    core = inst.core
    order = np.lexsort((core.initiative_account, core.slot_of_initiative))  # round robin over accounts
    return _take_in_order(inst, order)


def _accounts_first(core: _Core, account_order: np.ndarray) -> np.ndarray:
    rank = np.empty(core.n_accounts, dtype=np.int64)
    rank[account_order] = np.arange(core.n_accounts)
    return np.lexsort((core.slot_of_initiative, rank[core.initiative_account]))


def _policy_revenue(inst: _Instance) -> np.ndarray:
    core = inst.core
    has_groups = np.bincount(core.initiative_account, minlength=core.n_accounts) > 0
    weight = np.where(has_groups, core.revenue, 0.0)
    share = weight / weight.sum() if weight.sum() > 0 else weight
    order = _accounts_first(core, np.argsort(-core.revenue, kind="stable"))
    masks = _take_in_order(inst, order, account_limit=share[:, None] * inst.capacity[None, :])
    use = np.zeros(core.n_resources)
    for g in range(len(core.initiative_ids)):
        if masks[core.initiative_account[g]] >> int(core.slot_of_initiative[g]) & 1:
            use += core.demand[g]
    return _take_in_order(inst, order, masks=masks, use=use)  # leftovers, largest revenue first


def _policy_need(inst: _Instance) -> np.ndarray:
    core = inst.core
    return _take_in_order(inst, _accounts_first(core, np.argsort(core.retention, kind="stable")))


def _policy_concentrate(inst: _Instance) -> np.ndarray:
    core = inst.core
    return _take_in_order(inst, _accounts_first(core, np.argsort(-core.clv_before, kind="stable")))


def _policy_greedy(inst: _Instance) -> np.ndarray:
    """Best value per scarce unit first: the group with the highest added value per share of capacity."""
    core = inst.core
    masks = _committed_masks(inst)
    use = core.demand[inst.committed].sum(axis=0)
    limit = inst.capacity + _tol(inst)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        footprint = np.where(core.demand > 0, core.demand / inst.capacity, 0.0).sum(axis=1)
    version = np.zeros(core.n_accounts, dtype=np.int64)
    heap: list[tuple[float, int, int]] = []

    def push(g: int) -> None:
        a = core.initiative_account[g]
        bit = 1 << int(core.slot_of_initiative[g])
        if inst.forbidden[g] or masks[a] & bit or np.any(use + core.demand[g] > limit):
            return
        value = _group_value(inst, masks, a)
        gain = value(int(masks[a] | bit)) - value(int(masks[a]))
        if gain > 0:
            ratio = gain / footprint[g] if footprint[g] > 0 else np.inf
            heapq.heappush(heap, (-ratio, g, int(version[a])))

    for g in range(len(core.initiative_ids)):
        push(g)
    while heap:
        _, g, seen = heapq.heappop(heap)
        a = core.initiative_account[g]
        if seen != version[a]:
            push(g)  # the account changed since: re-score
            continue
        if np.any(use + core.demand[g] > limit):
            continue
        masks[a] |= 1 << int(core.slot_of_initiative[g])
        use = use + core.demand[g]
        version[a] += 1
    return masks


_PLAIN_POLICIES: dict[str, Callable[[_Instance], np.ndarray]] = {
    "equal": _policy_equal,
    "revenue": _policy_revenue,
    "need": _policy_need,
    "concentrate": _policy_concentrate,
    "greedy": _policy_greedy,
}


# ============================================================================ the Plan


_STOPPED_BY = {
    "time_limit": "stopped by the time limit",
    "state_limit": "stopped by the exact search's state limit",
    "iteration_limit": "stopped by the iteration limit",
    "gap_tolerance": "stopped at the gap tolerance",
    "dual_converged": "the bound cannot be improved by prices alone",
}


class Plan:
    """An allocation of project groups to accounts, with its value, resource use and prices.

    Made by :func:`allocate`; every table is computed once, on first use.

    Attributes
    ----------
    case : Case
        The case the plan is for.
    policy : str
        The policy that made the plan (``"optimal"``, ``"greedy"``, ... or a function's name).
    status : str
        ``"optimal"`` (proven), ``"within_gap"`` (certified within ``gap``), ``"heuristic"``
        (a plain policy) or ``"user"`` (a user's policy function).
    total_value : float
        Value created in NOK: lifetime value gained minus what the resources cost.
    upper_bound : float
        A proven upper bound on the best possible value (NaN for plain policies).
    gap : float
        Certified optimality gap ``(upper_bound - total_value) / |upper_bound|`` (0 when
        proven optimal, NaN for plain policies).
    relaxation_value : float
        Value of the LP relaxation the shadow prices belong to (NaN when not solved).
    method : str
        What made the plan: ``"exact"`` (the engine's own exact search),
        ``"milp"`` (the LP bound and branch and cut with CBC), ``"lagrangian"``
        (prices and repair) or ``"rule"``.
    stopped_by : str or None
        Why an optimal-policy solve stopped short of a proof: ``"time_limit"``,
        ``"state_limit"`` (the exact search's memory cap), ``"iteration_limit"``,
        ``"gap_tolerance"`` (the certified gap reached ``gap_tolerance``) or
        ``"dual_converged"`` (the Lagrangian bound cannot improve; the gap is
        what is left).  None when the plan is proven optimal or made by a rule.
    solve_seconds : float
        Wall time of the solve.
    staffing : StaffingPlan or None
        For ``allocate(case, staffing="monthly")``: the named people booked on
        the plan's groups month by month (every group staffed); None otherwise.
    yearly_value : float
        For ``staffing="monthly"``: value of the best plan by yearly hours
        (NOK), so ``yearly_value - total_value`` is what staffing month by month
        costs; NaN otherwise.
    """

    def __init__(
        self,
        case: Case,
        inst: _Instance,
        masks: np.ndarray,
        *,
        policy: str,
        status: str,
        method: str,
        upper_bound: float = math.nan,
        relaxation_value: float = math.nan,
        capacity_price: np.ndarray | None = None,
        floor_price: np.ndarray | None = None,
        relaxation: Callable[[], _LP | None] | None = None,
        solve_seconds: float = math.nan,
        iterations: int = 0,
        stopped_by: str | None = None,
    ) -> None:
        self.case = case
        self._inst = inst
        self._masks = np.asarray(masks, dtype=np.int64)
        self.policy = policy
        self.status = status
        self.method = method
        self._account_value = _masks_value(inst.core, inst.buckets, self._masks)
        self.total_value = float(self._account_value.sum())
        self.upper_bound = float(upper_bound)
        if status == "optimal":
            self.gap = 0.0
        elif math.isfinite(self.upper_bound):
            self.gap = max(0.0, (self.upper_bound - self.total_value) / max(abs(self.upper_bound), 1e-9))
        else:
            self.gap = math.nan
        m = inst.core.n_resources
        self._prices: tuple[float, np.ndarray, np.ndarray] | None = (
            None if relaxation is not None else (
                float(relaxation_value),
                np.full(m, np.nan) if capacity_price is None else np.asarray(capacity_price),
                np.full(m, np.nan) if floor_price is None else np.asarray(floor_price),
            )
        )
        self._relaxation = relaxation
        self.solve_seconds = float(solve_seconds)
        self.iterations = int(iterations)
        self.stopped_by = stopped_by
        self.staffing: Any = None  # a StaffingPlan when the plan was made to be staffed month by month
        self.yearly_value = math.nan  # then also the value of the best plan by yearly hours (NOK)

    # -- prices (the LP relaxation is solved on first use) ---------------------------

    def _lp_prices(self) -> tuple[float, np.ndarray, np.ndarray]:
        if self._prices is None:
            m = self._inst.core.n_resources
            lp = self._relaxation() if self._relaxation is not None else None
            self._prices = (
                (lp.value, lp.capacity_price, lp.floor_price) if lp is not None
                else (math.nan, np.full(m, np.nan), np.full(m, np.nan))
            )
        return self._prices

    @property
    def relaxation_value(self) -> float:
        """Value of the LP relaxation the shadow prices belong to (NaN when not solved)."""
        return self._lp_prices()[0]

    @property
    def _capacity_price(self) -> np.ndarray:
        return self._lp_prices()[1]

    @property
    def _floor_price(self) -> np.ndarray:
        return self._lp_prices()[2]

    # -- core views ---------------------------------------------------------------

    @cached_property
    def _selected_mask(self) -> np.ndarray:
        core = self._inst.core
        return (self._masks[core.initiative_account] >> core.slot_of_initiative) & 1 == 1  # type: ignore[no-any-return]

    @property
    def selected(self) -> tuple[str, ...]:
        """The chosen initiative ids, in the case's order."""
        return tuple(self._inst.core.initiative_ids[self._selected_mask])

    @cached_property
    def used(self) -> pd.Series:
        """Total use of every resource by the chosen groups."""
        core = self._inst.core
        used = core.demand[self._selected_mask].sum(axis=0)
        return pd.Series(used, index=pd.Index(core.resource_ids, name="resource_id"), name="used")

    @cached_property
    def usage(self) -> pd.DataFrame:
        """Resource use by account (rows: accounts with groups; columns: resources)."""
        core = self._inst.core
        sel = self._selected_mask
        acc = core.initiative_account[sel]
        table = np.zeros((core.n_accounts, core.n_resources))
        np.add.at(table, acc, core.demand[sel])
        frame = pd.DataFrame(table, index=pd.Index(core.account_ids, name="account_id"),
                             columns=pd.Index(core.resource_ids, name="resource_id"))
        return frame.loc[np.bincount(acc, minlength=core.n_accounts) > 0]

    # -- tables --------------------------------------------------------------------

    @cached_property
    def groups(self) -> pd.DataFrame:
        """The chosen project groups: account, name, cost, marginal value and what they use.

        ``marginal_value`` is what the account's plan loses without the group
        (the groups on one account interact, so these do not add up to the
        account's value).
        """
        inst, core = self._inst, self._inst.core
        sel = np.flatnonzero(self._selected_mask)
        initiatives = self.case.initiatives.loc[list(core.initiative_ids[sel])]
        accounts = self.case.accounts
        marginal = []
        for g in sel:
            a = core.initiative_account[g]
            value = _group_value(inst, self._masks, a)
            mask = int(self._masks[a])
            marginal.append(value(mask) - value(mask & ~(1 << int(core.slot_of_initiative[g]))))
        frame = pd.DataFrame(
            {
                "account_id": initiatives["account_id"].to_numpy(),
                "account_name": accounts.loc[initiatives["account_id"], "name"].to_numpy(),
                "name": initiatives["name"].to_numpy(),
                "cost_nok": core.group_cost[sel],
                "marginal_value": np.asarray(marginal, dtype=float),
            },
            index=pd.Index(core.initiative_ids[sel], name="initiative_id", dtype="str"),
        )
        demand = pd.DataFrame(core.demand[sel], index=frame.index, columns=list(core.resource_ids))
        return pd.concat([frame, demand], axis=1)

    @cached_property
    def accounts(self) -> pd.DataFrame:
        """Per account: groups, retention and lifetime value before and after, cost and value created."""
        core = self._inst.core
        sel = self._selected_mask
        acc = core.initiative_account
        n = core.n_accounts
        keep_churn = np.ones(n)
        keep_cost = np.ones(n)
        sow = np.zeros(n)
        np.multiply.at(keep_churn, acc[sel], 1.0 - core.churn[sel])
        np.multiply.at(keep_cost, acc[sel], 1.0 - core.cts_cut[sel])
        np.add.at(sow, acc[sel], core.sow_gain[sel])
        cost = np.bincount(acc[sel], weights=core.group_cost[sel], minlength=n)
        retention_after = 1.0 - (1.0 - core.retention) * keep_churn
        share_after = np.minimum(1.0, core.share + sow)
        margin_after = core.revenue * share_after / core.share * core.gross_margin - core.cost_to_serve * keep_cost
        clv_after = np.where(self._masks > 0, _clv(margin_after, retention_after, core.discount_rate, core.horizon_years),
                             core.clv_before)
        names = self.case.accounts["name"].to_numpy()
        ids = core.initiative_ids
        chosen = [[] for _ in range(n)]  # type: list[list[str]]
        for g in np.flatnonzero(sel):
            chosen[acc[g]].append(str(ids[g]))
        frame = pd.DataFrame(
            {
                "name": names,
                "groups": np.bincount(acc[sel], minlength=n),
                "initiatives": [", ".join(c) for c in chosen],
                "retention_before": core.retention,
                "retention_after": np.where(self._masks > 0, retention_after, core.retention),
                "clv_before": core.clv_before,
                "clv_after": clv_after,
                "cost_nok": cost,
                "value_created": self._account_value,
            },
            index=pd.Index(core.account_ids, name="account_id", dtype="str"),
        )
        frame["name"] = frame["name"].astype("str")
        frame["initiatives"] = frame["initiatives"].astype("str")
        return frame

    @cached_property
    def resources(self) -> pd.DataFrame:
        """Per resource: used, capacity, utilisation and shadow price (NOK per unit).

        The shadow price is the LP-relaxation dual price of the capacity (see the
        module notes); NaN for plain policies, which do not price resources.
        """
        inst = self._inst
        info = self.case.resources
        used = self.used.to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            utilisation = np.where(inst.capacity > 0, used / inst.capacity, np.where(used > 0, np.inf, 0.0))
        frame = pd.DataFrame(
            {
                "name": info["name"].astype("str").to_numpy(),
                "unit": info["unit"].astype("str").to_numpy(),
                "used": used,
                "capacity": inst.capacity,
                "utilisation": utilisation,
                "shadow_price": self._capacity_price,
            },
            index=pd.Index(inst.core.resource_ids, name="resource_id", dtype="str"),
        )
        if inst.has_floors:
            frame["floor"] = inst.floor
            frame["floor_price"] = self._floor_price
        return frame

    @property
    def shadow_prices(self) -> pd.Series:
        """Shadow price of every resource's capacity (NOK per unit), a Series."""
        return self.resources["shadow_price"]

    # -- output --------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """Every candidate group with ``selected`` (bool), its account, cost and demand per resource."""
        core = self._inst.core
        frame = pd.DataFrame(
            {
                "account_id": core.account_ids[core.initiative_account],
                "selected": self._selected_mask,
                "cost_nok": core.group_cost,
            },
            index=pd.Index(core.initiative_ids, name="initiative_id", dtype="str"),
        )
        frame["account_id"] = frame["account_id"].astype("str")
        demand = pd.DataFrame(core.demand, index=frame.index, columns=list(core.resource_ids))
        return pd.concat([frame, demand], axis=1)

    def _headline(self) -> str:
        status = self.status
        if status == "within_gap":
            status = f"within {self.gap:.3%} of the optimum (certified)"
            reason = _STOPPED_BY.get(str(self.stopped_by))
            if reason:
                status += f", {reason}"
        elif status == "optimal":
            status = "proven optimal"
        n_groups = int(self._selected_mask.sum())
        n_accounts = int((self._masks > 0).sum())
        return (
            f"Plan for {self.case.name}, policy {self.policy!r}: {status}. "
            f"Value created {self.total_value / 1e6:,.2f} MNOK (lifetime value "
            f"{horizon_label(self._inst.core.horizon_years)}, net of the groups' one-off cost) with "
            f"{n_groups} project group{'' if n_groups == 1 else 's'} on {n_accounts} "
            f"account{'' if n_accounts == 1 else 's'}."
        )

    def summary(self) -> str:
        """The plan as readable text: headline, resources with prices, accounts with groups."""
        lines = [self._headline(), "", "Resources (used / capacity, utilisation, LP shadow price per unit; "
                 "plan.marginal_values() re-solves with more):"]
        res = self.resources
        width = max(len(r) for r in res.index) if len(res) else 0
        for rid, row in res.iterrows():
            price = ("" if not math.isfinite(row["shadow_price"]) else ", not scarce" if row["shadow_price"] <= 1e-9
                     else f", LP price {_fmt(row['shadow_price'])} NOK/{row['unit'].rstrip('s') or 'unit'}")
            if price.startswith(", LP") and row["used"] < row["capacity"] - 1e-9:
                price += f" (full only with groups taken in part; {_fmt(row['capacity'] - row['used'])} spare here)"
            lines.append(
                f"  {rid:<{width}}  {_fmt(row['used']):>10} / {_fmt(row['capacity']):<10} {row['unit']:<9}"
                f" {row['utilisation']:7.1%}{price}"
            )
        acc = self.accounts[self.accounts["groups"] > 0].sort_values("value_created", ascending=False)
        lines += ["", f"Accounts with project groups ({len(acc)}):"]
        for aid, row in acc.head(25).iterrows():
            lines.append(
                f"  {aid} {row['name'][:28]:<28} {row['groups']:>2} group{'' if row['groups'] == 1 else 's'}, retention "
                f"{row['retention_before']:.2f} -> {row['retention_after']:.2f}, cost "
                f"{row['cost_nok'] / 1e6:,.2f} MNOK one-off, value {row['value_created'] / 1e6:+,.2f} MNOK"
            )
        if len(acc) > 25:
            lines.append(f"  ... and {len(acc) - 25} more accounts")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"Plan(policy={self.policy!r}, status={self.status!r}, total_value={self.total_value:,.0f}, "
            f"groups={int(self._selected_mask.sum())})"
        )

    def _repr_html_(self) -> str:
        res = self.resources[["used", "capacity", "utilisation", "shadow_price"]]
        price_formatters: dict[Any, Callable[[Any], str]] = {
            "used": _fmt, "capacity": _fmt, "utilisation": "{:.1%}".format,
            "shadow_price": lambda x: "" if not math.isfinite(x) else "not scarce" if x <= 1e-9 else _fmt(x) + " NOK",
        }
        res_html = res.to_html(formatters=price_formatters, border=0)
        acc = self.accounts[self.accounts["groups"] > 0].sort_values("value_created", ascending=False).head(25)
        acc = acc[["name", "groups", "retention_before", "retention_after", "cost_nok", "value_created"]]
        account_formatters: dict[Any, Callable[[Any], str]] = {
            "retention_before": "{:.2f}".format, "retention_after": "{:.2f}".format,
            "cost_nok": lambda x: f"{x / 1e6:,.2f} M", "value_created": lambda x: f"{x / 1e6:+,.2f} M",
        }
        acc_html = acc.to_html(formatters=account_formatters, border=0)
        return (
            f"<div class='kamlearn-plan'><p><b>{html.escape(self._headline())}</b></p>"
            f"<p>Resources</p>{res_html}<p>Accounts with project groups</p>{acc_html}</div>"
        )

    def plot(self, ax: Axes | None = None, kind: Literal["utilisation", "allocation"] = "utilisation") -> Axes:
        """Draw the plan: utilisation with shadow prices (default) or use by account and resource."""
        from kamlearn.plotting.allocation import plot_allocation, plot_utilisation

        if kind == "allocation":
            return plot_allocation(self, ax=ax)
        return plot_utilisation(self, ax=ax)

    def marginal_values(self) -> pd.DataFrame:
        """The value of additional capacity: each resource re-solved with one more unit and one more block.

        Unlike the LP shadow price, this is measured on this plan's own policy
        with whole groups, so it agrees with the plan on screen.  Solved on
        first call (two solves per resource) and kept.  See
        :func:`kamlearn.resource_value.value_of_more_capacity` for the columns.

        Examples
        --------
        >>> import kamlearn
        >>> values = kamlearn.allocate(kamlearn.load_case()).marginal_values()
        >>> "verdict" in values.columns
        True
        """
        from kamlearn.resource_value import value_of_more_capacity

        cached = self.__dict__.get("_marginal_values")
        if cached is None:
            cached = value_of_more_capacity(self)
            self.__dict__["_marginal_values"] = cached
        return cached.copy()


# ============================================================================ public functions


_CANDS_CACHE: dict[tuple[int, tuple[int, ...], bool], tuple[_Core, _Cands]] = {}


def _candidates_for(inst: _Instance, prune: bool) -> _Cands:
    """Every allowed subset of every account, cached per case structure (capacities do not change them)."""
    key = (id(inst.core), tuple(id(b) for b in inst.buckets), prune)
    hit = _CANDS_CACHE.get(key)
    if hit is not None:
        return hit[1]
    cands = _all_candidates(inst, prune)
    if len(_CANDS_CACHE) >= 8:
        _CANDS_CACHE.pop(next(iter(_CANDS_CACHE)))
    _CANDS_CACHE[key] = (inst.core, cands)
    return cands


def _no_whole_plan(inst: _Instance) -> InfeasibleError:
    return InfeasibleError(
        "no plan of whole project groups meets the resource floors within the capacities "
        "(a fractional plan would): " + ", ".join(
            f"{inst.core.resource_ids[r]} >= {_fmt(inst.floor[r])}" for r in np.flatnonzero(inst.floor > 0)
        ) + "."
    )


def _solve_optimal(case: Case, inst: _Instance, method: str, gap_tolerance: float, max_iterations: int,
                   time_limit: float) -> Plan:
    """The optimal policy: pick and run the methods (see :func:`allocate`), keep the best plan and bound."""
    start = time.perf_counter()
    deadline = start + time_limit
    if method not in ("auto", "exact", "milp", "lagrangian"):
        raise ValueError(f"method: expected 'auto', 'exact', 'milp' or 'lagrangian', found {method!r}.")
    size = sum(len(b.accounts) << b.k for b in inst.buckets)
    if method == "auto" and size > 4 * _MILP_MAX_CANDIDATES:
        method = "lagrangian"  # tens of thousands of accounts: prices, not a search
    if method == "lagrangian":
        return _lagrangian_plan(case, inst, gap_tolerance, max_iterations, start, deadline)
    cands = _candidates_for(inst, prune=not inst.has_floors)
    with_choice = int((np.diff(cands.ptr) > 1).sum())
    if method == "auto" and len(cands.value) > _MILP_MAX_CANDIDATES:
        return _lagrangian_plan(case, inst, gap_tolerance, max_iterations, start, deadline)
    incumbent: np.ndarray | None = None
    best_bound = np.inf
    lp: _LP | None = None
    if method == "exact" or (
        method == "auto" and len(cands.value) <= _EXACT_MAX_CANDIDATES and with_choice <= _EXACT_MAX_ACCOUNTS
    ):
        trying = method == "auto"
        dp = _exact_dp(inst, cands, max_states=_EXACT_TRY_STATES if trying else 400_000,
                       deadline=min(deadline, time.perf_counter() + _EXACT_TRY_SECONDS) if trying else deadline,
                       give_up=trying)
        if dp.proven or (not trying and dp.choice is not None):
            if not dp.proven:
                lp = _solve_lp(inst, cands)
            bound = dp.bound if lp is None else min(dp.bound, max(lp.value, dp.value))
            return _plan_from(case, inst, cands, dp.choice, "exact", dp.proven, bound, lp, start,
                              dp.stopped_by if time.perf_counter() <= deadline else "time_limit")
        if dp.choice is None and dp.proven is False and dp.stopped_by is None:
            if _solve_lp(inst, cands) is None:
                raise _diagnose_floors(inst)
            raise _no_whole_plan(inst)
        incumbent, best_bound = dp.choice, dp.bound
    # branch and cut, fed with the LP bound, an incumbent and the candidates reduced-cost fixing leaves
    lp = _solve_lp(inst, cands)
    if lp is None:
        raise _diagnose_floors(inst)
    priced = _repair_and_fill(inst, cands, _priced_choice(cands, lp.price), lp.price)
    if _is_feasible(cands.weight[priced].sum(axis=0), inst) and (
        incumbent is None or cands.value[priced].sum() > cands.value[incumbent].sum()
    ):
        incumbent = priced
    value = float(cands.value[incumbent].sum()) if incumbent is not None else -np.inf
    keep, lagrangian_bound = _reduced_cost_fixing(inst, cands, lp.capacity_price, lp.floor_price, incumbent, value)
    best_bound = min(best_bound, lagrangian_bound, lp.value)
    tolerance = 1e-9 * max(1.0, abs(best_bound))
    if incumbent is not None and value >= best_bound - tolerance:  # the LP bound proves the incumbent
        return _plan_from(case, inst, cands, incumbent, "milp", True, value, lp, start, None)
    if method == "auto" and keep.sum() > _MILP_MAX_CANDIDATES:
        return _lagrangian_plan(case, inst, gap_tolerance, max_iterations, start, deadline)
    sub, index = _subset_cands(cands, keep)
    position = np.full(len(cands.value), -1)
    position[index] = np.arange(len(index))
    remaining = deadline - time.perf_counter()
    if remaining <= 0:
        if incumbent is None:
            raise TimeoutError(f"time_limit: no plan was found within {time_limit:g} s.")
        return _plan_from(case, inst, cands, incumbent, "milp", False, best_bound, lp, start, "time_limit")
    result = _milp(inst, sub, remaining)
    if result.choice is None and result.proven and incumbent is None:  # CBC proved no plan of whole groups exists
        raise _no_whole_plan(inst)
    if result.choice is None and result.proven:  # "infeasible" beside a known plan: CBC proved nothing
        result = _MilpResult(None, -np.inf, np.inf, False, "time_limit")
    if result.choice is not None and result.value >= value:
        incumbent, value = index[result.choice], result.value
    if incumbent is None:
        raise TimeoutError(f"time_limit: no plan was found within {time_limit:g} s.")
    # every plan better than the incumbent uses only kept candidates, so the search's bound holds for all
    bound = min(best_bound, max(value, result.bound))
    proven = result.proven or value >= bound - tolerance
    return _plan_from(case, inst, cands, incumbent, "milp", proven, value if proven else bound, lp, start,
                      None if proven else result.stopped_by)


def _plan_from(case: Case, inst: _Instance, cands: _Cands, choice: np.ndarray | None, method: str, proven: bool,
               bound: float, lp: _LP | None, start: float, stopped_by: str | None) -> Plan:
    assert choice is not None
    value = float(cands.value[choice].sum())
    return Plan(
        case, inst, cands.mask[choice], policy="optimal", status="optimal" if proven else "within_gap",
        method=method, upper_bound=value if proven else max(bound, value),
        relaxation=(lambda: lp) if lp is not None else (lambda: _solve_lp(inst, cands)),
        solve_seconds=time.perf_counter() - start, stopped_by=None if proven else stopped_by,
    )


def _lagrangian_plan(case: Case, inst: _Instance, gap_tolerance: float, max_iterations: int, start: float,
                     deadline: float) -> Plan:
    dual = _boxstep(inst, gap_tolerance, max_iterations, time_limit=deadline - time.perf_counter())
    if dual.choice is None or dual.choice_cands is None:
        raise _diagnose_floors(inst)
    gap = (dual.bound - dual.value) / max(abs(dual.bound), 1e-9)
    return Plan(
        case, inst, dual.choice_cands.mask[dual.choice], policy="optimal",
        status="optimal" if gap <= 1e-12 else "within_gap", method="lagrangian",
        upper_bound=dual.bound, capacity_price=np.maximum(dual.price, 0.0),
        floor_price=np.maximum(-dual.price, 0.0), solve_seconds=time.perf_counter() - start,
        iterations=dual.iterations, stopped_by=None if gap <= 1e-12 else dual.stopped_by,
    )


def _validate_masks(case: Case, inst: _Instance, masks: np.ndarray, name: str) -> None:
    core = inst.core
    sel = (masks[core.initiative_account] >> core.slot_of_initiative) & 1 == 1
    use = core.demand[sel].sum(axis=0)
    over = np.flatnonzero(use > inst.capacity + _tol(inst))
    if over.size:
        raise ValueError(
            f"policy {name!r} uses more than the capacity: "
            + "; ".join(f"{_fmt(use[r])} {core.resource_ids[r]} but capacity is {_fmt(inst.capacity[r])}"
                        for r in over) + "."
        )
    missing = np.flatnonzero(inst.committed & ~sel)
    if missing.size:
        raise ValueError(f"policy {name!r} leaves out committed groups: {', '.join(core.initiative_ids[missing])}.")
    banned = np.flatnonzero(inst.forbidden & sel)
    if banned.size:
        raise ValueError(f"policy {name!r} chooses forbidden groups: {', '.join(core.initiative_ids[banned])}.")


def allocate(
    case: Case,
    policy: str | PolicyFunction = "optimal",
    *,
    commitments: Iterable[str] | None = None,
    forbidden: Iterable[str] | None = None,
    resource_floors: Mapping[str, float] | None = None,
    method: Method = "auto",
    gap_tolerance: float = 1e-4,
    max_iterations: int = 300,
    time_limit: float | None = None,
    staffing: Literal["yearly", "monthly"] = "yearly",
) -> Plan:
    """Choose project groups for the key accounts within every resource's capacity.

    Parameters
    ----------
    case
        The company's tables (see :class:`kamlearn.Case`).
    policy
        ``"optimal"`` (the most value within every capacity, exactly for the
        course case), or a plain rule a manager might use:

        * ``"equal"``: spread evenly, the accounts take turns adding their next group;
        * ``"revenue"``: every account gets a share of each resource in proportion to
          its revenue (the ABC view), leftovers go to the largest accounts;
        * ``"need"``: accounts most at risk of being lost (lowest retention) first;
        * ``"concentrate"``: the most valuable account gets all its groups first,
          then the next (as in the eight-group case);
        * ``"greedy"``: the group adding the most value per share of capacity first.

        The plain rules other than ``"greedy"`` do not look at value: they take
        every group that fits, in their order.  Or pass your own function
        ``policy(case) -> iterable of initiative ids``; the plan is checked
        against capacities, commitments and forbidden groups.
    commitments
        Initiative ids that must be in the plan (an account that must get a group).
    forbidden
        Initiative ids that must not be in the plan; an account id forbids every
        group on that account.
    resource_floors
        Minimum total use of a resource, e.g. ``{"kam_hours": 800}`` (people are paid anyway).
        Plain policies do not aim for floors; a plan that misses one warns.
    method
        How the optimal plan is found:

        * ``"exact"``: the engine's own exact search over accounts, pruned by
          Lagrangian bounds (milliseconds for the course case; a proof unless
          it hits its state limit or the time limit);
        * ``"milp"``: the LP relaxation's bound and prices, the engine's best
          plan and reduced-cost fixing against it, then branch and cut with CBC
          (the solver inside PuLP), silent and within the time limit;
        * ``"lagrangian"``: prices and repair, with a certified gap (tens of
          thousands of accounts);
        * ``"auto"`` (default): whatever proves the optimum first.  Up to
          40,000 candidate subsets on at most 40 accounts with a choice, the
          exact search is tried with a small budget (2,000 partial plans a
          layer, 0.3 s; it gives up as soon as it outgrows them, which is
          when branch and cut proves faster); if it has not finished, or the
          case is larger, the LP
          bound and branch and cut take over from its best plan, up to 150,000
          undominated subsets (a few hundred accounts with up to eight groups);
          beyond that the Lagrangian method.  ``plan.method`` says which
          method made the plan.
    gap_tolerance
        Relative gap at which the Lagrangian method stops (the other methods prove the optimum).
    max_iterations
        Iterations of the Lagrangian method.
    staffing
        ``"yearly"`` (default): human resources count as the yearly hours of
        ``case.resources``.  ``"monthly"``: the plan must also be staffable by
        the named people of ``case.staff``, month by month, with their skills
        and hours, each group starting in its window (see
        :func:`kamlearn.people.staffable_plan`); the plan then carries ``staffing``
        (who works when) and ``yearly_value`` (the best plan by yearly hours).
    time_limit
        Seconds the whole solve may take (None: no limit).  Every method keeps
        to it (checked between the exact search's layers, between Lagrangian
        iterations, and by CBC itself) and then returns its best plan with a
        certified gap: ``plan.status == "within_gap"`` and ``plan.stopped_by ==
        "time_limit"``.

    Returns
    -------
    Plan
        The allocation with its value, tables, prices, status and gap.

    Raises
    ------
    InfeasibleError
        When commitments, floors and capacities cannot all be met; the message
        names the resources and commitments with the numbers.
    ValueError
        For unknown policies, ids or methods, or a user policy that breaks a constraint.
    TimeoutError
        When ``time_limit`` ran out before any plan meeting the floors was found.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> plan = kamlearn.allocate(case)
    >>> plan.status
    'optimal'
    >>> bool((plan.resources["used"] <= plan.resources["capacity"]).all())
    True
    >>> kamlearn.allocate(case, "equal").total_value <= plan.total_value
    True
    """
    if staffing not in ("yearly", "monthly"):
        raise ValueError(f"staffing: expected 'yearly' or 'monthly', found {staffing!r}.")
    if staffing == "monthly":
        if not (isinstance(policy, str) and policy == "optimal"):
            raise ValueError(f"staffing='monthly' is for the optimal policy, found policy {policy!r}.")
        from kamlearn.people import staffable_plan

        return staffable_plan(case, commitments=commitments, forbidden=forbidden, resource_floors=resource_floors,
                              time_limit=time_limit)  # type: ignore[no-any-return]
    core = _core_for(case)
    inst = _instance_for(case, core, commitments, forbidden, resource_floors)
    if isinstance(policy, str) and policy == "optimal":
        return _solve_optimal(case, inst, method, gap_tolerance, max_iterations,
                              np.inf if time_limit is None else float(time_limit))
    start = time.perf_counter()
    if callable(policy):
        name = getattr(policy, "__name__", "custom")
        chosen = _ids(f"policy {name!r}", policy(case), pd.Index(core.initiative_ids), "initiative")
        masks = np.zeros(core.n_accounts, dtype=np.int64)
        for g in pd.Index(core.initiative_ids).get_indexer(chosen):
            masks[core.initiative_account[g]] |= 1 << int(core.slot_of_initiative[g])
        _validate_masks(case, inst, masks, name)
        status = "user"
    elif policy in _PLAIN_POLICIES:
        name = str(policy)
        masks = _PLAIN_POLICIES[name](inst)
        status = "heuristic"
    else:
        raise ValueError(f"policy: expected one of {', '.join(POLICIES)} or a function, found {policy!r}.")
    plan = Plan(case, inst, masks, policy=name, status=status, method="rule",
                solve_seconds=time.perf_counter() - start)
    if inst.has_floors:
        short = np.flatnonzero(plan.used.to_numpy() < inst.floor - _tol(inst))
        if short.size:
            warnings.warn(
                f"policy {name!r} misses the resource floors: "
                + ", ".join(f"{core.resource_ids[r]} uses {_fmt(plan.used.iloc[r])} < {_fmt(inst.floor[r])}"
                            for r in short),
                KamlearnWarning, stacklevel=2,
            )
    return plan


def capacity_sweep(
    case: Case,
    resource_id: str,
    capacities: Iterable[float],
    policy: str | PolicyFunction = "optimal",
    **kwargs: Any,
) -> pd.DataFrame:
    """Value created as a function of one resource's capacity.

    Parameters
    ----------
    case
        The case.
    resource_id
        The resource whose capacity varies.
    capacities
        The capacities to try.
    policy, **kwargs
        Passed to :func:`allocate` for every capacity.

    Returns
    -------
    DataFrame
        One row per capacity: ``capacity``, ``total_value`` (whole groups),
        ``relaxation_value`` (the LP relaxation; its slope is the shadow price),
        ``shadow_price``, ``used``, ``groups``, ``status``.

    Examples
    --------
    >>> import kamlearn
    >>> sweep = capacity_sweep(kamlearn.load_case(), "kam_hours", [600, 1100, 1600])
    >>> bool(sweep["total_value"].is_monotonic_increasing)
    True
    """
    if resource_id not in case.resources.index:
        raise ValueError(f"resource_id: expected one of {', '.join(case.resources.index)}, found {resource_id!r}.")
    rows = []
    for capacity in capacities:
        plan = allocate(case.with_capacity({resource_id: float(capacity)}), policy, **kwargs)
        rows.append({
            "capacity": float(capacity),
            "total_value": plan.total_value,
            "relaxation_value": plan.relaxation_value,
            "shadow_price": float(plan.shadow_prices[resource_id]),
            "used": float(plan.used[resource_id]),
            "groups": len(plan.selected),
            "status": plan.status,
        })
    frame = pd.DataFrame(rows, columns=["capacity", "total_value", "relaxation_value", "shadow_price", "used",
                                        "groups", "status"])
    frame["status"] = frame["status"].astype("str")
    frame.attrs["resource_id"] = resource_id
    return frame


def compare(
    case: Case,
    policies: Sequence[str | PolicyFunction] = POLICIES,
    **kwargs: Any,
) -> pd.DataFrame:
    """Plans of several policies side by side.

    Returns
    -------
    DataFrame
        Indexed by policy: ``total_value``, ``share_of_optimal`` (NaN without
        ``"optimal"`` in the list), ``groups``, ``accounts``, ``cost_nok``,
        ``max_utilisation``, ``status``.

    Examples
    --------
    >>> import kamlearn
    >>> table = compare(kamlearn.load_case(), ["optimal", "equal", "greedy"])
    >>> table["total_value"].idxmax()
    'optimal'
    """
    rows: dict[str, dict[str, Any]] = {}
    for policy in policies:
        plan = allocate(case, policy, **kwargs)
        rows[plan.policy] = {
            "total_value": plan.total_value,
            "groups": len(plan.selected),
            "accounts": int((plan.accounts["groups"] > 0).sum()),
            "cost_nok": float(plan.accounts["cost_nok"].sum()),
            "max_utilisation": float(plan.resources["utilisation"].max()),
            "status": plan.status,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index = pd.Index(frame.index, name="policy", dtype="str")
    best = float(rows["optimal"]["total_value"]) if "optimal" in rows else math.nan
    frame.insert(1, "share_of_optimal", frame["total_value"] / best if best else np.nan)
    frame["status"] = frame["status"].astype("str")
    return frame


# ============================================================================ synthetic cases


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
        raise ValueError(f"n_groups: expected 1 to {MAX_GROUPS_PER_ACCOUNT}, found {n_groups}.")
    if n_accounts < 1 or n_resources < 1:
        raise ValueError("n_accounts and n_resources: expected at least 1.")
    if not 0 < tightness <= 1:
        raise ValueError(f"tightness: expected a share above 0 and at most 1, found {tightness}.")
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
    >>> plan = allocate(case)
    >>> plan.selected, round(plan.total_value, 6)
    (('K1-G', 'K3-G'), 14.0)
    """
    from kamlearn.case import Case

    profit = np.asarray(profits, dtype=float)
    weight = np.asarray(weights, dtype=float)
    capacity = np.asarray(capacities, dtype=float)
    n = len(profit)
    if weight.ndim != 2 or weight.shape != (len(capacity), n):
        raise ValueError(f"weights: expected shape ({len(capacity)}, {n}) (constraints x items), found {weight.shape}.")
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
