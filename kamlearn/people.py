"""People, knowledge and time: staffing the chosen project groups month by month.

The article names the scarce resources that limit the KAM team: labour,
knowledge and the working hours available (Hoff 2010, cited in the article
series), and warns that "the right people are not always available".  An
allocation (:func:`kamlearn.allocate`) decides *which* project groups to run
from yearly totals of hours; this module asks whether named people can do the
work *when* it has to be done:

* :func:`assign_staff` books the case's staff (``case.staff``: skills and
  hours a month) on the chosen groups month by month, within each group's
  start window, and reports hours, utilisation and the groups that cannot be
  staffed in time (a :class:`StaffingPlan`).
* :func:`key_person_risk` and :func:`rank_key_people`: what is lost when one
  person is away for some months, and how much the plan depends on each person.
* :func:`cross_training_value` and :func:`rank_cross_training`: the value of
  knowledge, what teaching one more person a skill is worth.
* :func:`efficiency_value`: what an efficiency gain on a resource frees and is
  worth, by re-solving the allocation and by its shadow price, side by side.

The model
---------
A group ``g`` needs ``amount`` hours of each human resource (``case.demands``),
spread evenly over its ``duration_months`` months, and must start between its
``earliest_start_month`` and ``latest_start_month``.  Person ``p`` has
``hours_per_month`` hours in every month and may work as any human resource
in their ``skills``.  Hours are booked month by month and never exceed a
person's hours or leave their skills.  The year has 12 months; a group that
starts late and runs past month 12 books its hours in months 13, 14, ...
(the horizon is extended so that every start in a window can be tried).

The heuristic (fast, deterministic, documented)
-----------------------------------------------
1. **Priority.**  Groups are taken in order of their *contribution*, what the
   plan's value loses without them, ``value(S) - value(S - {g})`` with the
   value model of :mod:`kamlearn.value` (largest first; ties by the tighter
   start window, then by id).  ``order="deadline"`` takes the groups with the
   earliest ``latest_start_month`` first instead.
2. **Earliest feasible start.**  Each group gets the earliest start in its
   window at which, in every month it runs, the hours of all groups booked so
   far plus its own can be covered by the people.  Whether hours by skill can
   be covered by people with several skills is a transportation problem; it
   is feasible exactly when, for every set ``Q`` of skills, the hours needed
   in ``Q`` are at most the hours of the people who have a skill in ``Q``
   (Hall's condition; Gale 1957).  The check is vectorised over all sets of
   the skills in use and all months.
3. **Who does the work.**  Within a month the tightest skill is filled first,
   from the people with the fewest alternative uses first (the fewest of the
   month's needed skills): specialists are used before the generalists who
   could also cover scarcer skills.  When this greedy fill leaves hours open,
   augmenting paths move generalists between skills until the month is
   covered, which step 2 guarantees is possible.  Each person's hours on a
   skill are then handed to the groups in priority order.
4. **Make room.**  For each group still without a start (in priority order),
   one staffed group at a time, from the lowest priority up, is tried at its
   other starts in its window; a move is kept when the waiting group then
   fits.  This repeats until a full pass staffs no more groups.  A staffed
   group is never dropped to make room for another.

Groups that cannot start in their window are "not staffed"; those that start
after their earliest month are "delayed".  The value of a staffing outcome is
the plan value of the groups actually staffed.  A delay inside the window has
no value in the yearly value model; it is reported in months.

What-ifs **repair** the base staffing rather than start over, as a team would:
when a person is away, groups running in months that can no longer be covered
are taken out and put back in priority order, at their old start when
possible, else at the earliest later start in their window (step 4 may move
other groups, never earlier than their old start), else they are lost.  A
group that was already running when its months can no longer be covered has
to start again later: the model has no pause.  When a person learns a skill, the
base staffing stays and the groups that could not be staffed are tried again.
So an absence never adds a group and cross-training never removes one.

Examples
--------
Information flow for Nordlys (A01-G1) needs 420 IT hours in 6 months, 70 a
month, but the two people with IT skills have 35 + 25 = 60 hours a month, so
it cannot be staffed whatever else is going on:

>>> import kamlearn
>>> case = kamlearn.load_case()
>>> staffing = kamlearn.assign_staff(case, ["A01-G1", "A01-G3", "A02-G1"])
>>> staffing.groups["status"].to_dict()
{'A01-G1': 'not staffed', 'A01-G3': 'on time', 'A02-G1': 'on time'}
>>> bool((staffing.hours.to_numpy() <= staffing.available.to_numpy() + 1e-9).all())
True

References
----------
Gale, D. (1957). A theorem on flows in networks. *Pacific Journal of
Mathematics* 7(2), 1073-1082 (supply and demand feasibility; Hall's condition).

Hoff (2010), cited in the article series: labour, knowledge and working hours
are the scarce resources that limit the KAM's room to act.

McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757 (as retold in the article series: eight project groups on one customer).
"""

from __future__ import annotations

import html
import itertools
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn.errors import CaseError
from kamlearn.value import account_outcome, initiative_cost

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.case import Case

__all__ = [
    "StaffingChange",
    "StaffingPlan",
    "assign_staff",
    "staffable_plan",
    "cross_training_value",
    "efficiency_value",
    "key_person_risk",
    "rank_cross_training",
    "rank_key_people",
]

Order = Literal["value", "deadline"]

_TOL = 1e-7  # hours
_HALL_MAX_SKILLS = 14  # 2**14 sets of skills are checked at once; beyond that, augmenting paths decide
_STATUS_ON_TIME, _STATUS_DELAYED, _STATUS_NOT_STAFFED = "on time", "delayed", "not staffed"


# ----------------------------------------------------------------------------- value of a set of groups


class _Valuer:
    """Plan value of a set of initiatives (kamlearn.value), cached per account and set."""

    def __init__(self, case: Case) -> None:
        initiatives = case.initiatives
        self.initiatives = initiatives
        self.position = {g: i for i, g in enumerate(initiatives.index)}
        self.account_of = dict(zip(initiatives.index, initiatives["account_id"], strict=True))
        self.account_rows: dict[str, dict[str, Any]] = {
            str(a): {str(k): v for k, v in row.items()} for a, row in case.accounts.to_dict(orient="index").items()
        }
        self.cost = initiative_cost(case).reindex(initiatives.index).to_numpy(dtype=float)
        self.discount_rate = float(case.discount_rate)
        self.horizon_years = case.horizon_years
        self._cache: dict[tuple[str, frozenset[str]], float] = {}

    def account_value(self, account_id: str, ids: frozenset[str]) -> float:
        if not ids:
            return 0.0
        key = (account_id, ids)
        if key not in self._cache:
            positions = sorted(self.position[g] for g in ids)
            chosen = self.initiatives.iloc[positions]
            outcome = account_outcome(self.account_rows[account_id], chosen, self.discount_rate, self.horizon_years)
            self._cache[key] = outcome["clv_gain"] - float(self.cost[positions].sum())
        return self._cache[key]

    def value(self, ids: Iterable[str]) -> float:
        by_account: dict[str, set[str]] = {}
        for initiative_id in ids:
            by_account.setdefault(str(self.account_of[initiative_id]), set()).add(initiative_id)
        return float(sum(self.account_value(a, frozenset(s)) for a, s in by_account.items()))

    def contributions(self, ids: Sequence[str]) -> dict[str, float]:
        total = self.value(ids)
        return {g: total - self.value([h for h in ids if h != g]) for g in ids}


