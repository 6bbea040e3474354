"""Benchmark: slider move to redrawn output, for every app in kamlearn.widgets, on the course case.

Headless: each app is built on the embedded case company; the benchmark sets its controls' values in a
round-robin loop (sliders across their range, check boxes toggled, drop-downs cycled, bounded number
boxes nudged) and times each assignment until the app's output is updated.  ipywidgets runs observers
synchronously, so when the assignment returns the app has recomputed, re-rendered its PNG and set the
Image widget's value; the benchmark checks that the render counter (``app.live.renders``) moved or, for
an app without a figure, that some output widget changed.

The peer, measured in the same run: a full redraw of the same app's figure (layout and every artist
drawn, no blitting), the cost a naive app would pay for the plot alone on each move.  The course's target
is a 95th percentile under 100 ms.

Usage: python bench/bench_widgets.py [moves per app, default 80] [app names, default all]
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from typing import Any

import ipywidgets as widgets
import matplotlib
import numpy as np

matplotlib.use("Agg")

import kamlearn
import kamlearn.widgets as apps

TARGET_MS = 100.0
WARMUP = 3


def candidate_values(control: widgets.Widget) -> list[Any]:
    """Values to cycle a control through, every one different from its neighbour."""
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return [not control.value, control.value]
    if isinstance(control, widgets.Dropdown | widgets.ToggleButtons | widgets.RadioButtons | widgets.SelectionSlider):
        options = list(control.options)
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return values if len(values) > 1 else []
    if isinstance(control, widgets.FloatLogSlider):
        return list(np.logspace(control.min, control.max, 7, base=control.base))
    if isinstance(control, widgets.IntSlider | widgets.FloatSlider | widgets.BoundedIntText | widgets.BoundedFloatText):
        low, high = float(control.min), float(control.max)
        if isinstance(control, widgets.BoundedIntText | widgets.BoundedFloatText):
            centre = float(control.value)
            span = max(abs(centre) * 0.2, (high - low) * 0.02)
            low, high = max(low, centre - span), min(high, centre + span)
        grid = np.linspace(low, high, 7)
        if isinstance(control, widgets.IntSlider | widgets.BoundedIntText):
            step = int(getattr(control, "step", 1) or 1)
            return sorted({int(round(v / step) * step) for v in grid})
        return [float(v) for v in grid]
    return []


def output_fingerprint(app: Any) -> tuple[Any, ...]:
    live = getattr(app, "live", None)
    if live is not None:
        return (live.renders,)
    outputs = getattr(app, "outputs", {}) or {}
    return tuple(hash(getattr(w, "value", None)) if not isinstance(getattr(w, "value", None), bytes)
                 else hash(w.value) for w in outputs.values())


def bench_app(name: str, moves: int) -> dict[str, Any]:
    factory = getattr(apps, name)
    build_start = time.perf_counter()
    app = factory()
    build_ms = (time.perf_counter() - build_start) * 1e3
    controls = {key: c for key, c in getattr(app, "controls", {}).items() if candidate_values(c)}
    if not controls:
        return {"app": name, "moves": 0, "note": "no movable controls"}
    plans = {key: candidate_values(c) for key, c in controls.items()}
    keys = list(controls)
    times: list[float] = []
    updated = 0
    position = {key: 0 for key in keys}
    gc.collect()
    for move in range(moves + WARMUP):
        key = keys[move % len(keys)]
        control = controls[key]
        values = plans[key]
        position[key] = (position[key] + 1) % len(values)
        value = values[position[key]]
        if value == control.value:
            position[key] = (position[key] + 1) % len(values)
            value = values[position[key]]
        before = output_fingerprint(app)
        start = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - start
        if move >= WARMUP:
            times.append(elapsed * 1e3)
            updated += output_fingerprint(app) != before
    message = getattr(app, "message", None)
    full_ms: float = float("nan")
    live = getattr(app, "live", None)
    if live is not None:
        full = []
        for _ in range(15):
            start = time.perf_counter()
            live.invalidate()
            live.redraw()
            full.append((time.perf_counter() - start) * 1e3)
        full_ms = float(np.percentile(full, 95))
    return {
        "app": name,
        "controls": len(keys),
        "moves": len(times),
        "updated": updated,
        "build_ms": build_ms,
        "median_ms": statistics.median(times),
        "p95_ms": float(np.percentile(times, 95)),
        "max_ms": max(times),
        "full_redraw_p95_ms": full_ms,
        "error": getattr(message, "level", "") == "error",
    }


def main(argv: list[str]) -> int:
    moves = int(argv[0]) if argv else 80
    kamlearn.load_case()  # warm the embedded case's cache outside the timings
    names = [n for n in apps.__all__ if callable(getattr(apps, n)) and not n.startswith("_")]
    if argv[1:]:
        names = [n for n in names if n in argv[1:]]
    results = [bench_app(name, moves) for name in names]
    header = (f"{'app':<22}{'controls':>9}{'moves':>7}{'updated':>9}{'build ms':>10}{'median ms':>11}"
              f"{'p95 ms':>9}{'max ms':>9}{'full redraw p95':>17}{'p95 / full':>12}")
    print("Slider move to redrawn output, course case (Fjordpak AS), headless, "
          f"{moves} moves per app after {WARMUP} warm-up moves")
    print(header)
    worst = 0.0
    for r in results:
        if not r.get("moves"):
            print(f"{r['app']:<22}  {r.get('note', '')}")
            continue
        ratio = r["p95_ms"] / r["full_redraw_p95_ms"] if np.isfinite(r["full_redraw_p95_ms"]) else float("nan")
        worst = max(worst, r["p95_ms"])
        print(f"{r['app']:<22}{r['controls']:>9}{r['moves']:>7}{r['updated']:>9}{r['build_ms']:>10.0f}"
              f"{r['median_ms']:>11.1f}{r['p95_ms']:>9.1f}{r['max_ms']:>9.1f}{r['full_redraw_p95_ms']:>17.1f}"
              f"{ratio:>12.2f}" + ("  (an error was shown)" if r["error"] else ""))
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"worst p95 {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target "
          f"({len([r for r in results if r.get('moves')])} apps)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
