"""Shared fixtures: live nap-kg servers on loopback, and the small test stores.

``live_server(app) -> base_url`` starts uvicorn for ``app`` on a free loopback port in a
thread of the test process (lifespan included: the store's query workers are real forked
processes) and stops it when the test (or, with ``module_live_server``, the module) ends::

    def test_something(live_server, mini_store):
        base = live_server(create_app(store=mini_store))
        httpx.get(f"{base}/sparql", params={"query": "ASK {}"})
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import uvicorn

DATA_DIR = Path(__file__).resolve().parent / "data"
MINI_NAP = DATA_DIR / "mini-nap.trig"


class LiveServer:
    """uvicorn serving ``app`` on ``127.0.0.1`` at a free port, in a daemon thread."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name=f"uvicorn:{self.port}", daemon=True)

    def start(self) -> str:
        """Start serving; returns the base URL once the app has finished starting up."""
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"the app failed to start on {self.url}; see the log above")
            self._thread.join(0.01)
        return self.url

    def stop(self) -> None:
        """Shut down (runs the app's lifespan shutdown: the query workers stop)."""
        self._server.should_exit = True
        self._thread.join(30)
        self._socket.close()


@contextmanager
def _live_servers() -> Iterator[Callable[[Any], str]]:
    servers: list[LiveServer] = []

    def start(app: Any) -> str:
        server = LiveServer(app)
        servers.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in reversed(servers):
            server.stop()


@pytest.fixture
def live_server() -> Iterator[Callable[[Any], str]]:
    """Start apps on loopback for one test: ``base_url = live_server(app)``."""
    with _live_servers() as start:
        yield start


@pytest.fixture(scope="module")
def module_live_server() -> Iterator[Callable[[Any], str]]:
    """Like ``live_server``, for servers shared by one test module (read-only apps only)."""
    with _live_servers() as start:
        yield start


def load_mini_store() -> ox.Store:
    """A fresh pyoxigraph store with ``tests/data/mini-nap.trig``."""
    from napkg.graph.store import load_store

    return load_store(MINI_NAP)


@pytest.fixture
def mini_store() -> ox.Store:
    """A fresh store of the small nap-kg fixture graph (one plan, seven bodies, five activities)."""
    return load_mini_store()


@pytest.fixture(scope="module")
def module_mini_store() -> ox.Store:
    """The small fixture graph, shared by a module's read-only server."""
    return load_mini_store()


# --- a real browser: Debian's Chromium, driven by Playwright ----------------------------------

VIEWPORT = {"width": 1600, "height": 1000}
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-default-browser-check"]


def _find_chromium() -> str | None:
    given = os.environ.get("NAPKG_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium: found, or installed with apt-get when running as root."""
    path = _find_chromium()
    if path is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env, timeout=900,
                           capture_output=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"Chromium is not installed and `apt-get install chromium` failed ({exc}); "
                        "install Debian's chromium (or set NAPKG_CHROMIUM) to run the browser tests")
        path = _find_chromium()
    if path is None:
        pytest.skip("Chromium is not installed and cannot be installed here (needs root and apt-get); "
                    "install Debian's chromium, or set NAPKG_CHROMIUM to a Chromium binary")
    return path


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    """A headless Chromium with a fresh profile (its own --user-data-dir), for this module."""
    with _playwright().sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="napkg-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path, headless=True, args=FLAGS, viewport=VIEWPORT,
            service_workers="block")
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new page of ``browser`` that records its console errors (``napkg_errors``) and every URL it
    requests (``napkg_requests``), so a test can assert there were none, or none to another host."""
    page = browser.new_page()
    page.napkg_errors, page.napkg_requests = [], []
    page.on("console", lambda m: m.type == "error" and page.napkg_errors.append(m.text))
    page.on("pageerror", lambda e: page.napkg_errors.append(str(e)))
    page.on("request", lambda r: page.napkg_requests.append(r.url))
    yield page
    page.close()



def _playwright() -> Any:
    return pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: pip install -e '.[test]' (its browser downloads are not needed)",
    )
