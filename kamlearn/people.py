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
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn import _checks
from kamlearn._people_results import StaffingChange, StaffingPlan, _result
from kamlearn._staffable import staffable_plan
from kamlearn._staffing import (
    Order,
    _available,
    _build_problem,
    _extend,
    _greedy,
    _parse_skills,
    _repair,
    _Schedule,
    _skills,
)
from kamlearn.i18n import _

if TYPE_CHECKING:
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
            _("kamlearn.people.{name} moved to {target}.{name} (kamlearn.{name} still works); "
              "the old place goes in the next release.").format(name=name, target=target),
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(target), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n: not text (Python's own wording)


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



def _check_staffing(staffing: Any) -> StaffingPlan:
    if not isinstance(staffing, StaffingPlan):
        raise ValueError(_("staffing: expected a StaffingPlan from assign_staff, found {found}.").format(
            found=type(staffing).__name__))
    return staffing


def _check_person(staffing: StaffingPlan, person_id: str) -> None:
    _check_staffing(staffing)
    if person_id not in staffing._problem.person_ids:
        raise _checks.fail("person_id", _("one of {ids}").format(ids=", ".join(staffing._problem.person_ids)),  # i18n: not text
                           person_id)


def _check_months(months: Any, horizon: int) -> tuple[int, int]:
    try:
        first, last = (int(m) for m in months)
    except (TypeError, ValueError):
        raise _checks.fail("months", _("(first, last) months"), months) from None  # i18n: not text
    if not 1 <= first <= last <= horizon or tuple(months) != (first, last):
        what = _("whole months 1 <= first <= last <= {last}").format(last=horizon)
        raise _checks.fail("months", what, months)  # i18n: not text
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
            raise ValueError(_("{person} is already away in months {first}-{last}; one absence per person at a time.").format(
                person=person_id, first=a, last=b))
    unavailable[person_id] = (first, last)
    schedule = _Schedule(problem, _available(problem, unavailable), _skills(problem, staffing.extra_skills))
    _repair(schedule, staffing._starts)
    name = str(staffing.case.staff.at[person_id, "name"])
    what = _("{person} ({name}) away in months {first}-{last}").format(person=person_id, name=name, first=first, last=last)
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
        raise _checks.fail("skill", _("a human resource id ({ids})").format(ids=", ".join(human)), skill)  # i18n: not text
    problem = staffing._problem
    extra = {p: tuple(s) for p, s in staffing.extra_skills.items()}
    known = _parse_skills(str(staffing.case.staff.at[person_id, "skills"])) | set(extra.get(person_id, ()))
    name = str(staffing.case.staff.at[person_id, "name"])
    what = _("{person} ({name}) learns {skill}").format(person=person_id, name=name, skill=skill)
    if skill in known:
        return StaffingChange(what + " " + _("(already known)"), staffing, staffing)
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
