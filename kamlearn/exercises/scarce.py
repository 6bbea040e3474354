"""Self-checks for notebook 03, scarce resources: demand against capacity, the bottleneck, shadow prices, key people.

Examples
--------
>>> from kamlearn.exercises import check_it_hours_short
>>> check_it_hours_short("a lot")  # doctest: +ELLIPSIS
❌ Not yet. Expected a number in hours, got 'a lot'. Add up the IT hours ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._part2 import course_case, nok, plan, staffing

__all__ = ["check_bottleneck", "check_it_hour_value", "check_it_hours_short", "check_key_person", "check_utilisation"]


def check_it_hours_short(answer: Any) -> None:
    """Exercise: how many IT integration hours short is the company if every candidate group ran?"""
    case = course_case()
    demand = float(case.demand_matrix()["it_hours"].sum())
    capacity = float(case.resources.at["it_hours", "capacity"])
    show(evaluate_number(
        answer, demand - capacity, rel=0.001, unit="hours",
        mistakes={
            "that is the total demand; subtract what the company has": demand,
            "that is the capacity, what the company has; the question is how far demand goes beyond it": capacity,
            "you subtracted demand from capacity; the shortfall is demand minus capacity": capacity - demand,
        },
        explain="Add up the IT hours every candidate group needs (case.demand_matrix()), then subtract the capacity.",
    ))


def check_bottleneck(answer: Any) -> None:
    """Exercise: which resource is worth the most per extra unit in the optimal plan (resource id)?"""
    resources = plan().resources
    prices = resources["shadow_price"].fillna(0.0)
    best = str(prices.idxmax())
    hints = {}
    for rid, row in resources.iterrows():
        if rid == best:
            continue
        if row["utilisation"] >= 0.999 and prices[rid] <= 0:
            hints[str(rid)] = (f"{rid} is fully used, but one more unit of it would not let any better group in: "
                               "its shadow price is 0. Full is not the same as scarce.")
        elif prices[rid] <= 0:
            hints[str(rid)] = f"{rid} has spare capacity in the plan, so one more unit is worth nothing (price 0)."
        else:
            hints[str(rid)] = (f"{rid} is binding, but one more unit of it is worth {nok(prices[rid])}, "
                               f"less than the bottleneck's {nok(prices[best])}.")
    show(evaluate_choice(
        answer, best, options=[str(r) for r in resources.index], hints=hints,
        why=f"{best} has the highest shadow price: one more unit is worth about {nok(prices[best])}.",
    ))


def check_it_hour_value(answer: Any) -> None:
    """Exercise: what is one more hour of IT integration worth in the optimal plan (NOK)?"""
    case = course_case()
    price = float(plan().resources.at["it_hours", "shadow_price"])
    cost = float(case.resources.at["it_hours", "cost_per_unit_nok"])
    show(evaluate_number(
        answer, price, rel=0.01, abs_tol=1.0, unit="NOK",
        mistakes={"that is what an IT hour costs the company, not what one more hour is worth to the plan": cost},
        explain="Read the shadow price of it_hours in plan.resources (or plan.shadow_prices).",
    ))


def check_key_person(answer: Any) -> None:
    """Exercise: which person (person id) does the optimal plan's staffing depend on most?"""
    from kamlearn.people import rank_key_people

    ranking = rank_key_people(staffing())
    first = str(ranking.index[0])
    busiest = str(ranking["hours_booked"].idxmax())
    hints = {}
    if busiest != first:
        hints[busiest] = (f"{busiest} books the most hours, but others can cover much of that work; rank by the value "
                          "lost when the person is away, not by hours.")
    for pid, row in ranking.iterrows():
        if str(pid) not in hints and pid != first and row["value_lost_nok"] <= 0:
            hints[str(pid)] = f"Without {pid} the team covers the work: no value is lost."
    show(evaluate_choice(
        answer, first, options=[str(p) for p in ranking.index], hints=hints,
        why=(f"Without {first} ({ranking.loc[first, 'name']!s}) the plan loses "
             f"{nok(float(ranking['value_lost_nok'].loc[first]))}: the most of anyone."),
    ))


def check_utilisation(function: Callable[..., Any]) -> None:
    """Code task: write ``utilisation(used, capacity)``, the share of a capacity that is used."""
    resources = plan().resources
    cases = [((float(row["used"]), float(row["capacity"])), float(row["utilisation"]))
             for _, row in resources.iterrows() if row["capacity"] > 0]
    show(evaluate_code(function, cases, name="utilisation",
                       hint="Divide what is used by the capacity: 3 of 4 slots is 0.75."))
