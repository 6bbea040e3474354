"""Branch and cut with CBC on the subset-choice model, after reduced-cost fixing.

References
----------
Kellerer, H., Pferschy, U. and Pisinger, D. (2004). *Knapsack Problems*. Springer (multiple-choice
knapsack, reduced-cost fixing).

Forrest, J. and Lougee-Heimer, R. (2005). CBC user guide. In *Emerging theory, methods, and
applications*, INFORMS, 257-277.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kamlearn.allocation._model import _Cands, _Instance, _segment_argmax
from kamlearn.allocation._primal import _is_feasible

if TYPE_CHECKING:

    pass


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
