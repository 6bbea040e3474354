"""Tests for the self-checks of notebook 04 (trade-offs across accounts): right answers pass, known mistakes get their hint."""

from __future__ import annotations

import pytest
from exercise_checks import RIGHT_MARK as RIGHT
from exercise_checks import WRONG_MARK as WRONG
from exercise_checks import garbage_test, said

import kamlearn
from kamlearn import exercises
from kamlearn.allocation import allocate, sweep_capacity

test_no_check_raises_on_garbage = garbage_test([
    exercises.check_best_rule, exercises.check_left_on_table, exercises.check_last_group_value,
    exercises.check_value_at_capacity,
])


def test_best_rule(capsys, course_case) -> None:
    from kamlearn.allocation import compare

    table = compare(course_case).drop(index="optimal")
    best = table["total_value"].idxmax()
    assert said(capsys, exercises.check_best_rule, best).startswith(RIGHT)
    worst = table["total_value"].idxmin()
    assert "leaves" in said(capsys, exercises.check_best_rule, worst)
    assert "not one of the options" in said(capsys, exercises.check_best_rule, "optimal")


def test_left_on_table(capsys, course_case) -> None:
    optimal, concentrate = allocate(course_case).value_nok, allocate(course_case, "concentrate").value_nok
    assert said(capsys, exercises.check_left_on_table, optimal - concentrate).startswith(RIGHT)
    assert "subtract it from the optimum" in said(capsys, exercises.check_left_on_table, concentrate)
    assert "looks like MNOK" in said(capsys, exercises.check_left_on_table, (optimal - concentrate) / 1e6)


def test_last_group_value(capsys, course_case) -> None:
    groups = [g for g in course_case.initiatives.index if g.startswith("A01-")]
    cost = kamlearn.initiative_cost(course_case)

    def value(ids: list[str]) -> float:
        out = kamlearn.account_outcome(course_case.accounts.loc["A01"], course_case.initiatives.loc[ids],
                                       course_case.discount_rate, course_case.horizon_years)
        return out["clv_gain"] - cost.loc[ids].sum()

    last = value(groups) - value([g for g in groups if g != "A01-G5"])
    assert said(capsys, exercises.check_last_group_value, last).startswith(RIGHT)
    assert "on its own" in said(capsys, exercises.check_last_group_value, value(["A01-G5"]))


def test_value_at_capacity_code(capsys, course_case) -> None:
    def value_at(kam_hours: float) -> float:
        return allocate(course_case.with_capacity(kam_hours=kam_hours)).value_nok

    assert said(capsys, exercises.check_value_at_capacity, value_at).startswith(RIGHT)
    assert said(capsys, exercises.check_value_at_capacity, lambda h: 0.0).startswith(WRONG)
    sweep = sweep_capacity(course_case, "kam_hours", [1100.0])
    assert sweep["total_value"].iloc[0] == pytest.approx(value_at(1100.0))
