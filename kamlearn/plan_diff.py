"""What changed between two plans: groups in and out, value, resources.

After an edit of the data (an account added, a capacity raised) or between
two policies, the first question is "what changed?".  :func:`compare_plans`
answers it with a :class:`PlanDiff`: the groups that came in and went out, the
change in value created, and the change in the use, capacity and shadow price
of every resource.  The two plans may be of different cases (an account or a
resource added): groups, accounts and resources are matched by their ids.

Examples
--------
>>> import kamlearn
>>> case = kamlearn.load_case()
>>> before = kamlearn.allocate(case)
>>> after = kamlearn.allocate(case.with_capacity(it_hours=1400))
>>> diff = kamlearn.compare_plans(before, after)
>>> diff.value_change >= 0
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kamlearn._checks import fail
from kamlearn._format import mnok, nok, number
from kamlearn.i18n import _
from kamlearn.value import horizon_label

__all__ = ["PlanDiff", "compare_plans"]


def _check(plan: Any, name: str) -> None:
    names = dir(plan)  # not hasattr: it would compute the lazy tables
    missing = [a for a in ("case", "selected", "value_nok", "resources", "accounts") if a not in names]
    if missing:
        raise fail(name, _("a Plan from kamlearn.allocate"), type(plan).__name__, error=TypeError,
                   why=_("missing {attributes}").format(attributes=", ".join(missing)))


def _group_table(plan: Any) -> pd.DataFrame:
    """Every candidate group of the plan's case with its account, name and cost (NOK)."""
    frame = plan.to_frame()[["account_id", "selected", "cost_nok"]].copy()
    frame.insert(1, "name", plan.case.initiatives.loc[frame.index, "name"].astype("str").to_numpy())
    return frame


