"""Tests for the self-checks of notebook 06 (using resources efficiently): right answers pass, known mistakes get their hint."""

from __future__ import annotations

import pytest
from exercise_checks import RIGHT_MARK as RIGHT
from exercise_checks import WRONG_MARK as WRONG
from exercise_checks import garbage_test, said

import kamlearn
from kamlearn import exercises

test_no_check_raises_on_garbage = garbage_test([
    exercises.check_hours_freed, exercises.check_calibrated_c, exercises.check_equal_marginal,
    exercises.check_adbudg_function,
])


def test_hours_freed(capsys, course_plan, course_case) -> None:
    used = course_plan.resources.loc["it_hours", "used"]
    capacity = course_case.resources.loc["it_hours", "capacity"]
    assert said(capsys, exercises.check_hours_freed, 0.10 * used).startswith(RIGHT)
    if abs(used - capacity) > 1:
        assert "10 % of the capacity" in said(capsys, exercises.check_hours_freed, 0.10 * capacity)
    assert "extra capacity" in said(capsys, exercises.check_hours_freed, capacity * 0.1 / 0.9)


def test_calibrated_c(capsys) -> None:
    e = exercises.MANAGER_ESTIMATES
    curve = kamlearn.calibrate_adbudg(e["zero"], e["today"], e["plus_50"], e["saturation"], today_effort=e["today_effort"])
    assert said(capsys, exercises.check_calibrated_c, float(curve.c)).startswith(RIGHT)
    assert "ratio R" in said(capsys, exercises.check_calibrated_c, 1.5 ** float(curve.c))
    assert float(curve(e["today_effort"])) == pytest.approx(e["today"])


def test_equal_marginal(capsys) -> None:
    assert said(capsys, exercises.check_equal_marginal, "Marginal return per hour").startswith(RIGHT)
    assert "average return" in said(capsys, exercises.check_equal_marginal, "response per hour")


def test_adbudg_code(capsys) -> None:
    def adbudg(x, a, b, c, d):
        return b + (a - b) * x**c / (d + x**c)

    assert said(capsys, exercises.check_adbudg_function, adbudg).startswith(RIGHT)
    assert said(capsys, exercises.check_adbudg_function, lambda x, a, b, c, d: a * x**c / (d + x**c)).startswith(WRONG)
