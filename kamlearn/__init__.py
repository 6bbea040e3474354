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

from kamlearn import formatting as formatting  # numbers for people in the language in force (notebooks use it)

# the engine: allocation across accounts, shadow prices, response curves
# (``kamlearn.allocate`` is the function, from the package ``kamlearn.allocation``; the old module
# ``kamlearn.allocate`` is a deprecated shim that is callable as the function, so importing it hides nothing)
from kamlearn.allocation import POLICIES, Plan, allocate, capacity_sweep, compare, sweep_capacity
from kamlearn.allocation.what_if import efficiency_value

# the authority to decide, and speed
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

# the foundation: a company's data and what its accounts are worth
from kamlearn.case import Case, load_case

# the course's helpers: a manager's estimates, the justification memo
from kamlearn.effort import EffortPlan, judged_estimates, plan_effort
from kamlearn.errors import CaseError, InfeasibleError, KamlearnWarning

# the eight project groups on one account
from kamlearn.groups import TeamOutcome, group_contributions, team_outcome
from kamlearn.i18n import get_language, set_language  # the language kamlearn speaks: English or bokmål
from kamlearn.management_report import ManagementReport, management_report

# people, knowledge and time
from kamlearn.people import (
    StaffingChange,
    StaffingPlan,
    assign_staff,
    cross_training_value,
    key_person_risk,
    rank_cross_training,
    rank_key_people,
)
from kamlearn.plan_diff import PlanDiff, compare_plans
from kamlearn.report import justification
from kamlearn.response import (
    AdbudgCurve,
    ExponentialCurve,
    ResponsePlan,
    allocate_effort,
    calibrate_adbudg,
)
from kamlearn.sensitivity import Sensitivity, effect_ranges, sensitivity
from kamlearn.synthetic import synthetic_case
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
    "get_language", "set_language",
    "Case",
    "load_case",
    "abc_analysis",
    "account_outcome",
    "break_even_retention_uplift",
    "clv_multiple",
    "customer_lifetime_value",
    "initiative_cost",
    "retention_after",
    "TeamOutcome",
    "group_contributions",
    "team_outcome",
    "POLICIES",
    "Plan",
    "allocate",
    "capacity_sweep",
    "compare",
    "sweep_capacity",
    "synthetic_case",
    "AdbudgCurve",
    "ResponsePlan",
    "ExponentialCurve",
    "allocate_effort",
    "calibrate_adbudg",
    "StaffingChange",
    "StaffingPlan",
    "assign_staff",
    "cross_training_value",
    "efficiency_value",
    "key_person_risk",
    "rank_cross_training",
    "rank_key_people",
    "AuthorityParameterError",
    "AuthorityParams",
    "AuthorityResult",
    "LimitSweep",
    "account_request_rates",
    "best_limit",
    "simulate_authority",
    "sweep_limits",
    "EffortPlan",
    "judged_estimates",
    "justification",
    "plan_effort",
    "ManagementReport",
    "management_report",
    "PlanDiff",
    "compare_plans",
    "Sensitivity",
    "effect_ranges",
    "sensitivity",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    if name == "EffortAllocation":  # renamed ResponsePlan; the old name goes in the next release
        import warnings

        from kamlearn.i18n import _

        warnings.warn(_("kamlearn.EffortAllocation is now kamlearn.ResponsePlan; the old name goes in the next "
                        "release."), DeprecationWarning, stacklevel=2)
        return ResponsePlan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n: not text (Python's own wording)
