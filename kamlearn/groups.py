"""A customer team of project groups on one key account: staffing, cost, effects, break-even and stage.

McDonald, Millman and Rogers (1997), as retold in the article series, describe
a customer team of eight project groups, each improving one part of the
collaboration with one key account (information flow, cost-saving measures,
...).  This module answers the questions a key account manager (KAM) faces
with such a team: what does it cost, what does it change, is it worth it
against losing the customer, and how does the relationship develop?

The staffing model (illustrative, ours)
    Each group can be off, or staffed at a level ``s`` (1.0 = as planned in
    the case; the course's app offers 0.5 to 1.5).  Staffing scales the
    group's resource demands, and so its cost, in proportion: ``demand * s``.
    Its effects grow less than in proportion (diminishing returns inside a
    group): every effect ``e`` (churn reduction, cost-to-serve reduction,
    share-of-wallet gain) becomes ``e * s ** elasticity`` with the default
    ``elasticity = 0.5`` (a square root: half the people give about 71 % of
    the effect, 150 % gives about 122 %), capped at 1 for the two
    reductions.  The groups then combine as in
    :func:`kamlearn.account_outcome`: each removes a fraction of the churn
    and of the cost to serve that is *left*, so the fifth group changes less
    than the first (diminishing returns across groups).  The elasticity is an
    assumption for teaching, not an estimate; change it to see how much the
    conclusions depend on it.

Break-even against losing the customer
    The team pays for itself when the lifetime value it adds exceeds its
    cost.  :func:`kamlearn.break_even_retention_uplift` gives the smallest
    rise in retention that would pay for the team on its own (margin
    unchanged); :class:`TeamOutcome` compares it with the rise the team
    delivers.  If the alternative is losing the customer, the comparison is
    the whole lifetime value with the team against the team's cost.

Relationship stage (illustrative rule, ours)
    The relational development model (McDonald, Millman and Rogers 1997,
    after Millman and Wilson 1995) goes from Pre-KAM through Early-KAM (a
    "bow-tie": one link, the KAM to the buyer), Mid-KAM and Partnership-KAM
    (a "diamond": function-to-function links) to Synergistic-KAM.  The paper
    describes the stages; it gives no formula for moving between them.  Our
    rule of thumb counts the functions other than the KAM (human resources)
    the active groups put in contact with the customer: only the KAM is a
    bow-tie (Early-KAM); one or two more functions suggest Mid-KAM; three or
    four Partnership-KAM (a diamond); five or more, together with a share of
    wallet of at least 60 %, Synergistic-KAM.  A team never moves the account
    backwards, and no team leaves the stage as it is.

References
----------
McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757.

Millman, T. and Wilson, K. (1995). From key account selling to key account
management. *Journal of Marketing Practice: Applied Marketing Science* 1(1), 9-21.

Examples
--------
>>> import kamlearn
>>> from kamlearn.groups import team_outcome
>>> case = kamlearn.load_case()
>>> full = team_outcome(case, "A01")
>>> len(full.groups), full.retention_after > full.retention_before
(8, True)
>>> half = team_outcome(case, "A01", staffing={"A01-G1": 0.5})
>>> half.cost < full.cost
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
import pandas as pd

from kamlearn import _checks, _format
from kamlearn._fixed import fixed
from kamlearn._result import bar_plot, check_kind, html_of
from kamlearn._schema import STAGES
from kamlearn.i18n import _, ngettext
from kamlearn.value import account_outcome, break_even_retention_uplift, horizon_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.case import Case

__all__ = [
    "DEVELOPMENT_STAGES",
    "STAFFING_ELASTICITY",
    "STAFFING_RANGE",
    "TeamOutcome",
    "account_groups",
    "contact_functions",
    "demand_against_capacity",
    "flagship_account",
    "group_contributions",
    "stage_after",
    "staffed_initiatives",
    "team_outcome",
]

STAFFING_ELASTICITY = 0.5
"""Default exponent of the staffing response: effect x staffing ** 0.5 (an assumption for teaching)."""

STAFFING_RANGE = (0.5, 1.5)
"""The staffing levels the course's app offers (share of the planned staffing)."""

