"""The numeric model of a case: accounts, candidate groups, every subset's value, and the candidate lists.

Everything here is independent of the solver: :func:`_core_for` turns a Case into arrays (cached per
case content, so a what-if capacity re-solves fast), :func:`_instance_for` adds capacities, floors,
commitments and forbidden groups, and :func:`_candidates_for` lists every allowed subset of every
account (dominated subsets left out) in compressed rows.  A subset's value is
:func:`kamlearn.value.group_set_outcomes` (the one account-value kernel) minus what its groups cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn._checks import known_ids
from kamlearn._format import number
from kamlearn.errors import InfeasibleError
from kamlearn.i18n import _
from kamlearn.value import customer_lifetime_value, group_set_outcomes

if TYPE_CHECKING:

    from kamlearn.case import Case


MAX_GROUPS_PER_ACCOUNT = 16
"""The engine enumerates every subset of an account's groups: at most 2**16 per account."""


_CHUNK = 1 << 21  # elements of a (accounts x subsets) block evaluated at once


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

    :func:`kamlearn.value.group_set_outcomes` (the arithmetic of
    :func:`kamlearn.account_outcome`) over every subset, minus what the
    subset's groups cost.
    """
    out = group_set_outcomes(*_kernel_inputs(core_arrays, accounts, groups), None, discount_rate, horizon_years,
                             cost=core_arrays["group_cost"][groups])
    value = out["clv_after"] - core_arrays["clv_before"][accounts][:, None] - out["cost"]
    value[:, 0] = 0.0  # the empty set changes nothing (exactly)
    return value  # type: ignore[no-any-return]


def _kernel_inputs(core_arrays: Mapping[str, np.ndarray], accounts: np.ndarray,
                   groups: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The accounts (nb,) and their groups' effects (nb, k) as :func:`kamlearn.value.group_set_outcomes` takes them."""
    a = core_arrays
    account = {"yearly_revenue_nok": a["revenue"][accounts], "gross_margin": a["gross_margin"][accounts],
               "cost_to_serve_nok": a["cost_to_serve"][accounts], "retention": a["retention"][accounts],
               "share_of_wallet": a["share"][accounts]}
    effects = {"churn_reduction": a["churn"][groups], "cost_to_serve_reduction": a["cts_cut"][groups],
               "share_of_wallet_gain": a["sow_gain"][groups]}
    return account, effects


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
            _("account {account} has {n} candidate project groups; the engine enumerates every subset of an "
              "account's groups and supports at most {most}.").format(
                account=repr(account_ids[worst]), n=number(int(counts[worst])), most=number(MAX_GROUPS_PER_ACCOUNT))
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
    committed_ids = list(dict.fromkeys(known_ids("commitments", commitments, iid, what="initiative ids of the case")))
    forbidden_items = [forbidden] if isinstance(forbidden, str) else list(forbidden or [])
    unknown = [f for f in forbidden_items if f not in iid and f not in aid]
    if unknown:
        raise ValueError(
            _("forbidden: expected initiative ids (or account ids, to forbid every group on an account), "
              "found {found}.").format(found=", ".join(map(repr, unknown)))
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
        raise InfeasibleError(_("{groups}: committed and forbidden at the same time.").format(groups=names))
    floor = np.zeros(len(rid))
    for key, amount in (resource_floors or {}).items():
        if key not in rid:
            raise ValueError(_("resource_floors: expected resource ids of the case, found {found}.").format(found=repr(key)))
        amount = float(amount)
        if not math.isfinite(amount) or amount < 0:
            raise ValueError(_("resource_floors[{key}]: expected an amount of at least 0, found {found}.").format(
                key=repr(key), found=repr(amount)))
        floor[rid.get_loc(key)] = amount
    # plain conflicts, with numbers
    units = resources["unit"].astype(str).to_numpy() if "unit" in resources else np.full(len(rid), "")
    need = core.demand[committed].sum(axis=0)
    problems = []
    for r in np.flatnonzero(need > capacity * (1 + 1e-12) + 1e-9):
        users = [f"{core.initiative_ids[g]} {number(core.demand[g, r])}"
                 for g in np.flatnonzero(committed & (core.demand[:, r] > 0))]
        problems.append(
            _("commitments need {need} {resource} but capacity is {capacity} ({groups})").format(
                need=number(need[r]), resource=rid[r], capacity=number(capacity[r]), groups=", ".join(users))
        )
    for r in np.flatnonzero(floor > capacity * (1 + 1e-12) + 1e-9):
        problems.append(_("the floor of {floor} {resource} is above its capacity of {capacity}").format(
            floor=number(floor[r]), resource=rid[r], capacity=number(capacity[r])))
    reachable = core.demand[~banned].sum(axis=0)
    for r in np.flatnonzero(floor > reachable * (1 + 1e-12) + 1e-9):
        problems.append(
            _("the floor of {floor} {resource} is more than all allowed groups together use ({most})").format(
                floor=number(floor[r]), resource=rid[r], most=number(reachable[r], units[r]))
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


_CANDS_CACHE: dict[tuple[int, tuple[int, ...], bool], tuple[_Core, tuple[_Bucket, ...], _Cands]] = {}
"""Candidates per case structure.  The key is made of ids, so every entry keeps the objects those ids
name (the core and the buckets) alive: no other object can take one of those ids while the entry lives.
The buckets of a solve with commitments or forbidden groups are made anew for it; the entry used to keep
only the core, and a later solve's buckets could land at a freed one's address and get the candidates of
other constraints (tests/test_allocate_house.py)."""


def _candidates_for(inst: _Instance, prune: bool) -> _Cands:
    """Every allowed subset of every account, cached per case structure (capacities do not change them)."""
    key = (id(inst.core), tuple(id(b) for b in inst.buckets), prune)
    hit = _CANDS_CACHE.get(key)
    if hit is not None:
        return hit[2]
    cands = _all_candidates(inst, prune)
    if len(_CANDS_CACHE) >= 8:
        _CANDS_CACHE.pop(next(iter(_CANDS_CACHE)))
    _CANDS_CACHE[key] = (inst.core, inst.buckets, cands)
    return cands
