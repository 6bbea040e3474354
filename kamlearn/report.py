"""Defending the use of resources to management: a one-page justification built from a Plan.

The article asks the key account manager (KAM) to use the company's resources
freely and to *defend that use to top management* when asked.  A plan from
:func:`kamlearn.allocate` already holds every fact such a defence needs: what
was chosen, what it costs, what it is expected to create, which resources are
the bottleneck and what one more unit of each is worth.  :func:`justification`
writes those facts as one page of plain text.  It formats; it never solves or
simulates (pass the results you want quoted).

Examples
--------
>>> import kamlearn
>>> case = kamlearn.load_case()
>>> from kamlearn import allocate
>>> text = kamlearn.justification(allocate(case))
>>> text.splitlines()[0]
'Use of internal resources for key accounts: Fjordpak AS'
>>> len(text.splitlines()) <= 60
True

References
----------
McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757 (as retold in the article series).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kamlearn._checks import fail, positive_int
from kamlearn._format import count, mnok, nok, number, percent, singular
from kamlearn.value import horizon_label

__all__ = ["justification"]

_WIDTH = 96


def _groups(n: int) -> str:
    """' 3 groups', ' 1 group', '12 groups' (aligned in a list)."""
    return (" " if 0 <= n < 10 else "") + count(n, "group")


def _short(name: Any) -> str:
    return str(name).split(" (")[0][:44]


def _status(plan: Any) -> str:
    status = str(getattr(plan, "status", ""))
    gap = float(getattr(plan, "gap", math.nan))
    staffed = getattr(plan, "staffing", None) is not None
    scope = ("that the named people can staff month by month within the capacities" if staffed
             else "within the yearly capacities")
    if status == "optimal":
        return f"proven to be the best plan {scope}"
    if status == "within_gap" and math.isfinite(gap):
        return f"certified within {percent(gap, decimals=2)} of the best possible plan {scope}"
    if status == "heuristic":
        return f"made by the rule {plan.policy!r} (not optimised)"
    if status == "user":
        return f"made by the user's own rule {plan.policy!r}"
    return status or "unknown status"


def _check_plan(plan: Any, name: str) -> None:
    needed = ("case", "total_value", "accounts", "resources", "selected")
    missing = [a for a in needed if not hasattr(plan, a)]
    if missing:
        raise fail(name, "a Plan from kamlearn.allocate", type(plan).__name__, error=TypeError,
                   why=f"missing {', '.join(missing)}")


def _authority_lines(authority: Any) -> list[str]:
    """Lines about the delegated limit, from an AuthorityResult or a LimitSweep."""
    if hasattr(authority, "best_limit") and hasattr(authority, "table"):  # LimitSweep
        best = authority.best
        limit = float(authority.best_limit)
        metrics = {k: float(best[k]) for k in best.index}
        head = "The delegated limit that creates the most value in the simulation"
    elif hasattr(authority, "metrics") and hasattr(authority, "limit"):  # AuthorityResult
        limit = float(authority.limit)
        metrics = {k: float(v) for k, v in authority.metrics.items()}
        head = "With today's delegated limit"
    else:
        raise fail("authority", "an AuthorityResult or a LimitSweep", type(authority).__name__, error=TypeError)
    shown = "no limit" if math.isinf(limit) else f"{nok(limit)} per request"
    return [
        f"  {head} ({shown}):",
        f"  - {percent(metrics['share_decided_at_once'], decimals=0)} of customer requests are decided at once; "
        f"the rest wait {number(round(metrics['mean_delay_reviewed_days'], 1), 'days')} on average for management."
        if math.isfinite(metrics.get("mean_delay_reviewed_days", math.nan))
        else f"  - {percent(metrics['share_decided_at_once'], decimals=0)} of customer requests are decided at once.",
        f"  - Spending decided without review: {mnok(metrics['escaped_spending_nok'])} a year; review would have "
        f"trimmed {mnok(metrics['oversight_cost_nok'])} of it.",
        f"  - Mean retention {metrics['retention_before']:.3f} -> {metrics['retention_after']:.3f} after waiting.",
    ]


def _staffing_lines(staffing: Any, plan: Any) -> list[str]:
    """Lines about staffing the plan with named people, from a StaffingPlan."""
    needed = ("groups", "unstaffed", "delayed", "value_lost_nok", "selected")
    if not all(hasattr(staffing, a) for a in needed):
        raise fail("staffing", "a StaffingPlan from kamlearn.assign_staff", type(staffing).__name__, error=TypeError)
    if tuple(staffing.selected) != tuple(plan.selected):
        raise ValueError("staffing: expected the staffing of this plan (its groups differ from the plan's).")
    groups = staffing.groups
    on_time = int((groups["status"] == "on time").sum())
    lines = [
        f"  Booked month by month on the staff: {on_time} of {len(groups)} groups start on time, "
        f"{len(staffing.delayed)} later in their window, {len(staffing.unstaffed)} cannot be staffed in time.",
    ]
    if staffing.unstaffed:
        lines.append(
            f"  Not staffed in time: {', '.join(staffing.unstaffed)}; value at risk {mnok(float(staffing.value_lost_nok))}."
        )
        lines.append("  The right people are not free when these groups must start: hire, cross-train or move dates.")
        if str(getattr(plan, "status", "")) in ("optimal", "within_gap"):
            lines.append("  The plan counts yearly hours only; kamlearn.allocate(case, staffing=\"monthly\") gives the best "
                         "plan the people can staff.")
    return lines


def justification(
    plan: Any,
    *,
    alternatives: Sequence[Any] = (),
    authority: Any = None,
    staffing: Any = None,
    top_accounts: int = 6,
    title: str | None = None,
) -> str:
    """A one-page justification of a resource plan, written for top management.

    Every number is read from the results passed in; nothing is recomputed.

    Parameters
    ----------
    plan
        The plan to defend, a :class:`kamlearn.Plan` (from :func:`kamlearn.allocate`).
    alternatives
        Other plans of the same case (for example the ``"revenue"`` and
        ``"equal"`` rules) to show what the chosen plan gains over them.
    authority
        Optional: an :class:`kamlearn.AuthorityResult` (today's delegated limit)
        or a :class:`kamlearn.LimitSweep` (the best limit) to add a paragraph on
        the KAM's authority to decide.
    staffing
        Optional: a :class:`kamlearn.StaffingPlan` of this plan (from
        :func:`kamlearn.assign_staff`) to add a paragraph on the people: groups
        that cannot be staffed in time and the value at risk.  A plan from
        ``kamlearn.allocate(case, staffing="monthly")`` carries its own
        staffing (every group staffed), which is used when none is given, and
        the memo then says what staffing month by month costs against the best
        plan by yearly hours.
    top_accounts
        How many accounts to list by name (the rest are summed).
    title
        The heading; by default "Use of internal resources for key accounts: <company>".

    Returns
    -------
    str
        Plain text of at most about 60 lines, ready to print or paste into a memo.

    Raises
    ------
    TypeError
        When ``plan``, an alternative, ``authority`` or ``staffing`` is not a kamlearn result.
    ValueError
        When an alternative is for a different case, or ``top_accounts < 1``.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> from kamlearn import allocate
    >>> optimal = allocate(case)
    >>> text = kamlearn.justification(optimal, alternatives=[allocate(case, "equal")])
    >>> "equal" in text
    True
    """
    _check_plan(plan, "plan")
    positive_int("top_accounts", top_accounts)
    for i, other in enumerate(alternatives):
        _check_plan(other, f"alternatives[{i}]")
        if other.case is not plan.case and list(other.case.accounts.index) != list(plan.case.accounts.index):
            raise ValueError(f"alternatives[{i}]: expected a plan for the same case as the plan ({plan.case.name}).")
    case = plan.case
    accounts = plan.accounts
    resources = plan.resources
    chosen = accounts[accounts["groups"] > 0].sort_values("value_created", ascending=False)
    n_groups = len(plan.selected)
    n_candidates = len(case.initiatives)
    cost = float(chosen["cost_nok"].sum())
    gain = float(chosen["clv_after"].sum() - chosen["clv_before"].sum())
    unit_cost = case.resources["cost_per_unit_nok"].reindex(plan.used.index).fillna(0.0)
    financial = (case.resources["kind"] == "financial").reindex(plan.used.index).fillna(False).to_numpy(dtype=bool)
    cash = float((plan.used * unit_cost)[financial].sum())
    horizon = horizon_label(case.horizon_years)
    heading = title or f"Use of internal resources for key accounts: {case.name}"
    lines = [heading, "=" * min(len(heading), _WIDTH), ""]

    lines += [
        "1. The decision",
        f"  {n_groups} of {n_candidates} candidate project groups are chosen, on {len(chosen)} of "
        f"{len(accounts)} accounts.",
        f"  The groups cost {mnok(cost)} one-off: {mnok(cash)} of project budget (cash) and {mnok(cost - cash)} of",
        "  internal hours and systems (people and capacity the company has, at internal cost).",
        f"  The accounts' expected lifetime value ({horizon}) rises by {mnok(gain)};",
        f"  value created after the cost of the resources: {mnok(float(plan.total_value))}.",
        f"  The plan is {_status(plan)}.",
    ]
    yearly_value = float(getattr(plan, "yearly_value", math.nan))
    if getattr(plan, "staffing", None) is not None and math.isfinite(yearly_value):
        lines.append(
            f"  Staffing it month by month costs {mnok(yearly_value - float(plan.total_value))} against the best plan "
            f"by yearly hours ({mnok(yearly_value)}), which the people cannot staff month by month."
            if yearly_value > float(plan.total_value) + 0.5 else
            "  The best plan by yearly hours can be staffed month by month as it is: staffing costs nothing here."
        )
    lines += ["", "2. Where the resources go"]
    for aid, row in chosen.head(top_accounts).iterrows():
        lines.append(
            f"  {aid} {str(row['name'])[:30]:<30} {_groups(int(row['groups']))}, cost {mnok(float(row['cost_nok']))}, "
            f"retention {row['retention_before']:.2f} -> {row['retention_after']:.2f}, "
            f"value {mnok(float(row['value_created']), signed=True)}"
        )
    rest = chosen.iloc[top_accounts:]
    if len(rest):
        lines.append(
            f"  {len(rest)} more accounts: {_groups(int(rest['groups'].sum()))}, cost {mnok(float(rest['cost_nok'].sum()))}, "
            f"value {mnok(float(rest['value_created'].sum()), signed=True)}"
        )

    lines += ["", "3. The scarce resources (the bottleneck)"]
    prices = resources["shadow_price"]
    priced = resources[prices.notna() & (prices > 0)].sort_values("shadow_price", ascending=False)
    full = resources[resources["utilisation"] >= 0.999]
    if len(priced) and getattr(plan, "staffing", None) is not None:
        lines.append("  (Prices of the yearly-hours model: month by month, the people's hours and skills limit the plan too.)")
    if len(priced):
        for _rid, row in priced.iterrows():
            lines.append(
                f"  {_short(row['name']):<44} {percent(row['utilisation']):>7} used; per {singular(str(row['unit']))}: "
                f"LP shadow price {number(float(row['shadow_price']), 'NOK')}"
            )
        free = [str(r) for r in resources.index if r not in priced.index]
        if free:
            lines.append(f"  Not scarce (one more unit adds nothing): {', '.join(free)}.")
    else:
        lines.append("  This plan does not price its resources (a plain rule); utilisation of the fullest ones:")
        for _rid, row in resources.sort_values("utilisation", ascending=False).head(4).iterrows():
            lines.append(f"  {_short(row['name']):<44} {percent(row['utilisation']):>7} used")
    if len(full):
        lines.append(f"  Fully used: {', '.join(str(r) for r in full.index)}.")

    if alternatives:
        lines += ["", "4. Against the alternatives"]
        for other in alternatives:
            diff = float(plan.total_value) - float(other.total_value)
            lines.append(
                f"  Rule {other.policy!r}: value {mnok(float(other.total_value))} with {len(other.selected)} groups; "
                f"difference for this plan {mnok(diff, signed=True)}."
            )

    left_out = [g for g in case.initiatives.index if g not in set(plan.selected)]
    section = 5 if alternatives else 4
    lines += ["", f"{section}. What is left out"]
    lines.append(
        f"  {len(left_out)} candidate groups are not in the plan: the capacities above do not allow them, or they "
        "create less than they cost."
    )
    if len(left_out):
        lines.append(f"  Not in the plan: {', '.join(left_out[:12])}{' and more' if len(left_out) > 12 else ''}.")

    if staffing is None:
        staffing = getattr(plan, "staffing", None)  # a plan made to be staffed carries its staffing
    if staffing is not None:
        section += 1
        lines += ["", f"{section}. The people behind the hours"]
        lines += _staffing_lines(staffing, plan)

    if authority is not None:
        section += 1
        lines += ["", f"{section}. The authority to decide"]
        lines += _authority_lines(authority)

    section += 1
    lines += [
        "",
        f"{section}. Assumptions",
        f"  Lifetime value {horizon}, discount rate {percent(case.discount_rate, decimals=0)}; each group removes a share of the",
        "  churn that is left, so the groups on one account interact. Resource prices are the value of one",
        "  more unit at the margin. Effects are estimates and should be reviewed after the year.",
    ]
    return "\n".join(lines)
