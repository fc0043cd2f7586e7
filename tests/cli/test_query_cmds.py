"""``igel query``, ``igel queries`` and ``igel sparql`` through the real entry point, on
an embedded Oxigraph store holding the built real graph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph

from igel_graph.queries import load_named_queries
from tests.support.cli import in_process_igel


@pytest.fixture(scope="module")
def store_dir(built_store, tmp_path_factory):
    """A store directory with the real graph, closed again so that the CLI can open it."""
    from igel_graph.store.oxigraph import OxigraphStore

    path = tmp_path_factory.mktemp("cli-store") / "store"
    store = OxigraphStore(path)
    for graph in built_store.graphs():
        store.load(built_store.graph(graph), graph)
    store.close()
    return path


@pytest.fixture
def igel(store_dir, capsys):
    """Run ``igel --store STORE_DIR ARGS...`` in this process; (exit code, stdout, stderr)."""
    return in_process_igel(store_dir, capsys)


def test_query_as_csv(igel):
    code, out, err = igel("query", "measures-of-actor", "--param", "actor=id:actor/bkd", "--format", "csv")
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [(r["number"], r["startLabel"]) for r in table] == [("3.1.2", "Q2 2026"), ("3.1.3", "Q2 2026")]
    assert {r["role"] for r in table} == {"https://w3id.org/igel/ontology#partner"}


def test_query_as_json_and_tsv(igel):
    code, out, _ = igel("query", "financing-table", "--format", "json")
    assert code == 0
    bindings = json.loads(out)["results"]["bindings"]
    overall = [b for b in bindings if b["kind"]["value"] == "overall"]
    assert len(overall) == 1 and float(overall[0]["amountThousands"]["value"]) == 11100
    code, out, _ = igel("query", "timeline", "-p", "lang=en", "--format", "tsv")
    assert code == 0 and out.startswith("?quarter\t?quarterLabel")
    assert '"already running"@en' in out


def test_query_as_table(igel):
    code, out, _ = igel("query", "single-actor-measures")
    assert code == 0
    assert "4.1.2" in out and "7 rows" in out


def test_unknown_query_suggests_names(igel):
    code, out, err = igel("query", "measures-of-actors")
    assert code == 2 and out == ""
    assert "no named query 'measures-of-actors'" in err and "measures-of-actor" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "params, fragment",
    [
        ([], "needs parameter 'actor'"),
        # the hint shows the example of the query's header (queries/measures-of-actor.rq)
        ([], "Example: igel query measures-of-actor --param actor=id:actor/bkd"),
        (["--param", "actor=bkd"], "Parameter 'actor' expects"),
        (["--param", "actor"], "not of the form name=value"),
        (["--param", "actor=id:actor/bkd", "--param", "colour=red"], "no parameter 'colour'"),
    ],
)
def test_missing_or_bad_parameters_exit_2(igel, params, fragment):
    code, _, err = igel("query", "measures-of-actor", *params)
    assert code == 2
    assert fragment in " ".join(err.split())  # rich may wrap long lines
    assert "Traceback" not in err


def test_unknown_format_is_an_error(igel):
    code, _, err = igel("query", "timeline", "--format", "xlsx")
    assert code == 2 and "Unknown format 'xlsx'" in err


def test_queries_lists_every_named_query(igel):
    code, out, _ = igel("queries")
    assert code == 0
    for name in load_named_queries():
        assert name in out
    assert "actor (iri, required)" in out


def test_queries_shows_one_in_full(igel):
    code, out, _ = igel("queries", "provenance")
    assert code == 0
    assert "Provenance of a resource" in out
    assert "--param resource (iri, required)" in out
    assert "SELECT ?direction" in out


def test_sparql_select_with_project_prefixes(igel):
    code, out, err = igel("sparql", r"SELECT ?m WHERE { ?m igel:partner id:actor\/bkd } ORDER BY ?m", "--format", "csv")
    assert code == 0, err
    assert out.split("\r\n")[1:3] == [
        "https://w3id.org/igel/id/plan/igel-2026-2030/measure/3.1.2",
        "https://w3id.org/igel/id/plan/igel-2026-2030/measure/3.1.3",
    ]


def test_sparql_from_file_and_ask(igel, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text(
        "ASK { <https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.2.3>\n"
        "      igel:refersTo <https://w3id.org/igel/id/plan/b36/measure/3> }"
    )
    code, out, _ = igel("sparql", "-f", str(f))
    assert (code, out) == (0, "true\n")


def test_sparql_construct_prints_turtle(igel):
    code, out, _ = igel("sparql", r"CONSTRUCT { id:actor\/bkd ?p ?o } WHERE { id:actor\/bkd ?p ?o }")
    assert code == 0
    g = Graph().parse(data=out, format="turtle")
    assert len(g) > 3


def test_malformed_sparql_names_line_and_column(igel):
    code, out, err = igel("sparql", "SELECT ?m\nWHERE { ?m igel:partner }")
    assert code == 2 and out == ""
    message = " ".join(err.split())
    assert "line 2, column" in message and "error at" not in message
    assert "Traceback" not in err


def test_sparql_needs_a_query(igel):
    code, _, err = igel("sparql")
    assert code != 0 and "-f FILE" in err
