"""Self-checks of notebooks 03-06: right answers pass, known mistakes get their hint, nothing raises."""

from __future__ import annotations

import math

import pytest

import kamlearn
from kamlearn import exercises
from kamlearn.allocation import allocate, sweep_capacity
from kamlearn.authority import DEFAULT_LIMIT_NOK

CASE = kamlearn.load_case()
RIGHT, WRONG = "[Riktig / Right ✓]", "[Ikke ennå / Not yet ✗]"


@pytest.fixture(scope="module")
def plan() -> object:
    return allocate(CASE)


def said(capsys: pytest.CaptureFixture[str], check, answer) -> str:
    check(answer)
    return capsys.readouterr().out


GARBAGE = [None, "abc", float("nan"), [1, 2], {"a": 1}, True]


@pytest.mark.parametrize("check", [
    exercises.check_it_hours_short, exercises.check_bottleneck, exercises.check_it_hour_value,
    exercises.check_key_person, exercises.check_utilisation, exercises.check_best_rule,
    exercises.check_left_on_table, exercises.check_last_group_value, exercises.check_value_at_capacity,
    exercises.check_share_at_once, exercises.check_best_limit, exercises.check_oversight_direction,
    exercises.check_escaped_share,
])
@pytest.mark.parametrize("answer", GARBAGE)
def test_no_check_raises_on_garbage(capsys, check, answer) -> None:
    out = said(capsys, check, answer)
    assert out.startswith(WRONG)


# ------------------------------------------------------------------ notebook 03


def test_it_hours_short(capsys) -> None:
    demand = CASE.demand_matrix()["it_hours"].sum()
    capacity = CASE.resources.loc["it_hours", "capacity"]
    assert said(capsys, exercises.check_it_hours_short, demand - capacity).startswith(RIGHT)
    assert "that is the total demand" in said(capsys, exercises.check_it_hours_short, demand)
    assert "that is the capacity" in said(capsys, exercises.check_it_hours_short, capacity)


def test_bottleneck(capsys, plan) -> None:
    gain = plan.marginal_values()["gain_block_nok"]
    best = [r for r in gain.index if gain[r] >= 0.98 * gain.max()]
    assert gain.idxmax() in best
    for rid in best:
        assert said(capsys, exercises.check_bottleneck, rid).startswith(RIGHT)
    assert said(capsys, exercises.check_bottleneck, f"  {gain.idxmax().upper()} ").startswith(RIGHT)
    others = [r for r in gain.index if r not in best]
    for rid in others:
        out = said(capsys, exercises.check_bottleneck, rid)
        assert out.startswith(WRONG) and rid in out
    spare = plan.resources["capacity"] - plan.resources["used"]
    full_but_free = [r for r in others if spare[r] <= 0 and gain[r] <= 1.0]
    assert full_but_free == ["integration_slots"]
    for rid in full_but_free:
        assert "Full is not the same as scarce" in said(capsys, exercises.check_bottleneck, rid)
    assert "not scarce" in said(capsys, exercises.check_bottleneck, "budget")
    assert "not one of the options" in said(capsys, exercises.check_bottleneck, "coffee")


def test_it_hour_value(capsys, plan) -> None:
    row = plan.marginal_values().loc["it_hours"]
    value = row["gain_block_nok"]
    assert said(capsys, exercises.check_it_hour_value, value).startswith(RIGHT)
    assert said(capsys, exercises.check_it_hour_value, round(value, -3)).startswith(RIGHT)
    cost = CASE.resources.loc["it_hours", "cost_per_unit_nok"]
    assert "what the person-month costs" in said(capsys, exercises.check_it_hour_value, cost * 140)
    assert "LP shadow price times 140" in said(capsys, exercises.check_it_hour_value,
                                               plan.shadow_prices["it_hours"] * 140)
    assert "the value per hour" in said(capsys, exercises.check_it_hour_value, row["value_per_unit_nok"])


def test_key_person(capsys, plan) -> None:
    ranking = kamlearn.rank_key_people(kamlearn.assign_staff(CASE, plan))
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


# ------------------------------------------------------------------ notebook 04


def test_best_rule(capsys) -> None:
    from kamlearn.allocation import compare

    table = compare(CASE).drop(index="optimal")
    best = table["total_value"].idxmax()
    assert said(capsys, exercises.check_best_rule, best).startswith(RIGHT)
    worst = table["total_value"].idxmin()
    assert "leaves" in said(capsys, exercises.check_best_rule, worst)
    assert "not one of the options" in said(capsys, exercises.check_best_rule, "optimal")


