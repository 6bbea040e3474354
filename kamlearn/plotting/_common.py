"""Shared helpers for the plot functions."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

FIGSIZE = (8.0, 4.5)
"""Default figure size: readable on a laptop and on a projector."""

COLORS = {"A": "#1b6ca8", "B": "#f4a259", "C": "#bcbcbc", "accent": "#c0392b", "muted": "#7f8c8d"}


def get_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE, **kwargs: Any) -> Axes:
    """Return ``ax`` or a new Axes on a new figure of a fixed size."""
    if ax is not None:
        return ax
    _, new_ax = plt.subplots(figsize=figsize, **kwargs)
    return new_ax


def millions(value: float, _pos: int | None = None) -> str:
    """Format NOK as millions for axis ticks."""
    return f"{value / 1e6:,.1f}"
