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

import math
from collections.abc import Callable
from typing import Any

from kamlearn._format import _digits, _unbreakable
from kamlearn.i18n import _, get_language

__all__ = ["fixed", "table_format"]


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


def table_format(decimals: int = 2, *, whole_from: float | None = None) -> Callable[[float], str]:
    """A float format for pandas tables that writes the language in force: ``display.float_format``.

    pandas prints a table's floats with one function for every cell (``pd.set_option("display.float_format",
    ...)``); ``"{:,.2f}".format`` writes English digits whatever language the notebook speaks. This one writes
    each float with a fixed number of decimals and thousands grouped, in the language in force when the table
    is shown: English ``1,234.50``, bokmål ``1 234,50`` (a no-break space between thousands, a decimal comma).

    Parameters
    ----------
    decimals : int, default 2
        Decimals of every float in the table (so the column lines up).
    whole_from : float, optional
        Floats at least this large (in absolute value) show no decimals either (``whole_from=1000``:
        ``5,373,000`` beside ``0.125``). None: every float that is not a whole number shows ``decimals``.

    Returns
    -------
    callable
        ``float -> str``, for ``pd.set_option("display.float_format", table_format(2))`` or
        ``DataFrame.to_string(float_format=...)``.

    Raises
    ------
    ValueError
        When ``decimals`` is not a whole number from 0 to 12.

    Examples
    --------
    >>> write = table_format(3, whole_from=1000)
    >>> write(5_373_000.4), write(0.125), write(2.0), table_format()(1234.5)
    ('5,373,000', '0.125', '2', '1,234.50')
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     write(5_373_000.4), write(0.125), write(2.0), table_format()(1234.5)
    ('5\\xa0373\\xa0000', '0,125', '2', '1\\xa0234,50')
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12:
        raise ValueError(_("decimals: expected a whole number from 0 to 12, found {found}.").format(
            found=repr(decimals)))
    spec = f",.{decimals}f"

    def write(value: float) -> str:
        whole = math.isfinite(value) and (value == round(value) or (whole_from is not None and abs(value) >= whole_from))
        return fixed(value, ",.0f" if whole else spec)

    return write
