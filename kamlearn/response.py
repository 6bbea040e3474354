"""Response curves, judgmental calibration and spreading a pool of hours over accounts.

How much does an account respond to more key-account effort?  Little's
ADBUDG curve ``y = b + (a - b) x**c / (d + x**c)`` (``b`` at zero effort, ``a``
at saturation, S-shaped for ``c > 1``, concave for ``c <= 1``) and the
exponential curve ``y = b + (a - b) (1 - exp(-k x))`` describe it.  A manager
calibrates the ADBUDG curve by judgement: the response at zero effort, at
today's effort, at 50 % more effort and at saturation (:func:`calibrate_adbudg`).

:func:`allocate_effort` spreads a pool of hours over accounts to maximise the
total response, within per-account bounds (the CALLPLAN and Syntex style of
model).  At the optimum every account that gets hours between its bounds has
the same marginal return per hour.

References
----------
Little, J. D. C. (1970). Models and managers: the concept of a decision
calculus. *Management Science* 16(8), B466-B485.

Lodish, L. M. (1971). CALLPLAN: an interactive salesman's call planning
system. *Management Science* 18(4), P25-P40.

Lodish, L. M., Curtis, E., Ness, M. and Simpson, M. K. (1988). Sales force
sizing and deployment using a decision calculus model at Syntex
Laboratories. *Interfaces* 18(1), 5-20.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn import _format
from kamlearn._fixed import fixed
from kamlearn._result import bar_plot, check_kind, html_of
from kamlearn.errors import InfeasibleError
from kamlearn.i18n import _, pgettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "AdbudgCurve",
    "ResponsePlan",
    "ExponentialCurve",
    "allocate_effort",
    "calibrate_adbudg",
]

_NEWTON_STEPS = 60


def __getattr__(name: str) -> Any:
    """``EffortAllocation``, the old name of :class:`ResponsePlan`, for one release (with a warning)."""
    if name == "EffortAllocation":
        warnings.warn(_("kamlearn.response.EffortAllocation is now ResponsePlan; the old name goes in the next release."),
                      DeprecationWarning, stacklevel=2)
        return ResponsePlan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n: not text (Python's own message)


def _array(name: str, value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)):
        raise ValueError(_("{name}: expected finite numbers.").format(name=name))
    return array


@dataclass(frozen=True)
class AdbudgCurve:
    """Little's ADBUDG response curve ``y = b + (a - b) x**c / (d + x**c)``, vectorised.

    Every parameter may be an array (one curve per account); they broadcast.

    Parameters
    ----------
    a
        Response at saturation (very large effort).
    b
        Response at zero effort (``a > b``).
    c
        Shape: ``0 < c <= 1`` concave, ``c > 1`` S-shaped.
    d
        Scale: at effort ``x = d**(1/c)`` the response is half way from ``b`` to ``a``.

    Examples
    --------
    >>> curve = AdbudgCurve(a=100.0, b=20.0, c=1.0, d=50.0)
    >>> float(curve(50.0))
    60.0
    """

    a: Any
    b: Any
    c: Any
    d: Any

    def __post_init__(self) -> None:
        for name in "abcd":
            object.__setattr__(self, name, _array(name, getattr(self, name)))
        if np.any(self.c <= 0) or np.any(self.d <= 0):
            raise ValueError(_("AdbudgCurve: expected c > 0 and d > 0."))
        if np.any(self.a <= self.b):
            raise ValueError(_("AdbudgCurve: expected the saturation a above the zero-effort response b."))

    def __call__(self, x: Any) -> np.ndarray:
        """Response at effort ``x``."""
        return self.response(x)

    def response(self, x: Any) -> np.ndarray:
        """Response at effort ``x`` (x >= 0)."""
        xc = np.power(np.maximum(np.asarray(x, dtype=float), 0.0), self.c)
        return self.b + (self.a - self.b) * xc / (self.d + xc)  # type: ignore[no-any-return]

    def marginal(self, x: Any) -> np.ndarray:
        """Marginal response per unit of effort ``dy/dx`` at ``x``."""
        x = np.maximum(np.asarray(x, dtype=float), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = np.power(x, self.c)
            out = (self.a - self.b) * self.c * self.d * np.power(x, self.c - 1.0) / (self.d + xc) ** 2
        return np.where(np.isnan(out), np.inf, out)  # type: ignore[no-any-return]

    @property
    def is_concave(self) -> np.ndarray:
        """True where the curve is concave (``c <= 1``)."""
        return np.asarray(self.c <= 1.0)


@dataclass(frozen=True)
class ExponentialCurve:
    """Exponential response curve ``y = b + (a - b) (1 - exp(-k x))``, vectorised; always concave.

    Examples
    --------
    >>> curve = ExponentialCurve(a=100.0, b=20.0, k=0.1)
    >>> round(float(curve(10.0)), 3)
    70.57
    """

    a: Any
    b: Any
    k: Any

    def __post_init__(self) -> None:
        for name in "abk":
            object.__setattr__(self, name, _array(name, getattr(self, name)))
        if np.any(self.k <= 0) or np.any(self.a <= self.b):
            raise ValueError(_("ExponentialCurve: expected k > 0 and the saturation a above b."))

    def __call__(self, x: Any) -> np.ndarray:
        return self.response(x)

    def response(self, x: Any) -> np.ndarray:
        """Response at effort ``x``."""
        x = np.maximum(np.asarray(x, dtype=float), 0.0)
        return self.b + (self.a - self.b) * -np.expm1(-self.k * x)  # type: ignore[no-any-return]

    def marginal(self, x: Any) -> np.ndarray:
        """Marginal response ``dy/dx`` at ``x``."""
        x = np.maximum(np.asarray(x, dtype=float), 0.0)
        return (self.a - self.b) * self.k * np.exp(-self.k * x)  # type: ignore[no-any-return]

    @property
    def is_concave(self) -> np.ndarray:
        return np.ones(np.broadcast(self.a, self.b, self.k).shape, dtype=bool)


Curve = AdbudgCurve | ExponentialCurve


def calibrate_adbudg(zero: Any, today: Any, plus_50: Any, saturation: Any, today_effort: Any = 1.0) -> AdbudgCurve:
    """Judgmental calibration of an ADBUDG curve from a manager's four estimates (Little 1970).

    The curve passes exactly through the response at zero effort (``b``), at
    today's effort and at 50 % more effort, and tends to the saturation
    response (``a``).  With ``f(x) = (y - b) / (a - b)`` the curve gives
    ``f / (1 - f) = x**c / d``, so the two interior points fix
    ``c = ln(R) / ln(1.5)`` with ``R`` the ratio of ``f/(1-f)`` at +50 % and
    today, and then ``d = today_effort**c (1 - f_today) / f_today``.

    Parameters
    ----------
    zero, today, plus_50, saturation
        The manager's estimates of the response (e.g. yearly margin or sales)
        at no effort, today's effort, 50 % more effort and unlimited effort;
        ``zero < today < plus_50 < saturation``.  Arrays calibrate many accounts at once.
    today_effort
        Today's effort in hours (or 1.0 for an index where today = 1).

    Returns
    -------
    AdbudgCurve

    Raises
    ------
    ValueError
        When the estimates are not strictly increasing or the effort is not positive.

    Examples
    --------
    >>> curve = calibrate_adbudg(50.0, 100.0, 115.0, 130.0, today_effort=200.0)
    >>> [round(float(curve(x)), 6) for x in (0.0, 200.0, 300.0)]
    [50.0, 100.0, 115.0]
    """
    zero, today, plus_50, saturation, effort = (
        _array(n, v) for n, v in
        (("zero", zero), ("today", today), ("plus_50", plus_50), ("saturation", saturation),
         ("today_effort", today_effort))
    )
    if not (np.all(zero < today) and np.all(today < plus_50) and np.all(plus_50 < saturation)):
        raise ValueError(
            _("calibrate_adbudg: expected the estimates to rise strictly: zero < today < plus_50 < saturation.")
        )
    if np.any(effort <= 0):
        raise ValueError(_("calibrate_adbudg: expected today's effort above 0."))
    span = saturation - zero
    f1 = (today - zero) / span
    f2 = (plus_50 - zero) / span
    odds1, odds2 = f1 / (1 - f1), f2 / (1 - f2)
    c = np.log(odds2 / odds1) / np.log(1.5)
    d = np.power(effort, c) / odds1
    return AdbudgCurve(a=saturation, b=zero, c=c, d=d)


@dataclass(frozen=True)
class ResponsePlan:
    """Hours per account that maximise the total response, with the marginal returns.

    Attributes
    ----------
    hours : ndarray
        Hours per account.
    response : ndarray
        Response of each account at its hours.
    total_response : float
        Sum of the responses.
    marginal_return : float
        The common marginal return per hour (the multiplier of the hours
        constraint): every account strictly between its bounds has exactly this
        marginal return; accounts at their upper bound have at least it, at
        their lower bound at most it.  0 when the pool is not used up.
    marginal : ndarray
        Each account's marginal return per hour at its hours.
    at_lower, at_upper : ndarray
        Accounts held at their bounds.
    total_hours : float
        Hours used.
    upper_bound : float
        Proven upper bound on the total response (equals it for concave curves).
    status : str
        ``"optimal"`` for concave curves; ``"within_gap"`` when S-shaped curves were
        handled through their concave envelope.
    index : pandas.Index or None
        Labels of the accounts, when given.
    """

    hours: np.ndarray
    response: np.ndarray
    total_response: float
    marginal_return: float
    marginal: np.ndarray
    at_lower: np.ndarray
    at_upper: np.ndarray
    total_hours: float
    upper_bound: float
    status: str
    index: pd.Index | None = None

    @property
    def gap(self) -> float:
        """Relative gap between the upper bound and the total response."""
        return max(0.0, (self.upper_bound - self.total_response) / max(abs(self.upper_bound), 1e-12))

    def to_frame(self) -> pd.DataFrame:
        """One row per account: hours, response, marginal return and whether at a bound."""
        return pd.DataFrame(
            {"hours": self.hours, "response": self.response, "marginal_return": self.marginal,
             "at_lower": self.at_lower, "at_upper": self.at_upper},
            index=self.index,
        )

    def summary(self) -> str:
        """A few lines: hours spread, total response against its bound, the common marginal return.

        The response is in the curves' unit (NOK a year for the course's curves of yearly margin).
        """
        return "\n".join([
            _("Response plan: {hours} over {accounts} ({status})").format(
                hours=_format.number(self.total_hours, "hours"), accounts=_format.count(len(self.hours), "account"),
                status=status_text(self.status)),
            _("  total response {total} (upper bound {bound}, gap {gap})").format(
                total=_format.number(self.total_response), bound=_format.number(self.upper_bound),
                gap=_format.percent(self.gap, decimals=2)),
            _("  marginal return of the last hour: {value} per hour; at the lower bound: {lower}, "
              "at the upper bound: {upper}").format(
                value=_format.number(self.marginal_return), lower=int(np.sum(self.at_lower)),
                upper=int(np.sum(self.at_upper))),
        ])

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.to_frame(), float_format=lambda v: f"{v:,.2f}")

    def plot(self, kind: Literal["hours"] = "hours", ax: Axes | None = None) -> Axes:
        """Hours per account (bars)."""
        check_kind(kind, ("hours",))
        frame = self.to_frame()
        return bar_plot(frame["hours"], ax, title=_("Hours per account by equal marginal returns"),
                        xlabel=pgettext("axis", "Hours"))

    def __repr__(self) -> str:
        return _("ResponsePlan(accounts={accounts}, hours={hours}, total_response={total}, "
                 "marginal_return={value}, status={status})").format(
            accounts=len(self.hours), hours=fixed(self.total_hours, ",.1f"), total=fixed(self.total_response, ",.2f"),
            value=fixed(self.marginal_return, ".6g"), status=repr(self.status))


def status_text(status: str) -> str:
    """How a plan's status reads for a person, in the language in force (``'optimal'``, ``'within_gap'``)."""
    # Translators: the status of a plan of hours in a summary, in brackets: proven optimal, or within a proven gap
    # of the optimum (S-shaped curves).  The English keeps the status's id.
    words = {"optimal": _("optimal"), "within_gap": _("within_gap")}
    return words.get(status, status)


