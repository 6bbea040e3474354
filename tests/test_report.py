"""The one-page justification: every number it quotes is the Plan's (or the simulation's), formatted."""

from __future__ import annotations

import pytest

import kamlearn
from kamlearn.allocation import allocate
from kamlearn.report import justification


@pytest.fixture(scope="module")
def optimal(course_case) -> object:
    return allocate(course_case)


@pytest.fixture(scope="module")
def equal(course_case) -> object:
    return allocate(course_case, "equal")


def mnok(value: float, signed: bool = False) -> str:
    return f"{value / 1e6:{'+' if signed else ''},.2f} MNOK"


def test_the_decision_is_quoted_from_the_plan(optimal, course_case) -> None:
    text = justification(optimal)
    lines = text.splitlines()
    assert lines[0] == f"Use of internal resources for key accounts: {course_case.name}"
    chosen = optimal.accounts[optimal.accounts["groups"] > 0]
    assert f"{len(optimal.selected)} of {len(course_case.initiatives)} candidate project groups are chosen" in text
    assert f"on {len(chosen)} of {len(course_case.accounts)} accounts" in text
    assert mnok(optimal.value_nok) in text
    assert mnok(float(chosen["cost_nok"].sum())) in text
    assert "proven to be the best plan" in text
    assert len(lines) <= 60
    assert max(len(line) for line in lines) <= 125


def test_accounts_are_listed_by_value(optimal) -> None:
    text = justification(optimal, top_accounts=2)
    chosen = optimal.accounts[optimal.accounts["groups"] > 0].sort_values("value_created", ascending=False)
    for aid, row in chosen.head(2).iterrows():
        assert f"{aid} {row['name']}" in text
        assert mnok(float(row["value_created"]), signed=True) in text
    rest = chosen.iloc[2:]
    assert f"{len(rest)} more accounts" in text
    assert mnok(float(rest["value_created"].sum()), signed=True) in text


def test_every_priced_resource_appears_with_its_shadow_price(optimal) -> None:
    text = justification(optimal)
    for _rid, row in optimal.resources.iterrows():
        price = float(row["shadow_price"])
        name = str(row["name"]).split(" (")[0][:44]
        if price > 0:
            assert f"per {str(row['unit']).rstrip('s')}: LP shadow price {price:,.0f} NOK" in text
            assert name in text


def test_alternatives_show_the_difference(optimal, equal) -> None:
    text = justification(optimal, alternatives=[equal])
    assert "4. Against the alternatives" in text
    assert f"Rule 'equal': value {mnok(equal.value_nok)}" in text
    assert mnok(optimal.value_nok - equal.value_nok, signed=True) in text


def test_a_plain_rule_says_it_does_not_price_resources(equal) -> None:
    text = justification(equal)
    assert "made by the rule 'equal'" in text
    assert "does not price its resources" in text


def test_authority_from_a_result_and_from_a_sweep(optimal, course_case) -> None:
    result = kamlearn.simulate_authority(course_case, 50_000, seed=0, years=20)
    text = justification(optimal, authority=result)
    assert "The authority to decide" in text
    assert f"{result.share_decided_at_once * 100:.0f} % of customer requests are decided at once" in text  # one style
    assert mnok(result.escaped_spending_nok) in text
    sweep = kamlearn.sweep_limits(course_case, limits=[0, 20_000, 100_000], seed=0, years=20)
    text = justification(optimal, authority=sweep)
    assert f"({sweep.best_limit:,.0f} NOK per request)" in text


def test_the_same_plan_gives_the_same_text(optimal, course_case) -> None:
    assert justification(optimal) == justification(allocate(course_case))


def test_a_title_can_be_given(optimal) -> None:
    assert justification(optimal, title="Memo to the board").splitlines()[0] == "Memo to the board"


def test_bad_input_raises(optimal) -> None:
    with pytest.raises(TypeError, match="plan: expected a Plan"):
        justification("a plan")
    with pytest.raises(TypeError, match=r"alternatives\[0\]: expected a Plan"):
        justification(optimal, alternatives=[42])
    with pytest.raises(TypeError, match="authority: expected an AuthorityResult or a LimitSweep"):
        justification(optimal, authority={"limit": 5})
    with pytest.raises(ValueError, match="top_accounts: expected a whole number"):
        justification(optimal, top_accounts=0)
    from kamlearn.synthetic import synthetic_case

    other = allocate(synthetic_case(5, 2, 2, seed=1))
    with pytest.raises(ValueError, match="same case"):
        justification(optimal, alternatives=[other])


def test_staffing_paragraph(optimal, course_case) -> None:
    staffing = kamlearn.assign_staff(course_case, optimal)
    text = justification(optimal, staffing=staffing)
    assert "The people behind the hours" in text
    groups = staffing.groups
    assert f"{int((groups['status'] == 'on time').sum())} of {len(groups)} groups start on time" in text
    assert f"{len(staffing.unstaffed)} cannot be staffed in time" in text
    if staffing.unstaffed:
        assert ", ".join(staffing.unstaffed) in text
        assert mnok(staffing.value_lost_nok) in text
    assert len(text.splitlines()) <= 60
    with pytest.raises(TypeError, match="staffing: expected a StaffingPlan"):
        justification(optimal, staffing="people")
    other = kamlearn.assign_staff(course_case, ["A01-G1"])
    with pytest.raises(ValueError, match="staffing: expected the staffing of this plan"):
        justification(optimal, staffing=other)
