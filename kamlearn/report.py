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
from kamlearn._fixed import fixed
from kamlearn._format import count, mnok, nok, number, percent, singular
from kamlearn._lifetime import horizon_label
from kamlearn.i18n import _

__all__ = ["justification"]

_WIDTH = 96


def _fixed(value: float, decimals: int) -> str:
    """A number with a fixed count of decimals, in the language's style (``'0.85'``, bokmål ``'0,85'``)."""
    return fixed(float(value), f",.{decimals}f")


def _horizon(horizon_years: float | None) -> str:
    """How the memo's lifetime values are counted: :func:`kamlearn.value.horizon_label`."""
    return horizon_label(horizon_years)


def _groups(n: int) -> str:
    """' 3 groups', ' 1 group', '12 groups' (aligned in a list)."""
    return (" " if 0 <= n < 10 else "") + count(n, "group")


def _short(name: Any) -> str:
    return str(name).split(" (")[0][:44]


def _status(plan: Any) -> str:
    status = str(getattr(plan, "status", ""))
    gap = float(getattr(plan, "gap", math.nan))
    staffed = getattr(plan, "staffing", None) is not None
    if status == "optimal":
        return (_("proven to be the best plan that the named people can staff month by month within the capacities")
                if staffed else _("proven to be the best plan within the yearly capacities"))
    if status == "within_gap" and math.isfinite(gap):
        return (_("certified within {gap} of the best possible plan that the named people can staff month by month "
                  "within the capacities") if staffed else
                _("certified within {gap} of the best possible plan within the yearly capacities")
                ).format(gap=percent(gap, decimals=2))
    if status == "heuristic":
        return _("made by the rule {rule} (not optimised)").format(rule=repr(plan.policy))
    if status == "user":
        return _("made by the user's own rule {rule}").format(rule=repr(plan.policy))
    return status or _("unknown status")


def _check_plan(plan: Any, name: str) -> None:
    needed = ("case", "value_nok", "accounts", "resources", "selected")
    missing = [a for a in needed if not hasattr(plan, a)]
    if missing:
        raise fail(name, _("a Plan from kamlearn.allocate"), type(plan).__name__, error=TypeError,
                   why=_("missing {attributes}").format(attributes=", ".join(missing)))


def _authority_lines(authority: Any) -> list[str]:
    """Lines about the delegated limit, from an AuthorityResult or a LimitSweep."""
    if hasattr(authority, "best_limit") and hasattr(authority, "table"):  # LimitSweep
        best = authority.best
        limit = float(authority.best_limit)
        metrics = {k: float(best[k]) for k in best.index}
        head = _("The delegated limit that creates the most value in the simulation")
    elif hasattr(authority, "metrics") and hasattr(authority, "limit"):  # AuthorityResult
        limit = float(authority.limit)
        metrics = {k: float(v) for k, v in authority.metrics.items()}
        head = _("With today's delegated limit")
    else:
        raise fail("authority", _("an AuthorityResult or a LimitSweep"),  # i18n: not text
                   type(authority).__name__, error=TypeError)
    shown = _("no limit") if math.isinf(limit) else _("{amount} per request").format(amount=nok(limit))
    at_once = percent(metrics["share_decided_at_once"], decimals=0)
    return [
        _("  {head} ({limit}):").format(head=head, limit=shown),
        _("  - {share} of customer requests are decided at once; the rest wait {days} on average for "
          "management.").format(share=at_once, days=number(round(metrics["mean_delay_reviewed_days"], 1), "days"))
        if math.isfinite(metrics.get("mean_delay_reviewed_days", math.nan))
        else _("  - {share} of customer requests are decided at once.").format(share=at_once),
        _("  - Spending decided without review: {escaped} a year; review would have trimmed {trimmed} of it.").format(
            escaped=mnok(metrics["escaped_spending_nok"]), trimmed=mnok(metrics["oversight_cost_nok"])),
        _("  - Mean retention {before} -> {after} after waiting.").format(
            before=_fixed(metrics["retention_before"], 3), after=_fixed(metrics["retention_after"], 3)),
    ]


