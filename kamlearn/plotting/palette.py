"""One palette and one type scale for every plot and app: each colour means one thing everywhere.

The plots in :mod:`kamlearn.plotting` and the apps in :mod:`kamlearn.widgets`
take their colours and font sizes from here, so that a colour a student learns
in one picture means the same in the next one.

Colour meanings
    ==============  =========  ==========================================================
    name            colour     means
    ==============  =========  ==========================================================
    ``PLAN``        blue       the quantity shown: a plan, a value, a group that is on
    ``BASELINE``    grey       today, or without the change (the thing to compare with)
    ``OFF``         pale grey  switched off, not chosen
    ``SCARCE``      red        scarce: a resource with a positive shadow price (or whose
                               demand is over capacity).  A resource that is full but
                               has no price is *not* red: full is not scarce.
    ``CHOICE``      purple     the setting you chose on a control (your limit, your
                               estimates)
    ``BEST``        green      the best setting the model found
    ``SECOND``      orange     a second quantity on the same picture (a twin axis)
    ``REFERENCE``   dark grey  reference lines: capacity (100 %), today's effort
    ==============  =========  ==========================================================

    The classes of an ABC analysis have their own three colours
    (:data:`CLASS_COLORS`), which are used only for classes.  The colours are
    from the colour-blind-safe Okabe-Ito set where one fits.

Type scale
    :data:`MIN_FONT_PT` (11 pt) is the smallest text a picture may have when
    it is shown at its nominal size (one figure inch = 96 CSS pixels, the
    size the apps show it at); titles are :data:`TITLE_FONT_PT`.
    :func:`style` gives the matplotlib rc settings for that scale.

Examples
--------
>>> from kamlearn.plotting import palette
>>> palette.SCARCE
'#c0392b'
>>> palette.class_color("B")
'#e69f00'
>>> palette.style()["font.size"] >= palette.MIN_FONT_PT
True
"""

from __future__ import annotations

from typing import Any

from cycler import cycler

__all__ = [
    "BASELINE",
    "BEST",
    "CHOICE",
    "CLASS_COLORS",
    "MEANINGS",
    "MESSAGE_COLORS",
    "MIN_FONT_PT",
    "OFF",
    "ON_COLOR",
    "PLAN",
    "REFERENCE",
    "SCARCE",
    "SECOND",
    "SERIES",
    "TITLE_FONT_PT",
    "class_color",
    "resource_color",
    "style",
]

PLAN = "#1b6ca8"
BASELINE = "#8c8c8c"
OFF = "#d5d8dc"
SCARCE = "#c0392b"
CHOICE = "#7b3294"
BEST = "#1a9850"
SECOND = "#e08214"
REFERENCE = "#4d4d4d"

MEANINGS: dict[str, str] = {
    PLAN: "the plan or value shown; a group that is on",
    BASELINE: "today, or without the change",
    OFF: "switched off",
    SCARCE: "scarce: a positive shadow price, or demand over capacity",
    CHOICE: "the setting you chose",
    BEST: "the best setting found",
    SECOND: "a second quantity (right-hand axis)",
    REFERENCE: "a reference line (capacity, today)",
}
"""What each colour means, for legends and for the course's text."""

CLASS_COLORS: dict[str, str] = {"A": "#0072b2", "B": "#e69f00", "C": "#bdbdbd"}
"""ABC classes: used only to colour classes."""

SERIES: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#7f7f7f",
    "#1b6ca8", "#8c564b", "#17becf", "#bcbd22", "#9467bd", "#2ca02c", "#ff7f0e", "#bdbdbd",
)
"""Colours for many series of equal standing (accounts in a stacked bar), in order."""

ON_COLOR = "#ffffff"
"""Text drawn on a coloured bar."""

MESSAGE_COLORS: dict[str, tuple[str, str]] = {
    "error": ("#8b1e1e", "#fdecea"),
    "warning": ("#7a4d00", "#fff4e5"),
    "info": ("#1b4f72", "#eaf2f8"),
}
"""Text and background colour of an app's messages, by level (error, warning, note)."""

MIN_FONT_PT = 11.0
"""The smallest text in any picture, in points at the picture's nominal size."""

TITLE_FONT_PT = 12.5
"""Titles of axes."""


def class_color(abc_class: str) -> str:
    """The colour of an ABC class ('A', 'B' or 'C'); an unknown class gets class C's grey."""
    return CLASS_COLORS.get(str(abc_class), CLASS_COLORS["C"])


def resource_color(shadow_price: float) -> str:
    """A resource's colour: :data:`SCARCE` when its shadow price is positive, else :data:`PLAN`.

    A resource used to 100 % with no shadow price is full but not scarce, and
    is drawn in the plan colour.

    Examples
    --------
    >>> resource_color(12.0) == SCARCE, resource_color(0.0) == PLAN, resource_color(float("nan")) == PLAN
    (True, True, True)
    """
    price = float(shadow_price)
    return SCARCE if price == price and price > 0 else PLAN


def style() -> dict[Any, Any]:
    """Matplotlib rc settings for the type scale: every text at least :data:`MIN_FONT_PT`.

    Use as ``with matplotlib.rc_context(palette.style()): ...``, or let
    :mod:`kamlearn.plotting` and :class:`kamlearn.widgets._common.LiveFigure` apply it.
    """
    return {
        "font.size": MIN_FONT_PT,
        "axes.titlesize": TITLE_FONT_PT,
        "axes.labelsize": MIN_FONT_PT,
        "xtick.labelsize": MIN_FONT_PT,
        "ytick.labelsize": MIN_FONT_PT,
        "legend.fontsize": MIN_FONT_PT,
        "legend.title_fontsize": MIN_FONT_PT,
        "figure.titlesize": TITLE_FONT_PT,
        "axes.prop_cycle": cycler(color=list(SERIES)),
    }
