"""The same queries and loads on every backend (memory, oxigraph, virtuoso), with the
same results. Expected values are computed by hand from the fixture files in
``tests/store/data`` (quoted in each test)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from igel_graph.namespaces import GRAPH_BASE, IGEL, resource
from igel_graph.store.base import AskResult, GraphResult, SelectResult

DATA = Path(__file__).parent / "data"

PREFIXES = """PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX actor: <https://w3id.org/igel/id/actor/>
PREFIX note: <https://w3id.org/igel/id/note/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
"""

ACTORS = URIRef(GRAPH_BASE + "test/actors")
MEASURES = URIRef(GRAPH_BASE + "test/measures")
NOTES = URIRef(GRAPH_BASE + "test/notes")
M = lambda n: resource("plan", "p", "measure", n)  # noqa: E731
A = lambda n: resource("actor", n)  # noqa: E731


def rows(result: SelectResult) -> list[tuple]:
    """Rows as sorted tuples of Python values (order of variables as projected)."""
    assert isinstance(result, SelectResult)
    return sorted((tuple(_plain(t) for t in row) for row in result.rows), key=repr)


def _plain(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        return (str(term), term.language, str(term.datatype) if term.datatype else None)
    return str(term)


def lit(text, lang=None, datatype=None):
    return (text, lang, str(datatype) if datatype else None)


def test_graph_sizes(loaded_store):
    # actors.ttl: 6 subjects; gsd 4, bkd 4, lerb 3, vlg 2, koordinationsstelle 4, canton 3 = 20
    # measures.ttl: 1.1.1 has 8, 1.1.2 has 9, 2.1.1 has 8, 3.1.1 has 4 = 29
    # notes.ttl: 1 + 4 comments + 1 value + evidence 2 = 8
    assert loaded_store.graphs() == {ACTORS: 20, MEASURES: 29, NOTES: 8}
    assert loaded_store.size() == 57


def test_select_optional_leaves_unbound(loaded_store):
    res = loaded_store.query(
        PREFIXES
        + """
        SELECT ?a ?en WHERE {
          GRAPH <https://w3id.org/igel/graph/test/actors> { ?a a ?t }
          OPTIONAL { ?a rdfs:label ?en FILTER(lang(?en) = "en") }
          FILTER(?t != igel:Canton)
        }"""
    )
    assert res.vars == ["a", "en"]
    assert rows(res) == sorted(
        [
            (str(A("bkd")), lit("Education and Culture Department", "en")),
            (str(A("gsd")), lit("Health and Social Affairs Department", "en")),
            (str(A("koordinationsstelle")), lit("Coordination office", "en")),
            (str(A("lerb")), lit("Care providers", "en")),
            (str(A("vlg")), None),  # actors.ttl gives vlg no English label
        ],
        key=repr,
    )


def test_union_default_graph_counts_each_graph(loaded_store):
    # The German label of gsd is stated in actors.ttl and again in notes.ttl: in the
    # union default graph it matches once per graph, on every backend (2 labels + 1).
    res = loaded_store.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { actor:gsd rdfs:label ?l }")
    assert rows(res) == [(lit("3", datatype=XSD.integer),)]
    res = loaded_store.query(PREFIXES + "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { actor:gsd rdfs:label ?l }")
    assert rows(res) == [(lit("2", datatype=XSD.integer),)]


def test_ask(loaded_store):
    assert loaded_store.query(PREFIXES + "ASK { ?m igel:lead actor:bkd }") == AskResult(True)
    assert loaded_store.query(PREFIXES + "ASK { ?m igel:addressee actor:gsd }") == AskResult(False)


def test_construct(loaded_store):
    res = loaded_store.query(
        PREFIXES
        + """
        CONSTRUCT { ?a igel:leads ?m } WHERE { ?m igel:lead ?a }"""
    )
    assert isinstance(res, GraphResult)
    # measures.ttl: 1.1.1 lead gsd; 1.1.2 leads gsd, lerb; 2.1.1 lead bkd
    assert set(res.triples) == {
        (A("gsd"), IGEL.leads, M("1.1.1")),
        (A("gsd"), IGEL.leads, M("1.1.2")),
        (A("lerb"), IGEL.leads, M("1.1.2")),
        (A("bkd"), IGEL.leads, M("2.1.1")),
    }


def test_graph_variable_and_group_by(loaded_store):
    res = loaded_store.query("""
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""")
    assert rows(res) == sorted(
        [
            (str(ACTORS), lit("20", datatype=XSD.integer)),
            (str(MEASURES), lit("29", datatype=XSD.integer)),
            (str(NOTES), lit("8", datatype=XSD.integer)),
        ],
        key=repr,
    )


def test_aggregates(loaded_store):
    # amounts 150000.0 and 80000.5: sum 230000.5, 2 values, max 150000
    res = loaded_store.query(
        PREFIXES
        + """
        SELECT (SUM(?x) AS ?sum) (COUNT(?x) AS ?n) (MAX(?x) AS ?max)
        WHERE { ?m igel:amount ?x }"""
    )
    ((total, n, biggest),) = res.rows
    assert Decimal(str(total)) == Decimal("230000.5")
    assert int(n) == 2
    assert Decimal(str(biggest)) == Decimal("150000")
    # actors per measure over lead and partner (measures.ttl): 1.1.1:1, 1.1.2:3, 2.1.1:2
    res = loaded_store.query(
        PREFIXES
        + """
        SELECT ?num (COUNT(DISTINCT ?a) AS ?k) WHERE {
          ?m igel:number ?num . { ?m igel:lead ?a } UNION { ?m igel:partner ?a }
        } GROUP BY ?num HAVING (COUNT(DISTINCT ?a) > 1)"""
    )
    assert rows(res) == [(lit("1.1.2"), lit("3", datatype=XSD.integer)), (lit("2.1.1"), lit("2", datatype=XSD.integer))]


def test_property_path_and_not_exists(loaded_store):
    res = loaded_store.query(
        PREFIXES + "SELECT ?d WHERE { <https://w3id.org/igel/id/plan/p/measure/2.1.1> igel:dependsOn+ ?d }"
    )
    assert rows(res) == sorted([(str(M("1.1.2")),), (str(M("1.1.1")),)], key=repr)
    res = loaded_store.query(
        PREFIXES
        + """
        SELECT ?m WHERE { ?m a igel:Measure FILTER NOT EXISTS { ?m igel:lead ?a } }"""
    )
    assert rows(res) == [(str(M("3.1.1")),)]


def test_typed_literals_come_back_typed(loaded_store):
    res = loaded_store.query(
        PREFIXES
        + """
        SELECT ?v ?t WHERE { note:number igel:value ?v .
                             <https://w3id.org/igel/id/plan/p/measure/1.1.1> igel:start ?t }"""
    )
    ((v, t),) = res.rows
    assert v == Literal(42) and v.datatype == XSD.integer
    assert t.datatype == XSD.dateTime and str(t).startswith("2026-01-01T00:00:00")


