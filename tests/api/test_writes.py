"""Writes: off without a token, 401 with a wrong one; SPARQL Update, Graph Store
protocol and validated upload; a rejected upload changes nothing; PROV records."""

from __future__ import annotations

from api_test_config import TOKEN
from rdflib import Graph, URIRef
from rdflib.namespace import PROV

AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXTRA = "https://w3id.org/igel/graph/test-upload"

VALID = """@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/igel/id/actor/test-verein> a igel:Association ;
    rdfs:label "Testverein"@de , "Test association"@en .
"""
# A measure without number, plan, goal or text: breaks the measure shape (ontology/shapes.ttl).
INVALID = """@prefix igel: <https://w3id.org/igel/ontology#> .
<https://w3id.org/igel/id/plan/igel-2026-2030/measure/9.9.9> a igel:Measure ;
    igel:lead <https://w3id.org/igel/id/actor/gsd> .
"""


def test_writes_are_off_without_a_configured_token(client):
    r = client.post("/sparql/update", content=b"CLEAR ALL", headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403 and "switched off" in r.json()["message"]


def test_wrong_token_is_401(wc):
    r = wc.post(
        "/sparql/update",
        content=b"CLEAR ALL",
        headers={"content-type": "application/sparql-update", "Authorization": "Bearer nope"},
    )
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")


def _dump(client) -> bytes:
    import gzip

    return gzip.decompress(client.get("/dumps/dataset.nq.gz").content)


def test_rejected_upload_returns_the_shacl_report_and_changes_nothing(wc):
    before = _dump(wc)
    r = wc.post(
        "/upload", params={"graph": EXTRA}, content=INVALID.encode(), headers={**AUTH, "content-type": "text/turtle"}
    )
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "ValidationFailed"
    focus = {res["focus"] for res in body["results"]}
    assert "https://w3id.org/igel/id/plan/igel-2026-2030/measure/9.9.9" in focus
    assert all(res["message"] and res["shape"] for res in body["results"])
    assert _dump(wc) == before


def test_accepted_upload_is_applied_and_recorded_with_prov(wc, writable_store):
    r = wc.post(
        "/upload", params={"graph": EXTRA}, content=VALID.encode(), headers={**AUTH, "content-type": "text/turtle"}
    )
    assert r.status_code == 201, r.text
    assert writable_store.graphs()[URIRef(EXTRA)] == 3
    page = wc.get("/id/actor/test-verein.ttl")
    assert page.status_code == 200
    log = Graph().parse(data=wc.get("/graph/writes.ttl").content, format="turtle")
    activity = URIRef(r.json()["activity"])
    assert (activity, PROV.generated, URIRef(EXTRA)) in log
    assert (activity, PROV.wasAssociatedWith, URIRef("https://w3id.org/igel/id/agent/api")) in log
    assert log.value(activity, PROV.startedAtTime) is not None
    # the query workers see the new data at once
    ask = wc.get("/sparql", params={"query": "ASK { <https://w3id.org/igel/id/actor/test-verein> ?p ?o }"})
    assert ask.json()["boolean"] is True


def test_sparql_update_and_graph_store_protocol(wc):
    g = "https://w3id.org/igel/graph/test-gsp"
    put = wc.put(
        "/rdf-graphs",
        params={"graph": g},
        content=b"<http://e/a> <http://e/b> <http://e/c> .",
        headers={**AUTH, "content-type": "application/n-triples"},
    )
    assert put.status_code == 201
    assert (
        "<http://e/a>" in wc.get("/rdf-graphs", params={"graph": g}, headers={"accept": "application/n-triples"}).text
    )
    upd = wc.post(
        "/sparql/update",
        data={"update": f"INSERT DATA {{ GRAPH <{g}> {{ <http://e/a> <http://e/b> 2 }} }}"},
        headers=AUTH,
    )
    assert upd.status_code == 200 and upd.json()["changed_graphs"] == [g]
    count = wc.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"})
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "2"
    assert wc.delete("/rdf-graphs", params={"graph": g}, headers=AUTH).status_code == 204
    assert wc.get("/rdf-graphs", params={"graph": g}).status_code == 404


def test_load_is_refused_on_the_update_endpoint(wc):
    r = wc.post(
        "/sparql/update",
        content=b"LOAD <http://127.0.0.1:9/x>",
        headers={**AUTH, "content-type": "application/sparql-update"},
    )
    assert r.status_code == 400 and r.json()["message"].startswith("LOAD")


def test_malformed_upload_is_400_with_line(wc):
    r = wc.post(
        "/upload",
        params={"graph": EXTRA},
        content=b"@prefix x: <http://x/> .\nx:a x:b .\n",
        headers={**AUTH, "content-type": "text/turtle"},
    )
    assert r.status_code == 400 and r.json()["error"] == "ParseError"