def _inverse_marginal_adbudg(curve: AdbudgCurve, lam: np.ndarray, start: np.ndarray | None,
                             want_slope: bool = False) -> Any:
    """Effort where the marginal equals ``lam`` on the concave part, by Newton's method in log effort.

    In ``u = log x`` the equation ``log m(x) = log lam`` has a left-hand side
    ``g(u) = log(A c d) + (c - 1) u - 2 log(d + e^{cu})`` that is concave; on its
    decreasing part Newton's method from the right of the root converges
    monotonically (quadratically near the root).
    """
    a, b, c, d = curve.a, curve.b, curve.c, curve.d
    log_acd = np.log((a - b) * c * d)
    log_lam = np.log(lam)
    # the concave part starts where f = x^c / (d + x^c) = (c - 1) / (2c) (0 for c <= 1)
    f_star = np.maximum((c - 1.0) / (2.0 * c), 0.0)
    with np.errstate(divide="ignore"):
        u_star = np.where(f_star > 0, (np.log(d) + np.log(f_star) - np.log1p(-f_star)) / c, -np.inf)
    # m(x) < A c d x^(-c-1), so this point has m <= lam: it is right of the root
    u_right = (log_acd - log_lam) / (c + 1.0)
    u = np.maximum(u_right, u_star) if start is None else np.maximum(np.log(np.maximum(start, 1e-300)), u_star)
    u = np.minimum(u, 700.0)
    slope = np.full(u.shape, -1.0)
    for _step in range(_NEWTON_STEPS):
        with np.errstate(over="ignore", invalid="ignore"):  # far right of an S-curve: f -> nan, the step stops
            ecu = np.exp(c * u)
            f = ecu / (d + ecu)
        g = log_acd + (c - 1.0) * u - 2.0 * np.log(d + ecu) - log_lam
        slope = (c - 1.0) - 2.0 * c * f
        step = np.where(slope < 0, g / np.where(slope < 0, slope, -1.0), 0.0)
        u_new = np.minimum(np.maximum(u - step, u_star), 700.0)
        done = np.max(np.abs(u_new - u)) <= 1e-12
        u = u_new
        if done:
            break
    x = np.exp(u)
    return (x, slope) if want_slope else x


