"""The authority to decide: a simulation of customer requests and the KAM's delegated limit.

Customers expect the key account manager (KAM) to decide and act, often at
once; the KAM should be free to use the resources available and defend that use
to top management afterwards (the article series, after McDonald, Millman and
Rogers 1997).  This module puts numbers on the trade-off: a higher delegated
limit gives faster answers and happier customers, but lets more spending
through without management's review.

The model, for one simulated year (repeated ``years`` times with the same
settings, so averages are precise):

1. **Arrivals.**  Account ``a`` sends ``N_a ~ Poisson(lambda_a)`` requests a
   year (an extra discount, a special delivery, a small adaptation).  The
   rates add up to ``requests_per_account * number of accounts``, shared in
   proportion to yearly revenue (bigger customers ask more) or equally.
2. **Sizes.**  What granting a request costs, ``S ~ LogNormal(ln median, sigma)`` NOK.
3. **Decision.**  A request of at most the delegated limit ``L`` is decided by
   the KAM at once.  A larger one waits for management for
   ``D ~ Gamma(shape k, mean mu)`` days (``k = 1`` is the exponential).
4. **Goodwill.**  Every week a customer waits for an answer lowers the
   account's yearly retention probability by ``delta``, at most by
   ``max_retention_drop`` a year: ``r' = r - min(max_drop, delta * weeks waited)``.
5. **Oversight.**  Management's review trims a share ``c`` off a request (the
   part that was not needed); a request decided at once escapes review, so
   ``c * S`` is spent that review would have saved.  Each review costs
   management time, ``review_cost_nok``.
6. **Value.**  The account's yearly margin becomes
   ``m' = m - c * (spending that escaped review) - review_cost * reviews`` and
   its lifetime value ``CLV(m', r')`` (:func:`kamlearn.customer_lifetime_value`).
   The policy is taken as steady: the simulated year stands for every year.

The value created at a limit is the sum of the accounts' lifetime values,
reported also as the change against an ideal of instant decisions and free,
perfect review (``value_change_nok``, never positive).  A limit of 0 sends every
request to management (slow, fully reviewed); an infinite limit decides every
request at once (fast, unreviewed); the best limit lies in between when both
effects matter.

Every parameter lives in :class:`AuthorityParams`, a frozen dataclass whose
defaults are set for the case company (Fjordpak AS) and documented there.  The
numbers are illustrative.

Examples
--------
>>> import kamlearn
>>> case = kamlearn.load_case()
>>> result = kamlearn.simulate_authority(case, limit=50_000, seed=1, years=50)
>>> 0 < result.share_decided_at_once < 1
True
>>> sweep = kamlearn.sweep_limits(case, limits=[0, 50_000, float("inf")], seed=1, years=50)
>>> float(sweep.table.loc[float("inf"), "mean_delay_days"])
0.0

References
----------
McDonald, M., Millman, T. and Rogers, B. (1997). Key account management:
theory, practice and challenges. *Journal of Marketing Management* 13(8),
737-757 (as retold in the article series).

Hoff (2010), cited in the article series: scarce resources limit the KAM's room to act.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn import _checks
from kamlearn._authority_model import _draw, _evaluate
from kamlearn._authority_results import AuthorityResult, LimitSweep
from kamlearn.errors import AuthorityParameterError
from kamlearn.i18n import _

if TYPE_CHECKING:
    from kamlearn.case import Case

__all__ = [
    "DEFAULT_LIMIT_NOK",
    "AuthorityParameterError",
    "AuthorityParams",
    "AuthorityResult",
    "LimitSweep",
    "account_request_rates",
    "best_limit",
    "simulate_authority",
    "sweep_limits",
]

DEFAULT_LIMIT_NOK = 50_000.0
"""The case company's delegated limit today: the KAM may grant up to 50,000 NOK a request."""

_DEFAULT_YEARS = 200


