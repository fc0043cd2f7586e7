"""The .rq header format, parameter parsing and binding (no store needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from igel_graph.errors import ParameterError, ParseError, UnknownQueryError
from igel_graph.namespaces import IGEL, resource
from igel_graph.queries import Parameter, get_query, load_named_queries, parse_iri, parse_named_query

GOOD = """\
#+ title: Measures of an actor
#+ description: First line,
#+ description: second line.
#+ tags: actors, measures
#+ tags: roles
#+ param: actor iri required example=id:actor/bkd - the actor
#+ param: role iri values=igel:lead,igel:partner - only this role
#+ param: year integer default=2026 - a year
#+ param: label string default="Q1 2026" - a label with a space
# an ordinary comment
PREFIX igel: <https://w3id.org/igel/ontology#>
SELECT ?m WHERE { ?m ?role ?actor ; igel:year ?year ; igel:label ?label }
"""


def test_header_is_read():
    q = parse_named_query(GOOD, "demo")
    assert q.name == "demo"
    assert q.title == "Measures of an actor"
    assert q.description == "First line, second line."
    assert q.tags == ["actors", "measures", "roles"]
    assert [p.name for p in q.parameters] == ["actor", "role", "year", "label"]
    actor, role, year, label = q.parameters
    assert (actor.type, actor.required, actor.default, actor.example) == ("iri", True, None, "id:actor/bkd")
    assert actor.description == "the actor"
    assert role.choices == ("igel:lead", "igel:partner") and not role.required
    assert (year.type, year.default) == ("integer", "2026")
    assert label.default == "Q1 2026"


def test_bindings_parse_values_and_apply_defaults():
    q = parse_named_query(GOOD, "demo")
    b = q.bindings({"actor": "id:actor/bkd"})
    assert b == {
        "actor": resource("actor", "bkd"),
        "year": Literal(2026, datatype=XSD.integer),
        "label": Literal("Q1 2026"),
    }
    assert "role" not in b  # optional without default: unbound
    b = q.bindings({"actor": "<https://w3id.org/igel/id/actor/gsd>", "role": "igel:lead", "year": "2030", "label": ""})
    assert b["role"] == IGEL.lead
    assert b["year"] == Literal(2030, datatype=XSD.integer)
    assert b["label"] == Literal("Q1 2026")  # empty counts as not given


def test_missing_required_parameter_is_named():
    q = parse_named_query(GOOD, "demo")
    with pytest.raises(ParameterError) as err:
        q.bindings({})
    assert err.value.parameter == "actor"
    assert "'actor'" in str(err.value) and "demo" in str(err.value)


def test_unknown_parameter_is_refused():
    q = parse_named_query(GOOD, "demo")
    with pytest.raises(ParameterError) as err:
        q.bindings({"actor": "id:actor/bkd", "actr": "x"})
    assert err.value.parameter == "actr"
    assert "actor, role, year, label" in str(err.value)


@pytest.mark.parametrize(
    "name, value, fragment",
    [
        ("actor", "bkd", "IRI"),
        ("actor", "igle:lead", "unknown prefix 'igle'"),
        ("actor", "<not an iri>", "IRI"),
        ("role", "igel:addressee", "one of igel:lead, igel:partner"),
        ("year", "2026.5", "whole number"),
    ],
)
def test_bad_values_name_the_parameter_and_what_it_expects(name, value, fragment):
    q = parse_named_query(GOOD, "demo")
    params = {"actor": "id:actor/bkd", name: value}
    with pytest.raises(ParameterError) as err:
        q.bindings(params)
    assert err.value.parameter == name
    assert f"'{name}'" in str(err.value) and fragment in str(err.value)
    assert value in str(err.value)


@pytest.mark.parametrize(
    "type_, text, term",
    [
        ("iri", "id:actor/bkd", URIRef("https://w3id.org/igel/id/actor/bkd")),
        ("iri", "igel:partner", IGEL.partner),
        ("iri", "<https://ld.admin.ch/canton/3>", URIRef("https://ld.admin.ch/canton/3")),
        ("iri", "http://www.wikidata.org/entity/Q12121", URIRef("http://www.wikidata.org/entity/Q12121")),
        ("string", "Q1 2026", Literal("Q1 2026")),
        ("integer", " 2026 ", Literal(2026, datatype=XSD.integer)),
        ("decimal", "11'100", Literal(Decimal("11100"), datatype=XSD.decimal)),
        ("decimal", "1500.5", Literal(Decimal("1500.5"), datatype=XSD.decimal)),
        ("boolean", "yes", Literal(True)),
        ("boolean", "false", Literal(False)),
        ("datetime", "2026-01-01", Literal("2026-01-01T00:00:00", datatype=XSD.dateTime)),
    ],
)
def test_values_become_typed_rdf_terms(type_, text, term):
    assert Parameter("p", type_).parse(text) == term


@pytest.mark.parametrize(
    "type_, text",
    [
        ("integer", "zwei"),
        ("decimal", "1,5"),
        ("boolean", "maybe"),
        ("datetime", "Q1 2026"),
    ],
)
def test_values_of_the_wrong_type_are_refused(type_, text):
    with pytest.raises(ParameterError) as err:
        Parameter("p", type_).parse(text)
    assert err.value.parameter == "p"


def test_parse_iri_rejects_text_that_could_inject():
    # a value is a term or nothing: braces and spaces never reach the query
    for text in ["id:actor/x> } DROP ALL { <x", "<http://e/a> <http://e/b>", "id:a b"]:
        with pytest.raises(ValueError):
            parse_iri(text)


@pytest.mark.parametrize(
    "header, message, line",
    [
        ("#+ title: t\n#+ summary: s\n", "unknown header key 'summary'", 2),
        ("#+ title: t\n#+ param: x float - d\n", "unknown parameter type 'float'", 2),
        ("#+ title: t\n#+ param: x iri optional - d\n", "unknown parameter option 'optional'", 2),
        ("#+ title: t\n#+ param: y iri - d\n", "parameter 'y' is not used", 2),
        ("#+ title: t\n#+ param: x integer default=two - d\n", "expects a whole number", 2),
        ("#+ title: t\n#+ param: x iri required default=id:a - d\n", "cannot be required and have a default", 2),
        ("#+ title: t\n#+ param: x iri - d\n#+ param: x iri - d\n", "declared twice", 2),
        ("#+ description: no title\n", "exactly one '#+ title:'", 1),
    ],
)
def test_malformed_headers_name_file_and_line(header, message, line):
    with pytest.raises(ParseError) as err:
        parse_named_query(header + "SELECT ?x WHERE { ?x ?p ?o }\n", "bad", source="bad.rq")
    assert message in str(err.value)
    assert err.value.line == line and err.value.source == "bad.rq"


def test_only_select_queries_are_named_queries():
    with pytest.raises(ParseError) as err:
        parse_named_query("#+ title: t\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", "c")
    assert "SELECT" in str(err.value) and err.value.line == 2


def test_load_named_queries_reads_a_folder(tmp_path):
    (tmp_path / "one.rq").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    queries = load_named_queries(tmp_path)
    assert list(queries) == ["one"]
    assert queries["one"].path == tmp_path / "one.rq"


def test_unknown_query_suggests_close_names():
    with pytest.raises(UnknownQueryError) as err:
        get_query("measures-of-actors")
    assert "measures-of-actor" in str(err.value)
    assert err.value.exit_code == 2
    with pytest.raises(UnknownQueryError) as err:
        get_query("zzz")
    assert "igel queries" in str(err.value)
