"""Shared fixtures. The checkout goes on ``sys.path`` so tests run without an install.

The real data is built once per session for every folder: ``built_store`` (rdflib memory)
and ``built_oxigraph`` (Oxigraph on disk); neither may be written to. Its analysis is the
one the build cached (``igel_graph.readmodel.analysis_of``): ask for it there rather than
running ``analyse`` again. Helpers used by tests of several folders live in
``tests/support/``, one copy each.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def built_store():
    """The real IGeL and BW data built (validated and reasoned) into an rdflib memory store.

    Session-scoped and shared: tests must not write to it.
    """
    from igel_graph.build import build_graph
    from igel_graph.store.memory import MemoryStore

    store = MemoryStore()
    build_graph(store, reason=True, validate=True)
    return store


@pytest.fixture(scope="session")
def built_oxigraph(tmp_path_factory):
    """The IGeL and BW data built (validated, reasoned) into an Oxigraph store on disk.

    Session-scoped and shared by the API and view tests (one build, not one per folder):
    tests must not write to it (the API tests copy it into ``writable_store``).
    """
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("built") / "store")
    report = build_graph(store, reason=True, validate=True)
    assert report.conforms
    yield store
    store.close()


@pytest.fixture
def memory_store():
    """An empty rdflib in-memory store."""
    from igel_graph.store.memory import MemoryStore

    return MemoryStore()


@pytest.fixture
def oxigraph_store(tmp_path):
    """An empty embedded Oxigraph store in a temporary directory."""
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture()
def listener():
    """A loopback listener counting the connections it is offered, for one test
    (:class:`tests.support.listener.ConnectionCounter`); the API safety tests have their
    own, which answers like a SPARQL endpoint."""
    from tests.support.listener import ConnectionCounter

    server = ConnectionCounter()
    yield server
    server.close()
