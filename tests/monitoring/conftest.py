"""Fixtures of the monitoring tests: the real plan in a fresh Oxigraph store on disk."""

from __future__ import annotations

import io

import pytest

from igel_graph.namespaces import Graphs


@pytest.fixture
def plan_store(built_store, tmp_path):
    """The built real graph, without the example monitoring graph, copied into a new
    embedded Oxigraph store on disk (a test may write to it)."""
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    for graph in built_store.graphs():
        if graph not in Graphs.MONITORING_GRAPHS:
            store.load(built_store.graph(graph), graph)
    yield store
    store.close()


def sorted_dump(store) -> bytes:
    """The dataset as N-Quads, lines sorted (the order of a dump is not defined)."""
    out = io.BytesIO()
    store.dump(out, "nquads")
    return b"\n".join(sorted(line for line in out.getvalue().splitlines() if line.strip()))
