"""The most valuable plan that the named people can staff month by month (a mixed-integer programme).

Private: reached as :func:`kamlearn.people.staffable_plan` and through
``kamlearn.allocate(case, staffing="monthly")``.  The allocation engine is imported inside the
function (it is heavier than the people module, and the people module must not depend on it at load).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn._format import number
from kamlearn._staffing import _NO_STAFF, _available, _build_problem, _check_months, _parse_skills, _Schedule, _skills
from kamlearn.errors import CaseError
from kamlearn.i18n import _

if TYPE_CHECKING:
    from kamlearn.case import Case
    from kamlearn.people import StaffingPlan

__all__ = ["staffable_plan"]


def staffable_plan(
    case: Case,
    *,
    commitments: Iterable[str] | None = None,
    forbidden: Iterable[str] | str | None = None,
    resource_floors: Mapping[str, float] | None = None,
    months: int = 12,
    time_limit: float | None = None,
) -> Any:
    """The most valuable plan that the named people can staff month by month.

    :func:`kamlearn.allocate` counts human resources in yearly hours; the
    people behind them have hours in every month, skills, and groups that must
    start inside their window.  A plan that fits the yearly hours may not fit
    the months (:func:`assign_staff` then reports groups that cannot be
    staffed).  This function chooses the groups and their start months
    together, so every group of the plan gets all its hours in every month it
    runs, from people with the skill, never over anyone's hours.

    The model (a mixed-integer programme, solved with CBC through PuLP) adds to
    the subset-choice model of :func:`kamlearn.allocate` (one binary per
    account and subset of its groups; every yearly capacity still holds):

    * a binary start ``y[g, s]`` for every group with human hours and every
      start month ``s`` in its window; ``sum_s y[g, s] = 1`` exactly when the
      group is chosen;
    * hours ``x[p, h, t] >= 0`` that person ``p`` works as human resource
      ``h`` (one of their skills) in month ``t``, with ``sum_h x[p, h, t]`` at
      most their hours a month;
    * in every month, the hours booked for each resource cover what the
      groups running that month need (their hours spread evenly over their
      duration, as in :func:`assign_staff`).

    Whether hours by skill can be covered by people with several skills is a
    transportation problem (Gale 1957), which the hours ``x`` model exactly.
    The months run from 1 to ``months``, longer when a group may start late
    enough to run past the year (as in :func:`assign_staff`).

    Parameters
    ----------
    case
        The company, with a staff table.
    commitments, forbidden, resource_floors
        As in :func:`kamlearn.allocate`.
    months
        Length of the planning year.
    time_limit
        Seconds for the search (None: until proven optimal).

    Returns
    -------
    Plan
        ``method == "milp"``; ``plan.staffing`` is the :class:`StaffingPlan`
        with every group staffed at the start months found, and
        ``plan.yearly_value`` the value of the best plan by yearly hours, so
        ``plan.yearly_value - plan.value_nok`` is what staffing month by
        month costs (NOK).  ``plan.upper_bound`` is never above the yearly
        plan's bound (staffing only adds constraints).

    Raises
    ------
    CaseError
        When the case has no staff.
    InfeasibleError
        When commitments or floors cannot be met with the people's months.

    References
    ----------
    Gale, D. (1957). A theorem on flows in networks. *Pacific Journal of
    Mathematics* 7(2), 1073-1082.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> plan = kamlearn.allocate(case, staffing="monthly", time_limit=5)
    >>> plan.staffing.unstaffed
    ()
    >>> bool(plan.value_nok <= plan.yearly_value)
    True
    """
    import time as _time

    import pulp

    # lazily: the engine is heavier than this module
    from kamlearn.allocation import Plan, allocate
    from kamlearn.allocation._lp import _solve_lp
    from kamlearn.allocation._milp import _cbc
    from kamlearn.allocation._model import _candidates_for, _core_for, _instance_for
    from kamlearn.allocation._primal import _is_feasible
    from kamlearn.errors import InfeasibleError
    from kamlearn.people import assign_staff

    start_clock = _time.perf_counter()
    _check_months(months)
    staff = case.staff
    if staff.empty:
        raise CaseError(str(_NO_STAFF))
    yearly = allocate(case, commitments=commitments, forbidden=forbidden, resource_floors=resource_floors,
                      time_limit=time_limit)
    core = _core_for(case)
    inst = _instance_for(case, core, commitments, forbidden, resource_floors)
    cands = _candidates_for(inst, prune=not inst.has_floors)
    initiatives = case.initiatives.loc[list(core.initiative_ids)]
    resources = case.resources
    human = [r for r in resources.index if resources.at[r, "kind"] == "human"]
    rid = list(core.resource_ids)
    duration = initiatives["duration_months"].to_numpy(dtype=int)
    earliest = initiatives["earliest_start_month"].to_numpy(dtype=int)
    latest = initiatives["latest_start_month"].to_numpy(dtype=int)
    horizon = int(max([months, *(latest + duration - 1)]))
    need = core.demand[:, [rid.index(h) for h in human]] / duration[:, None]  # (G, H) hours a month
    skills = np.array([[h in _parse_skills(s) for h in human] for s in staff["skills"]], dtype=bool)
    hours = staff["hours_per_month"].to_numpy(dtype=float)

    prob = pulp.LpProblem("kamlearn_staffable_plan", pulp.LpMaximize)
    z = [prob.add_variable(f"z{c}", 0, 1, cat=pulp.LpBinary) for c in range(len(cands.value))]
    prob.setObjective(pulp.LpAffineExpression(list(zip(z, cands.value.tolist(), strict=True))))
    for a in range(cands.n_accounts):
        row = range(cands.ptr[a], cands.ptr[a + 1])
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression([(z[c], 1) for c in row]),
                                             pulp.LpConstraintEQ, f"one_{a}", 1))
    for r in range(core.n_resources):
        nz = np.flatnonzero(cands.weight[:, r] != 0)
        if nz.size:
            terms = [(z[c], float(cands.weight[c, r])) for c in nz.tolist()]
            prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms), pulp.LpConstraintLE, f"cap_{r}",
                                                 float(inst.capacity[r])))
            if inst.floor[r] > 0:
                prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms), pulp.LpConstraintGE,
                                                     f"floor_{r}", float(inst.floor[r])))
    # a group is chosen when a chosen subset of its account contains it
    slot = core.slot_of_initiative
    running: dict[tuple[int, int], list[Any]] = {}  # (resource, month) -> [(start var, hours)]
    starts: dict[int, list[tuple[int, Any]]] = {}
    for g in (int(i) for i in np.flatnonzero(np.any(need > 1e-12, axis=1))):
        a = core.initiative_account[g]
        members = [c for c in range(cands.ptr[a], cands.ptr[a + 1]) if cands.mask[c] >> int(slot[g]) & 1]
        if not members:
            continue
        window = range(int(earliest[g]), min(int(latest[g]), horizon - int(duration[g]) + 1) + 1)
        ys = [(s, prob.add_variable(f"y{g}_{s}", 0, 1, cat=pulp.LpBinary)) for s in window]
        starts[g] = ys
        prob.addConstraint(pulp.LpConstraint(
            pulp.LpAffineExpression([(y, 1) for _, y in ys] + [(z[c], -1) for c in members]),
            pulp.LpConstraintEQ, f"start_{g}", 0))
        for s, y in ys:
            for t in range(s, s + int(duration[g])):
                for skill in np.flatnonzero(need[g] > 1e-12).tolist():
                    running.setdefault((skill, t), []).append((y, float(need[g, skill])))
    person_terms: dict[tuple[int, int], list[Any]] = {}  # (person, month) -> hours variables
    for (h, t), terms in running.items():
        cover = [(prob.add_variable(f"x{p}_{h}_{t}", 0, None), p) for p in np.flatnonzero(skills[:, h]).tolist()]
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms + [(x, -1.0) for x, _ in cover]),
                                             pulp.LpConstraintLE, f"cover_{h}_{t}", 0))
        for x, p in cover:
            person_terms.setdefault((p, t), []).append(x)
    for (p, t), xs in person_terms.items():
        limit = max(float(hours[p]) * (1 - 1e-9) - 1e-6, 0.0)  # a hair below the hours, for rounding in CBC
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression([(x, 1) for x in xs]), pulp.LpConstraintLE,
                                             f"hours_{p}_{t}", limit))
    # the fallback when time runs out: the yearly plan's groups that assign_staff could staff, at its months
    base = assign_staff(case, yearly.selected, months=months)
    base_start = base.groups["start_month"]
    staffed_bits = np.zeros(core.n_accounts, dtype=np.int64)
    position = {str(g): i for i, g in enumerate(core.initiative_ids)}
    for initiative in base.staffed:
        staffed_bits[core.initiative_account[position[initiative]]] |= 1 << int(slot[position[initiative]])
    start_choice = np.zeros(len(cands.value))
    for a in range(cands.n_accounts):  # the best undominated subset of what was staffed (fewer groups still fit)
        own = np.arange(cands.ptr[a], cands.ptr[a + 1])
        inside = own[(cands.mask[own] & ~staffed_bits[a]) == 0]
        start_choice[inside[cands.value[inside].argmax()]] = 1.0
    fallback = np.flatnonzero(start_choice > 0)
    fallback_start: dict[int, int | None] = {}
    for g in starts:
        on = cands.mask[fallback[core.initiative_account[g]]] >> int(slot[g]) & 1
        month = base_start.get(str(core.initiative_ids[g])) if on else None
        fallback_start[g] = None if month is None or pd.isna(month) else int(month)
    remaining = np.inf if time_limit is None else max(float(time_limit) - (_time.perf_counter() - start_clock), 0.05)
    prob.solve(_cbc(remaining, False, ("timeMode elapsed",)))  # wall seconds; no MIP start: see allocation._milp
    proven = prob.sol_status == pulp.LpSolutionOptimal
    choice = fallback
    start_month = fallback_start
    if prob.sol_status == pulp.LpSolutionInfeasible:
        raise InfeasibleError(
            _("no plan meets the commitments and floors with the people's hours month by month "
              "(the yearly capacities alone would allow one).")
        )
    if prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        level = np.array([v.varValue or 0.0 for v in z])
        found = np.array([cands.ptr[a] + int(level[cands.ptr[a]:cands.ptr[a + 1]].argmax())
                          for a in range(cands.n_accounts)], dtype=np.int64)
        if _is_feasible(cands.weight[found].sum(axis=0), inst) and (
            proven or cands.value[found].sum() >= cands.value[fallback].sum()
        ):
            choice = found
            start_month = {g: next((s for s, y in ys if (y.varValue or 0.0) > 0.5), None) for g, ys in starts.items()}
        else:
            proven = False
    if not _is_feasible(cands.weight[choice].sum(axis=0), inst):
        raise TimeoutError(_("time_limit: no staffable plan meeting the floors was found within {seconds} s.").format(
            seconds=number(float("nan") if time_limit is None else time_limit)))
    masks = cands.mask[choice]
    value = float(cands.value[choice].sum())
    plan = Plan(
        case, inst, masks, policy="optimal", status="optimal" if proven else "within_gap", method="milp",
        upper_bound=value if proven else max(value, yearly.upper_bound),
        relaxation=lambda: _solve_lp(inst, cands), solve_seconds=_time.perf_counter() - start_clock,
        stopped_by=None if proven else "time_limit",
    )
    plan.yearly_value = float(yearly.value_nok)
    plan.staffing = _staffing_at(case, plan.selected, start_month, core, months)
    return plan


def _staffing_at(case: Case, selected: Sequence[str], start_month: Mapping[int, int | None], core: Any,
                 months: int) -> StaffingPlan:
    """The StaffingPlan of a plan whose start months are known (from :func:`staffable_plan`)."""
    from kamlearn.people import _result
    problem = _build_problem(case, list(selected), months, "value")
    schedule = _Schedule(problem, _available(problem, {}), _skills(problem, {}))
    position = {str(g): i for i, g in enumerate(core.initiative_ids)}
    for g, initiative in enumerate(problem.group_ids):
        start = start_month.get(position[initiative])
        if start is None:  # no human hours: it starts as early as it may
            start = int(problem.earliest[g])
        schedule.place(g, int(start))
    if not schedule.month_ok().all():  # pragma: no cover - the model covers every month
        raise RuntimeError(_("the staffable plan's months cannot be covered by the people"))
    return _result(schedule, {}, {})
