"""The apps' pictures, headless: sharp (2x), 11 pt text, one palette, labels with units, axes that fit, live."""

from __future__ import annotations

import io
import re

import ipywidgets as widgets
import matplotlib.colors as mcolors
import pytest
from PIL import Image

from kamlearn.plotting import palette
from kamlearn.widgets import (
    allocation_explorer,
    authority_simulator,
    dashboard,
    eight_groups_app,
    key_accounts_app,
    presenter_mode,
    response_calibrator,
)
from kamlearn.widgets._common import LiveBars, LiveFigure

APPS = [key_accounts_app, eight_groups_app, allocation_explorer, authority_simulator, response_calibrator]


@pytest.fixture(scope="module")
def case(course_case):
    return course_case


@pytest.fixture(scope="module")
def apps(case):
    return {f.__name__: f(case) for f in APPS}


@pytest.mark.parametrize("name", [f.__name__ for f in APPS])
def test_picture_is_rendered_at_twice_its_size_with_11_pt_text(apps, name):
    live = apps[name].live
    image = Image.open(io.BytesIO(live.widget.value))
    width, height = live.nominal_size
    assert image.size == (pytest.approx(2 * width, abs=2), pytest.approx(2 * height, abs=2))
    assert live.widget.layout.width == f"{width}px" and live.widget.layout.max_width == "100%"
    assert live.min_font_css_pt >= palette.MIN_FONT_PT


@pytest.mark.parametrize("name", [f.__name__ for f in APPS])
def test_no_control_is_labelled_with_a_column_id(apps, name):
    app = apps[name]
    for key, control in app.controls.items():
        description = getattr(control, "description", "")
        assert "_" not in description, f"{name}.{key}: {description!r}"
    shown = re.sub(r"<[^>]+>", " ", " ".join(w.value for w in _walk(app) if isinstance(w, widgets.HTML)))
    assert "kam_hours" not in shown and "customer_service" not in shown


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_capacity_labels_say_name_and_unit_per_year(apps):
    texts = [w.value for w in _walk(apps["allocation_explorer"]) if isinstance(w, widgets.HTML)]
    assert any("Key account manager hours, hours a year" in t for t in texts)
    assert any("Project budget, NOK a year" in t for t in texts)


def test_allocation_value_axis_fits_the_plan(apps):
    app = apps["allocation_explorer"]
    top = float(app.live.axes[1].get_ylim()[1])
    largest = float(app.result.accounts["value_created"].max()) / 1e6
    assert largest <= top <= 2.5 * largest, (largest, top)
    assert top < 200


def test_allocation_red_means_scarce(apps):
    app = apps["allocation_explorer"]
    (bars,) = [c for c in app.live.axes[0].collections if isinstance(c, LiveBars)]
    colours = []
    drawn = [mcolors.to_hex(c) for c in bars.get_facecolor()]
    for shown, given, (_, row) in zip(drawn, bars.colors, app.result.resources.iterrows(), strict=True):
        expected = palette.SCARCE if row["shadow_price"] > 0 else palette.PLAN
        assert shown == given == expected, (row.name, row["shadow_price"])
        colours.append(expected)
    assert palette.SCARCE in colours and palette.PLAN in colours


def _texts_inside(live):
    """Every visible text of the figure whose window extent is not inside the figure (and each price label's axes)."""
    renderer = live.figure.canvas.get_renderer()
    figure_box = live.figure.bbox
    outside = []
    for text in live.figure.findobj(lambda a: hasattr(a, "get_window_extent") and hasattr(a, "get_text")):
        if not (text.get_visible() and str(text.get_text()).strip()):
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < figure_box.x0 - 0.5 or box.x1 > figure_box.x1 + 0.5 or box.y0 < figure_box.y0 - 0.5 \
                or box.y1 > figure_box.y1 + 0.5:
            outside.append((text.get_text(), tuple(round(v) for v in box.extents)))
    ax = live.axes[0]
    for text in ax.texts:  # the price labels stay inside their axes
        if str(text.get_text()).strip():
            box = text.get_window_extent(renderer)
            if box.x0 < ax.bbox.x0 - 0.5 or box.x1 > ax.bbox.x1 + 0.5:
                outside.append((text.get_text(), "outside the axes"))
    return outside


