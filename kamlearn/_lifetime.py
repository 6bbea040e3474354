"""The lifetime value arithmetic behind :mod:`kamlearn.value`: closed forms, the horizon and the break-even.

Private: import these from :mod:`kamlearn.value` (or ``kamlearn``), where the model is written down
(the geometric sum ``m * r / (1 + d - r)``, or its first ``H`` years, and the break-even rise in
retention).  Every function here takes numbers, numpy arrays or pandas Series alike.

References
----------
Venkatesan, R. and Kumar, V. (2004). A customer lifetime value framework for
customer selection and resource allocation strategy. *Journal of Marketing*
68(4), 106-125.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from kamlearn import _format
from kamlearn._fixed import fixed
from kamlearn.i18n import _

ArrayLike = float | np.ndarray | pd.Series
"""A float, a numpy array or a pandas Series; results have the same shape."""


def _check_probability(name: str, value: Any) -> None:
    array = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(array)) or np.any((array < 0) | (array > 1)):
        bad = array[~np.isfinite(array) | (array < 0) | (array > 1)].ravel()[0]
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name=name, expected=_("a probability between 0 and 1"), found=fixed(bad, "g")))


def _check_rate(discount_rate: Any) -> None:
    array = np.asarray(discount_rate, dtype=float)
    if np.any(~np.isfinite(array)) or np.any(array < 0):
        bad = array[~np.isfinite(array) | (array < 0)].ravel()[0]
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name="discount_rate", expected=_("a number of at least 0"), found=fixed(bad, "g")))


def check_horizon(horizon_years: Any) -> float | None:
    """Validate a planning horizon: ``None`` (or blank, NaN, infinity) for no horizon, else years > 0.

    Returns
    -------
    float or None
        The horizon in years, or ``None`` for the unlimited closed form.

    Raises
    ------
    ValueError
        For a horizon that is not a number or not above 0.

    Examples
    --------
    >>> check_horizon(5), check_horizon(None), check_horizon(float("inf"))
    (5.0, None, None)
    """
    if horizon_years is None or (isinstance(horizon_years, str) and not horizon_years.strip()):
        return None
    try:
        years = float(horizon_years)
    except (TypeError, ValueError):
        raise _horizon_error(horizon_years) from None
    if math.isnan(years) or (math.isinf(years) and years > 0):
        return None
    if not years > 0:
        raise _horizon_error(horizon_years)
    return years


def _horizon_error(horizon_years: Any) -> ValueError:
    return ValueError(_("{name}: expected {expected}, found {found}.").format(
        name="horizon_years", expected=_("a number of years above 0 (or blank for no horizon)"),
        found=repr(horizon_years)))


def horizon_label(horizon_years: float | None) -> str:
    """How a lifetime value's horizon reads on screen: ``"discounted over 5 years"`` or ``"no horizon"``.

    In the language in force (bokmål: ``"diskontert over 5 år"``, a no-break space before the unit).

    Examples
    --------
    >>> horizon_label(5), horizon_label(1), horizon_label(None)
    ('discounted over 5 years', 'discounted over 1 year', 'discounted, no horizon')
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     horizon_label(5), horizon_label(2.5), horizon_label(None)
    ('diskontert over 5\xa0år', 'diskontert over 2,5\xa0år', 'diskontert, uten horisont')
    """
    if horizon_years is None or not math.isfinite(float(horizon_years)):
        # Translators: how the horizon of a lifetime value reads when there is none (an unlimited future).
        return _("discounted, no horizon")
    # Translators: {years} is a number of years with its unit ("5 years", "2.5 years").
    return _("discounted over {years}").format(years=_format.number(float(horizon_years), "years"))


def clv_multiple(
    retention: ArrayLike, discount_rate: float | ArrayLike = 0.10, horizon_years: float | None = None
) -> Any:
    """How many yearly margins a customer is worth: ``r / (1 + d - r)``, or over ``H`` years.

    Parameters
    ----------
    retention
        Yearly probability that the customer stays (0 to 1).
    discount_rate
        Yearly discount rate (0.10 = 10 %).
    horizon_years
        Planning horizon ``H`` in years; ``None`` (default) sums over an
        unlimited future.  With a horizon the multiple is
        ``q * (1 - q**H) / (1 - q)``, ``q = r / (1 + d)``.

    Returns
    -------
    float, ndarray or Series
        The multiple (yearly margins, discounted), same shape as the input;
        infinite when ``r = 1``, ``d = 0`` and there is no horizon.

    Raises
    ------
    ValueError
        When a retention is outside [0, 1], the discount rate is negative or
        the horizon is not above 0.

    References
    ----------
    Venkatesan and Kumar (2004), see the module docstring (three-year window).

    Examples
    --------
    >>> round(float(clv_multiple(0.8, 0.10)), 2)
    2.67
    >>> round(float(clv_multiple(0.8, 0.10, horizon_years=5)), 2)
    2.12
    """
    _check_probability("retention", retention)
    _check_rate(discount_rate)
    horizon = check_horizon(horizon_years)
    with np.errstate(divide="ignore", invalid="ignore"):
        if horizon is None:
            result = np.divide(retention, np.add(1.0, discount_rate) - retention)
        else:
            q = np.divide(retention, np.add(1.0, discount_rate))
            near_one = np.abs(1.0 - q) < 1e-12
            finite = np.divide(q * (1.0 - np.power(q, horizon)), np.where(near_one, 1.0, 1.0 - q))
            result = np.where(near_one, horizon, finite)
            if isinstance(q, pd.Series):
                result = pd.Series(result, index=q.index, name=q.name)
    if np.ndim(result) == 0 and not isinstance(result, pd.Series):
        return float(result)
    return result


def customer_lifetime_value(
    margin: ArrayLike,
    retention: ArrayLike,
    discount_rate: float | ArrayLike = 0.10,
    horizon_years: float | None = None,
) -> Any:
    """Customer lifetime value ``m * r / (1 + d - r)`` of a yearly margin ``m``, or over ``H`` years.

    The margin is received at the end of each year the customer stays; the
    customer stays each year with probability ``r``; money is discounted at
    rate ``d``.  With a horizon only the first ``H`` years count.  Works on
    floats, numpy arrays and pandas Series alike.

    Parameters
    ----------
    margin
        Yearly margin in NOK (revenue x gross margin - cost to serve).
    retention
        Yearly retention probability (0 to 1).
    discount_rate
        Yearly discount rate.
    horizon_years
        Planning horizon in years; ``None`` for an unlimited future.

    Returns
    -------
    float, ndarray or Series
        Lifetime value in NOK (discounted over the horizon, a one-off sum).

    References
    ----------
    Venkatesan and Kumar (2004), see the module docstring.

    Examples
    --------
    >>> round(customer_lifetime_value(1_000_000, 0.8, 0.10))
    2666667
    >>> round(customer_lifetime_value(1_000_000, 0.8, 0.10, horizon_years=5))
    2124097
    """
    return margin * clv_multiple(retention, discount_rate, horizon_years)


def retention_after(retention: ArrayLike, churn_reductions: Sequence[float] | np.ndarray) -> Any:
    """Retention after project groups that each remove a fraction of the remaining churn.

    ``1 - (1 - r) * prod(1 - e_i)`` over the last axis of ``churn_reductions``.

    Examples
    --------
    >>> round(float(retention_after(0.8, [0.5, 0.5])), 3)
    0.95
    """
    _check_probability("retention", retention)
    effects = np.asarray(churn_reductions, dtype=float)
    _check_probability("churn_reductions", effects)
    remaining = np.prod(1.0 - effects, axis=-1) if effects.ndim else 1.0 - effects
    return 1.0 - (1.0 - retention) * remaining


def break_even_retention_uplift(
    margin: ArrayLike,
    retention: ArrayLike,
    investment: ArrayLike,
    discount_rate: float | ArrayLike = 0.10,
    horizon_years: float | None = None,
) -> Any:
    """The smallest rise in retention at which an investment in the account pays for itself.

    "If the alternative is losing the customer, such an investment can pay
    off": solves ``CLV(m, r + u) - CLV(m, r) = investment`` for ``u``.  The
    closed form is ``r' = T (1 + d) / (m + T)`` with ``T = CLV(m, r) + investment``
    and ``u = r' - r``.  With a horizon the lifetime value has no closed-form
    inverse; ``r'`` is found by bisection (the value rises with retention), to
    about 1e-12.

    Parameters
    ----------
    margin
        Yearly margin of the account (NOK, positive).
    retention
        Today's yearly retention probability.
    investment
        What the project groups cost (NOK, at least 0).
    discount_rate
        Yearly discount rate.
    horizon_years
        Planning horizon in years (``None``: unlimited future).

    Returns
    -------
    float, ndarray or Series
        The uplift in retention (0.05 = five points); ``inf`` when even
        retention 1 does not pay back the investment, or when the margin is not positive.

    Examples
    --------
    >>> u = break_even_retention_uplift(1_000_000, 0.8, 500_000, 0.10)
    >>> round(float(u), 3)
    0.036
    >>> round(float(break_even_retention_uplift(1_000_000, 0.8, 500_000, 0.10, horizon_years=5)), 3)
    0.072
    """
    _check_probability("retention", retention)
    _check_rate(discount_rate)
    horizon = check_horizon(horizon_years)
    if np.any(np.asarray(investment, dtype=float) < 0):
        raise ValueError(_("{name}: expected {expected}, found {found}.").format(
            name="investment", expected=_("an amount of at least 0 NOK"), found=_("a negative amount")))
    target = customer_lifetime_value(margin, retention, discount_rate, horizon) + investment
    with np.errstate(divide="ignore", invalid="ignore"):
        if horizon is None:
            needed = target * (np.add(1.0, discount_rate)) / (margin + target)
        else:
            needed = _solve_retention(np.divide(target, margin), discount_rate, horizon)
        uplift = needed - retention
        impossible = (np.asarray(margin, dtype=float) <= 0) | ~(needed <= 1.0 + 1e-12)
    result = np.where(impossible, np.inf, uplift)
    if isinstance(uplift, pd.Series):
        return pd.Series(result, index=uplift.index, name="break_even_retention_uplift")
    if np.ndim(result) == 0:
        return float(result)
    return result


def _solve_retention(multiple: Any, discount_rate: Any, horizon: float) -> np.ndarray:
    """The retention whose H-year multiple is ``multiple`` (bisection; above 1 when out of reach)."""
    goal = np.asarray(multiple, dtype=float)
    rate = np.broadcast_to(np.asarray(discount_rate, dtype=float), goal.shape)
    low = np.zeros(goal.shape)
    high = np.ones(goal.shape)
    reachable = np.asarray(clv_multiple(high, rate, horizon)) >= goal
    for _step in range(60):
        middle = 0.5 * (low + high)
        below = np.asarray(clv_multiple(middle, rate, horizon)) < goal
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    return np.where(reachable, 0.5 * (low + high), 2.0)
