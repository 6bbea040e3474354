"""The value of additional capacity, re-solved on the plan's own policy (kamlearn.resource_value)."""

from __future__ import annotations

import math

import pytest

import kamlearn
from kamlearn.resource_value import PERSON_MONTH_HOURS, block_size, value_of_more_capacity


@pytest.fixture(scope="module")
def course_values(course_plan):
    """The course plan's value of more capacity (:meth:`kamlearn.Plan.marginal_values`)."""
    return course_plan.marginal_values()


def test_gains_are_exactly_the_re_solved_difference(course_case, course_plan, course_values) -> None:
    for rid in ("product_dev_hours", "finance_hours", "budget"):
        row = course_values.loc[rid]
        bigger = kamlearn.allocate(course_case.with_capacity({rid: row["capacity"] + row["block"]}))
        assert row["gain_block_nok"] == pytest.approx(bigger.value_nok - course_plan.value_nok, abs=1e-6)
        one = kamlearn.allocate(course_case.with_capacity({rid: row["capacity"] + 1}))
        assert row["gain_one_unit_nok"] == pytest.approx(max(one.value_nok - course_plan.value_nok, 0.0), abs=1e-6)
        assert row["value_per_unit_nok"] == pytest.approx(row["gain_block_nok"] / row["block"])


def test_blocks_are_a_person_month_or_ten_percent(course_case, course_values) -> None:
    human = course_case.resources["kind"] == "human"
    assert (course_values.loc[human[human].index, "block"] == PERSON_MONTH_HOURS).all()
    assert course_values.loc["budget", "block"] == pytest.approx(260_000)
    assert course_values.loc["integration_slots", "block"] == 1
    assert course_values.loc["integration_slots", "block_label"] == "+10 % (1 slot)"
    assert block_size("technological", "licences", 24) == (3.0, "+10 % (3 licences)")


def test_a_resource_with_spare_capacity_never_shows_a_value_without_a_word(course_values) -> None:
    for _, row in course_values.iterrows():
        if row["spare"] > 0 and row["gain_block_nok"] <= 1.0:
            assert row["verdict"].startswith("not scarce")
        if row["spare"] > 0 and row["gain_block_nok"] > 1.0:
            assert "spare, but a group needing more fits" in row["verdict"]
    assert course_values.loc["budget", "verdict"] == "not scarce: 280,000 NOK spare"


def test_value_stands_next_to_cost_as_a_decision(course_case, course_plan, course_values) -> None:
    row = course_values.loc["product_dev_hours"]
    assert row["gain_block_nok"] > row["block_cost_nok"]
    assert row["times_cost"] > 1
    assert f"worth {row['times_cost']:,.1f} times what it costs: hire, borrow or cross-train" in row["verdict"]
    # the gross value of the block per NOK it costs, counting the extra hours' cost once
    bigger = kamlearn.allocate(course_case.with_capacity({"product_dev_hours": row["capacity"] + row["block"]}))
    extra = float(bigger.used["product_dev_hours"] - course_plan.used["product_dev_hours"])
    expected = (row["gain_block_nok"] + row["cost_per_unit_nok"] * extra) / row["block_cost_nok"]
    assert row["times_cost"] == pytest.approx(expected)


def test_lp_price_is_kept_next_to_the_re_solved_value(course_plan, course_values) -> None:
    assert (course_values["lp_shadow_price_nok"] == course_plan.shadow_prices).all()
    assert course_values.attrs["horizon"] == "discounted over 5 years"


def test_plain_policies_are_re_solved_with_their_own_rule_and_functions_are_not(course_case) -> None:
    plan = kamlearn.allocate(course_case, "equal")
    table = value_of_more_capacity(plan)
    assert table.attrs["policy"] == "equal"
    row = table.loc["kam_hours"]
    bigger = kamlearn.allocate(course_case.with_capacity({"kam_hours": row["capacity"] + row["block"]}), "equal")
    assert row["gain_block_nok"] == pytest.approx(max(bigger.value_nok - plan.value_nok, 0.0), abs=1e-6)

    def nothing(case: kamlearn.Case) -> list[str]:
        return []

    mine = value_of_more_capacity(kamlearn.allocate(course_case, nothing))
    assert mine["gain_block_nok"].map(math.isnan).all()
    assert mine["verdict"].str.contains("cannot be solved again").all()


def test_marginal_values_are_computed_once(course_case) -> None:
    plan = kamlearn.allocate(course_case)
    first = plan.marginal_values()
    first.loc["budget", "verdict"] = "changed by the caller"
    assert plan.marginal_values().loc["budget", "verdict"] != "changed by the caller"
    assert plan.__dict__["_marginal_values"] is not None


def test_plan_summary_says_not_scarce_and_horizon(course_plan) -> None:
    text = course_plan.summary()
    assert "price 0 NOK" not in text
    assert "not scarce" in text
    assert "discounted over 5 years" in text
    assert "1 groups" not in text


def test_summary_gives_a_word_for_a_price_with_spare_capacity(course_plan) -> None:
    text = course_plan.summary()
    res = course_plan.resources
    for rid, row in res.iterrows():
        if row["shadow_price"] > 0 and row["used"] < row["capacity"]:
            line = next(line for line in text.splitlines() if line.strip().startswith(str(rid)))
            assert "full only with groups taken in part" in line and "spare here" in line


def test_memo_keeps_cash_and_internal_hours_apart_and_says_the_horizon(course_case, course_plan) -> None:
    text = kamlearn.justification(course_plan)
    cost = kamlearn.initiative_cost(course_case).loc[list(course_plan.selected)]
    cash = float(course_plan.used["budget"]) * float(course_case.resources.loc["budget", "cost_per_unit_nok"])
    assert f"{cost.sum() / 1e6:,.2f} MNOK one-off: {cash / 1e6:,.2f} MNOK of project budget (cash)" in text
    assert f"{(cost.sum() - cash) / 1e6:,.2f} MNOK of\n  internal hours" in text
    assert "discounted over 5 years" in text


def test_the_issue_s_licence_case_reads_as_a_decision_for_a_system(course_case) -> None:
    # the explorer's case from the issue: portal licences cut to 11, one of them unused
    plan = kamlearn.allocate(course_case.with_capacity(portal_licences=11))
    row = plan.marginal_values().loc["portal_licences"]
    assert row["spare"] == 1
    assert row["verdict"].startswith("1 licence spare, but a group needing more fits")
    assert row["verdict"].endswith("buy or lease more")
    assert row["gain_one_unit_nok"] == pytest.approx(
        kamlearn.allocate(course_case.with_capacity(portal_licences=12)).value_nok - plan.value_nok)
