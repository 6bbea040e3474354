"""What makes a key press cheap (issue 11) gives the same picture and numbers as the slow way.

- The allocation explorer reads its picture's numbers from the plan's arrays, not its tables: they must be
  the tables' numbers, for every policy.
- A price label (:class:`~kamlearn.widgets._live.LiveText`) draws the same pixels as a matplotlib ``Text``
  (single unrotated lines by its fast path).
- A picture kept by key is the picture drawn for that key; changing the static figure forgets it.
- The key-accounts app answers from the model's result kept per slider position: the same as computing it.
"""

from __future__ import annotations

import numpy as np
import pytest

import kamlearn
from kamlearn.allocation import POLICIES, allocate
from kamlearn.plotting.allocation import _plan_numbers as _picture_numbers
from kamlearn.value import abc_analysis
from kamlearn.widgets import allocation_explorer, key_accounts_app
from kamlearn.widgets._live import LiveBars, LiveFigure, LiveText

CASE = kamlearn.load_case()


@pytest.mark.parametrize("policy", POLICIES)
def test_picture_numbers_are_the_plan_tables_numbers(policy: str) -> None:
    what_if = CASE.with_capacity({"kam_hours": 700.0, "it_hours": 500.0})
    plan = allocate(what_if, policy)
    resources, accounts = list(CASE.resources.index), list(CASE.accounts.index)
    utilisation, prices, values = _picture_numbers(plan, resources, accounts)
    np.testing.assert_array_equal(utilisation, plan.resources["utilisation"].to_numpy(dtype=float))
    np.testing.assert_array_equal(prices, plan.resources["shadow_price"].to_numpy(dtype=float))
    np.testing.assert_array_equal(values, plan.accounts["value_created"].to_numpy(dtype=float))
    # in another order, the numbers follow the ids
    backwards = _picture_numbers(plan, resources[::-1], accounts[::-1])
    np.testing.assert_array_equal(backwards[0], utilisation[::-1])
    np.testing.assert_array_equal(backwards[2], values[::-1])


def _picture(text_class: type | None) -> np.ndarray:
    live = LiveFigure("demo", figsize=(4, 2))
    live.ax.set_xlim(0, 1)
    live.ax.set_ylim(0, 4)
    for i, (text, ha) in enumerate([("12,345 NOK / hour", "left"), ("Åg 1 234 kr per time", "left"),
                                    ("x", "center"), ("right end", "right")]):
        if text_class is None:
            label = live.ax.text(0.1 + 0.013 * i, i + 0.37, text, va="center", ha=ha, color="#b2182b")
        else:
            label = LiveText.add(live.ax, 0.1 + 0.013 * i, i + 0.37, text, va="center", ha=ha, color="#b2182b")
        live.animate(label)
    live.redraw()
    return np.asarray(live.figure.canvas.buffer_rgba()).copy()


def test_live_text_draws_the_pixels_of_a_matplotlib_text() -> None:
    plain, fast = _picture(None), _picture(LiveText)
    assert (plain[:, :, :3] < 250).any()  # something was drawn
    np.testing.assert_array_equal(plain, fast)


def test_a_kept_picture_is_shown_again_and_forgotten_when_the_figure_changes() -> None:
    live = LiveFigure("demo", figsize=(3, 2))
    bars = LiveBars(live.ax, [0, 1, 2])
    live.ax.set_xlim(-0.5, 2.5)
    live.ax.set_ylim(0, 3)
    live.animate(bars)
    pictures = {}
    for key, values in (("a", [1, 2, 3]), ("b", [3, 2, 1])):
        bars.set_values(values)
        live.redraw(key=key)
        pictures[key] = bytes(live.widget.value)
    assert pictures["a"] != pictures["b"] and live.cached == 0
    bars.set_values([1, 2, 3])
    live.redraw(key="a")
    assert bytes(live.widget.value) == pictures["a"] and live.cached == 1 and live.renders == 3
    live.invalidate()  # the static part may have changed: draw again
    bars.set_values([3, 2, 1])
    live.redraw(key="b")
    assert live.cached == 1 and live.renders == 4 and bytes(live.widget.value) != pictures["a"]


def test_key_accounts_kept_answers_are_the_model_answers() -> None:
    app = key_accounts_app(CASE)
    for value in (0.6, 0.9, 0.6):
        app.controls["threshold"].value = value
        expected = abc_analysis(CASE, thresholds=(value, max(0.95, value + (1 - value) / 2)))
        assert app.values["key_accounts"] == int((expected["abc_class"] == "A").sum())
        assert app.result["abc"].equals(expected)
    assert app.live.cached >= 1  # 0.6 the second time: the kept picture


def test_allocation_explorer_shows_a_kept_picture_when_a_slider_comes_back() -> None:
    app = allocation_explorer(CASE)
    slider = app.controls["capacity-kam_hours"]
    start = bytes(app.live.widget.value)
    slider.value = slider.value + slider.step
    assert bytes(app.live.widget.value) != start or app.live.skipped
    slider.value = slider.value - slider.step
    assert app.live.cached == 1 and bytes(app.live.widget.value) == start
