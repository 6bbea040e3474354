"""The public allocation functions: :func:`allocate` (one plan) and :func:`compare` (policies side by side).

``allocate(case, "optimal")`` picks the method (see its ``method`` parameter): the exact search
(:mod:`kamlearn.allocation._exact`), the LP bound with branch and cut
(:mod:`kamlearn.allocation._lp`, :mod:`kamlearn.allocation._milp`) or the Lagrangian method
(:mod:`kamlearn.allocation._lagrangian`).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn._checks import known_ids
from kamlearn._format import number
from kamlearn.allocation._exact import _exact_dp
from kamlearn.allocation._lagrangian import _lagrangian_plan
from kamlearn.allocation._lp import _LP, _diagnose_floors, _no_whole_plan, _solve_lp
from kamlearn.allocation._milp import _milp, _MilpResult, _reduced_cost_fixing, _subset_cands
from kamlearn.allocation._model import _candidates_for, _Cands, _core_for, _Instance, _instance_for
from kamlearn.allocation._primal import _is_feasible, _priced_choice, _repair_and_fill, _tol
from kamlearn.allocation.plan import Plan
from kamlearn.allocation.policies import POLICIES, PolicyFunction, policy_rule
from kamlearn.errors import KamlearnWarning
from kamlearn.i18n import _

if TYPE_CHECKING:

    from kamlearn.case import Case


_EXACT_MAX_CANDIDATES = 40_000  # the engine's own exact search is tried up to this many candidate subsets


_EXACT_MAX_ACCOUNTS = 40  # ... and this many accounts with a choice


_EXACT_TRY_STATES = 2_000  # partial plans per layer when "auto" tries the exact search first


_EXACT_TRY_SECONDS = 0.3  # ... and the seconds it may spend before branch and cut takes over


_MILP_MAX_CANDIDATES = 150_000  # "auto" proves with branch and cut up to this many subsets left after fixing


Method = Literal["auto", "exact", "milp", "lagrangian"]


def _solve_optimal(case: Case, inst: _Instance, method: str, gap_tolerance: float, max_iterations: int,
                   time_limit: float) -> Plan:
    """The optimal policy: pick and run the methods (see :func:`allocate`), keep the best plan and bound."""
    start = time.perf_counter()
    deadline = start + time_limit
    if method not in ("auto", "exact", "milp", "lagrangian"):
        raise ValueError(_("method: expected 'auto', 'exact', 'milp' or 'lagrangian', found {found}.").format(
            found=repr(method)))
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
            raise TimeoutError(_("time_limit: no plan was found within {seconds} s.").format(seconds=number(time_limit)))
        return _plan_from(case, inst, cands, incumbent, "milp", False, best_bound, lp, start, "time_limit")
    result = _milp(inst, sub, remaining)
    if result.choice is None and result.proven and incumbent is None:  # CBC proved no plan of whole groups exists
        raise _no_whole_plan(inst)
    if result.choice is None and result.proven:  # "infeasible" beside a known plan: CBC proved nothing
        result = _MilpResult(None, -np.inf, np.inf, False, "time_limit")
    if result.choice is not None and result.value >= value:
        incumbent, value = index[result.choice], result.value
    if incumbent is None:
        raise TimeoutError(_("time_limit: no plan was found within {seconds} s.").format(seconds=number(time_limit)))
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


def _validate_masks(case: Case, inst: _Instance, masks: np.ndarray, name: str) -> None:
    core = inst.core
    sel = (masks[core.initiative_account] >> core.slot_of_initiative) & 1 == 1
    use = core.demand[sel].sum(axis=0)
    over = np.flatnonzero(use > inst.capacity + _tol(inst))
    if over.size:
        raise ValueError(
            _("policy {policy} uses more than the capacity: {uses}.").format(policy=repr(name), uses="; ".join(
                _("{used} {resource} but capacity is {capacity}").format(
                    used=number(use[r]), resource=core.resource_ids[r], capacity=number(inst.capacity[r]))
                for r in over))
        )
    missing = np.flatnonzero(inst.committed & ~sel)
    if missing.size:
        raise ValueError(_("policy {policy} leaves out committed groups: {groups}.").format(
            policy=repr(name), groups=", ".join(core.initiative_ids[missing])))
    banned = np.flatnonzero(inst.forbidden & sel)
    if banned.size:
        raise ValueError(_("policy {policy} chooses forbidden groups: {groups}.").format(
            policy=repr(name), groups=", ".join(core.initiative_ids[banned])))


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
    >>> kamlearn.allocate(case, "equal").value_nok <= plan.value_nok
    True
    """
    if staffing not in ("yearly", "monthly"):
        raise ValueError(_("staffing: expected 'yearly' or 'monthly', found {found}.").format(found=repr(staffing)))
    if staffing == "monthly":
        if not (isinstance(policy, str) and policy == "optimal"):
            raise ValueError(_("staffing='monthly' is for the optimal policy, found policy {policy}.").format(
                policy=repr(policy)))
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
        chosen = list(dict.fromkeys(known_ids(_("policy {policy}").format(policy=repr(name)), policy(case),
                                              pd.Index(core.initiative_ids), what=_("initiative ids of the case"))))
        masks = np.zeros(core.n_accounts, dtype=np.int64)
        for g in pd.Index(core.initiative_ids).get_indexer(chosen):
            masks[core.initiative_account[g]] |= 1 << int(core.slot_of_initiative[g])
        _validate_masks(case, inst, masks, name)
        status = "user"
    else:
        rule = policy_rule(policy)  # the house ValueError for an unknown name
        name = str(policy)
        masks = rule(inst)
        status = "heuristic"
    plan = Plan(case, inst, masks, policy=name, status=status, method="rule",
                solve_seconds=time.perf_counter() - start)
    if inst.has_floors:
        short = np.flatnonzero(plan.used.to_numpy() < inst.floor - _tol(inst))
        if short.size:
            warnings.warn(
                _("policy {policy} misses the resource floors: {floors}").format(policy=repr(name), floors=", ".join(
                    _("{resource} uses {used} < {floor}").format(
                        resource=core.resource_ids[r], used=number(plan.used.iloc[r]), floor=number(inst.floor[r]))
                    for r in short)),
                KamlearnWarning, stacklevel=2,
            )
    return plan


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
            "total_value": plan.value_nok,
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
