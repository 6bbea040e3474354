"""The tables of a Case: their columns, units and rules.

One place describes every column; validation (``kamlearn.case``) and the data
dictionary test (``tests/test_case.py``) both read it.  The descriptions and what a valid cell holds
(:meth:`Column.expectation`) are for people: they are marked for translation and read in the language in
force (:mod:`kamlearn.i18n`) each time they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kamlearn._numbers import format_number
from kamlearn.i18n import LazyText, _, lazy_gettext

ColumnKind = Literal["id", "ref", "text", "number", "integer", "probability", "category", "skills"]

STAGES: tuple[str, ...] = (
    "Pre-KAM",
    "Early-KAM",
    "Mid-KAM",
    "Partnership-KAM",
    "Synergistic-KAM",
    "Uncoupling-KAM",
)
"""Relational development stages (McDonald, Millman and Rogers 1997, after Millman and Wilson 1995)."""

RESOURCE_KINDS: tuple[str, ...] = ("financial", "technological", "human")
"""The three kinds of resource the article names."""


class _LazyTemplate(LazyText):
    """A marked template with its values, translated and filled each time it is shown (like :class:`LazyText`)."""

    __slots__ = ("values",)

    def __init__(self, template: LazyText, **values: str) -> None:
        super().__init__(template.message)
        self.values = values

    def __str__(self) -> str:
        return _(self.message).format(**self.values)


def _range_note(effect: str, end: str) -> LazyText:
    """The description of an optional low/high column of an effect (for :mod:`kamlearn.sensitivity`)."""
    if end == "low":
        template = lazy_gettext("Lowest plausible {effect} (optional; give both {effect}_low and {effect}_high, "
                                "a value in every row; for kamlearn.sensitivity).")
    else:
        template = lazy_gettext("Highest plausible {effect} (optional; give both {effect}_low and {effect}_high, "
                                "a value in every row; for kamlearn.sensitivity).")
    return _LazyTemplate(template, effect=effect)


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind, limits and meaning."""

    name: str
    kind: ColumnKind
    unit: str = ""
    description: str | LazyText = ""
    """What the column means (a marked text, read in the language in force; ``str()`` gives a plain string)."""
    required: bool = True
    """False for an optional column: a table may leave it out."""
    allow_empty: bool = False
    """True when a cell may be empty: empty text, or for a number column no value (read as NaN)."""
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False
    allowed: tuple[str, ...] = ()
    refers_to: str = ""

    def expectation(self) -> str:
        """Describe, in words, what a valid cell of this column holds (in the language in force)."""
        if self.kind == "probability":
            return _("a probability between 0 and 1")
        if self.kind in ("number", "integer"):
            return self._number_expectation()
        if self.kind == "category":
            return _("one of {options}").format(options=", ".join(repr(a) for a in self.allowed))
        if self.kind == "id":
            return _("a unique, non-empty id")
        if self.kind == "ref":
            return _("an id from the {table} table").format(table=self.refers_to)
        if self.kind == "skills":
            return _("human resource ids separated by '|'")
        return _("text")

    def _number_expectation(self) -> str:
        whole = self.kind == "integer"
        low = None if self.minimum is None else format_number(self.minimum)
        high = None if self.maximum is None else format_number(self.maximum)
        if low is not None and high is not None:
            if self.minimum_exclusive:
                return (_("a whole number above {low} and at most {high}") if whole
                        else _("a number above {low} and at most {high}")).format(low=low, high=high)
            return (_("a whole number between {low} and {high}") if whole
                    else _("a number between {low} and {high}")).format(low=low, high=high)
        if low is not None:
            if self.minimum_exclusive:
                return (_("a whole number above {low}") if whole else _("a number above {low}")).format(low=low)
            return (_("a whole number at least {low}") if whole else _("a number at least {low}")).format(low=low)
        return _("a whole number") if whole else _("a number")


@dataclass(frozen=True)
class Table:
    """A table of a Case: its name, its id column and its columns."""

    name: str
    id_column: str | None
    columns: tuple[Column, ...]
    description: str | LazyText
    required: bool = True

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


ACCOUNTS = Table(
    "accounts",
    "account_id",
    (
        Column("account_id", "id", description=lazy_gettext("Short unique id of the customer account.")),
        Column("name", "text", description=lazy_gettext("Customer name.")),
        Column("industry", "text", required=False, allow_empty=True, description=lazy_gettext("Customer industry.")),
        Column("region", "text", required=False, allow_empty=True, description=lazy_gettext("Region in Norway.")),
        Column(
            "yearly_revenue_nok", "number", "NOK/year", lazy_gettext("Revenue from the customer in a normal year."),
            minimum=0,
        ),
        Column("gross_margin", "probability", "share", lazy_gettext("Gross margin as a share of revenue (0.24 = 24 %).")),
        Column(
            "cost_to_serve_nok", "number", "NOK/year",
            lazy_gettext("Yearly cost of serving the customer (sales, service, logistics, admin) not in the gross margin."),
            minimum=0,
        ),
        Column(
            "retention", "probability", "probability/year",
            lazy_gettext("Baseline probability that the customer stays another year."),
        ),
        Column("stage", "category", "", lazy_gettext("Relational development stage."), allowed=STAGES),
        Column(
            "share_of_wallet", "number", "share",
            lazy_gettext("Our share of what the customer spends on our kind of products (0 < share <= 1)."),
            minimum=0, maximum=1, minimum_exclusive=True,
        ),
    ),
    lazy_gettext("The company's customers and what they are worth."),
)

