"""Deprecated: the allocation engine is the package :mod:`kamlearn.allocation` (this module goes in the next release).

``kamlearn.allocate`` is the function :func:`kamlearn.allocation.allocate`.  This module keeps the old
import paths (``from kamlearn.allocate import Plan, _core_for, ...``) working for one release: every
name is looked up in its new module on access, with a :class:`DeprecationWarning` that names it.

Importing this module (``import kamlearn.allocate``) makes Python set the attribute ``allocate`` of
the package ``kamlearn`` to the module, which would hide the function; so the module is callable and
calls the function: ``kamlearn.allocate(case)`` works either way.

Examples
--------
>>> import kamlearn
>>> import kamlearn.allocate
>>> kamlearn.allocate(kamlearn.load_case()).status
'optimal'
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from typing import TYPE_CHECKING, Any

from kamlearn.i18n import _

if TYPE_CHECKING:  # the names as mypy should see them; at run time __getattr__ finds them (and warns)
    from kamlearn.allocation._exact import (  # noqa: F401
        _LAYOUTS,
        _WARM,
        _dp_pass,
        _DPResult,
        _exact_dp,
        _layout,
        _price_pool,
    )
    from kamlearn.allocation._lagrangian import (  # noqa: F401
        _boxstep,
        _DualResult,
        _lagrangian,
        _lagrangian_plan,
        _price_term,
    )
    from kamlearn.allocation._lp import (  # noqa: F401
        _LP,
        _diagnose_floors,
        _no_whole_plan,
        _solve_lp,
    )
    from kamlearn.allocation._milp import (  # noqa: F401
        _cbc,
        _milp,
        _MilpResult,
        _reduced_cost_fixing,
        _subset_cands,
    )
    from kamlearn.allocation._model import (  # noqa: F401
        _CANDS_CACHE,
        _CHUNK,
        _CORE_CACHE,
        _CORE_CACHE_SIZE,
        MAX_GROUPS_PER_ACCOUNT,
        _all_candidates,
        _bits,
        _Bucket,
        _build_core,
        _candidates_for,
        _Cands,
        _clv,
        _Core,
        _core_for,
        _core_from_case,
        _group_value,
        _Instance,
        _instance_for,
        _masks_value,
        _pack_candidates,
        _segment_argmax,
        _subset_values,
        _top_candidates,
        _undominated,
    )
    from kamlearn.allocation._primal import (  # noqa: F401
        _is_feasible,
        _priced_choice,
        _repair_and_fill,
        _tol,
        _violation,
    )
    from kamlearn.allocation.plan import (  # noqa: F401
        _STOPPED_BY,
        Plan,
    )
    from kamlearn.allocation.policies import (  # noqa: F401
        _PLAIN_POLICIES,
        POLICIES,
        PolicyFunction,
        _accounts_first,
        _committed_masks,
        _policy_concentrate,
        _policy_equal,
        _policy_greedy,
        _policy_need,
        _policy_revenue,
        _take_in_order,
    )
    from kamlearn.allocation.solve import (  # noqa: F401
        _EXACT_MAX_ACCOUNTS,
        _EXACT_MAX_CANDIDATES,
        _EXACT_TRY_SECONDS,
        _EXACT_TRY_STATES,
        _MILP_MAX_CANDIDATES,
        Method,
        _plan_from,
        _solve_optimal,
        _validate_masks,
        allocate,
        compare,
    )
    from kamlearn.allocation.what_if import (
        sweep_capacity as capacity_sweep,
    )
    from kamlearn.synthetic import (  # noqa: F401
        knapsack_case,
        synthetic_case,
    )

# old name -> the module that has it now (the same name there, except where the tuple renames it)
_MOVED: dict[str, str | tuple[str, str]] = {
    # public
    "POLICIES": "kamlearn.allocation.policies",
    "PolicyFunction": "kamlearn.allocation.policies",
    "Method": "kamlearn.allocation.solve",
    "Plan": "kamlearn.allocation.plan",
    "allocate": "kamlearn.allocation.solve",
    "compare": "kamlearn.allocation.solve",
    "capacity_sweep": ("kamlearn.allocation.what_if", "sweep_capacity"),
    "synthetic_case": "kamlearn.synthetic",
    "knapsack_case": "kamlearn.synthetic",
    "MAX_GROUPS_PER_ACCOUNT": "kamlearn.allocation._model",
    # the numeric model and the candidates
    **dict.fromkeys((
        "_CHUNK", "_bits", "_Bucket", "_Core", "_clv", "_subset_values", "_build_core", "_Instance", "_Cands",
        "_undominated", "_pack_candidates", "_all_candidates", "_top_candidates", "_segment_argmax",
        "_CORE_CACHE", "_CORE_CACHE_SIZE", "_core_from_case", "_core_for", "_instance_for", "_masks_value",
        "_group_value", "_CANDS_CACHE", "_candidates_for"), "kamlearn.allocation._model"),
    **dict.fromkeys(("_violation", "_tol", "_repair_and_fill", "_is_feasible", "_priced_choice"),
                    "kamlearn.allocation._primal"),
    **dict.fromkeys(("_LP", "_solve_lp", "_diagnose_floors", "_no_whole_plan"), "kamlearn.allocation._lp"),
    **dict.fromkeys(("_dp_pass", "_price_pool", "_DPResult", "_exact_dp", "_LAYOUTS", "_layout", "_WARM"),
                    "kamlearn.allocation._exact"),
    **dict.fromkeys(("_MilpResult", "_subset_cands", "_reduced_cost_fixing", "_cbc", "_milp"),
                    "kamlearn.allocation._milp"),
    **dict.fromkeys(("_lagrangian", "_price_term", "_DualResult", "_boxstep", "_lagrangian_plan"),
                    "kamlearn.allocation._lagrangian"),
    **dict.fromkeys(("_take_in_order", "_committed_masks", "_policy_equal", "_accounts_first", "_policy_revenue",
                     "_policy_need", "_policy_concentrate", "_policy_greedy", "_PLAIN_POLICIES"),
                    "kamlearn.allocation.policies"),
    **dict.fromkeys(("_STOPPED_BY",), "kamlearn.allocation.plan"),
    **dict.fromkeys(("_EXACT_MAX_CANDIDATES", "_EXACT_MAX_ACCOUNTS", "_EXACT_TRY_STATES", "_EXACT_TRY_SECONDS",
                     "_MILP_MAX_CANDIDATES", "_solve_optimal", "_plan_from", "_validate_masks"),
                    "kamlearn.allocation.solve"),
}

__all__ = ["POLICIES", "Plan", "allocate", "capacity_sweep", "compare", "synthetic_case"]


def _where(name: str) -> tuple[str, str]:
    place = _MOVED[name]
    return place if isinstance(place, tuple) else (place, name)


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n: not text (Python's own wording)
    module, new_name = _where(name)
    where = "kamlearn.allocate" if name == "allocate" else f"{module}.{new_name}"
    warnings.warn(_("kamlearn.allocate.{name} is now {where}; the module kamlearn.allocate goes in the next "
                    "release (import from kamlearn or kamlearn.allocation).").format(name=name, where=where),
                  DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), new_name)


class _CallableModule(types.ModuleType):
    """This module, callable as the function :func:`kamlearn.allocate` (see the module docstring)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from kamlearn.allocation.solve import allocate

        return allocate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