@pytest.mark.parametrize("setting", [{}, {"capacity-it_hours": 210.0}, {"capacity-it_hours": 140.0},
                                     {"capacity-kam_hours": 220.0}, {"capacity-integration_slots": 1.0},
                                     {"capacity-product_dev_hours": 170.0}])
def test_allocation_price_labels_stay_inside_the_axes(case, setting):
    app = allocation_explorer(case)
    for key, value in setting.items():
        app.controls[key].value = value
    assert app.message.level != "error", app.message.text
    live = app.live
    labels = [t for t in live.axes[0].texts if t.get_text()]
    prices = app.result.resources["shadow_price"]
    assert len(labels) == int((prices > 0).sum()) > 0
    assert not _texts_inside(live), _texts_inside(live)
    # a short bar carries its label to its right, in dark text; a long one inside, in white
    utilisation = app.result.resources["utilisation"].to_numpy()
    for text in live.axes[0].texts:
        if text.get_text():
            row = round(text.get_position()[1])
            inside = text.get_position()[0] < float(utilisation[row]) - 0.01
            assert mcolors.to_hex(text.get_color()) == (palette.ON_COLOR if inside else palette.REFERENCE)


def test_allocation_short_scarce_bar_has_its_label_beside_it(case):
    app = allocation_explorer(case)
    app.controls["capacity-it_hours"].value = 210.0
    row = list(app.result.resources.index).index("it_hours")
    text = app.live.axes[0].texts[row]
    util = float(app.result.resources.at["it_hours", "utilisation"])
    assert app.result.resources.at["it_hours", "shadow_price"] > 0 and util < 0.6
    assert text.get_position()[0] > util and mcolors.to_hex(text.get_color()) == palette.REFERENCE


def test_authority_axis_is_log_with_1k_labels(apps):
    ax = apps["authority_simulator"].live.axes[0]
    assert ax.get_xscale() == "log"
    labels = {t.get_text() for t in ax.get_xticklabels() if t.get_text()}
    assert {"1k", "10k", "100k", "1M"} <= labels


def test_key_accounts_title_fits_the_figure(apps):
    live = apps["key_accounts_app"].live
    renderer = live.figure.canvas.get_renderer()
    figure_box = live.figure.bbox
    for ax in live.figure.axes:
        box = ax.title.get_window_extent(renderer)
        if ax.title.get_text():
            assert box.x0 >= figure_box.x0 - 1 and box.x1 <= figure_box.x1 + 1, ax.title.get_text()


def test_response_picture_changes_on_every_pool_move(case):
    app = response_calibrator(case)
    hours = app.controls["hours"]
    seen = [app.live.widget.value]
    for step in (1, 1, 1, 1, -1, -1):
        hours.value = hours.value + step * hours.step
        assert app.live.widget.value != seen[-1], "the hours slider moved but the picture did not"
        seen.append(app.live.widget.value)


def test_live_figure_formats_and_bad_settings():
    assert LiveFigure("demo", image_format="png").widget.format == "png"
    assert LiveFigure("demo").widget.format == "jpeg"
    with pytest.raises(ValueError, match="image_format"):
        LiveFigure("demo", image_format="gif")
    with pytest.raises(ValueError, match="scale"):
        LiveFigure("demo", scale=0)


def test_dashboard_has_five_apps_and_builds_them_on_first_view(case):
    board = dashboard(case, about="<p>About text</p>")
    assert list(board.tabs.titles) == ["Key accounts", "Eight project groups", "Allocation explorer",
                                       "Authority simulator", "Response calibrator", "About"]
    assert board.built() == ["Key accounts"]
    for index in range(1, 5):
        board.tabs.selected_index = index
    assert len(board.built()) == 5
    assert "kamlearn-presenting" in board._dom_classes
    assert "About text" in board.tabs.children[-1].value


def test_presenter_mode_carries_large_type():
    switch = presenter_mode()
    assert "kamlearn-presenter-switch" in switch._dom_classes
    assert "font-size: 19px" in switch.value
