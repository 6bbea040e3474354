"""The bokmål course in the browser: a Norwegian notebook in JupyterLab and the Norwegian dashboard in Voila.

What a person checks on a 1366x768 laptop and a 1920x1080 projector, asserted in the page, as the English
tests do (``test_pictures_in_browser.py``, ``test_present.py``):

- ``notebooks/nb/01_resources_for_key_accounts.ipynb`` opened in JupyterLab and Run All: no error output, every
  widget rendered, the sentences print numbers the bokmål way (``4 670 timer``, from :mod:`kamlearn.formatting`
  under ``%env KAMLEARN_LANG=nb``); its app's control and picture are both inside the viewport, no label is cut
  off, and every press of an arrow key on the control changes the picture;
- ``notebooks/nb/dashboard.ipynb`` served by Voila the way ``make present-nb`` does: nothing above the tabs (the
  language cell prints nothing), no tab title or label cut off, and in every tab the control and the picture
  inside the viewport and the picture changing after a move; the About tab carries the bokmål text;
- in both, every slider readout on show writes its number the bokmål way (``2 600``, ``80 %``), never
  ipywidgets' English ``2,600`` or ``80%``.

Screenshots of each at each size land in ``tests/e2e/screenshots/`` (``nb_*.png``).  Timings are printed, never
asserted.
"""

from __future__ import annotations

import re
import time

import picture_probe
import pytest
from lab_driver import NOTEBOOKS, Lab, outputs_with_errors
from test_pictures_in_browser import MOVES, PRESSES, SIZES
from widget_specs import app_function, control_class

pytestmark = pytest.mark.e2e

NB_NOTEBOOK = "nb/01_resources_for_key_accounts.ipynb"
NB_NOTEBOOK_APP = "key_accounts_app"
NB_DASHBOARD = "nb/dashboard.ipynb"
VOILA_FAILED = ("There was an error when executing cell", "Error rendering", "Kernel Error")


def _bokmål_hours() -> str:
    """The sentence part the Norwegian notebook 01 prints for the human resources' hours (``4 670 timer``)."""
    import kamlearn
    from kamlearn.formatting import number
    from kamlearn.i18n import language

    resources = kamlearn.load_case().resources
    with language("nb"):
        return number(round(resources.loc[resources["kind"] == "human", "capacity"].sum()), "hours")


