"""Benchmark: how an app's plot is updated, measured inside a running ipykernel (the design of widgets/_common.py).

Five ways to show a changed plot in a widget app, each timed over many updates in a real kernel (so the
Output widget goes through IPython's display machinery as it does in JupyterLab):

1. an ``ipywidgets.Output`` cleared and given a new pyplot figure each update;
2. an ``Output`` cleared and given the same figure again (artists updated);
3. an ``ipywidgets.Image`` given the PNG of a new figure each update;
4. an ``Image`` given the PNG of one kept figure whose artists are updated (full draw);
5. ``kamlearn.widgets._common.LiveFigure``: the kept figure, changed artists blitted onto a saved background.

The peer of every figure is method 1, the obvious way.  Usage: python bench/bench_live_figure.py [updates, default 40]
"""

from __future__ import annotations

import json
import os
import sys

import nbformat
from nbclient import NotebookClient

CODE = r'''
import json, time, io
import numpy as np
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg
import ipywidgets as w
from IPython.display import display
from kamlearn.widgets._common import LiveFigure

N = __N__
rng = np.random.default_rng(0)
SIZE, DPI = (6.4, 3.2), 80

def timed(update):
    update()  # warm-up
    times = []
    for _ in range(N):
        start = time.perf_counter()
        update()
        times.append((time.perf_counter() - start) * 1e3)
    return [float(np.median(times)), float(np.percentile(times, 95))]

def draw(ax):
    bars = ax.bar(range(8), rng.random(8))
    line, = ax.plot(range(8), rng.random(8), color="black")
    ax.set_ylim(0, 1.1)
    ax.set_title("update benchmark")
    return bars, line

def change(bars, line):
    for bar, height in zip(bars, rng.random(8)):
        bar.set_height(height)
    line.set_ydata(rng.random(8))

results = {}
out = w.Output()
def output_new():
    out.clear_output(wait=True)
    with out:
        fig, ax = plt.subplots(figsize=SIZE, dpi=DPI)
        draw(ax)
        display(fig)
        plt.close(fig)
results["Output, new pyplot figure"] = timed(output_new)

kept = Figure(figsize=SIZE, dpi=DPI); FigureCanvasAgg(kept)
kept_artists = draw(kept.add_subplot())
out2 = w.Output()
def output_kept():
    change(*kept_artists)
    out2.clear_output(wait=True)
    with out2:
        display(kept)
results["Output, kept figure"] = timed(output_kept)

image = w.Image(format="png")
def image_new():
    fig = Figure(figsize=SIZE, dpi=DPI); FigureCanvasAgg(fig)
    draw(fig.add_subplot())
    buffer = io.BytesIO(); fig.savefig(buffer, format="png"); image.value = buffer.getvalue()
results["Image, new figure"] = timed(image_new)

def image_kept():
    change(*kept_artists)
    buffer = io.BytesIO(); kept.savefig(buffer, format="png"); image.value = buffer.getvalue()
results["Image, kept figure, full draw"] = timed(image_kept)

live = LiveFigure("bench", figsize=SIZE, dpi=DPI)
live_artists = draw(live.ax)
live.animate(*live_artists[0], live_artists[1])
def blitted():
    change(*live_artists)
    live.redraw()
results["LiveFigure (kept, blitted)"] = timed(blitted)
print(json.dumps(results))
'''


def main(argv: list[str]) -> int:
    updates = int(argv[0]) if argv else 40
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CODE.replace("__N__", str(updates)))])
    NotebookClient(notebook, kernel_name="python3", timeout=600).execute()
    text = "".join(o.get("text", "") for o in notebook.cells[0].outputs if o.get("output_type") == "stream")
    results = json.loads(text.strip().splitlines()[-1])
    peer_p95 = results["Output, new pyplot figure"][1]
    print(f"Plot update inside an ipykernel, {updates} updates each (6.4 x 3.2 in at 80 dpi, 8 bars and a line)")
    print(f"{'method':<32}{'median ms':>11}{'p95 ms':>9}{'p95 vs Output/new':>20}")
    for name, (median, p95) in results.items():
        print(f"{name:<32}{median:>11.1f}{p95:>9.1f}{p95 / peer_p95:>20.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
