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

A figure kept alive
    :class:`LiveFigure` and :class:`LiveBars` (in :mod:`kamlearn.widgets._live`,
    which says how an update is drawn, encoded and sent, and what each step
    costs) are re-exported here.

Formatting
    The apps write every number through :mod:`kamlearn._format` (one style:
    the unit after the number, ``12.35 MNOK``, ``81.2 %``), so tests can
    format an expected value the same way and compare text with text.
    ``format_nok`` and ``format_percent`` here are deprecated aliases.

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
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from functools import wraps
from typing import Any, TypeVar

import ipywidgets as widgets

from kamlearn import _format
from kamlearn._fixed import fixed as fixed_format
from kamlearn.i18n import _, get_language
from kamlearn.plotting import palette
from kamlearn.widgets._live import NOMINAL_DPI, LiveBars, LiveFigure, LiveText

__all__ = [
    "NOMINAL_DPI",
    "App",
    "LiveBars",
    "LiveFigure",
    "LiveText",
    "MessageArea",
    "css_class",
    "format_nok",
    "fixed",
    "format_percent",
    "horizon",
    "presenter_mode",
    "slider_readout",
    "side_by_side",
    "tag",
]

CONTROLS_WIDTH = 400
"""Width (CSS px) of an app's column of controls beside its picture."""

W = TypeVar("W", bound=widgets.DOMWidget)
F = TypeVar("F", bound=Callable[..., Any])

_SLUG = re.compile(r"[^a-z0-9]+")

LEVEL_STYLE = palette.MESSAGE_COLORS
"""Text and background colour of each level of message (from the palette)."""


def _slug(text: str) -> str:
    slug = _SLUG.sub("-", str(text).strip().lower()).strip("-")
    if not slug:
        raise ValueError(_("css name: expected letters or digits, found {found}.").format(found=repr(text)))
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
    """Deprecated: use :func:`kamlearn._format.mnok` (``'12.35 MNOK'``)."""
    warnings.warn("format_nok is deprecated; use kamlearn._format.mnok", DeprecationWarning, stacklevel=2)  # i18n: not text
    return _format.mnok(value, signed=signed)


def format_percent(value: float, *, decimals: int = 1, signed: bool = False) -> str:
    """Deprecated: use :func:`kamlearn._format.percent` (``'81.2 %'``)."""
    warnings.warn("format_percent is deprecated; use kamlearn._format.percent",  # i18n: not text
                  DeprecationWarning, stacklevel=2)
    return _format.percent(value, decimals=decimals, signed=signed)


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
            raise ValueError(_("level: expected one of {expected}, found {found}.").format(
                expected=sorted(LEVEL_STYLE), found=repr(level)))
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


def horizon(horizon_years: float | None) -> str:
    """How a lifetime value's horizon reads in an app: :func:`kamlearn.value.horizon_label`.

    Examples
    --------
    >>> horizon(5), horizon(1), horizon(None)
    ('discounted over 5 years', 'discounted over 1 year', 'discounted, no horizon')
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     horizon(5)
    'diskontert over 5\\xa0år'
    """
    from kamlearn._lifetime import horizon_label

    return horizon_label(horizon_years)


def fixed(value: float, decimals: int, unit: str = "") -> str:
    """A number with a fixed count of decimals (``'12.0 days'``, ``'0.912'``) in the language's style.

    For the few numbers whose decimals carry meaning even when they are zero
    (a retention of ``0.900``, a mean wait of ``12.0 days``); everything else
    goes through :func:`kamlearn._format.number`.  The unit word (plural, as
    :mod:`kamlearn._format` takes it) is translated and takes the singular for 1.

    Examples
    --------
    >>> fixed(12.04, 1, "days"), fixed(0.9, 3), fixed(1234.5, 0, "NOK")
    ('12.0 days', '0.900', '1,234 NOK')
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     fixed(12.04, 1, "days"), fixed(0.9, 3)
    ('12,0\\xa0dager', '0,900')
    """
    nb = _format._bokmål()
    if not _format._finite(value):
        return _format.missing()
    text = fixed_format(float(value), f",.{int(decimals)}f")
    if unit:
        # the singular only for a whole 1 ("1 day"); "1.0 days" as English writes a measured amount
        one = int(decimals) <= 0 and round(float(value)) == 1
        text = f"{text} {_format._unit_word(unit, 1.0 if one else 2.0)}"
    return _format._unbreakable(text, nb)


def label(text: str, *, app: str, control: str, bold: bool = False) -> widgets.HTML:
    """A control's human label (with its unit) that wraps instead of being cut off."""
    body = f"<b>{html.escape(text)}</b>" if bold else html.escape(text)
    widget = widgets.HTML(f"<span style='white-space:normal;line-height:1.25'>{body}</span>",
                          layout=widgets.Layout(width="100%", margin="4px 0 0 0"))
    widget.add_class("kamlearn-label")
    return tag(widget, app, f"{control} label")


def slider_readout(slider: widgets.FloatSlider | widgets.IntSlider,
                   write: Callable[[float], str]) -> widgets.Widget:
    """The slider with its number written as the language in force writes numbers; the widget to lay out.

    ipywidgets writes a slider's readout in the browser with a d3 format, which knows English digits only
    (``2,600,000``, ``80%``). In English that readout is kept: it already reads as :mod:`kamlearn.formatting`
    writes, and it follows the handle while it is dragged. In any other language the slider's own readout is
    hidden (``readout=False``) and a label beside it shows ``write(value)`` (bokmål ``2 600 000``, ``80 %``),
    written in the kernel each time the value arrives there (on release for sliders with
    ``continuous_update=False``). The label carries ``widget-readout`` (so the projector look sizes it as a
    readout) and the slider's own ``kamlearn-*`` class followed by ``-readout``.

    Parameters
    ----------
    slider : ipywidgets.FloatSlider or ipywidgets.IntSlider
        The control, already tagged. In other languages than English it fills the returned box, which fills its
        cell.
    write : callable
        ``value -> str``, for example :func:`kamlearn.formatting.number`.

    Returns
    -------
    ipywidgets.Widget
        ``slider`` itself in English; otherwise an ``HBox`` of the slider and its readout label.

    Examples
    --------
    >>> from kamlearn import formatting
    >>> from kamlearn.i18n import language
    >>> with language("nb"):
    ...     box = slider_readout(widgets.FloatSlider(value=2600.0, max=5000.0), formatting.number)
    ...     box.children[0].value = 3100.0
    >>> box.children[1].value
    '3\xa0100'
    """
    if get_language() == "en":
        return slider
    slider.readout = False
    shown = widgets.Label(write(slider.value), layout=widgets.Layout(flex="0 0 auto", min_width="5.5em",
                                                                      margin="0 0 0 4px"))
    shown.add_class("widget-readout")
    for name in slider._dom_classes:
        if name.startswith("kamlearn-"):
            shown.add_class(f"{name}-readout")

    def follow(change: Mapping[str, Any]) -> None:
        shown.value = write(change["new"])

    slider.observe(follow, names="value")
    slider.layout.width = "auto"
    slider.layout.flex = "1 1 auto"
    slider.layout.min_width = "0"
    # the box fills its cell (the explorer's 215-pixel grid column, or the whole width in the projector look)
    return widgets.HBox([slider, shown], layout=widgets.Layout(width="100%", align_items="center"))


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
    text = _("Presenter mode: large type (clear this output to end it).")
    widget = widgets.HTML(PRESENTER_CSS + f"<span>{html.escape(text)}</span>")
    widget.add_class("kamlearn-presenter-switch")
    return widget
