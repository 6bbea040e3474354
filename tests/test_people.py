"""Tests for kamlearn.people: staffing month by month, key-person risk, cross-training, efficiency."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import kamlearn
from kamlearn._staffing import _book_month, _Valuer
from kamlearn.people import (
    StaffingPlan,
    assign_staff,
    cross_training_value,
    key_person_risk,
    rank_cross_training,
    rank_key_people,
)

matplotlib.use("Agg")

FLAGSHIP = ("A01-G1", "A01-G2", "A01-G3", "A01-G4", "A01-G5", "A01-G6", "A01-G7", "A01-G8")


@pytest.fixture(scope="module")
def case(course_case: kamlearn.Case) -> kamlearn.Case:
    return course_case


@pytest.fixture(scope="module")
def flagship(case: kamlearn.Case) -> StaffingPlan:
    """The eight project groups on Nordlys Dagligvare (the MMR case)."""
    return assign_staff(case, FLAGSHIP)


# ----------------------------------------------------------------------------- invariants of a staffing


def check_staffing(staffing: StaffingPlan) -> None:
    """Every booking is within the person's hours and skills; staffed groups get all their hours."""
    case = staffing.case
    bookings = staffing.bookings
    hours, available = staffing.hours, staffing.available
    assert (hours.to_numpy() <= available.to_numpy() + 1e-6).all(), "a person is booked over their hours"
    skills = {p: {s.strip() for s in text.split("|")} for p, text in case.staff["skills"].items()}
    for person, learnt in staffing.extra_skills.items():
        skills[person] |= set(learnt)
    outside = [r for r in bookings.itertuples() if r.resource_id not in skills[r.person_id]]
    assert not outside, f"booked outside their skills: {outside[:3]}"
    assert (bookings["hours"] > 0).all()
    demand = case.demand_matrix()
    human = case.resources.index[case.resources["kind"] == "human"]
    booked = bookings.groupby(["initiative_id", "resource_id", "month"])["hours"].sum()
    for initiative_id, group in staffing.groups.iterrows():
        if group["status"] == "not staffed":
            assert initiative_id not in set(bookings["initiative_id"])
            continue
        start, end = int(group["start_month"]), int(group["end_month"])
        assert group["earliest_start_month"] <= start <= group["latest_start_month"]
        assert end - start + 1 == group["duration_months"]
        assert group["status"] == ("on time" if start == group["earliest_start_month"] else "delayed")
        for resource in human:
            per_month = float(demand.at[initiative_id, resource]) / group["duration_months"]
            for month in range(1, staffing.available.shape[1] + 1):
                got = float(booked.get((initiative_id, resource, month), 0.0))
                expected = per_month if start <= month <= end else 0.0
                assert got == pytest.approx(expected, abs=1e-6), (initiative_id, resource, month)


def test_flagship_staffing_respects_hours_skills_and_windows(flagship: StaffingPlan) -> None:
    check_staffing(flagship)
    assert flagship.selected == FLAGSHIP
    assert set(flagship.staffed) | set(flagship.unstaffed) == set(FLAGSHIP)
    assert flagship.utilisation.max().max() <= 1 + 1e-9


def test_a_group_needing_more_hours_a_month_than_the_skill_has_cannot_be_staffed(
    case: kamlearn.Case, flagship: StaffingPlan
) -> None:
    # A01-G1 needs 420 IT hours over 6 months = 70 a month; the two people with it_hours have 35 + 25 = 60.
    it_people = case.skill_matrix()["it_hours"]
    it_hours_a_month = float(case.staff.loc[it_people, "hours_per_month"].sum())
    need = float(case.demand_matrix().at["A01-G1", "it_hours"]) / int(case.initiatives.at["A01-G1", "duration_months"])
    assert need > it_hours_a_month
    assert "A01-G1" in flagship.unstaffed
    assert flagship.value_lost_nok > 0


def test_the_executive_group_runs_the_whole_year(flagship: StaffingPlan) -> None:
    row = flagship.groups.loc["A01-G8"]
    assert (row["start_month"], row["end_month"], row["status"]) == (1, 12, "on time")


