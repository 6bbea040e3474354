"""Presenting mode: ``make present`` serves ``notebooks/dashboard.ipynb`` with Voila; test it in Chromium.

Voila is started the way the Makefile does (sources stripped, light theme, 127.0.0.1) on the
temporary copy of the notebooks.  The dashboard must load with no code on screen and no error, show
its apps, and follow a moved control with kamlearn's numbers.  A tiny notebook checks first that
Voila serves ipywidgets 8 to the browser at all (a two-way slider and a label).
"""

from __future__ import annotations

import re
import time

import pytest
from lab_driver import NOTEBOOKS, WIDGET_PROBLEMS, outputs_with_errors, tall_screenshot
from widget_dom import app_root, move_and_check
from widget_specs import app_function, control_class, spec_for

pytestmark = pytest.mark.e2e

DASHBOARD = "dashboard.ipynb"
# The apps the course issues ask the dashboard to carry (issue 11 added key accounts and the response app).
REQUIRED_APPS = ("key_accounts_app", "eight_groups_app", "allocation_explorer", "authority_simulator",
                 "response_calibrator")
VOILA_FAILED = ("There was an error when executing cell", "Error rendering", "Kernel Error")
PROJECTOR = {"width": 1280, "height": 720}
PREHEAT_SECONDS = 30.0
SIZES = {"laptop": {"width": 1366, "height": 768}, "projector": {"width": 1920, "height": 1080}}

TINY = """\
import ipywidgets as widgets

slider = widgets.IntSlider(value=10, min=0, max=100, step=1, description="x")
slider.add_class("e2e-tiny-slider")
label = widgets.HTML(f"twice x is <b>{2 * slider.value}</b>")
label.add_class("e2e-tiny-label")
slider.observe(lambda change: setattr(label, "value", f"twice x is <b>{2 * change['new']}</b>"), names="value")
widgets.VBox([slider, label, widgets.HTML(f"ipywidgets {widgets.__version__}")])
"""


def _notebook(path, code):
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Tiny"), nbformat.v4.new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, path)


def _wait_rendered(page, selectors, timeout=90.0):
    """Wait until every selector is in the page and no widget is still loading; fail on Voila's error page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.locator("body").inner_text()
        failed = [m for m in VOILA_FAILED if m in text]
        assert not failed, f"Voila reports {failed}:\n{text[-3000:]}"
        if all(page.locator(s).count() for s in selectors) and not any(p in text for p in WIDGET_PROBLEMS[:1]):
            page.wait_for_timeout(500)
            return
        time.sleep(0.25)
    raise AssertionError(f"Voila did not render {selectors} within {timeout:.0f} s; page:\n{text[-3000:]}")


def _no_code_on_screen(page):
    visible_inputs = page.locator(".jp-CodeCell .jp-InputArea:visible, .jp-InputArea-editor:visible, .cm-editor:visible")
    assert visible_inputs.count() == 0, "code cells are visible in the dashboard"
    code = re.search(r"(^|\n)\s*(import \w+|from [\w.]+ import \w+)", page.locator("body").inner_text())
    assert code is None, f"source code is on screen: {code.group().strip()!r}"


def test_voila_serves_ipywidgets_8(voila, voila_page, course_root):
    path = course_root / "e2e_voila_tiny.ipynb"
    _notebook(path, TINY)
    page = voila_page
    page.goto(voila.url_for(path), wait_until="domcontentloaded")
    _wait_rendered(page, [".e2e-tiny-slider .noUi-handle", ".e2e-tiny-label"])
    assert not outputs_with_errors(page.locator("body")), voila.log(path)
    _no_code_on_screen(page)
    assert re.search(r"ipywidgets 8\.", page.locator("body").inner_text())
    assert "twice x is 20" in page.locator(".e2e-tiny-label").inner_text()

    handle = page.locator(".e2e-tiny-slider .noUi-handle")
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.e2e-tiny-label').innerText.includes('twice x is 26')")


def _dashboard_apps() -> list[str]:
    """The app functions the dashboard shows, one per tab (built when the tab is first opened)."""
    from kamlearn.widgets.dashboard import TABS

    return list(TABS.values())


def _title_of(function: str) -> str:
    from kamlearn.widgets.dashboard import TABS

    return {f: t for t, f in TABS.items()}[function]


@pytest.fixture(scope="module")
def dashboard(voila, browser, course_root, screenshots):
    if not (NOTEBOOKS / DASHBOARD).exists():
        pytest.skip(f"notebooks/{DASHBOARD} does not exist yet: `make present` has nothing to serve")
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    apps = {name: app_function(name)() for name in _dashboard_apps()}
    first = apps[_dashboard_apps()[0]]
    try:
        url = voila.url_for(course_root / DASHBOARD)
        time.sleep(PREHEAT_SECONDS)  # the presenter starts `make present` before the class; the kernel pre-heats
        start = time.monotonic()
        page.goto(url, wait_until="domcontentloaded")
        _wait_rendered(page, [f".{control_class(first.live.widget)}[src]"], timeout=120.0)
        print(f"dashboard first load (Voila running, a kernel pre-heated): {time.monotonic() - start:.1f} s")
        yield page, apps
        tall_screenshot(page, page.locator("#rendered_cells"), screenshots / "dashboard_voila.png")
    finally:
        context.close()


def test_dashboard_loads_without_code_or_errors(dashboard, voila, course_root, screenshots):
    page, apps = dashboard
    missing = [name for name in REQUIRED_APPS if name not in apps]
    assert not missing, f"{DASHBOARD} does not show {missing}"
    errors = outputs_with_errors(page.locator("body"))
    assert not errors, "\n---\n".join(errors) + "\n" + voila.log(course_root / DASHBOARD)[-3000:]
    _no_code_on_screen(page)
    page.screenshot(path=str(screenshots / "dashboard_voila_projector.png"))


def _apps_to_move() -> list[str]:
    found = _dashboard_apps() if (NOTEBOOKS / DASHBOARD).exists() else []
    return list(REQUIRED_APPS) + [name for name in found if name not in REQUIRED_APPS]


@pytest.mark.parametrize("function", _apps_to_move())
def test_dashboard_numbers_follow_a_control(dashboard, screenshots, function):
    import kamlearn

    page, apps = dashboard
    if function not in apps:
        pytest.fail(f"{DASHBOARD} does not show {function}")
    app = apps[function]
    _open_tab(page, function)
    root = app_root(page, app)
    root.wait_for(state="visible", timeout=60_000)
    _reveal(page, root)
    move, before, after = move_and_check(root, app, spec_for(function), kamlearn.load_case(), ("slider",))
    print(f"dashboard {function}: {move.key} -> {move.target!r}\n  before {before}\n  after  {after}")
    tall_screenshot(page, page.locator("#rendered_cells"), screenshots / f"dashboard_{function}.png")


def _open_tab(page, function):
    """Click the dashboard's tab of an app (as a presenter does) and wait until the app is built and shown."""
    page.locator(".lm-TabBar-tab", has_text=_title_of(function)).first.click()