# ----------------------------------------------------------------------------- the staffing problem


@dataclass
class _Problem:
    """Arrays of one staffing problem; groups are in priority order."""

    case: Case
    valuer: _Valuer
    selected: tuple[str, ...]  # the plan's groups, case order
    order: Order
    group_ids: list[str]  # priority order
    contribution: np.ndarray  # (G,)
    duration: np.ndarray  # (G,) int
    earliest: np.ndarray  # (G,) int, 1-based
    latest: np.ndarray  # (G,) int, 1-based
    need: np.ndarray  # (G, K) hours a month by skill
    skill_ids: list[str]  # (K,) human resources needed by some group
    person_ids: list[str]  # (P,)
    hours: np.ndarray  # (P,)
    base_skills: np.ndarray  # (P, K) bool
    horizon: int
    months: int
    subset_mask: np.ndarray = field(init=False)  # (Q, K) float

    def __post_init__(self) -> None:
        k = len(self.skill_ids)
        if 0 < k <= _HALL_MAX_SKILLS:
            codes = np.arange(1, 2**k)
            self.subset_mask = ((codes[:, None] >> np.arange(k)) & 1).astype(float)
        else:
            self.subset_mask = np.zeros((0, k))


def _selected_ids(case: Case, plan: Any) -> tuple[str, ...]:
    chosen = getattr(plan, "selected", plan)
    if isinstance(chosen, str) or not isinstance(chosen, Iterable):
        raise ValueError(
            f"plan: expected a Plan (with .selected) or an iterable of initiative ids, found {type(plan).__name__}."
        )
    ids = [str(i) for i in chosen]
    known = case.initiatives.index
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"plan: expected initiative ids of the case, found {', '.join(map(repr, unknown[:5]))}.")
    wanted = set(ids)
    return tuple(i for i in known if i in wanted)


def _parse_skills(text: str) -> set[str]:
    return {s.strip() for s in str(text).split("|") if s.strip()}


def _build_problem(case: Case, plan: Any, months: int, order: Order) -> _Problem:
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or not 1 <= months <= 120:
        raise ValueError(f"months: expected a whole number of months from 1 to 120, found {months!r}.")
    if order not in ("value", "deadline"):
        raise ValueError(f"order: expected 'value' or 'deadline', found {order!r}.")
    staff = case.staff
    if staff.empty:
        raise CaseError("staff: the case has no staff table; expected named people with skills and hours a month.")
    selected = _selected_ids(case, plan)
    valuer = _Valuer(case)
    initiatives = case.initiatives.loc[list(selected)]
    resources = case.resources
    human = [r for r in resources.index if resources.at[r, "kind"] == "human"]
    demand = case.demand_matrix().loc[list(selected), human] if selected else pd.DataFrame(columns=human)
    used = [r for r in human if selected and float(demand[r].sum()) > 0]
    duration = initiatives["duration_months"].to_numpy(dtype=int)
    need = demand[used].to_numpy(dtype=float) / duration[:, None] if selected else np.zeros((0, 0))
    contribution = valuer.contributions(list(selected))
    latest = initiatives["latest_start_month"].to_numpy(dtype=int)
    earliest = initiatives["earliest_start_month"].to_numpy(dtype=int)
    keys = []
    for i, g in enumerate(selected):
        slack = int(latest[i] - earliest[i])
        if order == "value":
            keys.append((-contribution[g], slack, int(latest[i]), g))
        else:
            keys.append((int(latest[i]), -contribution[g], slack, g))  # type: ignore[arg-type]
    rank = sorted(range(len(selected)), key=lambda i: keys[i])
    horizon = int(max([months, *(latest + duration - 1)])) if selected else months
    skills = [_parse_skills(s) for s in staff["skills"]]
    base_skills = np.array([[r in s for r in used] for s in skills], dtype=bool).reshape(len(staff), len(used))
    return _Problem(
        case=case,
        valuer=valuer,
        selected=selected,
        order=order,
        group_ids=[selected[i] for i in rank],
        contribution=np.array([contribution[selected[i]] for i in rank], dtype=float),
        duration=duration[rank],
        earliest=earliest[rank],
        latest=latest[rank],
        need=need[rank] if selected else np.zeros((0, len(used))),
        skill_ids=used,
        person_ids=[str(p) for p in staff.index],
        hours=staff["hours_per_month"].to_numpy(dtype=float),
        base_skills=base_skills,
        horizon=horizon,
        months=int(months),
    )


# ----------------------------------------------------------------------------- covering one month


def _book_month(free_hours: np.ndarray, skills: np.ndarray, demand: np.ndarray) -> tuple[np.ndarray, float]:
    """Hours of each person on each skill covering ``demand``; returns (x (P, K), hours left open).

    Greedy fill (tightest skill first, fewest alternative uses first), then
    augmenting paths that move people between skills to cover what is left.
    """
    n_people, n_skills = skills.shape
    x = np.zeros((n_people, n_skills))
    free = free_hours.astype(float).copy()
    needed = demand > _TOL
    alternatives = skills[:, needed].sum(axis=1)
    supply = skills.T.astype(float) @ free
    with np.errstate(divide="ignore", invalid="ignore"):
        tightness = np.where(needed, demand / np.maximum(supply, 1e-12), -1.0)
    open_hours = demand.astype(float).copy()
    for h in sorted(np.flatnonzero(needed), key=lambda j: (-tightness[j], j)):
        people = sorted(np.flatnonzero(skills[:, h] & (free > _TOL)), key=lambda p: (alternatives[p], -free[p], p))
        for p in people:
            take = min(free[p], open_hours[h])
            x[p, h] += take
            free[p] -= take
            open_hours[h] -= take
            if open_hours[h] <= _TOL:
                break
    for h0 in range(n_skills):
        guard = 0
        while open_hours[h0] > _TOL and guard < 10_000:
            guard += 1
            path = _augmenting_path(h0, x, free, skills)
            if path is None:
                break
            end_person, shifts = path
            amount = min(open_hours[h0], free[end_person], *(x[mover, src] for mover, src, _ in shifts))
            if amount <= _TOL / 10:
                break
            last_skill = shifts[-1][1] if shifts else h0
            x[end_person, last_skill] += amount
            free[end_person] -= amount
            for mover, src, dst in shifts:
                x[mover, src] -= amount
                x[mover, dst] += amount
            open_hours[h0] -= amount
    return x, float(np.clip(open_hours, 0, None).sum())


