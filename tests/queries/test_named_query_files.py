"""Every .rq file in queries/: it parses (rdflib and Oxigraph), declares what it must, runs
with its defaults on the real graph, returns rows, and answers the same on both stores."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import Literal
from rdflib.plugins.sparql import prepareQuery

from igel_graph.queries import load_named_queries

QUERIES = load_named_queries()
# Queries of the network analysis read what `igel analyse` writes; they are tested there.
OWN = {name: q for name, q in QUERIES.items() if not name.startswith("analysis-")}

REQUIRED = {
    # the questions of the knowledge-graph issue (point 5) and of this brief
    "measures-of-actor",
    "timeline",
    "themes-across-fields",
    "financing-table",
    "actor-types-per-field",
    "single-actor-measures",
    "goals-and-criteria",
    "coverage-comparison",
    "provenance",
    "actors",
    "measures-of-field",
    "dependencies",
    # issue 10: money per action field, goal and measure
    "money-per-field-goal",
}


def _example_params(query) -> dict[str, str]:
    """Values for the required parameters, from the examples their headers give."""
    return {p.name: p.example for p in query.parameters if p.required}


def test_the_required_queries_exist():
    assert REQUIRED <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_parses_with_rdflib(name):
    prepareQuery(QUERIES[name].sparql)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_parses_with_oxigraph(name):
    # an empty store: a syntax error raises SyntaxError before anything is evaluated
    list(pyoxigraph.Store().query(QUERIES[name].sparql))


@pytest.mark.parametrize("name", sorted(OWN))
def test_query_declares_title_description_and_lang(name):
    q = OWN[name]
    assert q.title and q.description
    lang = q.parameter("lang")
    assert (lang.type, lang.default, lang.choices) == ("string", "de", ("de", "en"))
    for p in q.parameters:
        assert p.description, f"parameter {p.name} of {name} has no description"
        if p.required:
            assert p.example, f"required parameter {p.name} of {name} has no example"


@pytest.mark.parametrize("name", sorted(OWN))
def test_query_runs_with_defaults_and_returns_rows(name, built_store):
    result = OWN[name].run(built_store, _example_params(OWN[name]))
    assert len(result) > 0


@pytest.mark.parametrize("name", sorted(OWN))
def test_query_runs_with_every_example(name, built_store):
    """All parameters set to their examples: the narrowed question still has an answer."""
    q = OWN[name]
    params = {p.name: p.example for p in q.parameters if p.example}
    assert len(q.run(built_store, params)) > 0


@pytest.mark.parametrize("name", sorted(OWN))
def test_query_answers_in_english_too(name, built_store):
    q = OWN[name]
    result = q.run(built_store, {**_example_params(q), "lang": "en"})
    labels = [v for v in result.vars if v.lower().endswith("label")]
    langs = {
        row[result.vars.index(v)].language
        for row in result.rows
        for v in labels
        if isinstance(row[result.vars.index(v)], Literal)
    }
    assert langs == {"en"} or (not labels and not langs)


def _normal(term):
    """A term as a comparable value: numbers by value (Oxigraph writes 100000, rdflib
    100000.0), lists in one cell sorted (GROUP_CONCAT has no defined order)."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value)).normalize()
        if term.language is None and ", " in str(term):
            return ", ".join(sorted(str(term).split(", ")))
    return term


@pytest.mark.parametrize("name", sorted(OWN))
def test_query_gives_the_same_rows_on_oxigraph_and_rdflib(name, built_store, oxigraph_copy):
    q = OWN[name]
    params = _example_params(q)
    expected = q.run(built_store, params)
    got = q.run(oxigraph_copy, params)
    assert got.vars == expected.vars
    normal = lambda rows: sorted((tuple(_normal(t) for t in r) for r in rows), key=repr)  # noqa: E731
    assert normal(got.rows) == normal(expected.rows)
