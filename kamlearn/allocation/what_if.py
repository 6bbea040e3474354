"""What-ifs of the allocation: more or less of a resource, re-solved.

:func:`sweep_capacity` re-solves over a grid of one resource's capacities; :func:`efficiency_value`
values an efficiency gain on a resource two ways (re-solved, and the shadow price's estimate).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from kamlearn._checks import one_of
from kamlearn.allocation.policies import PolicyFunction
from kamlearn.allocation.solve import allocate
from kamlearn.i18n import _

if TYPE_CHECKING:
    from kamlearn.case import Case


def sweep_capacity(
    case: Case,
    resource_id: str,
    capacities: Iterable[float],
    policy: str | PolicyFunction = "optimal",
    **kwargs: Any,
) -> pd.DataFrame:
    """Value created as a function of one resource's capacity.

    Parameters
    ----------
    case
        The case.
    resource_id
        The resource whose capacity varies.
    capacities
        The capacities to try.
    policy, **kwargs
        Passed to :func:`allocate` for every capacity.

    Returns
    -------
    DataFrame
        One row per capacity: ``capacity``, ``total_value`` (whole groups),
        ``relaxation_value`` (the LP relaxation; its slope is the shadow price),
        ``shadow_price``, ``used``, ``groups``, ``status``.

    Examples
    --------
    >>> import kamlearn
    >>> sweep = sweep_capacity(kamlearn.load_case(), "kam_hours", [600, 1100, 1600])
    >>> bool(sweep["total_value"].is_monotonic_increasing)
    True
    """
    one_of("resource_id", resource_id, list(case.resources.index))
    rows = []
    for capacity in capacities:
        plan = allocate(case.with_capacity({resource_id: float(capacity)}), policy, **kwargs)
        rows.append({
            "capacity": float(capacity),
            "total_value": plan.value_nok,
            "relaxation_value": plan.relaxation_value,
            "shadow_price": float(plan.shadow_prices[resource_id]),
            "used": float(plan.used[resource_id]),
            "groups": len(plan.selected),
            "status": plan.status,
        })
    frame = pd.DataFrame(rows, columns=["capacity", "total_value", "relaxation_value", "shadow_price", "used",
                                        "groups", "status"])
    frame["status"] = frame["status"].astype("str")
    frame.attrs["resource_id"] = resource_id
    return frame


def capacity_sweep(
    case: Case,
    resource_id: str,
    capacities: Iterable[float],
    policy: str | PolicyFunction = "optimal",
    **kwargs: Any,
) -> pd.DataFrame:
    """Deprecated name of :func:`sweep_capacity` (kamlearn's functions are verbs: ``sweep_limits``, ``allocate``).

    .. deprecated:: 0.2
        Use :func:`sweep_capacity`; this name goes in the next release.
    """
    warnings.warn(_("capacity_sweep is renamed sweep_capacity (as sweep_limits); the old name goes in the next "
                    "release."), DeprecationWarning, stacklevel=2)
    return sweep_capacity(case, resource_id, capacities, policy, **kwargs)


def efficiency_value(
    case: Case,
    gain: float = 0.10,
    resources: Iterable[str] | None = None,
    *,
    plan: Any = None,
    policy: str = "optimal",
) -> pd.DataFrame:
    """What an efficiency gain on a resource frees and what it is worth.

    An efficiency gain ``x`` means the same work needs ``(1 - x)`` of the
    hours.  In the plan it frees ``x * used`` hours.  For the allocation it is
    the same as capacity ``C / (1 - x)`` in today's hours, ``C * x / (1 - x)``
    more.  What that is worth is shown two ways, side by side: re-solving
    the allocation with the larger capacity (``case.with_capacity``), and the
    shadow price's first-order estimate, shadow price times the extra
    capacity.  The shadow price is exact only for small changes; it
    overstates large ones (diminishing returns) and understates when an
    extra unit unlocks a whole group.

    Parameters
    ----------
    case
        The company.
    gain
        The efficiency gain, ``0 <= gain < 1`` (0.10 = 10 % fewer hours for the same work).
    resources
        Resource ids to try; by default every human resource.
    plan
        The base Plan; by default ``kamlearn.allocate(case, policy=policy)``.
    policy
        Allocation policy for the base plan and the re-solves.

    Returns
    -------
    DataFrame
        Index ``resource_id``: ``capacity``, ``used``, ``hours_freed``
        (``gain * used``), ``extra_capacity`` (``capacity * gain / (1 - gain)``),
        ``shadow_price`` (NOK per unit), ``value_shadow_estimate_nok``,
        ``value_resolved_nok`` and ``plan_value_nok``.

    Examples
    --------
    >>> import kamlearn
    >>> table = kamlearn.efficiency_value(kamlearn.load_case(), 0.10, ["it_hours"], policy="greedy")
    >>> row = table.loc["it_hours"]
    >>> bool(row["hours_freed"] == 0.10 * row["used"]), round(float(row["extra_capacity"]), 1)
    (True, 77.8)
    """
    if isinstance(gain, bool) or not isinstance(gain, (int, float)) or not 0 <= float(gain) < 1:
        raise ValueError(_("gain: expected an efficiency gain from 0 up to (not including) 1, found {found}.").format(
            found=repr(gain)))
    table = case.resources
    chosen = list(table.index[table["kind"] == "human"]) if resources is None else [str(r) for r in resources]
    unknown = [r for r in chosen if r not in table.index]
    if unknown:
        raise ValueError(_("resources: expected resource ids of the case, found {found}.").format(
            found=", ".join(map(repr, unknown))))
    base = allocate(case, policy=policy) if plan is None else plan
    usage = base.resources
    base_value = float(base.value_nok)
    capacities = {str(k): float(v) for k, v in table["capacity"].items()}
    used_by = {str(k): float(v) for k, v in usage["used"].items()}
    prices = {str(k): float(v) for k, v in usage["shadow_price"].items()} if "shadow_price" in usage.columns else {}
    rows = []
    for resource in chosen:
        capacity = capacities[resource]
        used = used_by.get(resource, 0.0)
        price = prices.get(resource, math.nan)
        extra = capacity * float(gain) / (1.0 - float(gain))
        resolved = allocate(case.with_capacity({resource: capacity + extra}), policy=policy)
        rows.append(
            {
                "resource_id": resource,
                "capacity": capacity,
                "used": used,
                "hours_freed": float(gain) * used,
                "extra_capacity": extra,
                "shadow_price": price,
                "value_shadow_estimate_nok": price * extra,
                "value_resolved_nok": float(resolved.value_nok) - base_value,
                "plan_value_nok": base_value,
            }
        )
    return pd.DataFrame(rows).set_index("resource_id")
