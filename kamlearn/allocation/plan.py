"""The Plan: an allocation of project groups to accounts, with its value, resource use and prices."""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from kamlearn._checks import one_of
from kamlearn._format import _unit_word, mnok, number, per_unit
from kamlearn.allocation._model import _group_value, _Instance, _kernel_inputs, _masks_value
from kamlearn.allocation._text import fixed, share
from kamlearn.i18n import _, lazy_gettext, ngettext
from kamlearn.value import group_set_outcomes, horizon_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kamlearn.allocation._lp import _LP
    from kamlearn.case import Case


_STOPPED_BY = {
    "time_limit": lazy_gettext("stopped by the time limit"),
    "state_limit": lazy_gettext("stopped by the exact search's state limit"),
    "iteration_limit": lazy_gettext("stopped by the iteration limit"),
    "gap_tolerance": lazy_gettext("stopped at the gap tolerance"),
    "dual_converged": lazy_gettext("the bound cannot be improved by prices alone"),
}


def _unit(unit: str) -> str:
    """A resource's unit as the summary's column shows it: the case's word, translated when the catalogue knows it."""
    return _unit_word(str(unit), 2) if unit else ""


class Plan:
    """An allocation of project groups to accounts, with its value, resource use and prices.

    Made by :func:`allocate`; every table is computed once, on first use.

    Attributes
    ----------
    case : Case
        The case the plan is for.
    policy : str
        The policy that made the plan (``"optimal"``, ``"greedy"``, ... or a function's name).
    status : str
        ``"optimal"`` (proven), ``"within_gap"`` (certified within ``gap``), ``"heuristic"``
        (a plain policy) or ``"user"`` (a user's policy function).
    value_nok : float
        Value created by the plan in NOK over the case's horizon: lifetime value gained (discounted over
        ``case.horizon_years``) minus the groups' one-off cost.  The name every result uses
        (``StaffingPlan.value_nok``, the authority results).
    total_value : float
        Deprecated (a DeprecationWarning; removed in the next release): the older name of ``value_nok``.
    upper_bound : float
        A proven upper bound on the best possible value (NaN for plain policies).
    gap : float
        Certified optimality gap ``(upper_bound - value_nok) / |upper_bound|`` (0 when
        proven optimal, NaN for plain policies).
    relaxation_value : float
        Value of the LP relaxation the shadow prices belong to (NaN when not solved).
    method : str
        What made the plan: ``"exact"`` (the engine's own exact search),
        ``"milp"`` (the LP bound and branch and cut with CBC), ``"lagrangian"``
        (prices and repair) or ``"rule"``.
    stopped_by : str or None
        Why an optimal-policy solve stopped short of a proof: ``"time_limit"``,
        ``"state_limit"`` (the exact search's memory cap), ``"iteration_limit"``,
        ``"gap_tolerance"`` (the certified gap reached ``gap_tolerance``) or
        ``"dual_converged"`` (the Lagrangian bound cannot improve; the gap is
        what is left).  None when the plan is proven optimal or made by a rule.
    solve_seconds : float
        Wall time of the solve.
    staffing : StaffingPlan or None
        For ``allocate(case, staffing="monthly")``: the named people booked on
        the plan's groups month by month (every group staffed); None otherwise.
    yearly_value : float
        For ``staffing="monthly"``: value of the best plan by yearly hours
        (NOK), so ``yearly_value - value_nok`` is what staffing month by month
        costs; NaN otherwise.
    """

    def __init__(
        self,
        case: Case,
        inst: _Instance,
        masks: np.ndarray,
        *,
        policy: str,
        status: str,
        method: str,
        upper_bound: float = math.nan,
        relaxation_value: float = math.nan,
        capacity_price: np.ndarray | None = None,
        floor_price: np.ndarray | None = None,
        relaxation: Callable[[], _LP | None] | None = None,
        solve_seconds: float = math.nan,
        iterations: int = 0,
        stopped_by: str | None = None,
    ) -> None:
        self.case = case
        self._inst = inst
        self._masks = np.asarray(masks, dtype=np.int64)
        self.policy = policy
        self.status = status
        self.method = method
        self._account_value = _masks_value(inst.core, inst.buckets, self._masks)
        self.value_nok = float(self._account_value.sum())
        self.upper_bound = float(upper_bound)
        if status == "optimal":
            self.gap = 0.0
        elif math.isfinite(self.upper_bound):
            self.gap = max(0.0, (self.upper_bound - self.value_nok) / max(abs(self.upper_bound), 1e-9))
        else:
            self.gap = math.nan
        m = inst.core.n_resources
        self._prices: tuple[float, np.ndarray, np.ndarray] | None = (
            None if relaxation is not None else (
                float(relaxation_value),
                np.full(m, np.nan) if capacity_price is None else np.asarray(capacity_price),
                np.full(m, np.nan) if floor_price is None else np.asarray(floor_price),
            )
        )
        self._relaxation = relaxation
        self.solve_seconds = float(solve_seconds)
        self.iterations = int(iterations)
        self.stopped_by = stopped_by
        self.staffing: Any = None  # a StaffingPlan when the plan was made to be staffed month by month
        self.yearly_value = math.nan  # then also the value of the best plan by yearly hours (NOK)

    @property
    def total_value(self) -> float:
        """Deprecated: the older name of :attr:`value_nok` (NOK over the case's horizon); kept for one release.

        The columns of :func:`kamlearn.compare` and :func:`kamlearn.sweep_capacity` keep the key ``"total_value"``.
        """
        warnings.warn(_("Plan.total_value is deprecated; use Plan.value_nok (the same number)."),
                      DeprecationWarning, stacklevel=2)
        return self.value_nok

    # -- prices (the LP relaxation is solved on first use) ---------------------------

    def _lp_prices(self) -> tuple[float, np.ndarray, np.ndarray]:
        if self._prices is None:
            m = self._inst.core.n_resources
            lp = self._relaxation() if self._relaxation is not None else None
            self._prices = (
                (lp.value, lp.capacity_price, lp.floor_price) if lp is not None
                else (math.nan, np.full(m, np.nan), np.full(m, np.nan))
            )
        return self._prices

    @property
    def relaxation_value(self) -> float:
        """Value of the LP relaxation the shadow prices belong to (NaN when not solved)."""
        return self._lp_prices()[0]

    @property
    def _capacity_price(self) -> np.ndarray:
        return self._lp_prices()[1]

    @property
    def _floor_price(self) -> np.ndarray:
        return self._lp_prices()[2]

    # -- core views ---------------------------------------------------------------

    @cached_property
    def _selected_mask(self) -> np.ndarray:
        core = self._inst.core
        return (self._masks[core.initiative_account] >> core.slot_of_initiative) & 1 == 1  # type: ignore[no-any-return]

    @property
    def selected(self) -> tuple[str, ...]:
        """The chosen initiative ids, in the case's order."""
        return tuple(self._inst.core.initiative_ids[self._selected_mask])

    @cached_property
    def used(self) -> pd.Series:
        """Total use of every resource by the chosen groups."""
        core = self._inst.core
        used = core.demand[self._selected_mask].sum(axis=0)
        return pd.Series(used, index=pd.Index(core.resource_ids, name="resource_id"), name="used")

    @cached_property
    def usage(self) -> pd.DataFrame:
        """Resource use by account (rows: accounts with groups; columns: resources)."""
        core = self._inst.core
        sel = self._selected_mask
        acc = core.initiative_account[sel]
        table = np.zeros((core.n_accounts, core.n_resources))
        np.add.at(table, acc, core.demand[sel])
        frame = pd.DataFrame(table, index=pd.Index(core.account_ids, name="account_id"),
                             columns=pd.Index(core.resource_ids, name="resource_id"))
        return frame.loc[np.bincount(acc, minlength=core.n_accounts) > 0]

    # -- tables --------------------------------------------------------------------

    @cached_property
    def groups(self) -> pd.DataFrame:
        """The chosen project groups: account, name, cost, marginal value and what they use.

        ``marginal_value`` is what the account's plan loses without the group
        (the groups on one account interact, so these do not add up to the
        account's value).
        """
        inst, core = self._inst, self._inst.core
        sel = np.flatnonzero(self._selected_mask)
        initiatives = self.case.initiatives.loc[list(core.initiative_ids[sel])]
        accounts = self.case.accounts
        marginal = []
        for g in sel:
            a = core.initiative_account[g]
            value = _group_value(inst, self._masks, a)
            mask = int(self._masks[a])
            marginal.append(value(mask) - value(mask & ~(1 << int(core.slot_of_initiative[g]))))
        frame = pd.DataFrame(
            {
                "account_id": initiatives["account_id"].to_numpy(),
                "account_name": accounts.loc[initiatives["account_id"], "name"].to_numpy(),
                "name": initiatives["name"].to_numpy(),
                "cost_nok": core.group_cost[sel],
                "marginal_value": np.asarray(marginal, dtype=float),
            },
            index=pd.Index(core.initiative_ids[sel], name="initiative_id", dtype="str"),
        )
        demand = pd.DataFrame(core.demand[sel], index=frame.index, columns=list(core.resource_ids))
        return pd.concat([frame, demand], axis=1)

    @cached_property
    def accounts(self) -> pd.DataFrame:
        """Per account: groups, retention and lifetime value before and after, cost and value created."""
        core = self._inst.core
        sel = self._selected_mask
        acc = core.initiative_account
        n = core.n_accounts
        cost = np.bincount(acc[sel], weights=core.group_cost[sel], minlength=n)
        retention_after = core.retention.copy()
        clv_after = core.clv_before.copy()
        arrays = {name: getattr(core, name) for name in (
            "revenue", "gross_margin", "cost_to_serve", "retention", "share", "churn", "cts_cut", "sow_gain")}
        for b in core.buckets:  # the chosen set of every account: the one account-value kernel
            picked = self._masks[b.accounts]
            if not b.k or not picked.any():
                continue
            out = group_set_outcomes(*_kernel_inputs(arrays, b.accounts, b.groups), picked[:, None],
                                     core.discount_rate, core.horizon_years)
            retention_after[b.accounts] = np.where(picked > 0, out["retention_after"][:, 0], core.retention[b.accounts])
            clv_after[b.accounts] = np.where(picked > 0, out["clv_after"][:, 0], core.clv_before[b.accounts])
        names = self.case.accounts["name"].to_numpy()
        ids = core.initiative_ids
        chosen = [[] for _ in range(n)]  # type: list[list[str]]
        for g in np.flatnonzero(sel):
            chosen[acc[g]].append(str(ids[g]))
        frame = pd.DataFrame(
            {
                "name": names,
                "groups": np.bincount(acc[sel], minlength=n),
                "initiatives": [", ".join(c) for c in chosen],
                "retention_before": core.retention,
                "retention_after": retention_after,
                "clv_before": core.clv_before,
                "clv_after": clv_after,
                "cost_nok": cost,
                "value_created": self._account_value,
            },
            index=pd.Index(core.account_ids, name="account_id", dtype="str"),
        )
        frame["name"] = frame["name"].astype("str")
        frame["initiatives"] = frame["initiatives"].astype("str")
        return frame

    @cached_property
    def resources(self) -> pd.DataFrame:
        """Per resource: used, capacity, utilisation and shadow price (NOK per unit).

        The shadow price is the LP-relaxation dual price of the capacity (see the
        module notes); NaN for plain policies, which do not price resources.
        """
        inst = self._inst
        info = self.case.resources
        used = self.used.to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            utilisation = np.where(inst.capacity > 0, used / inst.capacity, np.where(used > 0, np.inf, 0.0))
        frame = pd.DataFrame(
            {
                "name": info["name"].astype("str").to_numpy(),
                "unit": info["unit"].astype("str").to_numpy(),
                "used": used,
                "capacity": inst.capacity,
                "utilisation": utilisation,
                "shadow_price": self._capacity_price,
            },
            index=pd.Index(inst.core.resource_ids, name="resource_id", dtype="str"),
        )
        if inst.has_floors:
            frame["floor"] = inst.floor
            frame["floor_price"] = self._floor_price
        return frame

    @property
    def shadow_prices(self) -> pd.Series:
        """Shadow price of every resource's capacity (NOK per unit), a Series."""
        return self.resources["shadow_price"]

    # -- output --------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """Every candidate group with ``selected`` (bool), its account, cost and demand per resource."""
        core = self._inst.core
        frame = pd.DataFrame(
            {
                "account_id": core.account_ids[core.initiative_account],
                "selected": self._selected_mask,
                "cost_nok": core.group_cost,
            },
            index=pd.Index(core.initiative_ids, name="initiative_id", dtype="str"),
        )
        frame["account_id"] = frame["account_id"].astype("str")
        demand = pd.DataFrame(core.demand, index=frame.index, columns=list(core.resource_ids))
        return pd.concat([frame, demand], axis=1)

    def _headline(self) -> str:
        status = self.status
        if status == "within_gap":
            # Translators: {gap} is a percentage such as "0.120%".
            status = _("within {gap} of the optimum (certified)").format(gap=share(self.gap, 3))
            reason = _STOPPED_BY.get(str(self.stopped_by))
            if reason:
                status += f", {reason}"
        elif status == "optimal":
            status = _("proven optimal")
        n_groups = int(self._selected_mask.sum())
        n_accounts = int((self._masks > 0).sum())
        groups = ngettext("{n} project group", "{n} project groups", n_groups).format(n=fixed(n_groups, 0))
        accounts = ngettext("{n} account", "{n} accounts", n_accounts).format(n=fixed(n_accounts, 0))
        # Translators: {horizon} is e.g. "discounted over 5 years"; {value} an amount such as "60.58 MNOK".
        return _(
            "Plan for {case}, policy {policy}: {status}. Value created {value} (lifetime value {horizon}, net of "
            "the groups' one-off cost) with {groups} on {accounts}."
        ).format(case=self.case.name, policy=repr(self.policy), status=status, value=mnok(self.value_nok),
                 horizon=horizon_label(self._inst.core.horizon_years), groups=groups, accounts=accounts)

    def summary(self) -> str:
        """The plan as readable text: headline, resources with prices, accounts with groups."""
        lines = [self._headline(), "", _("Resources (used / capacity, utilisation, LP shadow price per unit; "
                                         "plan.marginal_values() re-solves with more):")]
        res = self.resources
        width = max(len(r) for r in res.index) if len(res) else 0
        for rid, row in res.iterrows():
            price = ("" if not math.isfinite(row["shadow_price"]) else ", " + _("not scarce")
                     if row["shadow_price"] <= 1e-9
                     else ", " + _("LP price {price}").format(price=per_unit(row["shadow_price"], row["unit"] or "units")))
            if row["shadow_price"] > 1e-9 and row["used"] < row["capacity"] - 1e-9:
                price += " " + _("(full only with groups taken in part; {spare} spare here)").format(
                    spare=number(row["capacity"] - row["used"]))
            lines.append(
                f"  {rid:<{width}}  {number(row['used']):>10} / {number(row['capacity']):<10} {_unit(row['unit']):<9}"
                f" {share(row['utilisation']):>7}{price}"
            )
        acc = self.accounts[self.accounts["groups"] > 0].sort_values("value_created", ascending=False)
        lines += ["", _("Accounts with project groups ({n}):").format(n=len(acc))]
        for aid, row in acc.head(25).iterrows():
            groups = ngettext("{n} group", "{n} groups", int(row["groups"])).format(n=f"{int(row['groups']):>2}")
            lines.append(
                f"  {aid} {row['name'][:28]:<28} "
                + _("{groups}, retention {before} -> {after}, cost {cost} one-off, value {value}").format(
                    groups=groups, before=fixed(row["retention_before"]), after=fixed(row["retention_after"]),
                    cost=mnok(row["cost_nok"]), value=mnok(row["value_created"], signed=True))
            )
        if len(acc) > 25:
            more = len(acc) - 25
            lines.append("  " + ngettext("... and {n} more account", "... and {n} more accounts", more).format(
                n=fixed(more, 0)))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"Plan(policy={self.policy!r}, status={self.status!r}, value_nok={self.value_nok:,.0f}, "
            f"groups={int(self._selected_mask.sum())})"
        )

    def _repr_html_(self) -> str:
        res = self.resources[["used", "capacity", "utilisation", "shadow_price"]]
        price_formatters: dict[Any, Callable[[Any], str]] = {
            "used": number, "capacity": number, "utilisation": share,
            "shadow_price": lambda x: "" if not math.isfinite(x) else _("not scarce") if x <= 1e-9 else number(x, "NOK"),
        }
        res_html = res.to_html(formatters=price_formatters, border=0)
        acc = self.accounts[self.accounts["groups"] > 0].sort_values("value_created", ascending=False).head(25)
        acc = acc[["name", "groups", "retention_before", "retention_after", "cost_nok", "value_created"]]
        account_formatters: dict[Any, Callable[[Any], str]] = {
            "retention_before": fixed, "retention_after": fixed,
            "cost_nok": lambda x: fixed(x / 1e6) + " M", "value_created": lambda x: fixed(x / 1e6, signed=True) + " M",
        }
        acc_html = acc.to_html(formatters=account_formatters, border=0)
        resources, accounts = html.escape(_("Resources")), html.escape(_("Accounts with project groups"))
        return (
            f"<div class='kamlearn-plan'><p><b>{html.escape(self._headline())}</b></p>"
            f"<p>{resources}</p>{res_html}<p>{accounts}</p>{acc_html}</div>"
        )

    def plot(self, kind: Literal["utilisation", "allocation"] = "utilisation", ax: Axes | None = None) -> Axes:
        """Draw the plan: utilisation with shadow prices (default) or use by account and resource.

        Parameters
        ----------
        kind : {"utilisation", "allocation"}
            What to draw.
        ax : matplotlib Axes, optional
            Where to draw; a new figure when None.

        Returns
        -------
        Axes

        Raises
        ------
        ValueError
            For another ``kind``.

        Notes
        -----
        The old order ``plan.plot(ax, kind)`` still works for one release, with a DeprecationWarning.
        """
        from kamlearn.plotting.allocation import plot_allocation, plot_utilisation

        if not isinstance(kind, str):  # the old order: plot(ax, kind) (ax may be None)
            warnings.warn(_("Plan.plot(ax, kind) is now Plan.plot(kind, ax=ax), as every result's plot; "
                            "the old order goes in the next release."), DeprecationWarning, stacklevel=2)
            kind, ax = (ax if isinstance(ax, str) else "utilisation"), kind  # type: ignore[assignment]
        one_of("kind", kind, ("utilisation", "allocation"))
        if kind == "allocation":
            return plot_allocation(self, ax=ax)
        return plot_utilisation(self, ax=ax)

    def marginal_values(self) -> pd.DataFrame:
        """The value of additional capacity: each resource re-solved with one more unit and one more block.

        Unlike the LP shadow price, this is measured on this plan's own policy
        with whole groups, so it agrees with the plan on screen.  Solved on
        first call (two solves per resource) and kept.  See
        :func:`kamlearn.resource_value.value_of_more_capacity` for the columns.

        Examples
        --------
        >>> import kamlearn
        >>> values = kamlearn.allocate(kamlearn.load_case()).marginal_values()
        >>> "verdict" in values.columns
        True
        """
        from kamlearn.resource_value import value_of_more_capacity

        cached = self.__dict__.get("_marginal_values")
        if cached is None:
            cached = value_of_more_capacity(self)
            self.__dict__["_marginal_values"] = cached
        return cached.copy()
