"""Self-check functions for the course's exercises.

Call a check with your answer; it prints whether it is right, and when it is
not, a hint that teaches.  A check never raises on a wrong answer.

Examples
--------
>>> from kamlearn import exercises
>>> exercises.check_clv_multiple(2.67)
✅ Right. 2.67 is within the tolerance.
>>> exercises.check_clv_multiple(0.8 / 0.1)
❌ Not yet. 8: you divided by the discount rate only; the formula is r / (1 + d - r). Use r / (1 + d - r) with r = 0.8 and d = 0.1.
"""

from __future__ import annotations

from kamlearn.exercises._core import Feedback, evaluate_choice, evaluate_code, evaluate_number, show

__all__ = ["Feedback", "check_clv_multiple", "evaluate_choice", "evaluate_code", "evaluate_number", "show"]


def check_clv_multiple(answer: float) -> None:
    """Exercise: the lifetime value multiple for retention 0.8 and discount rate 0.10."""
    from kamlearn.value import clv_multiple

    show(evaluate_number(
        answer, clv_multiple(0.8, 0.10), rel=0.005,
        mistakes={"you divided by the discount rate only; the formula is r / (1 + d - r)": 0.8 / 0.1},
        explain="Use r / (1 + d - r) with r = 0.8 and d = 0.1.",
    ))


# --- notebooks 0-2 and 7 (course helper 1) ---

# --- notebooks 3-6 (course helper 2) ---
