"""The allocation policies: the optimal one and the plain rules a manager might use, as a registry.

:data:`POLICY_RULES` maps the name of every plain rule to its function (an instance in, one subset
bitmask per account out); :func:`allocate` and :func:`compare` look policies up with
:func:`policy_rule`, which raises the house ``ValueError`` for an unknown name.

Examples
--------
>>> POLICIES
('optimal', 'equal', 'revenue', 'need', 'concentrate', 'greedy')
>>> policy_rule("luck")
Traceback (most recent call last):
...
ValueError: policy: expected one of 'optimal', 'equal', 'revenue', 'need', 'concentrate', 'greedy' or a function, found 'luck'.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from kamlearn._checks import fail
from kamlearn.allocation._model import _Core, _group_value, _Instance
from kamlearn.allocation._primal import _tol
from kamlearn.i18n import _

if TYPE_CHECKING:
    from kamlearn.case import Case


PolicyFunction = Callable[["Case"], Iterable[str]]
"""A user's policy: ``policy(case) -> iterable of initiative ids``."""


def _take_in_order(inst: _Instance, sequence: Iterable[int], masks: np.ndarray | None = None,
                   use: np.ndarray | None = None, account_limit: np.ndarray | None = None) -> np.ndarray:
    """Add groups in the given order whenever they fit every capacity (and an optional per-account limit)."""
    core = inst.core
    masks = _committed_masks(inst) if masks is None else masks
    use = core.demand[inst.committed].sum(axis=0) if use is None else use
    limit = inst.capacity + _tol(inst)
    account_use = np.zeros((core.n_accounts, core.n_resources)) if account_limit is not None else None
    for g in sequence:
        a = core.initiative_account[g]
        bit = 1 << int(core.slot_of_initiative[g])
        if inst.forbidden[g] or masks[a] & bit:
            continue
        new_use = use + core.demand[g]
        if np.any(new_use > limit):
            continue
        if account_use is not None and account_limit is not None:
            if np.any(account_use[a] + core.demand[g] > account_limit[a] + _tol(inst)):
                continue
            account_use[a] += core.demand[g]
        masks[a] |= bit
        use = new_use
    return masks


def _committed_masks(inst: _Instance) -> np.ndarray:
    core = inst.core
    masks = np.zeros(core.n_accounts, dtype=np.int64)
    for g in np.flatnonzero(inst.committed):
        masks[core.initiative_account[g]] |= 1 << int(core.slot_of_initiative[g])
    return masks


def _policy_equal(inst: _Instance) -> np.ndarray:
    core = inst.core
    order = np.lexsort((core.initiative_account, core.slot_of_initiative))  # round robin over accounts
    return _take_in_order(inst, order)


def _accounts_first(core: _Core, account_order: np.ndarray) -> np.ndarray:
    rank = np.empty(core.n_accounts, dtype=np.int64)
    rank[account_order] = np.arange(core.n_accounts)
    return np.lexsort((core.slot_of_initiative, rank[core.initiative_account]))


def _policy_revenue(inst: _Instance) -> np.ndarray:
    core = inst.core
    has_groups = np.bincount(core.initiative_account, minlength=core.n_accounts) > 0
    weight = np.where(has_groups, core.revenue, 0.0)
    share = weight / weight.sum() if weight.sum() > 0 else weight
    order = _accounts_first(core, np.argsort(-core.revenue, kind="stable"))
    masks = _take_in_order(inst, order, account_limit=share[:, None] * inst.capacity[None, :])
    use = np.zeros(core.n_resources)
    for g in range(len(core.initiative_ids)):
        if masks[core.initiative_account[g]] >> int(core.slot_of_initiative[g]) & 1:
            use += core.demand[g]
    return _take_in_order(inst, order, masks=masks, use=use)  # leftovers, largest revenue first


def _policy_need(inst: _Instance) -> np.ndarray:
    core = inst.core
    return _take_in_order(inst, _accounts_first(core, np.argsort(core.retention, kind="stable")))


def _policy_concentrate(inst: _Instance) -> np.ndarray:
    core = inst.core
    return _take_in_order(inst, _accounts_first(core, np.argsort(-core.clv_before, kind="stable")))


def _policy_greedy(inst: _Instance) -> np.ndarray:
    """Best value per scarce unit first: the group with the highest added value per share of capacity."""
    core = inst.core
    masks = _committed_masks(inst)
    use = core.demand[inst.committed].sum(axis=0)
    limit = inst.capacity + _tol(inst)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        footprint = np.where(core.demand > 0, core.demand / inst.capacity, 0.0).sum(axis=1)
    version = np.zeros(core.n_accounts, dtype=np.int64)
    heap: list[tuple[float, int, int]] = []

    def push(g: int) -> None:
        a = core.initiative_account[g]
        bit = 1 << int(core.slot_of_initiative[g])
        if inst.forbidden[g] or masks[a] & bit or np.any(use + core.demand[g] > limit):
            return
        value = _group_value(inst, masks, a)
        gain = value(int(masks[a] | bit)) - value(int(masks[a]))
        if gain > 0:
            ratio = gain / footprint[g] if footprint[g] > 0 else np.inf
            heapq.heappush(heap, (-ratio, g, int(version[a])))

    for g in range(len(core.initiative_ids)):
        push(g)
    while heap:
        _, g, seen = heapq.heappop(heap)
        a = core.initiative_account[g]
        if seen != version[a]:
            push(g)  # the account changed since: re-score
            continue
        if np.any(use + core.demand[g] > limit):
            continue
        masks[a] |= 1 << int(core.slot_of_initiative[g])
        use = use + core.demand[g]
        version[a] += 1
    return masks


_PLAIN_POLICIES: dict[str, Callable[[_Instance], np.ndarray]] = {
    "equal": _policy_equal,
    "revenue": _policy_revenue,
    "need": _policy_need,
    "concentrate": _policy_concentrate,
    "greedy": _policy_greedy,
}

POLICY_RULES: Mapping[str, Callable[[_Instance], np.ndarray]] = MappingProxyType(_PLAIN_POLICIES)
"""The registry of plain rules: name -> function (a read-only view; the optimal policy is solved, not a rule)."""

POLICIES: tuple[str, ...] = ("optimal", *_PLAIN_POLICIES)
"""The named allocation policies, the optimal one first."""


def policy_rule(name: Any) -> Callable[[_Instance], np.ndarray]:
    """The function of a plain rule, by name.

    Raises
    ------
    ValueError
        For a name that is not one of :data:`POLICIES` (``"optimal"`` has no rule function: it is solved).
    """
    if isinstance(name, str) and name in _PLAIN_POLICIES:
        return _PLAIN_POLICIES[name]
    what = _("one of {policies} or a function").format(policies=", ".join(repr(p) for p in POLICIES))
    raise fail("policy", what, name)  # i18n: not text
