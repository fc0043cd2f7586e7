"""The JSON answer of a SELECT capped in its text (``api/sparql/results.py``,
``cap_in_text`` and ``json_solutions_bytes``) is the answer of the path that caps by
counting TSV lines (``solutions_bytes``), byte for byte: rows, the row count and the
"truncated" mark, on a real Oxigraph store, for texts chosen to trip a byte-level count
(values that end in ``},{``, hold ``{}`` or quotes, rows that bind nothing) and for every
place a LIMIT or VALUES can stand."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from api.sparql.results import cap_in_text, json_solutions_bytes, solutions_bytes
from igel_graph.formats import FORMATS

E = "http://example.org/"
#: literals that look like the JSON around them
TRICKY = ["},{", '"},{"x":{', "{}", "}},{", 'a"b', "line\nbreak", "plain", "ä ö ü", "{", "}"]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    p = ox.NamedNode(E + "p")
    for i, text in enumerate(TRICKY):
        s.add(ox.Quad(ox.NamedNode(f"{E}s{i:02d}"), p, ox.Literal(text)))
        s.add(ox.Quad(ox.NamedNode(f"{E}s{i:02d}"), ox.NamedNode(E + "n"), ox.Literal(str(i), language="de")))
    return s


QUERIES = [
    f"SELECT ?s ?o WHERE {{ ?s <{E}p> ?o }} ORDER BY ?s",
    f"SELECT ?o ?s WHERE {{ ?s <{E}p> ?o }} ORDER BY DESC(?s)",
    f"SELECT ?x WHERE {{ ?s <{E}p> ?o OPTIONAL {{ ?s <{E}none> ?x }} }}",  # rows that bind nothing
    f"SELECT ?s ?x WHERE {{ ?s <{E}p> ?o OPTIONAL {{ ?s <{E}none> ?x }} }} ORDER BY ?s",
    f"SELECT * WHERE {{ ?s <{E}n> ?n }} ORDER BY ?s LIMIT 3",
    f"SELECT * WHERE {{ ?s <{E}n> ?n }} ORDER BY ?s LIMIT 50",
    f"SELECT * WHERE {{ ?s <{E}n> ?n }} ORDER BY ?s OFFSET 4",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ ?s <{E}n> ?n }} ORDER BY ?s LIMIT 2 }} ?s <{E}p> ?o }} ORDER BY ?s",
    f"SELECT ?s WHERE {{ ?s <{E}n> ?n }} ORDER BY ?s VALUES ?s {{ <{E}s01> <{E}s02> <{E}s03> }}",
    f"SELECT ?s WHERE {{ ?s <{E}none> ?n }}",  # no rows
    "SELECT * WHERE { }",  # one row that binds nothing
    f"SELECT ?s # LIMIT 1 in a comment\nWHERE {{ ?s <{E}p> ?o }} ORDER BY ?s",
]


@pytest.mark.parametrize("cap", [1, 2, 3, 9, 10_000])
@pytest.mark.parametrize("query", QUERIES)
def test_json_capped_in_text_equals_json_capped_by_counting(store, query, cap):
    expected = solutions_bytes(store.query(query), FORMATS["json"], cap)
    capping = cap_in_text(query, cap)
    if capping is None:  # the worker takes the counting path itself: nothing to compare
        own_limit = re.search(r"LIMIT (\d+)$", query)
        assert " VALUES " in query or (own_limit is not None and int(own_limit.group(1)) > cap)
        return
    text, _ = capping
    got = json_solutions_bytes(store.query(text).serialize(format=ox.QueryResultsFormat.JSON), cap)
    assert got == expected


def test_the_cap_goes_into_the_outermost_query_only():
    assert cap_in_text("SELECT * { ?s ?p ?o }", 100) == ("SELECT * { ?s ?p ?o }\nLIMIT 101", True)
    # a sub-select's LIMIT is its own; the outer query still gets the cap
    inner = "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } }"
    assert cap_in_text(inner, 100) == (inner + "\nLIMIT 101", True)
    # the text's own LIMIT within the cap needs nothing; above it, the rows are counted
    assert cap_in_text("SELECT * { ?s ?p ?o } LIMIT 100", 100) == ("SELECT * { ?s ?p ?o } LIMIT 100", False)
    assert cap_in_text("SELECT * { ?s ?p ?o } LIMIT 101", 100) is None
    # LIMIT before OFFSET or after it, in any case of letters
    assert cap_in_text("SELECT * { ?s ?p ?o } limit 7 OFFSET 3", 100) == (
        "SELECT * { ?s ?p ?o } limit 7 OFFSET 3",
        False,
    )
    assert cap_in_text("SELECT * { ?s ?p ?o } OFFSET 3", 10)[0].endswith("OFFSET 3\nLIMIT 11")
    # the words in strings, IRIs and comments are not keywords
    text = 'SELECT * { ?s ?p "LIMIT 1" } # VALUES\n'
    assert cap_in_text(text, 5) == (text + "\nLIMIT 6", True)
    # a text the lexer cannot read is sent as it is, for the engine's own message
    assert cap_in_text('SELECT * { ?s ?p "open }', 5) is None


def test_a_syntax_error_points_into_the_text_as_written(tmp_path):
    """The worker runs the capped text; an error must still name the line and column of
    the client's text, not of the LIMIT line added to it."""
    from api.sparql import worker
    from api.sparql.worker import QueryJob
    from igel_graph.errors import QuerySyntaxError

    store = ox.Store(str(tmp_path / "s"))
    store.add(ox.Quad(ox.NamedNode(E + "a"), ox.NamedNode(E + "p"), ox.Literal("x")))
    store.flush()
    del store
    reader = worker._OxigraphReader(str(tmp_path / "s"))
    errors = []
    for accept in ("application/sparql-results+json", "application/sparql-results+xml"):  # capped in text, counted
        job = QueryJob(query="SELECT ?s WHERE { ?s ?p ?o FILTER( }", accept=accept)
        with pytest.raises(QuerySyntaxError) as caught:
            worker._execute(reader, reader.graphs(), job)
        errors.append((caught.value.line, caught.value.column, caught.value.message))
    assert errors[0] == errors[1]
    assert errors[0][:2] == (1, 37)  # the end of the text: the FILTER is never closed
    ok = worker._execute(reader, reader.graphs(), QueryJob(query="SELECT ?s WHERE { ?s ?p ?o }", max_rows=5))
    assert (ok.rows, ok.truncated) == (1, False)
    assert b'"value":"http://example.org/a"' in ok.body