def test_left_on_table(capsys) -> None:
    optimal, concentrate = allocate(CASE).total_value, allocate(CASE, "concentrate").total_value
    assert said(capsys, exercises.check_left_on_table, optimal - concentrate).startswith(RIGHT)
    assert "subtract it from the optimum" in said(capsys, exercises.check_left_on_table, concentrate)
    assert "looks like MNOK" in said(capsys, exercises.check_left_on_table, (optimal - concentrate) / 1e6)


def test_last_group_value(capsys) -> None:
    groups = [g for g in CASE.initiatives.index if g.startswith("A01-")]
    cost = kamlearn.initiative_cost(CASE)

    def value(ids: list[str]) -> float:
        out = kamlearn.account_outcome(CASE.accounts.loc["A01"], CASE.initiatives.loc[ids], CASE.discount_rate,
                                       CASE.horizon_years)
        return out["clv_gain"] - cost.loc[ids].sum()

    last = value(groups) - value([g for g in groups if g != "A01-G5"])
    assert said(capsys, exercises.check_last_group_value, last).startswith(RIGHT)
    assert "on its own" in said(capsys, exercises.check_last_group_value, value(["A01-G5"]))


def test_value_at_capacity_code(capsys) -> None:
    def value_at(kam_hours: float) -> float:
        return allocate(CASE.with_capacity(kam_hours=kam_hours)).total_value

    assert said(capsys, exercises.check_value_at_capacity, value_at).startswith(RIGHT)
    assert said(capsys, exercises.check_value_at_capacity, lambda h: 0.0).startswith(WRONG)
    sweep = sweep_capacity(CASE, "kam_hours", [1100.0])
    assert sweep["total_value"].iloc[0] == pytest.approx(value_at(1100.0))


# ------------------------------------------------------------------ notebook 05


def test_share_at_once(capsys) -> None:
    share = kamlearn.simulate_authority(CASE, DEFAULT_LIMIT_NOK).share_decided_at_once
    assert said(capsys, exercises.check_share_at_once, share).startswith(RIGHT)
    assert "percentage" in said(capsys, exercises.check_share_at_once, 100 * share)
    assert "sent to management" in said(capsys, exercises.check_share_at_once, 1 - share)


def test_best_limit(capsys) -> None:
    sweep = kamlearn.sweep_limits(CASE)
    assert said(capsys, exercises.check_best_limit, sweep.best_limit).startswith(RIGHT)
    if sweep.best_limit != 0:
        assert "sends every request to management" in said(capsys, exercises.check_best_limit, 0)
    top = float(sweep.table.index[-1])
    if sweep.best_limit != top:
        assert "unreviewed" in said(capsys, exercises.check_best_limit, top)


def test_oversight_direction(capsys) -> None:
    table = kamlearn.sweep_limits(CASE).table
    rises = table["escaped_spending_nok"].iloc[-1] > table["escaped_spending_nok"].iloc[0]
    assert rises
    assert said(capsys, exercises.check_oversight_direction, "Rises").startswith(RIGHT)
    assert said(capsys, exercises.check_oversight_direction, "falls").startswith(WRONG)


def test_escaped_share_code(capsys) -> None:
    def escaped_share(result: kamlearn.AuthorityResult) -> float:
        return result.metrics["escaped_spending_nok"] / result.metrics["spending_nok"]

    assert said(capsys, exercises.check_escaped_share, escaped_share).startswith(RIGHT)
    out = said(capsys, exercises.check_escaped_share, lambda r: r.escaped_spending_nok)
    assert out.startswith(WRONG) and "Divide" in out
    assert math.isfinite(escaped_share(kamlearn.simulate_authority(CASE, 0, years=5)))


# ------------------------------------------------------------------ notebook 06


def test_hours_freed(capsys, plan) -> None:
    used = plan.resources.loc["it_hours", "used"]
    capacity = CASE.resources.loc["it_hours", "capacity"]
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


@pytest.mark.parametrize("check", [exercises.check_hours_freed, exercises.check_calibrated_c,
                                   exercises.check_equal_marginal, exercises.check_adbudg_function])
@pytest.mark.parametrize("answer", GARBAGE)
def test_no_part_six_check_raises_on_garbage(capsys, check, answer) -> None:
    assert said(capsys, check, answer).startswith(WRONG)
