"""A number in a fixed format, in the style of the language in force: the models' summaries keep their columns.

Private.  :mod:`kamlearn._format` chooses the decimals itself (``'10 days'``, ``'0.82'``); a summary that prints a
column of numbers with a fixed number of decimals (``'10.0 days'``, ``'0.820'``, ``'82.2%'``) keeps its format here
and gets the separators of the language: in bokmål a space (no-break) between thousands, a decimal comma and a
space before ``%`` (``'1 240,5'``, ``'0,820'``, ``'82,2 %'``), as :mod:`kamlearn._format` writes them.

Examples
--------
>>> fixed(3_705_059.4, ",.0f"), fixed(0.8215, ".1%"), fixed(-4_633_604, "+,.0f")
('3,705,059', '82.2%', '-4,633,604')
>>> from kamlearn.i18n import language
>>> with language("nb"):
...     fixed(3_705_059.4, ",.0f"), fixed(0.8215, ".1%"), fixed(0.82, ".3f")
('3\\xa0705\\xa0059', '82,2\\xa0%', '0,820')
"""

from __future__ import annotations

from typing import Any

from kamlearn._format import _digits, _unbreakable
from kamlearn.i18n import get_language

__all__ = ["fixed"]


def fixed(value: Any, spec: str) -> str:
    """``format(value, spec)`` in English; the same digits with bokmål separators in bokmål.

    Parameters
    ----------
    value : float or int
        The number.
    spec : str
        A format spec of :func:`format` (``',.0f'``, ``'.1%'``, ``'+,.2f'``, ``'.3f'``).

    Returns
    -------
    str
        In English exactly ``format(value, spec)``; in bokmål with a no-break space between thousands, a decimal
        comma, and ``' %'`` (a no-break space before the sign) for a percentage.
    """
    text = format(value, spec)
    if get_language() != "nb":
        return text
    if text.endswith("%"):  # the digits as kamlearn._format writes them, then " %" as _format.percent does
        return _unbreakable(_digits(text[:-1], True) + " %", True)
    return _digits(text, True)
