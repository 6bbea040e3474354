"""Self-checks for notebook 01, resources for key accounts: kinds of resource, ABC analysis, demand against capacity.

Examples
--------
>>> from kamlearn.exercises import check_resource_kind
>>> check_resource_kind("human")  # doctest: +NORMALIZE_WHITESPACE
[Ikke ennå / Not yet ✗] An integration slot is capacity of a system (how many EDI/API projects
the platform can run at once), not people's hours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kamlearn._format import number, percent
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import course_case, fixed
from kamlearn.i18n import _

__all__ = ["check_a_share", "check_key_account_count", "check_most_overloaded", "check_resource_kind",
           "check_top_share_function"]


def check_resource_kind(answer: Any) -> None:
    """Exercise: what kind of resource is ``integration_slots``: financial, technological or human?"""
    resources = course_case().resources
    right = str(resources.at["integration_slots", "kind"])
    show(evaluate_choice(
        answer, right, options=("financial", "technological", "human"),
        hints={"human": _("An integration slot is capacity of a system (how many EDI/API projects the platform "
                        "can run at once), not people's hours."),
               "financial": _("It is not money: the company cannot buy a third slot within the year, "
                            "whatever the budget.")},
        why=_("Integration slots are capacity of the company's systems: a technological resource."),
    ))


def check_key_account_count(answer: Any) -> None:
    """Exercise: how many A accounts (key accounts) does the ABC analysis by yearly margin give?"""
    from kamlearn.value import abc_analysis

    case = course_case()
    by_margin = abc_analysis(case)
    right = int((by_margin["abc_class"] == "A").sum())
    mistakes = {}
    by_revenue = int((abc_analysis(case, by="yearly_revenue_nok")["abc_class"] == "A").sum())
    if by_revenue != right:
        mistakes[_("you ranked by revenue, not margin")] = float(by_revenue)
    a_and_b = int(by_margin["abc_class"].isin(["A", "B"]).sum())
    mistakes[_("that counts the A and the B accounts; A stops at {share} of the margin").format(
        share=percent(0.8, decimals=0))] = float(a_and_b)
    show(evaluate_number(
        answer, right, abs_tol=0.1, unit="accounts", mistakes=mistakes,
        explain=_("Run kamlearn.abc_analysis(case) and count the rows whose abc_class is 'A'."),
    ))


def check_a_share(answer: Any) -> None:
    """Exercise: what share of the total yearly margin do the A accounts bring (a share, e.g. 0.5)?"""
    from kamlearn.value import abc_analysis

    case = course_case()
    abc = abc_analysis(case)
    right = float(abc.loc[abc["abc_class"] == "A", "share"].sum())
    by_revenue = abc_analysis(case, by="yearly_revenue_nok")
    revenue_share = float(by_revenue.loc[by_revenue["abc_class"] == "A", "share"].sum())
    show(evaluate_number(
        answer, right, rel=0.01, abs_tol=0.002, share=True, what=_("a share of the margin"),
        mistakes={_("you used revenue, not margin"): revenue_share},
        explain=_("Add up the 'share' column of the A rows of abc_analysis(case); it is a share between 0 and 1 "
                  "(for example {percent} is {share}).").format(percent=percent(0.5), share=number(0.5)),
    ))


def _load(case: Any) -> Any:
    demand = case.demand_matrix().sum(axis=0)
    capacity = case.resources["capacity"]
    return demand / capacity


def check_most_overloaded(answer: Any) -> None:
    """Exercise: which resource is most over-demanded, relative to its capacity (resource id)?"""
    case = course_case()
    ratio = _load(case)
    right = str(ratio.idxmax())
    demand = case.demand_matrix().sum(axis=0)
    hints = {str(rid): _("{resource} is asked for {times} times its capacity; another resource is asked for "
                         "more.").format(resource=rid, times=fixed(ratio[rid], 1))
             for rid in ratio.index if rid != right}
    biggest = str(demand.idxmax())
    if biggest != right:
        hints[biggest] = _("{resource} has the largest total demand in its own unit, but units differ: compare "
                           "demand with capacity (demand / capacity).").format(resource=biggest)
    show(evaluate_choice(
        answer, right, options=[str(r) for r in case.resources.index], hints=hints,
        why=_("{resource} is asked for {times} times what the company has.").format(
            resource=right, times=fixed(ratio[right], 1)),
    ))


def check_top_share_function(function: Callable[..., Any]) -> None:
    """Code task: write ``top_share(values, k)``: the share of the total that the k largest values make up."""
    margins = course_case().yearly_margin().to_numpy(dtype=float)

    def expected(values: list[float], k: int) -> float:
        ordered = np.sort(np.asarray(values, dtype=float))[::-1]
        return float(ordered[:k].sum() / ordered.sum())

    inputs: list[tuple[list[float], int]] = [([1.0, 3.0, 2.0, 4.0], 1), ([5.0, 1.0, 4.0], 2),
                                             (list(margins), 3), (list(margins), len(margins))]
    show(evaluate_code(
        function, [((values, k), expected(values, k)) for values, k in inputs], name="top_share",
        hint=_("Sort the values from the largest down (sorted(values, reverse=True)), add up the first k, "
             "divide by the total."),
    ))
