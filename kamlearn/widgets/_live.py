"""A figure kept alive and shown as a picture in an :class:`ipywidgets.Image`: how the apps update fast.

:class:`LiveFigure` owns one matplotlib :class:`~matplotlib.figure.Figure` with
its own Agg canvas (outside pyplot, so nothing leaks into the notebook) and an
:class:`ipywidgets.Image` that shows it.  An app builds its artists once,
declares the ones that change with :meth:`LiveFigure.animate`, and on each
update changes their data (``set_ydata``, ``set_offsets``, ``set_text``,
:meth:`LiveBars.set_values`) and calls :meth:`LiveFigure.redraw`.  The redraw
restores the saved background (axes, ticks, labels: drawn once, with the
constrained layout computed once and then frozen), draws only the changed
artists on it (blitting on the Agg canvas), encodes the pixels and sets
``Image.value``: one message to the browser, no flicker.  Keep axis limits
fixed, or call :meth:`LiveFigure.invalidate` after changing anything static.

Why this and not an ``ipywidgets.Output`` holding the figure
    Measured with ``bench/bench_live_figure.py`` in a running ipykernel on the
    2-core development machine while other jobs ran (a 6.4 x 3.2 inch figure
    at 80 dpi, eight bars and a line, 40 updates each; absolute times vary
    with load, the order does not):

    ==========================================  ===========  ==========
    method                                      median (ms)  p95 (ms)
    ==========================================  ===========  ==========
    Output, new pyplot figure each update       205          472
    Output, kept figure re-displayed            145          203
    Image, new Figure + Agg PNG each update     147          295
    Image, kept Figure, full draw               65           87
    Image, kept Figure, changed artists blitted 11           21
    ==========================================  ===========  ==========

    The Output widget goes through IPython's display machinery, so it cannot
    meet the course's 100 ms budget; the kept figure rendered to an Image can.
    An image in an Image widget is also easy to test headlessly: the bytes
    change when the plot is redrawn, and :attr:`LiveFigure.renders` counts
    the redraws.

Sharp at any size, and why JPEG (issue 11)
    A picture is rendered at twice its size on the page (``scale=2``: sharp
    on a high-dpi laptop, and on a projector when the presenter look widens
    it) with one figure inch shown as 96 CSS pixels, so 11 pt text in the
    figure is 11 pt on the page.  SVG output (no blitting possible) took
    264 ms median for a two-panel figure, ruled out; encoding the allocation
    explorer's 1460 x 750 pixels took 52 ms as PNG (level 1), 38 ms (level 3)
    and 8 ms as JPEG at quality 90 without chroma subsampling, whose edges at
    twice the shown size are clean to the eye.

What a redraw costs, and the three things that made it cheap (second session of issue 11)
    Profiled in the apps (``cProfile`` of 30 slider moves, under load), the
    blitted redraw was spent on the animated artists, not on the encoding:

    - **Text.**  Matplotlib 3.11 renders every glyph of a text through
      FreeType on every draw (about 10 ms a label at 2x under load; four
      price labels were half of the allocation explorer's redraw).  The
      canvas of a LiveFigure keeps the rendered coverage of each text it has
      drawn (:class:`_TextCachingRenderer`): a label drawn again with the same
      string, font and sub-pixel position is one blend of a small bitmap.
    - **Bars.**  One ``Rectangle`` patch per bar costs about 1 ms to draw
      under load; :class:`LiveBars` draws all the bars of a series as one
      ``PolyCollection`` (one Agg call: 9 bars took 11 ms as patches and
      0.9 ms as a collection, same run).
    - **Pixels.**  The RGBA buffer is handed to the JPEG encoder in place
      (PIL's RGB is four bytes a pixel) instead of being converted: 10 ms
      less under load.

    The figures of ``bench/bench_browser.py`` before and after are in the
    closing note of issue 11.
"""

from __future__ import annotations

import io
import math
import time
from collections import OrderedDict
from typing import Any, cast

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from PIL import Image as PILImage

from kamlearn.i18n import _
from kamlearn.plotting import palette
from kamlearn.plotting._common import enforce_min_font
from kamlearn.plotting._fast import LiveBars, LiveText  # re-exported: the apps' fast artists live in plotting

__all__ = ["DEFAULT_FORMAT", "DEFAULT_SCALE", "NOMINAL_DPI", "PICTURE_CACHE_SIZE", "LiveBars", "LiveFigure", "LiveText"]

NOMINAL_DPI = 96.0
"""CSS pixels per figure inch: at this size a font of 11 pt in a figure shows as 11 CSS pt."""

DEFAULT_SCALE = 2.0
"""Device pixels per CSS pixel that pictures are rendered at (sharp on high-dpi screens and projectors).

Read when a :class:`LiveFigure` is made, so a benchmark or an analyst can set it for every app."""

