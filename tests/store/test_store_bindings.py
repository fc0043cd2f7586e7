"""Binding parameters into query text as terms (remote endpoint, Oxigraph fallback)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from igel_graph.store.bindings import inject_values, substitute_in_filters, term_text

E = URIRef("http://e/x")


def _parses(q: str) -> None:
    ox.Store().query(q)  # an empty store: only parsing matters


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?n WHERE { ?a <http://e/p> ?n }",
        "PREFIX e: <http://e/> CONSTRUCT { ?a e:p ?n } WHERE { ?a e:q ?n }",
        "CONSTRUCT WHERE { ?a <http://e/p> ?n }",
        "ASK { ?a ?p ?o }",
        'SELECT * WHERE { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p "}" } GROUP BY ?a } ORDER BY ?n',
        "SELECT ?a WHERE { # a comment with { a brace\n ?a ?p ?o }",
    ],
)
def test_inject_values_gives_valid_sparql_binding_the_variable(query):
    out = inject_values(query, {"a": E})
    _parses(out)
    assert "VALUES (?a) { (<http://e/x>) }" in out


def test_literal_cannot_escape_its_term():
    evil = Literal('x" } ; DROP ALL ; #\n')
    text = term_text(evil)
    assert text == '"x\\" } ; DROP ALL ; #\\n"'
    _parses(inject_values("SELECT * WHERE { ?s ?p ?o }", {"o": evil}))


def test_bad_iri_is_refused():
    from igel_graph.errors import IgelError

    with pytest.raises(IgelError, match="Cannot bind"):
        term_text(URIRef("http://e/a> <http://e/b"))


def test_substitute_only_inside_filters():
    q = (
        "SELECT ?lang WHERE { ?s ?p ?l OPTIONAL { ?s ?q ?z FILTER(langMatches(lang(?z), ?lang)) } "
        "FILTER NOT EXISTS { ?s a ?t FILTER(?t = ?k) } }"
    )
    out = substitute_in_filters(q, {"lang": Literal("de"), "k": E})
    assert out.startswith("SELECT ?lang WHERE")
    assert 'langMatches(lang(?z), "de")' in out
    assert "FILTER(?t = <http://e/x>)" in out
    _parses(out)
