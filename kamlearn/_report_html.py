"""The management report as one standalone HTML page: inline SVG charts, no scripts, no requests.

A Content-Security-Policy allows only inline styles and ``data:`` images, so the page opens offline and
nothing it holds can reach the network.
"""

from __future__ import annotations

import base64
import html
import io
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kamlearn import _format
from kamlearn._report_tables import display_header, display_value, sheet_title
from kamlearn.i18n import _, get_language, pgettext

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kamlearn.management_report import ManagementReport


def page(report: ManagementReport) -> str:
    """The report as one self-contained HTML page."""
    decision = _("The decision")
    assumptions = pgettext("report part", "Assumptions")
    parts = [
        "<!DOCTYPE html>",
        f"<html lang='{get_language()}'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{html.escape(report.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
        f"<h2>{html.escape(decision)}</h2>",
        f"<p class='decision'>{html.escape(report.decision)}</p>",
    ]
    for name, table in report.tables.items():
        parts.append(f"<h2>{html.escape(sheet_title(name))}</h2>")
        if report.notes.get(name):
            parts.append(f"<p class='note'>{html.escape(report.notes[name])}</p>")
        if name in report._figures:
            parts.append(f"<figure>{report._figures[name]}</figure>")
        parts.append(_html_table(table))
    parts.append(f"<h2>{html.escape(assumptions)}</h2><ul>")
    parts += [f"<li>{html.escape(a)}</li>" for a in report.assumptions]
    parts.append("</ul></body></html>")
    return "\n".join(parts)


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
    "color:#1d2731}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}"
    ".decision{font-size:1.05rem;line-height:1.5;background:#f3f6fa;padding:.8rem 1rem;border-left:4px solid #1b6ca8}"
    ".note{color:#555;font-size:.9rem}table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}"
    "th,td{border:1px solid #dde;padding:.25rem .5rem;vertical-align:top}th{background:#eef2f7;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:.5rem 0}img{max-width:100%;height:auto}"
)


def _html_cell(header: str, value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return "<td class='n'>-</td>"
    if isinstance(value, (bool, np.bool_)):
        return f"<td>{html.escape(_('yes') if value else _('no'))}</td>"
    value = display_value(header, value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if header.endswith("(share)"):
            text = f"{v:.1%}"
        elif header.endswith("(MNOK)"):
            text = f"{v:,.2f}"
        elif header.endswith("(share/year)"):
            text = f"{v:.3f}"
        elif abs(v - round(v)) < 1e-9 or abs(v) >= 100:
            text = f"{v:,.0f}"
        else:
            text = f"{v:,.2f}"
        nb = _format._bokmål()
        return f"<td class='n'>{_format._unbreakable(_format._digits(text, nb), nb)}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def _html_table(table: pd.DataFrame) -> str:
    headers = [str(h) for h in table.columns]
    head = "".join(f"<th>{html.escape(display_header(h))}</th>" for h in headers)
    rows = ["<tr>" + "".join(_html_cell(h, v) for h, v in zip(headers, row, strict=True)) + "</tr>"
            for row in table.itertuples(index=False)]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _svg(fig: Figure, alt: str) -> str:
    """A figure as an ``<img>`` holding its SVG as a base64 data URL (text as paths, no metadata, fixed ids)."""
    import matplotlib as mpl

    buffer = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "kamlearn", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='{html.escape(alt)}' src='data:image/svg+xml;base64,{data}'>"


def _figures(report_plan: Any, rules: pd.DataFrame, result: Any, staffing: Any) -> dict[str, str]:
    from matplotlib.figure import Figure

    from kamlearn.plotting import palette
    from kamlearn.plotting.allocation import plot_utilisation
    from kamlearn.value import horizon_label

    figures: dict[str, str] = {}
    fig = Figure(figsize=(8, 4))
    plot_utilisation(report_plan, ax=fig.subplots())
    figures["Scarce resources"] = _svg(fig, _("{part}: chart").format(part=sheet_title("Scarce resources")))
    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    ax.barh(rules["Rule"][::-1], rules["Value created (MNOK)"][::-1], color=palette.PLAN)
    ax.set_xlabel(_("value created (MNOK: lifetime value {horizon}, after resource cost)").format(
        horizon=horizon_label(report_plan.case.horizon_years)))
    ax.set_title(_("The rules compared"))
    figures["Rules compared"] = _svg(fig, _("{part}: chart").format(part=sheet_title("Rules compared")))
    if result is not None:
        fig = Figure(figsize=(8, 3.6))
        result.plot(ax=fig.subplots())
        figures["How sure"] = _svg(fig, _("{part}: chart").format(part=sheet_title("How sure")))
    if staffing is not None:
        fig = Figure(figsize=(8, 4.5))
        staffing.plot("heatmap", ax=fig.subplots())
        figures["Staffing by month"] = _svg(fig, _("{part}: chart").format(part=sheet_title("Staffing by month")))
    return figures
