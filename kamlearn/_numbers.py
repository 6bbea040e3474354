"""One reader for numbers written as text, whatever program or locale wrote them.

A column of text cells (from a CSV file of any separator and encoding, or text
cells of a workbook) is read in three steps:

1. Each distinct cell is *classified*: which decimal mark it proves, if any.
   ``0,24`` proves a decimal comma (a grouping mark is never followed by fewer
   or more than three digits, nor preceded by a lone ``0``); ``2.600.000``
   proves that ``.`` groups thousands (so the comma is the decimal mark);
   ``1,100.00`` proves a decimal point (when both marks appear, the last one
   is the decimal mark).  ``1.100`` proves nothing: it is 1100 with a
   grouping point or 1.1 with a decimal point.
2. The column's decimal mark is what its cells prove; when they prove
   nothing, what the other number columns of the same table prove; when they
   prove nothing either, the file's convention (a ``;``-separated file uses a
   decimal comma, a ``,``-separated one a decimal point; a tab-separated file
   or a workbook has none).
3. Every cell is parsed with that decimal mark, its grouping marks checked
   (groups of three digits).  A cell that proves the other mark than the
   column's, and a cell that can be read two ways when nothing decides, are
   errors: never a silent guess.

Spaces of any kind (plain, non-breaking, narrow, thin) group thousands too, as
in Norwegian ``118 000 000``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kamlearn.i18n import _, get_language

Mark = Literal[".", ","]
Verdict = Literal["plain", ".", ",", "ambiguous", "invalid"]
"""What one cell proves: no mark, a decimal point, a decimal comma, nothing, or not a number."""

SPACES = " \u00a0\u202f\u2009\u2007\u2008\u200a"
"""Characters that group thousands in a number: space, no-break, narrow no-break, thin, figure, punctuation, hair."""
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
"""Invisible characters that spreadsheet programs and copy-paste leave around cells."""
STRIP = " \t\n\r\x0b\x0c\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2028\u2029\u205f\u3000" + SPACES + INVISIBLE
"""Everything stripped from both ends of a cell or a header: white space and invisible characters."""

_MINUS = "-\u2212\u2012\u2013"
_SIGN = r"[+\-\u2212\u2012\u2013]"
_NUMBER = re.compile(
    r"(?P<sign>" + _SIGN + r"?)(?P<body>[0-9.,]*[0-9][0-9.,]*|[0-9.,]*[.,][0-9]+)"
    r"(?:[eE](?P<exp>" + _SIGN + r"?[0-9]+))?"
)
_SPACED = re.compile(
    r"(?P<sign>" + _SIGN + r"?)[" + SPACES + r"]*(?P<whole>[0-9]{1,3}(?:[" + SPACES + r"]+[0-9]{3})+)"
    r"(?P<rest>[.,][0-9]*)?(?:[eE](?P<exp>" + _SIGN + r"?[0-9]+))?"
)
_SIMPLE = re.compile(r"([0-9]+)([.,])([0-9]+)")
_SPACE_RUN = re.compile("[" + SPACES + "]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[^0-9][0-9]{3})*")


def other(mark: Mark) -> Mark:
    """The other mark: ``","`` for ``"."`` and back."""
    return "," if mark == "." else "."


@dataclass(frozen=True)
class Cell:
    """A text cell taken apart: sign, digits with marks, exponent, and whether spaces grouped it."""

    sign: str
    body: str
    exponent: str
    spaced: bool


def split(text: str) -> Cell | None:
    """Take a text cell apart, or None when it is not written like a number at all."""
    stripped = text.strip(STRIP)
    spaced = bool(_SPACE_RUN.search(stripped))
    if spaced:  # spaces may only group thousands: "118 000 000", "-1 234,5"
        grouped = _SPACED.fullmatch(stripped)
        if grouped is None:
            return None
        stripped = (grouped["sign"] + _SPACE_RUN.sub("", grouped["whole"]) + (grouped["rest"] or "")
                    + (f"e{grouped['exp']}" if grouped["exp"] else ""))
    match = _NUMBER.fullmatch(stripped)
    if match is None:
        return None
    sign = "-" if match["sign"] and match["sign"] in _MINUS else ""
    exponent = (match["exp"] or "").replace("\u2212", "-").replace("\u2012", "-").replace("\u2013", "-")
    return Cell(sign, match["body"], exponent, spaced)


def classify(text: str) -> Verdict:
    """What one text cell proves about the decimal mark (see the module's notes)."""
    if text.isdigit():
        return "plain"
    simple = _SIMPLE.fullmatch(text)
    if simple is not None:  # the common case, "0.24" or "1100,5", without taking it apart
        head, used, tail = simple.groups()
        if len(tail) == 3 and len(head) <= 3 and head[0] != "0":
            return "ambiguous"
        return "." if used == "." else ","
    cell = split(text)
    if cell is None:
        return "invalid"
    body = cell.body
    points, commas = body.count("."), body.count(",")
    if points == 0 and commas == 0:
        return "plain"
    if points and commas:
        last: Mark = "." if body.rfind(".") > body.rfind(",") else ","
        return last
    mark: Mark = "." if points else ","
    if body.count(mark) > 1:
        return other(mark)  # a mark used twice groups thousands
    whole, fraction = body.split(mark)
    could_group = (
        len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0" and not cell.exponent and not cell.spaced
    )
    return "ambiguous" if could_group else mark


def parse(text: str, decimal: Mark) -> float | None:
    """A text cell as a number with the given decimal mark, or None when it is not written that way.

    The other mark may only group thousands: one to three digits, then groups
    of exactly three, all before the decimal mark.
    """
    if text.isdigit():
        return float(text)
    simple = _SIMPLE.fullmatch(text)
    if simple is not None and simple[2] == decimal:
        return float(f"{simple[1]}.{simple[3]}")
    cell = split(text)
    if cell is None:
        return None
    group = other(decimal)
    body = cell.body
    if body.count(decimal) > 1:
        return None
    whole, _, fraction = body.partition(decimal)
    if group in fraction:
        return None
    if group in whole:
        if cell.spaced or not _GROUPED.fullmatch(whole) or whole[0] == "0":
            return None
        whole = whole.replace(group, "")
    exponent = f"e{cell.exponent}" if cell.exponent else ""
    try:
        return float(f"{cell.sign}{whole or '0'}.{fraction or '0'}{exponent}")
    except ValueError:
        return None


def decide(verdicts: set[Verdict]) -> Mark | Literal["conflict"] | None:
    """The decimal mark a set of cell verdicts proves; None when they prove nothing."""
    proven = verdicts & {".", ","}
    if len(proven) == 2:
        return "conflict"
    if proven:
        return "." if "." in proven else ","
    return None


def describe_mark(mark: Mark) -> str:
    """``'a decimal comma'`` or ``'a decimal point'``, in the language in force."""
    return _("a decimal comma") if mark == "," else _("a decimal point")


def format_number(number: float) -> str:
    """A number as short as it can be shown without changing it (6.000000000000001 stays so).

    In bokmål (:mod:`kamlearn.i18n`) with a decimal comma (``0,24``); never grouped, never rounded, since it
    shows what a cell holds.
    """
    text = _exact(number)
    return text.replace(".", ",") if get_language() == "nb" else text


def _exact(number: float) -> str:
    short = f"{number:g}"
    try:
        if float(short) == number:
            return short
    except ValueError:  # pragma: no cover - :g always gives a float literal
        pass
    if float(number).is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(float(number))
