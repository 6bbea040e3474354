"""Tests for the self-checks of notebook 03 (scarce resources): right answers pass, known mistakes get their hint."""

from __future__ import annotations

from exercise_checks import RIGHT_MARK as RIGHT
from exercise_checks import WRONG_MARK as WRONG
from exercise_checks import garbage_test, said

import kamlearn
from kamlearn import exercises

test_no_check_raises_on_garbage = garbage_test([
    exercises.check_it_hours_short, exercises.check_bottleneck, exercises.check_it_hour_value,
    exercises.check_key_person, exercises.check_utilisation,
])


def test_it_hours_short(capsys, course_case) -> None:
    demand = course_case.demand_matrix()["it_hours"].sum()
    capacity = course_case.resources.loc["it_hours", "capacity"]
    assert said(capsys, exercises.check_it_hours_short, demand - capacity).startswith(RIGHT)
    assert "that is the total demand" in said(capsys, exercises.check_it_hours_short, demand)
    assert "that is the capacity" in said(capsys, exercises.check_it_hours_short, capacity)


def test_bottleneck(capsys, course_plan) -> None:
    gain = course_plan.marginal_values()["gain_block_nok"]
    best = [r for r in gain.index if gain[r] >= 0.98 * gain.max()]
    assert gain.idxmax() in best
    for rid in best:
        assert said(capsys, exercises.check_bottleneck, rid).startswith(RIGHT)
    assert said(capsys, exercises.check_bottleneck, f"  {gain.idxmax().upper()} ").startswith(RIGHT)
    others = [r for r in gain.index if r not in best]
    for rid in others:
        out = said(capsys, exercises.check_bottleneck, rid)
        assert out.startswith(WRONG) and rid in out
    spare = course_plan.resources["capacity"] - course_plan.resources["used"]
    full_but_free = [r for r in others if spare[r] <= 0 and gain[r] <= 1.0]
    assert full_but_free == ["integration_slots"]
    for rid in full_but_free:
        assert "Full is not the same as scarce" in said(capsys, exercises.check_bottleneck, rid)
    assert "not scarce" in said(capsys, exercises.check_bottleneck, "budget")
    assert "not one of the options" in said(capsys, exercises.check_bottleneck, "coffee")


def test_it_hour_value(capsys, course_plan, course_case) -> None:
    row = course_plan.marginal_values().loc["it_hours"]
    value = row["gain_block_nok"]
    assert said(capsys, exercises.check_it_hour_value, value).startswith(RIGHT)
    assert said(capsys, exercises.check_it_hour_value, round(value, -3)).startswith(RIGHT)
    cost = course_case.resources.loc["it_hours", "cost_per_unit_nok"]
    assert "what the person-month costs" in said(capsys, exercises.check_it_hour_value, cost * 140)
    assert "LP shadow price times 140" in said(capsys, exercises.check_it_hour_value,
                                               course_plan.shadow_prices["it_hours"] * 140)
    assert "the value per hour" in said(capsys, exercises.check_it_hour_value, row["value_per_unit_nok"])


def test_key_person(capsys, course_plan, course_case) -> None:
    ranking = kamlearn.rank_key_people(kamlearn.assign_staff(course_case, course_plan))
    assert said(capsys, exercises.check_key_person, ranking.index[0]).startswith(RIGHT)
    assert said(capsys, exercises.check_key_person, ranking.index[-1]).startswith(WRONG)
    busiest = ranking["hours_booked"].idxmax()
    if busiest != ranking.index[0]:
        assert "rank by the value" in said(capsys, exercises.check_key_person, busiest)


def test_utilisation_code(capsys) -> None:
    assert said(capsys, exercises.check_utilisation, lambda used, capacity: used / capacity).startswith(RIGHT)
    assert said(capsys, exercises.check_utilisation, lambda used, capacity: capacity / used).startswith(WRONG)
    out = said(capsys, exercises.check_utilisation, lambda used, capacity: 1 / 0)
    assert "ZeroDivisionError" in out
