"""Fixtures of the browser tests: the real data served by uvicorn on loopback, the static
export of the same data, and Debian's Chromium driven by Playwright with every request
outside 127.0.0.1 and file:// blocked and counted."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    """An Oxigraph store folder holding the real IGeL and BW data, built and reasoned."""
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    path = tmp_path_factory.mktemp("browser-store") / "store"
    store = OxigraphStore(path)
    build_graph(store, reason=True, validate=False)
    store.close()
    return path


@pytest.fixture(scope="session")
def static_site(store_dir, tmp_path_factory) -> Path:
    """The static export (``igel views --out``) of the built store."""
    from api.export import export_site
    from igel_graph.settings import Settings
    from igel_graph.store.oxigraph import OxigraphStore

    out = tmp_path_factory.mktemp("static-site")
    store = OxigraphStore(store_dir)
    try:
        export_site(store, Settings(store=str(store_dir)), out)
    finally:
        store.close()
    return out


def serve(store_dir, **env_extra: str):
    """Run ``uvicorn --factory api.app:create_app`` on a free loopback port over the store
    folder ``store_dir`` (with ``env_extra`` in its environment), yield its base URL once
    ``/healthz`` answers, and stop it afterwards. For ``yield from`` in a fixture."""
    port = _free_port()
    env = {**os.environ, "IGEL_STORE": str(store_dir), "PYTHONPATH": str(ROOT), **env_extra}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1"]
    proc = subprocess.Popen([*cmd, "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code < 500:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(f"the server over {store_dir} did not start")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def live_server(store_dir, static_site):
    """``uvicorn --factory api.app:create_app`` on a free loopback port, serving the store.

    Starts after the export (the store folder can be open in one process at a time).
    """
    yield from serve(store_dir)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (skipped where it is not installed, unless
    ``IGEL_REQUIRE_CHROMIUM=1``, as ``make test`` sets, makes that an error)."""
    if not CHROMIUM.exists():
        if os.environ.get("IGEL_REQUIRE_CHROMIUM") == "1":
            pytest.fail("Chromium is missing at /usr/bin/chromium; run scripts/install-test-deps.sh")
        pytest.skip("Chromium is not installed at /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Tab:
    """A page plus what it did: console errors and the requests the guard blocked."""

    page: object
    errors: list = field(default_factory=list)
    blocked: list = field(default_factory=list)

    def clean(self):
        assert self.errors == [], self.errors
        assert self.blocked == [], self.blocked


@pytest.fixture
def tab(browser):
    """A fresh page whose requests may only go to 127.0.0.1 or file://."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    t = Tab(page)

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:", "http://127.0.0.1:", "http://127.0.0.1/")):
            route.continue_()
        else:
            t.blocked.append(url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: t.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: t.errors.append(str(e)))
    yield t
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
