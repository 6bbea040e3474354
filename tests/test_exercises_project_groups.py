"""Tests for the self-checks of notebook 02 (eight project groups): right answers pass, known mistakes get their hint.

Answers that depend on the course case are written as ``lambda c: ...`` of the ``course`` fixture (case, team,
abc, template; tests/conftest.py), so nothing is loaded when this module is imported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from exercise_checks import Answer, answer_tests

import kamlearn
from kamlearn import exercises

RIGHT: list[tuple[str, Answer]] = [
    ("check_team_cost", lambda c: (c.team.cost,)),
    ("check_retention_with_team", lambda c: (c.team.retention_after,)),
    ("check_break_even_uplift", lambda c: (c.team.break_even_uplift,)),
    ("check_team_pays_off", lambda c: ("yes",)),
    ("check_stage_after", lambda c: (c.team.stage_after,)),
    ("check_retention_function", lambda c: (lambda r, es: 1 - (1 - r) * math.prod(1 - e for e in es),)),
]



MISTAKES: list[tuple[str, Answer, str]] = [
    ("check_team_cost", lambda c: (float(c.case.demands.query(
        "initiative_id.str.startswith('A01') and resource_id == 'budget'")["amount"].sum()),), "only the project budget"),
    ("check_retention_with_team", lambda c: (1 - (1 - c.team.retention_before)
                                             * (1 - float(c.team.groups["churn_reduction"].sum())),), "LEFT"),
    ("check_retention_with_team", lambda c: (c.team.retention_after * 100,), "as a share"),
    ("check_break_even_uplift", lambda c: (float(kamlearn.break_even_retention_uplift(
        float(c.case.accounts.loc["A01", "yearly_revenue_nok"]), c.team.retention_before, c.team.cost,
        c.case.discount_rate, c.case.horizon_years)),), "you used revenue, not margin"),
    ("check_break_even_uplift", lambda c: (c.team.retention_uplift,), "the uplift the team delivers"),
    ("check_team_pays_off", lambda c: ("no",), "Compare the lifetime value"),
    ("check_stage_after", lambda c: (c.team.stage_before,), "A01's stage today"),
    ("check_retention_function", lambda c: (lambda r, es: r + sum(es),), "Start with churn = 1 - retention"),
    ("check_retention_function", lambda c: (lambda r, es: 1 / 0,), "raised ZeroDivisionError"),
    ("check_retention_function", lambda c: ("not a function",), "Expected a function"),
    ("check_team_cost", lambda c: (float("nan"),), "Expected a number"),
]

test_right_answers_pass, test_known_mistakes_get_their_hint, test_every_check_of_the_notebook_is_exported = (
    answer_tests(RIGHT, MISTAKES))




def test_tolerances_accept_rounded_answers(verdict: Callable[..., str], course_team: Any) -> None:
    assert verdict(exercises.check_break_even_uplift, round(course_team.break_even_uplift, 3)).startswith("[Riktig")
    assert verdict(exercises.check_retention_with_team, round(course_team.retention_after, 3)).startswith("[Riktig")
    assert verdict(exercises.check_team_cost, round(course_team.cost, -3)).startswith("[Riktig")


# ----------------------------------------------------------------------------- feedback that teaches


def test_a_percentage_given_for_a_share_gets_its_own_hint(verdict: Callable[..., str], course_team: Any) -> None:
    right = course_team.retention_after
    out = verdict(exercises.check_retention_with_team, round(right * 100, 1))
    assert out.startswith("[Ikke") and "looks like a percentage" in out
    assert f"{round(right, 3)}" in out


def test_impossible_values_get_their_own_hint(verdict: Callable[..., str]) -> None:
    out = verdict(exercises.check_retention_with_team, 1.7)
    assert "impossible: a retention lies between 0 and 1" in out
    out = verdict(exercises.check_retention_with_team, -0.2)
    assert "impossible" in out


def test_ja_and_nei_count_as_yes_and_no(verdict: Callable[..., str], course_team: Any) -> None:
    right = "ja" if course_team.pays_off else "nei"
    wrong = "nei" if course_team.pays_off else "ja"
    assert verdict(exercises.check_team_pays_off, right).startswith("[Riktig")
    assert verdict(exercises.check_team_pays_off, f" {right.upper()} ").startswith("[Riktig")
    assert verdict(exercises.check_team_pays_off, wrong).startswith("[Ikke")


def test_no_scientific_notation_and_plural_safe(verdict: Callable[..., str]) -> None:
    out = verdict(exercises.check_team_cost, 5_373_000.0 * 3)
    assert re.search(r"\d[eE][+-]?\d", out) is None and "16,119,000 NOK" in out
    from kamlearn._format import count, number

    assert number(1, "accounts") == "1 account"
    assert count(1, "group") == "1 group" and count(8, "group") == "8 groups"


def test_verdict_marks_read_without_an_emoji_font(verdict: Callable[..., str]) -> None:
    out = verdict(exercises.check_team_pays_off, "maybe")
    # words first; the marks are plain dingbats (text presentation), never emoji
    for char in out:
        assert not 0x1F000 <= ord(char) <= 0x1FAFF and char not in "\u2705\u274c"
