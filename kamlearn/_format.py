"""How kamlearn writes numbers for people: one place for every summary, memo, report, plot and app.

One style everywhere: the unit after the number (``1,240 NOK``, ``12.35 MNOK``, ``81.2 %``), thousands
separated, no needless decimals, never scientific notation, no øre; a missing or infinite amount reads
``n/a``; a count of 1 takes the singular (``1 hour``, ``3 hours``; ``2 people`` when told).

The language setting of the Norwegian issue will switch the separators here (``1 240 NOK``, ``0,24``), so
callers must not format numbers themselves.

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
"""

from __future__ import annotations

import math

__all__ = ["MISSING", "count", "mnok", "nok", "number", "per_unit", "percent", "singular"]

MISSING = "n/a"
"""What a missing or infinite amount reads as."""

_MONEY_UNITS = frozenset({"NOK", "MNOK", "kr"})


def _finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def singular(unit: str) -> str:
    """The singular of a unit (``'hours'`` -> ``'hour'``); money units and non-plurals stay as they are.

    Examples
    --------
    >>> singular("hours"), singular("NOK"), singular("slots"), singular("people")
    ('hour', 'NOK', 'slot', 'person')
    """
    if unit == "people":
        return "person"
    if unit in _MONEY_UNITS or not unit.endswith("s") or unit.endswith("ss"):
        return unit
    return unit[:-1]


def number(value: float, unit: str = "", *, signed: bool = False) -> str:
    """A number as a person reads it: thousands separators, a few decimals, never scientific notation.

    Whole numbers and numbers of 1,000 or more show no decimals; numbers from 10 to 1,000 at most two;
    smaller ones at most four.  A unit follows the number, singular for exactly one.

    Parameters
    ----------
    value : float
        The number.
    unit : str, optional
        Its unit, plural form (``'hours'``); empty for none.
    signed : bool, default False
        Show ``+`` before positive numbers (for changes).

    Returns
    -------
    str
        For example ``'5,373,000 NOK'``; ``'n/a'`` for a missing or infinite value.
    """
    if not _finite(value):
        return MISSING
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
    if unit and text.lstrip("+-") == "1":
        unit = singular(unit)
    return f"{text} {unit}".strip()


def count(n: float, word: str, words: str | None = None) -> str:
    """``'1 group'``, ``'3 groups'``: a count with the right form of the word (``words`` for irregular plurals)."""
    many = words if words is not None else word + "s"
    return f"{number(n)} {word if n == 1 else many}"


def nok(value: float, *, signed: bool = False) -> str:
    """Whole NOK (no øre): ``'1,234 NOK'``; ``'n/a'`` when missing."""
    if not _finite(value):
        return MISSING
    sign = "+" if signed else ""
    x = round(float(value))
    return f"{x + 0:{sign},d} NOK"


def mnok(value: float, *, signed: bool = False, decimals: int = 2) -> str:
    """An amount in NOK shown in millions: ``'12.35 MNOK'``; ``'n/a'`` when missing."""
    if not _finite(value):
        return MISSING
    sign = "+" if signed else ""
    shown = float(value) / 1e6
    if round(shown, decimals) == 0:
        shown = 0.0  # no "-0.00"
    return f"{shown:{sign},.{decimals}f} MNOK"


def percent(share: float, *, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.8125) as a percentage: ``'81.2 %'``; ``'n/a'`` when missing."""
    if not _finite(share):
        return MISSING
    sign = "+" if signed else ""
    return f"{float(share) * 100:{sign}.{decimals}f} %"


def per_unit(price: float, unit: str) -> str:
    """A price per unit of a resource: ``'29,562 NOK / hour'`` (two decimals below 10 NOK); ``'n/a'`` when missing."""
    if not _finite(price):
        return MISSING
    x = float(price)
    text = f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"
    return f"{text} NOK / {singular(unit)}"
