"""Fixtures of the W3C protocol harness: the API served by uvicorn on a free loopback
port over an empty embedded Oxigraph store, with writes enabled by a test token."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from w3c_state import RESULTS, TOKEN


@pytest.fixture(scope="session")
def w3c_server(tmp_path_factory):
    """A running server (``.url``) over an empty Oxigraph store; writes need ``TOKEN``."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings
    from igel_graph.store.oxigraph import OxigraphStore

    path = tmp_path_factory.mktemp("w3c") / "store"
    store = OxigraphStore(path)
    # one long-query lane (IGEL_QUERY_WORKERS): the suite sends one request at a time
    settings = Settings(store=str(path), write_token=TOKEN, query_timeout=10.0, query_workers=1)
    with ServerThread(create_app(settings, store=store)) as server:
        yield server
    store.close()


def pytest_terminal_summary(terminalreporter):
    if RESULTS:
        passed = sum(RESULTS.values())
        terminalreporter.write_line(
            f"W3C SPARQL 1.1 protocol suite: {passed} of {len(RESULTS)} tests pass "
            f"({', '.join(n for n, ok in RESULTS.items() if not ok) or 'no failures'})"
        )
