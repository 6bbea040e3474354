"""Allocating scarce resources across key accounts and project groups, with the price of each resource.

The package ``kamlearn.allocation`` (``kamlearn.allocate`` is the function).

The question of the article "Sikre interne ressurser": which project groups
should the company staff on which key accounts, given that budget,
technological capacity and the hours of people with the right knowledge are
scarce?  :func:`allocate` answers it with a :class:`Plan`.

The model
---------
Every account ``i`` has a few candidate project groups (initiatives).  A set
``S`` of groups on one account changes its retention, cost to serve and share
of wallet (see :func:`kamlearn.account_outcome`); its value is

    ``value_i(S) = CLV_after(S) - CLV_before - cost(S)``

where ``cost(S)`` is what the groups' resources cost (amount x cost per unit).
The value of a set is *not* the sum of its groups' values: each group removes a
fraction of the churn that is left, and lifetime value is convex in retention,
so the engine enumerates every subset of an account's groups (256 for the
eight-group flagship account).  The resources a set needs *are* additive.  The
optimal plan picks one subset per account to maximise total value with the
total use of every resource within its capacity: a multiple-choice,
multi-dimensional knapsack problem.

How it is solved
----------------
* **Exact** (``method="exact"``, the default for small cases such as the
  course case): a dynamic programme over accounts, one account per layer,
  keeps every partial plan that fits the capacities and could still beat the
  best plan known.  "Could still beat" is decided by Lagrangian bounds: for
  any resource prices ``pi >= 0``, a partial plan can at best add
  ``pi . (spare capacity) + sum over later accounts of max_S (v_S - pi . w_S)``.
  The bound used is the smallest over a *pool* of price vectors (the iterates
  of a subgradient method), which prunes far better than any single price
  vector; a quick beam pass first finds a good plan to prune against.  The
  course case solves to a proven optimum in milliseconds, with no LP solver.
* **Lagrangian** (``method="lagrangian"``, the default for large cases):
  prices per resource are adjusted by a stabilised cutting-plane method (the
  box-step method of Marsten, Hogan and Blankenship 1975) on the Lagrangian
  dual; at given prices each account simply picks its best subset.  A primal
  repair and greedy fill turn the priced choices into a feasible plan.  Every
  Lagrangian value is an upper bound, so the plan comes with a *certified*
  optimality gap ``(bound - value) / bound``.

Shadow prices
-------------
``plan.resources["shadow_price"]`` is the optimal dual price of each capacity
constraint in the LP relaxation of the subset-choice model (every account
chooses a mix of its subsets).  That relaxation's value ``V(C)`` is concave
and piecewise linear in the capacities, and the shadow price ``pi_r`` is a
supergradient: ``(V(C + h e_r) - V(C)) / h <= pi_r <= (V(C) - V(C - h e_r)) / h``
for every step ``h > 0``, with equality in the limit wherever ``V`` is smooth.
So it is the value of one more unit of the resource, it is never negative, and
it is zero for a resource that is not binding.  For the whole-group (integer)
plan, one more hour usually changes nothing until it lets a new group fit;
:func:`sweep_capacity` shows those steps.  With the Lagrangian method the
shadow prices are the best prices found, within the reported gap of the exact
LP prices.

Where things are
----------------
==============================  ==========================================================
``solve``                       :func:`allocate`, :func:`compare` (the public functions)
``what_if``                     :func:`sweep_capacity`, :func:`efficiency_value`
``plan``                        :class:`Plan`, the result
``policies``                    :data:`POLICIES` and the registry of plain rules
``_model``                      the numeric model of a case and its candidate subsets
``_exact``                      the exact search (dynamic programme with Lagrangian bounds)
``_lp``                         the LP relaxation: shadow prices, infeasible floors named
``_milp``                       reduced-cost fixing and branch and cut (CBC)
``_lagrangian``                 the box-step Lagrangian method for very large cases
``_primal``                     repair and greedy fill of a choice of subsets
==============================  ==========================================================

References
----------
McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757 (the eight project groups, as retold in the article series).

Marsten, R. E., Hogan, W. W. and Blankenship, J. W. (1975). The BOXSTEP
method for large-scale optimization. *Operations Research* 23(3), 389-405.

Fisher, M. L. (1981). The Lagrangian relaxation method for solving integer
programming problems. *Management Science* 27(1), 1-18.

Kellerer, H., Pferschy, U. and Pisinger, D. (2004). *Knapsack Problems*.
Springer (multiple-choice knapsack, reduced-cost fixing).
"""

from __future__ import annotations

from kamlearn.allocation.plan import Plan
from kamlearn.allocation.policies import POLICIES, POLICY_RULES, PolicyFunction, policy_rule
from kamlearn.allocation.solve import Method, allocate, compare
from kamlearn.allocation.what_if import capacity_sweep, efficiency_value, sweep_capacity

__all__ = [
    "POLICIES",
    "POLICY_RULES",
    "Method",
    "Plan",
    "PolicyFunction",
    "allocate",
    "capacity_sweep",
    "compare",
    "efficiency_value",
    "policy_rule",
    "sweep_capacity",
]
