"""Benchmark: key press to picture changed, in Chromium, for every app, in JupyterLab and in Voila.

What a person sees is the browser: a slider move costs the kernel's update, the comm round trip, the
PNG's transfer and decoding.  This starts a JupyterLab server and a Voila server on 127.0.0.1 (as the
browser tests do: Debian's Chromium at /usr/bin/chromium, Python Playwright), shows every app of
``kamlearn.widgets`` in one notebook, focuses a slider's handle and presses an arrow key 30 or more
times.  In the page, a capturing ``keydown`` listener notes the press and a ``MutationObserver`` the
moment the app's picture (``<img src>``) changed (``tests/e2e/picture_probe.py``).

A peer is measured in the same run and page: a plain ``IntSlider`` whose observer sets an HTML
label (a trivial widget round trip).  The ratio app / peer makes numbers from a loaded machine
comparable with an idle one.  Next to each browser figure the kernel-side time of the same update
(the app's callback, headless, in this process) is printed.

Usage: python bench/bench_browser.py [presses per app, default 30] [--only lab|voila] [--scale 1|2]
       [--format png|jpeg]   (the picture settings to measure; default: the apps' defaults)
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import conftest as e2e  # noqa: E402  (the browser tests' server helpers)
import picture_probe  # noqa: E402

VIEWPORT = {"width": 1366, "height": 768}
# (app function, control moved): a slider each, moved with the arrow keys
APPS = [
    ("key_accounts_app", "threshold"),
    ("eight_groups_app", "staffing-A01-G1"),
    ("allocation_explorer", "capacity-kam_hours"),
    ("authority_simulator", "limit"),
    ("response_calibrator", "hours"),
]
PEER = """\
import ipywidgets as widgets

