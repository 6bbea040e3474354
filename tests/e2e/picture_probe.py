"""In the page: when did a picture change after a key press, is a control on screen, is a label cut?

Shared by the browser tests (``test_pictures_in_browser.py``) and ``bench/bench_browser.py``.  The
time of a key press is taken in the page (a capturing ``keydown`` listener), the time the picture
changed by a ``MutationObserver`` on the app's ``<img>`` (its ``src``) or, for a text peer, on the
node's text; both with ``performance.now()``, so the numbers are what the person sees, without the
test driver's own latency.
"""

from __future__ import annotations

import time
from typing import Any

INSTALL = r"""
(selector) => {
  const target = document.querySelector(selector);
  if (!target) throw new Error('no element for ' + selector);
  const probe = {pressed: [], changed: []};
  window.__kamlearnProbe = probe;
  if (window.__kamlearnProbeKey) document.removeEventListener('keydown', window.__kamlearnProbeKey, true);
  window.__kamlearnProbeKey = (event) => { probe.pressed.push(performance.now()); };
  document.addEventListener('keydown', window.__kamlearnProbeKey, true);
  if (window.__kamlearnObserver) window.__kamlearnObserver.disconnect();
  window.__kamlearnObserver = new MutationObserver(() => { probe.changed.push(performance.now()); });
  window.__kamlearnObserver.observe(target, {attributes: true, attributeFilter: ['src'], childList: true,
                                             characterData: true, subtree: true});
  return true;
}
"""

LAYOUT = r"""
([controlSelector, pictureSelector, labelRootSelector]) => {
  const inside = (el) => {
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            ok: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5};
  };
  const control = document.querySelector(controlSelector);
  const picture = document.querySelector(pictureSelector);
  const root = document.querySelector(labelRootSelector);
  const cut = [];
  const texts = root.querySelectorAll(
    '.widget-label, .widget-readout, .widget-html-content, button, select, .lm-TabBar-tabLabel, label');
  for (const el of texts) {
    if (!el.offsetParent) continue;  // not shown
    if (el.scrollWidth > el.clientWidth + 1) cut.push((el.innerText || el.value || '').slice(0, 60));
  }
  return {control: inside(control), picture: inside(picture), pictureWidth: picture.clientWidth,
          naturalWidth: picture.naturalWidth, cut, innerWidth: window.innerWidth, innerHeight: window.innerHeight};
}
"""


def install(page: Any, selector: str) -> None:
    """Watch the element ``selector`` (an ``<img>`` or a text node's box) for changes; note key presses."""
    page.evaluate(INSTALL, selector)


def press_and_wait(page: Any, handle: Any, key: str, timeout: float = 5.0) -> float | None:
    """Press ``key`` on a focused slider handle; milliseconds from the key press to the picture change.

    Returns None when the picture did not change within ``timeout`` seconds.
    """
    before = int(page.evaluate("() => window.__kamlearnProbe.changed.length"))
    pressed = int(page.evaluate("() => window.__kamlearnProbe.pressed.length"))
    handle.press(key)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(
            "([b, p]) => { const q = window.__kamlearnProbe;"
            " return q.changed.length > b && q.pressed.length > p ? [q.pressed[p], q.changed[b]] : null; }",
            [before, pressed],
        )
        if state:
            # let the rest of this update land (an app sends its numbers and its picture separately)
            time.sleep(0.05)
            return float(state[1] - state[0])
        time.sleep(0.005)
    return None


def presses_change_picture(page: Any, handle: Any, key: str, presses: int, where: str,
                           timeout: float = 20.0) -> list[float]:
    """Press ``key`` on a focused slider handle ``presses`` times; the ms each press took to change the picture.

    Fails (with ``where`` in the message) on the first press that does not change the picture within ``timeout``.
    """
    handle.focus()
    times = []
    for press in range(presses):
        elapsed = press_and_wait(page, handle, key, timeout=timeout)
        assert elapsed is not None, f"{where}: press {press + 1} of {presses} did not change the picture"
        times.append(elapsed)
    return times


def layout(page: Any, control: str, picture: str, root: str) -> dict[str, Any]:
    """Where the control and the picture are on screen, the picture's shown width, and the cut labels."""
    result: dict[str, Any] = page.evaluate(LAYOUT, [control, picture, root])
    return result
