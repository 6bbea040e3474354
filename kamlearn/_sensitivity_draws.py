"""The draw resolver behind :func:`kamlearn.sensitivity.sensitivity`: draws of the effects, re-solved.

Private.  :func:`_draw` draws every candidate group's three effects from their ranges; :class:`_Resolver`
re-solves the optimal plan for each draw through the allocation engine's private model and exact search (the
fast path) or through the public API (the reference).  :mod:`kamlearn.sensitivity` holds the public side: the
ranges, the :class:`~kamlearn.sensitivity.Sensitivity` result and the function.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn.allocation._exact import _dp_pass, _layout, _price_pool  # the engine's private model and search
from kamlearn.allocation._model import _Cands, _core_for, _instance_for, _masks_value, _subset_values, _undominated
from kamlearn.allocation._primal import _tol
from kamlearn.allocation.solve import (
    _EXACT_MAX_ACCOUNTS,
    _EXACT_MAX_CANDIDATES,
    _solve_optimal,
)

if TYPE_CHECKING:
    from kamlearn.allocation import Plan


_SEARCH_STATES = 50_000  # partial plans per layer in a draw's warm exact search (beyond: the full solve)
_SEARCH_SECONDS = 0.5  # ... and the seconds it may take

EFFECTS: tuple[str, ...] = ("churn_reduction", "cost_to_serve_reduction", "share_of_wallet_gain")
"""The three judged effects of a project group, columns of the initiatives table."""

Distribution = Literal["triangular", "uniform"]


def _draw(ranges: pd.DataFrame, draws: int, seed: int, distribution: Distribution) -> np.ndarray:
    """Effects for every draw: (draws, groups, 3) shares, by the inverse CDF of one uniform number each."""
    low = np.stack([ranges[(e, "low")].to_numpy(dtype=float) for e in EFFECTS], axis=1)
    mode = np.stack([ranges[(e, "estimate")].to_numpy(dtype=float) for e in EFFECTS], axis=1)
    high = np.stack([ranges[(e, "high")].to_numpy(dtype=float) for e in EFFECTS], axis=1)
    u = np.random.default_rng(seed).uniform(size=(draws, *low.shape))
    width = high - low
    if distribution == "uniform":
        return low + u * width
    # triangular(low, mode, high): inverse of its CDF; a zero-width range gives the estimate
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(width > 0, (mode - low) / width, 0.5)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


# ----------------------------------------------------------------------------- adapters to the engine

_CACHE_SIZE = 8  # entries of the engine's candidate cache (allocate._CANDS_CACHE)
_CHUNK = 1 << 21
"""Subset values (draws x subsets) computed in one vectorised pass, at most this many at a time."""


class _Resolver:
    """Re-solve the optimal plan with other effect values (same accounts, demands and capacities).

    Adapter over the allocation engine.  The fast path builds the engine's
    capacity-independent model and its constraint masks once, then

    1. values every subset of every account for a whole block of draws in one
       vectorised call of the engine's value kernel (``_subset_values``, with
       the draws stacked as extra accounts: the same arithmetic, bit for bit);
    2. per draw, keeps the undominated subsets (``_undominated``, also over the
       whole block) and runs the engine's exact search (``_layout``,
       ``_price_pool``, ``_dp_pass``) warm: the best of today's plan and the
       last draw's best plan (both fit, since only values change) is the
       incumbent, and the prices that bounded the last draw join the pool
       (any prices >= 0 give valid bounds);
    3. falls back to the engine's full solve (``_solve_optimal``) for a draw the
       search cannot prove within its state limit, or for a case beyond the
       exact search's size.

    The search is exact, so the plans are the ones :func:`kamlearn.allocate`
    finds; :meth:`public` is that reference route (``Case.with_tables`` and
    :func:`kamlearn.allocate`), slower.
    """

    def __init__(self, plan: Plan, commitments: Iterable[str] | None, forbidden: Iterable[str] | None,
                 fast: bool = True) -> None:
        self.plan = plan
        self.case = plan.case
        self.commitments = list(commitments or [])
        self.forbidden = list(forbidden or [])
        self.today = np.isin(self.case.initiatives.index.to_numpy(), np.asarray(plan.selected, dtype=object))
        self.is_fast = bool(fast)
        if self.is_fast:
            self._prepare()

    def _prepare(self) -> None:
        case = self.case
        core = _core_for(case)
        if list(core.initiative_ids) != list(case.initiatives.index):
            raise KeyError("initiative order")  # i18n: not text (an internal signal)
        self.core = core
        self.inst = _instance_for(case, core, self.commitments or None, self.forbidden or None, None)
        self.arrays = {name: getattr(core, name) for name in (
            "revenue", "gross_margin", "cost_to_serve", "retention", "share", "group_cost", "clv_before")}
        accounts, slots = core.initiative_account, core.slot_of_initiative
        self.today_masks = np.zeros(core.n_accounts, dtype=np.int64)
        for g in np.flatnonzero(self.today):
            self.today_masks[accounts[g]] |= 1 << int(slots[g])
        self.allowed = [np.isfinite(b.value) for b in self.inst.buckets]  # commitments and forbidden groups
        self.weights = [  # resource use of every subset: (accounts, 2**k, m), the same for every draw
            np.einsum("sk,nkm->nsm", ((np.arange(1 << b.k)[:, None] >> np.arange(b.k)) & 1).astype(float), b.demand)
            for b in self.inst.buckets
        ]
        per_draw = sum(len(b.accounts) << b.k for b in self.inst.buckets)
        self.block = max(1, _CHUNK // max(1, per_draw))
        n_cands = sum(int(a.sum()) for a in self.allowed)
        with_choice = sum(len(b.accounts) for b in self.inst.buckets if b.k)
        self.search = (not self.inst.has_floors and n_cands <= _EXACT_MAX_CANDIDATES
                       and with_choice <= _EXACT_MAX_ACCOUNTS)
        self.pool = np.zeros((0, core.n_resources))
        self.last_masks: np.ndarray | None = None
        self._alive: deque[Any] = deque(maxlen=4 * _CACHE_SIZE)

    # -- values of a block of draws ---------------------------------------------------

    def _values(self, effects: np.ndarray) -> list[np.ndarray]:
        """Every subset's value for each draw of the block: per bucket (draws, accounts, 2**k), NOK."""
        core = self.core
        d, n, n_groups = len(effects), core.n_accounts, len(core.initiative_ids)
        stacked = {name: np.tile(a, d) for name, a in self.arrays.items()}
        stacked["churn"] = effects[:, :, 0].ravel()
        stacked["cts_cut"] = effects[:, :, 1].ravel()
        stacked["sow_gain"] = effects[:, :, 2].ravel()
        out = []
        for b, allowed in zip(self.inst.buckets, self.allowed, strict=True):
            if not b.k:
                out.append(np.broadcast_to(b.value, (d, *b.value.shape)))
                continue
            rows = (b.accounts[None, :] + n * np.arange(d)[:, None]).ravel()
            groups = (b.groups[None, :, :] + n_groups * np.arange(d)[:, None, None]).reshape(-1, b.k)
            value = _subset_values(stacked, rows, groups, core.discount_rate, core.horizon_years)
            value = value.reshape(d, len(b.accounts), 1 << b.k)
            out.append(np.where(allowed[None], value, -np.inf))
        return out

    # -- one draw ---------------------------------------------------------------------

    def _masks_total(self, buckets: tuple[Any, ...], masks: np.ndarray) -> float:
        return float(_masks_value(self.core, buckets, masks).sum())

    def _search(self, buckets: tuple[Any, ...], keep: list[np.ndarray], incumbent: float) -> np.ndarray | None:
        """The engine's exact search, warm; the best plan's subset masks, or None when it is not proven."""
        inst = replace(self.inst, buckets=buckets)
        parts_acc, parts_mask, parts_val, parts_w = [], [], [], []
        for b, kept, weight in zip(buckets, keep, self.weights, strict=True):
            rows, subsets = np.nonzero(kept)
            parts_acc.append(b.accounts[rows])
            parts_mask.append(subsets)
            parts_val.append(b.value[rows, subsets])
            parts_w.append(weight[rows, subsets])
        account = np.concatenate(parts_acc)
        order = np.argsort(account, kind="stable")
        counts = np.bincount(account[order], minlength=self.core.n_accounts)
        cands = _Cands(ptr=np.concatenate([[0], np.cumsum(counts)]), account=account[order],
                       mask=np.concatenate(parts_mask)[order].astype(np.int64),
                       value=np.concatenate(parts_val)[order], weight=np.concatenate(parts_w)[order])
        segments, fixed, free, max_after = _layout(cands, self.core.n_resources)
        tol = _tol(inst)
        args = (cands, segments, fixed, free, inst.capacity + tol, inst.floor - tol, max_after, False, _SEARCH_STATES)
        if not math.isfinite(incumbent):  # no plan known yet (today's plan misses a commitment): a quick beam pass
            quick = _price_pool(inst, cands, target=-np.inf, iterations=15) if not len(self.pool) else self.pool
            _first, incumbent, _, _, _ = _dp_pass(*args, quick, -np.inf, 64)
        pool = _price_pool(inst, cands, target=incumbent, iterations=3 if len(self.pool) else 60)
        if len(self.pool):
            pool = np.vstack([pool, self.pool])
        deadline = time.perf_counter() + _SEARCH_SECONDS
        choice, _value, complete, _dropped, useful = _dp_pass(*args, pool, incumbent, None, deadline)
        if not complete or choice is None:
            return None
        self.pool = pool[useful][-40:] if useful.any() else pool[-20:]
        return cands.mask[choice]  # type: ignore[no-any-return]

    def _one(self, values: list[np.ndarray], keep: list[np.ndarray] | None) -> tuple[np.ndarray, float, float]:
        core = self.core
        buckets = tuple(b.with_value(v) if b.k else b for b, v in zip(self.inst.buckets, values, strict=True))
        today_value = self._masks_total(buckets, self.today_masks)
        masks = None
        if keep is not None:
            incumbent = today_value
            if self.last_masks is not None:
                incumbent = max(incumbent, self._masks_total(buckets, self.last_masks))
            masks = self._search(buckets, keep, incumbent)
        if masks is None:  # the engine's full solve
            inst = replace(self.inst, buckets=buckets)
            # the engine caches candidates under id() of the buckets: keep the last instances alive, so that
            # a new draw's buckets never reuse the id of buckets still in that cache (stale values: wrong plans)
            self._alive.append(inst)
            best = _solve_optimal(self.case, inst, "auto", 1e-4, 300, np.inf)
            masks = np.asarray(best._masks, dtype=np.int64)
        self.last_masks = masks
        selected = (masks[core.initiative_account] >> core.slot_of_initiative) & 1 == 1
        return selected, self._masks_total(buckets, masks), today_value

    # -- public -------------------------------------------------------------------------

    def run(self, effects: np.ndarray, progress: Callable[[Iterable[int]], Iterable[int]] | None = None,
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Re-solve every draw of ``effects`` (draws, groups, 3): (in_optimal, optimal_value, today_value).

        ``progress`` wraps the loop over the draws (a tqdm progress bar).
        """
        if progress is None:
            progress = iter
        draws = len(effects)
        in_optimal = np.zeros((draws, effects.shape[1]), dtype=bool)
        optimal_value = np.zeros(draws)
        today_value = np.zeros(draws)
        if not self.is_fast:
            for d in progress(range(draws)):
                in_optimal[d], optimal_value[d], today_value[d] = self.public(effects[d])
            return in_optimal, optimal_value, today_value
        values: list[np.ndarray] = []
        keep: list[np.ndarray] = []
        start = 0
        for d in progress(range(draws)):
            if not values or d - start >= len(values[0]):  # the next block of draws, valued at once
                start = d
                values = self._values(effects[d : d + self.block])
                keep = [_undominated(v.reshape(-1, v.shape[-1]), b.k).reshape(v.shape) if b.k else v == v
                        for b, v in zip(self.inst.buckets, values, strict=True)] if self.search else []
            i = d - start
            in_optimal[d], optimal_value[d], today_value[d] = self._one(
                [v[i] for v in values], [k[i] for k in keep] if self.search else None)
        return in_optimal, optimal_value, today_value

    def public(self, effects: np.ndarray) -> tuple[np.ndarray, float, float]:
        """The same re-solve through the public API only (the reference for the fast path)."""
        from kamlearn.allocation import allocate

        initiatives = self.case.initiatives
        for j, effect in enumerate(EFFECTS):
            initiatives[effect] = effects[:, j]
        drawn = self.case.with_tables(initiatives=initiatives)
        best = allocate(drawn, commitments=self.commitments or None, forbidden=self.forbidden or None)
        chosen = list(self.plan.selected)
        today = allocate(drawn, lambda _c: chosen)
        selected = np.isin(initiatives.index.to_numpy(), np.asarray(best.selected, dtype=object))
        return selected, float(best.value_nok), float(today.value_nok)

    def __call__(self, effects: np.ndarray) -> tuple[np.ndarray, float, float]:
        """Re-solve one draw, effects (groups, 3)."""
        in_optimal, optimal_value, today_value = self.run(effects[None])
        return in_optimal[0], float(optimal_value[0]), float(today_value[0])
