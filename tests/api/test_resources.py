"""Resources at their IRIs: HTML with labels by language, statements with their graph,
incoming links and the source sentence; RDF by Accept or suffix; 404 for unknown IRIs.

Expected labels and quotes are those of ontology/data/igel-aktionsplan-2026-2030.ttl
(taken from the action plan, section 2.1).
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

GSD = URIRef("https://w3id.org/igel/id/actor/gsd")
M112 = "/id/plan/igel-2026-2030/measure/1.1.2"


def test_html_page_in_german_and_english(client):
    de = client.get("/id/actor/gsd", headers={"accept": "text/html", "accept-language": "de-CH,de;q=0.9"})
    assert de.status_code == 200 and de.headers["content-language"] == "de"
    assert "Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)" in de.text
    en = client.get("/id/actor/gsd?lang=en", headers={"accept": "text/html"})
    # the page leads with the actor's profile, titled with its name
    assert '<h1 id="profile-title">Health and Social Affairs Department of the Canton of Lucerne (GSD)</h1>' in en.text
    assert "Vary" in de.headers and "Accept" in de.headers["vary"]


def test_html_page_shows_values_graphs_incoming_links_and_source_sentence(client):
    page = client.get(M112, headers={"accept": "text/html"}).text
    # linked value (the lead, GSD) with its local link, and the graph of the statement;
    # every link keeps the page's language
    assert 'href="/id/actor/gsd?lang=de"' in page
    assert 'href="/graph/source/igel-aktionsplan-2026-2030?lang=de"' in page
    # the source sentence (igel:sourcePassage -> igel:quote)
    assert "Das GSD klärt die Aufgaben und Verantwortlichkeiten" in page
    # incoming links: the goal 1.1 lists it (hasMeasure, inferred) or the passage refers to it
    gsd = client.get("/id/actor/gsd", headers={"accept": "text/html"}).text
    assert "Eingehende Verweise" in gsd and 'href="/id/plan/igel-2026-2030/measure/1.1.2?lang=de"' in gsd


@pytest.mark.parametrize(
    "suffix,accept,fmt",
    [
        (".ttl", None, "turtle"),
        (".nt", None, "nt"),
        (".rdf", None, "xml"),
        (".jsonld", None, "json-ld"),
        ("", "text/turtle", "turtle"),
        ("", "application/ld+json", "json-ld"),
        ("", "application/rdf+xml;q=0.9, text/html;q=0.1", "xml"),
    ],
)
def test_rdf_by_suffix_or_accept(client, suffix, accept, fmt):
    r = client.get("/id/actor/gsd" + suffix, headers={"accept": accept} if accept else {})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=fmt)
    assert (GSD, RDFS.label, Literal("Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)", lang="de")) in g
    assert r.headers["vary"].startswith("Accept")


def test_all_rdf_formats_give_the_same_graph(client):
    graphs = [
        Graph().parse(data=client.get("/id/actor/gsd" + s).content, format=f)
        for s, f in ((".ttl", "turtle"), (".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld"))
    ]
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


def test_jsonld_expanded_with_pyld_gives_the_turtle_triples(client):
    from pyld import jsonld

    turtle = Graph().parse(data=client.get(M112 + ".ttl").content, format="turtle")
    doc = json.loads(client.get(M112 + ".jsonld").content)
    nquads = jsonld.to_rdf(jsonld.expand(doc), {"format": "application/n-quads"})
    from_pyld = Graph().parse(data=nquads, format="nt")
    assert len(turtle) > 10
    assert isomorphic(turtle, from_pyld)


def test_unknown_resource_is_404(client):
    r = client.get("/id/actor/does-not-exist")
    assert r.status_code == 404 and "does-not-exist" in r.json()["message"]
    assert client.get("/id/actor/does-not-exist", headers={"accept": "text/html"}).status_code == 404


def test_ontology_terms_resolve_at_ontology(client):
    page = client.get("/ontology", headers={"accept": "text/html"}).text
    assert 'id="Measure"' in page and 'id="lead"' in page
    g = Graph().parse(data=client.get("/ontology.ttl").content, format="turtle")
    assert (URIRef("https://w3id.org/igel/ontology#lead"), RDFS.label, Literal("lead", lang="en")) in g


def test_named_graph_resolves(client, built_oxigraph):
    from igel_graph.namespaces import Graphs

    r = client.get("/graph/curated.nt")
    assert len(Graph().parse(data=r.content, format="nt")) == built_oxigraph.graphs()[Graphs.CURATED]


def _incoming_rows(page: str) -> list[list[str]]:
    """The cells of the page's incoming-links table, as text."""
    import html
    import re

    table = page[page.index('<table class="incoming">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_incoming_statements_and_metric_values_are_named_by_what_they_say(client, built_oxigraph):
    """A finding's evidence statement about 1.1.2 and a metric value of the GSD have no name
    of their own (their IRIs end in "/statement/1" or a hash); the page names them by their
    parts instead of "1" or "407f60daee80"."""
    import re

    rows = [r for r in _incoming_rows(client.get(M112 + "?lang=de", headers={"accept": "text/html"}).text) if r]
    names = [r[0] for r in rows]
    assert not [n for n in names if re.fullmatch(r"\d+|[0-9a-f]{12}", n)], names
    # the plan: 1.1.2 is led by the GSD (ontology/data/igel-aktionsplan-2026-2030.ttl); the
    # analysis cites that statement as evidence of the finding that the GSD carries it alone
    lead = (
        "Aussage: 1.1.2 Aufgaben klären und zentrale Koordinationsstelle schaffen – federführend – "
        "Gesundheits- und Sozialdepartement des Kantons Luzern (GSD) (Beleg für «1.1.2 Aufgaben klären "
        "und zentrale Koordinationsstelle schaffen: nur Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)»)"
    )
    assert lead in names
    en = _incoming_rows(client.get(M112 + "?lang=en", headers={"accept": "text/html"}).text)
    assert any(
        r and r[0].startswith("Statement: 1.1.2 Clarify tasks and create a central coordination office – lead – ")
        for r in en
    )

    # the GSD's betweenness as the analysis stored it, to three digits
    from igel_graph.readmodel import stored_metrics

    value = stored_metrics(built_oxigraph)["collaboration/betweenness"][str(GSD)]
    gsd = _incoming_rows(client.get("/id/actor/gsd?lang=de", headers={"accept": "text/html"}).text)
    assert [f"Kennzahl: Zwischenzentralität = {value:.3g}", "Kennzahl von", "analysis"] in gsd
