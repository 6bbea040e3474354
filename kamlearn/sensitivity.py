"""How sure are we? The plan re-solved over draws of the effect estimates (Monte Carlo).

What a project group does to an account (how much churn it removes, how much
it cuts the cost to serve, how many share-of-wallet points it adds) is a
judgment, and the first number top management will challenge.
:func:`sensitivity` draws those three effects for every candidate group from a
range, re-solves the optimal plan for every draw with the allocation engine
and reports

* per group, how often it is in the optimal plan (``share_in_optimal``);
* the distribution of the optimal plan's value, and of today's plan's value;
* the **expected regret** of committing to today's plan: the mean, over the
  draws, of what the best plan for that draw creates minus what today's plan
  creates under the same draw (NOK, lifetime value after the cost of the
  resources; never negative).

The ranges
----------
The initiatives table may carry optional columns with a low and a high value
for each effect (``churn_reduction_low``, ``churn_reduction_high``,
``cost_to_serve_reduction_low``, ``cost_to_serve_reduction_high``,
``share_of_wallet_gain_low``, ``share_of_wallet_gain_high``; see
``data/README.md``).  An effect without them gets the **default range**, an
assumption labelled as such in every output: from ``(1 - default_range)`` to
``(1 + default_range)`` times the estimate (half to one and a half times it for
the default ``default_range=0.5``), capped at 1.  Draws are **triangular**
(low, the estimate as the most likely value, high) by default, or
**uniform** between low and high; every group's three effects are drawn
independently of each other and of the other groups.

References
----------
Lodish, L. M., Curtis, E., Ness, M. and Simpson, M. K. (1988). Sales force
sizing and deployment using a decision calculus model at Syntex Laboratories.
*Interfaces* 18(1), 5-20 (judged responses and how robust the plan is to them).

Savage, L. J. (1951). The theory of statistical decision. *Journal of the
American Statistical Association* 46(253), 55-67 (regret).

Examples
--------
>>> import kamlearn
>>> case = kamlearn.load_case()
>>> result = kamlearn.sensitivity(kamlearn.allocate(case), draws=20, seed=1, progress=False)
>>> bool((result.regret >= 0).all())
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn._checks import fail, one_of, positive_int, probability
from kamlearn._format import count, mnok, nok, number, percent
from kamlearn._sensitivity_draws import EFFECTS, Distribution, _draw, _Resolver  # the draws and their re-solves
from kamlearn.allocation._text import fixed
from kamlearn.errors import CaseError
from kamlearn.i18n import _
from kamlearn.value import horizon_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.allocation import Plan
    from kamlearn.case import Case

__all__ = ["EFFECTS", "Sensitivity", "effect_ranges", "sensitivity"]

DEFAULT_RANGE = 0.5
"""Default half-width of an effect's range, relative to the estimate (0.5: from 0.5x to 1.5x)."""


# ----------------------------------------------------------------------------- ranges