DEFAULT_FORMAT = "jpeg"
"""The image format of the pictures ('jpeg' or 'png'), read when a :class:`LiveFigure` is made."""

_TEXT_CACHE_SIZE = 512

PICTURE_CACHE_SIZE = 64
"""How many encoded pictures a :class:`LiveFigure` keeps by key (see :meth:`LiveFigure.redraw`); about 0.1 MB each."""


class _TextCachingRenderer(RendererAgg):
    """An Agg renderer that keeps the coverage bitmap of every plain, unrotated text it draws.

    A text is placed on a whole device pixel (at most half a device pixel, a
    quarter of a CSS pixel at 2x, from where matplotlib would put it), so its
    rendering depends only on the string, the font and the hinting: the string
    is drawn once in black on a transparent scratch canvas, its alpha (the
    coverage) is kept, and every later draw blends that bitmap in the text's
    colour at the text's place.  These are the pixels matplotlib draws for the
    text at that whole-pixel place.  Mathtext, rotated text and blank strings
    take matplotlib's own path.
    """

    def __init__(self, width: float, height: float, dpi: float, cache: OrderedDict[Any, Any]) -> None:
        super().__init__(width, height, dpi)
        self._text_cache = cache

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False,
                  mtext: Any = None) -> None:
        if ismath or angle % 360 or not s.strip():
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            return
        # font features and language exist from matplotlib 3.10 (Pyodide 0.27 ships 3.8: neither, so neither matters)
        features = getattr(mtext, "get_fontfeatures", lambda: None)() if mtext is not None else None
        language = getattr(mtext, "get_language", lambda: None)() if mtext is not None else None
        key = (s, hash(prop), prop.get_size_in_points(), bool(gc.get_antialiased()), get_hinting_flag(), self.dpi,
               None if features is None else tuple(features), language)
        entry = self._text_cache.get(key)
        if entry is None:
            entry = self._coverage(s, prop, mtext, bool(gc.get_antialiased()))
            self._text_cache[key] = entry
            if len(self._text_cache) > _TEXT_CACHE_SIZE:
                self._text_cache.popitem(last=False)
        else:
            self._text_cache.move_to_end(key)
        coverage, left, bottom = entry
        if coverage is not None:
            self._renderer.draw_text_image(coverage, round(x) + left, round(y) + bottom, 0, gc)

    def _coverage(self, s: str, prop: Any, mtext: Any, antialiased: bool) -> tuple[np.ndarray | None, int, int]:
        """Draw ``s`` at a whole pixel of a scratch canvas; its coverage and its offsets from that pixel."""
        width, height, descent = self.get_text_width_height_descent(s, prop, False)
        pad = math.ceil(prop.get_size_in_points() * self.dpi / 72.0) + 2
        above = math.ceil(height - descent) + pad  # the baseline's row (downwards) on the scratch canvas
        scratch = RendererAgg(math.ceil(width) + 2 * pad, math.ceil(height) + 2 * pad, self.dpi)
        gc = scratch.new_gc()
        gc.set_foreground((0.0, 0.0, 0.0, 1.0))
        gc.set_antialiased(antialiased)
        RendererAgg.draw_text(scratch, gc, pad, above, s, prop, 0.0, mtext=mtext)
        gc.restore()
        alpha = np.asarray(scratch.buffer_rgba())[:, :, 3]
        rows = np.flatnonzero(alpha.any(axis=1))
        cols = np.flatnonzero(alpha.any(axis=0))
        if rows.size == 0:
            return None, 0, 0
        r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        coverage = np.ascontiguousarray(alpha[r0:r1, c0:c1])
        return coverage, c0 - pad, r1 - above