DEVELOPMENT_STAGES: tuple[str, ...] = tuple(s for s in STAGES if s != "Uncoupling-KAM")
"""The stages of the relational development model in order (Uncoupling-KAM can happen at any stage)."""

_KAM_RESOURCE = "kam_hours"
_EFFECTS = ("churn_reduction", "cost_to_serve_reduction", "share_of_wallet_gain")


def flagship_account(case: Case) -> str:
    """The account with the most candidate project groups (ties: the larger yearly margin).

    In the embedded case this is A01, Nordlys Dagligvare AS, with the eight groups.

    Examples
    --------
    >>> import kamlearn
    >>> flagship_account(kamlearn.load_case())
    'A01'
    """
    counts = case.initiatives["account_id"].value_counts()
    if counts.empty:
        raise ValueError(_("flagship_account: the case has no initiatives (project groups)."))
    margin = case.yearly_margin()
    ranking = pd.DataFrame({"groups": counts, "margin": margin.reindex(counts.index)})
    ranking = ranking.sort_values(["groups", "margin"], ascending=False, kind="stable")
    return str(ranking.index[0])


def account_groups(case: Case, account_id: str) -> pd.DataFrame:
    """The candidate project groups of one account (rows of ``case.initiatives``), in case order.

    Raises
    ------
    KeyError
        When the account is not in the case.
    ValueError
        When the account has no project groups.
    """
    if account_id not in case.accounts.index:
        known = ", ".join(map(str, case.accounts.index[:20]))
        raise KeyError(_("account_id: {account!r} is not an account of {case} (known: {known}).").format(
            account=account_id, case=case.name, known=known))
    groups = case.initiatives[case.initiatives["account_id"] == account_id]
    if groups.empty:
        raise ValueError(_("account {account!r} has no candidate project groups in {case}.").format(
            account=account_id, case=case.name))
    return groups


def _staffing_series(index: pd.Index, staffing: Mapping[str, float] | pd.Series | None) -> pd.Series:
    levels = pd.Series(1.0, index=index, name="staffing")
    if staffing is None:
        return levels
    given = pd.Series(staffing, dtype=float) if not isinstance(staffing, pd.Series) else staffing.astype(float)
    unknown = [str(k) for k in given.index if k not in index]
    if unknown:
        raise KeyError(_("staffing: {unknown} is not a project group of this account (groups: {groups}).").format(
            unknown=", ".join(unknown), groups=", ".join(map(str, index))))
    bad = given[~np.isfinite(given.to_numpy()) | (given.to_numpy() < 0)]
    if len(bad):
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name=_("staffing of {group}").format(group=bad.index[0]),
            expected=_("a level of at least 0 (1.0 = as planned)"), found=fixed(bad.iloc[0], "g")))
    levels.loc[given.index] = given.to_numpy()
    return levels


def staffed_initiatives(
    initiatives: pd.DataFrame,
    staffing: Mapping[str, float] | pd.Series | None = None,
    elasticity: float = STAFFING_ELASTICITY,
) -> pd.DataFrame:
    """The active groups with their effects scaled by their staffing level.

    Parameters
    ----------
    initiatives
        Rows of ``case.initiatives`` (one account's groups).
    staffing
        Staffing level per initiative_id (1.0 = as planned, 0 = off); groups
        not named are staffed at 1.0.
    elasticity
        Exponent of the staffing response (0 = staffing changes nothing,
        1 = effects in proportion to staffing).

    Returns
    -------
    DataFrame
        The groups with staffing above 0, a ``staffing`` column, and the three
        effect columns multiplied by ``staffing ** elasticity`` (reductions
        capped at 1).

    Examples
    --------
    >>> import kamlearn
    >>> groups = kamlearn.load_case().initiatives.head(2)
    >>> scaled = staffed_initiatives(groups, {"A01-G1": 0.25, "A01-G2": 0})
    >>> list(scaled.index), round(float(scaled.loc["A01-G1", "churn_reduction"]), 3)
    (['A01-G1'], 0.06)
    """
    elasticity = _checks.non_negative("elasticity", elasticity)
    levels = _staffing_series(initiatives.index, staffing)
    active = initiatives.loc[levels > 0].copy()
    factor = levels.loc[active.index] ** elasticity
    for column in _EFFECTS:
        scaled = active[column].astype(float) * factor
        active[column] = scaled.clip(upper=1.0) if column != "share_of_wallet_gain" else scaled
    active["staffing"] = levels.loc[active.index]
    return active