RESOURCES = Table(
    "resources",
    "resource_id",
    (
        Column("resource_id", "id", description=lazy_gettext("Short unique id of the resource.")),
        Column("name", "text", description=lazy_gettext("What the resource is.")),
        Column("kind", "category", description=lazy_gettext("Financial, technological or human."), allowed=RESOURCE_KINDS),
        Column("unit", "text", description=lazy_gettext("Unit the capacity is measured in (NOK, hours, slots, licences).")),
        Column("capacity", "number", "unit/year", lazy_gettext("Amount available for project groups in the year."), minimum=0),
        Column(
            "cost_per_unit_nok", "number", "NOK/unit",
            lazy_gettext("Internal cost of using one unit (1 for budget NOK; 0 for capacity already paid for)."),
            minimum=0,
        ),
    ),
    lazy_gettext("The financial, technological and human resources available for key account work."),
)

INITIATIVES = Table(
    "initiatives",
    "initiative_id",
    (
        Column("initiative_id", "id", description=lazy_gettext("Short unique id of the project group.")),
        Column("account_id", "ref", description=lazy_gettext("The account the group would work on."), refers_to="accounts"),
        Column("name", "text", description=lazy_gettext("What the group works on.")),
        Column("focus", "text", required=False, allow_empty=True, description=lazy_gettext("Area of the collaboration.")),
        Column(
            "churn_reduction", "probability", "share",
            lazy_gettext("Fraction of the account's remaining churn (1 - retention) that the group removes."),
        ),
        Column(
            "cost_to_serve_reduction", "probability", "share",
            lazy_gettext("Fraction of the remaining cost to serve that the group removes ('less complicated')."),
        ),
        Column(
            "share_of_wallet_gain", "probability", "share",
            lazy_gettext("Share-of-wallet points the group adds ('grow inside the customer'; 0.05 = 5 points)."),
        ),
        *(
            Column(f"{effect}_{end}", "probability", "share", _range_note(effect, end), required=False)
            for effect in ("churn_reduction", "cost_to_serve_reduction", "share_of_wallet_gain")
            for end in ("low", "high")
        ),
        Column("duration_months", "integer", "months", lazy_gettext("How long the group works."), minimum=1, maximum=12),
        Column(
            "earliest_start_month", "integer", "month", lazy_gettext("First month (1-12) the group can start."),
            minimum=1, maximum=12,
        ),
        Column(
            "latest_start_month", "integer", "month", lazy_gettext("Last month (1-12) the group can start."),
            minimum=1, maximum=12,
        ),
    ),
    lazy_gettext("The project groups (initiatives) that could work on each account, and their effects."),
)

DEMANDS = Table(
    "demands",
    None,
    (
        Column("initiative_id", "ref", description=lazy_gettext("The project group."), refers_to="initiatives"),
        Column("resource_id", "ref", description=lazy_gettext("The resource it uses."), refers_to="resources"),
        Column("amount", "number", "unit/year", lazy_gettext("How much of the resource the group uses."), minimum=0),
    ),
    lazy_gettext("How much of each resource each project group needs."),
)

STAFF = Table(
    "staff",
    "person_id",
    (
        Column("person_id", "id", description=lazy_gettext("Short unique id of the person.")),
        Column("name", "text", description=lazy_gettext("The person's name.")),
        Column("role", "text", required=False, allow_empty=True, description=lazy_gettext("Job title.")),
        Column(
            "skills", "skills", "",
            lazy_gettext("Human resource ids the person can work as, separated by '|' (e.g. kam_hours|finance_hours)."),
        ),
        Column("hours_per_month", "number", "hours/month", lazy_gettext("Hours a month available for project groups."),
               minimum=0),
        Column("cost_per_hour_nok", "number", "NOK/hour", lazy_gettext("Internal cost of one hour of the person's time."),
               minimum=0),
    ),
    lazy_gettext("Named people, their knowledge and their available hours."),
    required=False,
)

COMPANY = Table(
    "company",
    None,
    (
        Column("name", "text", description=lazy_gettext("Company name.")),
        Column(
            "discount_rate", "number", "share/year", lazy_gettext("Yearly discount rate for lifetime values."),
            minimum=0, maximum=1,
        ),
        Column("currency", "text", required=False, allow_empty=True, description=lazy_gettext("Currency of all money columns.")),
        Column("horizon_years", "number", "years", lazy_gettext("Planning horizon of lifetime values; blank for no horizon."), required=False, allow_empty=True, minimum=0, minimum_exclusive=True),  # noqa: E501
    ),
    lazy_gettext("One row: the company's name and its discount rate."),
    required=False,
)

TABLES: dict[str, Table] = {t.name: t for t in (ACCOUNTS, RESOURCES, INITIATIVES, DEMANDS, STAFF, COMPANY)}
"""Every table of a Case, in the order they are validated."""
