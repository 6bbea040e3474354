"""Primal heuristics: make a choice of subsets feasible and fill spare capacity (used by every method)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kamlearn.allocation._model import _Cands, _Instance, _segment_argmax

if TYPE_CHECKING:

    pass


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
