"""kamlearn.sensitivity: ranges of the effect estimates, seeded draws, re-solves, regret."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kamlearn
from kamlearn import CaseError
from kamlearn.sensitivity import EFFECTS, _draw, _Resolver, effect_ranges, sensitivity


@pytest.fixture(scope="module")
def case() -> kamlearn.Case:
    return kamlearn.load_case()


@pytest.fixture(scope="module")
def plan(case: kamlearn.Case) -> kamlearn.Plan:
    return kamlearn.allocate(case)


def with_ranges(case: kamlearn.Case, low_factor: float, high_factor: float) -> kamlearn.Case:
    initiatives = case.initiatives
    for effect in EFFECTS:
        initiatives[f"{effect}_low"] = initiatives[effect] * low_factor
        initiatives[f"{effect}_high"] = np.minimum(1.0, initiatives[effect] * high_factor)
    return case.with_tables(initiatives=initiatives)


def test_default_range_is_half_to_one_and_a_half_times_and_labelled(case: kamlearn.Case) -> None:
    ranges = effect_ranges(case)
    estimate = case.initiatives["churn_reduction"]
    assert np.allclose(ranges[("churn_reduction", "low")], estimate * 0.5)
    assert np.allclose(ranges[("churn_reduction", "high")], np.minimum(1, estimate * 1.5))
    assert set(ranges[("share_of_wallet_gain", "source")]) == {"assumed"}
    narrow = effect_ranges(case, default_range=0.1)
    assert np.allclose(narrow[("cost_to_serve_reduction", "low")], case.initiatives["cost_to_serve_reduction"] * 0.9)


def test_ranges_from_the_data_columns(case: kamlearn.Case) -> None:
    ranged = with_ranges(case, 0.8, 1.1)
    ranges = effect_ranges(ranged)
    assert set(ranges[("churn_reduction", "source")]) == {"data"}
    assert np.allclose(ranges[("churn_reduction", "low")], case.initiatives["churn_reduction"] * 0.8)


def test_range_columns_are_validated_at_the_door(case: kamlearn.Case) -> None:
    initiatives = case.initiatives
    initiatives["churn_reduction_low"] = 0.0
    initiatives["churn_reduction_high"] = 1.5  # not a share
    with pytest.raises(CaseError, match="churn_reduction_high"):
        case.with_tables(initiatives=initiatives)


def test_low_above_the_estimate_names_row_and_column(case: kamlearn.Case) -> None:
    initiatives = case.initiatives
    initiatives["churn_reduction_low"] = initiatives["churn_reduction"]
    initiatives["churn_reduction_high"] = initiatives["churn_reduction"]
    initiatives.loc["A01-G2", "churn_reduction_low"] = 0.9
    bad = case.with_tables(initiatives=initiatives)
    with pytest.raises(CaseError, match=r"row 3 \(A01-G2\), column 'churn_reduction_low'.*found 0.9"):
        effect_ranges(bad)


def test_only_one_of_the_pair_is_an_error(case: kamlearn.Case) -> None:
    initiatives = case.initiatives
    initiatives["share_of_wallet_gain_low"] = 0.0
    with pytest.raises(CaseError, match="share_of_wallet_gain_high"):
        effect_ranges(case.with_tables(initiatives=initiatives))


@pytest.mark.parametrize("distribution", ["triangular", "uniform"])
def test_draws_stay_in_range_with_the_analytic_mean(case: kamlearn.Case, distribution: str) -> None:
    ranges = effect_ranges(case)
    effects = _draw(ranges, 40_000, 3, distribution)  # type: ignore[arg-type]
    low = ranges[("churn_reduction", "low")].to_numpy()
    mode = ranges[("churn_reduction", "estimate")].to_numpy()
    high = ranges[("churn_reduction", "high")].to_numpy()
    drawn = effects[:, :, 0]
    assert (drawn >= low - 1e-12).all() and (drawn <= high + 1e-12).all()
    expected = (low + mode + high) / 3 if distribution == "triangular" else (low + high) / 2
    assert np.allclose(drawn.mean(axis=0), expected, atol=0.004)


def test_zero_width_range_gives_the_estimate(case: kamlearn.Case) -> None:
    ranges = effect_ranges(case, default_range=0.0)
    effects = _draw(ranges, 5, 0, "triangular")
    assert np.allclose(effects[:, :, 1], case.initiatives["cost_to_serve_reduction"].to_numpy())


def test_fast_path_gives_the_same_plans_as_the_public_api(plan: kamlearn.Plan) -> None:
    resolve = _Resolver(plan, None, None)
    assert resolve.is_fast, "the engine adapter fell back to the slow public route"
    effects = _draw(effect_ranges(plan.case), 4, 11, "triangular")
    for d in range(4):
        fast = resolve(effects[d])
        public = resolve.public(effects[d])
        assert np.array_equal(fast[0], public[0])
        assert fast[1] == pytest.approx(public[1], rel=1e-12)
        assert fast[2] == pytest.approx(public[2], rel=1e-12)


def test_fast_path_with_commitments_and_forbidden_groups_matches_the_public_api(plan: kamlearn.Plan) -> None:
    chosen = list(plan.selected)
    left_out = [g for g in plan.case.initiatives.index if g not in set(chosen)]
    resolve = _Resolver(plan, [left_out[0]], [chosen[0]])
    effects = _draw(effect_ranges(plan.case), 3, 12, "uniform")
    for d in range(3):
        fast = resolve(effects[d])
        public = resolve.public(effects[d])
        assert fast[0][list(plan.case.initiatives.index).index(left_out[0])]
        assert np.array_equal(fast[0], public[0])
        assert fast[1] == pytest.approx(public[1], rel=1e-12)


def test_a_block_of_draws_is_valued_as_each_draw_alone(plan: kamlearn.Plan) -> None:
    """The vectorised pass over a block of draws gives the engine's subset values bit for bit."""
    resolve = _Resolver(plan, None, None)
    effects = _draw(effect_ranges(plan.case), 7, 4, "triangular")
    block = resolve._values(effects)
    for d in (0, 3, 6):
        alone = resolve._values(effects[d : d + 1])
        for together, one in zip(block, alone, strict=True):
            assert np.array_equal(together[d], one[0])


