"""The Lagrangian method: prices per resource by a box-step cutting-plane method, and a repaired plan.

References
----------
Marsten, R. E., Hogan, W. W. and Blankenship, J. W. (1975). The BOXSTEP method for large-scale
optimization. *Operations Research* 23(3), 389-405.

Fisher, M. L. (1981). The Lagrangian relaxation method for solving integer programming problems.
*Management Science* 27(1), 1-18.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from kamlearn.allocation._lp import _diagnose_floors
from kamlearn.allocation._model import _CHUNK, _bits, _Cands, _Instance, _top_candidates
from kamlearn.allocation._primal import _is_feasible, _priced_choice, _repair_and_fill
from kamlearn.allocation.plan import Plan

if TYPE_CHECKING:

    from kamlearn.case import Case


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