def test_blank_nodes_survive(loaded_store):
    res = loaded_store.query(PREFIXES + "SELECT ?b ?l WHERE { note:blank igel:evidence ?b . ?b rdfs:label ?l }")
    ((b, label),) = res.rows
    assert isinstance(b, BNode) and label == Literal("anonym", lang="de")


# --- bindings: terms, never text ------------------------------------------------------


def test_bind_iri_not_projected(loaded_store):
    res = loaded_store.query(PREFIXES + "SELECT ?m WHERE { ?m igel:lead ?actor }", {"actor": A("gsd")})
    assert rows(res) == sorted([(str(M("1.1.1")),), (str(M("1.1.2")),)], key=repr)


def test_bind_iri_projected(loaded_store):
    res = loaded_store.query(PREFIXES + "SELECT ?actor ?m WHERE { ?m igel:partner ?actor }", {"actor": A("lerb")})
    assert rows(res) == [(str(A("lerb")), str(M("2.1.1")))]


def test_bind_language_literal(loaded_store):
    res = loaded_store.query(
        PREFIXES + "SELECT ?a WHERE { ?a rdfs:label ?l }", {"l": Literal("Care providers", lang="en")}
    )
    assert rows(res) == [(str(A("lerb")),)]
    # the same text in German matches nothing
    res = loaded_store.query(
        PREFIXES + "SELECT ?a WHERE { ?a rdfs:label ?l }", {"l": Literal("Care providers", lang="de")}
    )
    assert res.rows == []