def contact_functions(case: Case, initiative_ids: Iterable[str]) -> tuple[str, ...]:
    """The human resources (functions) the given groups put in contact with the customer, in case order.

    Examples
    --------
    >>> import kamlearn
    >>> contact_functions(kamlearn.load_case(), ["A01-G8"])
    ('kam_hours', 'finance_hours')
    """
    ids = list(initiative_ids)
    human = case.resources.index[case.resources["kind"] == "human"]
    if not ids:
        return ()
    used = case.demand_matrix().loc[ids, human].sum(axis=0)
    return tuple(str(r) for r in human if used[r] > 0)


def stage_after(stage: str, functions: Iterable[str], share_of_wallet: float) -> str:
    """The relationship stage the team's contact pattern suggests (illustrative rule; see the module docstring).

    Parameters
    ----------
    stage
        Today's stage.
    functions
        The functions (human resource ids) in contact with the customer.
    share_of_wallet
        Share of wallet with the team (0 to 1).

    Examples
    --------
    >>> stage_after("Early-KAM", ["kam_hours", "it_hours", "logistics_hours", "finance_hours"], 0.4)
    'Partnership-KAM'
    >>> stage_after("Mid-KAM", ["kam_hours"], 0.4)
    'Mid-KAM'
    >>> stage_after("Pre-KAM", [], 0.4)
    'Pre-KAM'
    """
    _checks.one_of("stage", stage, STAGES)
    if stage == "Uncoupling-KAM":
        return stage
    contacts = set(functions)
    if not contacts:
        return stage
    count = len(contacts - {_KAM_RESOURCE})
    if count >= 5 and share_of_wallet >= 0.6:
        suggested = "Synergistic-KAM"
    elif count >= 3:
        suggested = "Partnership-KAM"
    elif count >= 1:
        suggested = "Mid-KAM"
    else:
        suggested = "Early-KAM"
    order = DEVELOPMENT_STAGES
    return order[max(order.index(stage), order.index(suggested))]


