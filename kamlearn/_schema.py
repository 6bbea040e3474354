"""The tables of a Case: their columns, units and rules.

One place describes every column; validation (``kamlearn.case``) and the data
dictionary test (``tests/test_case.py``) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind, limits and meaning."""

    name: str
    kind: ColumnKind
    unit: str = ""
    description: str = ""
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
        """Describe, in words, what a valid cell of this column holds."""
        if self.kind == "probability":
            return "a probability between 0 and 1"
        if self.kind in ("number", "integer"):
            what = "a whole number" if self.kind == "integer" else "a number"
            if self.minimum is not None and self.maximum is not None:
                if self.minimum_exclusive:
                    return f"{what} above {self.minimum:g} and at most {self.maximum:g}"
                return f"{what} between {self.minimum:g} and {self.maximum:g}"
            if self.minimum is not None:
                relation = "above" if self.minimum_exclusive else "at least"
                return f"{what} {relation} {self.minimum:g}"
            return what
        if self.kind == "category":
            return "one of " + ", ".join(repr(a) for a in self.allowed)
        if self.kind == "id":
            return "a unique, non-empty id"
        if self.kind == "ref":
            return f"an id from the {self.refers_to} table"
        if self.kind == "skills":
            return "human resource ids separated by '|'"
        return "text"


@dataclass(frozen=True)
class Table:
    """A table of a Case: its name, its id column and its columns."""

    name: str
    id_column: str | None
    columns: tuple[Column, ...]
    description: str
    required: bool = True

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


ACCOUNTS = Table(
    "accounts",
    "account_id",
    (
        Column("account_id", "id", description="Short unique id of the customer account."),
        Column("name", "text", description="Customer name."),
        Column("industry", "text", required=False, allow_empty=True, description="Customer industry."),
        Column("region", "text", required=False, allow_empty=True, description="Region in Norway."),
        Column(
            "yearly_revenue_nok", "number", "NOK/year", "Revenue from the customer in a normal year.",
            minimum=0,
        ),
        Column("gross_margin", "probability", "share", "Gross margin as a share of revenue (0.24 = 24 %)."),
        Column(
            "cost_to_serve_nok", "number", "NOK/year",
            "Yearly cost of serving the customer (sales, service, logistics, admin) not in the gross margin.",
            minimum=0,
        ),
        Column(
            "retention", "probability", "probability/year",
            "Baseline probability that the customer stays another year.",
        ),
        Column("stage", "category", "", "Relational development stage.", allowed=STAGES),
        Column(
            "share_of_wallet", "number", "share",
            "Our share of what the customer spends on our kind of products (0 < share <= 1).",
            minimum=0, maximum=1, minimum_exclusive=True,
        ),
    ),
    "The company's customers and what they are worth.",
)

RESOURCES = Table(
    "resources",
    "resource_id",
    (
        Column("resource_id", "id", description="Short unique id of the resource."),
        Column("name", "text", description="What the resource is."),
        Column("kind", "category", description="Financial, technological or human.", allowed=RESOURCE_KINDS),
        Column("unit", "text", description="Unit the capacity is measured in (NOK, hours, slots, licences)."),
        Column("capacity", "number", "unit/year", "Amount available for project groups in the year.", minimum=0),
        Column(
            "cost_per_unit_nok", "number", "NOK/unit",
            "Internal cost of using one unit (1 for budget NOK; 0 for capacity already paid for).",
            minimum=0,
        ),
    ),
    "The financial, technological and human resources available for key account work.",
)

INITIATIVES = Table(
    "initiatives",
    "initiative_id",
    (
        Column("initiative_id", "id", description="Short unique id of the project group."),
        Column("account_id", "ref", description="The account the group would work on.", refers_to="accounts"),
        Column("name", "text", description="What the group works on."),
        Column("focus", "text", required=False, allow_empty=True, description="Area of the collaboration."),
        Column(
            "churn_reduction", "probability", "share",
            "Fraction of the account's remaining churn (1 - retention) that the group removes.",
        ),
        Column(
            "cost_to_serve_reduction", "probability", "share",
            "Fraction of the remaining cost to serve that the group removes ('less complicated').",
        ),
        Column(
            "share_of_wallet_gain", "probability", "share",
            "Share-of-wallet points the group adds ('grow inside the customer'; 0.05 = 5 points).",
        ),
        *(
            Column(
                f"{effect}_{end}", "probability", "share",
                f"{'Lowest' if end == 'low' else 'Highest'} plausible {effect} (optional; "
                f"give both {effect}_low and {effect}_high, a value in every row; for kamlearn.sensitivity).",
                required=False,
            )
            for effect in ("churn_reduction", "cost_to_serve_reduction", "share_of_wallet_gain")
            for end in ("low", "high")
        ),
        Column("duration_months", "integer", "months", "How long the group works.", minimum=1, maximum=12),
        Column(
            "earliest_start_month", "integer", "month", "First month (1-12) the group can start.",
            minimum=1, maximum=12,
        ),
        Column(
            "latest_start_month", "integer", "month", "Last month (1-12) the group can start.",
            minimum=1, maximum=12,
        ),
    ),
    "The project groups (initiatives) that could work on each account, and their effects.",
)

DEMANDS = Table(
    "demands",
    None,
    (
        Column("initiative_id", "ref", description="The project group.", refers_to="initiatives"),
        Column("resource_id", "ref", description="The resource it uses.", refers_to="resources"),
        Column("amount", "number", "unit/year", "How much of the resource the group uses.", minimum=0),
    ),
    "How much of each resource each project group needs.",
)

STAFF = Table(
    "staff",
    "person_id",
    (
        Column("person_id", "id", description="Short unique id of the person."),
        Column("name", "text", description="The person's name."),
        Column("role", "text", required=False, allow_empty=True, description="Job title."),
        Column(
            "skills", "skills", "",
            "Human resource ids the person can work as, separated by '|' (e.g. kam_hours|finance_hours).",
        ),
        Column("hours_per_month", "number", "hours/month", "Hours a month available for project groups.", minimum=0),
        Column("cost_per_hour_nok", "number", "NOK/hour", "Internal cost of one hour of the person's time.", minimum=0),
    ),
    "Named people, their knowledge and their available hours.",
    required=False,
)

COMPANY = Table(
    "company",
    None,
    (
        Column("name", "text", description="Company name."),
        Column(
            "discount_rate", "number", "share/year", "Yearly discount rate for lifetime values.",
            minimum=0, maximum=1,
        ),
        Column("currency", "text", required=False, allow_empty=True, description="Currency of all money columns."),
        Column("horizon_years", "number", "years", "Planning horizon of lifetime values; blank for no horizon.", required=False, allow_empty=True, minimum=0, minimum_exclusive=True),  # noqa: E501
    ),
    "One row: the company's name and its discount rate.",
    required=False,
)

TABLES: dict[str, Table] = {t.name: t for t in (ACCOUNTS, RESOURCES, INITIATIVES, DEMANDS, STAFF, COMPANY)}
"""Every table of a Case, in the order they are validated."""