def test_value_of_the_staffed_groups_uses_the_value_model(case: kamlearn.Case, flagship: StaffingPlan) -> None:
    valuer = _Valuer(case)
    assert flagship.value_nok == pytest.approx(valuer.value(flagship.staffed))
    assert flagship.plan_value_nok == pytest.approx(valuer.value(FLAGSHIP))
    # with one account, the value is what kamlearn.value says about the groups, minus their cost
    chosen = case.initiatives.loc[list(flagship.staffed)]
    outcome = kamlearn.account_outcome(case.accounts.loc["A01"], chosen, case.discount_rate, case.horizon_years)
    cost = float(kamlearn.initiative_cost(case).loc[list(flagship.staffed)].sum())
    assert flagship.value_nok == pytest.approx(outcome["clv_gain"] - cost)
    # contributions are what the plan loses without each group, and set the priority
    contribution = flagship.groups["contribution_nok"]
    assert contribution.is_monotonic_decreasing
    g = "A01-G4"
    assert contribution[g] == pytest.approx(valuer.value(FLAGSHIP) - valuer.value([h for h in FLAGSHIP if h != g]))


def test_same_input_same_staffing_and_plans_work_like_ids(case: kamlearn.Case, flagship: StaffingPlan) -> None:
    again = assign_staff(case, SimpleNamespace(selected=list(reversed(FLAGSHIP))))
    pd.testing.assert_frame_equal(again.groups, flagship.groups)
    pd.testing.assert_frame_equal(again.bookings, flagship.bookings)


def test_deadline_order_staffs_tight_windows_first(case: kamlearn.Case) -> None:
    staffing = assign_staff(case, FLAGSHIP, order="deadline")
    check_staffing(staffing)
    assert staffing.groups.index[0] == "A01-G8"  # latest start month 1
    assert staffing.order == "deadline"


def test_empty_plan_and_groups_without_human_work(case: kamlearn.Case) -> None:
    empty = assign_staff(case, [])
    assert empty.value_nok == 0.0 and empty.bookings.empty and empty.hours.to_numpy().sum() == 0
    demands = case.demands
    only_budget = demands[(demands["initiative_id"] != "A09-G1") | (demands["resource_id"] == "budget")]
    variant = case.with_tables(demands=only_budget)
    staffing = assign_staff(variant, ["A09-G1"])
    assert staffing.groups.loc["A09-G1", "status"] == "on time"
    assert staffing.bookings.empty


def test_result_display(flagship: StaffingPlan) -> None:
    text = flagship.summary()
    assert text.startswith("Staffing of 8 project groups by 12 people over 12 months")
    assert "not staffed: " in text and "A01-G1" in text.split("not staffed: ")[-1]
    assert "<table" in flagship._repr_html_()
    assert repr(flagship).startswith("StaffingPlan(")
    frame = flagship.to_frame()
    assert frame.index.name == "initiative_id"
    assert list(frame.columns[:3]) == ["account_id", "name", "priority"]
    people = flagship.people
    assert people.loc["P02", "hours_booked"] == pytest.approx(flagship.hours.loc["P02"].sum())
    assert people["utilisation"].between(0, 1 + 1e-9).all()


# ----------------------------------------------------------------------------- key-person risk


def test_an_absence_loses_what_colleagues_cannot_cover(flagship: StaffingPlan) -> None:
    risk = key_person_risk(flagship, "P08", (4, 6))
    check_staffing(risk.scenario)
    assert risk.lost == ("A01-G4",)
    assert risk.value_lost_nok == pytest.approx(flagship.value_nok - risk.scenario.value_nok)
    assert risk.value_lost_nok > 0
    assert risk.scenario.hours.loc["P08", [4, 5, 6]].sum() == 0
    assert risk.scenario.available.loc["P08", [4, 5, 6]].sum() == 0
    assert risk.scenario.unavailable == {"P08": (4, 6)}
    assert "P08 (Erik Lunde) away in months 4-6" in risk.summary()
    frame = risk.to_frame()
    assert frame.loc["A01-G4", "change"] == "lost"
    assert "<table" in risk._repr_html_()


