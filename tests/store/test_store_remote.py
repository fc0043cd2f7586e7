"""What only the SPARQL-endpoint store does: errors of the connection and of the server,
auth, and the graphs it calls its own. Uses the session's real Virtuoso server."""

from __future__ import annotations

import socket

import pytest
from rdflib import URIRef

from igel_graph.errors import QuerySyntaxError, StoreUnavailable
from igel_graph.settings import Settings
from igel_graph.store import open_store
from igel_graph.store.remote import SparqlStore


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens


def test_unreachable_endpoint_names_url_and_what_to_check():
    url = f"http://127.0.0.1:{_closed_port()}/sparql"
    store = SparqlStore(url, timeout=5)
    with pytest.raises(StoreUnavailable) as info:
        store.graphs()
    assert url in str(info.value)
    assert "IGEL_STORE" in str(info.value)


def test_malformed_query_never_reaches_the_server():
    # nothing listens on this port: a syntax error must be found before any request
    store = SparqlStore(f"http://127.0.0.1:{_closed_port()}/sparql", timeout=5)
    with pytest.raises(QuerySyntaxError) as info:
        store.query("SELECT * WHERE {\n ?s ?p }")
    assert info.value.line == 2


def test_open_store_builds_sparql_store():
    store = open_store(Settings(store="http://127.0.0.1:1/sparql-auth", sparql_user="u", sparql_password="p"))
    assert isinstance(store, SparqlStore)
    assert store.gsp_url == "http://127.0.0.1:1/sparql-graph-crud-auth"
    assert store.update_url == "http://127.0.0.1:1/sparql-auth"


@pytest.mark.virtuoso
def test_wrong_password_is_store_unavailable(virtuoso_server):
    store = SparqlStore(virtuoso_server.query_url, auth=("dba", "not-the-password"))
    with pytest.raises(StoreUnavailable, match="refused access"):
        store.query("ASK { ?s ?p ?o }")


@pytest.mark.virtuoso
def test_system_graphs_are_not_ours(virtuoso_server):
    """Virtuoso's own graphs (virtrdf:, ldp#) are invisible: graphs() and the union
    default graph hold only what was loaded through the store."""
    store = virtuoso_server.store()
    for g in list(store.graphs()):
        store.drop_graph(g)
    other = URIRef("http://example.org/graph/outside-the-igel-namespace")
    store.load("<http://e/a> <http://e/p> <http://e/b> .", other, format="nt")
    try:
        assert store.graphs() == {other: 1}
        res = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(res.rows[0][0]) == 1
    finally:
        store.drop_graph(other)
    assert store.graphs() == {}


# Graph names that would close the <...> of the update text and add operations of their
# own, or that SPARQL's IRIREF forbids (space, quote, braces, a Unicode space).
HOSTILE_GRAPHS = [
    "http://e/g> } ; DROP ALL ; INSERT DATA { GRAPH <http://e/x",
    'http://e/g"x',
    "http://e/g{x}",
    "http://e/a b",
    "http://e/a\u3000b",
    "relative/graph",
    "",
]


@pytest.mark.parametrize("graph", HOSTILE_GRAPHS)
def test_hostile_graph_iri_is_refused_before_any_request(graph):
    # nothing listens on this port: a refused graph name must be a UsageError (exit 2,
    # HTTP 400), not StoreUnavailable, which would mean a request was attempted
    from igel_graph.errors import UsageError

    store = SparqlStore(f"http://127.0.0.1:{_closed_port()}/sparql", timeout=5)
    with pytest.raises(UsageError) as info:
        store.load(b"<http://e/a> <http://e/b> <http://e/c> .", URIRef(graph), format="nt")
    assert "IRI" in str(info.value)
    with pytest.raises(UsageError):
        store.drop_graph(URIRef(graph))