def _hours_at(curve: Curve, lam: float, lower: np.ndarray, upper: np.ndarray, start: np.ndarray | None,
              cutoff: np.ndarray | None) -> np.ndarray:
    """Hours of every account at multiplier ``lam`` (clipped to its bounds)."""
    lam_arr = np.full(lower.shape, lam)
    if isinstance(curve, ExponentialCurve):
        with np.errstate(divide="ignore"):
            x = np.log((curve.a - curve.b) * curve.k / lam_arr) / curve.k
    else:
        x = _inverse_marginal_adbudg(curve, lam_arr, start)
    if cutoff is not None:  # S-shaped: below the envelope's line the account gets its lower bound
        x = np.where(lam_arr >= cutoff, lower, x)
    return np.clip(x, lower, upper)  # type: ignore[no-any-return]


def _hours_and_slope(curve: Curve, lam: float, lower: np.ndarray, upper: np.ndarray, start: np.ndarray | None,
                     cutoff: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Hours at ``lam`` and their derivative with respect to ``log lam`` (0 at a bound)."""
    lam_arr = np.full(lower.shape, lam)
    if isinstance(curve, ExponentialCurve):
        with np.errstate(divide="ignore"):
            x = np.log((curve.a - curve.b) * curve.k / lam_arr) / curve.k
        dx = -1.0 / curve.k
    else:
        x, g_slope = _inverse_marginal_adbudg(curve, lam_arr, start, want_slope=True)
        dx = np.where(g_slope < 0, x / np.where(g_slope < 0, g_slope, -1.0), 0.0)
    if cutoff is not None:
        x = np.where(lam_arr >= cutoff, lower, x)
    inside = (x > lower) & (x < upper)
    return np.clip(x, lower, upper), np.where(inside, dx, 0.0)


def _envelope_cutoff(curve: AdbudgCurve, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Slope of the concave envelope's straight part from the lower bound, for S-shaped curves.

    The envelope of an S-curve on ``[l, u]`` is a line from ``(l, y(l))`` tangent
    to the curve at ``t`` (``y'(t) = (y(t) - y(l)) / (t - l)``), then the curve.
    An account gets more than its lower bound only when the multiplier is below
    the line's slope.
    """
    y_low = curve.response(lower)
    lo = np.maximum(lower, np.exp(np.log(curve.d * (curve.c - 1) / (curve.c + 1)) / curve.c))  # inflection
    lo = np.where(curve.c > 1, lo, lower)
    hi = np.where(np.isfinite(upper), upper, lo * 1e6 + 1e6)
    for _step in range(100):  # bisection: h(t) = y'(t)(t - l) - (y(t) - y(l)) is decreasing past the inflection
        mid = 0.5 * (lo + hi)
        h = curve.marginal(mid) * (mid - lower) - (curve.response(mid) - y_low)
        lo = np.where(h > 0, mid, lo)
        hi = np.where(h > 0, hi, mid)
    t = np.minimum(0.5 * (lo + hi), upper)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (curve.response(t) - y_low) / (t - lower)
    return np.where(curve.c > 1, slope, np.inf)  # type: ignore[no-any-return]


def _as_curve(curves: Curve | Sequence[Curve]) -> Curve:
    if isinstance(curves, AdbudgCurve | ExponentialCurve):
        return curves
    raise TypeError(_("curves: expected an AdbudgCurve or ExponentialCurve with one parameter per account."))


def allocate_effort(
    curves: Curve,
    total_hours: float,
    lower: Any = 0.0,
    upper: Any = np.inf,
    *,
    index: Sequence[Any] | pd.Index | None = None,
    tolerance: float = 1e-10,
) -> ResponsePlan:
    """Spread a pool of hours over accounts to maximise the total response (equal marginal returns).

    Maximises ``sum_i y_i(x_i)`` subject to ``sum_i x_i <= total_hours`` and
    ``lower_i <= x_i <= upper_i``.  For concave curves the optimum satisfies
    ``y_i'(x_i) = lambda`` for every account between its bounds; each account's
    effort is a decreasing function of ``lambda`` (closed form for the
    exponential curve, Newton's method in log effort for ADBUDG), and
    ``lambda`` is found by bisection on its logarithm so that the hours add
    up.  Everything is vectorised over accounts.

    S-shaped ADBUDG curves (``c > 1``) are not concave.  They are replaced by
    their concave envelope on ``[lower, upper]`` (a straight line from the
    lower bound, tangent to the curve, then the curve), which gives an exact
    upper bound; accounts whose multiplier falls on the straight part are set
    to their lower bound and the hours go to the others.  The result reports
    the bound and the gap.

    Parameters
    ----------
    curves
        One curve per account (parameters as arrays).
    total_hours
        The pool of hours.
    lower, upper
        Per-account bounds (scalars or arrays).
    index
        Labels of the accounts for :meth:`ResponsePlan.to_frame`.
    tolerance
        Relative tolerance on the hours used.

    Returns
    -------
    ResponsePlan

    Raises
    ------
    InfeasibleError
        When the lower bounds need more hours than the pool.

    Examples
    --------
    >>> curves = ExponentialCurve(a=[100.0, 80.0], b=[0.0, 0.0], k=[0.01, 0.02])
    >>> result = allocate_effort(curves, 200.0)
    >>> m = result.marginal
    >>> bool(abs(m[0] - m[1]) < 1e-6 * m[0])
    True
    """
    curve = _as_curve(curves)
    shape = np.broadcast(*(np.asarray(getattr(curve, f)) for f in curve.__dataclass_fields__)).shape
    n = int(np.prod(shape)) if shape else 1
    flat = {f: np.broadcast_to(np.asarray(getattr(curve, f), dtype=float), shape).ravel()
            for f in curve.__dataclass_fields__}
    curve = type(curve)(**flat)
    lower = np.broadcast_to(np.asarray(lower, dtype=float), (n,)).astype(float)
    upper = np.broadcast_to(np.asarray(upper, dtype=float), (n,)).astype(float)
    total_hours = float(total_hours)
    if np.any(lower < 0) or np.any(upper < lower):
        raise ValueError(_("allocate_effort: expected 0 <= lower <= upper for every account."))
    if lower.sum() > total_hours * (1 + 1e-12):
        raise InfeasibleError(_("the lower bounds need {needed} hours but the pool is {pool} hours.").format(
            needed=fixed(lower.sum(), ",.1f"), pool=fixed(total_hours, ",.1f")))
    cutoff = None
    status = "optimal"
    if isinstance(curve, AdbudgCurve) and np.any(curve.c > 1):
        cutoff = _envelope_cutoff(curve, lower, upper)
        status = "within_gap"
    if upper.sum() <= total_hours:  # enough hours for everyone's upper bound
        hours, lam = upper.copy(), 0.0
    else:
        # bracket the multiplier: large lam -> lower bounds, small lam -> upper bounds
        hi_lam = 1.0
        if n > 20_000 and cutoff is None:  # start from the multiplier of a random sample of accounts with its share of hours
            pick = np.random.default_rng(0).choice(n, 10_000, replace=False)
            sample = type(curve)(**{f: flat[f][pick] for f in flat})
            share = total_hours * 10_000 / n
            if lower[pick].sum() < share < upper[pick].sum():
                hi_lam = max(allocate_effort(sample, share, lower[pick], upper[pick]).marginal_return, 1e-280)
                hi_lam *= 1.05
        start = _hours_at(curve, hi_lam, lower, upper, None, cutoff)
        while start.sum() > total_hours:
            hi_lam *= 4.0
            start = _hours_at(curve, hi_lam, lower, upper, start, cutoff)
        lo_lam = hi_lam / 1.1
        while _hours_at(curve, lo_lam, lower, upper, start, cutoff).sum() < total_hours and lo_lam > 1e-290:
            lo_lam /= 4.0
        log_lo, log_hi = np.log(lo_lam), np.log(hi_lam)
        log_lam = 0.5 * (log_lo + log_hi)
        for _step in range(200):
            lam = float(np.exp(log_lam))
            hours, dx = _hours_and_slope(curve, lam, lower, upper, start, cutoff)
            start = hours
            used = float(hours.sum())
            if used > total_hours:
                log_lo = log_lam
            else:
                log_hi = log_lam
            if abs(used - total_hours) <= tolerance * max(total_hours, 1.0) or log_hi - log_lo < 1e-14:
                break
            slope_total = float(dx.sum())  # d(hours used) / d(log lam), negative
            newton = log_lam - (used - total_hours) / slope_total if slope_total < 0 else np.nan
            # Newton's step when it stays inside the bracket, bisection otherwise
            log_lam = newton if log_lo < newton < log_hi else 0.5 * (log_lo + log_hi)
        hi_lam = float(np.exp(log_hi)) if used < total_hours else lam
        hours = _hours_at(curve, hi_lam, lower, upper, start if cutoff is None else None, cutoff)
        lam = hi_lam
        spare = total_hours - hours.sum()
        if spare > 0:  # give the last sliver to accounts between their bounds, in proportion
            inside = (hours > lower) & (hours < upper)
            if inside.any():
                room = np.where(inside, upper - hours, 0.0)
                hours = hours + np.minimum(room, spare * inside / inside.sum())
    response = curve.response(hours)
    marginal = curve.marginal(hours)
    at_lower = hours <= lower + 1e-12 * np.maximum(1.0, lower)
    finite_upper = np.where(np.isfinite(upper), upper, 0.0)
    at_upper = np.isfinite(upper) & (hours >= upper - 1e-12 * np.maximum(1.0, finite_upper))
    total = float(response.sum())
    bound = total
    if cutoff is not None and isinstance(curve, AdbudgCurve):  # only S-shaped ADBUDG curves have a cutoff
        bound = max(total, _lagrangian_bound(curve, lower, upper, lam, total_hours))
    return ResponsePlan(
        hours=hours.reshape(shape) if shape else hours,
        response=response.reshape(shape) if shape else response,
        total_response=total,
        marginal_return=float(lam),
        marginal=marginal.reshape(shape) if shape else marginal,
        at_lower=at_lower.reshape(shape) if shape else at_lower,
        at_upper=at_upper.reshape(shape) if shape else at_upper,
        total_hours=float(hours.sum()),
        upper_bound=bound,
        status=status if cutoff is not None else "optimal",
        index=None if index is None else pd.Index(index),
    )


def _lagrangian_bound(curve: AdbudgCurve, lower: np.ndarray, upper: np.ndarray, lam: float,
                      total_hours: float) -> float:
    """Upper bound ``lam * H + sum_i max_{l <= x <= u} (y_i(x) - lam x)``, valid for any ``lam >= 0``.

    The maximum over ``x`` is attained at a bound or where ``y'(x) = lam`` on the
    concave part of the curve, so it is exact for S-shaped curves too.
    """
    concave_x = np.clip(_inverse_marginal_adbudg(curve, np.full(lower.shape, max(lam, 1e-300)), None), lower, upper)
    candidates = [lower, concave_x, upper if np.all(np.isfinite(upper)) else concave_x]
    best = np.full(lower.shape, -np.inf)
    for x in candidates:
        best = np.maximum(best, curve.response(x) - lam * x)
    return float(lam * total_hours + best.sum())
