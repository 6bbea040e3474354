"""Checks of function arguments, with one message style: ``'<name>: expected <what>, found <value>.'``.

Every public function checks its settings at the door with these, so a wrong setting gets the same
kind of message everywhere.  They raise :class:`ValueError` (or the subclass given as ``error``) and
return the checked value, converted (a float, a list of ids, ...).  Data read from files is checked by
the case reader (:mod:`kamlearn._schema`), which names file, row and column instead.

The message is written in the language in force (:mod:`kamlearn.i18n`): the frame and this module's own
``<what>`` texts come from the catalogue, a number found is written in the language's style (``-1,5`` in
bokmål).  A caller's ``expected`` / ``what`` / ``why`` text is used as given: pass it through ``_()`` first
(``fail("labels", _("two different names"), labels)``) so that it is translated too.

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

The same in bokmål:

>>> from kamlearn.i18n import language
>>> with language("nb"):
...     non_negative("hours", -1.5)
Traceback (most recent call last):
...
ValueError: hours: forventet et tall som er minst 0, fant -1,5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from kamlearn.i18n import _, get_language

__all__ = ["fail", "finite_number", "known_ids", "non_negative", "one_of", "positive_int", "probability", "shown"]


def shown(found: Any) -> str:
    """What was found, for a message: ``repr`` in English; a number in the language's style in bokmål."""
    if get_language() == "nb" and isinstance(found, (int, float, np.integer, np.floating)) and not isinstance(
            found, (bool, np.bool_)):
        number = float(found)
        if math.isfinite(number):
            text = str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
            return text.replace(".", ",")
    return repr(found)


def fail(name: str, expected: str, found: Any, *, error: type[Exception] = ValueError, why: str = "") -> Exception:
    """The exception for a wrong argument, in the house style (returned, for ``raise fail(...)``).

    Parameters
    ----------
    name : str
        The argument's name, as the caller typed it (not translated).
    expected : str
        What a valid value is, already translated by the caller (``_("a number from 0 to 1")``).
    found : object
        The value given; shown with :func:`shown`.
    error : type of Exception, default ValueError
        The exception class.
    why : str, optional
        A reason added in brackets, already translated.

    Returns
    -------
    Exception
        ``error`` with the message ``'<name>: expected <what>, found <value>.'`` in the language in force.
    """
    if why:
        message = _("{name}: expected {expected}, found {found} ({why}).")
        return error(message.format(name=name, expected=expected, found=shown(found), why=why))
    return error(_("{name}: expected {expected}, found {found}.").format(name=name, expected=expected,
                                                                         found=shown(found)))


def finite_number(name: str, value: Any, *, error: type[Exception] = ValueError) -> float:
    """``value`` as a float; a bool, a string, NaN or an infinity is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise fail(name, _("a number"), value, error=error)
    number = float(value)
    if not math.isfinite(number):
        raise fail(name, _("a finite number"), value, error=error)
    return number


def non_negative(name: str, value: Any, *, error: type[Exception] = ValueError) -> float:
    """A finite number of at least 0."""
    number = finite_number(name, value, error=error)
    if number < 0:
        raise fail(name, _("a number of at least 0"), value, error=error)
    return number


def probability(name: str, value: Any, *, error: type[Exception] = ValueError) -> float:
    """A finite number from 0 to 1 (a share, a retention rate, a probability)."""
    number = finite_number(name, value, error=error)
    if not 0.0 <= number <= 1.0:
        raise fail(name, _("a number from 0 to 1"), value, error=error)
    return number


def positive_int(name: str, value: Any, *, minimum: int = 1, error: type[Exception] = ValueError) -> int:
    """A whole number of at least ``minimum`` (a bool is refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or int(value) < minimum:
        raise fail(name, _("a whole number of at least {minimum}").format(minimum=minimum), value, error=error)
    return int(value)


def one_of(name: str, value: Any, options: Iterable[Any], *, error: type[Exception] = ValueError) -> Any:
    """``value`` if it is one of ``options``."""
    allowed = list(options)
    if value not in allowed:
        raise fail(name, _("one of {options}").format(options=", ".join(repr(o) for o in allowed)), value, error=error)
    return value


def known_ids(name: str, values: Iterable[str] | str | None, known: Iterable[str], *, what: str | None = None,
              error: type[Exception] = ValueError) -> list[str]:
    """A list of ids that all occur in ``known`` (a single id or None is accepted: ``[id]``, ``[]``).

    ``what`` says what the ids are, already translated by the caller; ``'known ids'`` (translated) by default.
    """
    if values is None:
        return []
    ids = [values] if isinstance(values, str) else list(values)
    pool = list(known)
    allowed = set(pool)
    for value in ids:
        if value not in allowed:
            listed = ", ".join(map(str, pool[:8])) + (", ..." if len(pool) > 8 else "")
            expected = _("known ids") if what is None else what
            raise fail(name, expected, value, error=error, why=_("not one of {ids}").format(ids=listed))
    return ids
