"""kamlearn's integer paths as Pyodide (32-bit WebAssembly) runs them, emulated on a 64-bit machine.

In Pyodide the platform's index type ``np.intp`` is 32 bits.  ``np.bincount`` and ``np.repeat`` cast their
integer input to it with the "safe" rule, so an ``int64`` array fails there ("Cannot cast array data from
dtype('int64') to dtype('int32') according to the rule 'safe'") while it works here, where ``intp`` is
64 bits.  Arrays become int64 in two ways a 64-bit machine cannot tell from ``intp``: ``dtype=np.int64``
written in kamlearn, and ``numpy.random.Generator``'s integer draws (int64 on every platform).

The emulation: in the modules under test, ``np`` is replaced by a proxy where those two sources give
*big-endian* int64 (``>i8``, still 64-bit, but distinguishable from the native ``intp``), and
``bincount``/``repeat`` refuse ``>i8`` input with Pyodide's message.  Arrays numpy makes as ``intp``
(``arange``, ``argsort``, ``flatnonzero``, pandas indexers) stay native and pass, as they do in Pyodide.
The check that the emulation bites: the unfixed code (``dtype=np.int64`` into ``bincount``) fails in it.
The browser test (tests/e2e/test_lite.py) runs the same code in real Pyodide.
"""

from __future__ import annotations

import importlib
import types
from typing import Any

import numpy as np
import pytest

import kamlearn

ALLOCATION_MODULES = [importlib.import_module(f"kamlearn.allocation.{name}") for name in (
    "_model", "_primal", "_lp", "_exact", "_milp", "_lagrangian", "policies", "plan", "solve")]
allocate_module = ALLOCATION_MODULES[0]  # the numeric model, where the integer paths are
value_module = importlib.import_module("kamlearn.value")  # the account-value kernel of every subset
authority_module = importlib.import_module("kamlearn.authority")
authority_model_module = importlib.import_module("kamlearn._authority_model")  # the draws live here

WIDE = np.dtype(">i8")  # stands for "explicitly int64" in the emulation


def _refuse_wide(array: Any) -> None:
    if isinstance(array, np.ndarray) and array.dtype == WIDE:
        raise TypeError("Cannot cast array data from dtype('int64') to dtype('int32') according to the rule 'safe'")


class _Generator:
    """numpy's Generator whose integer draws are int64 "on every platform" (here: ``>i8``)."""

    def __init__(self, inner: np.random.Generator) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in {"poisson", "integers", "binomial", "negative_binomial", "geometric", "hypergeometric"}:
            return attribute

        def draw(*args: Any, **kwargs: Any) -> Any:
            out = attribute(*args, **kwargs)
            return out.astype(WIDE) if isinstance(out, np.ndarray) else out

        return draw


def wasm32_numpy() -> types.SimpleNamespace:
    """A stand-in for ``numpy`` with Pyodide's integer rules for bincount and repeat."""

    def bincount(x: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_wide(x)
        return np.bincount(x, *args, **kwargs)

    def repeat(a: Any, repeats: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_wide(repeats)
        return np.repeat(a, repeats, *args, **kwargs)

    def dtype_of(value: Any) -> Any:
        return WIDE if value is np.int64 or (isinstance(value, str) and value == "int64") else value

    def asarray(a: Any, dtype: Any = None, **kwargs: Any) -> Any:
        return np.asarray(a, dtype=dtype_of(dtype) if dtype is not None else None, **kwargs)

    def empty(shape: Any, dtype: Any = float, **kwargs: Any) -> Any:
        return np.empty(shape, dtype=dtype_of(dtype), **kwargs)

    def zeros(shape: Any, dtype: Any = float, **kwargs: Any) -> Any:
        return np.zeros(shape, dtype=dtype_of(dtype), **kwargs)

    random = types.SimpleNamespace(**{k: getattr(np.random, k) for k in dir(np.random) if not k.startswith("__")})
    random.default_rng = lambda *a, **k: _Generator(np.random.default_rng(*a, **k))
    proxy = types.SimpleNamespace(**{k: getattr(np, k) for k in dir(np) if not k.startswith("__")})
    proxy.bincount, proxy.repeat, proxy.asarray, proxy.empty, proxy.zeros = bincount, repeat, asarray, empty, zeros
    proxy.random = random
    # np.intp is np.int64 here: give the proxy its own (native, 64-bit) intp so that code asking for the
    # platform's index type is told apart from code asking for int64
    proxy.intp = np.dtype(np.intp)
    return proxy


@pytest.fixture
def wasm32(monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = wasm32_numpy()
    for module in (*ALLOCATION_MODULES, value_module):
        monkeypatch.setattr(module, "np", proxy)
    for module in (authority_module, authority_model_module):
        monkeypatch.setattr(module, "np", proxy)


def test_the_emulation_catches_int64_into_bincount_and_repeat() -> None:
    fake = wasm32_numpy()
    with pytest.raises(TypeError, match=r"int64.*int32.*safe"):
        fake.bincount(fake.asarray([0, 1, 1], dtype=np.int64))
    with pytest.raises(TypeError, match=r"int64.*int32.*safe"):
        fake.repeat(np.arange(3), fake.random.default_rng(0).poisson(2.0, size=3))
    assert fake.bincount(fake.asarray([0, 1, 1], dtype=fake.intp)).tolist() == [1, 2]
    assert fake.bincount(np.argsort(np.array([3, 1, 2]))).tolist() == [1, 1, 1]


def test_the_unfixed_allocation_code_fails_in_the_emulation(wasm32: None) -> None:
    proxy = allocate_module.np
    with pytest.raises(TypeError, match="int64"):  # what kamlearn did before: dtype=np.int64 into np.bincount
        proxy.bincount(proxy.asarray([0, 0, 1], dtype=np.int64), minlength=2)


def test_allocation_runs_with_32_bit_integer_rules(wasm32: None) -> None:
    case = kamlearn.load_case()
    plans = {policy: kamlearn.allocate(case, policy) for policy in ("equal", "revenue", "greedy", "optimal")}
    assert plans["optimal"].value_nok >= max(p.value_nok for p in plans.values()) - 1e-6
    assert int(plans["optimal"].accounts["groups"].sum()) > 0


def test_authority_simulation_runs_with_32_bit_integer_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    case = kamlearn.load_case()
    native = kamlearn.simulate_authority(case, seed=1)
    proxy = wasm32_numpy()
    for module in (authority_module, authority_model_module):
        monkeypatch.setattr(module, "np", proxy)
    emulated = kamlearn.simulate_authority(case, seed=1)
    assert isinstance(authority_model_module.np.random.default_rng(0), _Generator)  # the draws went through the emulation
    assert str(emulated.summary()) == str(native.summary())  # same seed, same numbers
