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
    100 ms budget; the kept figure rendered to an Image can.  A PNG in an
    Image widget is also easy to test headlessly: the bytes change when the
    plot is redrawn, and :attr:`LiveFigure.renders` counts the redraws.
    ipympl would avoid the PNG round trip too, but adds a frontend extension
    and its figures are themselves widgets, which the course does not need.

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
from functools import wraps
from typing import Any, TypeVar, cast

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

__all__ = [
    "App",
    "LiveFigure",
    "MessageArea",
    "css_class",
    "format_nok",
    "format_percent",
    "tag",
]

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
        Resolution of the PNG; 80 keeps a redraw well under the 100 ms budget.
    nrows, ncols
        Subplot grid, as in :meth:`matplotlib.figure.Figure.subplots`.
    **subplot_kw
        Passed to ``Figure.subplots``.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    axes : Axes or ndarray of Axes
    widget : ipywidgets.Image
    renders : int
        How many times the figure has been rendered (for tests and benchmarks).
    last_render_seconds : float
        How long the last render took.
    """

    def __init__(
        self,
        app: str,
        figsize: tuple[float, float] = (6.4, 3.2),
        dpi: int = 80,
        nrows: int = 1,
        ncols: int = 1,
        **subplot_kw: Any,
    ) -> None:
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.axes: Any = self.figure.subplots(nrows, ncols, **subplot_kw)
        width, height = figsize
        self.widget = widgets.Image(
            format="png", layout=widgets.Layout(width=f"{int(width * dpi)}px", height=f"{int(height * dpi)}px")
        )
        tag(self.widget, app, "figure")
        self.renders = 0
        self.last_render_seconds = 0.0
        self._animated: list[Artist] = []
        self._background: Any = None
        self._layout_frozen = False

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
            self.figure.canvas.draw()
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

    def png(self) -> bytes:
        """Render the figure to PNG bytes (without showing them; lightly compressed, for speed)."""
        self.freeze_layout()
        self._render()
        canvas = cast(FigureCanvasAgg, self.figure.canvas)
        width, height = canvas.get_width_height(physical=True)
        image = PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def redraw(self) -> None:
        """Render the figure and show it: one ``Image.value`` update."""
        start = time.perf_counter()
        self.widget.value = self.png()
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
        self.name = name
        self.controls = dict(controls)
        self.outputs = dict(outputs or {})
        self.message = message
        self.live = live
        self.values: dict[str, float] = {}
        self.result: Any = None
        self.update: Callable[..., Any] = lambda *args, **kwargs: None
