"""Artists that redraw fast, for pictures that change on every key press: bars as one collection, cached labels.

Private. The plot functions whose pictures the apps keep alive (:mod:`kamlearn.widgets`) draw with these, so
an app updates the artists a plot function returned (:func:`kamlearn.plotting.drawn`) instead of drawing its
own copy. Both are ordinary matplotlib artists, drawn by any canvas (a notebook's inline figure too);
:class:`kamlearn.widgets._live.LiveFigure` explains what each saves per redraw (measured in issue 11).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.text import Text
from numpy.typing import ArrayLike

from kamlearn.i18n import _
from kamlearn.plotting import palette

__all__ = ["LiveBars", "LiveText"]


class LiveBars(PolyCollection):
    """A series of bars drawn as one collection: the fast way to animate bars (one Agg call, not one a bar).

    Parameters
    ----------
    ax
        The Axes to add the bars to.
    positions
        The bars' centres on the category axis (x for vertical bars, y for horizontal ones).
    width
        The bars' thickness, in data units of the category axis.
    horizontal
        Bars along x (like ``Axes.barh``) when True, along y (like ``Axes.bar``) when False.
    color
        The colour of every bar at the start.
    **kwargs
        Passed to :class:`~matplotlib.collections.PolyCollection` (``label=`` for a legend).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> bars = LiveBars(ax, [0, 1, 2], horizontal=True)
    >>> bars.set_values([1.0, 2.5, 0.5], colors=["red", "blue", "blue"])
    >>> bars.values.tolist(), bars.colors[0]
    ([1.0, 2.5, 0.5], '#ff0000')
    """

    def __init__(self, ax: Axes, positions: ArrayLike, *, width: float = 0.8, horizontal: bool = False,
                 color: str = palette.PLAN, **kwargs: Any) -> None:
        self.positions = np.asarray(positions, dtype=float)
        self.width = float(width)
        self.horizontal = bool(horizontal)
        self.values = np.zeros(len(self.positions))
        self.colors = [mpl.colors.to_hex(color)] * len(self.positions)
        super().__init__(self._verts(), facecolors=self.colors, linewidths=0, **kwargs)
        ax.add_collection(self, autolim=False)

    def _verts(self) -> list[np.ndarray]:
        low, high = self.positions - self.width / 2, self.positions + self.width / 2
        start = np.zeros_like(self.values)
        if self.horizontal:
            return [np.array([(a, lo), (b, lo), (b, hi), (a, hi)])
                    for a, b, lo, hi in zip(start, self.values, low, high, strict=True)]
        return [np.array([(lo, a), (hi, a), (hi, b), (lo, b)])
                for a, b, lo, hi in zip(start, self.values, low, high, strict=True)]

    def set_values(self, values: ArrayLike, colors: Sequence[str] | None = None) -> None:
        """Set every bar's length (data units, from 0) and optionally its colour."""
        lengths = np.asarray(values, dtype=float)
        if lengths.shape != self.positions.shape:
            raise ValueError(_("values: expected {expected} bars, found {found}.").format(
                expected=len(self.positions), found=lengths.shape))
        self.values = np.where(np.isfinite(lengths), lengths, 0.0)
        self.set_verts(self._verts())
        if colors is not None:
            self.colors = [mpl.colors.to_hex(c) for c in colors]
            self.set_facecolor(self.colors)


class LiveText(Text):
    """A matplotlib ``Text`` that draws a short label fast: the way to animate labels (prices on bars).

    A ``Text`` lays itself out again on every draw (about 5 ms a label under
    load, more than drawing its glyphs, which the canvas keeps: see
    :class:`_TextCachingRenderer`).  This one measures each string once and
    hands it to the renderer at the place matplotlib's own layout gave it
    (laid out once per string), when it is a single unrotated line without a
    box or mathtext; anything else is drawn by ``Text.draw``.  It is a ``Text`` in every other way
    (``ax.texts``, ``get_window_extent``, ``set_color``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> label = LiveText.add(ax, 0.1, 0.5, "12 NOK / hour", va="center")
    >>> label in ax.texts, label.get_text()
    (True, '12 NOK / hour')
    """

    _metrics: dict[Any, tuple[float, float]]

    @classmethod
    def add(cls, ax: Axes, x: float, y: float, text: str = "", **kwargs: Any) -> LiveText:
        """Make a label at ``(x, y)`` in data coordinates and add it to ``ax`` (as ``ax.text`` does)."""
        label = cls(x, y, text, **{"clip_on": False, **kwargs})  # not clipped, as ax.text makes it
        label.set_transform(ax.transData)
        ax.add_artist(label)
        return label

    def _fast(self, text: str) -> bool:
        return (self.get_rotation() % 360 == 0 and self.get_bbox_patch() is None and "\n" not in text
                and "$" not in text and not self.get_usetex() and not self.get_path_effects())

    def _measure(self, renderer: Any, text: str) -> tuple[float, float, float]:
        """Width, height and descent of ``text`` in device pixels (measured once per text, font and resolution)."""
        cache = self.__dict__.setdefault("_metrics", {})
        font = self.get_fontproperties()
        key = ("size", text, hash(font), font.get_size_in_points(), float(renderer.dpi))
        if key not in cache:
            cache[key] = tuple(float(v) for v in renderer.get_text_width_height_descent(text, font, False))
        return cast(tuple[float, float, float], cache[key])

    def _offset(self, renderer: Any, text: str) -> tuple[float, float]:
        """Where matplotlib's layout puts the text's baseline start, from its anchor (device pixels), laid out once."""
        cache = self.__dict__.setdefault("_metrics", {})
        font = self.get_fontproperties()
        key = ("offset", text, hash(font), font.get_size_in_points(), float(renderer.dpi),
               self.get_horizontalalignment(), self.get_verticalalignment(), self.get_rotation_mode())
        if key not in cache:
            line = self._get_layout(renderer)[1][0]  # type: ignore[attr-defined]
            # matplotlib 3.11 gives (text, metrics, (x, y)) a line; 3.8 (Pyodide 0.27) gives (text, metrics, x, y)
            x, y = line[2] if len(line) == 3 else line[2:4]
            cache[key] = (float(x), float(y))
        return cast(tuple[float, float], cache[key])

    def draw(self, renderer: Any) -> None:
        text = self.get_text()
        if renderer is None or not self.get_visible() or text == "" or not self._fast(text):
            super().draw(renderer)
            return
        self._renderer = renderer
        x, y = self.get_transform().transform(self.get_unitless_position())
        if not (np.isfinite(x) and np.isfinite(y)):
            return
        dx, dy = self._offset(renderer, text)
        x, y = x + dx, y + dy  # as Text.draw places each line
        if renderer.flipy():
            y = renderer.get_canvas_width_height()[1] - y
        gc = renderer.new_gc()
        gc.set_foreground(self.get_color())
        gc.set_alpha(self.get_alpha())
        gc.set_antialiased(bool(getattr(self, "_antialiased", mpl.rcParams["text.antialiased"])))
        gc.set_snap(self.get_snap())
        self._set_gc_clip(gc)  # type: ignore[attr-defined]
        renderer.draw_text(gc, float(x), float(y), text, self.get_fontproperties(), 0.0, mtext=self)
        gc.restore()
        self.stale = False
