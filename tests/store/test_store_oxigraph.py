"""What only the embedded Oxigraph store does: persistence, the directory lock, paths."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from igel_graph.errors import ForbiddenQuery, StoreUnavailable
from igel_graph.namespaces import GRAPH_BASE, resource
from igel_graph.settings import Settings
from igel_graph.store import open_store
from igel_graph.store.memory import MemoryStore
from igel_graph.store.oxigraph import OxigraphStore

G = URIRef(GRAPH_BASE + "test/x")


def test_persists_across_reopen(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.load(
        '<https://w3id.org/igel/id/actor/gsd> <http://www.w3.org/2000/01/rdf-schema#label> "GSD"@de .', G, format="nt"
    )
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
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
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


def test_service_detection_ignores_strings_and_comments(tmp_path):
    """The store refuses SERVICE through the shared check (igel_graph.sparql_guard), which
    reads strings, comments and IRIs as Oxigraph does."""
    store = OxigraphStore(tmp_path / "db")
    try:
        with pytest.raises(ForbiddenQuery, match="SERVICE"):
            store.query("SELECT * { service <http://x/> { ?s ?p ?o } }")
        assert store.query("SELECT * { ?s ?p 'SERVICE' } # SERVICE").rows == []
        assert store.query("SELECT * { ?s <http://e/SERVICE> ?o }").rows == []
    finally:
        store.close()


# --- the large-input path (scan, then bulk load) must give the same graphs as the atomic
# one; its threshold is lowered so that small files take it.


def _big_turtle(first: int, last: int, blank: bool = True) -> str:
    """Turtle with one label per actor ``first``..``last-1`` and, if ``blank``, one
    blank-node evidence node; about 100 bytes a line."""
    lines = [
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix igel: <https://w3id.org/igel/ontology#> .",
    ]
    lines += [f'<https://w3id.org/igel/id/actor/a{i}> rdfs:label "Akteur {i}"@de .' for i in range(first, last)]
    if blank:
        lines.append('<https://w3id.org/igel/id/actor/a0> igel:evidence [ rdfs:label "anonym"@de ] .')
    return "\n".join(lines) + "\n"


@pytest.fixture
def large_path(monkeypatch):
    """Lower the large-input threshold to 1000 bytes; the list records each input the
    syntax check (the real :func:`scan`) saw, proving the path was taken."""
    from igel_graph.store import oxigraph

    monkeypatch.setattr(oxigraph, "LARGE_INPUT_BYTES", 1000)
    seen = []
    real_scan = oxigraph.scan

    def recording_scan(source, **kwargs):
        seen.append(source)
        return real_scan(source, **kwargs)

    monkeypatch.setattr(oxigraph, "scan", recording_scan)
    return seen


def _same_graph(store, expected_text: str) -> bool:
    from rdflib.compare import isomorphic

    return isomorphic(store.graph(G), Graph().parse(data=expected_text, format="turtle"))


def test_large_load_equals_small_load(tmp_path, large_path):
    text = _big_turtle(0, 500)
    path = tmp_path / "big.ttl"
    path.write_text(text, encoding="utf-8")
    store = OxigraphStore(tmp_path / "db")
    assert store.load(path, G) == 502  # 500 labels + evidence link + blank node's label
    assert large_path == [path]
    assert _same_graph(store, text)
    store.close()


def test_large_replace_keeps_shared_and_removes_stale_triples(tmp_path, large_path):
    store = OxigraphStore(tmp_path / "db")
    store.load(_big_turtle(0, 500), G, format="turtle")
    other = URIRef(GRAPH_BASE + "test/other")
    store.load(
        '<https://w3id.org/igel/id/actor/a1> <http://www.w3.org/2000/01/rdf-schema#label> "Akteur 1"@de .',
        other,
        format="nt",
    )  # small: the atomic path; another graph, untouched below
    new = _big_turtle(250, 750)  # half the labels stay, half are new; a fresh blank node
    assert store.load(new, G, format="turtle", replace=True) == 502
    assert _same_graph(store, new)  # old labels 0..249 and the old blank node are gone
    assert store.graphs() == {G: 502, other: 1}
    store.close()


def test_large_nquads_go_into_one_graph(tmp_path, large_path):
    lines = [
        f"<https://w3id.org/igel/id/actor/a{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
        f'"Akteur {i}"@de <https://example.org/g{i % 3}> .'
        for i in range(100)
    ]
    store = OxigraphStore(tmp_path / "db")
    assert store.load("\n".join(lines) + "\n", G, format="nquads") == 100
    assert store.graphs() == {G: 100}  # the graph names of the input are not kept
    store.close()


def test_large_input_from_a_pipe(tmp_path, large_path):
    """A pipe cannot be rewound: it is read into memory once, then checked and loaded."""
    import os
    import threading

    text = _big_turtle(0, 300).encode()
    read_end, write_end = os.pipe()

    def feed():
        with open(write_end, "wb") as w:
            w.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    store = OxigraphStore(tmp_path / "db")
    with open(read_end, "rb") as pipe:
        assert store.load(pipe, G, format="turtle") == 302
    writer.join()
    assert len(large_path) == 1
    assert _same_graph(store, text.decode())
    store.close()
