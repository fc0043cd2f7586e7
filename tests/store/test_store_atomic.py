"""A failed load or update leaves the store byte-for-byte unchanged, on every backend;
bad input gives one IgelError with line and column."""

from __future__ import annotations

import io

import pytest
from rdflib import URIRef

from igel_graph.errors import ForbiddenQuery, IgelError, ParseError, QuerySyntaxError
from igel_graph.namespaces import GRAPH_BASE

TARGET = URIRef(GRAPH_BASE + "test/actors")
OTHER = URIRef(GRAPH_BASE + "test/big")


def sorted_dump(store) -> bytes:
    """The dataset as N-Quads, lines sorted (the order of a dump is not defined)."""
    out = io.BytesIO()
    store.dump(out, "nquads")
    return b"\n".join(sorted(line for line in out.getvalue().splitlines() if line.strip()))


def turtle_with_error_on_line_900() -> str:
    """899 good Turtle lines (a prefix line and 898 triples), then a broken line 900."""
    lines = ["@prefix ex: <https://example.org/> ."]
    lines += [f'ex:s{i} ex:p "value {i}" .' for i in range(898)]
    lines.append('ex:s898 ex:p "unterminated .')  # line 900: the string never closes
    lines.append('ex:s899 ex:p "fine" .')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("replace", [False, True])
def test_failed_load_leaves_store_unchanged(loaded_store, tmp_path, replace):
    path = tmp_path / "broken.ttl"
    path.write_text(turtle_with_error_on_line_900(), encoding="utf-8")
    before = sorted_dump(loaded_store)
    assert before.count(b"\n") + 1 == 57  # the fixture dataset, see test_store_backends
    with pytest.raises(ParseError) as info:
        loaded_store.load(path, TARGET if replace else OTHER, replace=replace)
    assert info.value.line == 900
    assert info.value.source == str(path)
    assert "line 900" in str(info.value)
    assert sorted_dump(loaded_store) == before


def test_failed_update_leaves_store_unchanged(loaded_store):
    before = sorted_dump(loaded_store)
    with pytest.raises(QuerySyntaxError) as info:
        loaded_store.update(f"DROP GRAPH <{TARGET}> ;\nINSERT DATA {{ GRAPH <{OTHER}> {{ <x:a> <x:b> }} }}")
    assert info.value.line == 2
    assert sorted_dump(loaded_store) == before