peer_slider = widgets.IntSlider(value=0, min=0, max=1000, description="peer")
peer_slider.add_class("bench-peer-slider")
peer_label = widgets.HTML("value 0")
peer_label.add_class("bench-peer-label")
peer_slider.observe(lambda change: setattr(peer_label, "value", f"value {change['new']}"), names="value")
widgets.VBox([peer_slider, peer_label])
"""


def _option(name: str, default: str | None = None) -> str | None:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def _settings() -> str:
    """Code that sets the picture settings under test (``--scale``, ``--format``) for every app."""
    lines = ["import kamlearn.widgets._live as picture_settings"]
    if _option("--scale"):
        lines.append(f"picture_settings.DEFAULT_SCALE = {float(_option('--scale') or 2.0)!r}")
    if _option("--format"):
        lines.append(f"picture_settings.DEFAULT_FORMAT = {_option('--format')!r}")
    return "\n".join(lines) + "\n"


def _notebook(path: Path) -> None:
    import nbformat

    cells = [nbformat.v4.new_code_cell(_settings() + PEER)]
    for function, _ in APPS:
        cells.append(nbformat.v4.new_code_cell(
            f"from kamlearn.widgets import {function}\n\n{function}_app = {function}()\n{function}_app"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, path)


def _keys(widget: Any, presses: int) -> list[str]:
    """Arrow keys that move a slider ``presses`` times, turning at its ends, never pressing into an end."""
    position = round((widget.value - widget.min) / widget.step)
    last = round((widget.max - widget.min) / widget.step)
    keys, direction = [], 1
    for _ in range(presses):
        if not 0 <= position + direction <= last:
            direction = -direction
        position += direction
        keys.append("ArrowRight" if direction > 0 else "ArrowLeft")
    return keys


def _kernel_side(function: str, control: str, presses: int) -> list[float]:
    """Milliseconds of the same moves in this process (the app's update, PNG included)."""
    import kamlearn.widgets as apps

    app = getattr(apps, function)()
    widget = app.controls[control]
    times = []
    for key in _keys(widget, presses):
        target = widget.value + (widget.step if key == "ArrowRight" else -widget.step)
        start = time.perf_counter()
        widget.value = target
        times.append((time.perf_counter() - start) * 1e3)
    return times


def _measure(page: Any, root: Any, control_css: str, watch: str, keys: list[str]) -> tuple[list[float], int]:
    handle = root.locator(f".{control_css} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    picture_probe.install(page, watch)
    handle.focus()
    times, missed = [], 0
    for key in keys:
        elapsed = picture_probe.press_and_wait(page, handle, key)
        if elapsed is None:
            missed += 1
        else:
            times.append(elapsed)
        time.sleep(0.1)  # a person's pace between presses; the kernel is idle again
    return times, missed


def _stats(times: list[float]) -> str:
    if not times:
        return "   n/a      n/a"
    return f"{statistics.median(times):6.0f}   {float(np.percentile(times, 95)):6.0f}"


def _run_page(page: Any, presses: int, label: str, rows: list[str], kernel: dict[str, list[float]]) -> None:
    import kamlearn.widgets as apps
    from kamlearn.widgets._common import css_class

    peer_root = page.locator(".bench-peer-slider").first.locator("xpath=..")
    page.evaluate("() => document.querySelector('.bench-peer-label').classList.add('bench-peer-watch')")
    peer_keys = ["ArrowRight"] * presses
    peer, _ = _measure(page, peer_root, "bench-peer-slider", ".bench-peer-watch", peer_keys)
    peer_median = statistics.median(peer) if peer else float("nan")
    rows.append(f"{label:6s} {'peer (slider -> label)':24s} {_stats(peer)}   {len(peer):3d}/{presses} {1.0:6.2f}"
                f"          -        -")
    for function, control in APPS:
        headless = getattr(apps, function)()
        widget = headless.controls[control]
        root = page.locator(f".{css_class(headless.name)}").first
        picture = f".{css_class(headless.name, 'figure')}"
        times, missed = _measure(page, root, css_class(headless.name, control), picture, _keys(widget, presses))
        ratio = statistics.median(times) / peer_median if times else float("nan")
        k = kernel[function]
        rows.append(f"{label:6s} {function:24s} {_stats(times)}   {len(times):3d}/{presses} {ratio:6.2f}   "
                    f"{statistics.median(k):6.0f}   {float(np.percentile(k, 95)):6.0f}")
        if missed:
            rows.append(f"       ({missed} presses did not change the picture within 5 s)")


def main() -> int:
    presses = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 30
    only = _option("--only")
    exec(_settings(), {})  # the same settings for the kernel-side figures
    if e2e.browser_missing_reason():
        print(f"skipped: {e2e.browser_missing_reason()}")
        return 0
    from playwright.sync_api import sync_playwright

    kernel = {function: _kernel_side(function, control, presses) for function, control in APPS}
    work = Path(tempfile.mkdtemp(prefix="kamlearn-bench-browser-"))
    procs: list[subprocess.Popen[bytes]] = []
    rows: list[str] = []
    try:
        root = work / "notebooks"
        root.mkdir()
        (work / "data").symlink_to(REPO / "data", target_is_directory=True)
        _notebook(root / "bench_apps.ipynb")
        env = e2e._server_env(work / "home")
        e2e._write_lab_settings(work / "home" / "settings")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(e2e.CHROMIUM), args=e2e.CHROMIUM_ARGS)
            context = chromium.new_context(viewport=VIEWPORT)
            page = context.new_page()
            if only in (None, "lab"):
                from lab_driver import Lab

                port, token = e2e.free_port(), secrets.token_hex(16)
                log = work / "lab.log"
                with log.open("wb") as out:
                    procs.append(subprocess.Popen(
                        [str(e2e.BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                         "--LabApp.expose_app_in_browser=True", *e2e._root_flag()],
                        cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
                url = f"http://127.0.0.1:{port}"
                e2e._wait_http(f"{url}/api/status?token={token}", procs[-1], log, 90)
                lab = Lab(page, e2e.LabServer(url, token, root))
                lab.load()
                lab.open("bench_apps.ipynb")
                lab.run_all("bench_apps.ipynb")
                lab.wait_widgets("bench_apps.ipynb")
                _run_page(page, presses, "lab", rows, kernel)
                lab.close("bench_apps.ipynb")
            if only in (None, "voila"):
                port = e2e.free_port()
                log = work / "voila.log"
                with log.open("wb") as out:
                    procs.append(subprocess.Popen(
                        [str(e2e.BIN / "voila"), str(root / "bench_apps.ipynb"), "--no-browser", f"--port={port}",
                         "--Voila.ip=127.0.0.1", "--strip_sources=True", "--theme=light"],
                        cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
                e2e._wait_port(port, procs[-1], log, 90)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=120_000)
                page.wait_for_selector(".kamlearn-response .noUi-handle", timeout=120_000)
                page.wait_for_timeout(1000)
                _run_page(page, presses, "voila", rows, kernel)
            chromium.close()
    finally:
        for proc in procs:
            e2e._stop(proc)
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    import kamlearn.widgets._live as picture_settings

    print(f"pictures: {picture_settings.DEFAULT_FORMAT} at {picture_settings.DEFAULT_SCALE:g} device pixels per CSS pixel")
    print(f"key press -> picture changed in Chromium {VIEWPORT['width']}x{VIEWPORT['height']} "
          f"(ms; {presses} presses each; load average {load[0]:.1f} on {os.cpu_count()} cores)")
    print("where  app                      median      p95  changed  /peer   kernel-side median/p95 (ms)")
    for row in rows:
        print(row)
    print("The ratio /peer divides the median by the trivial widget round trip's median in the same page.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
