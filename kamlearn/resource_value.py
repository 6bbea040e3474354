"""The value of additional capacity: what one more unit, or one more block, of a resource is worth.

A shadow price (``plan.resources["shadow_price"]``) is the dual price of a
capacity in the LP relaxation, where an account may take a *part* of a group.
The plan a manager sees takes whole groups, so the LP price can disagree with
it: a resource can be priced while the whole-group plan leaves some of it
unused, and one more hour usually changes nothing until a whole group fits.

This module measures the value of more capacity *on the plan on screen*: the
same policy is solved again with one more unit of a resource, and with a
realistic block (one person-month of a person's hours, or 10 % more of any
other resource), and the difference in value created is reported next to what
the block costs.  That is the number a key account manager can take to top
management: "one more person-month of product development adds 1.2 MNOK of
lifetime value (discounted over 5 years) and costs 147,000 NOK: hire, borrow
or cross-train".

Every money figure here is in NOK of value created, discounted over the case's
planning horizon (``case.horizon_years``), net of what the resources used cost,
as :attr:`kamlearn.Plan.value_nok` is.

References
----------
Williams, H. P. (2013). *Model Building in Mathematical Programming*, 5th ed.
Wiley (chapter 6: shadow prices and their limits in integer models).

Venkatesan, R. and Kumar, V. (2004). A customer lifetime value framework for
customer selection and resource allocation strategy. *Journal of Marketing*
68(4), 106-125 (finite-horizon lifetime value).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn import _format
from kamlearn._fixed import fixed
from kamlearn.allocation import POLICIES, allocate
from kamlearn.i18n import _, get_language, lazy_gettext
from kamlearn.value import horizon_label

if TYPE_CHECKING:
    from kamlearn.allocation import Plan

__all__ = ["PERSON_MONTH_HOURS", "block_size", "value_of_more_capacity"]

PERSON_MONTH_HOURS = 140.0
"""Hours in one person-month: about 1,680 working hours a year (37.5 hours a week, holidays off) / 12."""

BLOCK_SHARE = 0.10
"""A block of a resource that is not people's hours: 10 % of its capacity."""

_EPS = 1e-6


def block_size(kind: str, unit: str, capacity: float) -> tuple[float, str]:
    """The realistic block of a resource and its label: one person-month of hours, else +10 %.

    Parameters
    ----------
    kind
        ``"human"``, ``"financial"`` or ``"technological"``.
    unit
        The resource's unit ("hours", "NOK", "slots", ...).
    capacity
        Today's capacity, in the unit.

    Returns
    -------
    (float, str)
        The block in the resource's unit (whole units for anything counted in
        pieces, at least 1) and how it reads.

    Examples
    --------
    >>> block_size("human", "hours", 850)
    (140.0, 'one person-month (140 hours)')
    >>> block_size("technological", "licences", 24)
    (3.0, '+10 % (3 licences)')
    >>> block_size("financial", "NOK", 2_600_000)
    (260000.0, '+10 % (260,000 NOK)')

    The label is in the language in force:

    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     block_size("human", "hours", 850)[1], block_size("financial", "NOK", 2_600_000)[1]
    ('ett månedsverk (140\\xa0timer)', '+10\\xa0% (260\\xa0000\\xa0kr)')
    """
    if kind == "human" and unit.strip().lower() in ("hours", "hour", "h", "timer"):
        # Translators: a block of capacity: the hours of one person for one month ("ett månedsverk").
        return PERSON_MONTH_HOURS, _("one person-month ({hours})").format(hours=_counted(PERSON_MONTH_HOURS, "hours"))
    raw = BLOCK_SHARE * max(float(capacity), 0.0)
    if unit.strip().upper() in ("NOK", "KR"):
        amount = max(10_000.0, round(raw / 10_000.0) * 10_000.0)
    else:
        amount = float(max(1, math.ceil(raw - 1e-9)))
    # Translators: a block of capacity 10 % above today's; {amount} is the block with its unit ("3 licences").
    return amount, _("+10 % ({amount})").format(amount=_counted(amount, unit))


def _counted(amount: float, unit: str) -> str:
    """'1 slot', '3 slots', '2.5 hours': plural-safe for the units of the case (bokmål: ``_format.number``)."""
    if get_language() == "nb":
        return _format.number(amount, unit)
    text = f"{amount:,.0f}" if abs(amount - round(amount)) < 1e-9 else f"{amount:,.1f}"
    if text == "1" and unit.endswith("s") and unit not in ("hours",):
        return f"1 {unit[:-1]}"
    if text == "1" and unit == "hours":
        return "1 hour"
    return f"{text} {unit}"


_ACTIONS = {"human": lazy_gettext("hire, borrow or cross-train"), "technological": lazy_gettext("buy or lease more"),
            "financial": lazy_gettext("raise the budget")}


def _verdict(gain: float, spare: float, unit: str, times_cost: float, cost: float, kind: str = "human") -> str:
    """One short sentence: is the resource scarce in the shown plan, and what to do about it."""
    if gain <= 1.0:
        if spare > _EPS:
            return _("not scarce: {spare} spare").format(spare=_counted(spare, unit))
        return _("full, but not scarce: a block more lets no further group in")
    prefix = ""
    if spare > _EPS:
        prefix = _("{spare} spare, but a group needing more fits with the block; ").format(spare=_counted(spare, unit))
    if cost <= 0:
        return prefix + _("scarce, and costs nothing to use: find more if you can")
    times = fixed(times_cost, ",.1f")
    if times_cost >= 1.0:
        action = _ACTIONS.get(kind)
        return prefix + _("scarce: worth {times} times what it costs: {action}").format(
            times=times, action=_("get more") if action is None else str(action))
    return prefix + _("scarce, but worth only {times} times its cost: do not buy more").format(times=times)


