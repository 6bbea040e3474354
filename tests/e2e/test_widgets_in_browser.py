"""Every widget app in JupyterLab: move a control with the keyboard or mouse, the numbers follow.

The apps are found in :mod:`kamlearn.widgets` when the tests are collected (every exported function
annotated to return an ``App``).  One notebook shows them all, one kernel.  For each app the test
reads the controls from the page, moves one (a slider with ArrowRight, a check box or drop-down with
the mouse), and waits until the page shows what kamlearn computes for the new settings
(``widget_specs.SPECS``).
"""

from __future__ import annotations

import time

import pytest
from widget_dom import app_root, move_and_check
from widget_specs import app_function, control_kind, discover_apps, spec_for

pytestmark = pytest.mark.e2e

APPS, IMPORT_ERROR = discover_apps()
NOTEBOOK = "e2e_widget_apps.ipynb"


def _write_notebook(path, functions):
    import nbformat

    cells = [nbformat.v4.new_markdown_cell("Every app of kamlearn.widgets (written by tests/e2e).")]
    for function, module in functions.items():
        cells.append(
            nbformat.v4.new_code_cell(f"from {module} import {function}\n\n{function}_app = {function}()\n{function}_app")
        )
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def apps_notebook(lab, course_root, screenshots):
    _write_notebook(course_root / NOTEBOOK, APPS)
    lab.open(NOTEBOOK)
    try:
        assert lab.run_all(NOTEBOOK), "the apps notebook stopped before its last cell"
        lab.wait_widgets(NOTEBOOK)
        errors = lab.errors(NOTEBOOK)
        assert not errors, "error output while building the apps:\n" + "\n---\n".join(errors)
        yield NOTEBOOK
        lab.screenshot(NOTEBOOK, screenshots / "widget_apps_after_moves.png")
    finally:
        lab.close(NOTEBOOK)


def _kernel_value(lab, notebook, expression, target, timeout=15.0):
    """The value of ``expression`` in the kernel once it equals ``target`` (or the last one seen)."""
    deadline = time.monotonic() + timeout
    while True:
        value = lab.evaluate(notebook, expression)
        if value == pytest.approx(target) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_widgets_package_imports():
    assert IMPORT_ERROR is None, IMPORT_ERROR


@pytest.mark.parametrize(
    "function", list(APPS) or [pytest.param(None, marks=pytest.mark.skip(reason="kamlearn.widgets exports no app yet"))]
)
def test_app_numbers_follow_a_moved_control(lab, apps_notebook, function):
    import kamlearn

    case = kamlearn.load_case()
    app = app_function(function)()  # headless twin: which controls exist, their classes and steps
    spec = spec_for(function)
    root = app_root(lab.panel(apps_notebook), app)
    assert root.count() == 1, f"{function}: the app is not in the page"

    def kernel_value(key, target):
        return _kernel_value(lab, apps_notebook, f"{function}_app.controls[{key!r}].value", target)

    # A slider with the keyboard; then, where the app has one, a check box or drop-down with the mouse.
    present = {control_kind(w) for w in app.controls.values()}
    passes = [kinds for kinds in (("slider",), ("checkbox", "dropdown")) if present & set(kinds)]
    assert passes, f"{function}: no slider, check box or drop-down to move"
    for kinds in passes:
        move, before, after = move_and_check(root, app, spec, case, kinds, kernel_value)
        print(f"{function}: {move.kind} {move.key} -> {move.target!r}\n  before {before}\n  after  {after}")
        errors = lab.errors(apps_notebook)
        assert not errors, f"{function}: error output after moving {move.key}: {errors}"
