"""Plots of kamlearn's results: each ``plot_*`` takes a result, draws on ``ax=None`` and returns the Axes.

A plot function never recomputes a model: compute first, then draw.  Colours and type sizes
come from :mod:`kamlearn.plotting.palette`, shared with the apps in :mod:`kamlearn.widgets`:
one colour means one thing in every picture, and no text is smaller than 11 pt.

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

from kamlearn.plotting import palette
from kamlearn.plotting.allocation import (
    plot_allocation,
    plot_capacity_sweep,
    plot_policy_comparison,
    plot_response_curve,
    plot_utilisation,
)
from kamlearn.plotting.authority import plot_authority_sweep
from kamlearn.plotting.people import plot_key_people, plot_staffing_gantt, plot_utilisation_heatmap
from kamlearn.plotting.value import plot_clv_against_retention, plot_pareto

__all__ = [
    "palette",
    "plot_allocation",
    "plot_authority_sweep",
    "plot_capacity_sweep",
    "plot_clv_against_retention",
    "plot_key_people",
    "plot_pareto",
    "plot_policy_comparison",
    "plot_response_curve",
    "plot_staffing_gantt",
    "plot_utilisation",
    "plot_utilisation_heatmap",
]
