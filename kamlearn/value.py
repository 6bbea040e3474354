"""What a key account is worth: lifetime value, retention, break-even and ABC analysis.

The lifetime value of a customer who brings a yearly margin ``m`` at the end of
each year, stays each year with probability ``r`` and is discounted at rate
``d`` is the geometric sum ``m * r / (1 + d - r)``; with ``r = 0.8`` and
``d = 0.1`` it is 2.67 times the yearly margin.

That sum runs over an unlimited future.  In B2B practice lifetime value is
often taken over a finite planning horizon of ``H`` years instead (Venkatesan
and Kumar 2004 use a three-year window):
``CLV_H = m * q * (1 - q**H) / (1 - q)`` with ``q = r / (1 + d)``; with
``r = 0.8``, ``d = 0.1`` and ``H = 5`` it is 2.12 times the yearly margin.
Every value function here takes ``horizon_years`` (``None``, the default,
keeps the unlimited closed form); a Case carries its company's horizon as
``case.horizon_years`` (the optional ``horizon_years`` column of the company
table).

Project groups change three things (McDonald, Millman and Rogers 1997, as
retold in the article series): they keep the customer (lower churn), make the
collaboration less complicated (lower cost to serve) and let the team grow
inside the customer (higher share of wallet).  Each group removes a fraction of
what is left, so the fifth group changes less than the first.

References
----------
Venkatesan, R. and Kumar, V. (2004). A customer lifetime value framework for
customer selection and resource allocation strategy. *Journal of Marketing*
68(4), 106-125.

McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn._lifetime import ArrayLike as ArrayLike  # the type of the arguments, kept importable from here
from kamlearn._lifetime import (
    break_even_retention_uplift,
    check_horizon,
    clv_multiple,
    customer_lifetime_value,
    horizon_label,
    retention_after,
)
from kamlearn.i18n import _

if TYPE_CHECKING:
    from kamlearn.case import Case

__all__ = [
    "ACCOUNT_COLUMNS",
    "EFFECT_COLUMNS",
    "abc_analysis",
    "account_outcome",
    "break_even_retention_uplift",
    "check_horizon",
    "clv_multiple",
    "customer_lifetime_value",
    "group_set_outcomes",
    "horizon_label",
    "initiative_cost",
    "retention_after",
]

# The closed forms (clv_multiple, customer_lifetime_value, retention_after, check_horizon, horizon_label and
# break_even_retention_uplift) live in kamlearn._lifetime and are part of this module's API.

ACCOUNT_COLUMNS: tuple[str, ...] = (
    "yearly_revenue_nok", "gross_margin", "cost_to_serve_nok", "retention", "share_of_wallet")
"""The columns of ``case.accounts`` that :func:`group_set_outcomes` reads."""

EFFECT_COLUMNS: tuple[str, ...] = ("churn_reduction", "cost_to_serve_reduction", "share_of_wallet_gain")
"""The columns of ``case.initiatives`` that :func:`group_set_outcomes` reads: what a group changes."""


def group_set_outcomes(
    accounts: Mapping[str, Any],
    effects: Mapping[str, Any],
    masks: Any = None,
    discount_rate: float = 0.10,
    horizon_years: float | None = None,
    *,
    cost: Any = None,
) -> dict[str, np.ndarray]:
    """What sets of project groups do to accounts: every (account, set) pair at once.

    The one place where kamlearn works out what a set of groups does to an
    account; :func:`account_outcome` (one account, one set), the allocation's
    subset values (every subset of every account's groups) and
    ``Plan.accounts`` (the chosen set of every account) all call it, so they
    agree to the last digit.

    Parameters
    ----------
    accounts
        Per account, arrays of shape (n,): ``yearly_revenue_nok``,
        ``gross_margin``, ``cost_to_serve_nok``, ``retention`` and
        ``share_of_wallet`` (see :data:`ACCOUNT_COLUMNS`).
    effects
        The candidate groups of each account, arrays of shape (n, k) (group
        ``j`` of account ``i`` in column ``j``): ``churn_reduction``,
        ``cost_to_serve_reduction`` and ``share_of_wallet_gain`` (fractions,
        see :data:`EFFECT_COLUMNS`).
    masks
        The sets, shape (n, s): an integer per (account, set) whose bit ``j``
        says that group ``j`` is in the set.  ``None`` (default): every subset,
        ``s = 2**k`` and set ``t`` is the bitmask ``t``.
    discount_rate
        Yearly discount rate.
    horizon_years
        Planning horizon of the lifetime values in years (``None``: unlimited).
    cost
        Optional one-off cost of each group in NOK, shape (n, k); the result
        then has ``cost``, the sum over each set.

    Returns
    -------
    dict of ndarray
        Each of shape (n, s): ``retention_after``, ``share_of_wallet_after``,
        ``revenue_after``, ``cost_to_serve_after``, ``margin_after``,
        ``clv_after`` and ``clv_gain`` (NOK, discounted over the horizon), and
        ``cost`` when costs were given; ``margin_before`` and ``clv_before``
        have shape (n, 1).

    Notes
    -----
    Each group removes a fraction of the churn left and of the cost to serve
    left, so ``churn_after = (1 - r) * prod(1 - churn_reduction)`` and
    ``cost_to_serve_after = cts * prod(1 - cost_to_serve_reduction)``, the
    products taken in the groups' order; share of wallet grows by the sum of
    ``share_of_wallet_gain``, capped at 1, and revenue grows with it (the
    customer's total spend is unchanged).

    References
    ----------
    McDonald, Millman and Rogers (1997), see the module docstring.

    Examples
    --------
    >>> out = group_set_outcomes(
    ...     {"yearly_revenue_nok": [10e6], "gross_margin": [0.3], "cost_to_serve_nok": [1e6],
    ...      "retention": [0.8], "share_of_wallet": [0.5]},
    ...     {"churn_reduction": [[0.5, 0.5]], "cost_to_serve_reduction": [[0.0, 0.0]],
    ...      "share_of_wallet_gain": [[0.0, 0.0]]})
    >>> out["retention_after"].round(3).tolist()  # sets {}, {1}, {2}, {1, 2}
    [[0.8, 0.9, 0.9, 0.95]]
    """
    revenue, gross_margin, cost_to_serve, retention, share = (
        np.asarray(accounts[c], dtype=float).reshape(-1, 1) for c in ACCOUNT_COLUMNS)
    churn, cts_cut, sow_gain = (np.asarray(effects[c], dtype=float) for c in EFFECT_COLUMNS)
    n = len(revenue)
    churn, cts_cut, sow_gain = (e.reshape(n, -1) for e in (churn, cts_cut, sow_gain))
    k = churn.shape[1]
    spend = None if cost is None else np.asarray(cost, dtype=float).reshape(n, k)
    if masks is None:  # every subset: set t | 2**j is set t (t < 2**j) with group j added
        keep_churn = np.ones((n, 1))
        keep_cost = np.ones((n, 1))
        sow = np.zeros((n, 1))
        spent = np.zeros((n, 1))
        for j in range(k):
            keep_churn = np.concatenate([keep_churn, keep_churn * (1.0 - churn[:, j : j + 1])], axis=1)
            keep_cost = np.concatenate([keep_cost, keep_cost * (1.0 - cts_cut[:, j : j + 1])], axis=1)
            sow = np.concatenate([sow, sow + sow_gain[:, j : j + 1]], axis=1)
            if spend is not None:
                spent = np.concatenate([spent, spent + spend[:, j : j + 1]], axis=1)
    else:  # the given sets: the same products and sums, group by group in the same order
        bits = np.asarray(masks, dtype=np.int64).reshape(n, -1)
        keep_churn = np.ones(bits.shape)
        keep_cost = np.ones(bits.shape)
        sow = np.zeros(bits.shape)
        spent = np.zeros(bits.shape)
        for j in range(k):
            on = (bits >> j) & 1 == 1
            keep_churn = np.where(on, keep_churn * (1.0 - churn[:, j : j + 1]), keep_churn)
            keep_cost = np.where(on, keep_cost * (1.0 - cts_cut[:, j : j + 1]), keep_cost)
            sow = np.where(on, sow + sow_gain[:, j : j + 1], sow)
            if spend is not None:
                spent = np.where(on, spent + spend[:, j : j + 1], spent)
    retention_new = 1.0 - (1.0 - retention) * keep_churn
    share_after = np.minimum(1.0, share + sow)
    revenue_after = revenue * share_after / share
    cost_after = cost_to_serve * keep_cost
    margin_before = revenue * gross_margin - cost_to_serve
    margin_after = revenue_after * gross_margin - cost_after
    clv_before = np.asarray(customer_lifetime_value(margin_before, retention, discount_rate, horizon_years), dtype=float)
    clv_after = np.asarray(customer_lifetime_value(margin_after, retention_new, discount_rate, horizon_years),
                           dtype=float)
    out = {
        "retention_after": retention_new,
        "share_of_wallet_after": share_after,
        "revenue_after": revenue_after,
        "cost_to_serve_after": cost_after,
        "margin_before": margin_before,
        "margin_after": margin_after,
        "clv_before": clv_before,
        "clv_after": clv_after,
        "clv_gain": clv_after - clv_before,
    }
    if spend is not None:
        out["cost"] = spent
    return out


def account_outcome(
    account: Mapping[str, Any] | pd.Series,
    initiatives: pd.DataFrame,
    discount_rate: float = 0.10,
    horizon_years: float | None = None,
) -> dict[str, float]:
    """What a set of project groups does to one account.

    Parameters
    ----------
    account
        One row of ``case.accounts`` (yearly_revenue_nok, gross_margin,
        cost_to_serve_nok, retention, share_of_wallet).
    initiatives
        The chosen groups' rows of ``case.initiatives`` (may be empty).
    discount_rate
        Yearly discount rate.
    horizon_years
        Planning horizon in years for the lifetime values (``None``: unlimited).

    Returns
    -------
    dict
        ``retention_before/after``, ``share_of_wallet_before/after``,
        ``revenue_before/after``, ``cost_to_serve_before/after``,
        ``margin_before/after``, ``clv_before/after`` and ``clv_gain`` (NOK).

    Notes
    -----
    One account and one set of :func:`group_set_outcomes`, which has the
    arithmetic: churn left after the groups is ``(1 - r) *
    prod(1 - churn_reduction)``; cost to serve left is ``cts *
    prod(1 - cost_to_serve_reduction)``; share of wallet grows by the sum of
    ``share_of_wallet_gain``, capped at 1, and revenue grows with it (the
    customer's total spend is unchanged).

    Examples
    --------
    >>> import kamlearn
    >>> case = kamlearn.load_case()
    >>> groups = case.initiatives[case.initiatives.account_id == "A01"]
    >>> out = account_outcome(case.accounts.loc["A01"], groups, case.discount_rate, case.horizon_years)
    >>> out["retention_after"] > out["retention_before"]
    True
    """
    row = {c: [float(account[c])] for c in ACCOUNT_COLUMNS}
    k = len(initiatives)
    effects = {c: initiatives[c].to_numpy(dtype=float).reshape(1, k) for c in EFFECT_COLUMNS}
    out = group_set_outcomes(row, effects, [[(1 << k) - 1]], discount_rate, horizon_years)
    return {
        "retention_before": row["retention"][0],
        "retention_after": float(out["retention_after"][0, 0]),
        "share_of_wallet_before": row["share_of_wallet"][0],
        "share_of_wallet_after": float(out["share_of_wallet_after"][0, 0]),
        "revenue_before": row["yearly_revenue_nok"][0],
        "revenue_after": float(out["revenue_after"][0, 0]),
        "cost_to_serve_before": row["cost_to_serve_nok"][0],
        "cost_to_serve_after": float(out["cost_to_serve_after"][0, 0]),
        "margin_before": float(out["margin_before"][0, 0]),
        "margin_after": float(out["margin_after"][0, 0]),
        "clv_before": float(out["clv_before"][0, 0]),
        "clv_after": float(out["clv_after"][0, 0]),
        "clv_gain": float(out["clv_gain"][0, 0]),
    }


def initiative_cost(case: Case) -> pd.Series:
    """What each initiative's resources cost: sum of amount x cost per unit (NOK).

    Examples
    --------
    >>> import kamlearn
    >>> cost = initiative_cost(kamlearn.load_case())
    >>> bool((cost > 0).all())
    True
    """
    unit_cost = case.resources["cost_per_unit_nok"]
    cost = case.demand_matrix() @ unit_cost.reindex(case.resources.index)
    return cost.rename("cost_nok")


def abc_analysis(
    case_or_accounts: Case | pd.DataFrame,
    thresholds: tuple[float, float] = (0.80, 0.95),
    by: str = "yearly_margin",
) -> pd.DataFrame:
    """ABC analysis: classes of accounts by their cumulative share of profit (or revenue).

    Accounts are sorted from the largest contribution down; those that make up
    the first ``thresholds[0]`` of the total (cumulative share at most that) are
    A, the key accounts; up to ``thresholds[1]`` B; the rest C.  The largest
    account is always A, however large its share.

    Parameters
    ----------
    case_or_accounts
        A Case or its ``accounts`` table.
    thresholds
        Cumulative shares that end class A and class B, ``0 < a < b <= 1``.
    by
        ``"yearly_margin"`` (revenue x gross margin - cost to serve; the
        default, as profit matters more than revenue) or ``"yearly_revenue_nok"``.

    Returns
    -------
    DataFrame
        Sorted by contribution: ``name``, the value used, ``share``,
        ``cumulative_share``, ``abc_class``, ``rank``.

    Examples
    --------
    >>> import kamlearn
    >>> abc = abc_analysis(kamlearn.load_case())
    >>> abc["abc_class"].iloc[0]
    'A'
    """
    low, high = thresholds
    if not 0 < low < high <= 1:
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name="thresholds", expected="0 < A < B <= 1", found=repr(thresholds)))
    accounts: pd.DataFrame = (
        case_or_accounts if isinstance(case_or_accounts, pd.DataFrame) else case_or_accounts.accounts
    )
    if by == "yearly_margin":
        value = accounts["yearly_revenue_nok"] * accounts["gross_margin"] - accounts["cost_to_serve_nok"]
    elif by in accounts.columns:
        value = accounts[by].astype(float)
    else:
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name="by", expected=_("'yearly_margin' or a numeric accounts column"), found=repr(by)))
    value = value.rename(by)
    order = value.sort_values(ascending=False, kind="stable")
    total = float(order.clip(lower=0).sum())
    if total <= 0:
        raise ValueError(_("abc_analysis: the accounts' total {column} is not positive; nothing to rank.").format(
            column=by))
    share = order.clip(lower=0) / total
    cumulative = share.cumsum()
    first = np.arange(len(order)) == 0
    classes = np.where(
        (cumulative <= low + 1e-9) | first, "A", np.where(cumulative <= high + 1e-9, "B", "C")
    )
    out = pd.DataFrame(
        {
            "name": accounts.loc[order.index, "name"],
            by: order,
            "share": share,
            "cumulative_share": cumulative,
            "abc_class": pd.Series(classes, index=order.index, dtype="str"),
            "rank": np.arange(1, len(order) + 1),
        }
    )
    out.index.name = "account_id"
    return out