def _fail(name: str, expected: str, value: Any) -> Exception:
    return _checks.fail(name, expected, value, error=AuthorityParameterError)


def _at_least_zero(name: str, value: Any) -> None:
    _checks.non_negative(name, value, error=AuthorityParameterError)


def _positive(name: str, value: Any) -> None:
    if _checks.finite_number(name, value, error=AuthorityParameterError) <= 0:
        raise _fail(name, _("a number above 0"), value)


def _probability(name: str, value: Any) -> None:
    _checks.probability(name, value, error=AuthorityParameterError)


@dataclass(frozen=True)
class AuthorityParams:
    """Every setting of the authority simulation, with defaults for the case company.

    All numbers are illustrative, chosen so that the case company's trade-off
    is visible; change them to fit your own company.

    Parameters
    ----------
    requests_per_account : float, default 15.0
        Customer requests to the KAM team per account and year, on average
        (Fjordpak's 16 accounts send about 240 a year, some 20 a month).
    arrivals_by : {"revenue", "equal"}, default "revenue"
        How the requests are shared among the accounts: in proportion to the
        accounts' yearly revenue (bigger customers ask more) or equally.
    request_median_nok : float, default 20,000
        Median cost of granting a request (NOK): a typical extra discount,
        special delivery or small adaptation.
    request_sigma : float, default 1.0
        Spread of request sizes, the sigma of the lognormal (log scale).  With
        1.0 the mean is ``median * exp(0.5)``, about 33,000 NOK, and one request
        in twenty is above 100,000 NOK.
    delay_mean_days : float, default 10.0
        Mean calendar days a request above the limit waits for management
        (the next weekly management meeting plus preparation).
    delay_shape : float, default 2.0
        Shape of the gamma distribution of waiting days (1 = exponential; larger
        = more regular).  Must be above 0.
    retention_drop_per_week : float, default 0.0005
        How much one week of waiting lowers the account's yearly retention
        probability (0.0005 = 0.05 percentage points); summed over the
        account's requests in the year.  A probability, 0 to 1.
    max_retention_drop : float, default 0.05
        The most waiting can lower an account's retention in a year (5 points).
    review_trim_share : float, default 0.20
        The share of a request that management's review would trim off
        ("review trims 20 % of what it sees"); this is what a request decided
        at once costs in lost oversight.  A probability, 0 to 1.
    review_cost_nok : float, default 1,500
        Management time spent on one review (NOK; about an hour of a manager).

    Raises
    ------
    AuthorityParameterError
        When a setting is out of range; the message names it and its value.

    Examples
    --------
    >>> AuthorityParams(delay_mean_days=-1)
    Traceback (most recent call last):
    ...
    kamlearn.errors.AuthorityParameterError: delay_mean_days: expected a number of at least 0, found -1.
    """

    requests_per_account: float = 15.0
    arrivals_by: Literal["revenue", "equal"] = "revenue"
    request_median_nok: float = 20_000.0
    request_sigma: float = 1.0
    delay_mean_days: float = 10.0
    delay_shape: float = 2.0
    retention_drop_per_week: float = 0.0005
    max_retention_drop: float = 0.05
    review_trim_share: float = 0.20
    review_cost_nok: float = 1_500.0

    def __post_init__(self) -> None:
        _at_least_zero("requests_per_account", self.requests_per_account)
        _checks.one_of("arrivals_by", self.arrivals_by, ("revenue", "equal"), error=AuthorityParameterError)
        _positive("request_median_nok", self.request_median_nok)
        _at_least_zero("request_sigma", self.request_sigma)
        _at_least_zero("delay_mean_days", self.delay_mean_days)
        _positive("delay_shape", self.delay_shape)
        _probability("retention_drop_per_week", self.retention_drop_per_week)
        _probability("max_retention_drop", self.max_retention_drop)
        _probability("review_trim_share", self.review_trim_share)
        _at_least_zero("review_cost_nok", self.review_cost_nok)

    def to_series(self) -> pd.Series:
        """The settings as a Series (name -> value), for display."""
        return pd.Series({f.name: getattr(self, f.name) for f in fields(self)}, name="value", dtype=object)