def _staffing_lines(staffing: Any, plan: Any) -> list[str]:
    """Lines about staffing the plan with named people, from a StaffingPlan."""
    needed = ("groups", "unstaffed", "delayed", "value_lost_nok", "selected")
    if not all(hasattr(staffing, a) for a in needed):
        raise fail("staffing", _("a StaffingPlan from kamlearn.assign_staff"), type(staffing).__name__,  # i18n: not text
                   error=TypeError)
    if tuple(staffing.selected) != tuple(plan.selected):
        raise ValueError(_("staffing: expected the staffing of this plan (its groups differ from the plan's)."))
    groups = staffing.groups
    on_time = int((groups["status"] == "on time").sum())
    lines = [
        _("  Booked month by month on the staff: {on_time} of {n} groups start on time, {delayed} later in their "
          "window, {unstaffed} cannot be staffed in time.").format(
            on_time=on_time, n=len(groups), delayed=len(staffing.delayed), unstaffed=len(staffing.unstaffed)),
    ]
    if staffing.unstaffed:
        lines.append(_("  Not staffed in time: {groups}; value at risk {value}.").format(
            groups=", ".join(staffing.unstaffed), value=mnok(float(staffing.value_lost_nok))))
        lines.append(_("  The right people are not free when these groups must start: hire, cross-train or move "
                       "dates."))
        if str(getattr(plan, "status", "")) in ("optimal", "within_gap"):
            lines.append(_("  The plan counts yearly hours only; kamlearn.allocate(case, staffing=\"monthly\") gives "
                           "the best plan the people can staff."))
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
            raise ValueError(_("{name}: expected a plan for the same case as the plan ({case}).").format(
                name=f"alternatives[{i}]", case=plan.case.name))
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
    horizon = _horizon(getattr(case, "horizon_years", None))
    heading = title or _("Use of internal resources for key accounts: {company}").format(company=case.name)
    lines = [heading, "=" * min(len(heading), _WIDTH), ""]

    lines += [
        _("1. The decision"),
        _("  {n} of {candidates} candidate project groups are chosen, on {chosen} of {accounts} accounts.").format(
            n=n_groups, candidates=n_candidates, chosen=len(chosen), accounts=len(accounts)),
        _("  The groups cost {cost} one-off: {cash} of project budget (cash) and {internal} of").format(
            cost=mnok(cost), cash=mnok(cash), internal=mnok(cost - cash)),
        _("  internal hours and systems (people and capacity the company has, at internal cost)."),
        _("  The accounts' expected lifetime value ({horizon}) rises by {gain};").format(horizon=horizon, gain=mnok(gain)),
        _("  value created after the cost of the resources: {value}.").format(value=mnok(float(plan.value_nok))),
        _("  The plan is {status}.").format(status=_status(plan)),
    ]
    yearly_value = float(getattr(plan, "yearly_value", math.nan))
    if getattr(plan, "staffing", None) is not None and math.isfinite(yearly_value):
        lines.append(
            _("  Staffing it month by month costs {cost} against the best plan by yearly hours ({yearly}), which the "
              "people cannot staff month by month.").format(cost=mnok(yearly_value - float(plan.value_nok)),
                                                            yearly=mnok(yearly_value))
            if yearly_value > float(plan.value_nok) + 0.5 else
            _("  The best plan by yearly hours can be staffed month by month as it is: staffing costs nothing here.")
        )
    lines += ["", _("2. Where the resources go")]
    for aid, row in chosen.head(top_accounts).iterrows():
        lines.append(
            _("  {account} {name:<30} {groups}, cost {cost}, retention {before} -> {after}, value {value}").format(
                account=aid, name=str(row["name"])[:30], groups=_groups(int(row["groups"])),
                cost=mnok(float(row["cost_nok"])), before=_fixed(row["retention_before"], 2),
                after=_fixed(row["retention_after"], 2), value=mnok(float(row["value_created"]), signed=True))
        )
    rest = chosen.iloc[top_accounts:]
    if len(rest):
        lines.append(
            _("  {n} more accounts: {groups}, cost {cost}, value {value}").format(
                n=len(rest), groups=_groups(int(rest["groups"].sum())), cost=mnok(float(rest["cost_nok"].sum())),
                value=mnok(float(rest["value_created"].sum()), signed=True))
        )

    lines += ["", _("3. The scarce resources (the bottleneck)")]
    prices = resources["shadow_price"]
    priced = resources[prices.notna() & (prices > 0)].sort_values("shadow_price", ascending=False)
    full = resources[resources["utilisation"] >= 0.999]
    if len(priced) and getattr(plan, "staffing", None) is not None:
        lines.append(_("  (Prices of the yearly-hours model: month by month, the people's hours and skills limit the "
                       "plan too.)"))
    if len(priced):
        for _rid, row in priced.iterrows():
            lines.append(
                _("  {name:<44} {used:>7} used; per {unit}: LP shadow price {price}").format(
                    name=_short(row["name"]), used=percent(row["utilisation"]), unit=singular(str(row["unit"])),
                    price=number(float(row["shadow_price"]), "NOK"))
            )
        free = [str(r) for r in resources.index if r not in priced.index]
        if free:
            lines.append(_("  Not scarce (one more unit adds nothing): {resources}.").format(resources=", ".join(free)))
    else:
        lines.append(_("  This plan does not price its resources (a plain rule); utilisation of the fullest ones:"))
        for _rid, row in resources.sort_values("utilisation", ascending=False).head(4).iterrows():
            lines.append(_("  {name:<44} {used:>7} used").format(name=_short(row["name"]),
                                                                   used=percent(row["utilisation"])))
    if len(full):
        lines.append(_("  Fully used: {resources}.").format(resources=", ".join(str(r) for r in full.index)))

    if alternatives:
        lines += ["", _("4. Against the alternatives")]
        for other in alternatives:
            diff = float(plan.value_nok) - float(other.value_nok)
            lines.append(
                _("  Rule {rule}: value {value} with {n} groups; difference for this plan {diff}.").format(
                    rule=repr(other.policy), value=mnok(float(other.value_nok)), n=len(other.selected),
                    diff=mnok(diff, signed=True))
            )

    left_out = [g for g in case.initiatives.index if g not in set(plan.selected)]
    section = 5 if alternatives else 4
    lines += ["", _("{section}. What is left out").format(section=section)]
    lines.append(
        _("  {n} candidate groups are not in the plan: the capacities above do not allow them, or they create less "
          "than they cost.").format(n=len(left_out))
    )
    if len(left_out):
        shown = ", ".join(left_out[:12])
        lines.append((_("  Not in the plan: {groups} and more.") if len(left_out) > 12 else
                      _("  Not in the plan: {groups}.")).format(groups=shown))

    if staffing is None:
        staffing = getattr(plan, "staffing", None)  # a plan made to be staffed carries its staffing
    if staffing is not None:
        section += 1
        lines += ["", _("{section}. The people behind the hours").format(section=section)]
        lines += _staffing_lines(staffing, plan)

    if authority is not None:
        section += 1
        lines += ["", _("{section}. The authority to decide").format(section=section)]
        lines += _authority_lines(authority)

    section += 1
    lines += [
        "",
        _("{section}. Assumptions").format(section=section),
        _("  Lifetime value {horizon}, discount rate {rate}; each group removes a share of the").format(
            horizon=horizon, rate=percent(case.discount_rate, decimals=0)),
        _("  churn that is left, so the groups on one account interact. Resource prices are the value of one"),
        _("  more unit at the margin. Effects are estimates and should be reviewed after the year."),
    ]
    return "\n".join(lines)