def test_an_absence_with_free_colleagues_costs_nothing(flagship: StaffingPlan) -> None:
    # P06 (IT) works on A01-G7 in months 9-11 only; away in months 1-3 changes nothing
    risk = key_person_risk(flagship, "P06", (1, 3))
    assert risk.value_change_nok == 0.0
    assert risk.lost == () and risk.delayed == ()
    assert "no group is lost, gained or delayed" in risk.summary()


def test_rank_key_people(flagship: StaffingPlan) -> None:
    ranking = rank_key_people(flagship, (4, 6))
    assert list(ranking["rank"]) == list(range(1, 13))
    assert set(ranking.index) == set(flagship.available.index)
    assert ranking["value_lost_nok"].is_monotonic_decreasing
    assert (ranking["value_lost_nok"] >= 0).all()
    assert ranking.index[0] == "P08"
    assert ranking.loc["P08", "lost"] == "A01-G4"
    assert ranking["share_of_hours"].sum() == pytest.approx(1.0)


# ----------------------------------------------------------------------------- value of knowledge


def test_cross_training_an_idle_controller_in_it_unlocks_the_information_flow_group(flagship: StaffingPlan) -> None:
    change = cross_training_value(flagship, "P10", "it_hours")
    check_staffing(change.scenario)
    assert change.gained == ("A01-G1",)
    valuer = _Valuer(flagship.case)
    expected = valuer.value([*flagship.staffed, "A01-G1"]) - valuer.value(flagship.staffed)
    assert change.value_change_nok == pytest.approx(expected)
    assert change.value_change_nok > 0
    booked_it = change.scenario.bookings.query("person_id == 'P10' and resource_id == 'it_hours'")
    assert booked_it["hours"].sum() > 0


def test_learning_a_known_skill_is_worth_nothing(flagship: StaffingPlan) -> None:
    change = cross_training_value(flagship, "P07", "it_hours")
    assert change.value_change_nok == 0.0
    assert "already known" in change.what


def test_rank_cross_training(flagship: StaffingPlan) -> None:
    table = rank_cross_training(flagship)
    best = table[table["value_change_nok"] == table["value_change_nok"].max()]
    # with the case's 5-year horizon, product development is the skill worth most to cross-train
    assert set(best["skill"]) == {"product_dev_hours"} and set(best["gained"]) == {"A01-G6"}
    assert "P01" in set(best["person_id"])
    assert set(table.loc[table["gained"] == "A01-G1", "skill"]) == {"it_hours"}
    assert (table["value_change_nok"] >= 0).all()
    assert table["value_change_nok"].is_monotonic_decreasing
    skills = flagship.case.skill_matrix()
    for row in table.itertuples():
        assert not skills.at[row.person_id, row.skill]


# ----------------------------------------------------------------------------- random small cases


