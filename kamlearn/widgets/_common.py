"""Building blocks shared by the course's apps: CSS names, a message area, a figure kept alive.

Every app in :mod:`kamlearn.widgets` is wiring only: it reads its controls, calls
kamlearn's models and shows what they return.  The helpers here make the apps
look and behave alike.

CSS classes
    Every control gets the class ``kamlearn-<app>-<control>`` (lower case,
    words joined by ``-``), made by :func:`css_class` and added with
    :func:`tag`; the app's outer box gets ``kamlearn-<app>``.  Browser tests
    and the instructor dashboard find controls by these classes.

Messages instead of exceptions
    :class:`MessageArea` is an HTML widget that shows an error, a warning or
    a note.  :meth:`MessageArea.guard` wraps an update callback so that any
    exception it raises (a bad setting, an infeasible plan, an invalid Case)
    is shown in the message area and never propagates to the slider that
    triggered it.

A figure kept alive (how the plots update fast)
    :class:`LiveFigure` owns one matplotlib :class:`~matplotlib.figure.Figure`
    with its own Agg canvas (outside pyplot, so nothing leaks into the
    notebook) and an :class:`ipywidgets.Image` that shows it as PNG.  An app
    builds its artists once, declares the ones that change with
    :meth:`LiveFigure.animate`, and on each update changes their data
    (``set_height``, ``set_width``, ``set_ydata``, ``set_offsets``,
    ``set_text``) and calls :meth:`LiveFigure.redraw`.  The redraw restores
    the saved background (axes, ticks, labels: drawn once, with the
    constrained layout computed once and then frozen), draws only the changed
    artists on it (blitting on the Agg canvas), encodes the pixels as a
    lightly compressed PNG and sets ``Image.value``: one message to the
    browser, no flicker.  Keep axis limits fixed, or call
    :meth:`LiveFigure.invalidate` after changing anything static.

    Why this and not an ``ipywidgets.Output`` holding the figure: measured
    with ``bench/bench_live_figure.py`` in a running ipykernel on the 2-core
    development machine while other jobs ran (a 6.4 x 3.2 inch figure at
    80 dpi, eight bars and a line, 40 updates each; absolute times vary
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

    The Output widget goes through IPython's display machinery (the inline
    backend renders with ``bbox_inches="tight"``, and clearing and re-filling
    the output costs two more messages), so it cannot meet the course's
    100 ms budget; the kept figure rendered to an Image can.  An image in an
    Image widget is also easy to test headlessly: the bytes change when the
    plot is redrawn, and :attr:`LiveFigure.renders` counts the redraws.

Sharp at any size, and why JPEG (issue 11)
    A picture is rendered at twice its size on the page (``scale=2``: sharp
    on a high-dpi laptop, and on a projector when the presenter look widens
    it) with one figure inch shown as 96 CSS pixels, so 11 pt text in the
    figure is 11 pt on the page.  Measured on the 2-core machine while other
    jobs ran (load 6-15): SVG output (``savefig(format="svg")``, no blitting
    possible) took 264 ms median for a two-panel figure, ruled out; encoding
    the allocation explorer's 1460 x 750 pixels took 52 ms as PNG (level 1),
    38 ms (level 3) and 8 ms as JPEG at quality 90 without chroma
    subsampling, whose edges at twice the shown size are clean to the eye.
    In Chromium (``bench/bench_browser.py``, key press to ``<img>`` changed,
    30 presses per app, ratio to a trivial widget round trip in the same
    page): JPEG at 2x 2.4-4.7 x the peer in JupyterLab and 2.4-8.5 x in
    Voila; PNG at 2x 3.5-7.8 x and 4.9-10.6 x; PNG at 1x 3.2-7.2 x and
    4.8-13.4 x.  A text artist costs several bars to redraw (a text with a
    box about 9 ms under load), so the apps redraw numbers as HTML beside
    the picture and keep changing text out of the figure where they can.
    ipympl is not installed here and was not measured; a browser-side chart
    library would avoid the image altogether but means rewriting every app.

Formatting
    :func:`format_nok` and :func:`format_percent` are the one way the apps
    write amounts and shares, so tests can format an expected value the
    same way and compare text with text.

Examples
--------
>>> import ipywidgets as widgets
>>> slider = tag(widgets.FloatSlider(), "eight-groups", "staffing G1")
>>> slider._dom_classes
('kamlearn-eight-groups-staffing-g1',)
>>> message = MessageArea("demo")
>>> @message.guard
... def update(change=None):
...     raise ValueError("capacity: expected at least 0, found -5.")
>>> update()
>>> message.level, message.text
('error', 'capacity: expected at least 0, found -5.')
>>> format_nok(12_345_678), format_percent(0.8125)
('NOK 12.35 M', '81.2 %')
"""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from functools import wraps
from typing import Any, TypeVar, cast

