"""What students do that notebooks must survive: restarting the kernel halfway, running cells again.

Two course notebooks with widgets (the shortest ones, to keep the suite fast): one is run halfway,
its kernel restarted, and run again from the top; the other is run twice without a restart.  Neither
may show an error, and every widget must render again.
"""

from __future__ import annotations

import json

import pytest
from lab_driver import NOTEBOOKS, course_notebooks

pytestmark = pytest.mark.e2e


def _code_cells(name: str) -> list[str]:
    notebook = json.loads((NOTEBOOKS / name).read_text())
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def _with_widgets() -> list[str]:
    """Course notebooks that show kamlearn widgets, shortest first (all notebooks when none does)."""
    names = course_notebooks()
    widgety = [n for n in names if any("kamlearn.widgets" in c or "widgets import" in c for c in _code_cells(n))]
    return sorted(widgety or names, key=lambda n: (len(_code_cells(n)), n))


CANDIDATES = _with_widgets()
RESTARTED = CANDIDATES[0] if CANDIDATES else None
TWICE = (CANDIDATES[1] if len(CANDIDATES) > 1 else CANDIDATES[0]) if CANDIDATES else None
NONE_YET = pytest.mark.skipif(not CANDIDATES, reason="no course notebook exists yet")


def _assert_clean(lab, name, when):
    lab.wait_widgets(name)
    errors = lab.errors(name)
    assert not errors, f"{name} {when}: error output:\n" + "\n---\n".join(errors)
    counts = lab.call("executionCounts", name)
    assert all(c is not None for c in counts), f"{name} {when}: cells left unexecuted: {counts}"
    missing = lab.missing_widgets(name)
    assert not missing, f"{name} {when}: widgets not rendered (classes missing): {missing}"
    return counts


@NONE_YET
def test_restart_kernel_halfway_then_run_all(lab, screenshots):
    name = RESTARTED
    lab.open(name)
    try:
        code = lab.call("codeCellIndexes", name)
        half = code[len(code) // 2] if code else 0
        assert lab.run_cells(name, 0, half + 1), f"{name}: the first half stopped on an error"
        assert not lab.errors(name), lab.errors(name)

        lab.restart(name)
        assert lab.evaluate(name, "'kamlearn' in __import__('sys').modules") is False, "the kernel did not restart"

        assert lab.run_all(name), f"{name}: Run All after the restart stopped before the last cell"
        counts = _assert_clean(lab, name, "after a restart halfway")
        assert max(counts) == len(counts), f"{name}: the run after the restart did not start from 1: {counts}"
        lab.screenshot(name, screenshots / f"robustness_restart_{name.removesuffix('.ipynb')}.png")
    finally:
        lab.close(name)


@NONE_YET
def test_run_every_cell_twice(lab):
    name = TWICE
    lab.open(name)
    try:
        assert lab.run_all(name), f"{name}: the first Run All stopped before the last cell"
        first = _assert_clean(lab, name, "after one run")
        assert lab.run_all(name), f"{name}: the second Run All stopped before the last cell"
        second = _assert_clean(lab, name, "run a second time")
        assert min(second) > max(first), f"{name}: not every cell ran again: {first} then {second}"
    finally:
        lab.close(name)