@st.composite
def small_cases(draw: st.DrawFn, zero_costs: bool = True) -> tuple[kamlearn.Case, list[str]]:
    n_accounts = draw(st.integers(1, 3))
    n_resources = draw(st.integers(1, 3))
    n_groups = draw(st.integers(1, 6))
    n_people = draw(st.integers(1, 4))
    account_ids = [f"K{i}" for i in range(n_accounts)]
    resource_ids = [f"skill_{i}" for i in range(n_resources)]
    accounts = pd.DataFrame(
        {
            "account_id": account_ids,
            "name": account_ids,
            "yearly_revenue_nok": [draw(st.floats(1e6, 1e8)) for _ in account_ids],
            "gross_margin": [draw(st.floats(0.1, 0.4)) for _ in account_ids],
            "cost_to_serve_nok": [0.0] * n_accounts,
            "retention": [draw(st.floats(0.5, 0.95)) for _ in account_ids],
            "stage": ["Mid-KAM"] * n_accounts,
            "share_of_wallet": [draw(st.floats(0.1, 0.9)) for _ in account_ids],
        }
    )
    resources = pd.DataFrame(
        {
            "resource_id": resource_ids,
            "name": resource_ids,
            "kind": ["human"] * n_resources,
            "unit": ["hours"] * n_resources,
            "capacity": [1000.0] * n_resources,
            "cost_per_unit_nok": [0.0 if zero_costs else draw(st.floats(0, 2000)) for _ in resource_ids],
        }
    )
    rows, demand_rows = [], []
    for g in range(n_groups):
        earliest = draw(st.integers(1, 12))
        initiative_id = f"G{g}"
        rows.append(
            {
                "initiative_id": initiative_id,
                "account_id": draw(st.sampled_from(account_ids)),
                "name": initiative_id,
                "churn_reduction": draw(st.floats(0, 0.3)),
                "cost_to_serve_reduction": 0.0,
                "share_of_wallet_gain": draw(st.floats(0, 0.05)),
                "duration_months": draw(st.integers(1, 6)),
                "earliest_start_month": earliest,
                "latest_start_month": draw(st.integers(earliest, 12)),
            }
        )
        for resource in draw(st.lists(st.sampled_from(resource_ids), min_size=1, max_size=n_resources, unique=True)):
            demand_rows.append({"initiative_id": initiative_id, "resource_id": resource,
                                "amount": draw(st.floats(10, 300))})
    staff = pd.DataFrame(
        {
            "person_id": [f"Q{p}" for p in range(n_people)],
            "name": [f"Person {p}" for p in range(n_people)],
            "role": ["Specialist"] * n_people,
            "skills": [
                "|".join(draw(st.lists(st.sampled_from(resource_ids), min_size=1, max_size=n_resources, unique=True)))
                for _ in range(n_people)
            ],
            "hours_per_month": [draw(st.sampled_from([5.0, 10.0, 20.0, 40.0, 60.0])) for _ in range(n_people)],
            "cost_per_hour_nok": [800.0] * n_people,
        }
    )
    case = kamlearn.Case.from_frames(accounts, resources, pd.DataFrame(rows), pd.DataFrame(demand_rows), staff)
    chosen = draw(st.lists(st.sampled_from([r["initiative_id"] for r in rows]), min_size=1, unique=True))
    return case, chosen


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=small_cases(zero_costs=False), order=st.sampled_from(["value", "deadline"]))
def test_assignment_never_books_over_hours_or_outside_skills(data: tuple[kamlearn.Case, list[str]], order: str) -> None:
    case, chosen = data
    staffing = assign_staff(case, chosen, order=order)  # type: ignore[arg-type]
    check_staffing(staffing)


@SETTINGS
@given(data=small_cases(), person=st.integers(0, 3), first=st.integers(1, 12), length=st.integers(0, 11))
def test_removing_a_person_never_raises_value(
    data: tuple[kamlearn.Case, list[str]], person: int, first: int, length: int
) -> None:
    case, chosen = data
    assume(person < len(case.staff))
    base = assign_staff(case, chosen)
    risk = key_person_risk(base, f"Q{person}", (first, min(first + length, 12)))
    check_staffing(risk.scenario)
    assert set(risk.scenario.staffed) <= set(base.staffed)  # an absence never adds a group
    # with positive margins and free resources every group adds value, so losing groups never raises it
    assert risk.scenario.value_nok <= base.value_nok + 1e-6


@SETTINGS
@given(data=small_cases(), person=st.integers(0, 3), skill=st.integers(0, 2))
def test_cross_training_never_lowers_value(data: tuple[kamlearn.Case, list[str]], person: int, skill: int) -> None:
    case, chosen = data
    assume(person < len(case.staff) and skill < len(case.resources))
    base = assign_staff(case, chosen)
    change = cross_training_value(base, f"Q{person}", f"skill_{skill}")
    check_staffing(change.scenario)
    assert set(change.scenario.staffed) >= set(base.staffed)  # cross-training never removes a group
    assert change.scenario.value_nok >= base.value_nok - 1e-6