def _check_app_in_view(page, root, app, key: str, arrow: str, where_label: str, shot) -> list[float]:
    """Scroll the app to the top of the view; control and picture on screen, nothing cut; presses move the picture."""
    root_css = f".{control_class(app)}"
    control_css = f".{control_class(app.controls[key])}"
    picture_css = f".{control_class(app.live.widget)}"
    root.evaluate("(node) => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)
    where = picture_probe.layout(page, control_css, picture_css, root_css)
    page.screenshot(path=str(shot))
    assert where["control"]["ok"], f"{where_label}: the control {key} is off screen: {where['control']}"
    assert where["picture"]["ok"], f"{where_label}: the picture is off screen: {where['picture']}"
    assert not where["cut"], f"{where_label}: labels cut off: {where['cut']}"
    handle = root.locator(f"{control_css} .noUi-handle").first
    picture_probe.install(page, picture_css)
    times = picture_probe.presses_change_picture(page, handle, arrow, PRESSES, where_label)
    # ipywidgets writes its own readouts with English digits; the bokmål apps show theirs ("2 600", "80 %")
    readouts = root.evaluate("(node) => Array.from(node.querySelectorAll('.widget-readout'))"
                             ".filter(e => e.offsetParent).map(e => e.innerText)")
    english = [t for t in readouts if re.search(r"\d,\d{3}|\d%|\d\.\d", t)]
    assert readouts and not english, f"{where_label}: slider readouts in English digits: {english or readouts}"
    return times


@pytest.mark.parametrize("size_name", list(SIZES))
def test_norwegian_notebook_in_jupyterlab(browser, lab_server, screenshots, size_name):
    assert (NOTEBOOKS / NB_NOTEBOOK).exists(), f"notebooks/{NB_NOTEBOOK} is missing"
    size = SIZES[size_name]
    context = browser.new_context(viewport=size)
    lab = Lab(context.new_page(), lab_server)
    try:
        lab.load()
        lab.open(NB_NOTEBOOK)
        assert lab.run_all(NB_NOTEBOOK), f"{NB_NOTEBOOK}: Run All stopped before the last cell"
        lab.wait_widgets(NB_NOTEBOOK)
        errors = lab.errors(NB_NOTEBOOK)
        assert not errors, f"{NB_NOTEBOOK}: error output after Run All:\n" + "\n---\n".join(errors)
        missing = lab.missing_widgets(NB_NOTEBOOK)
        assert not missing, f"{NB_NOTEBOOK}: widgets not rendered in the page (classes missing): {missing}"
        shown = lab.panel(NB_NOTEBOOK).inner_text()
        hours = _bokmål_hours()
        assert hours in shown, f"{NB_NOTEBOOK}: the bokmål number {hours!r} is not on the page"
        assert "hours a year" not in shown, f"{NB_NOTEBOOK}: an English sentence is on the page"

        app = app_function(NB_NOTEBOOK_APP)()
        key, arrow = MOVES[NB_NOTEBOOK_APP]
        root = lab.panel(NB_NOTEBOOK).locator(f".{control_class(app)}").first
        label = f"{NB_NOTEBOOK} at {size_name}"
        shot = screenshots / f"nb_01_{NB_NOTEBOOK_APP}_{size['width']}x{size['height']}.png"
        times = _check_app_in_view(lab.page, root, app, key, arrow, label, shot)
        print(f"{label}: key press -> picture {', '.join(f'{t:.0f}' for t in times)} ms")
        assert not lab.errors(NB_NOTEBOOK), lab.errors(NB_NOTEBOOK)
        lab.screenshot(NB_NOTEBOOK, screenshots / f"nb_01_resources_for_key_accounts_{size_name}.png")
        lab.close(NB_NOTEBOOK)
    finally:
        context.close()


def _wait_voila(page, selector: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.locator("body").inner_text()
        failed = [m for m in VOILA_FAILED if m in text]
        assert not failed, f"Voila reports {failed}:\n{text[-3000:]}"
        if page.locator(selector).count():
            page.wait_for_timeout(500)
            return
        time.sleep(0.25)
    raise AssertionError(f"Voila did not render {selector} within {timeout:.0f} s")


@pytest.mark.parametrize("size_name", list(SIZES))
def test_norwegian_dashboard_in_voila(voila, browser, course_root, screenshots, size_name):
    from kamlearn.widgets.dashboard import TABS

    assert (NOTEBOOKS / NB_DASHBOARD).exists(), f"notebooks/{NB_DASHBOARD} is missing: `make present-nb` has nothing"
    functions = list(TABS.values())
    size = SIZES[size_name]
    context = browser.new_context(viewport=size)
    page = context.new_page()
    try:
        start = time.monotonic()
        page.goto(voila.url_for(course_root / NB_DASHBOARD), wait_until="domcontentloaded")
        _wait_voila(page, f".{control_class(app_function(functions[0])().live.widget)}[src]")
        print(f"nb dashboard at {size_name}: first picture {time.monotonic() - start:.1f} s after the page was asked for")
        errors = outputs_with_errors(page.locator("body"))
        assert not errors, "\n---\n".join(errors) + "\n" + voila.log(course_root / NB_DASHBOARD)[-3000:]
        top = page.locator(".kamlearn-dashboard-tabs").first.bounding_box()["y"]
        assert top < 40, f"{size_name}: {top:.0f} px of something above the tabs"
        tabs = page.locator(".lm-TabBar-tab")
        assert tabs.count() == len(functions) + 1, tabs.all_inner_texts()
        cut = page.evaluate("() => Array.from(document.querySelectorAll('.lm-TabBar-tabLabel'))"
                            ".filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)")
        assert not cut, f"{size_name}: tab titles cut off: {cut}"
        for index, function in enumerate(functions):
            tabs.nth(index).click()
            app = app_function(function)()
            root = page.locator(f".{control_class(app)}").first
            root.wait_for(state="visible", timeout=60_000)
            page.locator(f".{control_class(app.live.widget)}").first.wait_for(state="visible", timeout=60_000)
            key, arrow = MOVES[function]
            label = f"nb dashboard {function} at {size_name}"
            shot = screenshots / f"nb_dashboard_{function}_{size['width']}x{size['height']}.png"
            times = _check_app_in_view(page, root, app, key, arrow, label, shot)
            print(f"{label}: key press -> picture {', '.join(f'{t:.0f}' for t in times)} ms")
        tabs.nth(len(functions)).click()
        page.wait_for_timeout(300)
        about = page.locator(".kamlearn-dashboard-about").inner_text()
        assert "Lærerens dashbord" in about and "Case-bedrift" in about, about[:500]
        assert "Case company" not in about, "the English case facts are in the Norwegian dashboard"
        errors = outputs_with_errors(page.locator("body"))
        assert not errors, "\n---\n".join(errors)
    finally:
        context.close()
