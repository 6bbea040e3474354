"""Drive one JupyterLab page through ``window.jupyterapp`` (the server runs with expose_app_in_browser).

Commands are the ones a student triggers from the menus (``docmanager:open``,
``notebook:run-all-cells``); the driver only adds waits and reads the DOM the student sees.
"""

from __future__ import annotations

import ast
import json
import re
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"


def course_notebooks() -> list[str]:
    """The course notebooks (``notebooks/NN_*.ipynb``) as they exist now, in teaching order."""
    return sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


# JavaScript helpers, installed once per page load.
_HELPERS = r"""
() => {
  const app = window.jupyterapp;
  const panel = (path) => {
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
    }
    return null;
  };
  const need = (path) => {
    const w = panel(path);
    if (!w) throw new Error('notebook not open: ' + path);
    return w;
  };
  const kernelOf = (path) => {
    const s = need(path).sessionContext.session;
    if (!s || !s.kernel) throw new Error('no kernel for ' + path);
    return s.kernel;
  };
  window.__kamlearn = {
    async open(path) {
      const w = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
      await w.context.ready;
      await w.sessionContext.ready;
      app.shell.activateById(w.id);
      w.node.id = w.node.id || w.id;
      return w.id;
    },
    status(path) {
      const w = panel(path);
      if (!w) return 'closed';
      const k = w.sessionContext.session && w.sessionContext.session.kernel;
      return k ? k.status : 'no-kernel';
    },
    async runAll(path) {
      const w = need(path);
      app.shell.activateById(w.id);
      const ok = await app.commands.execute('notebook:run-all-cells', {semanticWidget: w.id});
      return ok === undefined ? true : ok;
    },
    startRun(path) {
      // Start Run All without waiting for it (the next notebook runs while the test checks this one).
      const w = need(path);
      window.__kamlearnRuns = window.__kamlearnRuns || {};
      window.__kamlearnRuns[path] = null;
      app.commands.execute('notebook:run-all-cells', {semanticWidget: w.id, activate: false}).then(
        ok => { window.__kamlearnRuns[path] = {ok: ok === undefined ? true : ok}; },
        err => { window.__kamlearnRuns[path] = {ok: false, error: String(err)}; });
      return true;
    },
    runResult(path) {
      const runs = window.__kamlearnRuns || {};
      return path in runs ? runs[path] : 'not-started';
    },
    activate(path) { app.shell.activateById(need(path).id); return true; },
    async runCells(path, start, stop) {
      // Select cells [start, stop) and run them, as a student does with shift-click and Shift+Enter.
      const w = need(path);
      app.shell.activateById(w.id);
      const nb = w.content;
      const n = nb.widgets.length;
      stop = Math.min(stop, n);
      nb.deselectAll();
      nb.activeCellIndex = start;
      nb.extendContiguousSelectionTo(stop - 1);
      return await app.commands.execute('notebook:run-cell', {semanticWidget: w.id});
    },
    cellCount(path) { return need(path).content.widgets.length; },
    codeCellIndexes(path) {
      const out = [];
      need(path).content.widgets.forEach((c, i) => { if (c.model.type === 'code') out.push(i); });
      return out;
    },
    pending(path) {
      // Code cells queued or running ([*]).
      return need(path).content.widgets.filter(
        c => c.model.type === 'code' && c.promptNode && c.promptNode.textContent.includes('*')).length;
    },
    executionCounts(path) {
      return need(path).content.widgets.filter(c => c.model.type === 'code').map(c => c.model.executionCount);
    },
    async restart(path) {
      const w = need(path);
      await w.sessionContext.restartKernel();
      return true;
    },
    async close(path) {
      const w = panel(path);
      if (!w) return true;
      const session = w.sessionContext.session;
      if (session) await session.shutdown();
      w.context.model.dirty = false;
      w.dispose();
      return true;
    },
    async evaluate(path, expression) {
      // Evaluate a Python expression in the notebook's kernel, outside the notebook (no output, no history).
      const future = kernelOf(path).requestExecute(
        {code: '', silent: true, store_history: false, user_expressions: {value: expression}});
      const reply = await future.done;
      const result = reply.content.user_expressions.value;
      if (result.status !== 'ok') throw new Error(result.ename + ': ' + result.evalue);
      return result.data['text/plain'];
    },
  };
  return true;
}
"""

