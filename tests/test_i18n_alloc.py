"""The allocation's texts in bokmål, the exact search's warm start, and Plan.value_nok."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import kamlearn
from kamlearn.allocation import _exact, _model
from kamlearn.synthetic import synthetic_case

CASE = kamlearn.load_case()


def _clear_caches() -> None:
    _model._CORE_CACHE.clear()
    _model._CANDS_CACHE.clear()
    _exact._WARM.clear()
    _exact._LAYOUTS.clear()


# ----------------------------------------------------------------------------- the exact search's warm start


def _exact_selection(case: kamlearn.Case, **kwargs: object) -> tuple[str, ...]:
    return kamlearn.allocate(case, method="exact", **kwargs).selected  # type: ignore[arg-type]


def test_the_warm_start_keeps_what_its_key_names() -> None:
    _clear_caches()
    kamlearn.allocate(CASE, method="exact", forbidden=["A01-G4"])
    assert _exact._WARM
    for key, (core, buckets, prices, choice) in _exact._WARM.items():
        assert key[0] == id(core) and key[1] == tuple(id(b) for b in buckets)
        assert prices.ndim == 2 and choice.ndim == 1


def test_exact_solves_cold_and_warm_freed_and_rebuilt_choose_the_same_groups() -> None:
    settings: list[dict[str, object]] = [{}, {"commitments": ["A03-G1"]}, {"forbidden": ["A01-G4"]},
                                         {"forbidden": ["A01"]}]
    cold = {}
    for j, kwargs in enumerate(settings):
        _clear_caches()
        cold[j] = _exact_selection(CASE, **kwargs)
    for _ in range(3):  # warm, and each constrained solve's buckets are made anew (freed ids come back)
        for j, kwargs in reversed(list(enumerate(settings))):
            assert _exact_selection(CASE, **kwargs) == cold[j]
            gc.collect()
    # a freed case and new ones built where it was: each gets its cold plan ("auto" starts with the exact
    # search, which fills the warm start; some of these cases take the exact search alone half a minute)
    _clear_caches()
    first = synthetic_case(15, 3, 2, seed=11)
    kamlearn.allocate(first)
    del first
    gc.collect()
    for seed in range(12, 18):
        case = synthetic_case(15, 3, 2, seed=seed)
        forbidden = [str(case.initiatives.index[0])]
        warm = kamlearn.allocate(case, forbidden=forbidden).selected
        assert _exact._WARM
        _clear_caches()
        assert warm == kamlearn.allocate(case, forbidden=forbidden).selected, seed
        del case
        gc.collect()


# ----------------------------------------------------------------------------- value_nok


def test_value_nok_is_the_plan_value_and_total_value_its_alias() -> None:
    plan = kamlearn.allocate(CASE)
    assert plan.value_nok == plan.total_value
    assert np.isclose(plan.value_nok, plan.accounts["value_created"].sum())
    assert "value_nok=" in repr(plan)
    equal = kamlearn.allocate(CASE, "equal")
    assert equal.value_nok <= plan.value_nok
