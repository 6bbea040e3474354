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
* :func:`staffable_plan`: the most valuable plan the people can staff month by month.

What an efficiency gain on a resource is worth (``efficiency_value``) is an
allocation what-if and lives in :mod:`kamlearn.allocation.what_if`.

How the search works (Hall's condition, augmenting paths, the month schedule, and how the what-ifs
repair a base staffing rather than start over) is written down in :mod:`kamlearn._staffing`.
:func:`staffable_plan` (in :mod:`kamlearn._staffable`) chooses the groups and their start months
together, as a mixed-integer programme.  A person away never adds a group and cross-training never
removes one.

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

import importlib
import itertools
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn import _checks
from kamlearn._result import bar_plot, check_kind, html_of
from kamlearn._staffable import staffable_plan
from kamlearn._staffing import (
    _STATUS_DELAYED,
    _STATUS_NOT_STAFFED,
    _STATUS_ON_TIME,
    Order,
    _available,
    _bookings,
    _build_problem,
    _extend,
    _greedy,
    _parse_skills,
    _Problem,
    _repair,
    _Schedule,
    _skills,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.case import Case

__all__ = [
    "StaffingChange",
    "StaffingPlan",
    "assign_staff",
    "staffable_plan",
    "cross_training_value",
    "key_person_risk",
    "rank_cross_training",
    "rank_key_people",
]

_MOVED = {"efficiency_value": "kamlearn.allocation.what_if"}


def __getattr__(name: str) -> Any:
    """Names that moved out of this module, still reachable here for one release (with a warning)."""
    if name in _MOVED:
        target = _MOVED[name]
        warnings.warn(
            f"kamlearn.people.{name} moved to {target}.{name} (kamlearn.{name} still works); "
            "the old place goes in the next release.",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(target), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ----------------------------------------------------------------------------- the result


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
        return html_of(self.summary(), self.groups.drop(columns=["name"]), float_format=lambda v: f"{v:,.0f}")

    def plot(self, kind: Literal["gantt", "heatmap"] = "gantt", ax: Axes | None = None) -> Axes:
        """Draw the staffing: a Gantt chart of the groups or a utilisation heatmap."""
        check_kind(kind, ("gantt", "heatmap"))
        from kamlearn.plotting.people import plot_staffing_gantt, plot_utilisation_heatmap

        if kind == "gantt":
            return plot_staffing_gantt(self, ax=ax)
        return plot_utilisation_heatmap(self, ax=ax)


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
        return html_of(self.summary(), self.to_frame(), float_format=lambda v: f"{v:,.0f}")

    def plot(self, kind: Literal["delay"] = "delay", ax: Axes | None = None) -> Axes:
        """Months of delay the change adds to each group (bars; 0 for groups it leaves alone)."""
        check_kind(kind, ("delay",))
        return bar_plot(self.to_frame()["delay_months"], ax, title=self.what, xlabel="Months of delay added")


def _check_staffing(staffing: Any) -> StaffingPlan:
    if not isinstance(staffing, StaffingPlan):
        raise ValueError(f"staffing: expected a StaffingPlan from assign_staff, found {type(staffing).__name__}.")
    return staffing


def _check_person(staffing: StaffingPlan, person_id: str) -> None:
    _check_staffing(staffing)
    if person_id not in staffing._problem.person_ids:
        raise _checks.fail("person_id", "one of " + ", ".join(staffing._problem.person_ids), person_id)


def _check_months(months: Any, horizon: int) -> tuple[int, int]:
    try:
        first, last = (int(m) for m in months)
    except (TypeError, ValueError):
        raise _checks.fail("months", "(first, last) months", months) from None
    if not 1 <= first <= last <= horizon or tuple(months) != (first, last):
        raise _checks.fail("months", f"whole months 1 <= first <= last <= {horizon}", months)
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
    _check_staffing(staffing)
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
        raise _checks.fail("skill", f"a human resource id ({', '.join(human)})", skill)
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
    _check_staffing(staffing)
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
