"""A plan that can be staffed: groups and start months chosen under the people's monthly hours and skills."""

from __future__ import annotations

import numpy as np
import pytest

import kamlearn
from kamlearn.people import _parse_skills, staffable_plan


@pytest.fixture(scope="module")
def case() -> kamlearn.Case:
    return kamlearn.load_case()


@pytest.fixture(scope="module")
def staffed(case: kamlearn.Case) -> kamlearn.Plan:
    return kamlearn.allocate(case, staffing="monthly", time_limit=300)


def test_every_group_is_staffed_and_no_one_is_over_their_hours_in_any_month(
    case: kamlearn.Case, staffed: kamlearn.Plan
) -> None:
    staffing = staffed.staffing
    assert staffing is not None
    assert staffing.unstaffed == ()
    assert set(staffing.staffed) == set(staffed.selected)
    hours, available = staffing.hours.to_numpy(), staffing.available.to_numpy()
    assert np.all(hours <= available + 1e-6)  # every person, every month
    bookings = staffing.bookings
    skills = {p: _parse_skills(s) for p, s in case.staff["skills"].items()}
    assert all(r in skills[p] for p, r in zip(bookings["person_id"], bookings["resource_id"], strict=True))
    groups = staffing.groups
    assert (groups["start_month"] >= groups["earliest_start_month"]).all()
    assert (groups["start_month"] <= groups["latest_start_month"]).all()
    # each group gets all its human hours
    demand = case.demand_matrix().loc[list(staffed.selected)]
    booked = bookings.groupby(["initiative_id", "resource_id"])["hours"].sum()
    for (g, r), amount in booked.items():
        assert amount == pytest.approx(float(demand.loc[g, r]), rel=1e-9, abs=1e-6)


def test_staffing_costs_value_against_the_yearly_plan(case: kamlearn.Case, staffed: kamlearn.Plan) -> None:
    yearly = kamlearn.allocate(case)
    assert staffed.yearly_value == pytest.approx(yearly.value_nok)
    assert staffed.value_nok <= yearly.value_nok + 1e-6
    assert staffed.upper_bound <= yearly.upper_bound + 1e-6
    assert (staffed.resources["used"] <= staffed.resources["capacity"] + 1e-9).all()
    # the yearly optimum cannot be staffed as it is: the heuristic leaves groups out, the staffable plan none
    assert kamlearn.assign_staff(case, yearly).unstaffed
    if staffed.status == "optimal":
        # a proven staffable optimum is worth at least what the yearly plan keeps once staffed
        assert staffed.value_nok >= kamlearn.assign_staff(case, yearly).value_nok - 1e-6


def test_the_memo_defends_the_staffable_plan(staffed: kamlearn.Plan) -> None:
    text = kamlearn.justification(staffed)
    assert "that the named people can staff month by month" in text
    assert "cannot be staffed in time" not in text.replace("0 cannot be staffed in time", "")
    assert "Staffing it month by month costs" in text
    assert f"{(staffed.yearly_value - staffed.value_nok) / 1e6:,.2f} MNOK" in text


def test_the_memo_of_a_yearly_plan_does_not_call_it_best_and_unstaffable(case: kamlearn.Case) -> None:
    yearly = kamlearn.allocate(case)
    text = kamlearn.justification(yearly, staffing=kamlearn.assign_staff(case, yearly))
    assert "best plan within the yearly capacities" in text
    assert "proven to be the best plan within the capacities" not in text
    assert 'staffing="monthly"' in text


def test_staffing_argument_is_checked(case: kamlearn.Case) -> None:
    with pytest.raises(ValueError, match="staffing: expected 'yearly' or 'monthly'"):
        kamlearn.allocate(case, staffing="weekly")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="staffing='monthly' is for the optimal policy"):
        kamlearn.allocate(case, "greedy", staffing="monthly")
    with pytest.raises(ValueError, match="months: expected a whole number"):
        staffable_plan(case, months=0)


def test_a_short_time_limit_still_gives_a_staffable_plan(case: kamlearn.Case) -> None:
    plan = staffable_plan(case, time_limit=0.5)
    assert plan.staffing.unstaffed == ()
    assert np.all(plan.staffing.hours.to_numpy() <= plan.staffing.available.to_numpy() + 1e-6)
    assert plan.value_nok <= plan.upper_bound + 1e-6
    if plan.status != "optimal":
        assert plan.stopped_by == "time_limit"