import ipywidgets as widgets
import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

from kamlearn.plotting import palette
from kamlearn.plotting._common import enforce_min_font

__all__ = [
    "App",
    "LiveFigure",
    "MessageArea",
    "css_class",
    "format_nok",
    "format_percent",
    "presenter_mode",
    "side_by_side",
    "tag",
]

NOMINAL_DPI = 96.0
"""CSS pixels per figure inch: at this size a font of 11 pt in a figure shows as 11 CSS pt."""

DEFAULT_SCALE = 2.0
"""Device pixels per CSS pixel that pictures are rendered at (sharp on high-dpi screens and projectors).

Read when a :class:`LiveFigure` is made, so a benchmark or an analyst can set it for every app."""

DEFAULT_FORMAT = "jpeg"
"""The image format of the pictures ('jpeg' or 'png'), read when a :class:`LiveFigure` is made."""

CONTROLS_WIDTH = 400
"""Width (CSS px) of an app's column of controls beside its picture."""

W = TypeVar("W", bound=widgets.DOMWidget)
F = TypeVar("F", bound=Callable[..., Any])

_SLUG = re.compile(r"[^a-z0-9]+")

LEVEL_STYLE = {
    "error": ("#8b1e1e", "#fdecea"),
    "warning": ("#7a4d00", "#fff4e5"),
    "info": ("#1b4f72", "#eaf2f8"),
}


def _slug(text: str) -> str:
    slug = _SLUG.sub("-", str(text).strip().lower()).strip("-")
    if not slug:
        raise ValueError(f"css name: expected letters or digits, found {text!r}.")
    return slug


def css_class(app: str, control: str | None = None) -> str:
    """The CSS class of an app (``kamlearn-<app>``) or one of its controls (``kamlearn-<app>-<control>``).

    Names are lower-cased and every run of other characters becomes one ``-``.

    Examples
    --------
    >>> css_class("eight_groups", "Staffing A01-G3")
    'kamlearn-eight-groups-staffing-a01-g3'
    >>> css_class("allocation")
    'kamlearn-allocation'
    """
    parts = ["kamlearn", _slug(app)] + ([_slug(control)] if control is not None else [])
    return "-".join(parts)


def tag(widget: W, app: str, control: str | None = None) -> W:
    """Add ``css_class(app, control)`` to a widget and return the widget (for chaining)."""
    widget.add_class(css_class(app, control))
    return widget


def format_nok(value: float, *, signed: bool = False) -> str:
    """An amount of NOK as the apps show it: millions with two decimals (``'NOK 12.35 M'``).

    Infinite or missing amounts show as ``'n/a'``.

    Examples
    --------
    >>> format_nok(-250_000, signed=True)
    'NOK -0.25 M'
    >>> format_nok(1_500_000, signed=True)
    'NOK +1.50 M'
    """
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return "n/a"
    sign = "+" if signed else ""
    return f"NOK {number / 1e6:{sign},.2f} M"