def _reveal(page, root):
    """Bring an app into view; when it sits in a tab that is not selected, click the tab first (as a presenter does)."""
    index = root.evaluate(
        """(node) => {
        for (let child = node, parent = node.parentElement; parent; child = parent, parent = parent.parentElement) {
          if (parent.classList.contains('widget-tab-contents') || parent.classList.contains('lm-StackedPanel')) {
            const tabs = parent.parentElement.querySelector(':scope > .lm-TabBar, :scope > .widget-tab-bar');
            if (!tabs) continue;
            const pane = Array.from(parent.children).indexOf(child);
            const tab = tabs.querySelectorAll('.lm-TabBar-tab')[pane];
            document.querySelectorAll('[data-e2e-reveal]').forEach(t => t.removeAttribute('data-e2e-reveal'));
            if (tab) { tab.setAttribute('data-e2e-reveal', '1'); return pane; }
          }
        }
        return -1;
      }"""
    )
    if index >= 0:
        page.locator("[data-e2e-reveal]").click()
    root.wait_for(state="visible", timeout=10_000)
    root.scroll_into_view_if_needed()


def test_dashboard_first_load_and_projector_look(voila, browser, course_root, screenshots):
    """Nothing above the tabs, all six tab titles whole, large type; each tab at laptop and projector size."""
    from kamlearn.widgets.dashboard import TABS

    for label, size in SIZES.items():
        context = browser.new_context(viewport=size)
        page = context.new_page()
        try:
            time.sleep(PREHEAT_SECONDS)  # the pool makes a new kernel for each new page
            start = time.monotonic()
            page.goto(voila.url_for(course_root / DASHBOARD), wait_until="domcontentloaded")
            first = app_function(_dashboard_apps()[0])()
            _wait_rendered(page, [f".{control_class(first.live.widget)}[src]"], timeout=120.0)
            print(f"{label}: first picture on screen {time.monotonic() - start:.1f} s after the page was asked for")
            tabs = page.locator(".kamlearn-dashboard-tabs").first
            top = tabs.bounding_box()["y"]
            assert top < 40, f"{label}: {top:.0f} px of something above the tabs"
            titles = [t.strip() for t in page.locator(".lm-TabBar-tab").all_inner_texts()]
            assert titles == [*TABS, "About"], titles
            cut = page.evaluate(
                "() => Array.from(document.querySelectorAll('.lm-TabBar-tabLabel, .kamlearn-app .widget-label,"
                " .kamlearn-app button, .kamlearn-app .widget-readout')).filter(e => e.offsetParent &&"
                " e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)")
            assert not cut, f"{label}: cut off: {cut}"
            size_px = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.kamlearn-app .widget-html-content'))"
                ".fontSize)")
            assert size_px >= 18, f"{label}: dashboard text is {size_px} px, not projector size"
            for title, function in TABS.items():
                page.locator(".lm-TabBar-tab", has_text=title).first.click()
                app = app_function(function)()
                picture = page.locator(f".{control_class(app.live.widget)}").first
                picture.wait_for(state="visible", timeout=60_000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(screenshots / f"dashboard_{function}_{size['width']}x{size['height']}.png"))
                cut = page.evaluate(
                    "() => Array.from(document.querySelectorAll('.kamlearn-app .widget-label, .kamlearn-app button,"
                    " .kamlearn-app .widget-readout, .kamlearn-app select')).filter(e => e.offsetParent &&"
                    " e.scrollWidth > e.clientWidth + 1).map(e => e.innerText || e.value)")
                assert not cut, f"{label}, {title}: cut off: {cut}"
            page.locator(".lm-TabBar-tab", has_text="About").first.click()
            page.wait_for_timeout(300)
            assert "Case company" in page.locator(".kamlearn-dashboard-about").inner_text()
        finally:
            context.close()
