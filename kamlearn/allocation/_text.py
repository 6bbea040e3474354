"""Two number styles the allocation's stored English output has always used, in the language in force.

English summaries of plans and staffing were written before :mod:`kamlearn._format` and are stored in the
notebooks byte for byte: a share as ``89.2%`` (no space) and a retention as ``0.78`` (fixed decimals).  These
helpers keep that English and write bokmål as :mod:`kamlearn._format` does (``89,2 %``, ``0,78``, no-break
spaces).  Everything else goes through :mod:`kamlearn._format` itself.
"""

from __future__ import annotations

import math

from kamlearn._fixed import fixed as fixed_format
from kamlearn._format import missing

__all__ = ["fixed", "share"]


def share(value: float, decimals: int = 1, *, signed: bool = False) -> str:
    """A share as a percentage: ``'89.2%'`` in English, ``'89,2 %'`` in bokmål; ``'n/a'`` when missing.

    Examples
    --------
    >>> from kamlearn.i18n import language
    >>> share(0.892), share(1.0, 0)
    ('89.2%', '100%')
    >>> with language("nb"):
    ...     share(0.892)
    '89,2\\xa0%'
    """
    if not math.isfinite(float(value)):
        return missing()
    return fixed_format(float(value), f"{'+' if signed else ''}.{decimals}%")


def fixed(value: float, decimals: int = 2, *, signed: bool = False) -> str:
    """A number with a fixed count of decimals and thousands grouped: ``'0.78'``, ``'1,240'``, bokmål ``'0,78'``.

    Examples
    --------
    >>> from kamlearn.i18n import language
    >>> fixed(0.78), fixed(1240.0, 0), fixed(2.5, 2, signed=True)
    ('0.78', '1,240', '+2.50')
    >>> with language("nb"):
    ...     fixed(0.78), fixed(1240.0, 0)
    ('0,78', '1\\xa0240')
    """
    if not math.isfinite(float(value)):
        return missing()
    return fixed_format(float(value), f"{'+' if signed else ''},.{decimals}f")
