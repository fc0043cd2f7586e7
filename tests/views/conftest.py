"""Fixtures of the view tests: the real data in an embedded Oxigraph store."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def oxi_built(tmp_path_factory):
    """The real IGeL and BW data built (validated and reasoned) into an Oxigraph store in a
    temporary folder; shared by the session, tests must not write to it."""
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("views-store") / "store")
    build_graph(store, reason=True, validate=True)
    yield store
    store.close()