@settings(max_examples=60, deadline=None)
@given(
    skills=st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=5),
    hours=st.lists(st.sampled_from([0.0, 5.0, 12.5, 30.0]), min_size=5, max_size=5),
    demand=st.lists(st.sampled_from([0.0, 5.0, 10.0, 25.0, 40.0]), min_size=3, max_size=3),
)
def test_covering_a_month_agrees_with_linear_programming(
    skills: list[list[bool]], hours: list[float], demand: list[float]
) -> None:
    can = np.array(skills, dtype=bool)
    free = np.array(hours[: len(skills)])
    need = np.array(demand)
    x, left = _book_month(free, can, need)
    assert (x >= -1e-12).all() and (x[~can] == 0).all()
    assert (x.sum(axis=1) <= free + 1e-9).all()
    # is there any cover at all?  x[p, h] >= 0 on allowed pairs, person sums <= hours, skill sums = demand
    pairs = [(p, h) for p in range(can.shape[0]) for h in range(3) if can[p, h]]
    if pairs:
        a_ub = np.array([[1.0 if p == q else 0.0 for p, _ in pairs] for q in range(can.shape[0])])
        a_eq = np.array([[1.0 if h == k else 0.0 for _, h in pairs] for k in range(3)])
        lp = linprog(np.zeros(len(pairs)), A_ub=a_ub, b_ub=free, A_eq=a_eq, b_eq=need, method="highs")
        feasible = lp.status == 0
    else:
        feasible = bool((need == 0).all())
    assert (left <= 1e-7) == feasible
    if feasible:
        np.testing.assert_allclose(x.sum(axis=0), need, atol=1e-7)


# ----------------------------------------------------------------------------- efficiency (needs the engine)


def small_case() -> kamlearn.Case:
    """Three accounts, five groups, budget and two kinds of hours: small enough to solve by brute force."""
    accounts = pd.DataFrame(
        {
            "account_id": ["K1", "K2", "K3"],
            "name": ["Kunde 1", "Kunde 2", "Kunde 3"],
            "yearly_revenue_nok": [20e6, 10e6, 5e6],
            "gross_margin": [0.25, 0.30, 0.20],
            "cost_to_serve_nok": [1e6, 0.5e6, 0.3e6],
            "retention": [0.80, 0.85, 0.75],
            "stage": ["Mid-KAM", "Early-KAM", "Pre-KAM"],
            "share_of_wallet": [0.4, 0.5, 0.3],
        }
    )
    resources = pd.DataFrame(
        {
            "resource_id": ["budget", "dev_hours", "kam_hours"],
            "name": ["Budget", "Developers", "KAM"],
            "kind": ["financial", "human", "human"],
            "unit": ["NOK", "hours", "hours"],
            "capacity": [400_000.0, 300.0, 150.0],
            "cost_per_unit_nok": [1.0, 900.0, 950.0],
        }
    )
    initiatives = pd.DataFrame(
        {
            "initiative_id": ["K1-G1", "K1-G2", "K2-G1", "K2-G2", "K3-G1"],
            "account_id": ["K1", "K1", "K2", "K2", "K3"],
            "name": ["EDI", "Quality", "EDI", "Packaging", "Service"],
            "churn_reduction": [0.15, 0.10, 0.12, 0.05, 0.20],
            "cost_to_serve_reduction": [0.10, 0.02, 0.10, 0.0, 0.05],
            "share_of_wallet_gain": [0.02, 0.01, 0.02, 0.04, 0.01],
            "duration_months": [6, 4, 6, 8, 3],
            "earliest_start_month": [1, 1, 1, 1, 1],
            "latest_start_month": [6, 9, 6, 5, 10],
        }
    )
    demand = {
        "K1-G1": {"dev_hours": 120.0, "kam_hours": 40.0, "budget": 150_000.0},
        "K1-G2": {"kam_hours": 60.0, "budget": 50_000.0},
        "K2-G1": {"dev_hours": 100.0, "kam_hours": 30.0, "budget": 120_000.0},
        "K2-G2": {"dev_hours": 140.0, "budget": 200_000.0},
        "K3-G1": {"kam_hours": 50.0, "budget": 30_000.0},
    }
    demands = pd.DataFrame(
        [{"initiative_id": g, "resource_id": r, "amount": a} for g, row in demand.items() for r, a in row.items()]
    )
    staff = pd.DataFrame(
        {
            "person_id": ["S1", "S2", "S3"],
            "name": ["Dev", "Kam", "Both"],
            "role": ["Developer", "Key account manager", "Architect"],
            "skills": ["dev_hours", "kam_hours", "dev_hours|kam_hours"],
            "hours_per_month": [20.0, 15.0, 10.0],
            "cost_per_hour_nok": [900.0, 950.0, 1000.0],
        }
    )
    return kamlearn.Case.from_frames(accounts, resources, initiatives, demands, staff, name="Small")