@dataclass(frozen=True, repr=False)
class PlanDiff:
    """The difference between two plans (``after`` minus ``before``).

    Attributes
    ----------
    before, after : Plan
        The two plans.
    labels : tuple of str
        Their names in tables and text (``("before", "after")`` by default).
    """

    before: Any
    after: Any
    labels: tuple[str, str] = ("before", "after")

    # -- the facts --------------------------------------------------------------

    @property
    def groups_in(self) -> tuple[str, ...]:
        """Groups in ``after`` but not in ``before`` (``after``'s case order)."""
        old = set(self.before.selected)
        return tuple(g for g in self.after.selected if g not in old)

    @property
    def groups_out(self) -> tuple[str, ...]:
        """Groups in ``before`` but not in ``after`` (``before``'s case order)."""
        new = set(self.after.selected)
        return tuple(g for g in self.before.selected if g not in new)

    @property
    def groups_kept(self) -> tuple[str, ...]:
        """Groups in both plans."""
        new = set(self.after.selected)
        return tuple(g for g in self.before.selected if g in new)

    @property
    def value_change(self) -> float:
        """Value created by ``after`` minus ``before`` (NOK, lifetime value after resource cost)."""
        return float(self.after.value_nok) - float(self.before.value_nok)

    @property
    def groups(self) -> pd.DataFrame:
        """Every group in either plan: account, name, cost (NOK) and ``change`` ("in", "out" or "kept")."""
        b, a = _group_table(self.before), _group_table(self.after)
        rows = []
        for gid in dict.fromkeys([*self.before.selected, *self.after.selected]):
            source = a if gid in a.index else b
            in_b = gid in b.index and bool(b.at[gid, "selected"])
            in_a = gid in a.index and bool(a.at[gid, "selected"])
            rows.append({
                "initiative_id": gid,
                "account_id": str(source.at[gid, "account_id"]),
                "name": str(source.at[gid, "name"]),
                "cost_nok": float(source["cost_nok"].to_numpy(dtype=float)[source.index.get_loc(gid)]),
                "change": "kept" if in_a and in_b else ("in" if in_a else "out"),
            })
        frame = pd.DataFrame(rows, columns=["initiative_id", "account_id", "name", "cost_nok", "change"])
        frame = frame.set_index("initiative_id")
        frame.index = frame.index.astype("str")
        for c in ("account_id", "name", "change"):
            frame[c] = frame[c].astype("str")
        order = {"in": 0, "out": 1, "kept": 2}
        return frame.sort_values("change", key=lambda s: s.map(order), kind="stable")

    @property
    def accounts(self) -> pd.DataFrame:
        """Per account in either case: groups and value created (NOK) before and after, and the change."""
        b, a = self.before.accounts, self.after.accounts
        ids = list(dict.fromkeys([*a.index, *b.index]))
        lb, la = self.labels
        frame = pd.DataFrame(index=pd.Index(ids, name="account_id", dtype="str"))
        names = pd.concat([b["name"], a["name"]])
        frame["name"] = [str(names[names.index == i].iloc[-1]) for i in ids]
        frame[f"groups_{lb}"] = b["groups"].reindex(ids).fillna(0).astype(int).to_numpy()
        frame[f"groups_{la}"] = a["groups"].reindex(ids).fillna(0).astype(int).to_numpy()
        frame[f"value_{lb}_nok"] = b["value_created"].reindex(ids).fillna(0.0).to_numpy()
        frame[f"value_{la}_nok"] = a["value_created"].reindex(ids).fillna(0.0).to_numpy()
        frame["value_change_nok"] = frame[f"value_{la}_nok"] - frame[f"value_{lb}_nok"]
        frame["in_case"] = ["both" if (i in a.index and i in b.index) else (la if i in a.index else lb) for i in ids]
        frame["in_case"] = frame["in_case"].astype("str")
        changed = (frame[f"groups_{lb}"] != frame[f"groups_{la}"]) | (frame["value_change_nok"].abs() >= 1)
        return frame[changed | (frame[f"groups_{la}"] > 0)]

    @property
    def resources(self) -> pd.DataFrame:
        """Per resource in either case: use, capacity and shadow price (NOK/unit) before and after."""
        b, a = self.before.resources, self.after.resources
        ids = list(dict.fromkeys([*b.index, *a.index]))
        lb, la = self.labels
        frame = pd.DataFrame(index=pd.Index(ids, name="resource_id", dtype="str"))
        units = pd.concat([b["unit"], a["unit"]])
        frame["unit"] = [str(units[units.index == i].iloc[-1]) for i in ids]
        for label, res in ((lb, b), (la, a)):
            frame[f"capacity_{label}"] = res["capacity"].reindex(ids).to_numpy(dtype=float)
            frame[f"used_{label}"] = res["used"].reindex(ids).to_numpy(dtype=float)
        frame["used_change"] = frame[f"used_{la}"].fillna(0.0) - frame[f"used_{lb}"].fillna(0.0)
        for label, res in ((lb, b), (la, a)):
            frame[f"shadow_price_{label}"] = res["shadow_price"].reindex(ids).to_numpy(dtype=float)
        return frame

    # -- output -----------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """The group table (:attr:`groups`): every group in either plan with its change."""
        return self.groups

    def summary(self) -> str:
        """What changed, as short plain text in the language in force (MNOK, lifetime value after resource cost)."""
        lb, la = self.labels
        groups = self.groups
        def names(ids: tuple[str, ...]) -> str:
            # Translators: the list of groups that came in or went out is empty.
            return ", ".join(f"{g} ({groups['name'].get(g, '')})" for g in ids) or _("none")
        lines = [
            _("What changed from {before} to {after}: value created {value_before} -> {value_after} ({change}, "
              "lifetime value {horizon}, after resource cost).").format(
                before=_shown(lb), after=_shown(la), value_before=mnok(self.before.value_nok),
                value_after=mnok(self.after.value_nok),
                change=mnok(self.value_change, signed=True), horizon=horizon_label(self.after.case.horizon_years)),
            _("  Groups in ({n}): {groups}.").format(n=len(self.groups_in), groups=names(self.groups_in)),
            _("  Groups out ({n}): {groups}.").format(n=len(self.groups_out), groups=names(self.groups_out)),
            _("  Groups kept: {n}.").format(n=len(self.groups_kept)),
        ]
        b_ids, a_ids = set(self.before.accounts.index), set(self.after.accounts.index)
        added = [a for a in self.after.accounts.index if a not in b_ids]
        removed = [a for a in self.before.accounts.index if a not in a_ids]
        if added:
            lines.append(_("  Accounts only in {plan}: {accounts}.").format(plan=_shown(la), accounts=", ".join(added)))
        if removed:
            lines.append(_("  Accounts only in {plan}: {accounts}.").format(plan=_shown(lb), accounts=", ".join(removed)))
        res = self.resources
        moved = res[(res["used_change"].abs() > 1e-9)
                    | (res[f"capacity_{lb}"].fillna(-1) != res[f"capacity_{la}"].fillna(-1))]
        for rid, row in moved.iterrows():
            cap_b, cap_a = row[f"capacity_{lb}"], row[f"capacity_{la}"]
            cap = (_("capacity {before} -> {after}").format(before=_num(cap_b), after=_num(cap_a)) if cap_b != cap_a
                   else _("capacity {capacity}").format(capacity=_num(cap_a)))
            lines.append(_("  {resource}: used {before} -> {after} {unit} ({capacity}).").format(
                resource=rid, before=_num(row[f"used_{lb}"]), after=_num(row[f"used_{la}"]), unit=row["unit"],
                capacity=cap))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return _("PlanDiff(in={groups_in}, out={groups_out}, value_change={change})").format(
            groups_in=list(self.groups_in), groups_out=list(self.groups_out), change=nok(self.value_change))

    def _repr_html_(self) -> str:
        head = html.escape(self.summary().splitlines()[0])
        table = self.groups.to_html(formatters={"cost_nok": _whole}, border=0)
        res = self.resources.to_html(float_format=lambda v: _num(v), border=0, na_rep="")
        groups_caption = html.escape(_("Groups (cost in NOK)"))
        resources_caption = html.escape(_("Resources (shadow prices in NOK per unit)"))
        return (f"<div class='kamlearn-plan-diff'><p><b>{head}</b></p><p>{groups_caption}</p>{table}"
                f"<p>{resources_caption}</p>{res}</div>")


