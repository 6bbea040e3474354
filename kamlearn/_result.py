"""The one protocol every kamlearn result follows, and the small pieces results share to follow it.

A *result* is what a model function returns for a person to read: :class:`kamlearn.Plan`,
:class:`kamlearn.StaffingPlan`, :class:`kamlearn.people.StaffingChange`, :class:`kamlearn.EffortPlan`,
:class:`kamlearn.ResponsePlan`, :class:`kamlearn.AuthorityResult`, :class:`kamlearn.LimitSweep`,
:class:`kamlearn.TeamOutcome`.  Every one of them has the same four ways out, as statsmodels' results
and scikit-learn's Display objects do:

``summary() -> str``
    A few lines a manager can read out; every number with its unit (and horizon where it has one).
``_repr_html_() -> str``
    What a notebook shows: the summary, then the table of :meth:`to_frame`.
``to_frame() -> pandas.DataFrame``
    The result's main table (a copy the caller may change).
``plot(kind=..., ax=None) -> matplotlib.axes.Axes``
    One picture of the result.  ``kind`` names the picture (the first kind is the default), ``ax``
    the axes to draw in (a new figure when None).  An unknown ``kind`` raises :class:`ValueError`
    naming the kinds there are; the picture itself is drawn by :mod:`kamlearn.plotting` (models never
    draw), which is imported only when ``plot`` is called.

Examples
--------
>>> import kamlearn
>>> from kamlearn._result import Result
>>> staffing = kamlearn.assign_staff(kamlearn.load_case(), ["A01-G3"])
>>> isinstance(staffing, Result)
True
>>> staffing.plot(kind="pie")
Traceback (most recent call last):
...
ValueError: kind: expected one of 'gantt', 'heatmap', found 'pie'.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pandas as pd

from kamlearn import _checks

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Result", "bar_plot", "check_kind", "html_of"]


@runtime_checkable
class Result(Protocol):
    """What every kamlearn result offers: ``summary``, ``_repr_html_``, ``to_frame`` and ``plot(kind, ax)``."""

    def summary(self) -> str:
        """A few lines for a person, every number with its unit."""
        ...

    def _repr_html_(self) -> str:
        """The notebook view: the summary and the main table."""
        ...

    def to_frame(self) -> pd.DataFrame:
        """The main table, a copy."""
        ...

    def plot(self, kind: str = ..., ax: Axes | None = None) -> Axes:
        """One picture of the result; ``ValueError`` for an unknown ``kind``."""
        ...


def check_kind(kind: Any, kinds: Sequence[str]) -> str:
    """``kind`` when it is one of ``kinds``, else the house-style :class:`ValueError` naming them."""
    return str(_checks.one_of("kind", kind, kinds))


def html_of(summary: str, frame: pd.DataFrame | None = None, *, float_format: Callable[[float], str] | None = None) -> str:
    """The notebook view of a result: its summary (escaped, kept in lines) above its table."""
    body = html.escape(summary)
    table = "" if frame is None else frame.to_html(float_format=float_format, na_rep="")
    return f"<div><pre>{body}</pre>{table}</div>"


def bar_plot(values: pd.Series, ax: Axes | None, *, title: str, xlabel: str) -> Axes:
    """Horizontal bars of one column of a result's table: :func:`kamlearn.plotting.plot_bars`.

    Kept here for the results that call it; the plotting package is imported only when a picture is drawn
    (models never draw).  The returned Axes carries the drawn artists (:func:`kamlearn.plotting.drawn`).
    """
    from kamlearn.plotting.bars import plot_bars

    return plot_bars(values, ax, title=title, xlabel=xlabel)
