"""Self-checks for notebook 05, authority and speed: the delegated limit, delay, oversight.

The expected answers use the simulation's defaults (seed 0, the default number of years),
the same settings the notebook uses.

Examples
--------
>>> from kamlearn.exercises import check_oversight_direction
>>> check_oversight_direction("sideways")
[Ikke ennå / Not yet ✗] 'sideways' is not one of the options: 'rises', 'falls', 'stays the same'.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from kamlearn._format import nok
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import course_case
from kamlearn.i18n import _

__all__ = ["check_best_limit", "check_escaped_share", "check_oversight_direction", "check_share_at_once"]


@lru_cache(maxsize=1)
def _sweep() -> Any:
    from kamlearn.authority import sweep_limits

    return sweep_limits(course_case())


def check_share_at_once(answer: Any) -> None:
    """Exercise: the share of customer requests (0 to 1) decided at once under today's delegated limit."""
    from kamlearn.authority import DEFAULT_LIMIT_NOK, simulate_authority

    share = simulate_authority(course_case(), DEFAULT_LIMIT_NOK).share_decided_at_once
    show(evaluate_number(
        answer, share, rel=0.005, share=True, what=_("a share of requests"),
        mistakes={_("that is the share sent to management; the question asks for those decided at once"): 1 - share},
        explain=_("simulate_authority(case, limit) returns a result with share_decided_at_once."),
    ))


def check_best_limit(answer: Any) -> None:
    """Exercise: the delegated limit (NOK) with the highest lifetime value among the limits sweep_limits tries."""
    sweep = _sweep()
    limits = sweep.table.index
    best = sweep.best_limit
    mistakes = {}
    if best != limits[0]:
        mistakes[_("a limit of 0 sends every request to management: well reviewed, but customers wait")] = float(
            limits[0])
    if best != limits[-1]:
        mistakes[_("the highest limit decides almost everything at once, but lets spending through unreviewed")] = float(
            limits[-1])
    show(evaluate_number(
        answer, best, rel=1e-6, unit="NOK", mistakes=mistakes,
        explain=_("Run sweep_limits(case) and read best_limit (the limit with the highest value_nok)."),
    ))


def check_oversight_direction(answer: Any) -> None:
    """Exercise: raising the limit from 0 to the highest limit tried: spending that escapes review rises, falls or stays?"""
    table = _sweep().table
    low, high = float(table["escaped_spending_nok"].iloc[0]), float(table["escaped_spending_nok"].iloc[-1])
    correct = "rises" if high > low else "falls" if high < low else "stays the same"
    show(evaluate_choice(
        answer, correct, options=["rises", "falls", "stays the same"],
        hints={"falls": _("A request at or below the limit is decided at once, without review: a higher limit lets "
                          "more through."),
               "stays the same": _("Compare the column escaped_spending_nok in the first and the last row of the sweep.")},
        why=_("From {low} to {high} a year: the price of speed is less oversight.").format(low=nok(low), high=nok(high)),
    ))


def check_escaped_share(function: Callable[..., Any]) -> None:
    """Code task: write ``escaped_share(result)``, the share of spending decided without management's review."""
    from kamlearn.authority import simulate_authority

    cases = []
    for limit in (0.0, 20_000.0, 100_000.0):
        result = simulate_authority(course_case(), limit, years=20)
        cases.append(((result,), result.metrics["escaped_spending_nok"] / result.metrics["spending_nok"]))
    show(evaluate_code(function, cases, name="escaped_share",
                       hint=_("Divide result.metrics['escaped_spending_nok'] by result.metrics['spending_nok'].")))
