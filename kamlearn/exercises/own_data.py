"""Self-checks for notebook 07, your own key accounts: validation messages, percentages, totals of your own case.

Examples
--------
>>> from kamlearn.exercises import check_as_share_function
>>> check_as_share_function(lambda value: value / 100)  # doctest: +NORMALIZE_WHITESPACE
[Ikke ennå / Not yet ✗] as_share(0.24,) returned 0.0024; expected 0.24. A value above 1 was typed as a
percentage: divide it by 100. A value from 0 to 1 is already a share: keep it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamlearn.case import embedded_data_path
from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.i18n import _

__all__ = ["TEMPLATE", "check_as_share_function", "check_bad_column", "check_total_clv", "percent_typo"]

TEMPLATE: Path = embedded_data_path() / "template.xlsx"
"""The workbook to fill in with your own company (``data/template.xlsx`` in the repository, shipped in the wheel)."""


def _template_path() -> Path:
    return TEMPLATE


def percent_typo(accounts: Any) -> Any:
    """The mistake notebook 07 makes on purpose: the first account's gross margin typed as a percentage.

    Returns a copy of ``accounts`` (a DataFrame) with ``gross_margin`` of the first row multiplied by 100.
    """
    broken = accounts.copy()
    column = broken.columns.get_loc("gross_margin")
    broken.iloc[0, column] = float(broken.iloc[0, column]) * 100
    return broken


def check_bad_column(answer: Any) -> None:
    """Exercise: which column does the validation error name, after the percentage typo (``percent_typo``)?"""
    from kamlearn.case import load_case
    from kamlearn.errors import CaseError

    case = load_case(_template_path())
    try:
        case.with_tables(accounts=percent_typo(case.accounts))
    except CaseError as error:
        found = re.search(r"(?:column|kolonne) '([^']+)'", error.problems[0])
        right = found.group(1) if found else ""
    else:  # pragma: no cover - the validator accepts the typo only if its rules change
        right = ""
    options = [str(c) for c in case.accounts.columns]
    show(evaluate_choice(
        answer, right, options=options,
        hints={"retention": _("Retention is also a probability, but this error is about another column: "
                            "read the message again, it names the column in quotes."),
               "yearly_revenue_nok": _("Revenue is in NOK and can be any amount of at least 0; the error is "
                                     "about a share typed as a percentage.")},
        why=_("A share of 24 % must be written 0.24; the message names the table, the row and the column."),
    ))


def check_as_share_function(function: Callable[..., Any]) -> None:
    """Code task: write ``as_share(value)``: turn 24 (a percentage) into 0.24, keep 0.24 as it is."""
    cases = [((24,), 0.24), ((0.24,), 0.24), ((100,), 1.0), ((1,), 1.0), ((0,), 0.0), ((7.5,), 0.075)]
    show(evaluate_code(
        function, cases, name="as_share",
        hint=_("A value above 1 was typed as a percentage: divide it by 100. A value from 0 to 1 is "
             "already a share: keep it."),
    ))


def check_total_clv(answer: Any, case: Any = None) -> None:
    """Exercise: the total lifetime value (NOK) of all accounts of ``case`` (the template when None)."""
    from kamlearn.case import load_case
    from kamlearn.value import customer_lifetime_value

    case = load_case(_template_path()) if case is None else case
    accounts = case.accounts
    margin = case.yearly_margin()
    total = float(customer_lifetime_value(margin, accounts["retention"], case.discount_rate,
                                          case.horizon_years).sum())
    revenue_based = float(customer_lifetime_value(accounts["yearly_revenue_nok"], accounts["retention"],
                                                  case.discount_rate, case.horizon_years).sum())
    show(evaluate_number(
        answer, total, rel=0.001, unit="NOK",
        mistakes={_("you used revenue, not margin"): revenue_based,
                  _("that is one year's margin; lifetime value multiplies it by r / (1 + d - r)"): float(margin.sum())},
        explain=_("kamlearn.customer_lifetime_value(case.yearly_margin(), case.accounts['retention'], "
                "case.discount_rate, case.horizon_years).sum()"),
    ))
