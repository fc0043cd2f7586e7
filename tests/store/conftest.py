"""Fixtures of the store tests: one empty store per backend, and the fixture dataset.

``any_store`` is parametrised over the three backends, so every test using it runs on
rdflib in memory, embedded Oxigraph and a real Virtuoso server. The Virtuoso server is
started once per session (see :mod:`tests.virtuoso`); between tests its graphs are
dropped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from igel_graph.namespaces import GRAPH_BASE
from tests.store.backends import make_store

DATA = Path(__file__).parent / "data"

#: the fixture dataset: graph IRI -> Turtle file
FIXTURE_GRAPHS = {
    URIRef(GRAPH_BASE + "test/actors"): DATA / "actors.ttl",
    URIRef(GRAPH_BASE + "test/measures"): DATA / "measures.ttl",
    URIRef(GRAPH_BASE + "test/notes"): DATA / "notes.ttl",
}

BACKENDS = ["memory", "oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)]


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A real Virtuoso open-source server on free loopback ports with its own database
    directory, started for the session and stopped afterwards.

    Skipped when ``virtuoso-t`` is not installed (``make test`` installs it), unless
    ``IGEL_REQUIRE_VIRTUOSO=1`` makes its absence an error.
    """
    from tests.virtuoso import VirtuosoServer

    if shutil.which("virtuoso-t") is None:
        if os.environ.get("IGEL_REQUIRE_VIRTUOSO") == "1":
            pytest.fail("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        pytest.skip("virtuoso-t is not installed; 'make test' installs virtuoso-opensource")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def any_store(request, tmp_path):
    """An empty store, once per backend (memory, oxigraph, virtuoso)."""
    store = make_store(request.param, tmp_path, request)
    yield store
    if request.param == "virtuoso":
        for g in list(store.graphs()):
            store.drop_graph(g)
    store.close()


@pytest.fixture(params=BACKENDS)
def loaded_store(request, tmp_path):
    """A store per backend holding the fixture dataset (tests/store/data, three graphs)."""
    store = make_store(request.param, tmp_path, request)
    for graph, path in FIXTURE_GRAPHS.items():
        store.load(path, graph)
    yield store
    if request.param == "virtuoso":
        for g in list(store.graphs()):
            store.drop_graph(g)
    store.close()
