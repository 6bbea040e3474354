"""The LP relaxation of the subset-choice model (HiGHS): the shadow prices, and why floors cannot be met."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kamlearn._format import number
from kamlearn.allocation._model import _all_candidates, _Cands, _Instance
from kamlearn.errors import InfeasibleError
from kamlearn.i18n import _

if TYPE_CHECKING:

    pass


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
        raise RuntimeError(_("the LP relaxation failed: {reason}").format(reason=res.message))
    duals = -np.asarray(res.ineqlin.marginals)
    capacity_price = np.maximum(duals[:m], 0.0)
    floor_price = np.zeros(m)
    floor_price[floors] = np.maximum(duals[m:], 0.0)
    x[col] = np.clip(res.x, 0.0, 1.0)
    return _LP(-float(res.fun) + fixed_value, capacity_price - floor_price, capacity_price, floor_price, x)


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
            limits = ", ".join(_("{resource} (capacity {capacity})").format(
                resource=core.resource_ids[b], capacity=number(inst.capacity[b])) for b in binding)
            text = _("the floor of {floor} {resource} cannot be met: at most {most} can be used").format(
                floor=number(inst.floor[r]), resource=core.resource_ids[r], most=number(most))
            if limits:
                text += " " + _("within the capacity of {limits}").format(limits=limits)
            messages.append(text)
    if not messages:
        floors = ", ".join(f"{core.resource_ids[r]} >= {number(inst.floor[r])}" for r in np.flatnonzero(inst.floor > 0))
        messages.append(_("the resource floors ({floors}) cannot all be met together within the capacities").format(
            floors=floors))
    if inst.committed.any():
        messages.append(_("commitments: {groups}").format(groups=", ".join(core.initiative_ids[inst.committed])))
    return InfeasibleError("; ".join(messages) + ".")


def _no_whole_plan(inst: _Instance) -> InfeasibleError:
    floors = ", ".join(f"{inst.core.resource_ids[r]} >= {number(inst.floor[r])}" for r in np.flatnonzero(inst.floor > 0))
    return InfeasibleError(
        _("no plan of whole project groups meets the resource floors within the capacities "
          "(a fractional plan would): {floors}.").format(floors=floors)
    )
