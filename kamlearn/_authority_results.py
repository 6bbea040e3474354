"""The results of the authority simulation (:mod:`kamlearn.authority`): one limit, and a sweep of limits.

Private: import :class:`AuthorityResult` and :class:`LimitSweep` from :mod:`kamlearn.authority` (or ``kamlearn``).
Their text (summary, repr, plot labels) is in the language in force (:mod:`kamlearn.i18n`), numbers in its style.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from kamlearn import _format
from kamlearn._authority_model import _Draws
from kamlearn._fixed import fixed
from kamlearn._lifetime import horizon_label
from kamlearn._result import bar_plot, check_kind, html_of
from kamlearn.i18n import _, ngettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.authority import AuthorityParams

__all__ = ["AuthorityResult", "LimitSweep"]


@dataclass(frozen=True, repr=False)
class AuthorityResult:
    """What one delegated limit does: delays, retention, lost oversight and value.

    Built by :func:`simulate_authority`; every money figure is NOK, per year
    unless it is a lifetime value.

    Attributes
    ----------
    limit : float
        The delegated limit (NOK per request; ``inf`` = no limit).
    params : AuthorityParams
        The settings used.
    seed : int or None
        The seed of the random numbers (same seed, same numbers).
    years : int
        How many years were simulated.
    metrics : dict
        The headline numbers (also as properties): ``share_decided_at_once``,
        ``mean_delay_days`` (over all requests, 0 for those decided at once),
        ``mean_delay_reviewed_days``, ``retention_before``/``retention_after``
        (mean over accounts), ``escaped_spending_nok`` (spending decided without
        review, per year), ``oversight_cost_nok`` (what review would have
        trimmed off it), ``review_cost_nok``, ``value_nok`` (sum of lifetime
        values) and ``value_change_nok`` (against instant decisions with free review).
    accounts : DataFrame
        The same per account, averaged over the simulated years.
    """

    limit: float
    params: AuthorityParams
    seed: int | None
    years: int
    metrics: dict[str, float]
    accounts: pd.DataFrame
    _draws: _Draws

    @property
    def share_decided_at_once(self) -> float:
        """Share of requests the KAM decides at once (at most the limit)."""
        return self.metrics["share_decided_at_once"]

    @property
    def mean_delay_days(self) -> float:
        """Mean days a request waits for a decision, over all requests."""
        return self.metrics["mean_delay_days"]

    @property
    def retention_after(self) -> float:
        """Mean yearly retention over the accounts after the waiting."""
        return self.metrics["retention_after"]

    @property
    def escaped_spending_nok(self) -> float:
        """Spending a year decided without management's review."""
        return self.metrics["escaped_spending_nok"]

    @property
    def value_nok(self) -> float:
        """Sum of the accounts' lifetime values under this limit."""
        return self.metrics["value_nok"]

    @property
    def value_change_nok(self) -> float:
        """Lifetime value against instant decisions with free review (at most 0)."""
        return self.metrics["value_change_nok"]

    @property
    def requests(self) -> pd.DataFrame:
        """Every simulated request: year, account, size, whether reviewed, days waited."""
        d = self._draws
        n_accounts = len(d.account_ids)
        reviewed = d.sizes > self.limit
        return pd.DataFrame(
            {
                "year": d.cell // n_accounts + 1,
                "account_id": pd.Series(np.asarray(d.account_ids, dtype=object)[d.cell % n_accounts], dtype="str"),
                "size_nok": d.sizes,
                "reviewed": reviewed,
                "delay_days": np.where(reviewed, d.delays, 0.0),
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """The per-account table (a copy)."""
        return self.accounts.copy()

    def summary(self) -> str:
        """A short text summary of the headline numbers, in the language in force.

        Money in NOK a year, except the lifetime value (NOK, discounted over the case's horizon); waits in days.
        """
        m = self.metrics
        delayed = m["mean_delay_reviewed_days"]
        years = ngettext("{n} simulated year", "{n} simulated years", self.years).format(n=fixed(self.years, "d"))
        # Translators: the labels of a summary are padded with spaces so that the numbers line up in a column.
        wait = _("  mean wait (all requests):   {days} days").format(days=fixed(m["mean_delay_days"], ".1f"))
        if not math.isnan(delayed):
            wait += _(" ({days} days for those reviewed)").format(days=fixed(delayed, ".1f"))
        lines = [
            _("Delegated limit: {limit} ({years}, seed {seed})").format(
                limit=_limit_text(self.limit), years=years, seed=self.seed),
            _("  requests a year:            {requests}").format(requests=fixed(m["requests_per_year"], ",.0f")),
            _("  decided at once:            {share}").format(share=fixed(m["share_decided_at_once"], ".1%")),
            wait,
            _("  mean retention:             {before} -> {after}").format(
                before=fixed(m["retention_before"], ".3f"), after=fixed(m["retention_after"], ".3f")),
            _("  spending without review:    {spending} NOK a year (review would trim {trimmed})").format(
                spending=fixed(m["escaped_spending_nok"], ",.0f"), trimmed=fixed(m["oversight_cost_nok"], ",.0f")),
            _("  management review time:     {cost} NOK a year").format(cost=fixed(m["review_cost_nok"], ",.0f")),
            _("  lifetime value:             {value} NOK, {horizon} ({change} against instant, free review)").format(
                value=fixed(m["value_nok"], ",.0f"), horizon=horizon_label(self._draws.horizon_years),
                change=fixed(m["value_change_nok"], "+,.0f")),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        limit = "inf" if math.isinf(self.limit) else fixed(self.limit, ",.0f")
        return _("AuthorityResult(limit={limit} NOK, decided at once {share}, mean wait {days} days, "
                 "value change {change} NOK)").format(
            limit=limit, share=fixed(self.share_decided_at_once, ".1%"), days=fixed(self.mean_delay_days, ".1f"),
            change=fixed(self.value_change_nok, "+,.0f"))

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.accounts.round(3))

    def plot(self, kind: Literal["accounts"] = "accounts", ax: Axes | None = None) -> Axes:
        """Each account's change in lifetime value at this limit, against instant decisions with free review."""
        check_kind(kind, ("accounts",))
        title = (_("Lifetime value change with no limit") if math.isinf(self.limit)
                 else _("Lifetime value change with a limit of {limit}").format(limit=_format.nok(self.limit)))
        return bar_plot(self.accounts["clv_change_nok"], ax, title=title,
                        xlabel=_("Change in lifetime value per account (NOK)"))


@dataclass(frozen=True, repr=False)
class LimitSweep:
    """The model at many delegated limits, from the same random numbers.

    Attributes
    ----------
    table : DataFrame
        One row per limit (the index, NOK), with the columns of
        :attr:`AuthorityResult.metrics`.
    params : AuthorityParams
    seed : int or None
    years : int
    horizon_years : float or None
        The horizon of the lifetime values (years; None: no horizon), as the case gives it.
    """

    table: pd.DataFrame
    params: AuthorityParams
    seed: int | None
    years: int
    horizon_years: float | None = None

    @property
    def best_limit(self) -> float:
        """The limit (of those tried) with the highest lifetime value; the lowest such limit on a tie."""
        values = self.table["value_nok"].to_numpy()
        return float(self.table.index[int(np.argmax(values))])

    @property
    def best(self) -> pd.Series:
        """The row of the best limit."""
        row: pd.Series = self.table.iloc[int(np.argmax(self.table["value_nok"].to_numpy()))]
        return row

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()

    def summary(self) -> str:
        """The best limit and what it gives (money in NOK; the lifetime value change against instant, free review)."""
        best = self.best
        return "\n".join(
            [
                _("Best delegated limit of {n} tried: {limit}").format(n=len(self.table),
                                                                       limit=_limit_text(self.best_limit)),
                _("  decided at once: {share}, mean wait {days} days").format(
                    share=fixed(best["share_decided_at_once"], ".1%"), days=fixed(best["mean_delay_days"], ".1f")),
                _("  mean retention: {retention}").format(retention=fixed(best["retention_after"], ".3f")),
                _("  spending without review: {spending} NOK a year").format(
                    spending=fixed(best["escaped_spending_nok"], ",.0f")),
                _("  lifetime value change: {change} NOK, {horizon}").format(
                    change=fixed(best["value_change_nok"], "+,.0f"), horizon=horizon_label(self.horizon_years)),
            ]
        )

    def plot(self, kind: Literal["sweep"] = "sweep", ax: Axes | None = None) -> Axes:
        """Value and decision delay against the limit; see :func:`kamlearn.plotting.plot_authority_sweep`.

        ``plot(ax)`` (the axes first, the old signature) still works for one release, with a DeprecationWarning.
        """
        if not isinstance(kind, str) and ax is None and hasattr(kind, "plot"):
            warnings.warn(_("LimitSweep.plot(ax) is deprecated; use plot(ax=ax) (the first argument is the kind)."),
                          DeprecationWarning, stacklevel=2)
            kind, ax = "sweep", kind
        check_kind(kind, ("sweep",))
        from kamlearn.plotting.authority import plot_authority_sweep

        return plot_authority_sweep(self, ax=ax)

    def __repr__(self) -> str:
        return _("LimitSweep({n} limits, best {best} NOK)").format(n=len(self.table), best=fixed(self.best_limit, ",.0f"))

    def _repr_html_(self) -> str:
        return html_of(self.summary(), self.table, float_format=lambda v: f"{v:,.3f}")


def _limit_text(limit: float) -> str:
    """A delegated limit as a summary writes it: ``'50,000 NOK'`` (bokmål ``'50 000 kr'``) or ``'no limit'``."""
    return _("no limit") if math.isinf(limit) else _format.nok(limit)