def _shown(label: str) -> str:
    """A plan's label in the text: the default labels in the language in force, a caller's label as given.

    The labels also name columns of the tables (``groups_before``); those stay as given.
    """
    # Translators: the default names of the two plans compared ("What changed from before to after").
    defaults = {"before": _("before"), "after": _("after")}
    return defaults.get(label, label)


def _whole(value: Any) -> str:
    return number(round(float(value)))


def _num(value: float | None) -> str:
    """A number as the one style writes it; '-' for a missing one (a resource only in one of the plans)."""
    return "-" if value is None or not math.isfinite(float(value)) else number(value)


def compare_plans(before: Any, after: Any, *, labels: tuple[str, str] = ("before", "after")) -> PlanDiff:
    """What changed between two plans (``after`` minus ``before``).

    Parameters
    ----------
    before, after
        Two plans from :func:`kamlearn.allocate`, of the same case or of two
        versions of it (matched by ids).
    labels
        Names of the two plans in tables and text, e.g. ``("revenue", "optimal")``.

    Returns
    -------
    PlanDiff

    Raises
    ------
    TypeError
        When either is not a Plan.
    ValueError
        When ``labels`` is not two different, non-empty names.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> diff = kamlearn.compare_plans(kamlearn.allocate(case, "revenue"), kamlearn.allocate(case),
    ...                               labels=("revenue", "optimal"))
    >>> round(diff.value_change / 1e6, 2) > 0
    True
    """
    _check(before, "before")
    _check(after, "after")
    if (not isinstance(labels, tuple) or len(labels) != 2 or not all(isinstance(x, str) and x for x in labels)
            or labels[0] == labels[1]):
        raise fail("labels", _("two different names"), labels)  # i18n: not text (the name)
    return PlanDiff(before, after, (str(labels[0]), str(labels[1])))

