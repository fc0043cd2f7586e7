"""Reports, analysis findings, dumps and the VoID description.

Expected structure of the plan report: 4 action fields, 6 goals (1.1, 1.2, 2.1, 2.2, 3.1,
4.1) and 15 measures — action plan IGeL 2026–2030, section 2.
"""

from __future__ import annotations

import csv
import gzip
import io

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

PLAN = "/api/reports/plans/igel-2026-2030"


def _local_loader(client):
    def load(url, options=None):
        assert url.endswith("/context.jsonld"), url
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": client.get("/context.jsonld").json()}
    return load


def test_plan_report_is_framed_fields_goals_measures(client):
    doc = client.get(PLAN).json()
    assert doc["@context"].endswith("/context.jsonld")
    assert [f["number"] for f in doc["fields"]] == ["1", "2", "3", "4"]
    goals = [g["number"] for f in doc["fields"] for g in f.get("goals", [])]
    assert goals == ["1.1", "1.2", "2.1", "2.2", "3.1", "4.1"]
    measures = [m["number"] for f in doc["fields"] for g in f.get("goals", []) for m in g.get("measures", [])]
    assert len(measures) == 15 and measures[0] == "1.1.1" and measures[-1] == "4.1.2"
    m112 = doc["fields"][0]["goals"][0]["measures"][1]
    assert m112["number"] == "1.1.2"
    assert [a["@id"] for a in m112["lead"]] == ["id:actor/gsd"]
    assert m112["start"]["label"]["de"] == "Q4 2025"


def _canonical(g: Graph) -> Graph:
    """Typed literals in canonical lexical form: Turtle writes the decimal "50000" as
    50000.0, the same value (RDF 1.1 literal value equality)."""
    from decimal import Decimal

    from rdflib import Literal
    from rdflib.namespace import XSD

    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_plan_report_jsonld_expands_to_the_turtle_triples(client):
    from pyld import jsonld

    doc = client.get(PLAN).json()
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _local_loader(client)})
    from_jsonld = Graph().parse(data=nquads, format="nt")
    turtle = Graph().parse(data=client.get(PLAN, params={"format": "turtle"}).content, format="turtle")
    assert len(turtle) > 100
    assert isomorphic(_canonical(from_jsonld), _canonical(turtle))


def test_plan_report_csv_has_one_row_per_measure(client):
    rows = list(csv.DictReader(io.StringIO(client.get(PLAN, params={"format": "csv"}).text)))
    assert len(rows) == 15
    row = next(r for r in rows if r["measure"] == "1.1.2")
    assert row["lead"] == "Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)"
    assert row["start"] == "Q4 2025" and row["field"] == "1" and row["goal"] == "1.1"


def test_context_is_published(client):
    ctx = client.get("/context.jsonld")
    assert ctx.headers["content-type"].startswith("application/ld+json")
    assert ctx.json()["@context"]["measures"]["@id"] == "igel:hasMeasure"


def test_actor_profile_and_theme_report(client):
    gsd = client.get("/api/reports/actors/gsd").json()
    assert "id:plan/igel-2026-2030/measure/1.1.2" in {m["@id"] for m in gsd["leads"]}
    theme = list(csv.DictReader(io.StringIO(
        client.get("/api/reports/themes/digitalisierung", params={"format": "csv"}).text)))
    assert theme and all(r["theme_label"] == "Digitalisierung" for r in theme)
    assert all(r["stated_in"] for r in theme)
    assert client.get("/api/reports/actors/nobody").status_code == 404


def test_gap_findings_with_evidence(client):
    body = client.get("/api/analysis/findings", params={"group": "gaps"}).json()
    assert body["count"] == len(body["findings"]) > 0
    kinds = {f["kind"] for f in body["findings"]}
    from igel_graph.analysis.kinds import groups

    assert kinds <= set(groups()["gaps"])  # the registry's gap group
    assert all(f["evidence"] and f["title"]["de"] and f["title"]["en"] for f in body["findings"])
    ttl = client.get("/api/analysis/findings", params={"group": "gaps", "format": "turtle"})
    assert ttl.status_code == 200 and Graph().parse(data=ttl.content, format="turtle")


def test_dataset_dump_holds_every_quad(client, built_oxigraph):
    r = client.get("/dumps/dataset.nq.gz")
    assert r.headers["content-type"].startswith("application/n-quads")
    ds = Dataset()
    ds.parse(data=gzip.decompress(r.content), format="nquads")
    sizes = {URIRef(str(g.identifier)): len(g) for g in ds.graphs() if len(g)}
    assert sizes == built_oxigraph.graphs()


def test_graph_dump_trig_and_dcat_catalogue(client, built_oxigraph):
    from igel_graph.namespaces import Graphs

    r = client.get("/dumps/graphs/curated.trig.gz")
    ds = Dataset()
    ds.parse(data=gzip.decompress(r.content), format="trig")
    assert len(ds.graph(Graphs.CURATED)) == built_oxigraph.graphs()[Graphs.CURATED]
    cat = Graph().parse(data=client.get("/dumps/catalog").content, format="turtle")
    dcat = "http://www.w3.org/ns/dcat#"
    urls = {str(o) for o in cat.objects(None, URIRef(dcat + "downloadURL"))}
    assert any(u.endswith("/dumps/graphs/curated.trig.gz") for u in urls)
    assert len(list(cat.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                 URIRef(dcat + "Dataset")))) == len(built_oxigraph.graphs()) + 1


def test_void_statistics_are_counted_from_the_store(client, built_oxigraph):
    g = Graph().parse(data=client.get("/void").content, format="turtle")
    void = "http://rdfs.org/ns/void#"
    ds = next(g.subjects(URIRef(void + "sparqlEndpoint"), None))
    assert int(g.value(ds, URIRef(void + "triples"))) == sum(built_oxigraph.graphs().values())
    measure_part = next(p for p in g.objects(ds, URIRef(void + "classPartition"))
                        if g.value(p, URIRef(void + "class")) == URIRef("https://w3id.org/igel/ontology#Measure"))
    assert int(g.value(measure_part, URIRef(void + "entities"))) == 15


def test_docs_are_served_offline(client):
    page = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