@dataclass(frozen=True)
class TeamOutcome:
    """What a customer team (a staffed set of project groups) does to one key account.

    Attributes
    ----------
    account_id, account_name : str
    groups : DataFrame
        One row per candidate group (index initiative_id): ``name``, ``active``,
        ``staffing``, ``cost_nok`` (at its staffing; 0 when off) and the scaled
        effects ``churn_reduction``, ``cost_to_serve_reduction``,
        ``share_of_wallet_gain`` (0 when off).
    cost : float
        Yearly cost of the active groups' resources (NOK).
    retention_before, retention_after, share_of_wallet_before, share_of_wallet_after : float
    margin_before, margin_after, clv_before, clv_after, clv_gain : float
        Yearly margin and lifetime value (NOK) without and with the team.
    net_value : float
        ``clv_gain - cost``: what the team adds after paying for it.
    retention_uplift : float
        ``retention_after - retention_before``.
    break_even_uplift : float
        The rise in retention that alone would pay for the team (``inf`` when
        even retention 1 would not).
    value_if_lost : float
        ``clv_after - cost``: the team's worth when the alternative is losing
        the customer (lifetime value 0 without the team).
    stage_before, stage_after : str
    functions : tuple of str
        Functions in contact with the customer through the active groups.
    discount_rate : float
    horizon_years : float or None
        Planning horizon of the lifetime values (``None``: unlimited future).
    """

    account_id: str
    account_name: str
    groups: pd.DataFrame = field(repr=False)
    cost: float
    retention_before: float
    retention_after: float
    share_of_wallet_before: float
    share_of_wallet_after: float
    margin_before: float
    margin_after: float
    clv_before: float
    clv_after: float
    clv_gain: float
    net_value: float
    retention_uplift: float
    break_even_uplift: float
    value_if_lost: float
    stage_before: str
    stage_after: str
    functions: tuple[str, ...]
    discount_rate: float
    horizon_years: float | None = None

    @property
    def pays_off(self) -> bool:
        """True when the lifetime value the team adds exceeds its cost."""
        return self.net_value > 0

    def to_frame(self) -> pd.DataFrame:
        """The account-level numbers as a two-column table (without team, with team)."""
        rows = {
            "retention": (self.retention_before, self.retention_after),
            "share_of_wallet": (self.share_of_wallet_before, self.share_of_wallet_after),
            "yearly_margin_nok": (self.margin_before, self.margin_after),
            "lifetime_value_nok": (self.clv_before, self.clv_after),
            "team_cost_nok": (0.0, self.cost),
            "stage": (self.stage_before, self.stage_after),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["without_team", "with_team"])

    @property
    def value_nok(self) -> float:
        """Lifetime value of the account with the team (NOK, discounted over the horizon): the same as ``clv_after``.

        The name every result uses for "lifetime value in NOK" (:attr:`kamlearn.AuthorityResult.value_nok`,
        :attr:`kamlearn.StaffingPlan.value_nok`); ``clv_after`` stays as its old name.
        """
        return self.clv_after

    def summary(self) -> str:
        """A few lines a KAM could read out to management, in the language in force (money in MNOK)."""
        active = int(self.groups["active"].sum())
        # Translators: completes "the team ..." ("teamet ...") at the end of the summary of a customer team.
        verdict = _("pays off") if self.pays_off else _("does not pay off")
        n = len(self.groups)
        return "\n".join([
            ngettext("Customer team on {account} {name}: {active} of {n} group active.",
                     "Customer team on {account} {name}: {active} of {n} groups active.", n).format(
                account=self.account_id, name=self.account_name, active=active, n=n),
            _("Cost {cost} one-off; retention {before} -> {after} (break-even uplift {uplift}).").format(
                cost=_format.mnok(self.cost), before=fixed(self.retention_before, ".1%"),
                after=fixed(self.retention_after, ".1%"), uplift=fixed(self.break_even_uplift, ".1%")),
            _("Lifetime value ({horizon}) {before} -> {after} MNOK; net of cost {net} MNOK: the team {verdict}.").format(
                horizon=horizon_label(self.horizon_years), before=fixed(self.clv_before / 1e6, ",.1f"),
                after=fixed(self.clv_after / 1e6, ",.1f"), net=fixed(self.net_value / 1e6, "+,.1f"), verdict=verdict),
            _("Relationship stage {before} -> {after}.").format(before=self.stage_before, after=self.stage_after),
        ])

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.to_frame())

    def plot(self, kind: Literal["groups"] = "groups", ax: Axes | None = None) -> Axes:
        """The one-off cost of each group at its staffing (0 for groups that are off)."""
        check_kind(kind, ("groups",))
        title = _("Customer team on {account} {name}").format(account=self.account_id, name=self.account_name)
        return bar_plot(self.groups["cost_nok"], ax, title=title, xlabel=_("One-off cost of each group (NOK)"))


