"""Reports, analysis findings, dumps and the VoID description.

Expected structure of the plan report: 4 action fields, 6 goals (1.1, 1.2, 2.1, 2.2, 3.1,
4.1) and 15 measures — action plan IGeL 2026–2030, section 2.

Expected profile of the Baden-Württemberg model project, from its project page
(ontology/data/sources/bw-modellprojekt-sektorenuebergreifende-versorgung.txt, quoted in
each test) and the district keys of ontology/data/sources/reference-facts.md.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

PLAN = "/api/reports/plans/igel-2026-2030"
BW = "/api/reports/plans/bw-modellprojekt"
ROOT = Path(__file__).resolve().parents[2]
BW_SOURCE = (ROOT / "ontology/data/sources/bw-modellprojekt-sektorenuebergreifende-versorgung.txt").read_text(
    encoding="utf-8"
)
REFERENCE = (ROOT / "ontology/data/sources/reference-facts.md").read_text(encoding="utf-8")


def _cites(text: str, sentence: str) -> None:
    """The expected value of a test comes from ``sentence``, which the source says."""
    assert sentence in " ".join(text.split()), sentence


def _local_loader(client):
    def load(url, options=None):
        assert url.endswith("/context.jsonld"), url
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": client.get("/context.jsonld").json(),
        }

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
    theme = list(
        csv.DictReader(io.StringIO(client.get("/api/reports/themes/digitalisierung", params={"format": "csv"}).text))
    )
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
    assert (
        len(list(cat.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(dcat + "Dataset"))))
        == len(built_oxigraph.graphs()) + 1
    )


def test_void_statistics_are_counted_from_the_store(client, built_oxigraph):
    g = Graph().parse(data=client.get("/void").content, format="turtle")
    void = "http://rdfs.org/ns/void#"
    ds = next(g.subjects(URIRef(void + "sparqlEndpoint"), None))
    assert int(g.value(ds, URIRef(void + "triples"))) == sum(built_oxigraph.graphs().values())
    measure_part = next(
        p
        for p in g.objects(ds, URIRef(void + "classPartition"))
        if g.value(p, URIRef(void + "class")) == URIRef("https://w3id.org/igel/ontology#Measure")
    )
    assert int(g.value(measure_part, URIRef(void + "entities"))) == 15


def test_docs_are_served_offline(client):
    page = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


# --- the Baden-Württemberg model project (issue 10, point 6) ------------------------------


def _ids(nodes) -> set[str]:
    return {n["@id"] for n in nodes}


def test_bw_report_period_and_funding_as_the_source_says(client):
    _cites(
        BW_SOURCE,
        "hat das Land Baden-Württemberg im Zeitraum von 2016 bis 2018 insgesamt eine Million Euro "
        "zur Verfügung gestellt.",
    )
    doc = client.get(BW).json()
    assert "ModelProject" in doc["@type"]
    assert doc["label"]["de"] == "Modellprojekt Sektorenübergreifende Versorgung"
    assert doc["fundingAmount"] == "1000000" and doc["currency"] == "EUR"  # eine Million Euro
    period = doc["period"]
    assert period["beginsAt"].startswith("2016-01-01")
    # igel:endsAt is the first instant after the period: 2018 is its last year
    assert period["endsAt"].startswith("2019-01-01") and period["label"]["de"] == "2016–2018"


def test_bw_report_region_and_its_three_districts_with_their_keys(client):
    _cites(BW_SOURCE, "Die Landkreise Reutlingen, Biberach und Ravensburg bildeten die Modellregion Südwürttemberg")
    _cites(REFERENCE, "Reutlingen 08415, Biberach 08426, Ravensburg 08436")
    doc = client.get(BW).json()
    [region] = doc["region"]
    assert region["label"]["de"] == "Modellregion Südwürttemberg"
    keys = {d["label"]["de"]: d["districtKey"] for d in region["districts"]}
    assert keys == {"Landkreis Reutlingen": "08415", "Landkreis Biberach": "08426", "Landkreis Ravensburg": "08436"}


def test_bw_report_actors_with_their_roles(client, built_oxigraph):
    from igel_graph.namespaces import IGEL, resource

    _cites(
        BW_SOURCE, "Für die wissenschaftliche Begleitung des Projekts wurden drei universitäre Einrichtungen beauftragt"
    )
    _cites(
        BW_SOURCE,
        "Die Finanzierung, Durchführung und Koordination des Gesamtprojekts wurde durch das Ministerium "
        "für Soziales, Gesundheit und Integration Baden-Württemberg gewährleistet.",
    )
    _cites(
        BW_SOURCE,
        "Das Landesgesundheitsamt war unter anderem für die fachliche Begleitung des "
        "Projektmanagements verantwortlich.",
    )
    doc = client.get(BW).json()
    assert _ids(doc["scientificPartners"]) == {
        "id:actor/ukhd-allgemeinmedizin",
        "id:actor/goethe-uni-allgemeinmedizin",
        "id:actor/zirius",
    }
    # the funder is whoever the data says (igel:funder), with its label
    stated = {
        str(r[0])
        for r in built_oxigraph.query(
            "SELECT ?f WHERE { ?plan ?p ?f }", {"plan": resource("plan", "bw-modellprojekt"), "p": IGEL.funder}
        ).rows
    }
    assert stated and {n["@id"].replace("id:", "https://w3id.org/igel/id/") for n in doc["funder"]} == stated
    assert all(n["label"]["de"] for n in doc["funder"])
    # the ministry launched the project and is quoted with its financing, execution and coordination
    [ministry] = [a for a in doc["responsible"] if a["@id"] == "id:actor/sm-bw"]
    quotes = " ".join(q for sp in ministry["sourcePassage"] for q in sp["quote"].values())
    assert "Die Finanzierung, Durchführung und Koordination des Gesamtprojekts" in quotes
    # the Landesgesundheitsamt takes part, quoted with its role in project management
    # (under whichever property links it to the project; one value is a node, several a list)
    lga = [
        n
        for values in doc.values()
        for n in (values if isinstance(values, list) else [values])
        if isinstance(n, dict) and n.get("@id") == "id:actor/lga-bw"
    ]
    assert lga and "fachliche Begleitung des Projektmanagements" in " ".join(
        q for sp in lga[0]["sourcePassage"] for q in sp["quote"].values()
    )


def test_bw_report_care_sectors(client):
    _cites(
        BW_SOURCE,
        "sowohl die ambulante und stationäre Versorgung als auch die Gesundheitsförderung und "
        "Prävention, Rehabilitation, Pflege, Arzneimittelversorgung, soziale und kommunale Angebote "
        "sowie die Palliativversorgung miteinander verknüpft werden",
    )
    doc = client.get(BW).json()
    sectors = {s["label"]["de"] for s in doc["careSectors"]}
    assert len(sectors) == 8  # eight sectors in the sentence above
    assert {"Rehabilitation", "Palliativversorgung"} <= sectors


def test_bw_report_jsonld_expands_to_the_turtle_triples(client):
    from pyld import jsonld

    doc = client.get(BW).json()
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _local_loader(client)})
    turtle = Graph().parse(data=client.get(BW, params={"format": "turtle"}).content, format="turtle")
    assert len(turtle) > 100
    assert isomorphic(_canonical(Graph().parse(data=nquads, format="nt")), _canonical(turtle))


def test_bw_report_csv_is_the_profile_in_the_chosen_language(client):
    from rdflib.namespace import RDFS

    from igel_graph.namespaces import IGEL

    ontology = Graph().parse(ROOT / "ontology/igel.ttl")
    for lang in ("de", "en"):
        rows = list(csv.DictReader(io.StringIO(client.get(BW, params={"format": "csv", "lang": lang}).text)))
        by = lambda aspect: [r for r in rows if r["aspect"] == aspect]  # noqa: E731
        [funding] = by("funding")
        assert (funding["value"], funding["detail"]) == ("1000000", "EUR")
        [period] = by("period")
        assert period["label"] == "2016–2018"
        assert sorted(r["value"] for r in by("district")) == ["08415", "08426", "08436"]
        assert len(by("care-sector")) == 8
        # roles are named by the ontology's labels in the language asked for
        label = next(str(l) for l in ontology.objects(IGEL.scientificPartner, RDFS.label) if l.language == lang)
        partners = [r for r in by("actor") if r["role"] == label]
        assert {r["iri"].rsplit("/", 1)[-1] for r in partners} == {
            "ukhd-allgemeinmedizin",
            "goethe-uni-allgemeinmedizin",
            "zirius",
        }
        assert any("eine Million Euro" in r["value"] for r in by("source"))
    english_title = [r["label"] for r in rows if r["aspect"] == "title"]
    assert english_title == ["Cross-Sectoral Care Model Project"]


def test_unknown_plan_report_is_404(client):
    r = client.get("/api/reports/plans/no-such-plan")
    assert r.status_code == 404 and "no-such-plan" in r.text