def test_the_search_and_the_engine_s_full_solve_agree(plan: kamlearn.Plan) -> None:
    """The warm exact search per draw gives the plans of the engine's own solve (its fallback)."""
    effects = _draw(effect_ranges(plan.case), 25, 21, "triangular")
    searched = _Resolver(plan, None, None).run(effects)
    full = _Resolver(plan, None, None)
    full.search = False
    solved = full.run(effects)
    assert np.array_equal(searched[0], solved[0])
    assert np.array_equal(searched[1], solved[1]) and np.array_equal(searched[2], solved[2])


def test_certain_estimates_mean_no_regret(plan: kamlearn.Plan) -> None:
    result = sensitivity(plan, draws=3, default_range=0.0, progress=False)
    assert result.expected_regret == 0
    assert result.share_today_optimal == 1.0
    assert np.allclose(result.today_value, plan.value_nok)
    assert result.groups["share_in_optimal"].eq(result.groups["in_today"].astype(float)).all()


def test_seeded_draws_repeat_and_regret_is_never_negative(plan: kamlearn.Plan) -> None:
    first = sensitivity(plan, draws=12, seed=5, progress=False)
    again = sensitivity(plan, draws=12, seed=5, progress=False)
    other = sensitivity(plan, draws=12, seed=6, progress=False)
    assert np.array_equal(first.optimal_value, again.optimal_value)
    assert not np.array_equal(first.optimal_value, other.optimal_value)
    assert (first.optimal_value >= first.today_value - 1e-6).all()
    assert (first.regret >= 0).all()
    assert first.expected_regret == pytest.approx(float(np.mean(first.optimal_value - first.today_value)), abs=1e-6)
    # groups that are in every draw's plan or none are counted right
    share = first.groups["share_in_optimal"]
    assert ((share >= 0) & (share <= 1)).all()
    assert share.to_numpy() == pytest.approx(first.in_optimal.mean(axis=0))


def test_outputs_say_units_and_the_assumption(plan: kamlearn.Plan) -> None:
    result = sensitivity(plan, draws=5, seed=1, progress=False)
    text = result.summary()
    assert "MNOK" in text and "ASSUMPTION" in text and "0.5 to 1.5 times the estimate" in text
    assert "A01-G1" in result._repr_html_()
    quantiles = result.value_quantiles()
    assert list(quantiles.columns) == ["optimal_plan_nok", "todays_plan_nok", "regret_nok"]
    assert isinstance(result.to_frame(), pd.DataFrame)


def test_data_ranges_are_not_labelled_an_assumption(case: kamlearn.Case) -> None:
    ranged = with_ranges(case, 0.9, 1.1)
    result = sensitivity(kamlearn.allocate(ranged), draws=3, progress=False)
    assert not any("ASSUMPTION" in line for line in result.assumptions)


def test_progress_bar_shows_when_asked(plan: kamlearn.Plan, capsys: pytest.CaptureFixture[str]) -> None:
    sensitivity(plan, draws=2, progress=True)
    assert "re-solving the plan" in capsys.readouterr().err
    sensitivity(plan, draws=2, progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"draws": 0}, "draws: expected a whole number of at least 1"),
    ({"draws": 2.5}, "draws"),
    ({"distribution": "normal"}, "distribution: expected one of 'triangular', 'uniform'"),
    ({"default_range": 2}, "default_range: expected a number from 0 to 1"),
])
def test_bad_arguments(plan: kamlearn.Plan, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sensitivity(plan, progress=False, **kwargs)  # type: ignore[arg-type]


def test_not_a_plan() -> None:
    with pytest.raises(TypeError, match="expected a Plan"):
        sensitivity("plan")  # type: ignore[arg-type]