def effect_ranges(case: Case, *, default_range: float = DEFAULT_RANGE) -> pd.DataFrame:
    """The low, estimate and high value of every group's three effects.

    Parameters
    ----------
    case
        The company; its initiatives table may carry ``<effect>_low`` and
        ``<effect>_high`` columns (shares, 0 to 1).
    default_range
        For an effect without low and high columns: the range is
        ``estimate x (1 - default_range)`` to ``estimate x (1 + default_range)``,
        capped at 1 (an assumption, labelled ``"assumed"`` in ``source``).

    Returns
    -------
    DataFrame
        Index ``initiative_id``, columns a MultiIndex ``(effect, what)`` with
        ``what`` in ``low``, ``estimate``, ``high`` (shares) and ``source``
        (``"data"`` or ``"assumed"``).

    Raises
    ------
    CaseError
        When only one of the pair ``<effect>_low``/``<effect>_high`` is given,
        or a row has ``low > estimate`` or ``estimate > high`` (the message
        names the table, row, column, expected and found).
    ValueError
        When ``default_range`` is not between 0 and 1.

    Examples
    --------
    >>> import kamlearn
    >>> ranges = effect_ranges(kamlearn.load_case())
    >>> float(ranges.loc["A01-G1", ("churn_reduction", "low")]), float(ranges.loc["A01-G1", ("churn_reduction", "high")])
    (0.06, 0.18)
    """
    default_range = probability("default_range", default_range)
    initiatives = case.initiatives
    where = f"{case.source}, initiatives" if case.source else "initiatives"
    columns: dict[tuple[str, str], Any] = {}
    for effect in EFFECTS:
        estimate = initiatives[effect].to_numpy(dtype=float)
        low_col, high_col = f"{effect}_low", f"{effect}_high"
        has_low, has_high = low_col in initiatives, high_col in initiatives
        if has_low != has_high:
            given, missing = (low_col, high_col) if has_low else (high_col, low_col)
            raise CaseError(
                _("{where}, column '{missing}': expected it next to '{given}' (give both a low and a high value, "
                  "or neither), found no such column.").format(where=where, missing=missing, given=given)
            )
        if has_low:
            low = pd.to_numeric(initiatives[low_col], errors="coerce").to_numpy(dtype=float)
            high = pd.to_numeric(initiatives[high_col], errors="coerce").to_numpy(dtype=float)
            problems = []
            for i, iid in enumerate(initiatives.index):
                if not (math.isfinite(low[i]) and 0 <= low[i] <= estimate[i] + 1e-12):
                    problems.append(
                        _("{where}, row {row} ({id}), column '{column}': expected a share from 0 to the estimate "
                          "{estimate}, found {found}.").format(where=where, row=i + 2, id=iid, column=low_col,
                                                             estimate=number(estimate[i]), found=number(low[i]))
                    )
                if not (math.isfinite(high[i]) and estimate[i] - 1e-12 <= high[i] <= 1):
                    problems.append(
                        _("{where}, row {row} ({id}), column '{column}': expected a share from the estimate "
                          "{estimate} to 1, found {found}.").format(where=where, row=i + 2, id=iid, column=high_col,
                                                                  estimate=number(estimate[i]), found=number(high[i]))
                    )
            if problems:
                raise CaseError(problems)
            source = "data"
        else:
            low = estimate * (1.0 - float(default_range))
            high = np.minimum(1.0, estimate * (1.0 + float(default_range)))
            source = "assumed"
        columns[(effect, "low")] = np.round(low, 12)
        columns[(effect, "estimate")] = estimate
        columns[(effect, "high")] = np.round(high, 12)
        columns[(effect, "source")] = pd.array([source] * len(estimate), dtype="str")
    frame = pd.DataFrame(columns, index=pd.Index(initiatives.index, name="initiative_id", dtype="str"))
    frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["effect", "what"])
    return frame


# ----------------------------------------------------------------------------- the result


