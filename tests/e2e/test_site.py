"""The course website built by ``make site`` (Jupyter Book 1), read in Chromium with no way out of the machine.

The pages in ``site/_build/html`` are served by a static file server on 127.0.0.1.  Every request to
another host is refused (Playwright aborts it and records it; Chromium's proxy is a closed local port).
Each page must load with no console error and no request leaving the machine; every notebook page shows
its saved widgets rendered, and links to the same notebook in JupyterLite; the page with formulas
renders them with the site's own MathJax.

Without a built site the tests skip with the command to build it (with ``CI=true`` they fail instead).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, _enforce_policy, in_ci
from lab_driver import REPO, course_notebooks

pytestmark = pytest.mark.e2e

HTML = REPO / "site" / "_build" / "html"
PAGES = ["index", *(Path(n).stem for n in course_notebooks()), "genindex", "search"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    _enforce_policy()
    if not (HTML / "index.html").is_file():
        message = f"no course website in {HTML}: build it with `make site`"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def reader(site_url: str, playwright: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    outside: list[str] = []
    console: list[str] = []
    args = [*CHROMIUM_ARGS, "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]
    # one Playwright driver per session (conftest); this test launches its own Chromium with a dead proxy
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def guard(route: Any) -> None:
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(120_000)  # generous: a loaded 2-core machine
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: console.append(f"requestfailed: {r.url} {r.failure}")
            if urlparse(r.url).hostname == "127.0.0.1" else None)
    try:
        yield page, outside, console
    finally:
        context.close()
        browser.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_nothing_from_outside(name: str, site_url: str, reader: tuple[Any, list[str], list[str]]) -> None:
    page, outside, console = reader
    outside.clear()
    console.clear()
    response = page.goto(f"{site_url}{name}.html", wait_until="load")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("main, article").first.inner_text().strip(), "the page is empty"
    if name[:2].isdigit():
        # the saved widget state is rendered by the site's own html-manager
        page.wait_for_selector(".jupyter-widgets", state="attached", timeout=120_000)
        link = page.locator(".kamlearn-lite-link a").first
        href = link.get_attribute("href")
        assert href and href.endswith(f"lab/index.html?path={name}.ipynb"), href
        target = urljoin(page.url, href)
        assert urlparse(target).hostname == "127.0.0.1"
        lite_index = HTML / urlparse(target).path.lstrip("/")
        if (HTML / "lite").is_dir():
            assert lite_index.is_file(), f"the JupyterLite link points at a missing {lite_index}"
    if name == "06_using_resources_efficiently":
        page.wait_for_selector("mjx-container", state="attached", timeout=120_000)
    if name in {"index", "03_scarce_resources"}:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"site-{name}.png"))
    assert not outside, f"{name}: requests that tried to leave the machine: {outside[:10]}"
    assert not console, f"{name}: console errors: {console[:10]}"
