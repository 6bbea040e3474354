"""Shared helpers for the plot functions: the figure size, the palette, the type scale, number formats, artists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from kamlearn.i18n import _, get_language
from kamlearn.plotting import palette
from kamlearn.plotting.ticks import localise_digits

FIGSIZE = (8.0, 4.5)
"""Default figure size: readable on a laptop and on a projector."""

# Kept for code that imported it: the same colours as :mod:`kamlearn.plotting.palette`.
COLORS = {
    "A": palette.CLASS_COLORS["A"],
    "B": palette.CLASS_COLORS["B"],
    "C": palette.CLASS_COLORS["C"],
    "plan": palette.PLAN,
    "accent": palette.SCARCE,
    "muted": palette.BASELINE,
}

F = TypeVar("F", bound=Callable[..., Any])


def styled(function: F) -> F:
    """Run a plot function under the palette's type scale and make every tick label at least 11 pt.

    The Axes the function returns (and every Axes on its figure: twins,
    colour bars) get tick labels of at least :data:`palette.MIN_FONT_PT`.
    """

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with mpl.rc_context(palette.style()):
            ax = function(*args, **kwargs)
            if isinstance(ax, Axes):
                enforce_min_font(ax.figure)
        return ax

    return wrapper  # type: ignore[return-value]


def styled_when_new(function: F) -> F:
    """:func:`styled` on a new figure; on an Axes given, only the 11 pt minimum: for pictures the apps keep alive.

    The apps draw these pictures on the Axes of their :class:`~kamlearn.widgets._live.LiveFigure`, whose look
    (12 pt titles, legends spaced for 10 pt and raised to 11 pt) came before the functions; the palette's rc
    settings while drawing would change it (12.5 pt titles, wider legends).  A notebook that calls the function
    without an Axes gets the house style.  Every text is at least :data:`palette.MIN_FONT_PT` either way.  The
    function's second argument is ``ax``.
    """

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ax = args[1] if len(args) > 1 else kwargs.get("ax")
        if ax is None:
            return styled(function)(*args, **kwargs)
        shown = function(*args, **kwargs)
        enforce_min_font(shown.figure)
        return shown

    return wrapper  # type: ignore[return-value]


def enforce_min_font(figure: Any, minimum: float = palette.MIN_FONT_PT) -> None:
    """Raise every text on a figure (tick labels, labels, legends, annotations) to at least ``minimum`` points."""
    for ax in figure.axes:
        ax.tick_params(which="both", labelsize=max(minimum, _tick_size(ax)))
    for text in figure.findobj(lambda artist: hasattr(artist, "get_fontsize") and hasattr(artist, "set_fontsize")):
        if text.get_fontsize() < minimum:
            text.set_fontsize(minimum)


def _tick_size(ax: Axes) -> float:
    labels = ax.get_xticklabels() + ax.get_yticklabels()
    return float(min((t.get_fontsize() for t in labels), default=palette.MIN_FONT_PT))


def smallest_font(figure: Any) -> float:
    """The smallest font size (points) of any visible, non-empty text on a figure, after a draw.

    Tick labels that exist but are outside the view are left out.
    """
    figure.canvas.draw()
    sizes = [
        float(t.get_fontsize())
        for t in figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if t.get_visible() and str(t.get_text()).strip()
    ]
    return min(sizes, default=float("inf"))


def get_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE, **kwargs: Any) -> Axes:
    """Return ``ax`` or a new Axes on a new figure of a fixed size."""
    if ax is not None:
        return ax
    _, new_ax = plt.subplots(figsize=figsize, layout="constrained", **kwargs)
    return new_ax


def millions(value: float, _pos: int | None = None) -> str:
    """Format NOK as millions for axis ticks, one decimal, in the language in force.

    Examples
    --------
    >>> from kamlearn.i18n import language
    >>> millions(12_345_678)
    '12.3'
    >>> with language("nb"):
    ...     millions(1_234_500_000)
    '1\\xa0234,5'
    """
    shown = float(value) / 1e6
    if round(shown, 1) == 0:
        shown = 0.0  # no "-0.0"
    return localise_digits(f"{shown:,.1f}", get_language())


def thousands(value: float, _pos: int | None = None) -> str:
    """Format a NOK amount for a log axis: ``1k``, ``10k``, ``100k``, ``1M`` (the course's way).

    In bokmål the thousands are written out and millions say ``mill.``: ``1 000``, ``20 000``, ``1 mill.``.

    Examples
    --------
    >>> [thousands(v) for v in (0, 500, 1_000, 20_000, 1_000_000, 2_500_000)]
    ['0', '500', '1k', '20k', '1M', '2.5M']
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     [thousands(v) for v in (1_000, 20_000, 1_000_000, 2_500_000)]
    ['1\\xa0000', '20\\xa0000', '1\\xa0mill.', '2,5\\xa0mill.']
    """
    lang = get_language()
    if abs(value) >= 1e6:
        # Translators: a tick label of a log axis of NOK, in millions ("1M", "2.5M"); bokmål "1 mill.".
        text = _("{amount}M").format(amount=localise_digits(f"{value / 1e6:.3g}", lang))
        return text.replace(" ", "\u00a0") if lang == "nb" else text
    if abs(value) >= 1e3:
        return localise_digits(f"{value:,.0f}", lang) if lang == "nb" else f"{value / 1e3:.3g}k"
    return localise_digits(f"{value:.3g}", lang)


def horizon_phrase(horizon_years: float | None) -> str:
    """How a lifetime value is discounted, for an axis label: :func:`kamlearn.value.horizon_label`."""
    from kamlearn._lifetime import horizon_label

    return horizon_label(horizon_years)


@dataclass(frozen=True)
class Drawn:
    """What a plot function drew: the Axes and its artists by name, to be updated in place.

    Like scikit-learn's Display objects (which keep ``ax_`` and ``figure_``), every ``plot_*`` function of
    :mod:`kamlearn.plotting` leaves one of these on the Axes it returns; :func:`drawn` fetches it.  An app
    changes the data of these artists (``set_ydata``, ``set_width``, ``set_text``, ...) and redraws the
    figure, rather than drawing its own copy of the plot.

    Attributes
    ----------
    kind : str
        The plot function's name without ``plot_`` (``'utilisation'``, ``'authority_sweep'``, ...).
    ax_ : matplotlib.axes.Axes
        The Axes drawn on (the one the plot function returned).
    artists : Mapping[str, Any]
        The artists by name; each plot function's docstring lists its names.  A bar chart's bars are a
        :class:`matplotlib.container.BarContainer`; labels written per bar are a list of
        :class:`matplotlib.text.Text` in the order of the bars.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_clv_against_retention
    >>> shown = drawn(plot_clv_against_retention(1e6))
    >>> shown.kind, sorted(shown.artists), shown.figure_ is shown.ax_.figure
    ('clv_against_retention', ['curve', 'marks'], True)
    """

    kind: str
    ax_: Axes
    artists: Mapping[str, Any] = field(default_factory=dict)

    @property
    def figure_(self) -> Any:
        """The figure the Axes is on."""
        return self.ax_.figure

    def __getitem__(self, name: str) -> Any:
        """The artist called ``name``."""
        return self.artists[name]


ARTISTS_ATTRIBUTE = "kamlearn_artists"
"""The attribute of an Axes that holds its :class:`Drawn` (the latest plot drawn on it)."""


def remember(ax: Axes, kind: str, **artists: Any) -> Axes:
    """Keep what a plot function drew on ``ax`` (as ``ax.kamlearn_artists``) and return ``ax``."""
    setattr(ax, ARTISTS_ATTRIBUTE, Drawn(kind, ax, dict(artists)))
    return ax


def drawn(ax: Axes) -> Drawn:
    """What the latest ``kamlearn.plotting`` function drew on ``ax``: its artists by name.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An Axes returned by a ``plot_*`` function of :mod:`kamlearn.plotting` (or by a result's ``plot``).

    Returns
    -------
    Drawn
        The Axes (``ax_``), its figure (``figure_``) and the artists by name.

    Raises
    ------
    LookupError
        If no kamlearn plot was drawn on ``ax``.
    """
    found = getattr(ax, ARTISTS_ATTRIBUTE, None)
    if not isinstance(found, Drawn):
        raise LookupError(_("ax: expected Axes drawn by a kamlearn plot function, found Axes without its artists."))
    return found
