"""Tests for the self-checks of notebook 05 (authority and speed): right answers pass, known mistakes get their hint."""

from __future__ import annotations

import math

from exercise_checks import RIGHT_MARK as RIGHT
from exercise_checks import WRONG_MARK as WRONG
from exercise_checks import garbage_test, said

import kamlearn
from kamlearn import exercises
from kamlearn.authority import DEFAULT_LIMIT_NOK

test_no_check_raises_on_garbage = garbage_test([
    exercises.check_share_at_once, exercises.check_best_limit, exercises.check_oversight_direction,
    exercises.check_escaped_share,
])


def test_share_at_once(capsys, course_case) -> None:
    share = kamlearn.simulate_authority(course_case, DEFAULT_LIMIT_NOK).share_decided_at_once
    assert said(capsys, exercises.check_share_at_once, share).startswith(RIGHT)
    assert "percentage" in said(capsys, exercises.check_share_at_once, 100 * share)
    assert "sent to management" in said(capsys, exercises.check_share_at_once, 1 - share)


def test_best_limit(capsys, course_case) -> None:
    sweep = kamlearn.sweep_limits(course_case)
    assert said(capsys, exercises.check_best_limit, sweep.best_limit).startswith(RIGHT)
    if sweep.best_limit != 0:
        assert "sends every request to management" in said(capsys, exercises.check_best_limit, 0)
    top = float(sweep.table.index[-1])
    if sweep.best_limit != top:
        assert "unreviewed" in said(capsys, exercises.check_best_limit, top)


def test_oversight_direction(capsys, course_case) -> None:
    table = kamlearn.sweep_limits(course_case).table
    rises = table["escaped_spending_nok"].iloc[-1] > table["escaped_spending_nok"].iloc[0]
    assert rises
    assert said(capsys, exercises.check_oversight_direction, "Rises").startswith(RIGHT)
    assert said(capsys, exercises.check_oversight_direction, "falls").startswith(WRONG)


def test_escaped_share_code(capsys, course_case) -> None:
    def escaped_share(result: kamlearn.AuthorityResult) -> float:
        return result.metrics["escaped_spending_nok"] / result.metrics["spending_nok"]

    assert said(capsys, exercises.check_escaped_share, escaped_share).startswith(RIGHT)
    out = said(capsys, exercises.check_escaped_share, lambda r: r.escaped_spending_nok)
    assert out.startswith(WRONG) and "Divide" in out
    assert math.isfinite(escaped_share(kamlearn.simulate_authority(course_case, 0, years=5)))
