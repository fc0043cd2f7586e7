"""What only the embedded Oxigraph store does: persistence, the directory lock, paths."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from igel_graph.errors import StoreUnavailable
from igel_graph.namespaces import GRAPH_BASE, resource
from igel_graph.settings import Settings
from igel_graph.store import open_store
from igel_graph.store.memory import MemoryStore
from igel_graph.store.oxigraph import OxigraphStore, uses_service

G = URIRef(GRAPH_BASE + "test/x")


def test_persists_across_reopen(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.load('<https://w3id.org/igel/id/actor/gsd> <http://www.w3.org/2000/01/rdf-schema#label> "GSD"@de .',
               G, format="nt")
    store.close()
    again = OxigraphStore(tmp_path / "db")
    assert again.graphs() == {G: 1}
    assert set(again.graph(G)) == {(resource("actor", "gsd"), RDFS.label, Literal("GSD", lang="de"))}
    again.close()


def test_second_process_gets_store_unavailable(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    code = (
        "import sys; sys.path.insert(0, '.')\n"
        "from igel_graph.store.oxigraph import OxigraphStore\n"
        "from igel_graph.errors import StoreUnavailable\n"
        f"try:\n    OxigraphStore({str(tmp_path / 'db')!r})\n"
        "except StoreUnavailable as e:\n    print('UNAVAILABLE', e)\n"
    )
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         timeout=60)
    assert "UNAVAILABLE" in out.stdout, out.stderr
    assert "in use by another process" in out.stdout
    store.close()


def test_a_file_is_not_a_store(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreUnavailable, match="is a file"):
        OxigraphStore(f)


def test_open_store_chooses_backend(tmp_path):
    assert isinstance(open_store(Settings(store="memory")), MemoryStore)
    store = open_store(Settings(store=str(tmp_path / "db")))
    assert isinstance(store, OxigraphStore) and store.path == tmp_path / "db"
    store.close()


def test_service_detection_ignores_strings_and_comments():
    assert uses_service("SELECT * { service <http://x/> { ?s ?p ?o } }")
    assert not uses_service("SELECT * { ?s ?p 'SERVICE' } # SERVICE")
    assert not uses_service("SELECT * { ?s <http://e/SERVICE> ?o }")
