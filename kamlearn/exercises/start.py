"""Self-checks for notebook 00, start here: the glossary, the series, the case company's margin.

Examples
--------
>>> from kamlearn.exercises import check_glossary
>>> check_glossary("knappe ressurser")  # doctest: +NORMALIZE_WHITESPACE
[Ikke ennå / Not yet ✗] 'knappe ressurser' means scarce resources: what the company has too little of
(money, systems, hours, knowledge). The word for the authority to decide is another one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kamlearn.exercises._core import evaluate_choice, evaluate_code, evaluate_number, show
from kamlearn.exercises._shared import cell, course_case
from kamlearn.i18n import LazyText, _, lazy_gettext

__all__ = ["GLOSSARY", "SERIES", "check_flagship_margin", "check_glossary", "check_margin_function",
           "check_next_article"]

GLOSSARY: dict[str, LazyText] = {
    "nøkkelkunde": lazy_gettext("key account: a customer of strategic importance that gets dedicated attention"),
    "nøkkelkundeansvarlig (KAM)": lazy_gettext(
        "key account manager: the person responsible for one or more key accounts"),
    "KAM-team": lazy_gettext(
        "the key account team: the people from several functions who work on one key account"),
    "knappe ressurser": lazy_gettext(
        "scarce resources: what the company has too little of (money, systems, hours, knowledge)"),
    "interne ressurser": lazy_gettext(
        "internal resources: financial, technological and human resources inside the company"),
    "beslutningsmyndighet": lazy_gettext(
        "authority to decide: what the KAM may decide without asking management"),
    "prosjektgruppe": lazy_gettext(
        "project group: a small group working on one part of the collaboration with the customer"),
    "kundelønnsomhet": lazy_gettext(
        "customer profitability: what a customer earns the company after the cost to serve it"),
    "kundens livstidsverdi": lazy_gettext(
        "customer lifetime value (CLV): the discounted margin a customer brings over time"),
    "lommebokandel (share of wallet)": lazy_gettext("our share of what the customer spends on our kind of products"),
    "kundebehold (retention)": lazy_gettext("the probability that a customer stays another year"),
    "ABC-analyse": lazy_gettext("ABC analysis: sorting customers by their share of profit into classes A, B and C"),
    "handlingsplan": lazy_gettext("action plan: who does what and when, the step after the key account strategy"),
}
"""Norwegian terms of the article series and what they mean (the glossary of notebook 00), in the language in force."""

SERIES: tuple[LazyText, ...] = (
    lazy_gettext("ABC analysis (customer profitability)"),
    lazy_gettext("choosing and prioritising key accounts"),
    lazy_gettext("key account analysis"),
    lazy_gettext("the buying center"),
    lazy_gettext("developing key account goals"),
    lazy_gettext("securing internal resources"),
    lazy_gettext("key account strategy"),
    lazy_gettext("action plan"),
)
"""The neighbouring articles of the series in order, titled in the language in force (bokmål: the series'
own article names); this course is 'securing internal resources' (*Sikre interne ressurser*)."""

THIS_ARTICLE = SERIES[5]

_AUTHORITY_TERM = "beslutningsmyndighet"


def check_glossary(answer: Any) -> None:
    """Exercise: which Norwegian term means the authority to decide and act?"""
    right = _AUTHORITY_TERM
    hints = {
        term: _("{term} means {meaning}. The word for the authority to decide is another one.").format(
            term=repr(term), meaning=meaning)
        for term, meaning in GLOSSARY.items() if term != right
    }
    show(evaluate_choice(answer, right, options=GLOSSARY, hints=hints,
                         why=_("{term}: {meaning}.").format(term=repr(right), meaning=GLOSSARY[right])))


def check_next_article(answer: Any) -> None:
    """Exercise: which article of the series comes right after securing internal resources?"""
    english = {title.message.lower(): str(title) for title in SERIES}  # an English title counts in either language
    if isinstance(answer, str) and " ".join(answer.strip().lower().split()) in english:
        answer = english[" ".join(answer.strip().lower().split())]
    titles = [str(title) for title in SERIES]
    position = titles.index(str(THIS_ARTICLE))
    right = titles[position + 1]
    hints = {titles[position - 1]: _("That one comes before: the goals must be set before resources are secured."),
             titles[position]: _("That is this article; the question asks for the next one."),
             titles[position + 2]: _("Close: the action plan comes after the strategy, not right after the resources.")}
    show(evaluate_choice(answer, right, options=titles, hints=hints,
                         why=_("Goals come first, then the resources to reach them, then the strategy "
                             "and the action plan that use them.")))


def check_flagship_margin(answer: Any) -> None:
    """Exercise: the yearly margin of the flagship account A01 in NOK."""
    case = course_case()
    accounts = case.accounts
    revenue = cell(accounts, "A01", "yearly_revenue_nok")
    gross = revenue * cell(accounts, "A01", "gross_margin")
    cost_to_serve = cell(accounts, "A01", "cost_to_serve_nok")
    show(evaluate_number(
        answer, gross - cost_to_serve, rel=0.001, unit="NOK",
        mistakes={
            _("you used revenue, not margin"): revenue,
            _("that is the gross margin; subtract the cost to serve as well"): gross,
            _("you subtracted the cost to serve from revenue; multiply revenue by the gross margin first"):
                revenue - cost_to_serve,
        },
        explain=_("Yearly margin = yearly revenue x gross margin - cost to serve (case.accounts.loc['A01'])."),
    ))


def check_margin_function(function: Callable[..., Any]) -> None:
    """Code task: write ``yearly_margin(revenue, gross_margin, cost_to_serve)`` returning NOK."""
    accounts = course_case().accounts
    table = accounts[["yearly_revenue_nok", "gross_margin", "cost_to_serve_nok"]].head(3).to_numpy(dtype=float)
    cases: list[tuple[tuple[Any, ...], Any]] = [
        ((revenue, gross, cost), revenue * gross - cost) for revenue, gross, cost in table.tolist()
    ]
    cases.append(((1_000_000.0, 0.1, 150_000.0), 1_000_000.0 * 0.1 - 150_000.0))
    show(evaluate_code(function, cases, name="yearly_margin",
                       hint=_("Return revenue * gross_margin - cost_to_serve; a margin can be negative.")))
