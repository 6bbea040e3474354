"""Self-checks for notebook 04, trade-offs across key accounts: rules against the optimum, diminishing returns.

Examples
--------
>>> from kamlearn.exercises import check_best_rule
>>> check_best_rule("lottery")
[Ikke ennå / Not yet ✗] 'lottery' is not one of the options: 'equal', 'revenue', 'need', 'concentrate', 'greedy'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kamlearn._format import nok
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import course_case, plan
from kamlearn.i18n import _

__all__ = ["RULES", "check_best_rule", "check_last_group_value", "check_left_on_table", "check_value_at_capacity"]

RULES: tuple[str, ...] = ("equal", "revenue", "need", "concentrate", "greedy")
"""The plain rules a manager might use, compared with the optimal plan."""


def _account_value(account_id: str, initiative_ids: list[str]) -> float:
    from kamlearn.value import account_outcome, initiative_cost

    case = course_case()
    initiatives = case.initiatives.loc[initiative_ids]
    row: Any = case.accounts.loc[account_id]  # one account: a Series
    outcome = account_outcome(row, initiatives, case.discount_rate, case.horizon_years)
    return float(outcome["clv_gain"]) - float(initiative_cost(case).loc[initiative_ids].sum())


def check_best_rule(answer: Any) -> None:
    """Exercise: which plain rule (not the optimum) comes closest to the optimal plan's value?"""
    optimal = plan("optimal").value_nok
    values = {rule: plan(rule).value_nok for rule in RULES}
    best = max(values, key=lambda r: values[r])
    hints = {rule: _("'{rule}' leaves {value} on the table; another rule leaves less.").format(
                 rule=rule, value=nok(optimal - value))
             for rule, value in values.items() if rule != best}
    show(evaluate_choice(
        answer, best, options=RULES, hints=hints,
        why=_("'{rule}' leaves only {value} on the table.").format(rule=best, value=nok(optimal - values[best])),
    ))


def check_left_on_table(answer: Any) -> None:
    """Exercise: how much value (NOK) does the rule 'concentrate' leave on the table against the optimum?"""
    optimal = plan("optimal").value_nok
    concentrate = plan("concentrate").value_nok
    left = optimal - concentrate
    show(evaluate_number(
        answer, left, rel=0.005, unit="NOK",
        mistakes={
            _("that is the value the rule creates; subtract it from the optimum"): concentrate,
            _("that is the share of the optimum the rule reaches; the question asks for NOK"): concentrate / optimal,
            _("that is the share left on the table; the question asks for NOK"): left / optimal,
            _("that looks like MNOK; give the answer in NOK"): left / 1e6,
        },
        explain=_("Subtract the rule's value_nok from the optimal plan's value_nok."),
    ))


def check_last_group_value(answer: Any) -> None:
    """Exercise: the value (NOK) A01-G5 adds when the other seven A01 groups already run."""
    groups = [g for g in course_case().initiatives.index if str(g).startswith("A01-")]
    others = [g for g in groups if g != "A01-G5"]
    last = _account_value("A01", groups) - _account_value("A01", others)
    alone = _account_value("A01", ["A01-G5"])
    show(evaluate_number(
        answer, last, rel=0.005, unit="NOK",
        mistakes={_("that is what A01-G5 adds on its own, as the first group; as the eighth it works on a customer "
                  "the other seven have already changed (fewer retention points, but each point is worth more)"): alone},
        explain=_("Value of all eight groups on A01 minus the value of the seven others (account_outcome and "
                "initiative_cost)."),
    ))


def check_value_at_capacity(function: Callable[..., Any]) -> None:
    """Code task: write ``value_at(kam_hours)``, the optimal plan's value with that many KAM hours."""
    from kamlearn.allocation import sweep_capacity

    capacities = [600.0, 1100.0, 1600.0]
    sweep = sweep_capacity(course_case(), "kam_hours", capacities)
    cases = [((c,), float(v)) for c, v in zip(capacities, sweep["total_value"], strict=True)]
    show(evaluate_code(function, cases, name="value_at", rel=1e-6,
                       hint=_("Make a new case with case.with_capacity(kam_hours=...) and return allocate(...).value_nok.")))
