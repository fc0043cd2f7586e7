"""A failed load or update leaves the store byte-for-byte unchanged, on every backend;
bad input gives one IgelError with line and column."""

from __future__ import annotations

import io

import pytest
from rdflib import URIRef

from igel_graph.errors import ForbiddenQuery, ParseError, QuerySyntaxError
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
