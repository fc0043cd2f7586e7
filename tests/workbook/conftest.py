"""Stores for the workbook tests: the real sources loaded as they are (no reasoning,
no analysis: the workbook reads asserted statements only), and an empty platform store
(ontology and vocabularies only) to import plans into."""

from __future__ import annotations

import pytest
from wbhelp import load_graphs

_load = load_graphs  # the tests import it from here too


@pytest.fixture(scope="session")
def source_store():
    """The ontology, vocabularies and every data file in an rdflib memory store (read only)."""
    from igel_graph.store.memory import MemoryStore

    store = MemoryStore()
    _load(store, sources=True)
    return store


@pytest.fixture
def platform_store(tmp_path):
    """A real Oxigraph store on disk holding only the ontology and the vocabularies."""
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    _load(store, sources=False)
    yield store
    store.close()
