"""Fixtures of the named-query tests: the real graph, and a copy of it in Oxigraph."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def oxigraph_copy(built_store, tmp_path_factory):
    """The built real graph copied graph by graph into an embedded Oxigraph store.

    Session-scoped and shared: tests must not write to it.
    """
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("nq-oxigraph") / "store")
    for graph in built_store.graphs():
        store.load(built_store.graph(graph), graph)
    yield store
    store.close()