def _check_simulation_inputs(years: Any, seed: Any) -> int:
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1:
        raise _fail("years", _("a whole number of at least 1"), years)  # i18n: not text (the argument's name)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise _fail("seed", _("None or a whole number of at least 0"), seed)  # i18n: not text (the argument's name)
    return int(years)


def _check_limit(limit: Any) -> float:
    if isinstance(limit, bool) or not isinstance(limit, (int, float, np.integer, np.floating)):
        raise _fail("limit", _("a number of NOK of at least 0 (inf for no limit)"), limit)  # i18n: not text (the argument's name)
    number = float(limit)
    if math.isnan(number) or number < 0:
        raise _fail("limit", _("a number of NOK of at least 0 (inf for no limit)"), limit)  # i18n: not text (the argument's name)
    return number


def _resolve(case: Case | None, params: AuthorityParams | None, function: str) -> tuple[Case, AuthorityParams]:
    if case is None:
        from kamlearn.case import load_case

        warnings.warn(
            _("{function}() without a case loads the course case; pass it: {function}(kamlearn.load_case(), ...). "
              "The default goes in the next release.").format(function=function),
            DeprecationWarning,
            stacklevel=3,
        )
        case = load_case()
    if params is None:
        params = AuthorityParams()
    elif not isinstance(params, AuthorityParams):
        raise _fail("params", _("an AuthorityParams"), type(params).__name__)  # i18n: not text (the argument's name)
    return case, params


def account_request_rates(case: Case, params: AuthorityParams | None = None) -> pd.Series:
    """Expected customer requests a year per account, as the simulation uses them.

    Parameters
    ----------
    case
        The company; its accounts' yearly revenue shares the requests.
    params
        The settings (defaults when None).

    Returns
    -------
    Series
        Requests a year by ``account_id``; they sum to ``requests_per_account``
        times the number of accounts.

    Examples
    --------
    >>> import kamlearn
    >>> rates = account_request_rates(kamlearn.load_case())
    >>> round(float(rates.sum()))
    240
    """
    params = params or AuthorityParams()
    accounts = case.accounts
    total = params.requests_per_account * len(accounts)
    if params.arrivals_by == "equal" or float(accounts["yearly_revenue_nok"].sum()) <= 0:
        weights = np.full(len(accounts), 1.0 / len(accounts))
    else:
        revenue = accounts["yearly_revenue_nok"].to_numpy(dtype=float)
        weights = revenue / revenue.sum()
    return pd.Series(total * weights, index=accounts.index, name="requests_per_year")


# ----------------------------------------------------------------------------- public functions


def simulate_authority(
    case: Case | None = None,
    limit: float = DEFAULT_LIMIT_NOK,
    params: AuthorityParams | None = None,
    *,
    seed: int | None = 0,
    years: int = _DEFAULT_YEARS,
) -> AuthorityResult:
    """Simulate a year of customer requests to the KAM team under a delegated limit.

    Parameters
    ----------
    case
        The company (its accounts' revenue, margin and retention).  Leaving it out
        (None) still loads the course case, with a DeprecationWarning; pass it.
    limit
        The delegated limit in NOK per request: requests up to it are decided
        at once, larger ones wait for management.  ``0`` sends everything to
        management; ``float("inf")`` decides everything at once.
    params
        The model's settings (:class:`AuthorityParams`); defaults when None.
    seed
        Seed of the random numbers (numpy Generator); the same seed gives the
        same numbers.
    years
        How many years to simulate; results are averages over them.

    Returns
    -------
    AuthorityResult

    Raises
    ------
    AuthorityParameterError
        For a negative limit, a bad number of years or a bad seed.

    Notes
    -----
    The model is described in the module docstring.  It is vectorised: the
    draws are made once and the decision rule, the waiting and the lifetime
    values are computed with numpy over all requests at once.

    Examples
    --------
    >>> import kamlearn
    >>> fast = kamlearn.simulate_authority(kamlearn.load_case(), limit=float("inf"), seed=3, years=20)
    >>> fast.mean_delay_days, round(fast.retention_after - fast.metrics["retention_before"], 12)
    (0.0, 0.0)
    """
    limit = _check_limit(limit)
    years = _check_simulation_inputs(years, seed)
    case, params = _resolve(case, params, "simulate_authority")
    draws = _draw(case, params, seed, years)
    metrics, accounts = _evaluate(draws, params, limit)
    return AuthorityResult(limit, params, seed, years, metrics, accounts, draws)


