"""kamlearn: securing and sharing scarce internal resources across key accounts.

A teaching and analysis package for key account management (KAM).  It models a
company's key accounts and what they are worth, its financial, technological
and human resources, the project groups that could work on each account, and
how to allocate scarce resources among them, with what each scarce unit is
worth.

Examples
--------
>>> import kamlearn
>>> case = kamlearn.load_case()
>>> case.name
'Fjordpak AS'
>>> round(float(kamlearn.clv_multiple(0.8, 0.10)), 2)
2.67
"""

from __future__ import annotations

from kamlearn.errors import CaseError, InfeasibleError, KamlearnWarning

# --- foundation ---
from kamlearn.case import Case, load_case
from kamlearn.value import (
    abc_analysis,
    account_outcome,
    break_even_retention_uplift,
    clv_multiple,
    customer_lifetime_value,
    initiative_cost,
    retention_after,
)

__all__ = [
    "CaseError",
    "InfeasibleError",
    "KamlearnWarning",
    "Case",
    "load_case",
    "abc_analysis",
    "account_outcome",
    "break_even_retention_uplift",
    "clv_multiple",
    "customer_lifetime_value",
    "initiative_cost",
    "retention_after",
]

# --- engine ---
from kamlearn.allocate import POLICIES, Plan, allocate, capacity_sweep, compare, synthetic_case
from kamlearn.response import (
    AdbudgCurve,
    EffortAllocation,
    ExponentialCurve,
    allocate_effort,
    calibrate_adbudg,
)

__all__ += [
    "POLICIES",
    "Plan",
    "allocate",
    "capacity_sweep",
    "compare",
    "synthetic_case",
    "AdbudgCurve",
    "EffortAllocation",
    "ExponentialCurve",
    "allocate_effort",
    "calibrate_adbudg",
]

# --- people ---
from kamlearn.people import (
    StaffingChange,
    StaffingPlan,
    assign_staff,
    cross_training_value,
    efficiency_value,
    key_person_risk,
    rank_cross_training,
    rank_key_people,
)

__all__ += [
    "StaffingChange",
    "StaffingPlan",
    "assign_staff",
    "cross_training_value",
    "efficiency_value",
    "key_person_risk",
    "rank_cross_training",
    "rank_key_people",
]

# --- authority ---
from kamlearn.authority import (
    AuthorityParameterError,
    AuthorityParams,
    AuthorityResult,
    LimitSweep,
    account_request_rates,
    best_limit,
    simulate_authority,
    sweep_limits,
)

__all__ += [
    "AuthorityParameterError",
    "AuthorityParams",
    "AuthorityResult",
    "LimitSweep",
    "account_request_rates",
    "best_limit",
    "simulate_authority",
    "sweep_limits",
]

# --- course ---
from kamlearn.effort import EffortPlan, judged_estimates, plan_effort  # noqa: E402
from kamlearn.report import justification  # noqa: E402

__all__ += ["EffortPlan", "judged_estimates", "justification", "plan_effort"]

__version__ = "0.1.0"