def format_percent(value: float, *, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.8125) as the apps show it (``'81.2 %'``); infinite shares show as ``'n/a'``.

    Examples
    --------
    >>> format_percent(0.05, signed=True)
    '+5.0 %'
    """
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return "n/a"
    sign = "+" if signed else ""
    return f"{number * 100:{sign}.{decimals}f} %"


class MessageArea(widgets.HTML):
    """An HTML widget that shows errors, warnings and notes instead of raising.

    Parameters
    ----------
    app
        The app's name; the widget gets the class ``kamlearn-<app>-message``.

    Attributes
    ----------
    text : str
        The plain text of the message shown now ('' when none).
    level : str
        ``'error'``, ``'warning'``, ``'info'`` or ``''``.
    """

    def __init__(self, app: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = ""
        self.level = ""
        tag(self, app, "message")

    def show(self, text: str, level: str = "info") -> None:
        """Show a message (``level`` is ``'error'``, ``'warning'`` or ``'info'``)."""
        if level not in LEVEL_STYLE:
            raise ValueError(f"level: expected one of {sorted(LEVEL_STYLE)}, found {level!r}.")
        self.text = str(text)
        self.level = level
        color, background = LEVEL_STYLE[level]
        self.value = (
            f'<div class="kamlearn-message kamlearn-message-{level}" style="color:{color};'
            f'background:{background};padding:4px 8px;border-radius:4px">{html.escape(self.text)}</div>'
        )

    def error(self, text: str) -> None:
        """Show an error (the setting cannot be used; the results shown are from the last good one)."""
        self.show(text, "error")

    def warning(self, text: str) -> None:
        """Show a warning (the results are shown, but something needs attention)."""
        self.show(text, "warning")

    def info(self, text: str) -> None:
        """Show a note."""
        self.show(text, "info")

    def clear(self) -> None:
        """Remove the message."""
        self.text = ""
        self.level = ""
        self.value = ""

    def guard(self, function: F) -> F:
        """Wrap an update callback: clear the message first, show any exception as an error.

        The wrapped callback never raises, so a slider never shows a traceback.
        It returns what the callback returned, or None after an error.
        """

        @wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.clear()
            try:
                return function(*args, **kwargs)
            except Exception as exc:  # an app must never let a setting raise: show it instead
                self.error(str(exc) or type(exc).__name__)
                return None

        return guarded  # type: ignore[return-value]


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
            raise ValueError(f"image_format: expected 'png' or 'jpeg', found {image_format!r}.")
        self.image_format = image_format
        if not (dpi > 0 and scale > 0):
            raise ValueError(f"dpi and scale: expected positive numbers, found dpi={dpi!r}, scale={scale!r}.")
        self.dpi = float(dpi)
        self.scale = float(scale)
        with mpl.rc_context(palette.style()):
            self.figure = Figure(figsize=figsize, dpi=self.dpi * self.scale, layout="constrained")
            FigureCanvasAgg(self.figure)
            self.axes: Any = self.figure.subplots(nrows, ncols, **subplot_kw)
        width, height = figsize
        self.nominal_size = (round(width * self.dpi), round(height * self.dpi))
        self.widget = widgets.Image(
            format=image_format,
            layout=widgets.Layout(width=f"{self.nominal_size[0]}px", max_width="100%", height="auto"),
        )
        tag(self.widget, app, "figure")
        self.widget.add_class("kamlearn-picture")
        self.renders = 0
        self.last_render_seconds = 0.0
        self.min_font_pt = float("nan")
        self._animated: list[Artist] = []
        self._background: Any = None
        self._layout_frozen = False

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
        raise AttributeError("This LiveFigure has several Axes; use .axes.")

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
        """Forget the saved background: the next redraw draws the whole figure."""
        self._background = None

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
        canvas = cast(FigureCanvasAgg, self.figure.canvas)
        width, height = canvas.get_width_height(physical=True)
        return PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")

    def png(self) -> bytes:
        """Render the figure to PNG bytes (without showing them; lightly compressed, for speed)."""
        buffer = io.BytesIO()
        self._pixels().save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def encode(self) -> bytes:
        """Render the figure in :attr:`image_format` (what :meth:`redraw` shows).

        JPEG is written at quality 90 without chroma subsampling: at twice
        the shown resolution its edges are as clean as the PNG's to the eye,
        and it encodes several times faster (see the module docstring).
        """
        if self.image_format == "png":
            return self.png()
        buffer = io.BytesIO()
        self._pixels().save(buffer, format="jpeg", quality=90, subsampling=0)
        return buffer.getvalue()

    def redraw(self) -> None:
        """Render the figure and show it: one ``Image.value`` update."""
        start = time.perf_counter()
        self.widget.value = self.encode()
        self.renders += 1
        self.last_render_seconds = time.perf_counter() - start


class App(widgets.VBox):
    """The box an app returns: its children, plus handles for tests and analysts.

    Parameters
    ----------
    name
        The app's name; the box gets the class ``kamlearn-<name>``.
    children
        The widgets to show, top to bottom.
    controls
        The app's inputs by name (each tagged ``kamlearn-<name>-<control>``).
    outputs
        The widgets that show results by name.
    message
        The app's :class:`MessageArea`.
    live
        The app's :class:`LiveFigure`, if it has a plot.

    Attributes
    ----------
    controls, outputs, message, live
        As given.
    values : dict
        The numbers shown after the last successful update (floats, before
        formatting), filled in by the app; tests compare them with kamlearn.
    result : Any
        The last model result the app showed (for example a Plan), or None.
    update : callable
        Re-run the app's update (what a control change does).
    """

    def __init__(
        self,
        name: str,
        children: list[widgets.Widget],
        *,
        controls: Mapping[str, widgets.Widget],
        outputs: Mapping[str, widgets.Widget] | None = None,
        message: MessageArea,
        live: LiveFigure | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(children=children, **kwargs)
        tag(self, name)
        self.add_class("kamlearn-app")
        self.name = name
        self.controls = dict(controls)
        self.outputs = dict(outputs or {})
        self.message = message
        self.live = live
        self.values: dict[str, float] = {}
        self.result: Any = None
        self.update: Callable[..., Any] = lambda *args, **kwargs: None

    def picture_first(self, function: F) -> F:
        """Wrap an update so that the browser gets the new picture before the new texts.

        The texts (summary, tables, message) are held while the update runs
        and sent when it returns, after the picture: the person sees the
        picture change as soon as it is drawn.  The values are the same either way.
        """

        @wraps(function)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            picture = self.live.widget if self.live is not None else None
            with ExitStack() as stack:
                for widget in [*self.outputs.values(), self.message]:
                    if widget is not picture:
                        stack.enter_context(widget.hold_sync())
                return function(*args, **kwargs)

        return wrapped  # type: ignore[return-value]


def _smallest_font(figure: Figure) -> float:
    """The smallest size (points) of any visible, non-empty text on a figure that has been drawn."""
    texts: list[Any] = figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
    sizes = [float(t.get_fontsize()) for t in texts if t.get_visible() and str(t.get_text()).strip()]
    return min(sizes, default=float("nan"))


def side_by_side(controls: list[widgets.Widget], picture: list[widgets.Widget], *, app: str,
                 picture_width: int = 730) -> widgets.HBox:
    """Controls beside the picture on a wide screen, above it on a narrow one.

    A row that wraps: the controls' column is :data:`CONTROLS_WIDTH` pixels
    wide and the pictures' column at least ``picture_width`` (the picture's
    nominal width; wider content, such as a table, scrolls inside it); when
    both do not fit on one line, the pictures move under the controls.
    Either way the control a person moves and the picture it moves are close
    together.

    Parameters
    ----------
    controls, picture
        The widgets of each column, top to bottom.
    app
        The app's name; the columns get ``kamlearn-<app>-controls`` and ``kamlearn-<app>-pictures``.
    picture_width
        The pictures column's smallest width (CSS px) before it wraps under the controls.
    """
    left = tag(widgets.VBox(controls, layout=widgets.Layout(
        flex=f"0 1 {CONTROLS_WIDTH}px", min_width="300px", margin="0 16px 8px 0")), app, "controls")
    right = tag(widgets.VBox(picture, layout=widgets.Layout(
        flex="1 1 0%", min_width=f"min({picture_width}px, 100%)", max_width="100%", overflow="auto")),
        app, "pictures")
    return widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start",
                                                             width="100%"))


def label(text: str, *, app: str, control: str, bold: bool = False) -> widgets.HTML:
    """A control's human label (with its unit) that wraps instead of being cut off."""
    body = f"<b>{html.escape(text)}</b>" if bold else html.escape(text)
    widget = widgets.HTML(f"<span style='white-space:normal;line-height:1.25'>{body}</span>",
                          layout=widgets.Layout(width="100%", margin="4px 0 0 0"))
    widget.add_class("kamlearn-label")
    return tag(widget, app, f"{control} label")