TRACEBACK = "Traceback (most recent call last)"
ERROR_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b")
WIDGET_PROBLEMS = ("Loading widget", "Error displaying widget", "Failed to load model class", "Model not found")

# Kamlearn CSS classes of the widgets alive in a kernel (widgets closed by their app are not counted).
KERNEL_CLASSES = (
    "__import__('json').dumps(sorted({c for w in list(__import__('ipywidgets').widgets.widget._instances.values())"
    " for c in getattr(w, '_dom_classes', ()) if c.startswith('kamlearn-')}))"
)


class Lab:
    """One JupyterLab page; notebooks are addressed by their path relative to the server's root."""

    def __init__(self, page: Any, server: Any) -> None:
        self.page = page
        self.server = server
        self.console: list[str] = []
        self._started: set[str] = set()
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    # --- the page ---------------------------------------------------------------------------

    def load(self) -> None:
        self.page.goto(f"{self.server.url}/lab?reset&token={self.server.token}", wait_until="domcontentloaded")
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell && document.querySelector('#jp-main-dock-panel')",
            timeout=60_000,
        )
        self.page.wait_for_function("() => window.jupyterapp.restored !== undefined", timeout=60_000)
        self.page.evaluate("() => window.jupyterapp.restored")
        self.page.evaluate(_HELPERS)
        # Close whatever the launcher or a restored workspace opened; give the notebook the full width.
        self.page.evaluate("() => window.jupyterapp.commands.execute('application:close-all')")
        self.page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }")

    def call(self, name: str, *args: Any, timeout: float = 60.0) -> Any:
        """Call a helper of ``window.__kamlearn`` (awaiting its promise)."""
        self.page.set_default_timeout(timeout * 1000)
        return self.page.evaluate(f"(args) => window.__kamlearn.{name}(...args)", list(args))

    # --- notebooks --------------------------------------------------------------------------

    def open(self, path: str, timeout: float = 60.0) -> str:
        """Open a notebook, wait for its kernel to be idle; return the panel's DOM id."""
        panel_id = self.call("open", path, timeout=timeout)
        self.wait_idle(path, timeout=timeout)
        return str(panel_id)

    def panel(self, path: str) -> Any:
        """A locator on the notebook panel of ``path``."""
        panel_id = self.page.evaluate(
            "(path) => { for (const w of window.jupyterapp.shell.widgets('main'))"
            " if (w.context && w.context.path === path) return w.id; return null; }",
            path,
        )
        if panel_id is None:
            raise AssertionError(f"{path} is not open")
        return self.page.locator(f'[id="{panel_id}"]')

    def wait_idle(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            status = self.call("status", path)
            busy = status != "idle" or self.call("pending", path) > 0
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > 0.4:
                return
            time.sleep(0.1)
        raise AssertionError(f"{path}: kernel not idle after {timeout:.0f} s (status {self.call('status', path)})")

    def run_all(self, path: str, timeout: float = 180.0) -> bool:
        """Run all cells with the ``notebook:run-all-cells`` command; wait until every cell has run."""
        ok = bool(self.call("runAll", path, timeout=timeout))
        self.wait_idle(path, timeout=timeout)
        return ok

    def start_run_all(self, path: str) -> None:
        """Open a notebook and start Run All in the background (see ``finish_run_all``); once per notebook."""
        if path in self._started:
            return
        self._started.add(path)
        self.call("open", path)
        self.call("startRun", path)

    def finish_run_all(self, path: str, timeout: float = 180.0) -> bool:
        """Wait for a Run All started with ``start_run_all``; show the notebook; return whether every cell ran."""
        self.start_run_all(path)
        deadline = time.monotonic() + timeout
        while (result := self.call("runResult", path)) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        if not isinstance(result, dict):
            raise AssertionError(f"{path}: Run All did not finish within {timeout:.0f} s")
        self.call("activate", path)
        self.wait_idle(path, timeout=timeout)
        if result.get("error"):
            raise AssertionError(f"{path}: Run All failed in the page: {result['error']}")
        return bool(result["ok"])

    def run_cells(self, path: str, start: int, stop: int, timeout: float = 180.0) -> bool:
        ok = bool(self.call("runCells", path, start, stop, timeout=timeout))
        self.wait_idle(path, timeout=timeout)
        return ok

    def restart(self, path: str, timeout: float = 60.0) -> None:
        self.call("restart", path, timeout=timeout)
        self.wait_idle(path, timeout=timeout)

    def close(self, path: str) -> None:
        """Shut the notebook's kernel down and close its tab without saving."""
        self.call("close", path)
        self._started.discard(path)

    def evaluate(self, path: str, expression: str) -> Any:
        """The value of a Python expression in the notebook's kernel (repr parsed back with literal_eval)."""
        return ast.literal_eval(self.call("evaluate", path, expression))

    def kernel_classes(self, path: str) -> set[str]:
        return set(json.loads(self.evaluate(path, KERNEL_CLASSES)))

    # --- what the student sees --------------------------------------------------------------

    def page_errors(self, since: int = 0) -> list[str]:
        """Uncaught exceptions in the page and console errors about widgets, after message ``since``."""
        return [m for m in self.console[since:] if m.startswith("pageerror") or "widget" in m.lower()]

    def wait_widgets(self, path: str, timeout: float = 30.0) -> None:
        """Wait until no widget placeholder is left and the number of rendered widgets is stable."""
        panel = self.panel(path)
        deadline = time.monotonic() + timeout
        last, stable_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            text = panel.inner_text()
            count = panel.locator(".jupyter-widgets").count()
            loading = any(p in text for p in WIDGET_PROBLEMS[:1])
            if count != last or loading:
                last, stable_since = count, time.monotonic()
            elif time.monotonic() - stable_since > 0.8:
                return
            time.sleep(0.15)

    def errors(self, path: str) -> list[str]:
        """Error outputs shown in the notebook: tracebacks, exceptions on stderr, broken widgets."""
        return outputs_with_errors(self.panel(path))

    def dom_classes(self, path: str) -> set[str]:
        return dom_kamlearn_classes(self.panel(path))

    def missing_widgets(self, path: str, timeout: float = 20.0) -> list[str]:
        """The kamlearn classes alive in the kernel that the page does not show (waiting for slow renders)."""
        expected = self.kernel_classes(path)
        deadline = time.monotonic() + timeout
        while True:
            missing = sorted(expected - self.dom_classes(path))
            if not missing or time.monotonic() > deadline:
                return missing
            time.sleep(0.25)

    def screenshot(self, path: str, target: Path) -> Path:
        """A screenshot of the whole notebook: the viewport is made as tall as the notebook for the shot."""
        return tall_screenshot(self.page, self.panel(path).locator(".jp-WindowedPanel-outer").first, target)


def outputs_with_errors(root: Any) -> list[str]:
    """Texts of error outputs and broken widgets under a locator (JupyterLab or Voila)."""
    found: list[str] = []
    stderr = root.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    for i in range(stderr.count()):
        text = stderr.nth(i).inner_text()
        if TRACEBACK in text or ERROR_NAME.search(text):
            found.append(text[:2000])
    rendered = root.locator(".jp-RenderedText")
    for i in range(rendered.count()):
        text = rendered.nth(i).inner_text()
        if TRACEBACK in text:
            found.append(text[:2000])
    for problem in WIDGET_PROBLEMS:
        hits = root.get_by_text(problem)
        if hits.count():
            found.append(f"{problem}: {hits.first.inner_text()[:300]}")
    messages = root.locator(".kamlearn-message-error")
    for i in range(messages.count()):
        found.append(f"widget error message: {messages.nth(i).inner_text()[:500]}")
    return found


def dom_kamlearn_classes(root: Any) -> set[str]:
    classes = root.evaluate(
        "(node) => Array.from(node.querySelectorAll('[class*=\"kamlearn-\"]'))"
        ".flatMap(e => Array.from(e.classList)).filter(c => c.startsWith('kamlearn-'))"
    )
    return set(classes)


def tall_screenshot(page: Any, scroller: Any, target: Path, max_height: int = 14_000) -> Path:
    """Screenshot a scrolling panel whole: grow the viewport to its content height, shoot, restore."""
    size = page.viewport_size
    hidden = int(scroller.evaluate("(n) => n.scrollHeight - n.clientHeight")) if scroller.count() else 0
    tall = max(size["height"], min(size["height"] + hidden + 40, max_height))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.set_viewport_size({"width": size["width"], "height": tall})
        if scroller.count():
            scroller.evaluate("(n) => { n.scrollTop = 0; }")
        page.wait_for_timeout(300)
        page.screenshot(path=str(target), full_page=False)
    finally:
        page.set_viewport_size(size)
    return target
