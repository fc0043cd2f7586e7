"""Two plans compared over HTTP: the /compare page shows the figures of the named queries
plan-comparison and plan-money-shares, links to the comparison view for the same pair,
and the comparison report answers the same rows in JSON-LD, Turtle and CSV.

Expected money (IGeL action plan, section 3 "Finanzierung", "Kosten in Tausend Franken",
total 11'100; allocated by ontology/data/curated.ttl): field 1 2'000 (Forum IGeL
Konzipierung 600, Informationskampagne EPD 300, Digitalisierungsprojekte 1'100), field 2
7'100 (Förderprogramm Konzipierung 100, Mitfinanzierung 7'000), not allocated 2'000
("Umsetzung div. Massnahmen"); BW project page: "insgesamt eine Million Euro".
"""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from igel_graph.namespaces import IGEL, resource

IGEL_PLAN = resource("plan", "igel-2026-2030")
BW = resource("plan", "bw-modellprojekt")
REPORT = "/api/reports/comparison"
FIELD_1 = URIRef(f"{IGEL_PLAN}/field/1")


def _money_rows(client_server_store, lang: str = "en") -> list[dict]:
    from igel_graph.queries import get_query

    return get_query("plan-money-shares").run(client_server_store, {"a": IGEL_PLAN, "b": BW, "lang": lang}).dicts()


def _cells(table_html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, flags=re.S)
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)]
        for r in rows
    ]


def _table(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</table>", start)]


def _chf(value) -> str:
    return f"{float(str(value)):,.0f}".replace(",", "'")


def test_compare_page_shows_the_money_of_the_query(client, built_oxigraph):
    page = client.get("/compare", params={"lang": "en"}).text
    rows = _money_rows(built_oxigraph)
    for side in ("A", "B"):
        shown = [c for c in _cells(_table(page, f'data-side="{side}"')) if c]
        expected = [r for r in rows if str(r["side"]) == side and str(r["level"]) != "theme"]
        assert len(shown) == len(expected) > 0
        for cells, r in zip(shown, expected):
            label = "not allocated" if str(r["level"]) == "not allocated" else str(r["itemLabel"])
            of_allocated = "–" if r["percentOfAllocated"] is None else f"{float(str(r['percentOfAllocated'])):g}"
            assert cells == [label, _chf(r["amount"]), f"{float(str(r['percent'])):g}", of_allocated]
    # the figures themselves, from the sources (module docstring)
    a = [c for c in _cells(_table(page, 'data-side="A"')) if c]
    assert a[0][1:3] == ["2'000'000", "18"] and a[1][1:3] == ["7'100'000", "64"] and a[2][1:3] == ["2'000'000", "18"]
    assert [c for c in _cells(_table(page, 'data-side="B"')) if c] == [["not allocated", "1'000'000", "100", "–"]]
    themes = {c[0]: c[1:] for c in _cells(_table(page, 'class="compare money-themes"')) if c}
    assert themes["digitalisation"] == ["2'000'000", "18", "–", "–"]
    assert themes["financing"] == ["7'100'000", "64", "–", "–"]
    # the bar chart: one bar per plan, its segments' percents as the table says
    svg = page[page.index('<figure class="money-bars">') : page.index("</figure>")]
    assert "<title>1 Create favourable conditions for integrated care: 18 %</title>" in svg
    assert "<title>not allocated: 100 %</title>" in svg


def test_compare_page_links_the_view_and_the_report_of_the_pair(client):
    page = client.get("/compare", params={"a": "id:plan/bw-modellprojekt", "b": "id:plan/igel-2026-2030"}).text
    assert 'href="/views/comparison?a=id:plan/bw-modellprojekt&amp;b=id:plan/igel-2026-2030&amp;lang=de"' in page
    assert 'href="/api/reports/comparison?a=id:plan/bw-modellprojekt&amp;b=id:plan/igel-2026-2030&amp;lang=de"' in page
    view = client.get(
        "/views/comparison", params={"a": "id:plan/bw-modellprojekt", "b": "id:plan/igel-2026-2030", "format": "json"}
    )
    assert view.status_code == 200
    assert client.get("/views/comparison", params={"a": "id:plan/nope"}).status_code == 404


def test_comparison_report_in_turtle(client, built_oxigraph):
    from igel_graph.queries import get_query

    reply = client.get(REPORT, headers={"Accept": "text/turtle"})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=reply.text, format="turtle")
    (report,) = g.subjects(RDF.type, IGEL.PlanComparison)
    assert (report, IGEL.firstPlan, IGEL_PLAN) in g and (report, IGEL.secondPlan, BW) in g
    rows = set(g.objects(report, DCTERMS.hasPart))
    coverage = get_query("plan-comparison").run(built_oxigraph, {"lang": "de"}).dicts()
    money = _money_rows(built_oxigraph, "de")
    assert len(rows) == len(coverage) + len(money)
    (field_1,) = [r for r in rows if (r, DCTERMS.subject, FIELD_1) in g]
    assert Decimal(str(g.value(field_1, IGEL.amount))) == 2_000_000
    assert Decimal(str(g.value(field_1, IGEL.percentOfBudget))) == 18
    assert Decimal(str(g.value(field_1, IGEL.percentOfAllocated))) == 22  # 2'000 of the allocated 9'100
    assert g.value(field_1, IGEL.currency) == Literal("CHF")
    assert (field_1, PROV.wasDerivedFrom, IGEL_PLAN) in g
    # coverage: the insurers partner in part 1 of 2.2.1 only
    insurer = [r for r in rows if (r, DCTERMS.subject, IGEL.Insurer) in g]
    assert len(insurer) == 1
    assert g.value(insurer[0], IGEL.coveredBy) == Literal("A")
    assert g.value(insurer[0], IGEL.partsInFirst) == Literal(1, datatype=XSD.integer)
    assert {str(l) for l in g.objects(insurer[0], DCTERMS.type)} == {"actor type"}


