"""Plots of kamlearn's results: each ``plot_*`` takes a result, draws on ``ax=None`` and returns the Axes.

A plot function never recomputes a model: compute first, then draw.  Colours and type sizes
come from :mod:`kamlearn.plotting.palette`, shared with the apps in :mod:`kamlearn.widgets`:
one colour means one thing in every picture, and no text is smaller than 11 pt.

Language
    Titles, axis labels, legends and notes are in the language of :mod:`kamlearn.i18n` when the plot is
    drawn, and so are the numbers: tick labels come from :mod:`kamlearn.plotting.ticks` (``1,000`` and
    ``0.5`` in English, ``1 000`` and ``0,5`` in bokmål, ``24 %`` in both), which keep the language of
    the moment the plot was drawn.

What was drawn, to update in place
    As scikit-learn's Display objects keep ``ax_`` and ``figure_``, every ``plot_*`` function (and so
    every result's ``plot``) leaves a :class:`Drawn` on the Axes it returns: ``drawn(ax)`` gives
    ``ax_``, ``figure_`` and the artists by name (each function's docstring lists them).  An app changes
    their data (``set_ydata``, ``set_width``, ``set_text``, ``set_data``) and redraws the figure, instead
    of drawing a copy of the plot.  The return value stays the Axes, so every existing call works.
    :func:`update_utilisation` and :func:`update_account_value` do this for a re-solved plan: the allocation
    explorer draws with :func:`plot_utilisation` (its ``prices="on bars"`` layout) and
    :func:`plot_account_value` and writes each new plan into the artists they return.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import kamlearn
    >>> from kamlearn.plotting import drawn, plot_clv_against_retention
    >>> curve = drawn(plot_clv_against_retention(1e6, horizon_years=5))["curve"]
    >>> curve.set_ydata(np.zeros_like(curve.get_xdata()))

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import kamlearn
>>> from kamlearn.plotting import plot_pareto
>>> ax = plot_pareto(kamlearn.abc_analysis(kamlearn.load_case()))
>>> ax.get_ylabel()
'Yearly margin (MNOK)'
"""

from __future__ import annotations

from kamlearn.plotting import palette, ticks
from kamlearn.plotting._common import Drawn, drawn
from kamlearn.plotting.allocation import (
    plot_account_value,
    plot_allocation,
    plot_capacity_sweep,
    plot_policy_comparison,
    plot_utilisation,
    update_account_value,
    update_utilisation,
)
from kamlearn.plotting.authority import (
    plot_authority_speed,
    plot_authority_sweep,
    plot_authority_value,
    update_authority_speed,
    update_authority_value,
)
from kamlearn.plotting.bars import plot_bars
from kamlearn.plotting.groups import (
    plot_demand_against_capacity,
    plot_team_costs,
    plot_team_value,
    update_demand_against_capacity,
    update_team_costs,
    update_team_value,
)
from kamlearn.plotting.people import plot_key_people, plot_staffing_gantt, plot_utilisation_heatmap
from kamlearn.plotting.response import (
    plot_effort_hours,
    plot_effort_response,
    plot_response_curve,
    update_effort_hours,
    update_effort_response,
)
from kamlearn.plotting.value import plot_abc_cut, plot_clv_against_retention, plot_pareto, update_abc_cut

__all__ = [
    "Drawn",
    "drawn",
    "palette",
    "plot_abc_cut",
    "plot_account_value",
    "plot_allocation",
    "plot_authority_speed",
    "plot_authority_sweep",
    "plot_authority_value",
    "plot_bars",
    "plot_capacity_sweep",
    "plot_clv_against_retention",
    "plot_demand_against_capacity",
    "plot_effort_hours",
    "plot_effort_response",
    "plot_key_people",
    "plot_pareto",
    "plot_policy_comparison",
    "plot_response_curve",
    "plot_staffing_gantt",
    "plot_team_costs",
    "plot_team_value",
    "plot_utilisation",
    "plot_utilisation_heatmap",
    "ticks",
    "update_abc_cut",
    "update_account_value",
    "update_authority_speed",
    "update_authority_value",
    "update_demand_against_capacity",
    "update_effort_hours",
    "update_effort_response",
    "update_team_costs",
    "update_team_value",
    "update_utilisation",
]