@dataclass(frozen=True, repr=False)
class Sensitivity:
    """The plan re-solved over draws of the effect estimates.

    Attributes
    ----------
    plan : Plan
        Today's plan (the one to commit to).
    draws, seed : int
        Number of draws and the seed of the random numbers.
    distribution : str
        ``"triangular"`` or ``"uniform"``.
    default_range : float
        The relative range assumed for effects without low/high columns.
    ranges : DataFrame
        From :func:`effect_ranges`.
    in_optimal : ndarray of bool, shape (draws, groups)
        Whether each candidate group (case order) is in the optimal plan of each draw.
    optimal_value : ndarray, shape (draws,)
        Value created by the best plan of each draw (NOK, lifetime value after resource cost).
    today_value : ndarray, shape (draws,)
        Value created by today's plan under each draw (NOK).
    """

    plan: Any
    draws: int
    seed: int
    distribution: str
    default_range: float
    ranges: pd.DataFrame
    in_optimal: np.ndarray
    optimal_value: np.ndarray
    today_value: np.ndarray
    _assumed: tuple[str, ...] = field(default=())

    @property
    def regret(self) -> np.ndarray:
        """Per draw: best plan's value minus today's plan's value (NOK, >= 0)."""
        return np.maximum(0.0, self.optimal_value - self.today_value)

    @property
    def expected_regret(self) -> float:
        """Mean regret of committing to today's plan (NOK)."""
        return float(self.regret.mean())

    @property
    def share_today_optimal(self) -> float:
        """Share of the draws in which today's plan is (within 1 NOK) the best plan."""
        return float((self.regret <= 1.0).mean())

    @property
    def groups(self) -> pd.DataFrame:
        """Per candidate group: account, name, in today's plan, share of draws in the optimal plan."""
        case = self.plan.case
        initiatives = case.initiatives
        today = set(self.plan.selected)
        frame = pd.DataFrame(
            {
                "account_id": initiatives["account_id"].astype("str").to_numpy(),
                "name": initiatives["name"].astype("str").to_numpy(),
                "in_today": [i in today for i in initiatives.index],
                "share_in_optimal": self.in_optimal.mean(axis=0),
            },
            index=pd.Index(initiatives.index, name="initiative_id", dtype="str"),
        )
        return frame

    def value_quantiles(self, q: Iterable[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """Quantiles of the optimal plan's and today's plan's value over the draws (NOK)."""
        q = list(q)
        return pd.DataFrame(
            {"optimal_plan_nok": np.quantile(self.optimal_value, q), "todays_plan_nok": np.quantile(self.today_value, q),
             "regret_nok": np.quantile(self.regret, q)},
            index=pd.Index(q, name="quantile"),
        )

    @property
    def assumptions(self) -> list[str]:
        """The assumptions behind the draws, in words."""
        if self.distribution == "triangular":
            drawn = _("{draws} (seed {seed}) of every candidate group's three effects, triangular between low and "
                      "high with the estimate as the most likely value; effects drawn independently.")
        else:
            drawn = _("{draws} (seed {seed}) of every candidate group's three effects, uniform between low and "
                      "high; effects drawn independently.")
        lines = [drawn.format(draws=count(self.draws, "draw"), seed=self.seed)]
        if self._assumed:
            lines.append(
                _("ASSUMPTION: no low/high values in the data for {effects}; the range used is {low} to {high} "
                  "times the estimate (capped at 1).").format(effects=", ".join(self._assumed),
                                                              low=number(1 - self.default_range),
                                                              high=number(1 + self.default_range))
            )
        else:
            lines.append(_("Low and high values of every effect come from the data (initiatives table)."))
        lines.append(_("Values are lifetime value created after the cost of the resources (NOK); capacities and "
                       "resource needs are held fixed."))
        return lines

    def to_frame(self) -> pd.DataFrame:
        """The per-group table (:attr:`groups`)."""
        return self.groups

    def summary(self) -> str:
        """The result as short plain text."""
        qs = self.value_quantiles().to_numpy(dtype=float)
        unsure = self.groups[(self.groups["share_in_optimal"] > 0.05) & (self.groups["share_in_optimal"] < 0.95)]
        distribution = {"triangular": _("triangular"), "uniform": _("uniform")}.get(self.distribution,
                                                                                     self.distribution)
        unsure_text = str(len(unsure)) + (
            ": " + ", ".join(f"{i} {percent(s, decimals=0)}" for i, s in unsure["share_in_optimal"].items())
            if len(unsure) else ".")
        lines = [
            _("How sure: today's plan re-solved over {draws} of the effect estimates ({distribution}).").format(
                draws=count(self.draws, "draw"), distribution=distribution),
            "  " + _("Today's plan is the best plan in {share} of the draws.").format(
                share=percent(self.share_today_optimal, decimals=0)),
            "  " + _("Value of the best plan (lifetime value {horizon}, after resource cost): 5 % {low}, median "
                     "{median}, 95 % {high}.").format(horizon=horizon_label(self.plan.case.horizon_years),
                                                     low=mnok(qs[0, 0]), median=mnok(qs[1, 0]), high=mnok(qs[2, 0])),
            "  " + _("Value of today's plan: 5 % {low}, median {median}, 95 % {high}.").format(
                low=mnok(qs[0, 1]), median=mnok(qs[1, 1]), high=mnok(qs[2, 1])),
            "  " + _("Expected regret of committing to today's plan: {mnok} ({nok}).").format(
                mnok=mnok(self.expected_regret), nok=nok(self.expected_regret)),
            "  " + _("Groups in the best plan in some draws but not all (5-95 %): {groups}").format(groups=unsure_text),
        ]
        lines += ["  " + a for a in self.assumptions]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"Sensitivity(draws={self.draws}, seed={self.seed}, expected_regret={nok(self.expected_regret)}, "
                f"share_today_optimal={fixed(self.share_today_optimal)})")

    def _repr_html_(self) -> str:
        table = self.groups.to_html(formatters={"share_in_optimal": _whole_percent}, border=0)
        body = html.escape(self.summary()).replace("\n", "<br>")
        return f"<div class='kamlearn-sensitivity'><p>{body}</p>{table}</div>"

    def plot(self, ax: Axes | None = None) -> Axes:
        """Histogram of the best plan's value and today's plan's value over the draws (MNOK)."""
        from kamlearn.plotting import palette
        from kamlearn.plotting._common import get_ax

        ax = get_ax(ax)
        values = np.concatenate([self.optimal_value, self.today_value]) / 1e6
        bins = np.linspace(float(values.min()), float(values.max()) + 1e-9, 31).tolist()
        ax.hist(self.optimal_value / 1e6, bins=bins, alpha=0.6, color=palette.BEST, label=_("best plan of each draw"))
        ax.hist(self.today_value / 1e6, bins=bins, alpha=0.6, color=palette.PLAN, label=_("today's plan"))
        ax.axvline(self.plan.value_nok / 1e6, color=palette.REFERENCE, linestyle="--",
                   label=_("today's plan at the estimates"))
        ax.set_xlabel(_("value created (MNOK: lifetime value {horizon}, after resource cost)").format(
            horizon=horizon_label(self.plan.case.horizon_years)))
        ax.set_ylabel(_("draws"))
        ax.set_title(_("Plan value over {draws} of the effects").format(draws=count(self.draws, "draw")))
        # A fixed place: loc="best" searches every data point and warns on stderr when that is slow.
        ax.set_ylim(top=ax.get_ylim()[1] * 1.3)  # room above the bars for the legend
        ax.legend(loc="upper left")
        return ax


def _whole_percent(share: Any) -> str:
    return percent(float(share), decimals=0)


# ----------------------------------------------------------------------------- the function


def sensitivity(
    plan: Plan,
    *,
    draws: int = 1000,
    seed: int = 0,
    distribution: Distribution = "triangular",
    default_range: float = DEFAULT_RANGE,
    commitments: Iterable[str] | None = None,
    forbidden: Iterable[str] | None = None,
    progress: bool | None = None,
) -> Sensitivity:
    """Re-solve the optimal plan over seeded draws of the effect estimates.

    Parameters
    ----------
    plan
        Today's plan (from :func:`kamlearn.allocate`), the one to commit to;
        its case gives the estimates and the optional low/high columns.
    draws
        Number of draws (at least 1).
    seed
        Seed of the random numbers: the same seed gives the same result.
    distribution
        ``"triangular"`` (low, estimate as the mode, high) or ``"uniform"`` (low to high).
    default_range
        Relative range for effects without low/high columns (see :func:`effect_ranges`).
    commitments, forbidden
        Passed to the re-solves (groups that must, or must not, be in every plan).
    progress
        Show a progress bar (tqdm, in a terminal or Jupyter); ``None`` shows it
        for 200 draws or more.

    Returns
    -------
    Sensitivity

    Raises
    ------
    CaseError
        For bad low/high columns (see :func:`effect_ranges`).
    ValueError
        For a bad ``draws``, ``distribution`` or ``default_range``.

    Notes
    -----
    The subset values of a whole block of draws are computed in one
    vectorised pass; each draw then costs one warm run of the engine's exact
    search, about the time of one solve of the course case (see
    ``bench/bench_sensitivity.py``).  The plans are exact, so they do not
    depend on the order of the draws or on the warm start.  The draws are
    independent, so a very large run splits into chunks of seeds that a
    parallel engine (``dask.distributed``) can carry.

    Examples
    --------
    >>> import kamlearn
    >>> plan = kamlearn.allocate(kamlearn.load_case())
    >>> result = sensitivity(plan, draws=10, seed=0, progress=False)
    >>> result.groups.loc["A01-G1", "in_today"], bool(0 <= result.groups.loc["A01-G1", "share_in_optimal"] <= 1)
    (np.True_, True)
    """
    from tqdm.auto import tqdm

    if not all(a in dir(plan) for a in ("case", "selected", "value_nok")):
        raise fail("plan", _("a Plan from kamlearn.allocate"), type(plan).__name__, error=TypeError)  # i18n: not text
    draws = positive_int("draws", draws)
    one_of("distribution", distribution, ("triangular", "uniform"))
    ranges = effect_ranges(plan.case, default_range=default_range)
    assumed = tuple(e for e in EFFECTS if (ranges[(e, "source")] == "assumed").any())
    effects = _draw(ranges, int(draws), int(seed), distribution)
    resolve = _Resolver(plan, commitments, forbidden)
    show = int(draws) >= 200 if progress is None else bool(progress)
    in_optimal, optimal_value, today_value = resolve.run(
        effects, lambda steps: tqdm(steps, desc=_("re-solving the plan"), unit="draw", disable=not show, leave=False))
    return Sensitivity(
        plan=plan, draws=int(draws), seed=int(seed), distribution=str(distribution),
        default_range=float(default_range), ranges=ranges, in_optimal=in_optimal,
        optimal_value=optimal_value, today_value=today_value, _assumed=assumed,
    )
