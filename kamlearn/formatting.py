"""Numbers written for people, in the language kamlearn speaks: the course's notebooks print with these.

The public face of kamlearn's one number style (the same functions the package's summaries, memos, plots and
apps use).  A notebook writes ``print(f"Team cost {mnok(team.cost)}")`` instead of ``{team.cost / 1e6:,.2f}
MNOK``: the English notebook then prints ``12.35 MNOK`` and its bokmål twin, with the same code and
``%env KAMLEARN_LANG=nb``, prints ``12,35 MNOK``.  The language comes from :mod:`kamlearn.i18n`
(:func:`kamlearn.set_language`, the environment variable ``KAMLEARN_LANG``, or ``with language("nb"):``).

The style: the unit after the number, thousands grouped, no needless decimals, never scientific notation, no
øre; a missing or infinite amount reads ``n/a`` (bokmål ``i.t.``).  In bokmål the thousands are grouped by a
space, the decimal sign is a comma, ``%`` has a space before it, whole kroner are ``kr``, millions ``MNOK``,
and every space inside a quantity is a no-break space (U+00A0), so a number never wraps across two lines.

Functions
---------
number(value, unit="", *, signed=False)
    Any quantity, with an optional unit in plural form (``'hours'``, ``'accounts'``, ``'NOK'``...).
count(n, word, words=None)
    A count with the right form of the word (``'1 group'``, ``'3 groups'``).
nok(value, *, signed=False)
    Whole kroner (``'1,234 NOK'``; bokmål ``'1 234 kr'``).
mnok(value, *, signed=False, decimals=2)
    Kroner in millions (``'12.35 MNOK'``; bokmål ``'12,35 MNOK'``).
percent(share, *, decimals=1, signed=False)
    A share as a percentage (``0.8125`` -> ``'81.2 %'``; bokmål ``'81,2 %'``).
per_unit(price, unit)
    A price per unit of a resource (``'29,562 NOK / hour'``; bokmål ``'29 562 kr per time'``).
table_format(decimals=2, *, whole_from=None)
    A float format for pandas tables, fixed decimals so columns line up:
    ``pd.set_option("display.float_format", table_format(2))`` prints ``1,234.50`` (bokmål ``1 234,50``).

Examples
--------
English (the default):

>>> from kamlearn.formatting import count, mnok, nok, number, per_unit, percent
>>> number(1_240, "hours"), number(0.24), number(1, "hours"), count(3, "group")
('1,240 hours', '0.24', '1 hour', '3 groups')
>>> mnok(12_345_678), mnok(60_580_000, decimals=1), mnok(-250_000, signed=True), nok(1_234.4)
('12.35 MNOK', '60.6 MNOK', '-0.25 MNOK', '1,234 NOK')
>>> percent(0.24, decimals=0), percent(0.8125), per_unit(29_561.85, "hours"), mnok(float("nan"))
('24 %', '81.2 %', '29,562 NOK / hour', 'n/a')

The same calls in bokmål (``\\xa0`` is the no-break space; ``print`` shows it as a space):

>>> from kamlearn.i18n import language
>>> with language("nb"):
...     number(1_240, "hours"), number(0.24), number(1, "hours"), count(3, "group")
('1\\xa0240\\xa0timer', '0,24', '1\\xa0time', '3\\xa0grupper')
>>> with language("nb"):
...     mnok(12_345_678), mnok(60_580_000, decimals=1), mnok(-250_000, signed=True), nok(1_234.4)
('12,35\\xa0MNOK', '60,6\\xa0MNOK', '-0,25\\xa0MNOK', '1\\xa0234\\xa0kr')
>>> with language("nb"):
...     percent(0.24, decimals=0), percent(0.8125), per_unit(29_561.85, "hours"), mnok(float("nan"))
('24\\xa0%', '81,2\\xa0%', '29\\xa0562\\xa0kr\\xa0per\\xa0time', 'i.t.')
>>> with language("nb"):
...     f"Samme {number(1_240, 'hours')}, {mnok(12_345_678, signed=True)} i dekningsbidrag per år."
'Samme 1\\xa0240\\xa0timer, +12,35\\xa0MNOK i dekningsbidrag per år.'

To show fewer decimals than :func:`number` would, round first: ``number(round(ratio, 1))``.

References
----------
.. [1] Språkrådet, "Tal og tall: skrivemåte" (thousands grouped by a space, decimal comma, a space before the
   percent sign), https://www.sprakradet.no/sprakhjelp/Skriveregler/
.. [2] Unicode CLDR, number symbols of the locale ``nb``, as Babel's ``babel.numbers.format_decimal`` writes
   them, https://babel.pocoo.org/en/latest/numbers.html
"""

from __future__ import annotations

from kamlearn._fixed import table_format
from kamlearn._format import count, mnok, nok, number, per_unit, percent

__all__ = ["count", "mnok", "nok", "number", "per_unit", "percent", "table_format"]