def team_outcome(
    case: Case,
    account_id: str | None = None,
    staffing: Mapping[str, float] | pd.Series | None = None,
    active: Iterable[str] | None = None,
    elasticity: float = STAFFING_ELASTICITY,
) -> TeamOutcome:
    """Cost, effects, lifetime value, break-even and stage of a customer team on one account.

    Parameters
    ----------
    case
        The company.
    account_id
        The account; the flagship (most groups) when None.
    staffing
        Staffing level per group (1.0 = as planned; 0 = off); others at 1.0.
    active
        The groups that are on; all of the account's groups when None.  A
        group is on when it is in ``active`` and its staffing is above 0.
    elasticity
        Exponent of the staffing response (see the module docstring).

    Returns
    -------
    TeamOutcome

    Raises
    ------
    KeyError
        Unknown account or group.
    ValueError
        Negative or missing staffing, or an account without groups.

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> none = team_outcome(case, "A01", active=[])
    >>> none.cost, none.clv_gain, none.break_even_uplift
    (0.0, 0.0, 0.0)
    """
    account_id = flagship_account(case) if account_id is None else account_id
    candidates = account_groups(case, account_id)
    ids = candidates.index
    levels = _staffing_series(ids, staffing).to_numpy(dtype=float)
    if active is not None:
        chosen = set(active)
        unknown = sorted(str(g) for g in chosen - set(ids))
        if unknown:
            raise KeyError(_("active: {unknown} is not a project group of account {account!r}.").format(
                unknown=", ".join(unknown), account=account_id))
        levels = np.where(ids.isin(list(chosen)), levels, 0.0)
    elasticity = _checks.non_negative("elasticity", elasticity)
    # numpy from here on: the apps call this on every slider move (same model as staffed_initiatives)
    on = levels > 0
    factor = np.where(on, np.where(on, levels, 1.0) ** elasticity, 0.0)
    effects = {column: candidates[column].to_numpy(dtype=float) * factor for column in _EFFECTS}
    effects["churn_reduction"] = np.minimum(effects["churn_reduction"], 1.0)
    effects["cost_to_serve_reduction"] = np.minimum(effects["cost_to_serve_reduction"], 1.0)
    scaled = pd.DataFrame({column: values[on] for column, values in effects.items()}, index=ids[on])
    account = cast(pd.Series, case.accounts.loc[str(account_id)])
    outcome = account_outcome(account, scaled, case.discount_rate, case.horizon_years)
    matrix = case.demand_matrix()
    rows = matrix.index.get_indexer(ids)
    demand = matrix.to_numpy(dtype=float)[rows]
    unit_cost = case.resources["cost_per_unit_nok"].reindex(matrix.columns).to_numpy(dtype=float)
    cost_each = np.where(on, demand @ unit_cost * levels, 0.0)
    groups = pd.DataFrame(
        {"name": candidates["name"].to_numpy(), "active": on, "staffing": np.where(on, levels, 0.0),
         "cost_nok": cost_each, **effects},
        index=ids,
    )
    cost = float(cost_each.sum())
    human = (case.resources["kind"] == "human").reindex(matrix.columns).to_numpy(dtype=bool)
    used = demand[on].sum(axis=0) > 0 if on.any() else np.zeros(len(matrix.columns), dtype=bool)
    functions = tuple(str(r) for r, h, u in zip(matrix.columns, human, used, strict=True) if h and u)
    stage = str(account["stage"])
    return TeamOutcome(
        account_id=str(account_id),
        account_name=str(account["name"]),
        groups=groups,
        cost=cost,
        retention_before=outcome["retention_before"],
        retention_after=outcome["retention_after"],
        share_of_wallet_before=outcome["share_of_wallet_before"],
        share_of_wallet_after=outcome["share_of_wallet_after"],
        margin_before=outcome["margin_before"],
        margin_after=outcome["margin_after"],
        clv_before=outcome["clv_before"],
        clv_after=outcome["clv_after"],
        clv_gain=outcome["clv_gain"],
        net_value=outcome["clv_gain"] - cost,
        retention_uplift=outcome["retention_after"] - outcome["retention_before"],
        break_even_uplift=float(break_even_retention_uplift(
            outcome["margin_before"], outcome["retention_before"], cost, case.discount_rate,
            case.horizon_years)),
        value_if_lost=outcome["clv_after"] - cost,
        stage_before=stage,
        stage_after=stage_after(stage, functions, outcome["share_of_wallet_after"]),
        functions=functions,
        discount_rate=case.discount_rate,
        horizon_years=case.horizon_years,
    )


