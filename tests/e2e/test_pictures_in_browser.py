"""What a person checks on a 1366x768 laptop and a 1920x1080 projector, asserted in the page.

For every app in JupyterLab, at both sizes: the control being moved and the picture it moves are both
inside the viewport; no label, readout or button is cut off (its scroll width is not larger than its
box); the smallest text in the picture is at least 11 pt as shown; and every press of an arrow key
on the control changes the picture (a ``MutationObserver`` on the ``<img>``).  A screenshot of each
app at each size lands in ``tests/e2e/screenshots/``.  Timings are printed, never asserted (the
benchmark is ``bench/bench_browser.py``).
"""

from __future__ import annotations

import picture_probe
import pytest
from lab_driver import Lab
from widget_specs import app_function, control_class

pytestmark = pytest.mark.e2e

SIZES = {"laptop": {"width": 1366, "height": 768}, "projector": {"width": 1920, "height": 1080}}
MIN_FONT_PT = 11.0
PRESSES = 4
# the control a person moves in each app, and the key that moves it
MOVES = {
    "key_accounts_app": ("threshold", "ArrowLeft"),
    "eight_groups_app": ("staffing-A01-G1", "ArrowLeft"),
    "allocation_explorer": ("capacity-kam_hours", "ArrowLeft"),
    "authority_simulator": ("limit", "ArrowRight"),
    "response_calibrator": ("hours", "ArrowRight"),
}
NOTEBOOK = "e2e_pictures.ipynb"


def _write(path):
    import nbformat

    cells = [nbformat.v4.new_markdown_cell("Every app, for the layout and picture checks (written by tests/e2e).")]
    for function in MOVES:
        cells.append(nbformat.v4.new_code_cell(
            f"from kamlearn.widgets import {function}\n\n{function}_app = {function}()\n{function}_app"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, path)


@pytest.fixture(scope="module", params=list(SIZES))
def sized_lab(request, browser, lab_server, course_root):
    size = SIZES[request.param]
    name = f"{request.param}_{NOTEBOOK}"
    _write(course_root / name)
    context = browser.new_context(viewport=size)
    page = context.new_page()
    lab = Lab(page, lab_server)
    try:
        lab.load()
        lab.open(name)
        assert lab.run_all(name), "the apps notebook stopped before its last cell"
        lab.wait_widgets(name)
        assert not lab.errors(name), lab.errors(name)
        yield request.param, size, lab, name
        lab.close(name)
    finally:
        context.close()


@pytest.mark.parametrize("function", list(MOVES))
def test_control_and_picture_together_readable_and_live(sized_lab, function, screenshots):
    label, size, lab, notebook = sized_lab
    app = app_function(function)()  # headless twin: CSS classes, the picture's nominal size and fonts
    key, arrow = MOVES[function]
    root_css = f".{control_class(app)}"
    control_css = f".{control_class(app.controls[key])}"
    picture_css = f".{control_class(app.live.widget)}"
    page = lab.page
    root = lab.panel(notebook).locator(root_css).first
    # the app's top at the top of the notebook's view, as a person scrolls to it
    root.evaluate("(node) => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)

    where = picture_probe.layout(page, control_css, picture_css, root_css)
    shot = screenshots / f"app_{function}_{size['width']}x{size['height']}.png"
    page.screenshot(path=str(shot))
    assert where["control"]["ok"], f"{function} at {label}: the control {key} is off screen: {where['control']}"
    assert where["picture"]["ok"], f"{function} at {label}: the picture is off screen: {where['picture']}"
    assert not where["cut"], f"{function} at {label}: labels cut off: {where['cut']}"

    shown_pt = app.live.min_font_css_pt * where["pictureWidth"] / app.live.nominal_size[0]
    assert shown_pt >= MIN_FONT_PT - 0.05, (
        f"{function} at {label}: smallest text in the picture is {shown_pt:.1f} pt as shown "
        f"({where['pictureWidth']} of {app.live.nominal_size[0]} px wide)")
    assert where["naturalWidth"] >= 1.9 * where["pictureWidth"], "the picture is not rendered at twice its size"

    handle = root.locator(f"{control_css} .noUi-handle").first
    picture_probe.install(page, picture_css)
    times = picture_probe.presses_change_picture(page, handle, arrow, PRESSES, f"{function} at {label}")
    print(f"{function} at {label}: key press -> picture {', '.join(f'{t:.0f}' for t in times)} ms; "
          f"smallest text {shown_pt:.1f} pt")
