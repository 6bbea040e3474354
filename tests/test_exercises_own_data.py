"""Tests for the self-checks of notebook 07 (your own key accounts): right answers pass, known mistakes get their hint.

Answers that depend on the course case are written as ``lambda c: ...`` of the ``course`` fixture (case, team,
abc, template; tests/conftest.py), so nothing is loaded when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from exercise_checks import Answer, answer_tests

import kamlearn
from kamlearn import exercises
from kamlearn.exercises.own_data import percent_typo

RIGHT: list[tuple[str, Answer]] = [
    ("check_bad_column", lambda c: ("gross_margin",)),
    ("check_as_share_function", lambda c: (lambda v: v / 100 if v > 1 else v,)),
    ("check_total_clv", lambda c: (float(kamlearn.customer_lifetime_value(
        c.template.yearly_margin(), c.template.accounts["retention"], 0.10).sum()),)),
]



MISTAKES: list[tuple[str, Answer, str]] = [
    ("check_bad_column", lambda c: ("retention",), "names the column in quotes"),
    ("check_bad_column", lambda c: ("colour",), "not one of the options"),
    ("check_as_share_function", lambda c: (lambda v: v / 100,), "already a share"),
    ("check_total_clv", lambda c: (float(c.template.yearly_margin().sum()),), "one year's margin"),
]

test_right_answers_pass, test_known_mistakes_get_their_hint, test_every_check_of_the_notebook_is_exported = (
    answer_tests(RIGHT, MISTAKES))




def test_total_clv_uses_the_case_given(verdict: Callable[..., str], course_case: kamlearn.Case) -> None:
    total = float(kamlearn.customer_lifetime_value(course_case.yearly_margin(), course_case.accounts["retention"],
                                                   course_case.discount_rate, course_case.horizon_years).sum())
    assert verdict(exercises.check_total_clv, total, course_case).startswith("[Riktig")


def test_percent_typo_breaks_only_one_cell(course_case: kamlearn.Case) -> None:
    broken = percent_typo(course_case.accounts)
    assert broken["gross_margin"].iloc[0] == pytest.approx(course_case.accounts["gross_margin"].iloc[0] * 100)
    assert np.array_equal(broken["gross_margin"].iloc[1:].to_numpy(),
                          course_case.accounts["gross_margin"].iloc[1:].to_numpy())
    with pytest.raises(kamlearn.CaseError, match="column 'gross_margin'"):
        course_case.with_tables(accounts=broken)
