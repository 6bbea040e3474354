"""The staffing search behind :mod:`kamlearn.people`: Hall's condition, augmenting paths, the month schedule.

Private: :mod:`kamlearn.people` builds its results (:class:`kamlearn.people.StaffingPlan`) from the
schedules made here.  Nothing here draws, formats or reads files.

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

References
----------
Gale, D. (1957). A theorem on flows in networks. *Pacific Journal of
Mathematics* 7(2), 1073-1082 (supply and demand feasibility; Hall's condition).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn import _checks
from kamlearn._format import number
from kamlearn.errors import CaseError
from kamlearn.i18n import _, lazy_gettext
from kamlearn.value import account_outcome, initiative_cost

if TYPE_CHECKING:
    from kamlearn.case import Case

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
            _("plan: expected a Plan (with .selected) or an iterable of initiative ids, found {found}.").format(
                found=type(plan).__name__)
        )
    known = case.initiatives.index
    ids = _checks.known_ids("plan", [str(i) for i in chosen], known, what=_("initiative ids of the case"))
    wanted = set(ids)
    return tuple(i for i in known if i in wanted)


def _parse_skills(text: str) -> set[str]:
    return {s.strip() for s in str(text).split("|") if s.strip()}


_NO_STAFF = lazy_gettext("staff: the case has no staff table; expected named people with skills and hours a month.")


def _check_months(months: Any) -> int:
    """The planning year's length: a whole number of months from 1 to 120."""
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or not 1 <= months <= 120:
        raise _checks.fail("months", _("a whole number of months from 1 to 120"), months)  # i18n: not text
    return int(months)


def _build_problem(case: Case, plan: Any, months: int, order: Order) -> _Problem:
    _check_months(months)
    if order not in ("value", "deadline"):
        raise _checks.fail("order", "'value' or 'deadline'", order)  # i18n: not text (the argument's name and values)
    staff = case.staff
    if staff.empty:
        raise CaseError(str(_NO_STAFF))
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
            raise RuntimeError(_("month {month}: {hours} could not be booked").format(month=m + 1, hours=number(left, "hours")))
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