def test_malformed_query_has_line_and_column(any_store):
    with pytest.raises(QuerySyntaxError) as info:
        any_store.query("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    assert info.value.line == 3
    assert info.value.column is not None
    assert str(info.value).startswith("SPARQL query, line 3, column")


def test_service_is_refused(any_store):
    if any_store.kind == "sparql":
        pytest.skip("a remote endpoint decides itself whether it federates")
    with pytest.raises(ForbiddenQuery):
        any_store.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_load_in_update_is_refused(any_store):
    if any_store.kind == "sparql":
        pytest.skip("a remote endpoint decides itself whether it loads from the web")
    with pytest.raises(ForbiddenQuery, match="LOAD"):
        any_store.update("LOAD <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>")
    assert any_store.graphs() == {}


def test_malformed_rdf_text(any_store):
    with pytest.raises(ParseError) as info:
        any_store.load("<http://e/a> <http://e/b> .\n", OTHER, format="nt")
    assert info.value.line == 1
    assert any_store.graphs() == {}


def test_unknown_format(any_store):
    with pytest.raises(ParseError, match="unknown RDF format"):
        any_store.load("<http://e/a> <http://e/b> <http://e/c> .", OTHER, format="yaml")


def test_dump_formats(loaded_store):
    out = io.BytesIO()
    loaded_store.dump(out, "trig")
    assert b"Verband Luzerner Gemeinden" in out.getvalue()
    out = io.BytesIO()
    loaded_store.dump(out, "turtle", graph=TARGET)
    from rdflib import Graph

    assert len(Graph().parse(data=out.getvalue(), format="turtle")) == 20


# --- the large-input path of the embedded store (scan, then bulk load), made to apply to
# small files by lowering its threshold so that these tests stay fast.

SMALL_THRESHOLD = 10_000  # bytes; every file below is larger


def ntriples_with_error_near_end(lines: int) -> str:
    """``lines`` N-Triples lines of which the second-to-last has an unterminated string."""
    text = [f'<https://example.org/s{i}> <https://example.org/p> "value {i}" .' for i in range(lines)]
    text[-2] = '<https://example.org/bad> <https://example.org/p> "unterminated .'
    return "\n".join(text) + "\n"


@pytest.fixture
def oxigraph_loaded(tmp_path, monkeypatch):
    """An Oxigraph store with the fixture dataset, whose large-input path starts at
    SMALL_THRESHOLD bytes; and a list recording each input the syntax-check pass saw."""
    from igel_graph.store import oxigraph
    from tests.store.conftest import FIXTURE_GRAPHS

    store = oxigraph.OxigraphStore(tmp_path / "db")
    for graph, path in FIXTURE_GRAPHS.items():
        store.load(path, graph)  # before lowering the threshold: the atomic path
    monkeypatch.setattr(oxigraph, "LARGE_INPUT_BYTES", SMALL_THRESHOLD)
    scanned = []
    real_scan = oxigraph.scan

    def recording_scan(source, **kwargs):  # the real scan, noting that it ran
        scanned.append(source)
        return real_scan(source, **kwargs)

    monkeypatch.setattr(oxigraph, "scan", recording_scan)
    yield store, scanned
    store.close()


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("graph", [TARGET, OTHER], ids=["existing-graph", "new-graph"])
def test_large_input_with_error_near_end_writes_nothing(oxigraph_loaded, tmp_path, replace, graph):
    store, scanned = oxigraph_loaded
    path = tmp_path / "big.nt"
    path.write_text(ntriples_with_error_near_end(5000), encoding="utf-8")
    assert path.stat().st_size > 20 * SMALL_THRESHOLD
    before = sorted_dump(store)
    with pytest.raises(ParseError) as info:
        store.load(path, graph, replace=replace)
    assert scanned == [path]  # the large-input path ran
    assert (info.value.source, info.value.line) == (str(path), 4999)  # line 4999 of 5000
    assert "nothing was loaded" in str(info.value)
    assert sorted_dump(store) == before


class ChangesAfterFirstRead(io.RawIOBase):
    """A seekable binary file whose content becomes ``second`` once it has been read to
    its end and rewound, as a file edited while it is being loaded would."""

    def __init__(self, first: bytes, second: bytes, name: str):
        super().__init__()
        self._buffer, self._second, self._at_end = io.BytesIO(first), second, False
        self.name = name

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self._buffer.readinto(b)
        self._at_end = self._at_end or n == 0
        return n

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        if self._at_end and self._second is not None:
            self._buffer, self._second = io.BytesIO(self._second), None
        return self._buffer.seek(pos, whence)

    def tell(self) -> int:
        return self._buffer.tell()


def test_large_input_changing_between_passes_is_undone_in_a_new_graph(oxigraph_loaded):
    """The one failure the syntax check cannot catch: the second read differs. A load
    into a graph that was empty removes what it wrote (see OxigraphStore.load)."""
    store, scanned = oxigraph_loaded
    good = ntriples_with_error_near_end(5000).replace("unterminated .", 'fixed" .')
    changing = ChangesAfterFirstRead(good.encode(), ntriples_with_error_near_end(5000).encode(), name="edited.nt")
    before = sorted_dump(store)
    with pytest.raises(IgelError) as info:
        store.load(changing, OTHER, format="nt")
    assert len(scanned) == 1
    message = str(info.value)
    assert "failed while writing, after the input had been checked" in message
    assert "edited.nt" in message and "was removed again" in message
    assert sorted_dump(store) == before