def value_of_more_capacity(plan: Plan) -> pd.DataFrame:
    """The value of additional capacity of every resource, re-solved on the plan's own policy.

    For each resource the plan's policy is solved again, with the same
    commitments, forbidden groups and floors, once with one more unit and once
    with one realistic block more (see :func:`block_size`).

    Parameters
    ----------
    plan
        A plan from :func:`kamlearn.allocate` with a named policy (``"optimal"``
        or a plain rule).  A user's policy function cannot be re-run; its
        plan gets NaN values with a note.

    Returns
    -------
    DataFrame
        Indexed by ``resource_id``: ``name``, ``unit``, ``used``, ``capacity``,
        ``spare`` (units); ``cost_per_unit_nok``; ``gain_one_unit_nok`` (value
        created by one more unit, NOK); ``block`` (units) and ``block_label``;
        ``gain_block_nok`` (value created by the block, NOK);
        ``value_per_unit_nok`` (``gain_block_nok / block``); ``block_cost_nok``
        (what the block costs at ``cost_per_unit_nok``, one-off);
        ``times_cost`` (lifetime value the block brings before its own cost,
        per NOK the block costs; NaN for a resource that costs nothing);
        ``lp_shadow_price_nok`` (the LP-relaxation dual price, for
        comparison) and ``verdict`` (words).  Gains are value created as in
        :attr:`kamlearn.Plan.value_nok`: lifetime value discounted over the
        case's horizon, net of what the resources used cost.  ``attrs`` holds
        ``horizon`` (how the horizon reads) and ``policy``.

    Notes
    -----
    ``times_cost`` counts only the part of the block the new plan uses as a
    cost already paid inside the gain, and charges the whole block: a block
    of hours bought but not used still costs.  Each resource is varied alone;
    two scarce resources together can be worth more than the sum.

    Examples
    --------
    >>> import kamlearn
    >>> plan = kamlearn.allocate(kamlearn.load_case())
    >>> table = value_of_more_capacity(plan)
    >>> bool((table["gain_block_nok"] >= -1e-6).all())
    True
    """
    case = plan.case
    info = case.resources
    res = plan.resources
    inst = plan._inst
    core = inst.core
    commitments = [str(i) for i in core.initiative_ids[inst.committed]]
    forbidden = [str(i) for i in core.initiative_ids[inst.forbidden]]
    floors = {str(core.resource_ids[r]): float(inst.floor[r]) for r in np.flatnonzero(inst.floor > 0)}
    can_resolve = plan.policy in POLICIES

    def solve(resource_id: str, capacity: float) -> Plan:
        return allocate(case.with_capacity({resource_id: capacity}), plan.policy,
                        commitments=commitments or None, forbidden=forbidden or None,
                        resource_floors=floors or None)

    rows: list[dict[str, Any]] = []
    for rid in res.index:
        unit = str(info.loc[rid, "unit"])
        kind = str(info.loc[rid, "kind"])
        cost = float(info.loc[rid, "cost_per_unit_nok"])
        capacity = float(res.loc[rid, "capacity"])
        used = float(res.loc[rid, "used"])
        spare = max(capacity - used, 0.0)
        block, label = block_size(kind, unit, capacity)
        gain_one = gain_block = extra_used = math.nan
        if can_resolve:
            more = solve(rid, capacity + block)
            gain_block = max(more.value_nok - plan.value_nok, 0.0)
            extra_used = max(float(more.used[rid]) - used, 0.0)
            if plan.policy == "optimal" and gain_block <= _EPS:
                gain_one = 0.0  # the optimum never falls with more capacity, so one unit adds nothing either
            else:
                gain_one = max(solve(rid, capacity + 1.0).value_nok - plan.value_nok, 0.0)
        block_cost = cost * block
        times = (gain_block + cost * extra_used) / block_cost if block_cost > 0 and gain_block > 1.0 else math.nan
        verdict = (_verdict(gain_block, spare, unit, times, cost, kind) if can_resolve
                   else _("policy {policy!r} is a function and cannot be solved again").format(policy=plan.policy))
        rows.append({
            "resource_id": rid, "name": str(info.loc[rid, "name"]), "unit": unit,
            "used": used, "capacity": capacity, "spare": spare, "cost_per_unit_nok": cost,
            "gain_one_unit_nok": gain_one, "block": block, "block_label": label,
            "gain_block_nok": gain_block, "value_per_unit_nok": gain_block / block,
            "block_cost_nok": block_cost, "times_cost": times,
            "lp_shadow_price_nok": float(res.loc[rid, "shadow_price"]), "verdict": verdict,
        })
    frame = pd.DataFrame(rows).set_index("resource_id")
    for column in ("name", "unit", "block_label", "verdict"):
        frame[column] = frame[column].astype("str")
    frame.index = pd.Index(frame.index, name="resource_id", dtype="str")
    frame.attrs["horizon"] = horizon_label(getattr(case, "horizon_years", None))
    frame.attrs["policy"] = plan.policy
    return frame
