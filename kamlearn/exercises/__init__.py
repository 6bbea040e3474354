"""Self-check functions for the course's exercises.

Call a check with your answer; it prints whether it is right, and when it is
not, a hint that teaches.  A check never raises on a wrong answer.

Examples
--------
>>> from kamlearn import exercises
>>> exercises.check_clv_multiple(2.67)
[Riktig / Right ✓] 2.67 is within the tolerance.
>>> exercises.check_clv_multiple(0.8 / 0.1)
[Ikke ennå / Not yet ✗] 8: you divided by the discount rate only; the formula is r / (1 + d - r). Put in r = 0.8 and d = 0.1.
"""

from __future__ import annotations

from kamlearn.exercises._core import Feedback, evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.i18n import _

__all__ = ["Feedback", "check_clv_multiple", "evaluate_choice", "evaluate_code", "evaluate_number", "show"]


def check_clv_multiple(answer: float) -> None:
    """Exercise: the lifetime value multiple for retention 0.8 and discount rate 0.10."""
    from kamlearn.value import clv_multiple

    show(evaluate_number(
        answer, clv_multiple(0.8, 0.10), rel=0.005,
        mistakes={_("you divided by the discount rate only; the formula is r / (1 + d - r)"): 0.8 / 0.1},
        explain=_("Put in r = 0.8 and d = 0.1."),
    ))


# --- notebooks 0-2 and 7 (course helper 1) ---
from kamlearn.exercises.own_data import check_as_share_function, check_bad_column, check_total_clv  # noqa: E402
from kamlearn.exercises.project_groups import (  # noqa: E402
    check_break_even_uplift,
    check_retention_function,
    check_retention_with_team,
    check_stage_after,
    check_team_cost,
    check_team_pays_off,
)
from kamlearn.exercises.resources import (  # noqa: E402
    check_a_share,
    check_key_account_count,
    check_most_overloaded,
    check_resource_kind,
    check_top_share_function,
)
from kamlearn.exercises.start import (  # noqa: E402
    check_flagship_margin,
    check_glossary,
    check_margin_function,
    check_next_article,
)

__all__ += [
    "check_a_share",
    "check_as_share_function",
    "check_bad_column",
    "check_break_even_uplift",
    "check_flagship_margin",
    "check_glossary",
    "check_key_account_count",
    "check_margin_function",
    "check_most_overloaded",
    "check_next_article",
    "check_resource_kind",
    "check_retention_function",
    "check_retention_with_team",
    "check_stage_after",
    "check_team_cost",
    "check_team_pays_off",
    "check_top_share_function",
    "check_total_clv",
]

# --- notebooks 3-6 (course helper 2) ---
from kamlearn.exercises.authority import (  # noqa: E402
    check_best_limit,
    check_escaped_share,
    check_oversight_direction,
    check_share_at_once,
)
from kamlearn.exercises.efficiency import (  # noqa: E402
    MANAGER_ESTIMATES,
    check_adbudg_function,
    check_calibrated_c,
    check_equal_marginal,
    check_hours_freed,
)
from kamlearn.exercises.scarce import (  # noqa: E402
    check_bottleneck,
    check_it_hour_value,
    check_it_hours_short,
    check_key_person,
    check_utilisation,
)
from kamlearn.exercises.tradeoffs import (  # noqa: E402
    check_best_rule,
    check_last_group_value,
    check_left_on_table,
    check_value_at_capacity,
)

__all__ += [
    "MANAGER_ESTIMATES",
    "check_adbudg_function",
    "check_calibrated_c",
    "check_equal_marginal",
    "check_hours_freed",
    "check_best_limit",
    "check_best_rule",
    "check_bottleneck",
    "check_escaped_share",
    "check_it_hour_value",
    "check_it_hours_short",
    "check_key_person",
    "check_last_group_value",
    "check_left_on_table",
    "check_oversight_direction",
    "check_share_at_once",
    "check_utilisation",
    "check_value_at_capacity",
]
