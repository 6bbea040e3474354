"""Tests for the self-checks of notebook 01 (resources and key accounts): right answers pass, known mistakes get their hint.

Answers that depend on the course case are written as ``lambda c: ...`` of the ``course`` fixture (case, team,
abc, template; tests/conftest.py), so nothing is loaded when this module is imported.
"""

from __future__ import annotations

from exercise_checks import Answer, answer_tests

RIGHT: list[tuple[str, Answer]] = [
    ("check_resource_kind", lambda c: ("technological",)),
    ("check_key_account_count", lambda c: (int((c.abc["abc_class"] == "A").sum()),)),
    ("check_a_share", lambda c: (float(c.abc.loc[c.abc["abc_class"] == "A", "share"].sum()),)),
    ("check_most_overloaded", lambda c: (str((c.case.demand_matrix().sum() / c.case.resources["capacity"]).idxmax()),)),
    ("check_top_share_function", lambda c: (lambda v, k: sum(sorted(v, reverse=True)[:k]) / sum(v),)),
]



MISTAKES: list[tuple[str, Answer, str]] = [
    ("check_resource_kind", lambda c: ("human",), "not people's hours"),
    ("check_key_account_count", lambda c: (int(c.abc["abc_class"].isin(["A", "B"]).sum()),), "A and the B accounts"),
    ("check_a_share", lambda c: (float(c.abc.loc[c.abc["abc_class"] == "A", "share"].sum()) * 100,), "as a share"),
    ("check_most_overloaded", lambda c: ("budget",), "compare demand with capacity"),
    ("check_top_share_function", lambda c: (lambda v, k: sum(v[:k]) / sum(v),), "from the largest down"),
]

test_right_answers_pass, test_known_mistakes_get_their_hint, test_every_check_of_the_notebook_is_exported = (
    answer_tests(RIGHT, MISTAKES))


