"""The engine's exact search: a dynamic programme over accounts, pruned by a pool of Lagrangian bounds."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kamlearn.allocation._model import _Bucket, _Cands, _Core, _Instance, _segment_argmax
from kamlearn.allocation._primal import _tol

if TYPE_CHECKING:

    pass


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
        last_choice = warm[3]
        use = cands.weight[last_choice].sum(axis=0)
        fits = len(last_choice) == cands.n_accounts and np.array_equal(
            cands.account[last_choice], np.arange(cands.n_accounts))  # one candidate of each account
        if fits and np.all(use <= cap) and (not has_floors or np.all(use >= low)):
            first, first_value = last_choice, float(cands.value[last_choice].sum())
    if first is None:
        quick_pool = warm[2] if warm is not None else _price_pool(inst, cands, target=-np.inf, iterations=15)
        first, first_value, _, _, _ = _dp_pass(*args, quick_pool, -np.inf, beam)
    incumbent = first_value if first is not None else -np.inf
    pool = _price_pool(inst, cands, target=incumbent, iterations=10 if warm is not None else 60)
    if warm is not None:  # any prices >= 0 give valid bounds, so the last solve's prices still help
        pool = np.vstack([pool, warm[2]])
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
        _WARM[key] = (inst.core, inst.buckets, kept, choice)
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


_WARM: dict[tuple[int, tuple[int, ...], int, bool], tuple[_Core, tuple[_Bucket, ...], np.ndarray, np.ndarray]] = {}
"""Last prices and choice per case structure.  The key is made of ids, so every entry keeps the objects those
ids name (the core and the buckets) alive, as ``_model._CANDS_CACHE`` does: no other object can take one of
those ids while the entry lives.  The entry used to keep only the core, so a later solve's buckets (made anew
for commitments or forbidden groups) could land at a freed one's address and start from another solve's plan;
any plan and prices >= 0 still give a valid start and bound, so a proof stayed a proof, but among equally
good plans the one returned could depend on the solve history (tests/test_i18n_alloc.py solves cold and
warm, frees and rebuilds, and compares the selections)."""


def clear_caches() -> None:
    """Forget every solve: the module-level caches of the model, its candidate subsets and the exact search.

    The caches only speed up a re-solve of the same case (the apps' sliders); a plan never depends on them
    (``tests/test_allocate_house.py`` solves cold and warm and compares).  Tests call this to start cold.
    """
    from kamlearn.allocation import _model

    _model._CORE_CACHE.clear()
    _model._CANDS_CACHE.clear()
    _WARM.clear()
    _LAYOUTS.clear()
