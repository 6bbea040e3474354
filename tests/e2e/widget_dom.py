"""Reading and moving an app's controls in the page (JupyterLab or Voila), the way a user does."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import Any

from widget_specs import AppSpec, Move, Settings, choose_move, control_class, control_kind

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def app_root(page_or_panel: Any, app: Any) -> Any:
    """A locator on the rendered app (its outer box carries ``kamlearn-<app>``)."""
    return page_or_panel.locator(f".{control_class(app)}").first


def read_settings(root: Any, app: Any) -> Settings:
    """Every control's value as the page shows it: slider readouts, check boxes, drop-downs."""
    import ipywidgets as widgets

    settings: Settings = {}
    for key, widget in app.controls.items():
        kind = control_kind(widget)
        if kind is None:
            continue
        node = root.locator(f".{control_class(widget)}").first
        if kind == "slider":
            text = node.locator(".widget-readout").first.inner_text()
            found = _NUMBER.search(text.replace(",", "").replace("\u2212", "-"))
            assert found, f"{key}: no number in the slider's readout {text!r}"
            number = float(found.group())
            if "%" in str(widget.readout_format):
                number /= 100.0
            settings[key] = round(number) if isinstance(widget, widgets.IntSlider) else number
        elif kind == "checkbox":
            settings[key] = node.locator("input[type=checkbox]").first.is_checked()
        else:
            label = node.locator("select").first.evaluate("(s) => s.options[s.selectedIndex].text")
            label = " ".join(label.replace("\u00a0", " ").split())
            labels = [" ".join(str(x).split()) for x in widget._options_labels]
            values = list(widget._options_values)
            settings[key] = values[labels.index(label)]
    return settings


def apply_move(root: Any, move: Move) -> None:
    """Move one control: sliders with the keyboard (focus the handle, ArrowRight), the rest with the mouse."""
    node = root.locator(f".{move.css}").first
    node.scroll_into_view_if_needed()
    if move.kind == "slider":
        handle = node.locator(".noUi-handle").first
        handle.focus()
        for _ in range(move.presses):
            handle.press("ArrowRight")
    elif move.kind == "checkbox":
        node.locator("input[type=checkbox]").first.click()
    elif move.kind == "dropdown":
        node.locator("select").first.select_option(label=move.label)
    else:  # pragma: no cover - control_kind only returns the kinds above
        raise AssertionError(f"cannot move a {move.kind}")


def shown_texts(root: Any, app: Any, keys: list[str]) -> dict[str, str]:
    out = {}
    for key in keys:
        node = root.locator(f".{control_class(app.outputs[key])}").first
        out[key] = node.inner_text() if node.count() else ""
    return out


def wait_shown(root: Any, app: Any, expected: dict[str, list[str]], timeout: float = 30.0) -> dict[str, str]:
    """Wait until every expected text appears in its output; fail with what the page shows instead."""
    deadline = time.monotonic() + timeout
    missing: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    while time.monotonic() < deadline:
        texts = shown_texts(root, app, list(expected))
        missing = {k: [t for t in v if t not in _normal(texts[k])] for k, v in expected.items()}
        missing = {k: v for k, v in missing.items() if v}
        if not missing:
            return texts
        time.sleep(0.2)
    raise AssertionError(f"the page does not show {missing}; it shows {texts}")


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def move_and_check(
    root: Any,
    app: Any,
    spec: AppSpec,
    case: Any,
    kinds: tuple[str, ...],
    kernel_value: Callable[[str, Any], Any] | None = None,
) -> tuple[Move, dict[str, str], dict[str, str]]:
    """Move one control of a rendered app; check the page then shows what kamlearn computes.

    Reads every control from the page, checks the page shows kamlearn's numbers for them, moves a
    control of one of ``kinds`` that changes those numbers, checks the control moved (on the page and,
    when ``kernel_value`` is given, in the kernel), and waits for kamlearn's numbers for the new
    settings.  Returns the move and the texts shown before and after.
    """
    settings = read_settings(root, app)
    move, before = choose_move(app, spec, case, settings, kinds)
    texts_before = wait_shown(root, app, before)
    apply_move(root, move)
    after_settings = read_settings(root, app)
    moved = after_settings[move.key]
    same = (
        math.isclose(moved, move.target, rel_tol=1e-9, abs_tol=1e-6) if isinstance(move.target, float) else moved == move.target
    )
    assert same, f"{move.key}: the page shows {moved!r} after the move, expected {move.target!r}"
    if kernel_value is not None:
        in_kernel = kernel_value(move.key, move.target)
        assert in_kernel == move.target or (
            isinstance(move.target, float) and math.isclose(in_kernel, move.target, rel_tol=1e-9)
        ), f"{move.key}: the kernel has {in_kernel!r}, the page {move.target!r}"
    expected = spec.expected(case, after_settings)
    assert expected != before
    texts_after = wait_shown(root, app, expected)
    assert texts_after != texts_before, f"the numbers did not change after moving {move.key}"
    return move, texts_before, texts_after
