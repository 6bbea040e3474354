"""kamlearn.compare_plans: groups in and out, value and resources between two plans."""

from __future__ import annotations

import pandas as pd
import pytest

import kamlearn
from kamlearn import compare_plans


@pytest.fixture(scope="module")
def case() -> kamlearn.Case:
    return kamlearn.load_case()


@pytest.fixture(scope="module")
def base(case: kamlearn.Case) -> kamlearn.Plan:
    return kamlearn.allocate(case)


def test_a_plan_against_itself_changes_nothing(base: kamlearn.Plan) -> None:
    diff = compare_plans(base, base)
    assert diff.groups_in == () and diff.groups_out == ()
    assert diff.groups_kept == base.selected
    assert diff.value_change == 0
    assert (diff.resources["used_change"] == 0).all()
    assert set(diff.to_frame()["change"]) == {"kept"}


def test_more_capacity_matches_set_differences(case: kamlearn.Case, base: kamlearn.Plan) -> None:
    after = kamlearn.allocate(case.with_capacity(it_hours=1400))
    diff = compare_plans(base, after)
    assert set(diff.groups_in) == set(after.selected) - set(base.selected)
    assert set(diff.groups_out) == set(base.selected) - set(after.selected)
    assert diff.groups_in, "raising IT hours to 1,400 should bring a group in"
    assert diff.value_change == pytest.approx(after.value_nok - base.value_nok)
    res = diff.resources
    assert res.loc["it_hours", "capacity_before"] == 700 and res.loc["it_hours", "capacity_after"] == 1400
    assert res.loc["it_hours", "used_change"] == pytest.approx(after.used["it_hours"] - base.used["it_hours"])
    groups = diff.groups
    assert list(groups.loc[list(diff.groups_in), "change"]) == ["in"] * len(diff.groups_in)
    text = diff.summary()
    assert "MNOK" in text and "it_hours" in text and "capacity 700 -> 1,400" in text
    for g in diff.groups_in:
        assert g in text and g in diff._repr_html_()


def test_two_policies_with_labels(case: kamlearn.Case, base: kamlearn.Plan) -> None:
    revenue = kamlearn.allocate(case, "revenue")
    diff = compare_plans(revenue, base, labels=("revenue", "optimal"))
    assert "value_revenue_nok" in diff.accounts.columns and "used_optimal" in diff.resources.columns
    assert diff.value_change > 0
    accounts = diff.accounts
    assert accounts["value_change_nok"].sum() == pytest.approx(diff.value_change, rel=1e-9)


def test_an_account_added_after_an_edit(case: kamlearn.Case, base: kamlearn.Plan) -> None:
    accounts = case.accounts
    new = accounts.loc[["A02"]].rename(index={"A02": "A99"}).assign(name="=Ny kunde AS")
    initiatives = case.initiatives
    group = initiatives.loc[["A02-G2"]].rename(index={"A02-G2": "A99-G1"}).assign(account_id="A99")
    demands = case.demands
    demand = demands[demands["initiative_id"] == "A02-G2"].assign(initiative_id="A99-G1")
    edited = case.with_tables(accounts=pd.concat([accounts, new]), initiatives=pd.concat([initiatives, group]),
                              demands=pd.concat([demands, demand], ignore_index=True))
    forced = kamlearn.allocate(edited, commitments=["A99-G1"])
    diff = compare_plans(base, forced)
    assert "A99-G1" in diff.groups_in
    assert diff.accounts.loc["A99", "in_case"] == "after"
    assert diff.accounts.loc["A99", "groups_before"] == 0 and diff.accounts.loc["A99", "groups_after"] == 1
    assert diff.groups.loc["A99-G1", "account_id"] == "A99"
    assert "Accounts only in after: A99." in diff.summary()


def test_bad_input(base: kamlearn.Plan) -> None:
    with pytest.raises(TypeError, match="before: expected a Plan"):
        compare_plans("x", base)
    with pytest.raises(ValueError, match="labels: expected two different names"):
        compare_plans(base, base, labels=("a", "a"))
