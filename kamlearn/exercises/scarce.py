"""Self-checks for notebook 03, scarce resources: demand against capacity, the bottleneck, shadow prices, key people.

Examples
--------
>>> from kamlearn.exercises import check_it_hours_short
>>> check_it_hours_short("a lot")  # doctest: +ELLIPSIS
[Ikke ennå / Not yet ✗] Expected a number in hours, got 'a lot'. Add up the IT hours ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kamlearn._format import nok
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import course_case, plan, staffing
from kamlearn.i18n import _, ngettext

__all__ = ["check_bottleneck", "check_it_hour_value", "check_it_hours_short", "check_key_person", "check_utilisation"]


def check_it_hours_short(answer: Any) -> None:
    """Exercise: how many IT integration hours short is the company if every candidate group ran?"""
    case = course_case()
    demand = float(case.demand_matrix()["it_hours"].sum())
    capacity = float(case.resources["capacity"].loc["it_hours"])
    show(evaluate_number(
        answer, demand - capacity, rel=0.001, unit="hours",
        mistakes={
            _("that is the total demand; subtract what the company has"): demand,
            _("that is the capacity, what the company has; the question is how far demand goes beyond it"): capacity,
            _("you subtracted demand from capacity; the shortfall is demand minus capacity"): capacity - demand,
        },
        explain=_("Add up the IT hours every candidate group needs (case.demand_matrix()), then subtract the capacity."),
    ))


def check_bottleneck(answer: Any) -> None:
    """Exercise: which resource is worth the most per extra person-month (or +10 %) in the optimal plan?

    Measured on the plan itself (``plan.marginal_values()``, whole groups re-solved); resources within
    2 % of the best count as right, since the two values are then the same for any decision.
    """
    values = plan().marginal_values()
    gain = values["gain_block_nok"].fillna(0.0)
    top = float(gain.max())
    best = [str(r) for r in gain.index if gain[r] >= 0.98 * top]
    prices = values["lp_shadow_price_nok"].fillna(0.0)
    hints = {}
    for rid, row in values.iterrows():
        if rid in best:
            continue
        if row["gain_block_nok"] <= 1.0 and row["spare"] <= 0:
            hints[str(rid)] = _("{resource} is fully used, but {block} more of it lets no further group in: it is not "
                                "scarce. Full is not the same as scarce.").format(resource=rid, block=row["block_label"])
        elif row["gain_block_nok"] <= 1.0:
            hints[str(rid)] = _("{resource} has spare capacity in the plan ({verdict}): more of it is worth "
                                "nothing.").format(resource=rid, verdict=row["verdict"])
        else:
            hints[str(rid)] = _("{resource} is scarce: {block} more adds {gain}, less than the best's {best}.").format(
                resource=rid, block=row["block_label"], gain=nok(row["gain_block_nok"]), best=nok(top))
        if prices[rid] > 0 and row["gain_block_nok"] <= 1.0:
            hints[str(rid)] += " (Its LP shadow price is positive only in the relaxed plan, where groups are taken in part.)"
    names = _(" and ").join(best)
    show(evaluate_choice(
        answer, best, options=[str(r) for r in values.index], hints=hints,
        why=ngettext("{names} is worth the most: one block more adds about {value} of value created ({horizon}).",
                     "{names} are worth the most: one block more adds about {value} of value created ({horizon}).",
                     len(best)).format(names=names, value=nok(top), horizon=values.attrs["horizon"]),
    ))


def check_it_hour_value(answer: Any) -> None:
    """Exercise: what is one more person-month (140 hours) of IT integration worth to the optimal plan (NOK)?"""
    case = course_case()
    row = plan().marginal_values().loc["it_hours"]
    block = float(row["block"])
    price = float(row["lp_shadow_price_nok"])
    cost = float(case.resources["cost_per_unit_nok"].loc["it_hours"])
    show(evaluate_number(
        answer, float(row["gain_block_nok"]), rel=0.01, abs_tol=1.0, unit="NOK",
        mistakes={
            _("that is what the person-month costs the company, not what it is worth to the plan"): cost * block,
            _("that is the LP shadow price times 140 hours: the relaxed plan's promise, not what whole groups give"):
                price * block,
            _("that is the value per hour; the question asks for the whole person-month"): float(row["value_per_unit_nok"]),
        },
        explain=_("Read gain_block_nok for it_hours in plan.marginal_values() (the plan re-solved with 140 more hours)."),
    ))


def check_key_person(answer: Any) -> None:
    """Exercise: which person (person id) does the optimal plan's staffing depend on most?"""
    from kamlearn.people import rank_key_people

    ranking = rank_key_people(staffing())
    first = str(ranking.index[0])
    busiest = str(ranking["hours_booked"].idxmax())
    hints = {}
    if busiest != first:
        hints[busiest] = _("{person} books the most hours, but others can cover much of that work; rank by the value "
                           "lost when the person is away, not by hours.").format(person=busiest)
    for pid, row in ranking.iterrows():
        if str(pid) not in hints and pid != first and row["value_lost_nok"] <= 0:
            hints[str(pid)] = _("Without {person} the team covers the work: no value is lost.").format(person=pid)
    show(evaluate_choice(
        answer, first, options=[str(p) for p in ranking.index], hints=hints,
        why=_("Without {person} ({name}) the plan loses {value}: the most of anyone.").format(
            person=first, name=ranking.loc[first, "name"], value=nok(float(ranking["value_lost_nok"].loc[first]))),
    ))


def check_utilisation(function: Callable[..., Any]) -> None:
    """Code task: write ``utilisation(used, capacity)``, the share of a capacity that is used."""
    resources = plan().resources
    cases = [((float(row["used"]), float(row["capacity"])), float(row["utilisation"]))
             for _, row in resources.iterrows() if row["capacity"] > 0]
    show(evaluate_code(function, cases, name="utilisation",
                       hint=_("Divide what is used by the capacity: 3 of 4 slots is 0.75.")))