def _augmenting_path(
    start: int, x: np.ndarray, free: np.ndarray, skills: np.ndarray
) -> tuple[int, list[tuple[int, int, int]]] | None:
    """Breadth-first search for a person with free hours reachable from skill ``start``.

    Returns the free person and the shifts ``(person, from skill, to skill)``
    (ordered from ``start`` outwards) that pass hours back to ``start``.
    """
    parent: dict[int, tuple[int, int] | None] = {start: None}
    queue = deque([start])
    while queue:
        skill = queue.popleft()
        qualified = np.flatnonzero(skills[:, skill])
        for p in qualified:
            if free[p] > _TOL:
                shifts: list[tuple[int, int, int]] = []
                node = skill
                while parent[node] is not None:
                    previous, person = parent[node]  # type: ignore[misc]
                    shifts.append((person, node, previous))
                    node = previous
                shifts.reverse()
                return int(p), shifts
        for p in qualified:
            for other in np.flatnonzero(x[p] > _TOL):
                if other not in parent:
                    parent[int(other)] = (skill, int(p))
                    queue.append(int(other))
    return None


# ----------------------------------------------------------------------------- schedules


class _Schedule:
    """Start months of the groups and the hours by skill they need in each month."""

    def __init__(self, problem: _Problem, available: np.ndarray, skills: np.ndarray) -> None:
        self.problem = problem
        self.available = available  # (P, T)
        self.skills = skills  # (P, K)
        self.start = np.full(len(problem.group_ids), -1, dtype=int)  # 1-based, -1 = not staffed
        self.load = np.zeros((len(problem.skill_ids), problem.horizon))  # (K, T)
        mask = problem.subset_mask
        self.hall = mask.shape[0] > 0
        if self.hall:
            covers = (mask @ skills.T.astype(float)) > 0  # (Q, P)
            self.capacity = covers.astype(float) @ available  # (Q, T)

    def _months(self, g: int, start: int) -> slice:
        return slice(start - 1, start - 1 + int(self.problem.duration[g]))

    def _month_fits(self, g: int) -> np.ndarray:
        """For each month, whether group g's hours fit on top of the current load."""
        need = self.problem.need[g]
        if not np.any(need > _TOL):
            return np.ones(self.problem.horizon, dtype=bool)
        if self.hall:
            mask = self.problem.subset_mask
            slack = self.capacity - mask @ self.load
            return bool_all(mask @ need, slack)
        fits = np.zeros(self.problem.horizon, dtype=bool)
        for m in range(self.problem.horizon):
            _, left = _book_month(self.available[:, m], self.skills, self.load[:, m] + need)
            fits[m] = left <= _TOL * 10
        return fits

    def earliest_start(self, g: int, first: int) -> int:
        """Earliest start >= first in group g's window at which it fits, or -1."""
        p = self.problem
        last = min(int(p.latest[g]), p.horizon - int(p.duration[g]) + 1)
        first = max(first, int(p.earliest[g]))
        if first > last:
            return -1
        fits = self._month_fits(g).astype(int)
        run = np.concatenate([[0], np.cumsum(fits)])
        d = int(p.duration[g])
        for s in range(first, last + 1):
            if run[s - 1 + d] - run[s - 1] == d:
                return s
        return -1

    def place(self, g: int, start: int) -> None:
        self.start[g] = start
        self.load[:, self._months(g, start)] += self.problem.need[g][:, None]

    def remove(self, g: int) -> None:
        if self.start[g] > 0:
            self.load[:, self._months(g, int(self.start[g]))] -= self.problem.need[g][:, None]
            self.start[g] = -1

    def month_ok(self) -> np.ndarray:
        if self.hall:
            return bool_all_columns(self.problem.subset_mask @ self.load, self.capacity)
        return np.array(
            [_book_month(self.available[:, m], self.skills, self.load[:, m])[1] <= _TOL * 10
             for m in range(self.problem.horizon)]
        )


def bool_all(need: np.ndarray, slack: np.ndarray) -> np.ndarray:
    """Months (columns of slack) where every set's need is within its slack."""
    return np.all(need[:, None] <= slack + _TOL, axis=0)  # type: ignore[no-any-return]