def test_comparison_report_in_jsonld(client):
    from pyld import jsonld

    reply = client.get(REPORT, params={"format": "jsonld"})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/ld+json")
    doc = reply.json()
    # compacted with the context's id: prefix
    assert doc["@id"] == "id:comparison/igel-2026-2030--bw-modellprojekt"
    assert (doc["firstPlan"], doc["secondPlan"]) == ("id:plan/igel-2026-2030", "id:plan/bw-modellprojekt")
    money = [r for r in doc["rows"] if r.get("kind", "").startswith("money")]
    rest = [r for r in money if r["kind"] == "money not allocated"]
    assert sorted(Decimal(r["amount"]) for r in rest) == [1_000_000, 2_000_000]
    assert sorted(Decimal(r["percentOfBudget"]) for r in rest) == [18, 100]
    themes = {r["about"]: r for r in money if r["kind"] == "money per theme"}
    digital = themes["id:theme/digitalisierung"]
    assert Decimal(digital["amount"]) == 2_000_000 and digital["label"] == {
        "de": "Digitalisierung",
        "en": "digitalisation",
    }
    # the framed document and the Turtle are the same statements
    context = client.get("/context.jsonld").json()
    doc["@context"] = context["@context"]
    framed = Graph().parse(data=jsonld.to_rdf(jsonld.expand(doc), {"format": "application/n-quads"}), format="nt")
    turtle = Graph().parse(data=client.get(REPORT, params={"format": "turtle"}).text, format="turtle")

    # (Turtle writes a decimal 78 as 78.0: compare numbers by value; the report has no blank nodes)
    def values(g: Graph) -> set:
        return {(s, p, o.toPython() if isinstance(o, Literal) and o.datatype else o) for s, p, o in g}

    assert len(framed) == len(turtle) and values(framed) == values(turtle)


def test_comparison_report_in_csv(client, built_oxigraph):
    reply = client.get(REPORT, params={"format": "csv", "lang": "en"})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    kinds = [r["kind"] for r in rows]
    assert kinds == sorted(kinds, key=["coverage", "money"].index)
    by = {(r["kind"], r["dimension"], r["concept"], r["side"]): r for r in rows}
    insurer = by[("coverage", "actor type", str(IGEL.Insurer), "")]
    assert (insurer["coveredBy"], insurer["partsA"], insurer["partsB"]) == ("A", "1", "0")
    field_1 = by[("money", "money per field", str(FIELD_1), "A")]
    assert (Decimal(field_1["amount"]), field_1["currency"], Decimal(field_1["percent"])) == (2_000_000, "CHF", 18)
    bw = by[("money", "money not allocated", "", "B")]
    assert (Decimal(bw["amount"]), bw["currency"], Decimal(bw["percent"]), bw["plan"]) == (
        1_000_000,
        "EUR",
        100,
        str(BW),
    )
    assert len([r for r in rows if r["kind"] == "money"]) == len(_money_rows(built_oxigraph))


def test_comparison_report_of_an_unknown_plan_is_404(client):
    reply = client.get(REPORT, params={"b": "id:plan/nope"})
    assert reply.status_code == 404
    assert "plan/nope" in reply.json()["detail"] and "parameter b" in reply.json()["detail"]
