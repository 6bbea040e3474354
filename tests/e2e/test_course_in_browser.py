"""Every course notebook, the way a student meets it: open in JupyterLab, Run All, look at the result.

For each ``notebooks/NN_*.ipynb`` (found when the tests are collected): no error output, every
widget rendered (no placeholder or error text left, every ``kamlearn-*`` class the kernel's live
widgets carry is present in the page), and a screenshot saved to ``tests/e2e/screenshots/``.
"""

from __future__ import annotations

import json

import pytest
from lab_driver import NOTEBOOKS, course_notebooks

pytestmark = pytest.mark.e2e


def _uses_widgets(name: str) -> bool:
    notebook = json.loads((NOTEBOOKS / name).read_text())
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    return "widgets" in code and "kamlearn" in code


NAMES = course_notebooks()


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_jupyterlab(lab, screenshots, name):
    # Two notebooks run at a time (the machine has two cores): start the next one before checking this one.
    console_mark = len(lab.console)
    following = NAMES[NAMES.index(name) + 1 :]
    lab.start_run_all(name)
    if following:
        lab.start_run_all(following[0])
    try:
        ok = lab.finish_run_all(name)
        lab.wait_widgets(name)
        shot = lab.screenshot(name, screenshots / f"{name.removesuffix('.ipynb')}.png")
        errors = lab.errors(name)
        assert not errors, f"{name}: error output after Run All:\n" + "\n---\n".join(errors)
        assert ok, f"{name}: Run All stopped before the last cell"
        page_errors = lab.page_errors(console_mark)
        assert not page_errors, f"{name}: errors in the browser console: {page_errors}"
        counts = lab.call("executionCounts", name)
        assert all(c is not None for c in counts), f"{name}: cells left unexecuted: {counts}"

        missing = lab.missing_widgets(name)
        assert not missing, f"{name}: widgets not rendered in the page (classes missing): {missing}"
        if _uses_widgets(name):
            assert lab.kernel_classes(name), f"{name}: uses kamlearn.widgets but no kamlearn-* widget is alive in the kernel"
        assert shot.stat().st_size > 10_000
    finally:
        lab.close(name)