class _TextCachingCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer keeps rendered texts (see :class:`_TextCachingRenderer`)."""

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        self._text_cache: OrderedDict[Any, Any] = OrderedDict()

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _TextCachingRenderer(width, height, self.figure.dpi, self._text_cache)
            self._lastKey = key  # type: ignore[assignment]
        return self.renderer


class LiveFigure:
    """One matplotlib figure kept alive and shown as a PNG in an :class:`ipywidgets.Image`.

    Build the artists once on :attr:`figure` / :attr:`axes`; on each update,
    change their data and call :meth:`redraw`.  See the module docstring for
    why this is the fast path.

    Parameters
    ----------
    app
        The app's name; the image gets the class ``kamlearn-<app>-figure``.
    figsize
        Figure size in inches (fixed, so the layout never jumps).
    dpi
        CSS pixels per figure inch: the picture's nominal width on the page
        is ``figsize[0] * dpi`` pixels (it shrinks to fit a narrower box).
        At the default 96 a font of 11 pt in the figure shows as 11 CSS pt.
    scale
        Device pixels rendered per CSS pixel (the PNG has ``dpi * scale``
        pixels per inch).  The default 2 keeps the picture sharp on a
        high-dpi laptop and when a projector shows it up to twice as wide;
        1 is faster (see the module docstring for the cost).
    nrows, ncols
        Subplot grid, as in :meth:`matplotlib.figure.Figure.subplots`.
    **subplot_kw
        Passed to ``Figure.subplots``.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    axes : Axes or ndarray of Axes
    widget : ipywidgets.Image
    nominal_size : tuple of int
        The picture's width and height on the page (CSS pixels) when not shrunk.
    min_font_pt : float
        The smallest text in the figure (points), known after the first render.
    renders : int
        How many times the figure has been rendered (for tests and benchmarks).
    skipped : int
        How many of those renders changed no pixel, so nothing was sent.
    last_render_seconds : float
        How long the last render took.
    """

    def __init__(
        self,
        app: str,
        figsize: tuple[float, float] = (6.4, 3.2),
        dpi: float = NOMINAL_DPI,
        nrows: int = 1,
        ncols: int = 1,
        *,
        scale: float | None = None,
        image_format: str | None = None,
        **subplot_kw: Any,
    ) -> None:
        scale = DEFAULT_SCALE if scale is None else scale
        image_format = DEFAULT_FORMAT if image_format is None else image_format
        if image_format not in ("png", "jpeg"):
            raise ValueError(_("image_format: expected 'png' or 'jpeg', found {found}.").format(found=repr(image_format)))
        self.image_format = image_format
        if not (dpi > 0 and scale > 0):
            raise ValueError(_("dpi and scale: expected positive numbers, found dpi={dpi}, scale={scale}.").format(
                dpi=repr(dpi), scale=repr(scale)))
        self.dpi = float(dpi)
        self.scale = float(scale)
        with mpl.rc_context(palette.style()):
            self.figure = Figure(figsize=figsize, dpi=self.dpi * self.scale, layout="constrained")
            _TextCachingCanvas(self.figure)
            self.axes: Any = self.figure.subplots(nrows, ncols, **subplot_kw)
        width, height = figsize
        self.nominal_size = (round(width * self.dpi), round(height * self.dpi))
        self.widget = widgets.Image(
            format=image_format,
            layout=widgets.Layout(width=f"{self.nominal_size[0]}px", max_width="100%", height="auto"),
        )
        from kamlearn.widgets._common import tag  # _common builds on this module: imported when used

        tag(self.widget, app, "figure")
        self.widget.add_class("kamlearn-picture")
        self.renders = 0
        self.last_render_seconds = 0.0
        self.min_font_pt = float("nan")
        self._animated: list[Artist] = []
        self._background: Any = None
        self._layout_frozen = False
        self._shown: bytes | None = None
        self.skipped = 0
        self.cached = 0
        self._pictures: OrderedDict[Any, bytes] = OrderedDict()

    @property
    def min_font_css_pt(self) -> float:
        """The smallest text of the figure in CSS points when shown at its nominal size (after the first render).

        A figure inch is shown as :attr:`dpi` CSS pixels and a CSS point is
        1/72 of a CSS inch (96 pixels), so text of ``f`` points shows as
        ``f * dpi / 96`` CSS points.  At the default 96 this is the font size.
        """
        return self.min_font_pt * self.dpi / NOMINAL_DPI

    @property
    def ax(self) -> Axes:
        """The only Axes (when the figure has one)."""
        if isinstance(self.axes, Axes):
            return self.axes
        raise AttributeError(_("This LiveFigure has several Axes; use .axes."))

    def animate(self, *artists: Artist) -> None:
        """Declare the artists an update changes; the rest of the figure is drawn once and reused.

        With animated artists, :meth:`redraw` restores the saved background
        (axes, ticks, labels, static lines) and draws only these artists on it
        (blitting on the Agg canvas), which is several times faster than
        drawing the whole figure.  Keep the axis limits fixed when you use it,
        or call :meth:`invalidate` after changing anything static.
        """
        for artist in artists:
            artist.set_animated(True)
        self._animated.extend(artists)
        self.invalidate()

    def invalidate(self) -> None:
        """Forget the saved background (the next redraw draws the whole figure) and the kept pictures."""
        self._background = None
        self._pictures.clear()

    def freeze_layout(self) -> None:
        """Fix the Axes where the constrained layout puts them now, so later redraws skip the layout.

        The layout engine draws the figure once more on every render; with
        the layout frozen after the first render, a redraw draws once.
        """
        if not self._layout_frozen:
            enforce_min_font(self.figure)
            self.figure.canvas.draw()
            self.min_font_pt = _smallest_font(self.figure)
            self.figure.set_layout_engine("none")
            self._layout_frozen = True
            self.invalidate()

    def _render(self) -> None:
        canvas = cast(FigureCanvasAgg, self.figure.canvas)
        if not self._animated:
            canvas.draw()
            return
        if self._background is None:
            canvas.draw()  # animated artists are left out of a full draw
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.axes is not None:
                artist.axes.draw_artist(artist)
            else:
                self.figure.draw_artist(artist)

    def _pixels(self) -> PILImage.Image:
        self.freeze_layout()
        self._render()
        return self._rendered_pixels()

    def _rendered_pixels(self) -> PILImage.Image:
        canvas = cast(FigureCanvasAgg, self.figure.canvas)
        width, height = canvas.get_width_height(physical=True)
        # PIL keeps RGB as four bytes a pixel, so the RGBA buffer is read as RGB in place (no copy, no convert)
        return PILImage.frombuffer("RGB", (width, height), canvas.buffer_rgba(), "raw", "RGBX", 0, 1)

    def png(self) -> bytes:
        """Render the figure to PNG bytes (without showing them; lightly compressed, for speed)."""
        return _save(self._pixels(), "png")

    def encode(self) -> bytes:
        """Render the figure in :attr:`image_format` (what :meth:`redraw` shows).

        JPEG is written at quality 90 with the colour at half resolution
        (4:2:0, the usual JPEG setting): at twice the shown resolution that is
        one colour sample per CSS pixel, and edges and text look the same as
        without subsampling when zoomed in, while it encodes in about half
        the time (12 against 22 ms for the allocation explorer's 1460 x 750
        pixels, same run, under load) and is 11 % smaller.
        """
        return _save(self._pixels(), self.image_format)

    def redraw(self, key: Any = None) -> None:
        """Render the figure and show it: one ``Image.value`` update, none when no pixel changed.

        A redraw whose pixels are the same as the picture shown (a slider
        moved where the plan does not change) is not encoded or sent again.

        Parameters
        ----------
        key
            A hashable description of everything the animated artists show
            (for example the slider positions).  When given, the encoded
            picture is kept under that key (the last :data:`PICTURE_CACHE_SIZE`
            keys), and a later redraw with the same key shows the kept picture
            without drawing or encoding: a person moving a slider back and
            forth gets each picture at once.  Changing the static part of the
            figure (:meth:`invalidate`) forgets the kept pictures.  The caller
            must give a new key whenever what is drawn changes.
        """
        start = time.perf_counter()
        picture = self._pictures.get(key) if key is not None else None
        if picture is not None:
            self._pictures.move_to_end(key)
            self.cached += 1
            if bytes(self.widget.value) == picture:
                self.skipped += 1
            else:
                self.widget.value = picture
            self._shown = None  # the canvas no longer holds the picture shown
        else:
            self._pixels()
            canvas = cast(FigureCanvasAgg, self.figure.canvas)
            # bytes compare with memcmp (about ten times faster than numpy's element-wise array_equal here)
            pixels = bytes(canvas.buffer_rgba())
            if self._shown is not None and self._shown == pixels:
                self.skipped += 1
                if key is not None and self.widget.value:
                    self._remember(key, bytes(self.widget.value))
            else:
                self._shown = pixels
                encoded = self._encode_rendered()
                self.widget.value = encoded
                if key is not None:
                    self._remember(key, encoded)
        self.renders += 1
        self.last_render_seconds = time.perf_counter() - start

    def _remember(self, key: Any, picture: bytes) -> None:
        self._pictures[key] = picture
        if len(self._pictures) > PICTURE_CACHE_SIZE:
            self._pictures.popitem(last=False)

    def _encode_rendered(self) -> bytes:
        return _save(self._rendered_pixels(), self.image_format)


def _save(image: PILImage.Image, image_format: str) -> bytes:
    """The pixels as PNG (lightly compressed, for speed) or JPEG (quality 90, colour at half resolution)."""
    buffer = io.BytesIO()
    if image_format == "png":
        if image.mode != "RGB":  # Pillow 13 keeps the raw RGBX mode, which its PNG writer refuses
            image = PILImage.frombuffer("RGBA", image.size, image.tobytes(), "raw", "RGBA", 0, 1).convert("RGB")
        image.save(buffer, format="png", compress_level=1)
    else:
        image.save(buffer, format="jpeg", quality=90, subsampling=2)
    return buffer.getvalue()


def _smallest_font(figure: Figure) -> float:
    """The smallest size (points) of any visible, non-empty text on a figure that has been drawn."""
    texts: list[Any] = figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
    sizes = [float(t.get_fontsize()) for t in texts if t.get_visible() and str(t.get_text()).strip()]
    return min(sizes, default=float("nan"))