def _default_limits() -> np.ndarray:
    steps = np.array([1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0])
    grid = np.concatenate([steps * 10.0**k for k in range(3, 7)])
    return np.concatenate([[0.0], grid[grid <= 2_000_000]])


def sweep_limits(
    case: Case | None = None,
    limits: Any = None,
    params: AuthorityParams | None = None,
    *,
    seed: int | None = 0,
    years: int = _DEFAULT_YEARS,
) -> LimitSweep:
    """The model at many delegated limits, from the same random requests.

    Every limit sees the same simulated requests (common random numbers), so
    the differences between limits are not noise.

    Parameters
    ----------
    case
        The company.  Leaving it out (None) still loads the course case, with a
        DeprecationWarning; pass it.
    limits
        The limits to try (NOK, at least 0, ``inf`` allowed); by default 0 and
        round limits from 1,000 to 2,000,000 NOK (1, 1.5, 2, 3, 4, 5, 7 times a power of ten).
    params
        The model's settings; defaults when None.
    seed
        Seed of the random numbers.
    years
        How many years to simulate.

    Returns
    -------
    LimitSweep
        ``table`` indexed by limit; ``best_limit`` is the limit with the highest value.

    Examples
    --------
    >>> import kamlearn
    >>> sweep = kamlearn.sweep_limits(kamlearn.load_case(), limits=[0, 20_000, 100_000], seed=0, years=20)
    >>> list(sweep.table.index)
    [0.0, 20000.0, 100000.0]
    """
    years = _check_simulation_inputs(years, seed)
    raw = _default_limits() if limits is None else np.atleast_1d(np.asarray(limits, dtype=object))
    checked = sorted({_check_limit(v) for v in raw})
    if not checked:
        raise _fail("limits", _("at least one limit"), list(raw))  # i18n: not text (the argument's name)
    case, params = _resolve(case, params, "sweep_limits")
    draws = _draw(case, params, seed, years)
    rows = [_evaluate(draws, params, limit)[0] for limit in checked]
    table = pd.DataFrame(rows).set_index("limit")
    table.index = table.index.astype(float)
    table.index.name = "limit_nok"
    return LimitSweep(table, params, seed, years, draws.horizon_years)


def best_limit(
    case: Case | None = None,
    limits: Any = None,
    params: AuthorityParams | None = None,
    *,
    seed: int | None = 0,
    years: int = _DEFAULT_YEARS,
) -> float:
    """The delegated limit (of those tried) that maximises the accounts' lifetime value.

    Same parameters as :func:`sweep_limits`; returns ``sweep_limits(...).best_limit``.

    Examples
    --------
    >>> import kamlearn
    >>> no_goodwill = kamlearn.AuthorityParams(retention_drop_per_week=0)
    >>> kamlearn.best_limit(kamlearn.load_case(), limits=[0, 50_000], params=no_goodwill, years=20)
    0.0
    """
    case, params = _resolve(case, params, "best_limit")
    return sweep_limits(case, limits, params, seed=seed, years=years).best_limit