def best_value_by_brute_force(case: kamlearn.Case) -> float:
    valuer = _Valuer(case)
    demand, capacity = case.demand_matrix(), case.resources["capacity"]
    ids = list(case.initiatives.index)
    return max(
        valuer.value(chosen)
        for k in range(len(ids) + 1)
        for chosen in itertools.combinations(ids, k)
        if (demand.loc[list(chosen)].sum() <= capacity + 1e-9).all()
    )


@pytest.fixture(scope="module")
def small() -> tuple[kamlearn.Case, object]:
    allocate = pytest.importorskip("kamlearn.allocation").allocate
    case = small_case()
    return case, allocate(case)


def _efficiency_value() -> Any:
    # efficiency_value moved to kamlearn.allocation.what_if (the allocation package); these tests run once it is there
    return pytest.importorskip("kamlearn.allocation.what_if").efficiency_value


def test_efficiency_value_still_reachable_from_people_with_a_warning() -> None:
    moved = _efficiency_value()
    import kamlearn.people

    with pytest.warns(DeprecationWarning, match="kamlearn.people.efficiency_value moved to kamlearn.allocation"):
        old = kamlearn.people.efficiency_value
    assert old is moved
    assert kamlearn.efficiency_value is moved


def test_people_does_not_import_the_allocation_engine_at_load() -> None:
    """people and its private modules import the allocation engine only inside the functions that make a Plan."""
    import ast
    from pathlib import Path

    root = Path(kamlearn.__file__).parent
    for name in ("people.py", "_staffing.py", "_staffable.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        top = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        modules = [n.module or "" for n in top if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in top if isinstance(n, ast.Import) for a in n.names]
        assert modules, name
        assert not [m for m in modules if "allocat" in m], (name, modules)


def test_efficiency_gain_frees_hours_and_is_valued_two_ways(small: tuple[kamlearn.Case, object]) -> None:
    efficiency_value = _efficiency_value()
    case, plan = small
    table = efficiency_value(case, 0.20, ["kam_hours", "dev_hours"], plan=plan)
    assert list(table.index) == ["kam_hours", "dev_hours"]
    usage = plan.resources  # type: ignore[attr-defined]
    for resource, row in table.iterrows():
        capacity = float(case.resources.at[resource, "capacity"])
        assert row["used"] == pytest.approx(usage.at[resource, "used"])
        assert row["hours_freed"] == pytest.approx(0.20 * usage.at[resource, "used"])
        assert row["extra_capacity"] == pytest.approx(capacity * 0.20 / 0.80)
        assert row["value_shadow_estimate_nok"] == pytest.approx(usage.at[resource, "shadow_price"] * row["extra_capacity"])
        # the re-solve is the exact optimum's gain (brute force on this small case)
        bigger = case.with_capacity({resource: capacity / 0.80})
        expected = best_value_by_brute_force(bigger) - best_value_by_brute_force(case)
        assert row["value_resolved_nok"] == pytest.approx(expected, rel=1e-6, abs=1.0)
        assert row["plan_value_nok"] == pytest.approx(plan.value_nok)  # type: ignore[attr-defined]
    # 20 % fewer KAM hours per group lets the service group on K3 in
    assert table.at["kam_hours", "value_resolved_nok"] > 0


def test_no_efficiency_gain_is_worth_nothing(small: tuple[kamlearn.Case, object]) -> None:
    efficiency_value = _efficiency_value()
    case, plan = small
    row = efficiency_value(case, 0.0, plan=plan).loc["kam_hours"]
    assert row["hours_freed"] == 0 and row["extra_capacity"] == 0 and row["value_shadow_estimate_nok"] == 0
    assert row["value_resolved_nok"] == pytest.approx(0.0, abs=1e-6)


def test_staffing_accepts_a_plan_from_the_engine(small: tuple[kamlearn.Case, object]) -> None:
    case, plan = small
    staffing = assign_staff(case, plan)
    assert staffing.selected == tuple(plan.selected)  # type: ignore[attr-defined]
    check_staffing(staffing)


# ----------------------------------------------------------------------------- plots


def test_plots_return_the_axes(flagship: StaffingPlan) -> None:
    import matplotlib.pyplot as plt

    from kamlearn.plotting import plot_key_people, plot_staffing_gantt, plot_utilisation_heatmap

    _, ax = plt.subplots()
    assert plot_utilisation_heatmap(flagship, ax=ax) is ax
    assert ax.get_images()[0].get_array().shape == (12, 12)
    _, ax = plt.subplots()
    assert plot_staffing_gantt(flagship, ax=ax) is ax
    assert len(ax.get_yticks()) == 8
    ranking = rank_key_people(flagship, (4, 6))
    _, ax = plt.subplots()
    assert plot_key_people(ranking, ax=ax, top=4) is ax
    assert len(ax.patches) == 4
    away = key_person_risk(flagship, "P08", (4, 6)).scenario
    assert away.plot("heatmap").get_title().startswith("Who is busy")
    assert away.plot("gantt").get_xlabel() == "Month"
    plt.close("all")


# ----------------------------------------------------------------------------- bad input


def test_bad_input_raises_clear_errors(case: kamlearn.Case, flagship: StaffingPlan) -> None:
    with pytest.raises(ValueError, match=r"plan: expected initiative ids of the case, found 'A99-G1'"):
        assign_staff(case, ["A01-G1", "A99-G1"])
    with pytest.raises(ValueError, match=r"plan: expected a Plan \(with .selected\) or an iterable"):
        assign_staff(case, "A01-G1")
    with pytest.raises(ValueError, match=r"months: expected a whole number of months from 1 to 120, found 0"):
        assign_staff(case, FLAGSHIP, months=0)
    with pytest.raises(ValueError, match=r"order: expected 'value' or 'deadline', found 'size'"):
        assign_staff(case, FLAGSHIP, order="size")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"person_id: expected one of P01, .*, found 'P99'"):
        key_person_risk(flagship, "P99")
    with pytest.raises(ValueError, match=r"months: expected whole months 1 <= first <= last <= 12, found \(5, 3\)"):
        key_person_risk(flagship, "P01", (5, 3))
    with pytest.raises(ValueError, match=r"months: expected \(first, last\) months, found 4"):
        key_person_risk(flagship, "P01", 4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"skill: expected a human resource id .*, found 'budget'"):
        cross_training_value(flagship, "P01", "budget")
    with pytest.raises(ValueError, match=r"staffing: expected a StaffingPlan from assign_staff, found list"):
        rank_key_people([])  # type: ignore[arg-type]


def test_a_case_without_staff_cannot_be_staffed(case: kamlearn.Case) -> None:
    bare = kamlearn.Case.from_frames(case.accounts, case.resources, case.initiatives, case.demands)
    with pytest.raises(kamlearn.CaseError, match=r"staff: the case has no staff table"):
        assign_staff(bare, FLAGSHIP)


def test_bad_efficiency_input(small: tuple[kamlearn.Case, object]) -> None:
    efficiency_value = _efficiency_value()
    case, plan = small
    with pytest.raises(ValueError, match=r"gain: expected an efficiency gain from 0 up to \(not including\) 1, found 1.5"):
        efficiency_value(case, 1.5, plan=plan)
    with pytest.raises(ValueError, match=r"resources: expected resource ids of the case, found 'coffee'"):
        efficiency_value(case, 0.1, ["coffee"], plan=plan)
