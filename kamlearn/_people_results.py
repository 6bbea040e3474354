"""The results of :mod:`kamlearn.people`: :class:`StaffingPlan` and :class:`StaffingChange`.

Private: import them from :mod:`kamlearn.people` (or :mod:`kamlearn`), where they are documented and
built (:func:`kamlearn.people.assign_staff` and the what-ifs).  Both follow the result protocol of
:mod:`kamlearn._result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from kamlearn._format import nok
from kamlearn._result import bar_plot, check_kind, html_of
from kamlearn._staffing import (
    _STATUS_DELAYED,
    _STATUS_NOT_STAFFED,
    _STATUS_ON_TIME,
    _bookings,
    _parse_skills,
    _Problem,
    _Schedule,
)
from kamlearn.allocation._text import fixed, share
from kamlearn.i18n import _, ngettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.case import Case

__all__ = ["StaffingChange", "StaffingPlan"]


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
        booked = float(hours.to_numpy().sum())
        order = {"value": _("value"), "deadline": _("deadline")}.get(str(self.order), str(self.order))
        lines = [
            _("Staffing of {groups} project groups by {people} people over {months} months (priority by {order})").format(
                groups=fixed(len(self.selected), 0), people=fixed(len(self.available), 0),
                months=fixed(self.available.shape[1], 0), order=order),
            "  " + _("on time: {on_time}, delayed: {delayed}, not staffed: {unstaffed}").format(
                on_time=fixed(int((self.groups["status"] == _STATUS_ON_TIME).sum()), 0),
                delayed=fixed(len(self.delayed), 0), unstaffed=fixed(len(self.unstaffed), 0)),
            "  " + _("hours booked: {booked} of {available} available ({share})").format(
                booked=fixed(booked, 0), available=fixed(available, 0),
                share=share(booked / available if available else 0, 0)),
            "  " + _("value of the staffed groups: {value} of {planned} planned").format(
                value=nok(self.value_nok), planned=nok(self.plan_value_nok)),
        ]
        if self.unstaffed:
            lines.append("  " + _("not staffed: {groups} (value lost {lost})").format(
                groups=", ".join(self.unstaffed), lost=nok(self.value_lost_nok)))
        if self.delayed:
            lines.append("  " + _("delayed: {groups}").format(groups=", ".join(self.delayed)))
        if self.unavailable:
            away = ", ".join(_("{person} months {first}-{last}").format(person=p, first=a, last=b)
                             for p, (a, b) in self.unavailable.items())
            lines.append("  " + _("away: {people}").format(people=away))
        if self.extra_skills:
            learnt = ", ".join(_("{person} learns {skills}").format(person=p, skills=", ".join(s))
                               for p, s in self.extra_skills.items())
            lines.append("  " + _("cross-training: {people}").format(people=learnt))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            "StaffingPlan("
            + _("{staffed} of {groups} groups staffed, {delayed} delayed, value {value}").format(
                staffed=len(self.staffed), groups=len(self.selected), delayed=len(self.delayed),
                value=nok(self.value_nok))
            + ")"
        )

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.groups.drop(columns=["name"]), float_format=lambda v: fixed(v, 0))

    def plot(self, kind: Literal["gantt", "heatmap"] = "gantt", ax: Axes | None = None) -> Axes:
        """Draw the staffing: a Gantt chart of the groups or a utilisation heatmap."""
        check_kind(kind, ("gantt", "heatmap"))
        from kamlearn.plotting.people import plot_staffing_gantt, plot_utilisation_heatmap

        if kind == "gantt":
            return plot_staffing_gantt(self, ax=ax)
        return plot_utilisation_heatmap(self, ax=ax)


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
            "  " + _("value of the staffed groups: {before} -> {after} NOK ({change})").format(
                before=fixed(self.base.value_nok, 0), after=fixed(self.scenario.value_nok, 0),
                change=fixed(self.value_change_nok, 0, signed=True)),
        ]
        if self.lost:
            lines.append("  " + _("lost: {groups}").format(groups=", ".join(self.lost)))
        if self.gained:
            lines.append("  " + _("gained: {groups}").format(groups=", ".join(self.gained)))
        if self.delayed:
            lines.append("  " + ngettext("delayed: {groups} ({n} month in all)", "delayed: {groups} ({n} months in all)",
                                         self.delay_months).format(groups=", ".join(self.delayed), n=self.delay_months))
        if not (self.lost or self.gained or self.delayed):
            lines.append("  " + _("no group is lost, gained or delayed"))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"StaffingChange({self.what!r}: "
            + _("value {change} NOK, lost {lost}, gained {gained}, delayed {delayed}").format(
                change=fixed(self.value_change_nok, 0, signed=True), lost=len(self.lost), gained=len(self.gained),
                delayed=len(self.delayed))
            + ")"
        )

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.to_frame(), float_format=lambda v: fixed(v, 0))

    def plot(self, kind: Literal["delay"] = "delay", ax: Axes | None = None) -> Axes:
        """Months of delay the change adds to each group (bars; 0 for groups it leaves alone)."""
        check_kind(kind, ("delay",))
        return bar_plot(self.to_frame()["delay_months"], ax, title=self.what, xlabel=_("Months of delay added"))


StaffingPlan.__module__ = StaffingChange.__module__ = "kamlearn.people"  # where they are documented and imported from
