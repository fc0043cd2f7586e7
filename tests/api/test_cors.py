"""CORS: a browser page on another host may read (queries, resources, reports), never
write. Against the real servers of conftest.py (uvicorn on loopback)."""

from __future__ import annotations

import httpx
import pytest
from api_test_config import LIGHT_QUERY_WORKERS, TOKEN

ORIGIN = "https://notebook.example"
ASK = "ASK { ?s ?p ?o }"


def test_query_get_and_post_carry_the_allow_origin_header(client):
    r = client.get("/sparql", params={"query": ASK}, headers={"Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    assert "X-Result-Rows" in r.headers["access-control-expose-headers"]
    r = client.post("/sparql", data={"query": ASK}, headers={"Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    r = client.get("/api/queries", headers={"Origin": ORIGIN})
    assert r.headers["access-control-allow-origin"] == "*"


def test_preflight_of_a_query_post_is_granted(client):
    r = client.options(
        "/sparql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "authorization" not in r.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize(
    "path, method",
    [
        ("/sparql/update", "POST"),
        ("/upload", "POST"),
        ("/rdf-graphs", "PUT"),
        ("/rdf-graphs", "POST"),
        ("/rdf-graphs", "DELETE"),
    ],
)
def test_preflight_of_a_write_gets_no_allow_origin(wc, path, method):
    r = wc.options(
        path,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert "access-control-allow-origin" not in r.headers
    assert r.status_code >= 400


def test_a_write_itself_never_carries_the_header(wc):
    r = wc.post(
        "/sparql/update",
        headers={"Origin": ORIGIN, "Authorization": f"Bearer {TOKEN}", "content-type": "application/sparql-update"},
        content=b"INSERT DATA { GRAPH <https://w3id.org/igel/graph/test-cors> { <http://e/a> <http://e/b> 1 } }",
    )
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    # reading the same graph with the Graph Store protocol is a read: allowed
    r = wc.get("/rdf-graphs", params={"graph": "https://w3id.org/igel/graph/test-cors"}, headers={"Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


def test_configured_origins_are_echoed_and_others_refused(built_oxigraph):
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    settings = Settings(
        store=str(built_oxigraph.path),
        cors_origins="https://a.example, https://b.example",
        query_workers=LIGHT_QUERY_WORKERS,
    )
    with (
        ServerThread(create_app(settings, store=built_oxigraph)) as running,
        httpx.Client(base_url=running.url, timeout=60) as c,
    ):
        ok = c.get("/sparql", params={"query": ASK}, headers={"Origin": "https://b.example"})
        assert ok.headers["access-control-allow-origin"] == "https://b.example"
        assert "Origin" in ok.headers["vary"]
        other = c.get("/sparql", params={"query": ASK}, headers={"Origin": "https://evil.example"})
        assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
        pre = c.options("/sparql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in pre.headers
