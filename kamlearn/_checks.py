"""Checks of function arguments, with one message style: ``'<name>: expected <what>, found <value>.'``.

Every public function checks its settings at the door with these, so a wrong setting gets the same
kind of message everywhere.  They raise :class:`ValueError` (or the subclass given as ``error``) and
return the checked value, converted (a float, a list of ids, ...).  Data read from files is checked by
the case reader (:mod:`kamlearn._schema`), which names file, row and column instead.

Examples
--------
>>> probability("retention", 0.8)
0.8
>>> non_negative("hours", -1)
Traceback (most recent call last):
...
ValueError: hours: expected a number of at least 0, found -1.
>>> one_of("policy", "greedy", ["optimal", "greedy"])
'greedy'
>>> known_ids("accounts", ["A01", "Z9"], ["A01", "A02"], what="account ids of the case")
Traceback (most recent call last):
...
ValueError: accounts: expected account ids of the case, found 'Z9' (not one of A01, A02).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = ["fail", "finite_number", "known_ids", "non_negative", "one_of", "positive_int", "probability"]


def fail(name: str, expected: str, found: Any, *, error: type[Exception] = ValueError, why: str = "") -> Exception:
    """The exception for a wrong argument, in the house style (returned, for ``raise fail(...)``)."""
    tail = f" ({why})" if why else ""
    return error(f"{name}: expected {expected}, found {found!r}{tail}.")


def finite_number(name: str, value: Any, *, error: type[Exception] = ValueError) -> float:
    """``value`` as a float; a bool, a string, NaN or an infinity is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise fail(name, "a number", value, error=error)
    number = float(value)
    if not math.isfinite(number):
        raise fail(name, "a finite number", value, error=error)
    return number


def non_negative(name: str, value: Any, *, error: type[Exception] = ValueError) -> float:
    """A finite number of at least 0."""
    number = finite_number(name, value, error=error)
    if number < 0:
        raise fail(name, "a number of at least 0", value, error=error)
    return number


def probability(name: str, value: Any, *, error: type[Exception] = ValueError) -> float:
    """A finite number from 0 to 1 (a share, a retention rate, a probability)."""
    number = finite_number(name, value, error=error)
    if not 0.0 <= number <= 1.0:
        raise fail(name, "a number from 0 to 1", value, error=error)
    return number


def positive_int(name: str, value: Any, *, minimum: int = 1, error: type[Exception] = ValueError) -> int:
    """A whole number of at least ``minimum`` (a bool is refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or int(value) < minimum:
        raise fail(name, f"a whole number of at least {minimum}", value, error=error)
    return int(value)


def one_of(name: str, value: Any, options: Iterable[Any], *, error: type[Exception] = ValueError) -> Any:
    """``value`` if it is one of ``options``."""
    allowed = list(options)
    if value not in allowed:
        raise fail(name, "one of " + ", ".join(repr(o) for o in allowed), value, error=error)
    return value


def known_ids(name: str, values: Iterable[str] | str | None, known: Iterable[str], *, what: str = "known ids",
              error: type[Exception] = ValueError) -> list[str]:
    """A list of ids that all occur in ``known`` (a single id or None is accepted: ``[id]``, ``[]``)."""
    if values is None:
        return []
    ids = [values] if isinstance(values, str) else list(values)
    pool = list(known)
    allowed = set(pool)
    for value in ids:
        if value not in allowed:
            shown = ", ".join(map(str, pool[:8])) + (", ..." if len(pool) > 8 else "")
            raise fail(name, what, value, error=error, why=f"not one of {shown}")
    return ids
