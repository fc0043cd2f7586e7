"""The front door of plain ``GET /sparql`` (api/app.py IgelApp, api/routers/sparql.py
SparqlFastPath): which requests it takes, and that what it remembers per URL never
changes an answer (base IRI from the Host header, errors every time)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from api.app import create_app
from igel_graph.settings import Settings

ASK = "ASK { ?s ?p ?o }"


def _scope(method="GET", path="/sparql", query=None, accept=None, host="example.org"):
    headers = [(b"host", host.encode())]
    if accept is not None:
        headers.append((b"accept", accept.encode()))
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "query_string": urlencode({"query": ASK} if query is None else query, doseq=True).encode(),
        "headers": headers,
    }


@pytest.fixture(scope="module")
def fast():
    app = create_app(Settings(store="memory"))
    app.state.settings = Settings(store="memory", max_rows=7)  # what the lifespan sets
    return app._sparql


@pytest.mark.parametrize(
    "scope",
    [
        _scope(),
        _scope(query={"query": ASK, "format": "csv"}),
        _scope(accept="application/sparql-results+json"),
        _scope(query={"query": ASK, "default-graph-uri": "https://w3id.org/igel/graph/curated"}),
    ],
)
def test_plain_gets_are_taken_with_the_routes_job(fast, scope):
    assert fast.takes(scope)
    job = scope["igel.sparql.job"]
    assert job.query == ASK and job.max_rows == 7
    assert job.base_iri == "http://example.org/sparql"


@pytest.mark.parametrize(
    "scope",
    [
        _scope(method="POST"),
        _scope(path="/sparql/update"),
        _scope(path="/"),
        _scope(query={}),  # no query: the service description or the form
        _scope(query={"query": [ASK, ASK]}),  # two queries: the route's 400
        _scope(query={"query": ASK, "update": "CLEAR ALL"}),
        _scope(query={"query": ASK, "format": "HTML"}),
        _scope(accept="text/html,application/xhtml+xml"),
    ],
)
def test_everything_else_goes_the_normal_way(fast, scope):
    assert not fast.takes(scope)
    assert "igel.sparql.job" not in scope


def test_a_bad_parameter_is_an_error_each_time(fast):
    for _ in range(3):
        scope = _scope(query={"query": ASK, "format": "png"})
        assert fast.takes(scope)
        error = scope["igel.sparql.job"]
        assert type(error).__name__ == "NotAcceptable" and "Unknown format 'png'" in error.message


def test_the_same_url_under_another_host_gets_its_own_base(fast):
    jobs = []
    for host in ("a.example", "b.example:8080", "a.example"):
        scope = _scope(host=host)
        assert fast.takes(scope)
        jobs.append(scope["igel.sparql.job"])
    assert [j.base_iri for j in jobs] == [
        "http://a.example/sparql",
        "http://b.example:8080/sparql",
        "http://a.example/sparql",
    ]


def test_relative_iris_resolve_against_the_host_asked(client):
    """Over real HTTP: the same URL with two Host headers, answered by the fast path."""
    query = 'SELECT ?i WHERE { BIND(IRI("x") AS ?i) }'
    values = []
    for host in ("one.example", "two.example", "one.example"):
        r = client.get("/sparql", params={"query": query}, headers={"host": host, "accept": "text/csv"})
        assert r.status_code == 200, r.text
        values.append(r.text.split()[1])
    assert values == ["http://one.example/x", "http://two.example/x", "http://one.example/x"]