@pytest.mark.parametrize(
    "text, lang, note",
    [
        ('Er sagte: "Wir setzen uns gemeinsam ein" \\ und ging.', "de", "quote"),
        ("Zeile eins\nZeile zwei", "de", "lines"),
        ('x" } ; DROP ALL ; #', None, "injection"),
        ("Angehörige, Bezugspersonen und Fachpersonen", "de", "umlaut"),
    ],
)
def test_bind_awkward_literals(loaded_store, text, lang, note):
    res = loaded_store.query(PREFIXES + "SELECT ?n WHERE { ?n rdfs:comment ?c }", {"c": Literal(text, lang=lang)})
    assert rows(res) == [(str(resource("note", note)),)]
    # the injection attempt stayed a literal: nothing was dropped
    assert loaded_store.size() == 57


def test_bind_in_ask_and_construct(loaded_store):
    assert loaded_store.query(PREFIXES + "ASK { ?m igel:addressee ?a }", {"a": A("vlg")})
    res = loaded_store.query(
        PREFIXES + "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m igel:lead ?a ; rdfs:label ?l FILTER(lang(?l) = 'en') }",
        {"a": A("bkd")},
    )
    assert set(res.triples) == {(M("2.1.1"), RDFS.label, Literal("Training offers", lang="en"))}


# --- loads -----------------------------------------------------------------------------


def test_load_returns_size_and_adds(any_store):
    g = URIRef(GRAPH_BASE + "test/x")
    assert any_store.load("<http://e/a> <http://e/p> <http://e/b> .", g, format="nt") == 1
    assert any_store.load("<http://e/a> <http://e/p> <http://e/c> .", g, format="nt") == 2
    assert any_store.graphs() == {g: 2}


def test_replace_graph_swaps_content(any_store):
    g = URIRef(GRAPH_BASE + "test/x")
    other = URIRef(GRAPH_BASE + "test/y")
    any_store.load("<http://e/a> <http://e/p> <http://e/b> , <http://e/c> .", g, format="turtle")
    any_store.load("<http://e/a> <http://e/p> <http://e/b> .", other, format="turtle")
    assert any_store.replace_graph(g, "<http://e/a> <http://e/p> <http://e/d> .", format="turtle") == 1
    assert any_store.graphs() == {g: 1, other: 1}
    assert set(any_store.graph(g)) == {(URIRef("http://e/a"), URIRef("http://e/p"), URIRef("http://e/d"))}


def test_replace_with_blank_nodes(any_store):
    g = URIRef(GRAPH_BASE + "test/x")
    any_store.load("<http://e/a> <http://e/p> [ <http://e/q> 1 ] .", g, format="turtle")
    assert any_store.load("<http://e/a> <http://e/p> [ <http://e/q> 2 ] .", g, format="turtle", replace=True) == 2
    res = any_store.query("SELECT ?v WHERE { <http://e/a> <http://e/p> ?b . ?b <http://e/q> ?v }")
    assert [int(v) for (v,) in res.rows] == [2]


def test_load_rdflib_graph_and_file(any_store):
    from rdflib import Graph

    g = Graph()
    g.add((A("x"), RDFS.label, Literal("X", lang="de")))
    target = URIRef(GRAPH_BASE + "test/x")
    assert any_store.load(g, target) == 1
    assert any_store.load(DATA / "actors.ttl", ACTORS) == 20


def test_drop_graph(loaded_store):
    loaded_store.drop_graph(NOTES)
    loaded_store.drop_graph(URIRef(GRAPH_BASE + "test/never-there"))
    assert loaded_store.graphs() == {ACTORS: 20, MEASURES: 29}


def test_graph_copy(loaded_store):
    g = loaded_store.graph(ACTORS)
    assert len(g) == 20
    assert (A("vlg"), RDFS.label, Literal("Verband Luzerner Gemeinden", lang="de")) in g


def test_update_inserts_into_named_graph(any_store):
    g = URIRef(GRAPH_BASE + "test/x")
    any_store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <http://e/a> <http://e/p> 'v' }} }}")
    assert any_store.graphs() == {g: 1}
    any_store.update(f"DELETE WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert any_store.graphs() == {}


def test_restricted_default_graph(loaded_store):
    res = loaded_store.query(
        PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { actor:gsd rdfs:label ?l }", default_graph=[ACTORS]
    )
    assert rows(res) == [(lit("2", datatype=XSD.integer),)]
    res = loaded_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[NOTES])
    assert rows(res) == [(str(NOTES),)]
