"""The kept figure's fast paths: cached text pixels, bars as one collection, no resend of an unchanged picture."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kamlearn.plotting import palette
from kamlearn.widgets._live import LiveBars, LiveFigure, _TextCachingCanvas


def _pixels(canvas_class, x, y, text, **style):
    figure = Figure(figsize=(4, 2), dpi=192, facecolor="#777777")
    canvas_class(figure)
    figure.text(x, y, text, **style)
    figure.canvas.draw()
    first = np.asarray(figure.canvas.buffer_rgba()).copy()
    figure.canvas.draw()  # the second draw of a caching canvas takes the cached bitmap
    return first, np.asarray(figure.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize(("x", "y"), [(100.0, 200.0), (100.3, 200.7), (57.5, 31.25)])
@pytest.mark.parametrize("style", [{"color": palette.SCARCE, "fontweight": "bold"}, {"color": "white"},
                                   {"color": palette.PLAN, "fontsize": 14, "alpha": 0.6}])
def test_cached_text_is_the_same_pixels_as_matplotlib_at_the_whole_pixel(x, y, style):
    width, height = 4 * 192, 2 * 192
    text = "LP 11,368 NOK / hour, gjpq"
    expected, _ = _pixels(FigureCanvasAgg, round(x) / width, round(y) / height, text, **style)
    first, again = _pixels(_TextCachingCanvas, x / width, y / height, text, **style)
    assert (first[..., :3] != 0x77).sum() > 1000  # something was drawn
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(again, expected)


def test_text_cache_skips_rotated_and_math_text_and_stays_bounded():
    figure = Figure(figsize=(3, 2), dpi=100)
    canvas = _TextCachingCanvas(figure)
    figure.text(0.5, 0.5, "rotated", rotation=90)
    figure.text(0.1, 0.1, r"$x^2$")
    for i in range(600):
        figure.texts.append(figure.text(0.1, 0.8, f"label {i}"))
    canvas.draw()
    cached = [key[0] for key in canvas._text_cache]
    assert "rotated" not in cached and r"$x^2$" not in cached
    assert len(cached) == 512 and "label 599" in cached


def test_live_bars_set_lengths_and_colours_and_refuse_a_wrong_count():
    figure = Figure()
    ax = figure.subplots()
    bars = LiveBars(ax, [0, 1, 2], horizontal=True, width=0.5)
    bars.set_values([1.0, np.nan, 3.0], colors=[palette.SCARCE, palette.PLAN, palette.PLAN])
    assert bars.values.tolist() == [1.0, 0.0, 3.0]  # a missing length draws no bar
    path = bars.get_paths()[2].vertices
    assert path[:, 0].max() == 3.0 and path[:, 1].min() == 1.75 and path[:, 1].max() == 2.25
    assert [mcolors.to_hex(c) for c in bars.get_facecolor()] == [palette.SCARCE, palette.PLAN, palette.PLAN]
    upright = LiveBars(ax, [0, 1], width=0.8)
    upright.set_values([2.0, -1.0])
    assert upright.get_paths()[1].vertices[:, 1].min() == -1.0
    with pytest.raises(ValueError, match="expected 3 bars"):
        bars.set_values([1.0, 2.0])


def test_redraw_sends_a_picture_only_when_a_pixel_changed():
    live = LiveFigure("demo", figsize=(3, 2))
    bars = LiveBars(live.ax, [0, 1, 2])
    live.ax.set_xlim(-0.5, 2.5)
    live.ax.set_ylim(0, 3)
    live.animate(bars)
    sent = []
    live.widget.observe(lambda change: sent.append(change["new"]), names="value")
    bars.set_values([1, 2, 3])
    live.redraw()
    bars.set_values([1, 2, 3])
    live.redraw()
    bars.set_values([1, 2, 2.5])
    live.redraw()
    assert len(sent) == 2 and sent[0] != sent[1]
    assert live.renders == 3 and live.skipped == 1


def test_old_formatters_warn_and_use_the_one_style():
    from kamlearn.widgets import _common

    with pytest.warns(DeprecationWarning, match="format_nok"):
        assert _common.format_nok(12_345_678) == "12.35 MNOK"
    with pytest.warns(DeprecationWarning, match="format_percent"):
        assert _common.format_percent(0.8125) == "81.2 %"
    assert _common.LEVEL_STYLE is palette.MESSAGE_COLORS



@pytest.mark.parametrize("image_format, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("jpeg", b"\xff\xd8\xff")])
def test_a_live_figure_encodes_in_either_format(image_format: str, magic: bytes) -> None:
    live = LiveFigure("demo", figsize=(2, 1), image_format=image_format)
    live.ax.plot([0, 1], [1, 0])
    live.redraw()
    assert bytes(live.widget.value).startswith(magic)
    assert live.png().startswith(b"\x89PNG\r\n\x1a\n")  # png() works whatever the shown format
