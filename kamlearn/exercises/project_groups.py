"""Self-checks for notebook 02, the eight project groups: cost, retention, break-even, stage.

All expected values come from :func:`kamlearn.groups.team_outcome` on the flagship account A01
with every group on at its planned staffing.

Examples
--------
>>> from kamlearn.exercises import check_team_pays_off
>>> check_team_pays_off("nei")  # doctest: +NORMALIZE_WHITESPACE
[Ikke ennå / Not yet ✗] Compare the lifetime value the team adds (clv_gain, discounted over the case's horizon)
with its one-off cost: which is larger?
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from kamlearn._format import mnok
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import cell, course_case, horizon, whole_percent
from kamlearn.i18n import _

__all__ = ["check_break_even_uplift", "check_retention_function", "check_retention_with_team",
           "check_stage_after", "check_team_cost", "check_team_pays_off"]


@lru_cache(maxsize=1)
def _full_team() -> Any:
    from kamlearn.groups import team_outcome

    return team_outcome(course_case(), "A01")


def check_team_cost(answer: Any) -> None:
    """Exercise: the one-off cost (NOK) of all eight groups on A01 at planned staffing."""
    case = course_case()
    team = _full_team()
    ids = list(team.groups.index)
    demands = case.demands
    budget_only = float(demands.loc[demands["initiative_id"].isin(ids) & (demands["resource_id"] == "budget"),
                                    "amount"].sum())
    show(evaluate_number(
        answer, team.cost, rel=0.001, unit="NOK",
        mistakes={_("you counted only the project budget; the hours and licences cost money too"): budget_only},
        explain=_("Add up kamlearn.initiative_cost(case) over the eight groups A01-G1 ... A01-G8 "
                "(each demand x the resource's cost per unit)."),
    ))


def check_retention_with_team(answer: Any) -> None:
    """Exercise: A01's yearly retention with all eight groups (a share, e.g. 0.85)."""
    team = _full_team()
    effects = team.groups["churn_reduction"].to_numpy(dtype=float)
    r = team.retention_before
    show(evaluate_number(
        answer, team.retention_after, rel=0.0, abs_tol=0.0015, share=True, what=_("a retention"),
        mistakes={
            _("you added the churn reductions; each group removes a share of the churn that is LEFT"):
                1 - (1 - r) * (1 - min(1.0, float(effects.sum()))),
            _("you added the reductions to the retention itself; they act on the churn (1 - retention)"):
                min(1.0, r + float(effects.sum())),
        },
        explain=_("Churn left = (1 - r) x (1 - e1) x ... x (1 - e8); retention = 1 - churn left "
                "(kamlearn.retention_after)."),
    ))


def check_break_even_uplift(answer: Any) -> None:
    """Exercise: the break-even retention uplift for the whole team on A01 (a share: 0.02 is two points)."""
    from kamlearn.value import break_even_retention_uplift

    case = course_case()
    team = _full_team()
    revenue = cell(case.accounts, "A01", "yearly_revenue_nok")
    show(evaluate_number(
        answer, team.break_even_uplift, rel=0.01, abs_tol=0.0005, share=True, what=_("a retention uplift"),
        mistakes={
            _("you used revenue, not margin"):
                float(break_even_retention_uplift(revenue, team.retention_before, team.cost, case.discount_rate,
                                                  case.horizon_years)),
            _("that is the uplift the team delivers, not the one it needs to pay for itself"): team.retention_uplift,
        },
        explain=_("kamlearn.break_even_retention_uplift(margin, retention, team cost, case.discount_rate, "
                "case.horizon_years) with A01's yearly margin (not its revenue)."),
    ))


def check_team_pays_off(answer: Any) -> None:
    """Exercise: does the full team pay for itself on A01 ('yes' or 'no')?"""
    team = _full_team()
    right = "yes" if team.pays_off else "no"
    wrong = "no" if right == "yes" else "yes"
    show(evaluate_choice(
        answer, right, options=("yes", "no"),
        hints={wrong: _("Compare the lifetime value the team adds (clv_gain, discounted over "
                      "the case's horizon) with its one-off cost: which is larger?")},
        why=_("The team adds {gain} of lifetime value ({horizon}) for {cost} one-off; the retention it delivers is far "
              "above the break-even uplift.").format(gain=mnok(team.clv_gain, decimals=1),
                                                     horizon=horizon(team.horizon_years), cost=mnok(team.cost)),
    ))


def check_stage_after(answer: Any) -> None:
    """Exercise: which relationship stage does the full team suggest for A01?"""
    from kamlearn.groups import DEVELOPMENT_STAGES

    team = _full_team()
    hints = {team.stage_before: _("That is A01's stage today; the team adds function-to-function links.")}
    show(evaluate_choice(
        answer, team.stage_after, options=DEVELOPMENT_STAGES, hints=hints,
        why=_("{n} functions besides the KAM work with the customer and the share of wallet reaches {share}: {stage} "
              "by the course's rule of thumb.").format(
            n=len([f for f in team.functions if f != "kam_hours"]), share=whole_percent(team.share_of_wallet_after),
            stage=team.stage_after),
    ))


def check_retention_function(function: Callable[..., Any]) -> None:
    """Code task: write ``retention_with(retention, reductions)`` (reductions: a list of churn reductions)."""
    from kamlearn.value import retention_after

    team = _full_team()
    effects = [float(e) for e in team.groups["churn_reduction"]]
    inputs = [(0.8, [0.5]), (0.8, [0.5, 0.5]), (team.retention_before, effects), (0.9, [])]
    cases = [((r, e), float(retention_after(r, np.asarray(e, dtype=float)))) for r, e in inputs]
    show(evaluate_code(
        function, cases, name="retention_with",
        hint=_("Start with churn = 1 - retention; for each reduction e, churn = churn * (1 - e); "
             "return 1 - churn. With no groups the retention is unchanged."),
    ))
