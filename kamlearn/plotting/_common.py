"""Shared helpers for the plot functions: the figure size, the palette, the type scale, number formats."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from kamlearn.plotting import palette

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
    """Format NOK as millions for axis ticks."""
    return f"{value / 1e6:,.1f}"


def thousands(value: float, _pos: int | None = None) -> str:
    """Format a NOK amount for a log axis: ``1k``, ``10k``, ``100k``, ``1M`` (the course's way).

    Examples
    --------
    >>> [thousands(v) for v in (0, 500, 1_000, 20_000, 1_000_000, 2_500_000)]
    ['0', '500', '1k', '20k', '1M', '2.5M']
    """
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g}M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:.3g}k"
    return f"{value:.3g}"
