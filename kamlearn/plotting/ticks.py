"""Tick labels in the language of the plot: ``1,000`` and ``0.5`` in English, ``1 000`` and ``0,5`` in bokmål.

Every formatter here remembers the language in force when it was made (when the plot was drawn), so a
figure drawn under ``with kamlearn.i18n.language("nb"):`` keeps bokmål numbers when it is shown or saved
later, and its tick labels always agree with its title.  The digits follow :mod:`kamlearn._format`
(thousands grouped, a decimal comma and no-break spaces in bokmål, a space before ``%`` in both
languages); how many decimals a tick label shows follows the spacing of the ticks, the same for every
tick of an axis.

Examples
--------
>>> from kamlearn.i18n import language
>>> from kamlearn.plotting.ticks import NumberFormatter, PercentTicks
>>> english = NumberFormatter()
>>> english.format_ticks([0, 500, 1000, 1500])
['0', '500', '1,000', '1,500']
>>> with language("nb"):
...     bokmål, share = NumberFormatter(), PercentTicks(1.0)
>>> bokmål.format_ticks([0.0, 0.5, 1.0, 1000.0])
['0,0', '0,5', '1,0', '1\\xa0000,0']
>>> share.format_ticks([0.0, 0.24, 0.5])
['0\\xa0%', '24\\xa0%', '50\\xa0%']

References
----------
.. [1] Matplotlib documentation, "Tick formatters" (``matplotlib.ticker.Formatter``, ``FuncFormatter``,
   ``PercentFormatter``), https://matplotlib.org/stable/api/ticker_api.html
.. [2] Språkrådet, "Tal og tall: skrivemåte", https://www.sprakradet.no/sprakhjelp/Skriveregler/
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib.ticker import Formatter, FuncFormatter, LogFormatter, ScalarFormatter

from kamlearn import _format
from kamlearn.i18n import get_language, language

__all__ = ["NumberFormatter", "PercentTicks", "in_language", "localise_axes", "localise_digits", "tick_decimals"]


def localise_digits(text: str, lang: str) -> str:
    """An English number text (``'1,240.5'``, ``'24 %'``) in the digits of ``lang`` (bokmål ``'1 240,5'``).

    Parameters
    ----------
    text : str
        Digits as Python's ``format`` writes them with ``,`` for thousands and ``.`` for decimals.
    lang : {'en', 'nb'}
        The language.

    Returns
    -------
    str
        ``text`` unchanged in English; in bokmål with no-break spaces between thousands and before a unit,
        and a decimal comma, as :func:`kamlearn._format.number` writes them.
    """
    nb = lang == "nb"
    return _format._unbreakable(_format._digits(text, nb), nb)


def tick_decimals(locs: Sequence[float], most: int = 6) -> int:
    """The fewest decimals that write every tick in ``locs`` exactly (0 for 0, 50, 100; 1 for 0, 0.5, 1)."""
    finite = [float(x) for x in locs if math.isfinite(float(x))]
    for decimals in range(most + 1):
        scale = 10.0**decimals
        if all(abs(x * scale - round(x * scale)) < 1e-6 * max(1.0, abs(x * scale)) for x in finite):
            return decimals
    return most


class NumberFormatter(Formatter):
    """Plain numbers on an axis, in the language of the plot: ``1,000`` / ``1 000``, ``0.5`` / ``0,5``.

    Parameters
    ----------
    scale : float, default 1.0
        Each tick value is divided by this before it is written (``1e6`` for an axis in MNOK whose data are NOK).
    decimals : int, optional
        A fixed number of decimals; by default the fewest that write every tick of the axis exactly.
    lang : {'en', 'nb'}, optional
        The language; by default the one in force when the formatter is made.
    """

    def __init__(self, scale: float = 1.0, decimals: int | None = None, lang: str | None = None) -> None:
        self.scale = float(scale)
        self.fixed = decimals
        self.decimals = 0 if decimals is None else int(decimals)
        self.lang = lang or get_language()

    def set_locs(self, locs: Any) -> None:
        """Choose the decimals from the ticks about to be labelled (matplotlib calls this before labelling)."""
        super().set_locs(locs)
        if self.fixed is None:
            self.decimals = tick_decimals([float(x) / self.scale for x in locs])

    def __call__(self, x: float, pos: int | None = None) -> str:
        """The label of the tick at ``x``."""
        value = float(x) / self.scale
        if round(value, self.decimals) == 0:
            value = 0.0  # no "-0"
        return self.fix_minus(localise_digits(f"{value:,.{self.decimals}f}", self.lang))


class PercentTicks(NumberFormatter):
    """Shares on an axis as percentages with a space before ``%`` (``24 %``), in the language of the plot.

    Parameters
    ----------
    xmax : float, default 1.0
        The data value that is 100 % (1.0 for shares).
    decimals : int, optional
        Fixed decimals; by default the fewest (at most two) that write every tick exactly.
    lang : {'en', 'nb'}, optional
        The language; by default the one in force when the formatter is made.
    """

    def __init__(self, xmax: float = 1.0, decimals: int | None = None, lang: str | None = None) -> None:
        super().__init__(scale=float(xmax) / 100.0, decimals=decimals, lang=lang)

    def set_locs(self, locs: Any) -> None:
        """Choose the decimals (at most two) from the ticks about to be labelled."""
        super().set_locs(locs)
        self.decimals = min(self.decimals, 2)

    def __call__(self, x: float, pos: int | None = None) -> str:
        """The label of the tick at ``x`` (``'24 %'``; in bokmål with a no-break space)."""
        return super().__call__(x, pos) + ("\u00a0%" if self.lang == "nb" else " %")


def in_language(function: Callable[[float, int | None], str], lang: str | None = None) -> FuncFormatter:
    """A :class:`matplotlib.ticker.FuncFormatter` that calls ``function`` in the language of the plot.

    Parameters
    ----------
    function : callable ``(value, pos) -> str``
        A tick-label function that writes in the language in force (it calls :mod:`kamlearn._format`).
    lang : {'en', 'nb'}, optional
        The language; by default the one in force now.

    Returns
    -------
    FuncFormatter
        Its labels are in ``lang`` whenever matplotlib draws the figure.
    """
    chosen = lang or get_language()

    def call(value: float, pos: int | None = None) -> str:
        with language(chosen):
            return function(value, pos)

    return FuncFormatter(call)


def localise_axes(ax: Any, lang: str | None = None) -> Any:
    """Write the numbers on a chart's axes in the language of the plot, for charts drawn outside kamlearn.

    kamlearn's plot functions already do this; a chart drawn with matplotlib or pandas (``ax.barh``,
    ``series.plot.barh()``) gets matplotlib's own tick labels, ``0.5`` and ``10^3``, which a Norwegian reader
    takes for a thousand separator or cannot read. Each numeric axis (one with matplotlib's default
    ``ScalarFormatter`` or a log formatter) gets a :class:`NumberFormatter`; category axes (bar names) and
    axes already given a formatter are left as they are.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart.
    lang : {'en', 'nb'}, optional
        The language; by default the one in force now.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> _ = ax.plot([0, 2500], [0.0, 0.5])
    >>> _ = localise_axes(ax, "nb")
    >>> ax.xaxis.get_major_formatter().format_ticks([0, 1000, 2000]), ax.yaxis.get_major_formatter().format_ticks([0, 0.5])
    (['0', '1\\xa0000', '2\\xa0000'], ['0,0', '0,5'])
    """
    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter | LogFormatter):
            axis.set_major_formatter(NumberFormatter(lang=lang))
    return ax