def bool_all_columns(load: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    return np.all(load <= capacity + _TOL, axis=0)  # type: ignore[no-any-return]


def _available(problem: _Problem, unavailable: Mapping[str, tuple[int, int]]) -> np.ndarray:
    available = np.repeat(problem.hours[:, None], problem.horizon, axis=1)
    for person, (first, last) in unavailable.items():
        p = problem.person_ids.index(person)
        available[p, first - 1 : min(last, problem.horizon)] = 0.0
    return available


def _skills(problem: _Problem, extra: Mapping[str, tuple[str, ...]]) -> np.ndarray:
    skills = problem.base_skills.copy()
    for person, names in extra.items():
        p = problem.person_ids.index(person)
        for name in names:
            if name in problem.skill_ids:
                skills[p, problem.skill_ids.index(name)] = True
    return skills


def _greedy(schedule: _Schedule) -> None:
    for g in range(len(schedule.problem.group_ids)):
        start = schedule.earliest_start(g, 1)
        if start > 0:
            schedule.place(g, start)
    _make_room_for_all(schedule, np.flatnonzero(schedule.start <= 0), earliest=None)


def _make_room(schedule: _Schedule, g: int, earliest: np.ndarray | None) -> bool:
    """Try to fit group g by moving one staffed group to another start in its window.

    Staffed groups are tried from the lowest priority up, and each one's other
    starts from the earliest; a move is kept only when g then fits.  With
    ``earliest`` given, a group is never moved before ``earliest[h]``.
    """
    p = schedule.problem
    for staffed in np.flatnonzero(schedule.start > 0)[::-1]:
        h = int(staffed)
        old = int(schedule.start[h])
        if not np.any(p.need[h] > _TOL):
            continue
        schedule.remove(h)
        first = 1 if earliest is None else int(earliest[h])
        candidate = schedule.earliest_start(h, first)
        while candidate > 0:
            if candidate != old:
                schedule.place(h, candidate)
                start = schedule.earliest_start(g, 1 if earliest is None else int(earliest[g]))
                if start > 0:
                    schedule.place(g, start)
                    return True
                schedule.remove(h)
            candidate = schedule.earliest_start(h, candidate + 1)
        schedule.place(h, old)
    return False


def _make_room_for_all(schedule: _Schedule, groups: Iterable[int], earliest: np.ndarray | None) -> None:
    """Make room for each group in priority order, repeated until a full pass adds none."""
    waiting = sorted(int(g) for g in groups)
    changed = True
    while changed and waiting:
        changed = False
        for g in list(waiting):
            if _make_room(schedule, g, earliest):
                waiting.remove(g)
                changed = True


def _repair(schedule: _Schedule, base_start: np.ndarray) -> None:
    """Keep the base starts where the months can still be covered; re-place the rest in priority order."""
    p = schedule.problem
    for kept in np.flatnonzero(base_start > 0):
        schedule.place(int(kept), int(base_start[kept]))
    bad = ~schedule.month_ok()
    if not bad.any():
        return
    affected: list[int] = [
        g for g in range(len(p.group_ids))
        if base_start[g] > 0 and bad[base_start[g] - 1 : base_start[g] - 1 + p.duration[g]].any()
        and np.any(p.need[g] > _TOL)
    ]
    for g in affected:
        schedule.remove(g)
    for g in affected:
        start = schedule.earliest_start(g, int(base_start[g]))
        if start > 0:
            schedule.place(g, start)
    not_before = np.where(base_start > 0, base_start, 1)
    _make_room_for_all(schedule, [g for g in affected if schedule.start[g] <= 0], earliest=not_before)


def _extend(schedule: _Schedule, base_start: np.ndarray) -> None:
    """Keep the base staffing and try again the groups it could not staff."""
    for g in np.flatnonzero(base_start > 0):
        schedule.place(int(g), int(base_start[g]))
    for g in np.flatnonzero(base_start <= 0):
        start = schedule.earliest_start(int(g), 1)
        if start > 0:
            schedule.place(int(g), start)
    _make_room_for_all(schedule, np.flatnonzero(schedule.start <= 0), earliest=None)


# ----------------------------------------------------------------------------- bookings and the result


def _bookings(schedule: _Schedule) -> pd.DataFrame:
    """Who works on which group, as which skill, in which month: long table."""
    p = schedule.problem
    rows: list[tuple[str, str, str, int, float]] = []
    for m in range(p.horizon):
        active = [g for g in range(len(p.group_ids))
                  if schedule.start[g] > 0 and schedule.start[g] - 1 <= m < schedule.start[g] - 1 + p.duration[g]]
        if not active:
            continue
        demand = schedule.load[:, m]
        x, left = _book_month(schedule.available[:, m], schedule.skills, demand)
        if left > 1e-6:  # cannot happen for a schedule built by the checks above
            raise RuntimeError(f"month {m + 1}: {left:.3f} hours could not be booked")
        for h, skill in enumerate(p.skill_ids):
            people = [(q, x[q, h]) for q in range(len(p.person_ids)) if x[q, h] > 1e-9]
            groups = [(g, p.need[g, h]) for g in active if p.need[g, h] > 1e-9]
            i = j = 0
            person_left = people[0][1] if people else 0.0
            group_left = groups[0][1] if groups else 0.0
            while i < len(people) and j < len(groups):
                take = min(person_left, group_left)
                if take > 1e-9:
                    rows.append((p.person_ids[people[i][0]], p.group_ids[groups[j][0]], skill, m + 1, take))
                person_left -= take
                group_left -= take
                if person_left <= 1e-9:
                    i += 1
                    person_left = people[i][1] if i < len(people) else 0.0
                if group_left <= 1e-9:
                    j += 1
                    group_left = groups[j][1] if j < len(groups) else 0.0
    frame = pd.DataFrame(rows, columns=["person_id", "initiative_id", "resource_id", "month", "hours"])
    return frame.astype({"person_id": "str", "initiative_id": "str", "resource_id": "str",
                         "month": "int64", "hours": "float64"})


def _result(
    schedule: _Schedule,
    unavailable: Mapping[str, tuple[int, int]],
    extra_skills: Mapping[str, tuple[str, ...]],
) -> StaffingPlan:
    p = schedule.problem
    case = p.case
    bookings = _bookings(schedule)
    initiatives = case.initiatives
    starts = schedule.start
    status = np.where(starts <= 0, _STATUS_NOT_STAFFED,
                      np.where(starts > p.earliest, _STATUS_DELAYED, _STATUS_ON_TIME))
    people = bookings.groupby("initiative_id")["person_id"].agg(lambda s: ", ".join(sorted(set(s))))
    start_col = pd.Series([int(s) if s > 0 else pd.NA for s in starts], dtype="Int64", index=p.group_ids)
    groups = pd.DataFrame(
        {
            "account_id": initiatives.loc[p.group_ids, "account_id"].to_numpy(),
            "name": initiatives.loc[p.group_ids, "name"].to_numpy(),
            "priority": np.arange(1, len(p.group_ids) + 1),
            "contribution_nok": p.contribution,
            "duration_months": p.duration,
            "earliest_start_month": p.earliest,
            "latest_start_month": p.latest,
            "start_month": start_col,  # same index as the frame
            "end_month": start_col + p.duration - 1,
            "delay_months": start_col - p.earliest,
            "status": pd.array(status, dtype="str"),
            "human_hours": (p.need * p.duration[:, None]).sum(axis=1) if p.need.size else np.zeros(len(p.group_ids)),
            "people": pd.array([people.get(g, "") for g in p.group_ids], dtype="str"),
        },
        index=pd.Index(p.group_ids, name="initiative_id", dtype="str"),
    )
    staffed = [g for g, s in zip(p.group_ids, starts, strict=True) if s > 0]
    month_columns = pd.RangeIndex(1, p.horizon + 1, name="month")
    available = pd.DataFrame(schedule.available, index=pd.Index(p.person_ids, name="person_id", dtype="str"),
                             columns=month_columns)
    return StaffingPlan(
        case=case,
        selected=p.selected,
        groups=groups,
        bookings=bookings,
        available=available,
        months=p.months,
        order=p.order,
        value_nok=p.valuer.value(staffed),
        plan_value_nok=p.valuer.value(p.selected),
        unavailable=dict(unavailable),
        extra_skills=dict(extra_skills),
        _problem=p,
        _starts=starts.copy(),
    )


@dataclass(frozen=True, repr=False)
class StaffingPlan:
    """Named people booked on the chosen project groups month by month.

    Built by :func:`assign_staff` (or by the what-ifs :func:`key_person_risk`
    and :func:`cross_training_value`).

    Attributes
    ----------
    case : Case
        The company.
    selected : tuple of str
        The plan's groups (initiative ids, case order).
    groups : DataFrame
        One row per group in priority order (index ``initiative_id``):
        ``account_id``, ``name``, ``priority`` (1 = staffed first),
        ``contribution_nok`` (what the plan's value loses without the group),
        ``duration_months``, ``earliest_start_month``, ``latest_start_month``,
        ``start_month`` and ``end_month`` (missing when not staffed),
        ``delay_months`` (start after the earliest month), ``status`` ("on
        time", "delayed" or "not staffed"), ``human_hours`` and ``people``.
    bookings : DataFrame
        Long table ``person_id, initiative_id, resource_id, month, hours``.
    available : DataFrame
        Hours each person (rows) has in each month (columns 1, 2, ...).
    months : int
        The planning year's length (12); ``available`` may run longer when a
        group can start late enough to run past it.
    order : str
        The priority rule ("value" or "deadline").
    value_nok : float
        Plan value of the groups staffed (NOK, the value model of :mod:`kamlearn.value`).
    plan_value_nok : float
        Plan value if every chosen group were staffed.
    unavailable : dict
        Person id -> (first month, last month) away, for what-ifs.
    extra_skills : dict
        Person id -> skills learnt, for what-ifs.
    """

    case: Case
    selected: tuple[str, ...]
    groups: pd.DataFrame
    bookings: pd.DataFrame
    available: pd.DataFrame
    months: int
    order: str
    value_nok: float
    plan_value_nok: float
    unavailable: dict[str, tuple[int, int]]
    extra_skills: dict[str, tuple[str, ...]]
    _problem: _Problem
    _starts: np.ndarray

    @property
    def hours(self) -> pd.DataFrame:
        """Hours booked per person (rows) and month (columns)."""
        available = self.available
        booked = np.zeros(available.shape)
        if len(self.bookings):
            rows = available.index.get_indexer(pd.Index(self.bookings["person_id"]))
            columns = self.bookings["month"].to_numpy(dtype=int) - 1
            np.add.at(booked, (rows, columns), self.bookings["hours"].to_numpy(dtype=float))
        return pd.DataFrame(booked, index=available.index, columns=available.columns)

    @property
    def utilisation(self) -> pd.DataFrame:
        """Hours booked over hours available, per person and month (NaN where the person has no hours)."""
        available = self.available
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = self.hours.to_numpy() / available.to_numpy()
        ratio[available.to_numpy() <= 0] = np.nan
        return pd.DataFrame(ratio, index=available.index, columns=available.columns)

    @property
    def people(self) -> pd.DataFrame:
        """Per person: name, role, skills, hours available and booked in the year, utilisation, groups."""
        staff = self.case.staff
        booked = self.hours.sum(axis=1)
        available = self.available.sum(axis=1)
        groups = self.bookings.groupby("person_id")["initiative_id"].agg(lambda s: ", ".join(sorted(set(s))))
        skills = {str(p): " | ".join(sorted(_parse_skills(s) | set(self.extra_skills.get(str(p), ()))))
                  for p, s in staff["skills"].items()}
        return pd.DataFrame(
            {
                "name": staff["name"],
                "role": staff["role"],
                "skills": pd.Series(skills, dtype="str"),
                "hours_available": available,
                "hours_booked": booked,
                "utilisation": (booked / available.where(available > 0)).fillna(0.0),
                "groups": pd.Series({p: groups.get(p, "") for p in staff.index}, dtype="str"),
            }
        ).rename_axis("person_id")

    @property
    def staffed(self) -> tuple[str, ...]:
        """Groups that got people (priority order)."""
        return tuple(self.groups.index[self.groups["status"] != _STATUS_NOT_STAFFED])

    @property
    def unstaffed(self) -> tuple[str, ...]:
        """Groups that cannot be staffed in their start window (priority order)."""
        return tuple(self.groups.index[self.groups["status"] == _STATUS_NOT_STAFFED])

    @property
    def delayed(self) -> tuple[str, ...]:
        """Groups that start after their earliest month."""
        return tuple(self.groups.index[self.groups["status"] == _STATUS_DELAYED])

    @property
    def value_lost_nok(self) -> float:
        """Plan value lost because some groups cannot be staffed."""
        return self.plan_value_nok - self.value_nok

    def to_frame(self) -> pd.DataFrame:
        """The per-group table (a copy)."""
        return self.groups.copy()

    def summary(self) -> str:
        """A short text summary."""
        hours = self.hours
        available = float(self.available.to_numpy().sum())
        lines = [
            f"Staffing of {len(self.selected)} project groups by {len(self.available)} people "
            f"over {self.available.shape[1]} months (priority by {self.order})",
            f"  on time: {int((self.groups['status'] == _STATUS_ON_TIME).sum())}, "
            f"delayed: {len(self.delayed)}, not staffed: {len(self.unstaffed)}",
            f"  hours booked: {float(hours.to_numpy().sum()):,.0f} of {available:,.0f} available "
            f"({float(hours.to_numpy().sum()) / available if available else 0:.0%})",
            f"  value of the staffed groups: {self.value_nok:,.0f} NOK of {self.plan_value_nok:,.0f} NOK planned",
        ]
        if self.unstaffed:
            lines.append(f"  not staffed: {', '.join(self.unstaffed)} (value lost {self.value_lost_nok:,.0f} NOK)")
        if self.delayed:
            lines.append(f"  delayed: {', '.join(self.delayed)}")
        if self.unavailable:
            away = ", ".join(f"{p} months {a}-{b}" for p, (a, b) in self.unavailable.items())
            lines.append(f"  away: {away}")
        if self.extra_skills:
            learnt = ", ".join(f"{p} learns {', '.join(s)}" for p, s in self.extra_skills.items())
            lines.append(f"  cross-training: {learnt}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"StaffingPlan({len(self.staffed)} of {len(self.selected)} groups staffed, "
            f"{len(self.delayed)} delayed, value {self.value_nok:,.0f} NOK)"
        )

    def _repr_html_(self) -> str:
        body = html.escape(self.summary()).replace("\n", "<br>")
        table = self.groups.drop(columns=["name"]).to_html(float_format=lambda v: f"{v:,.0f}", na_rep="")
        return f"<div><pre>{body}</pre>{table}</div>"

    def plot(self, kind: Literal["gantt", "heatmap"] = "gantt", ax: Axes | None = None) -> Axes:
        """Draw the staffing: a Gantt chart of the groups or a utilisation heatmap."""
        from kamlearn.plotting.people import plot_staffing_gantt, plot_utilisation_heatmap

        if kind == "gantt":
            return plot_staffing_gantt(self, ax=ax)
        if kind == "heatmap":
            return plot_utilisation_heatmap(self, ax=ax)
        raise ValueError(f"kind: expected 'gantt' or 'heatmap', found {kind!r}.")


# ----------------------------------------------------------------------------- public functions


def assign_staff(case: Case, plan: Any, *, months: int = 12, order: Order = "value") -> StaffingPlan:
    """Book the case's staff on the chosen project groups month by month.

    Parameters
    ----------
    case
        The company, with a staff table (people, skills, hours a month).
    plan
        A Plan from :func:`kamlearn.allocate` (its ``selected`` groups) or an
        iterable of initiative ids.
    months
        Length of the planning year; groups must start in their window and
        may run past it.
    order
        Priority of the groups: ``"value"`` (largest contribution to the plan
        first) or ``"deadline"`` (earliest latest-start month first).

    Returns
    -------
    StaffingPlan

    Raises
    ------
    CaseError
        When the case has no staff.
    ValueError
        For unknown initiative ids or a bad ``months`` or ``order``.

    Notes
    -----
    The heuristic and its guarantees are described in the module docstring:
    hours never exceed a person's hours, never leave their skills, and every
    staffed group gets all its hours in every month it runs.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> staffing = kamlearn.assign_staff(case, case.initiatives.index[:8])
    >>> staffing.groups.loc["A01-G8", ["start_month", "end_month"]].tolist()
    [1, 12]
    """
    problem = _build_problem(case, plan, months, order)
    schedule = _Schedule(problem, _available(problem, {}), _skills(problem, {}))
    _greedy(schedule)
    return _result(schedule, {}, {})


@dataclass(frozen=True, repr=False)
class StaffingChange:
    """A what-if against a base staffing: what is lost, delayed or gained.

    Attributes
    ----------
    what : str
        The change, in words.
    base, scenario : StaffingPlan
        The staffing before and after.
    """

    what: str
    base: StaffingPlan
    scenario: StaffingPlan

    @property
    def value_change_nok(self) -> float:
        """Plan value of the staffed groups after minus before (NOK)."""
        return self.scenario.value_nok - self.base.value_nok

    @property
    def value_lost_nok(self) -> float:
        """Plan value of the staffed groups before minus after (NOK)."""
        return 0.0 - self.value_change_nok

    @property
    def lost(self) -> tuple[str, ...]:
        """Groups staffed before and not after."""
        after = set(self.scenario.staffed)
        return tuple(g for g in self.base.staffed if g not in after)

    @property
    def gained(self) -> tuple[str, ...]:
        """Groups staffed after and not before."""
        before = set(self.base.staffed)
        return tuple(g for g in self.scenario.staffed if g not in before)

    @property
    def delayed(self) -> tuple[str, ...]:
        """Groups staffed both times that start later after the change."""
        frame = self.to_frame()
        return tuple(frame.index[frame["change"] == "delayed"])

    @property
    def delay_months(self) -> int:
        """Months of delay added, summed over the delayed groups."""
        frame = self.to_frame()
        return int(frame.loc[frame["change"] == "delayed", "delay_months"].sum())

    def to_frame(self) -> pd.DataFrame:
        """Per group: start and status before and after, the change and the months of delay."""
        before, after = self.base.groups, self.scenario.groups.reindex(self.base.groups.index)
        start_before, start_after = before["start_month"], after["start_month"]
        change = np.select(
            [
                start_before.isna() & start_after.isna(),
                start_before.isna(),
                start_after.isna(),
                (start_after > start_before).fillna(False).to_numpy(dtype=bool),
                (start_after < start_before).fillna(False).to_numpy(dtype=bool),
            ],
            ["not staffed", "gained", "lost", "delayed", "earlier"],
            default="unchanged",
        )
        return pd.DataFrame(
            {
                "account_id": before["account_id"],
                "contribution_nok": before["contribution_nok"],
                "start_before": start_before,
                "start_after": start_after,
                "status_before": before["status"],
                "status_after": after["status"],
                "change": pd.array(change, dtype="str"),
                "delay_months": (start_after - start_before).fillna(0).astype(int),
            }
        )

    def summary(self) -> str:
        """A short text summary."""
        lines = [
            self.what,
            f"  value of the staffed groups: {self.base.value_nok:,.0f} -> {self.scenario.value_nok:,.0f} NOK "
            f"({self.value_change_nok:+,.0f})",
        ]
        if self.lost:
            lines.append(f"  lost: {', '.join(self.lost)}")
        if self.gained:
            lines.append(f"  gained: {', '.join(self.gained)}")
        if self.delayed:
            lines.append(f"  delayed: {', '.join(self.delayed)} ({self.delay_months} months in all)")
        if not (self.lost or self.gained or self.delayed):
            lines.append("  no group is lost, gained or delayed")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"StaffingChange({self.what!r}: value {self.value_change_nok:+,.0f} NOK, lost {len(self.lost)}, "
            f"gained {len(self.gained)}, delayed {len(self.delayed)})"
        )

    def _repr_html_(self) -> str:
        body = html.escape(self.summary()).replace("\n", "<br>")
        return f"<div><pre>{body}</pre>{self.to_frame().to_html(float_format=lambda v: f'{v:,.0f}', na_rep='')}</div>"


def _check_person(staffing: StaffingPlan, person_id: str) -> None:
    if not isinstance(staffing, StaffingPlan):
        raise ValueError(f"staffing: expected a StaffingPlan from assign_staff, found {type(staffing).__name__}.")
    if person_id not in staffing._problem.person_ids:
        raise ValueError(
            f"person_id: expected one of {', '.join(staffing._problem.person_ids)}, found {person_id!r}."
        )


def _check_months(months: Any, horizon: int) -> tuple[int, int]:
    try:
        first, last = (int(m) for m in months)
    except (TypeError, ValueError):
        raise ValueError(f"months: expected (first, last) months, found {months!r}.") from None
    if not 1 <= first <= last <= horizon or tuple(months) != (first, last):
        raise ValueError(f"months: expected whole months 1 <= first <= last <= {horizon}, found {months!r}.")
    return first, last


def key_person_risk(staffing: StaffingPlan, person_id: str, months: tuple[int, int] = (1, 12)) -> StaffingChange:
    """What is lost when one person is away for some months.

    The base staffing is repaired, not redone (see the module docstring):
    colleagues with the skill cover what they can in their free hours; groups
    running in months that can no longer be covered move to a later start in
    their window or are lost.  Groups the base staffing could not staff stay
    unstaffed, so an absence never adds a group.

    Parameters
    ----------
    staffing
        The base staffing from :func:`assign_staff`.
    person_id
        Who is away.
    months
        First and last month away, inclusive; (1, 12) is the whole year.

    Returns
    -------
    StaffingChange
        ``value_lost_nok``, ``lost``, ``delayed`` and ``delay_months``.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> base = kamlearn.assign_staff(case, case.initiatives.index[:8])
    >>> risk = kamlearn.key_person_risk(base, "P08", (4, 6))
    >>> risk.lost
    ('A01-G4',)
    """
    _check_person(staffing, person_id)
    first, last = _check_months(months, staffing._problem.horizon)
    problem = staffing._problem
    unavailable = dict(staffing.unavailable)
    if person_id in unavailable:
        a, b = unavailable[person_id]
        if max(a, first) <= min(b, last) + 1:  # overlapping or adjacent periods merge
            first, last = min(a, first), max(b, last)
        else:
            raise ValueError(f"{person_id} is already away in months {a}-{b}; one absence per person at a time.")
    unavailable[person_id] = (first, last)
    schedule = _Schedule(problem, _available(problem, unavailable), _skills(problem, staffing.extra_skills))
    _repair(schedule, staffing._starts)
    name = str(staffing.case.staff.at[person_id, "name"])
    what = f"{person_id} ({name}) away in months {first}-{last}"
    return StaffingChange(what, staffing, _result(schedule, unavailable, staffing.extra_skills))


def rank_key_people(staffing: StaffingPlan, months: tuple[int, int] = (1, 12)) -> pd.DataFrame:
    """How much the staffing depends on each person: the what-if of each one away, ranked.

    Parameters
    ----------
    staffing
        The base staffing.
    months
        The months each person is taken away (the same period for everyone).

    Returns
    -------
    DataFrame
        Index ``person_id``; ``name``, ``role``, ``hours_booked``,
        ``share_of_hours``, ``value_lost_nok``, ``groups_lost``,
        ``groups_delayed``, ``delay_months``, ``lost`` (ids) and ``rank``
        (1 = the plan depends on this person most), sorted by rank: by value
        lost, then groups lost, groups delayed, months of delay and hours booked.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> base = kamlearn.assign_staff(case, case.initiatives.index[:8])
    >>> ranking = kamlearn.rank_key_people(base)
    >>> ranking.index[0]
    'P08'
    """
    if not isinstance(staffing, StaffingPlan):
        raise ValueError(f"staffing: expected a StaffingPlan from assign_staff, found {type(staffing).__name__}.")
    booked = staffing.hours.sum(axis=1)
    total = float(booked.sum())
    rows = []
    for person in staffing._problem.person_ids:
        change = key_person_risk(staffing, person, months)
        rows.append(
            {
                "person_id": person,
                "name": staffing.case.staff.at[person, "name"],
                "role": staffing.case.staff.at[person, "role"],
                "hours_booked": float(booked.get(person, 0.0)),
                "share_of_hours": float(booked.get(person, 0.0)) / total if total else 0.0,
                "value_lost_nok": change.value_lost_nok,
                "groups_lost": len(change.lost),
                "groups_delayed": len(change.delayed),
                "delay_months": change.delay_months,
                "lost": ", ".join(change.lost),
            }
        )
    frame = pd.DataFrame(rows).set_index("person_id")
    frame = frame.sort_values(
        ["value_lost_nok", "groups_lost", "groups_delayed", "delay_months", "hours_booked"],
        ascending=False, kind="stable",
    )
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame.astype({"name": "str", "role": "str", "lost": "str"})


def cross_training_value(staffing: StaffingPlan, person_id: str, skill: str) -> StaffingChange:
    """What teaching one person one more skill is worth: the value of knowledge.

    The base staffing is kept and the groups it could not staff are tried
    again with the person's new skill, so cross-training never removes a group.

    Parameters
    ----------
    staffing
        The base staffing.
    person_id
        Who learns.
    skill
        A human resource id (e.g. ``"it_hours"``) the person learns.

    Returns
    -------
    StaffingChange
        ``value_change_nok`` is what the new skill is worth in this plan;
        ``gained`` are the groups it makes possible.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> base = kamlearn.assign_staff(case, case.initiatives.index[:8])
    >>> gain = kamlearn.cross_training_value(base, "P10", "it_hours")
    >>> gain.gained
    ('A01-G1',)
    """
    _check_person(staffing, person_id)
    resources = staffing.case.resources
    human = [r for r in resources.index if resources.at[r, "kind"] == "human"]
    if skill not in human:
        raise ValueError(f"skill: expected a human resource id ({', '.join(human)}), found {skill!r}.")
    problem = staffing._problem
    extra = {p: tuple(s) for p, s in staffing.extra_skills.items()}
    known = _parse_skills(str(staffing.case.staff.at[person_id, "skills"])) | set(extra.get(person_id, ()))
    name = str(staffing.case.staff.at[person_id, "name"])
    what = f"{person_id} ({name}) learns {skill}"
    if skill in known:
        return StaffingChange(what + " (already known)", staffing, staffing)
    extra[person_id] = (*extra.get(person_id, ()), skill)
    schedule = _Schedule(problem, _available(problem, staffing.unavailable), _skills(problem, extra))
    _extend(schedule, staffing._starts)
    return StaffingChange(what, staffing, _result(schedule, staffing.unavailable, extra))


def rank_cross_training(staffing: StaffingPlan) -> pd.DataFrame:
    """The value of every single cross-training (one person, one new skill), ranked.

    Only skills some chosen group needs are tried.

    Returns
    -------
    DataFrame
        ``person_id``, ``name``, ``skill``, ``value_change_nok``,
        ``groups_gained`` and ``gained`` (ids), sorted by value, largest first.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> table = kamlearn.rank_cross_training(kamlearn.assign_staff(case, case.initiatives.index[:8]))
    >>> table.loc[0, ["skill", "gained"]].tolist()
    ['product_dev_hours', 'A01-G6']
    """
    if not isinstance(staffing, StaffingPlan):
        raise ValueError(f"staffing: expected a StaffingPlan from assign_staff, found {type(staffing).__name__}.")
    problem = staffing._problem
    rows = []
    for person, skill in itertools.product(problem.person_ids, problem.skill_ids):
        known = _parse_skills(str(staffing.case.staff.at[person, "skills"])) | set(staffing.extra_skills.get(person, ()))
        if skill in known:
            continue
        change = cross_training_value(staffing, person, skill)
        rows.append(
            {
                "person_id": person,
                "name": staffing.case.staff.at[person, "name"],
                "skill": skill,
                "value_change_nok": change.value_change_nok,
                "groups_gained": len(change.gained),
                "gained": ", ".join(change.gained),
            }
        )
    columns = ["person_id", "name", "skill", "value_change_nok", "groups_gained", "gained"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["value_change_nok", "groups_gained"], ascending=False, kind="stable")
    return frame.reset_index(drop=True).astype({"person_id": "str", "name": "str", "skill": "str", "gained": "str"})


def efficiency_value(
    case: Case,
    gain: float = 0.10,
    resources: Iterable[str] | None = None,
    *,
    plan: Any = None,
    policy: str = "optimal",
) -> pd.DataFrame:
    """What an efficiency gain on a resource frees and what it is worth.

    An efficiency gain ``x`` means the same work needs ``(1 - x)`` of the
    hours.  In the plan it frees ``x * used`` hours.  For the allocation it is
    the same as capacity ``C / (1 - x)`` in today's hours, ``C * x / (1 - x)``
    more.  What that is worth is shown two ways, side by side: re-solving
    the allocation with the larger capacity (``case.with_capacity``), and the
    shadow price's first-order estimate, shadow price times the extra
    capacity.  The shadow price is exact only for small changes; it
    overstates large ones (diminishing returns) and understates when an
    extra unit unlocks a whole group.

    Parameters
    ----------
    case
        The company.
    gain
        The efficiency gain, ``0 <= gain < 1`` (0.10 = 10 % fewer hours for the same work).
    resources
        Resource ids to try; by default every human resource.
    plan
        The base Plan; by default ``kamlearn.allocate(case, policy=policy)``.
    policy
        Allocation policy for the base plan and the re-solves.

    Returns
    -------
    DataFrame
        Index ``resource_id``: ``capacity``, ``used``, ``hours_freed``
        (``gain * used``), ``extra_capacity`` (``capacity * gain / (1 - gain)``),
        ``shadow_price`` (NOK per unit), ``value_shadow_estimate_nok``,
        ``value_resolved_nok`` and ``plan_value_nok``.

    Examples
    --------
    >>> import kamlearn
    >>> table = kamlearn.efficiency_value(kamlearn.load_case(), 0.10, ["it_hours"], policy="greedy")
    >>> row = table.loc["it_hours"]
    >>> bool(row["hours_freed"] == 0.10 * row["used"]), round(float(row["extra_capacity"]), 1)
    (True, 77.8)
    """
    from kamlearn.allocate import allocate  # lazily: the engine is heavier than this module

    if isinstance(gain, bool) or not isinstance(gain, (int, float)) or not 0 <= float(gain) < 1:
        raise ValueError(f"gain: expected an efficiency gain from 0 up to (not including) 1, found {gain!r}.")
    table = case.resources
    chosen = list(table.index[table["kind"] == "human"]) if resources is None else [str(r) for r in resources]
    unknown = [r for r in chosen if r not in table.index]
    if unknown:
        raise ValueError(f"resources: expected resource ids of the case, found {', '.join(map(repr, unknown))}.")
    base = allocate(case, policy=policy) if plan is None else plan
    usage = base.resources
    base_value = float(base.total_value)
    capacities = {str(k): float(v) for k, v in table["capacity"].items()}
    used_by = {str(k): float(v) for k, v in usage["used"].items()}
    prices = {str(k): float(v) for k, v in usage["shadow_price"].items()} if "shadow_price" in usage.columns else {}
    rows = []
    for resource in chosen:
        capacity = capacities[resource]
        used = used_by.get(resource, 0.0)
        price = prices.get(resource, math.nan)
        extra = capacity * float(gain) / (1.0 - float(gain))
        resolved = allocate(case.with_capacity({resource: capacity + extra}), policy=policy)
        rows.append(
            {
                "resource_id": resource,
                "capacity": capacity,
                "used": used,
                "hours_freed": float(gain) * used,
                "extra_capacity": extra,
                "shadow_price": price,
                "value_shadow_estimate_nok": price * extra,
                "value_resolved_nok": float(resolved.total_value) - base_value,
                "plan_value_nok": base_value,
            }
        )
    return pd.DataFrame(rows).set_index("resource_id")


# ----------------------------------------------------------------------------- a plan that can be staffed


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
        ``plan.yearly_value - plan.total_value`` is what staffing month by
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
    >>> bool(plan.total_value <= plan.yearly_value)
    True
    """
    import time as _time

    import pulp

    from kamlearn.allocate import (  # lazily: the engine is heavier than this module
        Plan,
        _candidates_for,
        _cbc,
        _core_for,
        _instance_for,
        _is_feasible,
        _solve_lp,
        allocate,
    )
    from kamlearn.errors import InfeasibleError

    start_clock = _time.perf_counter()
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or not 1 <= months <= 120:
        raise ValueError(f"months: expected a whole number of months from 1 to 120, found {months!r}.")
    staff = case.staff
    if staff.empty:
        raise CaseError("staff: the case has no staff table; expected named people with skills and hours a month.")
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
    prob.solve(_cbc(remaining, False))  # no MIP start: see kamlearn.allocate._milp
    proven = prob.sol_status == pulp.LpSolutionOptimal
    choice = fallback
    start_month = fallback_start
    if prob.sol_status == pulp.LpSolutionInfeasible:
        raise InfeasibleError(
            "no plan meets the commitments and floors with the people's hours month by month "
            "(the yearly capacities alone would allow one)."
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
        raise TimeoutError(f"time_limit: no staffable plan meeting the floors was found within {time_limit} s.")
    masks = cands.mask[choice]
    value = float(cands.value[choice].sum())
    plan = Plan(
        case, inst, masks, policy="optimal", status="optimal" if proven else "within_gap", method="milp",
        upper_bound=value if proven else max(value, yearly.upper_bound),
        relaxation=lambda: _solve_lp(inst, cands), solve_seconds=_time.perf_counter() - start_clock,
        stopped_by=None if proven else "time_limit",
    )
    plan.yearly_value = float(yearly.total_value)
    plan.staffing = _staffing_at(case, plan.selected, start_month, core, months)
    return plan


def _staffing_at(case: Case, selected: Sequence[str], start_month: Mapping[int, int | None], core: Any,
                 months: int) -> StaffingPlan:
    """The StaffingPlan of a plan whose start months are known (from :func:`staffable_plan`)."""
    problem = _build_problem(case, list(selected), months, "value")
    schedule = _Schedule(problem, _available(problem, {}), _skills(problem, {}))
    position = {str(g): i for i, g in enumerate(core.initiative_ids)}
    for g, initiative in enumerate(problem.group_ids):
        start = start_month.get(position[initiative])
        if start is None:  # no human hours: it starts as early as it may
            start = int(problem.earliest[g])
        schedule.place(g, int(start))
    if not schedule.month_ok().all():  # pragma: no cover - the model covers every month
        raise RuntimeError("the staffable plan's months cannot be covered by the people")
    return _result(schedule, {}, {})
