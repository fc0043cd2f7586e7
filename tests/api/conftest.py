"""Fixtures of the API tests: the real IGeL data built into an embedded Oxigraph store,
served by uvicorn on a free loopback port (real HTTP, real worker processes)."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_test_config import LIGHT_QUERY_WORKERS, MAX_BODY, MAX_ROWS, QUERY_TIMEOUT, TOKEN


@pytest.fixture(scope="session")
def server(built_oxigraph):
    """The read-only API over the built store: writes off, a 3 s query timeout, at most
    50 rows, 64 KiB bodies. ``.url`` is its base URL."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    settings = Settings(
        store=str(built_oxigraph.path), max_rows=MAX_ROWS, query_timeout=QUERY_TIMEOUT, max_body_bytes=MAX_BODY
    )
    with ServerThread(create_app(settings, store=built_oxigraph)) as running:
        yield running


@pytest.fixture(scope="session")
def client(server):
    """An httpx client for :func:`server`."""
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def writable_store(built_oxigraph, tmp_path_factory):
    """A copy of the built store that a test module may write to."""
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("writable") / "store")
    for graph in built_oxigraph.graphs():
        store.load(built_oxigraph.graph(graph), graph)
    yield store
    store.close()


@pytest.fixture(scope="module")
def write_server(writable_store):
    """The API over :func:`writable_store` with writes enabled by ``TOKEN``; one long-query
    lane (:data:`api_test_config.LIGHT_QUERY_WORKERS`)."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    settings = Settings(store=str(writable_store.path), write_token=TOKEN, query_workers=LIGHT_QUERY_WORKERS)
    with ServerThread(create_app(settings, store=writable_store)) as running:
        yield running


@pytest.fixture(scope="module")
def wc(write_server):
    """An httpx client for :func:`write_server` (long timeout: uploads are validated)."""
    with httpx.Client(base_url=write_server.url, timeout=120) as c:
        yield c
