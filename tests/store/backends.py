"""Creating an empty store of each backend for the store tests (used by conftest.py and
by module-scoped fixtures)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["make_store"]


def make_store(kind: str, tmp_path: Path, request):
    """An empty store of backend ``kind``."""
    if kind == "memory":
        from igel_graph.store.memory import MemoryStore

        return MemoryStore()
    if kind == "oxigraph":
        from igel_graph.store.oxigraph import OxigraphStore

        return OxigraphStore(tmp_path / "oxigraph")
    server = request.getfixturevalue("virtuoso_server")
    store = server.store()
    for g in list(store.graphs()):
        store.drop_graph(g)
    return store
