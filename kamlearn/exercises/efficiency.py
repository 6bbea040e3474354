"""Self-checks for notebook 06, using resources efficiently: efficiency gains, response curves, equal marginal returns.

Examples
--------
>>> from kamlearn.exercises import check_equal_marginal
>>> check_equal_marginal("marginal return per hour")  # doctest: +ELLIPSIS
[Riktig / Right ✓] At the optimum ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kamlearn._format import percent
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import course_case, plan
from kamlearn.i18n import _

__all__ = ["MANAGER_ESTIMATES", "check_adbudg_function", "check_calibrated_c", "check_equal_marginal",
           "check_hours_freed"]

MANAGER_ESTIMATES = {"zero": 50.0, "today": 100.0, "plus_50": 115.0, "saturation": 130.0, "today_effort": 200.0}
"""The estimates of exercise 2 (response in an index where today's response is 100, at 200 hours today)."""


def check_hours_freed(answer: Any) -> None:
    """Exercise: how many IT integration hours does a 10 % efficiency gain free in the optimal plan?"""
    # the three figures of kamlearn.efficiency_value's row for it_hours, without its re-solves
    gain = 0.10
    capacity = float(course_case().resources["capacity"].loc["it_hours"])
    used = float(plan().resources.at["it_hours", "used"])
    row = {"hours_freed": gain * used, "capacity": capacity, "extra_capacity": capacity * gain / (1 - gain)}
    show(evaluate_number(
        answer, row["hours_freed"], rel=0.005, unit="hours",
        mistakes={
            _("that is {share} of the capacity; the gain frees {share} of the hours the plan actually uses").format(
                share=percent(0.1, decimals=0)):
                0.10 * row["capacity"],
            _("that is the extra capacity in today's hours, capacity x gain / (1 - gain); the question asks what the "
            "plan's work frees"): row["extra_capacity"],
        },
        explain=_("Hours freed = gain x hours used by the plan (plan.resources['used'])."),
    ))


def check_calibrated_c(answer: Any) -> None:
    """Exercise: the shape c of the ADBUDG curve through the manager's estimates in MANAGER_ESTIMATES."""
    import math

    from kamlearn.response import calibrate_adbudg

    e = MANAGER_ESTIMATES
    curve = calibrate_adbudg(e["zero"], e["today"], e["plus_50"], e["saturation"], today_effort=e["today_effort"])
    c = float(curve.c)
    span = e["saturation"] - e["zero"]
    f1, f2 = (e["today"] - e["zero"]) / span, (e["plus_50"] - e["zero"]) / span
    ratio = (f2 / (1 - f2)) / (f1 / (1 - f1))
    show(evaluate_number(
        answer, c, rel=0.005,
        mistakes={_("that is the ratio R itself; c is ln(R) / ln(1.5)"): ratio,
                  _("you divided by ln(2); the +50 % point is 1.5 times today's effort"): math.log(ratio) / math.log(2.0)},
        explain=_("Use kamlearn.calibrate_adbudg(zero, today, plus_50, saturation, today_effort) and read .c."),
    ))


def check_equal_marginal(answer: Any) -> None:
    """Exercise: at the best spread of hours, what is the same for every account that gets hours?"""
    options = ["hours", "response", "response per hour", "marginal return per hour"]
    show(evaluate_choice(
        answer, "marginal return per hour", options=options,
        hints={
            "hours": _("Equal hours is the 'equal' rule; the best spread gives more hours where they earn more."),
            "response": _("The accounts differ in size; their responses stay different."),
            "response per hour": _("That is the average return; what matters is what the *next* hour earns."),
        },
        why=_("At the optimum the last hour earns the same on every account with hours; otherwise moving an hour "
            "from the lower to the higher marginal return would add response."),
    ))


def check_adbudg_function(function: Callable[..., Any]) -> None:
    """Code task: write ``adbudg(x, a, b, c, d)``, Little's response curve ``b + (a - b) x**c / (d + x**c)``."""
    from kamlearn.response import AdbudgCurve

    settings = [(0.0, 130.0, 50.0, 1.0, 100.0), (200.0, 130.0, 50.0, 1.0, 100.0), (300.0, 130.0, 50.0, 2.0, 4e4),
                (50.0, 10.0, 2.0, 0.5, 3.0)]
    cases = [((x, a, b, c, d), float(AdbudgCurve(a=a, b=b, c=c, d=d)(x))) for x, a, b, c, d in settings]
    show(evaluate_code(function, cases, name="adbudg",
                       hint=_("Start at b (no effort) and add the share x**c / (d + x**c) of the distance a - b.")))
