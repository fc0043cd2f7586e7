"""The result format registry: table, and SPARQL 1.1 JSON, XML, CSV and TSV, checked
against the W3C result formats (examples computed by hand)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from igel_graph.errors import IgelError
from igel_graph.formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    format_for_media_type,
    get_format,
    render,
    render_graph,
    serialize_ask,
    serialize_select,
    short_term,
)
from igel_graph.store.base import AskResult, GraphResult, SelectResult

BKD = URIRef("https://w3id.org/igel/id/actor/bkd")
RESULT = SelectResult(
    ["actor", "label", "n", "note"],
    [
        (BKD, Literal("Bildungs- und Kulturdepartement (BKD)", lang="de"), Literal(2), None),
        (
            BNode("b0"),
            Literal('say "hi",\tthen\nleave'),
            Literal("1.5", datatype=XSD.decimal),
            Literal("x", datatype=XSD.string),
        ),
    ],
)


def test_registry_has_the_result_and_graph_formats():
    assert RESULT_FORMATS == ("json", "xml", "csv", "tsv")
    assert GRAPH_FORMATS == ("turtle", "ntriples", "jsonld", "rdfxml")
    assert format_for_media_type("application/sparql-results+json; charset=utf-8").name == "json"
    assert format_for_media_type("text/csv").name == "csv"
    # "xml" is SPARQL XML among result formats and RDF/XML among graph formats
    assert get_format("xml", RESULT_FORMATS).media_type == "application/sparql-results+xml"
    assert get_format("xml", GRAPH_FORMATS).media_type == "application/rdf+xml"
    with pytest.raises(IgelError, match="Formats: table, json, xml, csv, tsv"):
        render(RESULT, "xlsx")


def test_ask_is_one_column_in_csv_and_tsv_and_standard_in_json_and_xml():
    # the CSV/TSV result formats define no ASK form: one column _askResult (Apache Jena's)
    assert serialize_ask(AskResult(True), "csv") == b"_askResult\r\ntrue\r\n"
    assert serialize_ask(AskResult(False), "tsv") == b"?_askResult\nfalse\n"
    assert serialize_ask(AskResult(True), "json") == b'{"head":{},"boolean":true}'
    assert b"<boolean>false</boolean>" in serialize_ask(AskResult(False), "xml")


def test_select_bytes_are_the_engines_own():
    """The registry's bytes equal pyoxigraph's serialisation of the same rows in the
    store (what the /sparql workers send): one writer for both."""
    import pyoxigraph as ox

    store = ox.Store()
    p = ox.NamedNode("http://e/p")
    values = [
        ox.Literal('say "hi",\tthen\nleave <&>', language="de"),
        ox.Literal("1.5", datatype=ox.NamedNode(str(XSD.decimal))),
        ox.Literal("it's \u00e9"),
        ox.NamedNode("http://e/a?b=c&d"),
    ]
    for i, v in enumerate(values):
        store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), p, v))
    store.add(ox.Quad(ox.BlankNode("b0"), p, ox.Literal(7)))
    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY STR(?s)"
    rows = []
    for solution in store.query(query):
        rows.append(tuple(_rdflib(solution[v]) for v in ("s", "o", "none")))
    ours = SelectResult(["s", "o", "none"], rows)
    for name in RESULT_FORMATS:
        engine = store.query(query).serialize(format=getattr(ox.QueryResultsFormat, name.upper()))
        assert serialize_select(ours, name) == engine, name


def _rdflib(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def test_json_is_sparql_results_json():
    doc = json.loads(render(RESULT, "json"))
    assert doc["head"] == {"vars": ["actor", "label", "n", "note"]}
    first, second = doc["results"]["bindings"]
    assert first == {
        "actor": {"type": "uri", "value": str(BKD)},
        "label": {"type": "literal", "value": "Bildungs- und Kulturdepartement (BKD)", "xml:lang": "de"},
        "n": {"type": "literal", "value": "2", "datatype": str(XSD.integer)},
    }  # unbound "note" is left out
    assert second["actor"] == {"type": "bnode", "value": "b0"}
    assert second["note"] == {"type": "literal", "value": "x"}  # xsd:string is a simple literal
    assert json.loads(render(AskResult(True), "json")) == {"head": {}, "boolean": True}


def test_csv_has_lexical_values_and_crlf():
    text = render(RESULT, "csv")
    assert text.startswith("actor,label,n,note\r\n")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[1] == [str(BKD), "Bildungs- und Kulturdepartement (BKD)", "2", ""]
    assert parsed[2] == ["_:b0", 'say "hi",\tthen\nleave', "1.5", "x"]


def test_tsv_has_terms_in_turtle_syntax():
    lines = render(RESULT, "tsv").split("\n")
    assert lines[0] == "?actor\t?label\t?n\t?note"
    assert lines[1].split("\t") == [
        f"<{BKD}>",
        '"Bildungs- und Kulturdepartement (BKD)"@de',
        "2",  # an xsd:integer in Turtle's short form, as the engine writes it
        "",
    ]
    assert lines[2].split("\t")[1] == '"say \\"hi\\",\\tthen\\nleave"'
    assert len(lines) == 4 and lines[3] == ""


def test_table_shortens_iris_with_project_prefixes():
    text = render(RESULT, "table")
    assert "id:actor/bkd" in text and "2 rows" in text
    assert short_term(URIRef("https://w3id.org/igel/ontology#lead")) == "igel:lead"
    assert short_term(URIRef("https://example.org/x")) == "https://example.org/x"


def test_graph_results_as_turtle_with_prefixes():
    result = GraphResult([(BKD, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("BKD"))])
    text = render_graph(result, "turtle")
    assert "id:actor\\/bkd" in text or "<https://w3id.org/igel/id/actor/bkd>" in text
    assert '"BKD"' in text
    with pytest.raises(IgelError):
        render_graph(result, "docx")