_PRESENTING = "body:has(.kamlearn-presenter-switch)"

PRESENTER_CSS = f"""<style>
{_PRESENTING} .kamlearn-app, .kamlearn-presenting .kamlearn-app {{
  --jp-widgets-font-size: 19px; --jp-widgets-inline-height: 38px; font-size: 19px; }}
{_PRESENTING} .kamlearn-app :is(.widget-html-content, .widget-label, .widget-readout, select, button, input, td, th),
.kamlearn-presenting .kamlearn-app :is(.widget-html-content, .widget-label, .widget-readout, select, button, input, td, th)
  {{ font-size: 19px; }}
{_PRESENTING} .kamlearn-app .kamlearn-picture, .kamlearn-presenting .kamlearn-app .kamlearn-picture
  {{ width: 100% !important; max-width: none !important; }}
{_PRESENTING} .lm-TabBar-tab, .kamlearn-presenting .lm-TabBar-tab {{ font-size: 19px; min-height: 40px; }}
{_PRESENTING} .kamlearn-app .widget-box[class*="-controls"],
.kamlearn-presenting .kamlearn-app .widget-box[class*="-controls"] {{ flex: 0 1 470px !important; }}
{_PRESENTING} .kamlearn-app .widget-gridbox.kamlearn-capacities,
.kamlearn-presenting .kamlearn-app .widget-gridbox.kamlearn-capacities {{
  grid-template-columns: minmax(0, 1fr) !important; }}
{_PRESENTING} .kamlearn-app .kamlearn-capacities .widget-slider,
.kamlearn-presenting .kamlearn-app .kamlearn-capacities .widget-slider {{ width: 100% !important; }}
{_PRESENTING} .kamlearn-app .kamlearn-capacities .widget-readout,
.kamlearn-presenting .kamlearn-app .kamlearn-capacities .widget-readout {{ min-width: 6.5em; }}
</style>"""
"""The projector look: large type for every control and table, pictures as wide as their column.

It applies to the apps inside an element with the class ``kamlearn-presenting``
(the dashboard), and to every app on a page that shows :func:`presenter_mode`.
"""


def presenter_mode() -> widgets.HTML:
    """The projector look for every kamlearn app on the page, for an instructor presenting from JupyterLab.

    Display the returned widget (the last line of a cell) and every app on
    the page gets large type (19 px controls and tables) and pictures as wide
    as their column (they are rendered at twice their nominal resolution, so
    they stay sharp up to twice as wide).  Clear the cell's output to switch
    it off.  The dashboard (``make present``) uses the same look.

    Returns
    -------
    ipywidgets.HTML
        A widget that carries the style sheet (the CSS applies while it is on
        the page, through ``body:has(...)``); it shows one line of text.

    Examples
    --------
    >>> switch = presenter_mode()
    >>> "kamlearn-presenter-switch" in switch._dom_classes and "19px" in switch.value
    True
    """
    widget = widgets.HTML(PRESENTER_CSS + "<span>Presenter mode: large type (clear this output to end it).</span>")
    widget.add_class("kamlearn-presenter-switch")
    return widget
