"""How kamlearn writes numbers for people: one place for every summary, memo, report, plot and app.

One style everywhere: the unit after the number (``1,240 NOK``, ``12.35 MNOK``, ``81.2 %``), thousands
separated, no needless decimals, never scientific notation, no øre; a missing or infinite amount reads
``n/a``; a count of 1 takes the singular (``1 hour``, ``3 hours``; ``2 people`` when told).

The language setting (:mod:`kamlearn.i18n`: ``set_language``, ``KAMLEARN_LANG``) switches the style to
bokmål as Språkrådet writes numbers: a space between thousands, a decimal comma, a space before ``%``,
``kr`` after whole kroner, ``MNOK`` for millions, the unit words from the message catalogue (``timer``,
``kunder``, ``personer``, ``grupper``), a missing amount ``i.t.``.  Every space inside a bokmål quantity is
a no-break space (U+00A0), so a number never wraps across two lines.  The rules for digits (how many
decimals, when the singular) are the same in both languages.  Callers must not format numbers themselves.

Examples
--------
>>> number(5_373_000.4, "NOK"), number(0.91234), number(1, "hours"), number(2.5, "hours")
('5,373,000 NOK', '0.9123', '1 hour', '2.5 hours')
>>> count(1, "group"), count(3, "group"), count(2, "person", "people")
('1 group', '3 groups', '2 people')
>>> nok(1_234.4), mnok(12_345_678), mnok(-250_000, signed=True), percent(0.8125)
('1,234 NOK', '12.35 MNOK', '-0.25 MNOK', '81.2 %')
>>> per_unit(29_561.85, "hours"), per_unit(2.5, "NOK"), mnok(float("nan"))
('29,562 NOK / hour', '2.50 NOK / NOK', 'n/a')

The same in bokmål (``\\xa0`` is the no-break space):

>>> from kamlearn.i18n import language
>>> with language("nb"):
...     number(5_373_000.4, "NOK"), number(0.91234), number(1, "hours"), number(2.5, "hours")
('5\\xa0373\\xa0000\\xa0kr', '0,9123', '1\\xa0time', '2,5\\xa0timer')
>>> with language("nb"):
...     count(1, "group"), count(3, "group"), count(2, "person", "people"), number(1_240, "accounts")
('1\\xa0gruppe', '3\\xa0grupper', '2\\xa0personer', '1\\xa0240\\xa0kunder')
>>> with language("nb"):
...     nok(1_234.4), mnok(12_345_678), mnok(-250_000, signed=True), percent(0.8125)
('1\\xa0234\\xa0kr', '12,35\\xa0MNOK', '-0,25\\xa0MNOK', '81,2\\xa0%')
>>> with language("nb"):
...     per_unit(29_561.85, "hours"), per_unit(2.5, "NOK"), mnok(float("nan"))
('29\\xa0562\\xa0kr\\xa0per\\xa0time', '2,50\\xa0kr\\xa0per\\xa0kr', 'i.t.')

References
----------
.. [1] Språkrådet, "Tal og tall: skrivemåte" (thousands grouped by a space, decimal comma, a space before
   the percent sign), https://www.sprakradet.no/sprakhjelp/Skriveregler/
.. [2] Unicode CLDR, number symbols of the locale ``nb`` (group U+00A0, decimal comma), as Babel's
   ``babel.numbers.format_decimal(..., locale="nb_NO")`` writes them; ``tests/test_format_nb.py`` checks
   the bokmål digits here against Babel.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from kamlearn.i18n import _, get_language, npgettext

__all__ = ["MISSING", "NBSP", "count", "missing", "mnok", "nok", "number", "per_unit", "percent", "singular"]

MISSING = "n/a"
"""What a missing or infinite amount reads as in English (:func:`missing` gives it in the language in force)."""

NBSP = "\u00a0"
"""The no-break space that groups thousands and joins number and unit in bokmål."""

_MONEY_UNITS = frozenset({"NOK", "MNOK", "kr"})

# Unit words through the catalogue, plural (as callers pass them) -> the form for a number n.  Literal calls, so
# that `make catalogues` finds them; a unit that is not here is written as given (English rules for the singular).
_UNITS: dict[str, Callable[[float], str]] = {
    "hours": lambda n: npgettext("unit", "hour", "hours", n),
    "accounts": lambda n: npgettext("unit", "account", "accounts", n),
    "people": lambda n: npgettext("unit", "person", "people", n),
    "groups": lambda n: npgettext("unit", "group", "groups", n),
    "slots": lambda n: npgettext("unit", "slot", "slots", n),
    "licences": lambda n: npgettext("unit", "licence", "licences", n),
    "months": lambda n: npgettext("unit", "month", "months", n),
    "years": lambda n: npgettext("unit", "year", "years", n),
    "days": lambda n: npgettext("unit", "day", "days", n),
    "requests": lambda n: npgettext("unit", "request", "requests", n),
    "draws": lambda n: npgettext("unit", "draw", "draws", n),
    "NOK": lambda n: npgettext("unit", "NOK", "NOK", n),
    "MNOK": lambda n: npgettext("unit", "MNOK", "MNOK", n),
}
_PLURAL_OF = {"hour": "hours", "account": "accounts", "person": "people", "group": "groups", "slot": "slots",
              "licence": "licences", "month": "months", "year": "years", "day": "days", "request": "requests", "draw": "draws"}

_NB_DIGITS = str.maketrans({",": NBSP, ".": ","})


def _finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _bokmål() -> bool:
    return get_language() == "nb"


def _digits(text: str, nb: bool) -> str:
    """English digits (``'1,240.5'``) in bokmål when ``nb`` (``'1 240,5'``, with a no-break space)."""
    return text.translate(_NB_DIGITS) if nb else text


def _unbreakable(text: str, nb: bool) -> str:
    """In bokmål, every space of a quantity becomes a no-break space; English text is left as it is."""
    return text.replace(" ", NBSP) if nb else text


def missing() -> str:
    """What a missing or infinite amount reads as, in the language in force (``'n/a'``, ``'i.t.'``)."""
    # Translators: a missing or infinite amount in a table or a sentence ("not available"), short.
    return _("n/a")


def _unit_word(unit: str, n: float) -> str:
    """``unit`` (plural, as callers pass it) in the form for the number ``n``, translated when known."""
    form = _UNITS.get(unit)
    if form is not None:
        return form(n)
    return _singular_by_rule(unit) if n == 1 else unit


def _singular_by_rule(unit: str) -> str:
    """The English singular by rule, for a unit the catalogue does not know (``'widgets'`` -> ``'widget'``)."""
    if unit == "people":
        return "person"
    if unit in _MONEY_UNITS or not unit.endswith("s") or unit.endswith("ss"):
        return unit
    return unit[:-1]


def singular(unit: str) -> str:
    """The singular of a unit (``'hours'`` -> ``'hour'``); money units and non-plurals stay as they are.

    In bokmål, the units of the catalogue are translated (``'hours'`` -> ``'time'``, ``'NOK'`` -> ``'kr'``).

    Examples
    --------
    >>> singular("hours"), singular("NOK"), singular("slots"), singular("people")
    ('hour', 'NOK', 'slot', 'person')
    """
    return _unit_word(unit, 1)


def number(value: float, unit: str = "", *, signed: bool = False) -> str:
    """A number as a person reads it: thousands separators, a few decimals, never scientific notation.

    Whole numbers and numbers of 1,000 or more show no decimals; numbers from 10 to 1,000 at most two;
    smaller ones at most four.  A unit follows the number, singular for exactly one.

    Parameters
    ----------
    value : float
        The number.
    unit : str, optional
        Its unit, plural form (``'hours'``); empty for none.  The units of the catalogue (hours, accounts,
        people, groups, slots, months, years, days, requests, draws, NOK, MNOK) are translated.
    signed : bool, default False
        Show ``+`` before positive numbers (for changes).

    Returns
    -------
    str
        For example ``'5,373,000 NOK'`` (bokmål ``'5 373 000 kr'``); ``'n/a'`` (``'i.t.'``) for a missing or
        infinite value.
    """
    if not _finite(value):
        return missing()
    x = float(value)
    sign = "+" if signed else ""
    size = abs(x)
    if size >= 1000 or x == round(x):
        text = f"{x:{sign},.0f}"
    elif size >= 10:
        text = f"{x:{sign},.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:{sign}.4f}".rstrip("0").rstrip(".")
    if text in ("0", "-0", "+0", "-0.0"):
        text = "0"
    if unit:
        unit = _unit_word(unit, 1 if text.lstrip("+-") == "1" else 2)
    nb = _bokmål()
    return _unbreakable(f"{_digits(text, nb)} {unit}".strip(), nb)


def count(n: float, word: str, words: str | None = None) -> str:
    """``'1 group'``, ``'3 groups'``: a count with the right form of the word (``words`` for irregular plurals).

    The words of the catalogue are translated in bokmål (``'3 grupper'``, ``'2 personer'``).
    """
    many = words if words is not None else word + "s"
    known = _PLURAL_OF.get(word)
    shown = _unit_word(known, n) if known is not None and known == many else (word if n == 1 else many)
    return _unbreakable(f"{number(n)} {shown}", _bokmål())


def nok(value: float, *, signed: bool = False) -> str:
    """Whole NOK (no øre): ``'1,234 NOK'`` (bokmål ``'1 234 kr'``); ``'n/a'`` when missing."""
    if not _finite(value):
        return missing()
    sign = "+" if signed else ""
    x = round(float(value))
    # Translators: whole kroner; {amount} is the number, already written with the separators of the language.
    nb = _bokmål()
    return _unbreakable(_("{amount} NOK").format(amount=_digits(f"{x + 0:{sign},d}", nb)), nb)


def mnok(value: float, *, signed: bool = False, decimals: int = 2) -> str:
    """An amount in NOK shown in millions: ``'12.35 MNOK'`` (bokmål ``'12,35 MNOK'``); ``'n/a'`` when missing."""
    if not _finite(value):
        return missing()
    sign = "+" if signed else ""
    shown = float(value) / 1e6
    if round(shown, decimals) == 0:
        shown = 0.0  # no "-0.00"
    # Translators: an amount in millions of kroner; {amount} is the number of millions.
    nb = _bokmål()
    return _unbreakable(_("{amount} MNOK").format(amount=_digits(f"{shown:{sign},.{decimals}f}", nb)), nb)


def percent(share: float, *, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.8125) as a percentage: ``'81.2 %'`` (bokmål ``'81,2 %'``); ``'n/a'`` when missing."""
    if not _finite(share):
        return missing()
    sign = "+" if signed else ""
    nb = _bokmål()
    return _unbreakable(f"{_digits(f'{float(share) * 100:{sign}.{decimals}f}', nb)} %", nb)


def per_unit(price: float, unit: str) -> str:
    """A price per unit of a resource: ``'29,562 NOK / hour'`` (bokmål ``'29 562 kr per time'``).

    Two decimals below 10 NOK; ``'n/a'`` when missing.
    """
    if not _finite(price):
        return missing()
    x = float(price)
    text = f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"
    # Translators: a price per unit of a resource; {unit} is the unit's singular ("hour" -> "time").
    nb = _bokmål()
    return _unbreakable(_("{amount} NOK / {unit}").format(amount=_digits(text, nb), unit=singular(unit)), nb)
