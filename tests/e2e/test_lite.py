"""The course in the browser with no install: the JupyterLite site built by ``make lite``.

The site in ``lite/_output`` is served by a plain static file server on 127.0.0.1 and opened in Debian's
Chromium.  Every request that would leave the machine is refused twice over: Playwright aborts any request
whose host is not 127.0.0.1 (and records it), and Chromium's proxy points at a closed local port, so even a
request Playwright could not see fails.  Service workers are blocked, so every request passes the route.
Notebooks 00 and 03 run all their cells in Pyodide with no error; in 03 the allocation explorer's first
capacity slider is dragged with the mouse and the plan's numbers must follow.  The time from opening
the page to the first cell output and the site's size are written to ``tests/e2e/screenshots/lite.json``.

Without a built site the tests skip with the command to build it (with ``CI=true`` they fail instead).
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import urlparse

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, _enforce_policy, in_ci
from lab_driver import REPO, outputs_with_errors

pytestmark = pytest.mark.e2e

SITE = REPO / "lite" / "_output"
NOTEBOOKS = ("00_start_here.ipynb", "03_scarce_resources.ipynb")
# the first kernel start loads Pyodide, numpy, scipy, pandas, matplotlib and kamlearn (tens of MB)
KERNEL_TIMEOUT_S = 300
RUN_TIMEOUT_S = 600


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".mjs": "text/javascript",
        ".js": "text/javascript", ".json": "application/json", ".whl": "application/octet-stream",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    _enforce_policy()
    if not (SITE / "jupyter-lite.json").is_file():
        message = f"no JupyterLite site in {SITE}: build it with `make lite`"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def lite_page(site_url: str, playwright: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    outside: list[str] = []
    console: list[str] = []
    # a proxy on a closed local port: whatever Playwright's route does not see cannot leave the machine either
    args = [*CHROMIUM_ARGS, "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]
    # one Playwright driver per session (conftest); this test launches its own Chromium with a dead proxy
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")

    def guard(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    try:
        yield page, outside, console
    finally:
        context.close()
        browser.close()


def _open(page: Any, site_url: str, name: str) -> None:
    page.goto(f"{site_url}/lab/index.html?path={name}", wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=120_000)
    page.wait_for_function(
        "(name) => Array.from(window.jupyterapp.shell.widgets('main')).some(w => w.context && w.context.path === name"
        " && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle')",
        arg=name, timeout=KERNEL_TIMEOUT_S * 1000, polling=500,
    )


def _run_all(page: Any, name: str) -> None:
    page.evaluate(
        "(name) => { const w = Array.from(window.jupyterapp.shell.widgets('main'))"
        ".find(w => w.context && w.context.path === name);"
        " window.__liteRun = null; window.jupyterapp.commands.execute('notebook:run-all-cells', {semanticWidget: w.id})"
        ".then(ok => window.__liteRun = {ok: ok !== false}, e => window.__liteRun = {ok: false, error: String(e)}); }",
        name,
    )


def _wait_done(page: Any, name: str) -> None:
    page.wait_for_function("() => window.__liteRun !== null", timeout=RUN_TIMEOUT_S * 1000, polling=500)
    result = page.evaluate("() => window.__liteRun")
    assert result["ok"], f"{name}: Run All failed: {result}"
    pending = page.evaluate(
        "(name) => Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.context && w.context.path === name)"
        ".content.widgets.filter(c => c.model.type === 'code' && c.model.executionCount === null).length",
        name,
    )
    assert pending == 0, f"{name}: {pending} code cells did not run"


def _panel(page: Any, name: str) -> Any:
    """A locator on the notebook panel of ``name`` (found through the app, not by what is on screen)."""
    panel_id = page.evaluate(
        "(name) => { const w = Array.from(window.jupyterapp.shell.widgets('main'))"
        ".find(w => w.context && w.context.path === name); return w ? w.id : null; }",
        name,
    )
    assert panel_id, f"{name} is not open"
    return page.locator(f'[id="{panel_id}"]')


def _record(entry: dict[str, Any]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "lite.json"
    data = json.loads(target.read_text()) if target.exists() else {}
    data.update(entry)
    target.write_text(json.dumps(data, indent=2))
    print(json.dumps(entry))


def test_site_is_complete_and_offline() -> None:
    if not (SITE / "jupyter-lite.json").is_file():
        pytest.skip(f"no JupyterLite site in {SITE}: build it with `make lite`")
    config = json.loads((SITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"].startswith("./")
    lock = json.loads((SITE / kernel["pyodideUrl"]).with_name("pyodide-lock.json").read_text())
    assert lock["info"]["version"] == "0.27.7"
    assert "kamlearn" in lock["packages"] and "kamlearn" in kernel["loadPyodideOptions"]["packages"]
    for name in NOTEBOOKS:
        assert (SITE / "files" / name).is_file()
    size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    _record({"site_megabytes": round(size / 1e6, 1), "site_files": sum(1 for p in SITE.rglob("*") if p.is_file())})


def test_notebook_00_runs_in_the_browser(site_url: str, lite_page: tuple[Any, list[str], list[str]]) -> None:
    page, outside, console = lite_page
    started = time.monotonic()
    _open(page, site_url, NOTEBOOKS[0])
    kernel_ready = time.monotonic() - started
    _run_all(page, NOTEBOOKS[0])
    page.wait_for_selector(".jp-Notebook .jp-OutputArea-output", state="attached", timeout=RUN_TIMEOUT_S * 1000)
    first_result = time.monotonic() - started
    _wait_done(page, NOTEBOOKS[0])
    all_done = time.monotonic() - started
    notebook = _panel(page, NOTEBOOKS[0])
    errors = outputs_with_errors(notebook)
    assert not errors, "\n\n".join(errors)
    assert notebook.locator(".jupyter-widgets").count() > 0, "the notebook's widget did not render"
    page.screenshot(path=str(SCREENSHOTS / "lite-00.png"))
    _record({"seconds_to_kernel_ready_00": round(kernel_ready, 1), "seconds_to_first_result_00": round(first_result, 1),
             "seconds_to_run_all_00": round(all_done, 1)})
    assert not outside, f"requests that tried to leave the machine: {outside[:10]}"
    widget_errors = [m for m in console if "widget" in m.lower() and "pageerror" in m]
    assert not widget_errors, widget_errors


def test_notebook_03_runs_and_the_app_follows_a_slider(site_url: str, lite_page: tuple[Any, list[str], list[str]]) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, outside, console = lite_page
    started = time.monotonic()
    _open(page, site_url, NOTEBOOKS[1])
    _run_all(page, NOTEBOOKS[1])
    _wait_done(page, NOTEBOOKS[1])
    seconds = time.monotonic() - started
    notebook = _panel(page, NOTEBOOKS[1])
    errors = outputs_with_errors(notebook)
    assert not errors, "\n\n".join(errors)

    app = notebook.locator(".kamlearn-allocation").first
    app.evaluate("(el) => el.scrollIntoView({block: 'start'})")  # cells off screen are not rendered (windowing)
    page.wait_for_timeout(500)
    # the resources table: capacity, use, utilisation and shadow price of each resource
    summary = app.locator(".kamlearn-allocation-resources").first
    page.wait_for_function("(el) => el.innerText.trim().length > 0", arg=summary.element_handle(), timeout=60_000)
    slider = app.locator(".widget-slider").first
    readout, before = slider.locator(".widget-readout").first.inner_text(), summary.inner_text()
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    after = before
    for distance in (30, 60, 90, 120):  # drag the handle to the right, as a student does, until the plan changes
        box = handle.bounding_box()
        assert box is not None, "the slider's handle is not on screen"
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + distance, y, steps=8)
        page.mouse.up()
        try:
            page.wait_for_function("([el, old]) => el.innerText !== old", arg=[summary.element_handle(), before], timeout=20_000)
        except PlaywrightTimeout:  # not changed yet: drag further
            continue
        after = summary.inner_text()
        break
    page.screenshot(path=str(SCREENSHOTS / "lite-03.png"))
    assert slider.locator(".widget-readout").first.inner_text() != readout, "the slider did not move"
    assert after != before, f"the plan's numbers did not follow the slider:\n{before}"
    moved_to = slider.locator(".widget-readout").first.inner_text().strip()
    assert moved_to in after, f"the table does not show the new capacity {moved_to}:\n{after}"
    _record({"seconds_to_run_all_03": round(seconds, 1), "page_errors": sorted(set(console))[:20]})
    assert not outside, f"requests that tried to leave the machine: {outside[:10]}"
    widget_errors = [m for m in console if "widget" in m.lower() and "pageerror" in m]
    assert not widget_errors, widget_errors