def group_contributions(
    case: Case, account_id: str | None = None, elasticity: float = STAFFING_ELASTICITY
) -> pd.DataFrame:
    """Each group's effect alone and as the last one added to the full team.

    Retention gains shrink as groups are added (each removes a fraction of the
    churn that is left), but a point of retention is worth more the higher
    retention already is (the lifetime value multiple ``r / (1 + d - r)`` is
    convex), so a group's lifetime value gain as the last one can be larger
    than alone: the two effects pull in opposite directions.

    Returns
    -------
    DataFrame
        Index initiative_id: ``name``, ``cost_nok``, ``retention_gain_alone``
        and ``clv_gain_alone`` (the group as the only one),
        ``retention_gain_last`` and ``clv_gain_last`` (full team minus the team
        without it), ``net_alone`` and ``net_last`` (lifetime value gain minus
        the group's cost).

    Examples
    --------
    >>> import kamlearn
    >>> table = group_contributions(kamlearn.load_case(), "A01")
    >>> bool((table["retention_gain_last"] < table["retention_gain_alone"]).all())
    True
    """
    account_id = flagship_account(case) if account_id is None else account_id
    candidates = account_groups(case, account_id)
    full = team_outcome(case, account_id, elasticity=elasticity)
    rows = []
    for group in candidates.index:
        alone = team_outcome(case, account_id, active=[group], elasticity=elasticity)
        without = team_outcome(case, account_id, active=[g for g in candidates.index if g != group],
                               elasticity=elasticity)
        rows.append({
            "initiative_id": group,
            "name": candidates.loc[group, "name"],
            "cost_nok": alone.cost,
            "retention_gain_alone": alone.retention_uplift,
            "clv_gain_alone": alone.clv_gain,
            "retention_gain_last": full.retention_after - without.retention_after,
            "clv_gain_last": full.clv_gain - without.clv_gain,
        })
    table = pd.DataFrame(rows).set_index("initiative_id")
    table["net_alone"] = table["clv_gain_alone"] - table["cost_nok"]
    table["net_last"] = table["clv_gain_last"] - table["cost_nok"]
    return table


def demand_against_capacity(case: Case, account_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """What the candidate groups of some accounts ask of each resource, against what the company has.

    Parameters
    ----------
    case
        The company.
    account_ids
        The accounts whose groups count (for example the A accounts of an
        ABC analysis); every account when None.

    Returns
    -------
    DataFrame
        Index resource_id (case order): ``kind``, ``unit``, ``demand`` (sum of
        the groups' demands), ``capacity``, ``ratio`` (demand / capacity;
        ``inf`` for a demand on a resource with no capacity) and ``short``
        (demand beyond capacity, 0 when it fits).

    Examples
    --------
    >>> import kamlearn
    >>> table = demand_against_capacity(kamlearn.load_case())
    >>> bool((table["ratio"] > 1).all())
    True
    >>> float(demand_against_capacity(kamlearn.load_case(), []).loc["kam_hours", "demand"])
    0.0
    """
    initiatives = case.initiatives
    if account_ids is not None:
        chosen = [str(a) for a in account_ids]
        unknown = sorted(set(chosen) - {str(a) for a in case.accounts.index})
        if unknown:
            raise KeyError(_("account_ids: {unknown} is not an account of {case}.").format(
                unknown=", ".join(unknown), case=case.name))
        initiatives = initiatives[initiatives["account_id"].isin(chosen)]
    demand = case.demand_matrix().loc[initiatives.index].sum(axis=0)
    resources = case.resources
    capacity = resources["capacity"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(capacity > 0, demand / capacity.where(capacity > 0, 1.0), np.where(demand > 0, np.inf, 0.0))
    table = pd.DataFrame({
        "kind": resources["kind"],
        "unit": resources["unit"],
        "demand": demand.reindex(resources.index).astype(float),
        "capacity": capacity,
        "ratio": ratio,
        "short": (demand - capacity).clip(lower=0.0),
    })
    table.index.name = "resource_id"
    return table
