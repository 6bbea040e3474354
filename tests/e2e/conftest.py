"""Shared fixtures for the browser tests: one JupyterLab server, one Voila server per notebook, one Chromium.

The course is tested the way a student uses it: Debian's Chromium (``/usr/bin/chromium``) driven by
Python Playwright against a ``jupyter lab`` server started here on 127.0.0.1 with a random token, on a
temporary copy of ``notebooks/`` (so running cells never writes into the repository's stored outputs).
Everything expensive is session-scoped: the whole suite shares one server, one browser and one
JupyterLab page, and each notebook's kernel is shut down when its test is done.

Runner policy: when Chromium (or the ``playwright`` package) is missing, every e2e test is skipped with
a plain reason; with ``CI=true`` in the environment a missing browser is a failure instead.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab_driver import NOTEBOOKS, REPO

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# KAMLEARN_CHROMIUM only exists to exercise the skip/fail policy; the tests always use Debian's Chromium.
CHROMIUM = Path(os.environ.get("KAMLEARN_CHROMIUM", "/usr/bin/chromium"))
# Known-good flags for Debian's Chromium on these machines (../shared/design.md); without
# --disable-dev-shm-usage the page can hang forever in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BIN = Path(sys.executable).parent
SERVER_START_TIMEOUT = 90.0
VIEWPORT = {"width": 1400, "height": 900}


def in_ci() -> bool:
    """True when running in CI, where a missing browser must fail rather than skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def browser_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (install Debian's package: apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (make dev installs it)"
    return None


_SKIPPED_BECAUSE: list[str] = []


def _enforce_policy() -> None:
    reason = browser_missing_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    if not _SKIPPED_BECAUSE:
        _SKIPPED_BECAUSE.append(reason)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(autouse=True)
def _e2e_policy(request: pytest.FixtureRequest) -> None:
    """Skip (or, with CI=true, fail) every e2e test when Chromium is missing."""
    if request.node.get_closest_marker("e2e") is not None:
        _enforce_policy()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _SKIPPED_BECAUSE:
        terminalreporter.write_sep("=", "E2E BROWSER TESTS SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(f"The browser tests did not run: {_SKIPPED_BECAUSE[0]}.")
        terminalreporter.write_line("They count as a failure when CI=true.")


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def _wait_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Wait until a server accepts connections (Voila serving one notebook has no status endpoint)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as sock:
            sock.settimeout(1.0)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.25)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # the server and the kernels it started
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def _root_flag() -> list[str]:
    return ["--allow-root"] if os.geteuid() == 0 else []


def _server_env(home: Path) -> dict[str, str]:
    """An environment that keeps the servers away from the user's own Jupyter config and state."""
    env = os.environ.copy()
    for name in ("config", "runtime", "settings", "workspaces"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        PYTHONHASHSEED="0",
        JUPYTER_PLATFORM_DIRS="1",
    )
    env.pop("MPLBACKEND", None)
    return env


def _write_lab_settings(settings_dir: Path) -> None:
    """Lab settings for tests: every cell in the DOM, no autosave, no news or update pop-ups."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/application-extension/top-bar.jupyterlab-settings": {"visible": True},
    }
    for name, content in settings.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


# --------------------------------------------------------------------------------------------
# the notebook folder the servers see
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of ``notebooks/`` (with ``../data`` next to it, as in the repository)."""
    base = tmp_path_factory.mktemp("course")
    root = base / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (base / "data").symlink_to(REPO / "data", target_is_directory=True)
    return root


# --------------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------------


class LabServer:
    def __init__(self, url: str, token: str, root: Path) -> None:
        self.url = url
        self.token = token
        self.root = root

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


@pytest.fixture(scope="session")
def lab_server(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    _enforce_policy()
    home = tmp_path_factory.mktemp("jupyter-home")
    env = _server_env(home)
    _write_lab_settings(home / "settings")
    port, token = free_port(), secrets.token_hex(24)
    log = home / "lab.log"
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={course_root}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--ServerApp.terminals_enabled=False",
        *_root_flag(),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=course_root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{url}/api/status?token={token}", proc, log, SERVER_START_TIMEOUT)
        yield LabServer(url, token, course_root)
    finally:
        _stop(proc)


# --------------------------------------------------------------------------------------------
# Voila
# --------------------------------------------------------------------------------------------


class VoilaServers:
    """Start one Voila server per notebook on first use, the way ``make present`` does; stop all at the end."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = _server_env(home)
        self.urls: dict[Path, str] = {}
        self.procs: list[subprocess.Popen[bytes]] = []

    def url_for(self, notebook: Path) -> str:
        notebook = notebook.resolve()
        if notebook not in self.urls:
            port = free_port()
            log = self.home / f"voila-{notebook.stem}.log"
            cmd = [
                str(BIN / "voila"),
                str(notebook),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--Voila.port_retries=0",
                "--strip_sources=True",
                "--theme=light",
                "--preheat_kernel=True",  # as `make present` does: a kernel runs the notebook before the page asks
                "--pool_size=1",
                "--VoilaConfiguration.show_tracebacks=True",
            ]
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    cmd, cwd=notebook.parent, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            self.procs.append(proc)
            url = f"http://127.0.0.1:{port}/"
            _wait_port(port, proc, log, SERVER_START_TIMEOUT)
            self.urls[notebook] = url
        return self.urls[notebook]

    def log(self, notebook: Path) -> str:
        path = self.home / f"voila-{notebook.resolve().stem}.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        for proc in self.procs:
            _stop(proc)


@pytest.fixture(scope="session")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServers]:
    _enforce_policy()
    servers = VoilaServers(tmp_path_factory.mktemp("voila-home"))
    try:
        yield servers
    finally:
        servers.stop()


# --------------------------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright driver for the whole session: a second `sync_playwright()` while one runs fails
    ("Sync API inside the asyncio loop"), so tests that need their own Chromium launch it from this one."""
    _enforce_policy()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="session")
def lab(browser: Any, lab_server: LabServer) -> Iterator[Any]:
    """One JupyterLab page for the whole session, driven through ``window.jupyterapp``."""
    from lab_driver import Lab

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    driver = Lab(page, lab_server)
    driver.load()
    try:
        yield driver
    finally:
        context.close()


@pytest.fixture(scope="session")
def voila_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
