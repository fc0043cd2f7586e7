"""The public SPARQL endpoint: protocol, formats, errors, limits, safety, real clients.

Expected counts come from the built store itself (computed by the store's own graphs())
or from the action plan: 15 measures (section 2, "1.1.1" to "4.1.2").
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import xml.etree.ElementTree as ET

import pytest
from api_test_config import MAX_BODY, MAX_ROWS

MEASURES = """PREFIX igel: <https://w3id.org/igel/ontology#>
SELECT ?m ?n WHERE { ?m a igel:Measure ; igel:number ?n } ORDER BY ?n"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_get_select_json_counts_every_quad(client, built_oxigraph):
    r = client.get("/sparql", params={"query": COUNT}, headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    value = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert value == sum(built_oxigraph.graphs().values())


def test_post_form_and_direct_give_the_15_measures(client):
    form = client.post("/sparql", data={"query": MEASURES}, headers={"accept": "text/csv"})
    direct = client.post(
        "/sparql", content=MEASURES.encode(), headers={"content-type": "application/sparql-query", "accept": "text/csv"}
    )
    for r in (form, direct):
        assert r.status_code == 200
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["m", "n"]
        numbers = [row[1] for row in rows[1:]]
        assert len(numbers) == 15 and numbers[0] == "1.1.1" and numbers[-1] == "4.1.2"


@pytest.mark.parametrize(
    "accept,media",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/csv;q=1.0, application/sparql-results+json;q=0.2", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_format_by_accept_with_q_values(client, accept, media):
    r = client.get("/sparql", params={"query": MEASURES}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]


def test_xml_results_hold_the_measure_numbers(client):
    r = client.get("/sparql", params={"query": MEASURES, "format": "xml"})
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    numbers = [b.find("r:literal", ns).text for b in ET.fromstring(r.content).iterfind(".//r:binding[@name='n']", ns)]
    assert numbers[:3] == ["1.1.1", "1.1.2", "1.1.3"]


@pytest.mark.parametrize(
    "fmt,media",
    [
        ("turtle", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdfxml", "application/rdf+xml"),
    ],
)
def test_construct_formats_parse_to_the_same_graph(client, fmt, media):
    from rdflib import Graph

    q = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/igel/graph/curated> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q, "format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = Graph().parse(
        data=r.content, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    )
    ref = Graph().parse(data=client.get("/sparql", params={"query": q, "format": "nt"}).content, format="nt")
    assert len(g) == len(ref) > 0


def test_ask_answers_json_boolean(client):
    r = client.get("/sparql", params={"query": "ASK { ?s a <https://w3id.org/igel/ontology#Measure> }"})
    assert r.json() == {"head": {}, "boolean": True}


def test_syntax_error_is_400_with_line_and_column(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "QuerySyntaxError" and body["line"] >= 1 and body["column"] >= 1
    assert "line" in body["message"]


def test_unacceptable_format_is_406(client):
    r = client.get("/sparql", params={"query": MEASURES}, headers={"accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.json()["hint"]


def test_wrong_media_type_is_415(client):
    r = client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415


def test_updates_are_refused_on_the_public_endpoint(client):
    r = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code == 400 and "read-only" in r.json()["message"]


def test_rows_are_capped_and_the_cut_is_stated(client):
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params={"query": q})
    body = r.json()
    assert len(body["results"]["bindings"]) == MAX_ROWS
    assert body["truncated"] is True and body["maxRows"] == MAX_ROWS
    assert r.headers["x-result-truncated"] == str(MAX_ROWS)
    small = client.get("/sparql", params={"query": MEASURES})
    assert "truncated" not in small.json() and "x-result-truncated" not in small.headers


def test_body_over_the_limit_is_413(client):
    r = client.post("/sparql", content=b"#" * (MAX_BODY + 1), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    assert str(MAX_BODY) in r.json()["message"]


class _Listener:
    """A loopback TCP listener that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.mark.parametrize(
    "template,word",
    [
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "FROM"),
        ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM NAMED"),
    ],
)
def test_service_and_remote_from_are_refused_without_connecting(client, template, word):
    listener = _Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/data"
        r = client.get("/sparql", params={"query": template.format(url=url)})
        assert r.status_code == 400
        assert r.json()["error"] == "ForbiddenQuery" and r.json()["message"].startswith(word)
    finally:
        listener.close()
    assert listener.connections == 0


def test_from_of_an_own_graph_is_allowed(client):
    q = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/igel/graph/curated> WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_protocol_dataset_restricts_the_default_graph(client, built_oxigraph):
    from igel_graph.namespaces import Graphs

    r = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": str(Graphs.CURATED)},
    )
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == built_oxigraph.graphs()[Graphs.CURATED]


def test_service_description_lists_the_graphs_with_sizes(client, built_oxigraph):
    from rdflib import Graph, Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = Namespace("http://rdfs.org/ns/void#")
    g = Graph().parse(data=client.get("/sparql", headers={"accept": "text/turtle"}).content, format="turtle")
    names = {}
    for named in g.objects(None, sd.namedGraph):
        names[g.value(named, sd.name)] = int(g.value(g.value(named, sd.graph), void.triples))
    assert names == built_oxigraph.graphs()


def test_sparqlwrapper_queries_the_running_server(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(MEASURES)
    sw.setReturnFormat(JSON)
    result = sw.query().convert()
    assert [b["n"]["value"] for b in result["results"]["bindings"]][:2] == ["1.1.1", "1.1.2"]
    sw.setMethod("POST")
    sw.setQuery("ASK { <https://w3id.org/igel/id/actor/gsd> ?p ?o }")
    assert sw.query().convert()["boolean"] is True


def test_rdflib_sparqlstore_queries_the_running_server(server):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(server.url + "/sparql"))
    gsd = URIRef("https://w3id.org/igel/id/actor/gsd")
    labels = {l for l in g.objects(gsd, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert Literal("Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)", lang="de") in labels
    rows = list(g.query(MEASURES))
    assert len(rows) == 15


def test_html_query_form_for_browsers(client):
    r = client.get("/sparql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "<textarea" in r.text
    table = client.get("/sparql", params={"query": MEASURES, "format": "html"})
    assert table.text.count("<tr>") == 16  # header + 15 measures


@pytest.mark.parametrize(
    "query", [MEASURES, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "SELECT * WHERE {\n  ?s ?p \n", "ASK { ?s ?p ?o }"]
)
@pytest.mark.parametrize("fmt", [None, "csv", "xml"])
def test_the_get_fast_path_answers_as_the_routed_post(client, query, fmt):
    """A plain GET is answered by SparqlFastPath, a POST form by the route: same status,
    bytes and result headers (rows, truncation, media type) for results and errors."""
    params = {"format": fmt} if fmt else {}
    get = client.get("/sparql", params={"query": query, **params})
    post = client.post("/sparql", data={"query": query, **params})
    assert get.status_code == post.status_code
    assert get.content == post.content
    for header in ("content-type", "x-result-rows", "x-result-truncated", "vary"):
        assert get.headers.get(header) == post.headers.get(header), header
