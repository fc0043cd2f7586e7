"""The result format registry: table, CSV, TSV and SPARQL 1.1 JSON, checked against the
W3C result formats (examples computed by hand)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from igel_graph.errors import IgelError
from igel_graph.formats import FORMATS, format_for_media_type, render, render_graph, short_term
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


def test_registry_has_the_four_formats():
    assert list(FORMATS) == ["table", "csv", "tsv", "json"]
    assert format_for_media_type("application/sparql-results+json; charset=utf-8").name == "json"
    assert format_for_media_type("text/csv").name == "csv"
    with pytest.raises(IgelError, match="Formats: table, csv, tsv, json"):
        render(RESULT, "xlsx")


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
        f'"2"^^<{XSD.integer}>',
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
