"""The allocation package's house rules: the old module path, the one value kernel, the caches, plot's kind."""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pytest

import kamlearn
from kamlearn.allocation import _exact, _model, policies
from kamlearn.synthetic import synthetic_case
from kamlearn.value import account_outcome, group_set_outcomes

matplotlib.use("Agg")

CASE = kamlearn.load_case()


_clear_caches = _exact.clear_caches  # forget every solve: start cold


# ----------------------------------------------------------------------------- the old module path


def test_importing_the_old_module_keeps_the_function_callable() -> None:
    code = (
        "import kamlearn, kamlearn.allocate, warnings\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "plan = kamlearn.allocate(kamlearn.load_case())\n"
        "from kamlearn import allocate\n"
        "print(plan.status, allocate(kamlearn.load_case(), 'equal').policy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["optimal", "equal"]


def test_old_names_warn_and_are_the_new_objects() -> None:
    old = importlib.import_module("kamlearn.allocate")
    with pytest.warns(DeprecationWarning, match=r"kamlearn.allocate._core_for is now kamlearn.allocation._model"):
        core_for = old._core_for
    assert core_for is _model._core_for
    with pytest.warns(DeprecationWarning, match="kamlearn.synthetic.synthetic_case"):
        from kamlearn.allocate import synthetic_case as old_synthetic
    assert old_synthetic is synthetic_case
    with pytest.warns(DeprecationWarning, match="sweep_capacity"):
        assert old.capacity_sweep is kamlearn.sweep_capacity
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        old.nothing  # noqa: B018
    assert old(CASE, "equal").policy == "equal"  # the module calls the function, without a warning


def test_capacity_sweep_is_deprecated_for_sweep_capacity() -> None:
    with pytest.warns(DeprecationWarning, match="renamed sweep_capacity"):
        old = kamlearn.capacity_sweep(CASE, "integration_slots", [2])
    assert old.equals(kamlearn.sweep_capacity(CASE, "integration_slots", [2]))


# ----------------------------------------------------------------------------- the policy registry


def test_policies_are_a_registry() -> None:
    assert policies.POLICIES == ("optimal", *policies.POLICY_RULES)
    assert policies.policy_rule("greedy") is policies._policy_greedy
    with pytest.raises(ValueError, match=r"policy: expected one of 'optimal', .* or a function, found 'luck'"):
        policies.policy_rule("luck")
    with pytest.raises(TypeError):
        policies.POLICY_RULES["luck"] = policies._policy_greedy  # type: ignore[index]


# ----------------------------------------------------------------------------- one account-value kernel


def test_account_outcome_is_the_kernel_for_one_set() -> None:
    init = CASE.initiatives
    for account_id in ("A01", "A02", "A05"):
        groups = init[init["account_id"] == account_id]
        out = account_outcome(CASE.accounts.loc[account_id], groups, CASE.discount_rate, CASE.horizon_years)
        row = CASE.accounts.loc[[account_id]]
        every = group_set_outcomes({c: row[c].to_numpy() for c in row.columns if c != "name" and c != "stage"},
                                   {c: groups[c].to_numpy()[None, :] for c in groups.columns if c.endswith(
                                       ("reduction", "gain"))}, None, CASE.discount_rate, CASE.horizon_years)
        assert out["clv_after"] == every["clv_after"][0, -1]  # the full set is the last subset, to the last digit
        assert out["retention_after"] == every["retention_after"][0, -1]
        assert every["clv_gain"][0, 0] == 0.0  # the empty set changes nothing


def test_plan_accounts_and_subset_values_agree_with_account_outcome() -> None:
    plan = kamlearn.allocate(CASE)
    init = CASE.initiatives.loc[list(plan.selected)]
    cost = kamlearn.initiative_cost(CASE)
    for account_id, row in plan.accounts[plan.accounts["groups"] > 0].iterrows():
        chosen = init[init["account_id"] == account_id]
        out = account_outcome(CASE.accounts.loc[account_id], chosen, CASE.discount_rate, CASE.horizon_years)
        assert row["clv_after"] == out["clv_after"]
        assert row["retention_after"] == out["retention_after"]
        assert row["value_created"] == pytest.approx(out["clv_gain"] - cost[chosen.index].sum(), rel=1e-12)


def test_the_kernel_with_masks_equals_every_subset() -> None:
    rng = np.random.default_rng(4)
    n, k = 5, 4
    accounts = {"yearly_revenue_nok": rng.uniform(1e6, 5e7, n), "gross_margin": rng.uniform(0.1, 0.4, n),
                "cost_to_serve_nok": rng.uniform(1e5, 1e6, n), "retention": rng.uniform(0.6, 0.95, n),
                "share_of_wallet": rng.uniform(0.2, 0.7, n)}
    effects = {"churn_reduction": rng.uniform(0, 0.3, (n, k)), "cost_to_serve_reduction": rng.uniform(0, 0.2, (n, k)),
               "share_of_wallet_gain": rng.uniform(0, 0.2, (n, k))}
    cost = rng.uniform(0, 1e6, (n, k))
    every = group_set_outcomes(accounts, effects, None, 0.1, 5.0, cost=cost)
    masks = np.tile(np.arange(1 << k), (n, 1))[:, ::-1]
    some = group_set_outcomes(accounts, effects, masks, 0.1, 5.0, cost=cost)
    for key in ("retention_after", "clv_after", "cost", "share_of_wallet_after", "margin_after"):
        np.testing.assert_array_equal(some[key], every[key][:, ::-1])
    assert every["clv_after"].shape == (n, 1 << k) and every["clv_before"].shape == (n, 1)


# ----------------------------------------------------------------------------- the caches keyed by id()


def _selection(case: kamlearn.Case, **kwargs: object) -> tuple[str, ...]:
    return kamlearn.allocate(case, **kwargs).selected  # type: ignore[arg-type]


@pytest.mark.parametrize("method", [None, "exact"])
def test_a_plan_does_not_depend_on_solve_history(method: str | None) -> None:
    """Solve cold, then warm three times in another order (with gc between): the same groups every time.

    ``method="exact"`` also fills the exact search's warm start (``_exact._WARM``); each constrained solve makes
    its buckets anew, so freed ids come back. The synthetic cases are solved by the default method only.
    """
    cases = [CASE, CASE.with_capacity(kam_hours=900.0), synthetic_case(40, 4, 3, seed=2),
             synthetic_case(20, 6, 3, seed=5)]
    settings: list[dict[str, object]] = [{}, {"commitments": ["A03-G1"]}, {"forbidden": ["A01-G4"]},
                                         {"forbidden": ["A01"]}]
    chosen = [(i, j) for i in range(len(cases)) for j in range(len(settings))
              if i < 2 or (j == 0 and method is None)]
    extra = {} if method is None else {"method": method}
    cold = {}
    for i, j in chosen:
        _clear_caches()
        cold[i, j] = _selection(cases[i], **settings[j], **extra)
    for _ in range(3):  # warm: every cache filled by the other solves, in another order
        for i, j in reversed(chosen):
            assert _selection(cases[i], **settings[j], **extra) == cold[i, j]
            gc.collect()


def test_the_warm_start_keeps_what_its_key_names() -> None:
    _clear_caches()
    kamlearn.allocate(CASE, method="exact", forbidden=["A01-G4"])
    assert _exact._WARM
    for key, (core, buckets, prices, choice) in _exact._WARM.items():
        assert key[0] == id(core) and key[1] == tuple(id(b) for b in buckets)
        assert prices.ndim == 2 and choice.ndim == 1


@pytest.mark.parametrize("forbid_one", [False, True])
def test_a_freed_case_and_a_new_one_at_the_same_address_get_their_own_plans(forbid_one: bool) -> None:
    """Build cases until one lands where a freed one was: the caches must not hand it the old plan.

    With ``forbid_one`` each solve also forbids the case's first group (new masked buckets each time, and the
    default method starts with the exact search, which fills its warm start; some of these cases take the exact
    search alone half a minute, hence fewer seeds).
    """
    _clear_caches()
    first = synthetic_case(15, 3, 2, seed=11)
    kamlearn.allocate(first)
    del first
    gc.collect()
    for seed in range(12, 18 if forbid_one else 30):
        case = synthetic_case(15, 3, 2, seed=seed)
        kwargs = {"forbidden": [str(case.initiatives.index[0])]} if forbid_one else {}
        # CPython often puts a new case (or its tables) where a freed one was: id(case) == old_id, or
        # table_ids & {id(t) for t in case._tables.values()}; either way the plan must be the cold one
        warm = _selection(case, **kwargs)
        if forbid_one:
            assert _exact._WARM
        _clear_caches()
        assert warm == _selection(case, **kwargs), seed
        del case
        gc.collect()
    # every cache keeps what its key's ids name alive, so no new object can take such an id while the entry lives
    for key, (_core, refs) in _model._CORE_CACHE.items():
        assert key[:3] == tuple(id(t) for t in refs)
    for key, (core, _buckets, _cands) in _model._CANDS_CACHE.items():
        assert key[0] == id(core)


def test_constrained_solves_in_a_loop_keep_their_constraints() -> None:
    """Commitments and forbidden groups build new masked subsets each solve; a freed one's id comes back.

    The candidate cache was once keyed by those ids alone, and a solve could be handed the candidates of
    the constraints before it (a forbidden group in the plan).
    """
    _clear_caches()
    groups = [g for g in CASE.initiatives.index if g.startswith("A01")]
    for _ in range(3):
        for g in groups:
            assert g in _selection(CASE, commitments=[g])
            assert g not in _selection(CASE, forbidden=[g])


# ----------------------------------------------------------------------------- plot(kind, ax)


def test_plan_plot_takes_kind_first_and_refuses_an_unknown_kind() -> None:
    import matplotlib.pyplot as plt

    plan = kamlearn.allocate(CASE)
    assert plan.plot("allocation").get_ylabel() == "Share of capacity"
    _fig, ax = plt.subplots()
    assert plan.plot("utilisation", ax=ax) is ax
    with pytest.raises(ValueError, match=r"kind: expected one of 'utilisation', 'allocation', found 'pie'"):
        plan.plot("pie")  # type: ignore[arg-type]
    with pytest.warns(DeprecationWarning, match=r"Plan.plot\(kind, ax=ax\)"):
        assert plan.plot(ax, "allocation") is ax  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plan.plot()
    plt.close("all")
